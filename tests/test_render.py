"""The renderer's compile-time work gives what the runtime would: translations and teasers."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from digest.config import load_config
from digest.render import Renderer


@pytest.fixture
def envs(tmp_path: Path) -> dict[str, jinja2.Environment]:
    (tmp_path / "content").mkdir()
    return Renderer(load_config(tmp_path))._envs


def test_literal_translations_are_compiled_in(envs: dict[str, jinja2.Environment]) -> None:
    """``_("Countries")`` becomes the catalog's text in the code; nothing is looked up per render."""
    code = envs["id"].compile('<a title="{{ _("Countries") }}">{{ _("Archive") }}</a>', raw=True)
    assert "Negara" in code
    assert "Arsip" in code
    assert "gettext" not in code
    assert "context.call" not in code
    assert envs["id"].from_string('{{ _("Countries") }}|{{ _("Archive") }}').render() == "Negara|Arsip"
    assert envs["en"].from_string('{{ _("Countries") }}').render() == "Countries"


def test_what_is_left_to_the_runtime_still_works(envs: dict[str, jinja2.Environment]) -> None:
    """Variables, a template's own ``_`` and autoescaping behave as with plain newstyle gettext."""
    env = envs["id"]
    paged = '{{ _("Page %(number)s of %(count)s", number=2, count=5) }}'
    assert "context.call" in env.compile(paged, raw=True)
    assert env.from_string(paged).render() == "Halaman 2 dari 5"
    assert env.from_string('{% set _ = "x".upper %}{{ _() }}').render() == "X"
    assert env.from_string('{{ _("<b>") }}').render() == "<b>"  # a translation is trusted, as newstyle gettext does
    assert env.from_string('{{ _("100%% sure") }}').render() == "100% sure"  # %-formatted like the runtime


def test_every_ui_string_is_in_the_catalogs() -> None:
    """Every string the templates translate (as pybabel extracts them) is in the .pot and has Indonesian text."""
    from babel.messages.extract import extract_from_dir
    from babel.messages.frontend import parse_mapping_cfg
    from babel.messages.pofile import read_po

    repo = Path(__file__).resolve().parents[1]
    with (repo / "babel.cfg").open(encoding="utf-8") as handle:
        methods, options = parse_mapping_cfg(handle)  # type: ignore[no-untyped-call]  # Babel's own function
    used = {message[2] if isinstance(message[2], str) else message[2][0]
            for message in extract_from_dir(repo / "templates", methods, options)}
    assert {"Countries", "Archive", "Search", "Headline facts"} <= used
    with (repo / "locale" / "messages.pot").open("rb") as handle:
        template = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    with (repo / "locale" / "id" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        indonesian = {m.id if isinstance(m.id, str) else m.id[0]: m.string for m in read_po(handle) if m.id}
    assert used - template == set(), "run the pybabel commands in babel.cfg"
    assert [msgid for msgid in sorted(used) if not indonesian.get(msgid)] == []


def test_xml_text_drops_exactly_what_xml_forbids() -> None:
    """Every code point is kept or dropped as XML 1.0's Char production says (feeds and sitemaps must parse)."""
    from digest.render import xml_text

    def allowed(cp: int) -> bool:
        return cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF

    text = "".join(map(chr, range(0x110000)))
    kept = xml_text(text)
    assert kept == "".join(chr(cp) for cp in range(0x110000) if allowed(cp))
    assert len(text) - len(kept) == 29 + 2048 + 2
