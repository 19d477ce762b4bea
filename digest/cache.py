"""The persistent cache in ``.digest-cache/``: per-article results keyed by content.

An entry is keyed by the original's path and holds the SHA-256 of the article's
files (original and translations), their stat signature (size, mtime) as a shortcut
that avoids reading unchanged files, and the processed result. The whole store is
also keyed by a hash of digest's own code, its rendering libraries and the settings
that shape the results, so new code or settings never reuse old results. The file
carries a checksum of its payload: a corrupt, truncated or foreign cache is ignored
and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from digest.config import Config

MAGIC = b"digest-cache-3\n"
PACKAGE = Path(__file__).resolve().parent


@cache
def code_version() -> str:
    """A hash of digest's source and the versions of the libraries whose output it keeps."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("babel", "markdown", "cmarkgfm", "nh3", "pyyaml"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def settings_key(config: Config) -> str:
    """The settings that shape per-article results (not output paths or base URL)."""
    return repr((config.languages, config.timezone, config.allow_embeds, config.markdown, config.max_file_size, str(config.root)))


def file_digest(paths: tuple[Path, ...]) -> str:
    """SHA-256 of the names and bytes of an article's files."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


def stat_signature(paths: tuple[Path, ...], known: dict[str, tuple[int, int]] | None = None) -> str:
    """Name, size and modification time of each file: unchanged signature, unchanged files.

    ``known`` holds sizes and mtimes already read (the build's walk of ``content/``).
    """
    signature = []
    for path in paths:
        seen = known.get(str(path)) if known else None
        if seen is None:
            try:
                st = os.stat(path)
                seen = (st.st_size, st.st_mtime_ns)
            except OSError:
                seen = (-1, -1)
        signature.append(f"{path.name}\0{seen[0]}\0{seen[1]}")
    return "\n".join(signature)


class CacheDamaged(Exception):
    """A stored result or body the build needs cannot be read: the cache cannot be trusted."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article's cached result with the fingerprints that make it valid."""

    stats: str  # see stat_signature
    digest: str
    result: Any


class Store:
    """The on-disk store of one kind of entries, valid for one code version and settings."""

    def __init__(self, root: Path, name: str, config: Config) -> None:
        self.path = root / ".digest-cache" / f"{name}.pickle"
        self.key = hashlib.sha256((code_version() + settings_key(config)).encode()).hexdigest()

    def load(self) -> dict[str, Entry]:
        """The stored entries, or none if the file is missing, stale or corrupt."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return {}
        head, _, rest = data.partition(b"\n\n")
        try:
            magic, key, checksum = head.split(b" ")
        except ValueError:
            return {}
        if magic + b"\n" != MAGIC or key.decode() != self.key or hashlib.sha256(rest).hexdigest().encode() != checksum:
            return {}
        try:
            entries = pickle.loads(rest)  # checksummed above: written by this code version
        except Exception:  # a damaged pickle raises many kinds of errors; none may stop a build
            return {}
        return entries if isinstance(entries, dict) else {}

    def save(self, entries: dict[str, Entry]) -> None:
        """Write the entries atomically (temporary file, then rename)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
        head = MAGIC.rstrip(b"\n") + b" " + self.key.encode() + b" " + hashlib.sha256(payload).hexdigest().encode()
        temporary = self.path.with_suffix(f".tmp{os.getpid()}")
        temporary.write_bytes(head + b"\n\n" + payload)
        os.replace(temporary, self.path)


class ArticleDB:
    """Per-article entries and rendered bodies in one SQLite file, updated row by row.

    An edit rewrites one row instead of the whole cache. Bodies are read one by one,
    only for pages being rendered. The file name carries the store key (code version
    and settings), so other versions' rows are never read; every result blob carries
    its own checksum; a damaged database or row reads as missing and is rebuilt.
    """

    def __init__(self, root: Path, config: Config) -> None:
        self._folder = root / ".digest-cache"
        key = hashlib.sha256((code_version() + settings_key(config)).encode()).hexdigest()[:16]
        self.path = self._folder / f"articles-{key}.sqlite"
        self._db: Any = None
        self._pid = os.getpid()
        self.ok = True  # False once a write failed: bodies may be missing, keep them in memory

    def _open(self) -> Any:
        """The connection, creating the file (and dropping other versions' files) on first use.

        A forked worker never uses its parent's connection (SQLite forbids it): it
        opens its own.
        """
        if self._pid != os.getpid():
            self._db, self._pid = None, os.getpid()
        if self._db is None:
            self._folder.mkdir(parents=True, exist_ok=True)
            for stale in self._folder.glob("articles-*.sqlite"):
                if stale != self.path:
                    stale.unlink(missing_ok=True)
            try:
                self._db = self._connect()
            except sqlite3.DatabaseError:
                self.path.unlink(missing_ok=True)
                self._db = self._connect()
        return self._db

    def _connect(self) -> Any:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, stats TEXT, digest TEXT, checksum TEXT, result BLOB)")
        db.execute("CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, detail BLOB NOT NULL)")
        return db

    def index(self) -> dict[str, Entry]:
        """Every stored entry's fingerprints, without its result (read by :meth:`results` when needed)."""
        try:
            rows = self._open().execute("SELECT key, stats, digest FROM entries").fetchall()
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        return {key: Entry(stats, digest, None) for key, stats, digest in rows}

    def results(self, keys: list[str] | None) -> dict[str, Any]:
        """The stored results of ``keys`` (of every entry when None) whose blob is intact."""
        try:
            db = self._open()
            if keys is None:
                rows = db.execute("SELECT key, checksum, result FROM entries").fetchall()
            else:
                rows = [row for key in keys for row in
                        db.execute("SELECT key, checksum, result FROM entries WHERE key = ?", (key,)).fetchall()]
        except sqlite3.DatabaseError:
            return {}
        found = {}
        for key, checksum, blob in rows:
            if hashlib.blake2b(blob, digest_size=16).hexdigest() != checksum:
                continue  # a damaged row is missing
            try:
                found[key] = pickle.loads(blob)
            except Exception:  # a damaged pickle raises many kinds of errors; none may stop a build
                continue
        return found

    def put(self, rows: dict[str, tuple[str, str, bytes]], bodies: dict[str, bytes]) -> bool:
        """Store results (key -> stats, digest, pickled result) and body blobs now: a clean build
        streams them here as they arrive instead of holding them all until :meth:`update`."""
        try:
            with self._open() as db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)", _checked(rows))
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", bodies.items())
        except sqlite3.DatabaseError:
            self.ok = False
        return self.ok

    def update(self, rows: dict[str, tuple[str, str, bytes]], touched: dict[str, str], removed: set[str],
               bodies: dict[str, bytes], stale: set[str]) -> None:
        """Store new results (key -> stats, digest, pickled result), new stat signatures and bodies;
        forget removed entries and the bodies of file digests no entry has any more."""
        try:
            with self._open() as db:
                db.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)", _checked(rows))
                db.executemany("UPDATE entries SET stats = ? WHERE key = ?", ((v, k) for k, v in touched.items()))
                db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in removed))
                # Story keys are "<digest[:32]>:<lang>": a digest's bodies sort between "<d>:" and "<d>;".
                db.executemany("DELETE FROM bodies WHERE key >= ? AND key < ?",
                               ((d[:32] + ":", d[:32] + ";") for d in stale))
                db.executemany("INSERT OR REPLACE INTO bodies VALUES (?, ?)", bodies.items())
        except sqlite3.DatabaseError:
            self.ok = False
            self._reset()

    def body(self, key: str) -> bytes | None:
        """The detail blob (pickled body and facts) stored under ``key``, if any."""
        try:
            row = self._open().execute("SELECT detail FROM bodies WHERE key = ?", (key,)).fetchone()
        except sqlite3.DatabaseError:
            return None
        return row[0] if row else None

    def _reset(self) -> None:
        """Drop a damaged database; the next build starts afresh."""
        self.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        """Close the database."""
        if self._db is not None:
            self._db.close()
            self._db = None


def _checked(rows: dict[str, tuple[str, str, bytes]]) -> list[tuple[str, str, str, str, bytes]]:
    """Entry rows as stored: key, stats, digest, the result's checksum and the result."""
    return [(key, stats, digest, hashlib.blake2b(blob, digest_size=16).hexdigest(), blob)
            for key, (stats, digest, blob) in rows.items()]
