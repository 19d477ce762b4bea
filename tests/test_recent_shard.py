"""Which shards an edit indexes again, and which it leaves to the language's recent shard (``shards.decide``);
the entry ids a kept shard's pages have in Pagefind's fragments (``search.entry_ids``)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from digest import search
from digest.build import shards
from digest.build.shards import RECENT_MAX, Shard, decide

WIDE = "site-wide"


def _window(count: int, lang: str = "id") -> tuple[str, tuple[str, ...]]:
    """A shard of ``count`` pages, named as a window of September 2023 in ``lang``."""
    prefix = "" if lang == "id" else f"{lang}/"
    return f"{lang}-2023-09-3", tuple(f"{prefix}2023/09/2{i % 9}/a{i:03d}/index.html" for i in range(count))


def _indexed(name: str, pages: tuple[str, ...], keys: dict[str, str]) -> dict[str, Shard]:
    """The last build's shard ``name``, as indexed with ``keys``, its entries not looked up yet."""
    key, _, page_keys = shards.decide({name: pages}, keys, WIDE, {}, frozenset()).redo[name]
    files = tuple(f"pagefind/{name}/fragment/{name}_{i}.pf_fragment" for i in range(len(pages)))
    return {name: Shard(key, pages, files, page_keys)}


def _ids(shard: Shard) -> tuple[str, ...]:
    """Entry ids made up from the shard's files, one a page."""
    return tuple(f.rsplit("/", 1)[1].removesuffix(".pf_fragment") for f in shard.files)


def test_a_shard_with_one_changed_page_keeps_its_files_and_the_recent_shard_holds_the_page() -> None:
    name, pages = _window(20)
    keys = dict.fromkeys(pages, "k0")
    last = _indexed(name, pages, keys)
    edited = {**keys, pages[3]: "k1"}
    todo = decide({name: pages}, edited, WIDE, last, frozenset(), _ids)
    assert set(todo.keep) == {name}
    assert set(todo.redo) == {"id-recent"}
    assert todo.redo["id-recent"][1] == (pages[3],)
    assert todo.drop == {"id": (f"{name}_3",)}
    # the next build, with the same edit: nothing to index; a second edit of the page: the recent shard again
    again = decide({name: pages}, edited, WIDE, {**todo.keep, **_made(todo)}, frozenset(), _ids)
    assert (set(again.keep), again.redo, again.drop) == ({name, "id-recent"}, {}, todo.drop)
    later = decide({name: pages}, {**edited, pages[3]: "k2"}, WIDE, {**todo.keep, **_made(todo)}, frozenset(), _ids)
    assert set(later.redo) == {"id-recent"}
    assert later.drop == todo.drop


def _made(todo: shards.Indexing) -> dict[str, Shard]:
    """The shards a build made of ``todo.redo``, as the next build finds them."""
    return {name: Shard(key, pages, (f"pagefind/{name}/x",), page_keys) for name, (key, pages, page_keys)
            in todo.redo.items()}


def test_a_removed_page_is_dropped_and_a_moved_one_held_by_the_recent_shard() -> None:
    name, pages = _window(20)
    keys = dict.fromkeys(pages, "k0")
    last = _indexed(name, pages, keys)
    todo = decide({name: pages[1:]}, keys, WIDE, last, frozenset(), _ids)
    assert (set(todo.keep), todo.redo, todo.drop) == ({name}, {}, {"id": (f"{name}_0",)})
    other = "id-2023-10-1"
    moved = decide({name: pages[1:], other: pages[:1]}, keys, WIDE, last, frozenset(), _ids)
    assert set(moved.redo) == {other}
    assert moved.drop == {"id": (f"{name}_0",)}


def test_too_many_changes_index_the_shard_again() -> None:
    """Past a quarter of a shard's entries out of date, or past RECENT_MAX pages for the recent shard, or with
    entries that cannot be looked up, the shard is indexed again and nothing is dropped."""
    name, pages = _window(20)
    keys = dict.fromkeys(pages, "k0")
    last = _indexed(name, pages, keys)
    quarter = {**keys, **dict.fromkeys(pages[:6], "k1")}
    assert set(decide({name: pages}, quarter, WIDE, last, frozenset(), _ids).redo) == {name}
    assert set(decide({name: pages}, {**keys, pages[0]: "k1"}, WIDE, last, frozenset(), lambda s: None).redo) == {name}
    big, many = _window(8 * RECENT_MAX)
    keys = dict.fromkeys(many, "k0")
    last = _indexed(big, many, keys)
    over = decide({big: many}, {**keys, **dict.fromkeys(many[:RECENT_MAX + 1], "k1")}, WIDE, last, frozenset(), _ids)
    assert (set(over.redo), over.drop) == ({big}, {})
    under = decide({big: many}, {**keys, **dict.fromkeys(many[:RECENT_MAX], "k1")}, WIDE, last, frozenset(), _ids)
    assert set(under.redo) == {"id-recent"}
    assert len(under.drop["id"]) == RECENT_MAX


def test_a_damaged_shard_is_indexed_again() -> None:
    name, pages = _window(20)
    keys = dict.fromkeys(pages, "k0")
    last = _indexed(name, pages, keys)
    todo = decide({name: pages}, {**keys, pages[0]: "k1"}, WIDE, last, frozenset({last[name].files[5]}), _ids)
    assert (set(todo.redo), todo.drop) == ({name}, {})


def test_each_language_has_its_own_recent_shard() -> None:
    (one, id_pages), (two, en_pages) = _window(20), _window(20, "en")
    keys = dict.fromkeys((*id_pages, *en_pages), "k0")
    last = {**_indexed(one, id_pages, keys), **_indexed(two, en_pages, keys)}
    todo = decide({one: id_pages, two: en_pages}, {**keys, id_pages[0]: "k1", en_pages[1]: "k1"}, WIDE, last,
                  frozenset(), _ids)
    assert {name: todo.redo[name][1] for name in todo.redo} == {"id-recent": (id_pages[0],), "en-recent": (en_pages[1],)}
    assert todo.drop == {"id": (f"{one}_0",), "en": (f"{two}_1",)}
    assert json.loads(search.manifest(todo.names(), todo.drop).data) == {
        "drop": {"en": [f"{two}_1"], "id": [f"{one}_0"]}, "en": [two, "en-recent"], "id": [one, "id-recent"]}


def _fragment(folder: Path, name: str, url: str) -> str:
    path = folder / "pagefind" / "s" / "fragment" / f"{name}.pf_fragment"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(b"pagefind_dcd" + json.dumps({"url": url, "content": "x"}).encode()))
    return path.relative_to(folder).as_posix()


def test_entry_ids_are_read_from_the_fragments_by_address(tmp_path: Path) -> None:
    files = [_fragment(tmp_path, "id_b2", "/2023/09/22/b/"), _fragment(tmp_path, "id_a1", "/2023/09/21/a/"),
             "pagefind/s/pagefind-entry.json"]
    pages = ("2023/09/21/a/index.html", "2023/09/22/b/index.html")
    assert search.entry_ids(tmp_path, files, pages) == ("id_a1", "id_b2")
    assert search.entry_ids(tmp_path, files, (*pages, "2023/09/23/c/index.html")) is None  # a page with no entry
    (tmp_path / files[0]).write_bytes(b"not gzip")
    assert search.entry_ids(tmp_path, files, pages) is None


@pytest.mark.skipif(search.executable() is None, reason="Pagefind is not installed")
def test_entry_ids_of_a_real_index_are_its_fragments(tmp_path: Path) -> None:
    """Against Pagefind itself: every page has an entry, and the ids are its fragment files."""
    site = tmp_path / "site"
    pages = tuple(f"2023/09/2{i}/a{i}/index.html" for i in range(3))
    for i, page in enumerate(pages):
        (site / page).parent.mkdir(parents=True)
        (site / page).write_text(f"<!doctype html><html lang=id><title>t</title><body data-pagefind-body>"
                                 f"<h1>Judul {i}</h1><p>kata{i}</p></body></html>", encoding="utf-8")
    binary = search.executable()
    assert binary is not None
    assert search.index(site, binary) == ()
    files = sorted(search.files(site))
    ids = search.entry_ids(site, files, pages)
    assert ids is not None
    assert len(set(ids)) == 3
    assert {f"pagefind/fragment/{i}.pf_fragment" for i in ids} <= set(files)
