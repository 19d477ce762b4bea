"""The persistent cache in ``.digest-cache/``: with :mod:`digest.build.sealed`, the only module that pickles.

Two kinds of file. ``articles-<key>.sqlite`` holds one row per article (its fingerprints and
its pickled result) and one row per story body, updated row by row; ``build-<…>`` is
the last build's state, with its parts in ``build-<…>.parts/`` (:class:`~digest.build.sealed.StateFile`).
Both are keyed by the code version and
settings that made them, so other code or settings never read them. Every blob is
sealed with a keyed hash (see :mod:`digest.build.secret`), because unpickling runs
code: a cache committed in a pull request, or restored from a shared CI cache, was not
written by this user and must never be unpickled. A damaged, truncated, foreign or
forged blob reads as missing and is rebuilt, never trusted. A build that finds a row
it needs unreadable raises :class:`CacheDamaged` and starts over without the cache.

Stories are pickled so that, when unpickled, equal parts of different rows (a
country's name, a language's words, a tag) become one shared object: a build holds two
stories per article, each from its own row, and without sharing a 100,000-article
build held 200,000 copies of ``"id"``.
"""

from __future__ import annotations

import copyreg
import io
import os
import pickle
import sqlite3
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from digest.build.sealed import SEAL, opened, seal, why
from digest.build.secret import secret
from digest.model import Alternate, CountryRef, Story

# ----------------------------------------------------------------------- pickling

_STORY_FIELDS = tuple(f.name for f in fields(Story))
_SHARED_WORDS = frozenset({"lang", "title_lang", "summary_lang", "date_display", "category", "category_key", "author", "source"})
_SHARE = tuple(name in _SHARED_WORDS for name in _STORY_FIELDS)
_TAGS = _STORY_FIELDS.index("tags")


def _country(code: str, name: str, flag: str, url: str) -> CountryRef:
    """A CountryRef from a pickle (shared per value when a :class:`Sharing` unpickles it)."""
    return CountryRef(code, name, flag, url)


def _alternate(lang: str, name: str, url: str, label: str, og_locale: str) -> Alternate:
    """An Alternate from a pickle, its language words interned (only the URL is the page's own)."""
    return Alternate(sys.intern(lang), sys.intern(name), url, sys.intern(label), sys.intern(og_locale))


def _story(*values: Any) -> Story:
    """A Story from a pickle, its repeated words (languages, the day, tags…) interned."""
    shared: list[Any] = [sys.intern(v) if share and isinstance(v, str) else v for v, share in zip(values, _SHARE, strict=True)]
    shared[_TAGS] = tuple(sys.intern(tag) for tag in shared[_TAGS])
    return Story(*shared)


_REDUCERS: dict[type, Any] = {
    **copyreg.dispatch_table,
    CountryRef: lambda c: (_country, (c.code, c.name, c.flag, c.url)),
    Alternate: lambda a: (_alternate, (a.lang, a.name, a.url, a.label, a.og_locale)),
    Story: lambda s: (_story, tuple(getattr(s, name) for name in _STORY_FIELDS)),
}


def dumps(value: object) -> bytes:
    """``value`` pickled and sealed, so that :meth:`Sharing.loads` can share its stories' repeated parts."""
    buffer = io.BytesIO()
    buffer.write(bytes(SEAL))  # room for the seal, filled in below: no second copy of the pickle
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _REDUCERS
    pickler.dump(value)
    view = buffer.getbuffer()
    view[:SEAL] = seal(view[SEAL:])
    del view  # release the buffer before reading it out
    return buffer.getvalue()


class Sharing:
    """Unpickles rows so that equal countries across rows are one object (bounded: countries × languages)."""

    def __init__(self) -> None:
        self._countries: dict[tuple[str, str, str, str], CountryRef] = {}

    def country(self, code: str, name: str, flag: str, url: str) -> CountryRef:
        """The one CountryRef with these values."""
        key = (code, name, flag, url)
        ref = self._countries.get(key)
        if ref is None:
            ref = self._countries[key] = CountryRef(*key)
        return ref

    def loads(self, blob: bytes) -> object:
        """A value sealed by :func:`dumps`; ValueError, before unpickling anything, if the seal does not match."""
        return _Unpickler(opened(blob), self).load()


class _Unpickler(pickle.Unpickler):
    """Resolves the store's own constructors to its :class:`Sharing`."""

    def __init__(self, payload: memoryview, sharing: Sharing) -> None:
        super().__init__(io.BytesIO(payload))
        self._sharing = sharing

    def find_class(self, module: str, name: str) -> Any:
        """The class or function a pickle names; the country constructor shares its values."""
        if module == __name__ and name == "_country":
            return self._sharing.country
        return super().find_class(module, name)


# ------------------------------------------------------------------ the article store

Row = tuple[str, str, bytes]  # stats, digest, sealed pickled result
FINGERPRINTS = "SELECT key, stats, digest FROM entries"  # what every rebuild reads of every row (index())
PHOTOS = "\x01photos\0"  # how a stat signature that covers photos starts (article._PHOTOS, held equal by a test)


class ArticleDB:
    """Per-article rows and story bodies in one SQLite file, updated row by row.

    An edit rewrites one row instead of the whole cache. Bodies are read one by one,
    only for pages being rendered. The file name carries ``key`` (code version and
    settings), so other versions' rows are never read; every result blob carries its
    own checksum; a damaged database or row reads as missing and is rebuilt. A cache
    that cannot be used at all (a file where its folder should be, no permission, a
    full disk) is not an error: the build goes on without it, bodies kept in memory,
    and ``problem`` says why.
    """

    def __init__(self, folder: Path, key: str) -> None:
        self._folder = folder
        self.path = folder / f"articles-{key[:16]}.sqlite"
        self._db: sqlite3.Connection | None = None
        self._generation: str | None = None  # see generation()
        self._pid = os.getpid()
        self.sharing = Sharing()
        self.problem = secret().problem  # why the cache cannot be used, if it cannot
        self.ok = self.problem is None  # False once a write failed: bodies may be missing, keep them in memory

    def _open(self) -> sqlite3.Connection | None:
        """The connection, creating the file (and dropping other versions' files) on first use;
        None when the cache cannot be used.

        A forked worker never uses its parent's connection (SQLite forbids it): it opens its own.
        """
        if self._pid != os.getpid():
            self._db, self._pid = None, os.getpid()
        if self._db is None and self.problem is None:
            try:
                self._folder.mkdir(parents=True, exist_ok=True)
                for stale in self._folder.glob("articles-*.sqlite"):
                    if stale != self.path:
                        stale.unlink(missing_ok=True)
                try:
                    self._db = self._connect()
                except sqlite3.DatabaseError as exc:
                    if isinstance(exc, sqlite3.OperationalError):
                        raise
                    self.path.unlink(missing_ok=True)  # not a database: damaged, start afresh
                    self._db = self._connect()
            except (OSError, sqlite3.Error) as exc:
                self._unusable(exc)
        return self._db

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, stats TEXT, digest TEXT, result BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, detail BLOB NOT NULL)")
        # Every rebuild reads every row's fingerprints (index()): from this, not from the rows, whose results
        # spread them over the whole file (127 MB at 10,000 articles).
        db.execute("CREATE INDEX IF NOT EXISTS fingerprints ON entries (key, stats, digest)")
        db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
        return db

    def generation(self) -> str:
        """Which contents the store holds: a stamp every write changes, in the write's own transaction.

        Two builds that see one stamp see the same rows, whoever wrote between them (``digest
        serve``'s preview shares the store). Unlike a fingerprint of every row's key and digest,
        it is read in one query: hashing 100,000 rows twice took 0.12 s of an edit's build. A
        store that cannot be read, or holds no stamp yet, has one of its own that no build saw.
        """
        if self._generation is None:
            db = self._open()
            try:
                row = db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone() if db else None
            except sqlite3.Error:
                row = None
            self._generation = row[0] if row else _unseen()
        return self._generation

    def _stamp(self, db: sqlite3.Connection) -> None:
        """Mark the store's contents as new (inside the transaction that changes them)."""
        self._generation = _unseen()
        db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (self._generation,))

    def _unusable(self, exc: Exception) -> None:
        """Go on without the cache from now on, saying why."""
        self.close()
        self.ok = False
        self.problem = f"the cache {self._folder.name}/ cannot be used ({why(self._folder, exc)}): this build runs without it"

    def _failed(self, exc: sqlite3.Error) -> None:
        """A write or read failed: a damaged file is dropped; a full or read-only disk leaves it be."""
        if isinstance(exc, sqlite3.OperationalError) or not isinstance(exc, sqlite3.DatabaseError):
            self._unusable(exc)
        else:
            self.ok = False
            self.close()
            self.path.unlink(missing_ok=True)

    def index(self, keys: list[str] | None = None) -> dict[str, tuple[str, str]]:
        """Every stored row's fingerprints (stats, digest), without its result (of those of ``keys`` only)."""
        db = self._open()
        try:
            if db is None:
                rows = []
            elif keys is None:
                rows = db.execute(FINGERPRINTS).fetchall()
            else:
                rows = [row for key in keys for row in db.execute(FINGERPRINTS + " WHERE key = ?", (key,)).fetchall()]
        except sqlite3.Error as exc:
            self._failed(exc)
            return {}
        return {key: (stats, digest) for key, stats, digest in rows}

    def with_photos(self) -> set[str]:
        """The keys of the rows whose stat signature covers photos (``article.signature``: it starts so)."""
        db = self._open()
        try:
            above = PHOTOS[:-1] + "\x01"  # (the signatures that start with PHOTOS sort between the two)
            rows = db.execute("SELECT key FROM entries WHERE stats >= ? AND stats < ?", (PHOTOS, above)).fetchall() if db else []
        except sqlite3.Error:
            return set()
        return {key for (key,) in rows}

    def results(self, keys: list[str] | None) -> dict[str, object]:
        """The stored results of ``keys`` (of every row when None) whose blob is intact and sealed."""
        db = self._open()
        if db is None:
            return {}
        try:
            if keys is None:
                rows = db.execute("SELECT key, result FROM entries").fetchall()
            else:
                rows = [row for key in keys for row in
                        db.execute("SELECT key, result FROM entries WHERE key = ?", (key,)).fetchall()]
        except sqlite3.Error:
            return {}
        found = {}
        for key, blob in rows:
            try:
                found[key] = self.sharing.loads(blob)
            except Exception:  # damaged, forged (the seal) or a damaged pickle: none may stop a build
                continue
        return found

    def put(self, rows: dict[str, Row], bodies: dict[str, bytes]) -> bool:
        """Store rows and body blobs now: a clean build streams them here as they arrive
        instead of holding them all until :meth:`update`."""
        db = self._open()
        if db is None:
            return False
        try:
            with db:
                self._stamp(db)
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", _rows(rows))
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", bodies.items())
        except sqlite3.Error as exc:
            self._failed(exc)
        return self.ok

    def update(self, rows: dict[str, Row], touched: dict[str, str], removed: set[str],
               bodies: dict[str, bytes], stale: set[str]) -> None:
        """Store new rows, new stat signatures and bodies; forget removed rows and the bodies
        whose key starts with a file digest no row has any more (``stale``)."""
        db = self._open()
        if db is None:
            return
        try:
            with db:
                self._stamp(db)
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", _rows(rows))
                db.executemany("UPDATE entries SET stats = ? WHERE key = ?", ((v, k) for k, v in touched.items()))
                db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in removed))
                # Body keys are "<digest>:<lang>": a digest's bodies sort between "<digest>:" and "<digest>;".
                db.executemany("DELETE FROM bodies WHERE key >= ? AND key < ?", ((d + ":", d + ";") for d in stale))
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", bodies.items())
        except sqlite3.Error as exc:
            self._failed(exc)

    def body(self, key: str) -> bytes | None:
        """The body blob stored under ``key``, if any."""
        db = self._open()
        try:
            row = db.execute("SELECT detail FROM bodies WHERE key = ?", (key,)).fetchone() if db else None
        except sqlite3.Error:
            return None
        return row[0] if row else None

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _unseen() -> str:
    """A generation no store has had: random, so no two writes (nor two unreadable stores) share one."""
    return os.urandom(16).hex()


def _rows(rows: dict[str, Row]) -> list[tuple[str, str, str, bytes]]:
    """Rows as stored: key, stats, digest and the sealed result."""
    return [(key, stats, digest, blob) for key, (stats, digest, blob) in rows.items()]
