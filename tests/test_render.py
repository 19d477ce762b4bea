"""The renderer's inputs: the UI catalogs hold every string the templates translate."""

from __future__ import annotations

from pathlib import Path


def test_every_ui_string_is_in_the_catalogs() -> None:
    """Every string the templates translate (as pybabel extracts them) is in the .pot and has Indonesian text."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parents[1]
    with (repo / "babel.cfg").open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle)
    used = {message[2] if isinstance(message[2], str) else message[2][0]
            for message in extract_from_dir(repo / "templates", methods, options)}
    assert {"Countries", "Archive", "Search", "Headline facts"} <= used
    with (repo / "locale" / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (repo / "locale" / "id" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        indonesian = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}
    assert used - template == set(), "run the pybabel commands in babel.cfg"
    assert [msgid for msgid in sorted(used) if not indonesian.get(msgid)] == []
