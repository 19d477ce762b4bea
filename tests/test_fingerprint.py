"""The one fingerprint function, and the keys derived from Config metadata and per-stage code."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from digest.build import fingerprint as fingerprint_module
from digest.build.fingerprint import CODE, LIBRARIES, OUTSIDE, Encoder, affects, code_version, fingerprint
from digest.config import AFFECTS, DEFAULT_LANGUAGES, Config, load_config
from digest.model import Alternate, CountryRef
from tests.conftest import REPO

VALUE = (CountryRef("KP", "Korea Utara", "🇰🇵", "negara/korea-utara/"), "teks", 3, None, True,
         datetime(2023, 9, 20, 10, tzinfo=ZoneInfo("Asia/Jakarta")), date(2023, 9, 20), Path("content/a.md"), b"\x00\xff")


def test_the_same_value_has_the_same_fingerprint_in_another_process() -> None:
    """No salted hash(): a fingerprint made in a fresh interpreter is the same."""
    code = ("from tests.test_fingerprint import VALUE; from digest.build.fingerprint import fingerprint; "
            "print(fingerprint(*VALUE))")
    other = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert other.stdout.strip() == fingerprint(*VALUE)


@pytest.mark.parametrize(("one", "other"), [
    ((1,), (True,)), ((1,), ("1",)), ((1,), (1.0,)), (("",), (None,)), (("a", "b"), ("ab",)), (("a", "sb"), ("as", "b")),
    ((("a", "b"),), ("a", "b")), (("a", ("b",)), (("a",), "b")), ((Path("a"),), ("a",)),
    ((datetime(2023, 9, 20, 10, tzinfo=UTC),), (datetime(2023, 9, 20, 17, tzinfo=timezone(timedelta(hours=7))),)),
    ((Alternate("id", "Indonesia", "x/"),), (Alternate("id", "Indonesia", "y/"),)),
    ((CountryRef("KP", "a", "b", "c"),), (Alternate("KP", "a", "b", "c"),)),
    ((b"a",), ("a",)),
], ids=lambda value: repr(value)[:40])
def test_different_values_have_different_fingerprints(one: tuple[object, ...], other: tuple[object, ...]) -> None:
    """Type, nesting and every field count: values that differ never share a fingerprint."""
    assert fingerprint(*one) != fingerprint(*other)


@pytest.mark.parametrize("value", [{"a": 1}, {1, 2}, object(), 1j])
def test_a_value_without_a_canonical_encoding_is_refused(value: object) -> None:
    """A dict's or a set's order, an object's identity: refused rather than guessed at."""
    with pytest.raises(TypeError, match="cannot fingerprint"):
        fingerprint(value)


def test_a_known_fingerprint_stands_for_its_value() -> None:
    """A value whose fingerprint is known is encoded by it: the known fingerprint decides."""
    ref = CountryRef("KP", "Korea Utara", "🇰🇵", "negara/korea-utara/")
    first, second, plain = Encoder({id(ref): "one"}), Encoder({id(ref): "two"}), Encoder()
    assert first.digest(ref) != second.digest(ref)
    assert Encoder({id(ref): "one"}).digest(ref) == first.digest(ref)
    assert plain.digest(ref) == fingerprint(CountryRef("KP", "Korea Utara", "🇰🇵", "negara/korea-utara/"))


def test_shared_parts_give_the_same_fingerprints() -> None:
    """Remembering the encoding of shared instances changes how fast, not what."""
    alt = Alternate("en", "English", "en/x/", "Inggris", "en_US")
    values = [(alt, "a"), (alt, "b"), ((alt, alt), alt)]
    remembering = Encoder(shared=(Alternate,))
    assert [remembering.digest(*v) for v in values] == [fingerprint(*v) for v in values]


def test_every_config_field_says_what_it_affects() -> None:
    """A Config field added without ``affects`` metadata (or with an unknown kind) fails here."""
    for field in dataclasses.fields(Config):
        assert field.metadata.get("affects") in AFFECTS, f"Config.{field.name}: say what it affects"


# A value each setting can take other than its default: a field added without one fails below.
CHANGED: dict[str, Any] = {
    "languages": DEFAULT_LANGUAGES[::-1], "base_url": "https://x.example/", "timezone": "Europe/London",
    "page_size": 3, "max_file_size": 10, "allow_embeds": True, "drafts": True, "feed_size": 3,
    "cname": "news.example.org", "search": False, "markdown": "python-markdown",
    "categories": (("Olahraga", "Sport"),), "future": True, "home_country": "JP", "list_untranslated": False,
}


def test_the_keys_follow_what_each_setting_affects(tmp_path: Path) -> None:
    """Changing a setting changes the keys of what it affects, and only those."""
    config = load_config(tmp_path)
    articles, pages = fingerprint(*affects(config, "articles")), fingerprint(*affects(config, "articles", "pages"))
    for field in dataclasses.fields(Config):
        kind = field.metadata["affects"]
        if kind not in ("articles", "pages"):
            continue
        assert field.name in CHANGED, f"give Config.{field.name} a changed value in CHANGED"
        changed = dataclasses.replace(config, **{field.name: CHANGED[field.name]})
        assert fingerprint(*affects(changed, "articles", "pages")) != pages, field.name
        assert (fingerprint(*affects(changed, "articles")) != articles) == (kind == "articles"), field.name


def _package(tmp_path: Path, name: str) -> Path:
    """A copy of the digest package to edit."""
    copy = tmp_path / name / "digest"
    shutil.copytree(REPO / "digest", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


@pytest.mark.parametrize(("edited", "articles", "pages"), [
    ("serve.py", False, False), ("cli.py", False, False), ("write/journal.py", False, False),
    ("build/pool.py", False, False), ("plan/pages.py", False, True), ("render/theme.py", False, True),
    ("extract/dates.py", True, True), ("model.py", True, True), ("build/store.py", True, True),
])
def test_the_code_version_is_that_of_the_code_that_made_the_value(tmp_path: Path, edited: str, articles: bool,
                                                                   pages: bool) -> None:
    """Editing the dev server keeps every cache; editing a stage invalidates what it makes."""
    before, after = _package(tmp_path, "before"), _package(tmp_path, "after")
    with (after / edited).open("a", encoding="utf-8") as handle:
        handle.write("\n# edited\n")
    assert (code_version("articles", after) != code_version("articles", before)) == articles
    assert (code_version("pages", after) != code_version("pages", before)) == pages


def test_every_module_is_in_a_code_version_or_said_to_make_nothing() -> None:
    """A new module must be named in fingerprint.CODE (it makes cached values) or OUTSIDE (it does not)."""
    package = REPO / "digest"
    named = [*(entry for entries in CODE.values() for entry in entries), *OUTSIDE]
    for path in sorted(package.rglob("*.py")):
        module = path.relative_to(package).as_posix()
        covering = [entry for entry in named if module == entry or module.startswith(entry + "/")]
        assert len(covering) == 1, f"{module} is in {covering or 'neither CODE nor OUTSIDE'} (fingerprint.py)"



def test_library_versions_are_those_installed() -> None:
    """The versions in the code version, read from folder names, are what importlib.metadata says."""
    for name in (name for names in LIBRARIES.values() for name in names):
        try:
            expected = metadata.version(name)
        except metadata.PackageNotFoundError:
            expected = "none"
        assert fingerprint_module._version(name) == f"{name}={expected}"
