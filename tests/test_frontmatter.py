"""The front-matter reader: splitting, safe YAML, and errors at the file's own line."""

from __future__ import annotations

import time

import pytest

from digest.load.frontmatter import FrontMatterError, decode, split


def _error(text: str) -> str:
    with pytest.raises(FrontMatterError) as info:
        split("a.md", decode("a.md", text.encode("utf-8")))
    return str(info.value.diagnostic)


def test_split_maps_keys_to_file_lines() -> None:
    """Each key's line is its line in the file, and the body starts after the fence."""
    doc = split("a.md", "---\ntitle: A\n\ndate: 2023-01-01\n---\nBody\n")
    assert doc.meta["title"] == "A"
    assert doc.key_lines == {"title": 2, "date": 4}
    assert doc.body_line == 6
    assert doc.body.startswith("Body")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Just text\n", "a.md:1: error: no front matter"),
        ("---\ntitle: A\nBody\n", "a.md:1: error: front matter is never closed"),
        ("---\ntitle: A\ndate: [1, 2\n---\nx\n", "a.md:4:1: error: YAML"),
        ("---\n- a\n- b\n---\nx\n", "a.md:2: error: front matter is a list"),
        ("---\njust a string\n---\nx\n", "a.md:2: error: front matter is a single value"),
        ("---\ntitle: A\ntitle: B\n---\nx\n", "a.md:3:1: error: key 'title' appears twice"),
        ("---\na: &x [1]\nb: *x\n---\nx\n", "a.md:2: error: YAML anchors and aliases"),
    ],
)
def test_bad_front_matter_is_located(text: str, expected: str) -> None:
    """Every malformed front matter names the file, the line and what is wrong."""
    assert _error(text).startswith(expected)


def test_python_tags_are_refused_and_never_run(tmp_path: object) -> None:
    """A Python object tag is an error at its line; nothing is constructed."""
    text = "---\ntitle: A\nx: !!python/object/apply:os.system ['touch /tmp/digest-pwned']\n---\nx\n"
    message = _error(text)
    assert message.startswith("a.md:3:")
    assert "python/object/apply:os.system" in message


def test_alias_bomb_is_refused_quickly() -> None:
    """A billion-laughs document is refused before any alias is expanded."""
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 10)]
    start = time.perf_counter()
    message = _error("---\n" + "\n".join(lines) + "\n---\nx\n")
    assert time.perf_counter() - start < 1.0
    assert "aliases" in message


def test_bom_and_crlf_are_accepted() -> None:
    """A UTF-8 BOM and Windows line endings read like plain UTF-8."""
    text = decode("a.md", "\ufeff---\r\ntitle: A\r\n---\r\nIsi\r\n".encode("utf-8"))
    doc = split("a.md", text)
    assert doc.meta == {"title": "A"}
    assert doc.body == "Isi\n"


def test_invalid_utf8_names_line_and_column() -> None:
    """A stray Latin-1 byte is reported where it is."""
    with pytest.raises(FrontMatterError) as info:
        decode("a.md", b"---\ntitle: A\n---\ncaf\xe9\n")
    assert str(info.value.diagnostic).startswith("a.md:4:4: error: invalid UTF-8")


def test_utf16_is_refused_with_advice() -> None:
    """A UTF-16 file gets a clear message instead of mojibake."""
    with pytest.raises(FrontMatterError) as info:
        decode("a.md", "---\ntitle: A\n---\n".encode("utf-16"))
    assert "UTF-16" in str(info.value)
