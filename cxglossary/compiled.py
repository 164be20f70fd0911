"""Compiled glossary indexes: one SQLite file per glossary file, in the user's cache.

A glossary YAML file is parsed once and compiled into SQLite (exact-lookup keys,
search strings, each entry as JSON). Later runs open the SQLite file and answer
without PyYAML and without reading every entry. The cache key is the file's
resolved path, size, modification time and the cx version, so an edit or an
upgrade rebuilds it. Files are written to a temporary name and renamed, so a
concurrent run never sees half an index; a corrupt or foreign file is rebuilt;
an unwritable cache directory only means building in memory each time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import __version__
from .errors import InputError

# Bump when the tables below change: old cache files are then ignored.
INDEX_FORMAT = "3"

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                     category TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, pos INTEGER NOT NULL, kind TEXT NOT NULL,
                   name TEXT NOT NULL, norm TEXT NOT NULL);
CREATE TABLE texts(pos INTEGER NOT NULL, norm TEXT NOT NULL);
CREATE TABLE grams(gram TEXT NOT NULL, pos INTEGER NOT NULL);
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX grams_gram ON grams(gram);
CREATE INDEX entries_category ON entries(category);
"""

ProgressFactory = Callable[[str, int], Callable[[int], None]]


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/cx, else ~/.cache/cx (read when called, never at import)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cx"


def cache_key(path: Path) -> str:
    resolved = path.resolve()
    st = resolved.stat()
    return f"{resolved}|{st.st_size}|{st.st_mtime_ns}|{__version__}|{INDEX_FORMAT}"


def open_index(path: Path, progress: ProgressFactory | None = None) -> sqlite3.Connection:
    """A read-only connection to the compiled index of `path`, building it if needed."""
    try:
        key = cache_key(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", hint="check the --glossary path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    target = cache_dir() / (hashlib.sha256(key.encode()).hexdigest()[:32] + ".sqlite")
    conn = _open_existing(target, key)
    if conn is not None:
        return conn
    return _build(path, key, target, progress)


def _open_existing(target: Path, key: str) -> sqlite3.Connection | None:
    if not target.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        row = conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
    except sqlite3.DatabaseError:
        return None  # garbage or a half-written file from another tool: rebuild
    if row is None or row[0] != key:
        conn.close()
        return None
    return conn


def _build(
    path: Path, key: str, target: Path, progress: ProgressFactory | None
) -> sqlite3.Connection:
    from .glossary import load_file

    loaded = load_file(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=target.parent)
        os.close(fd)
    except OSError:
        # Unwritable cache: correct answers, just slower next time.
        conn = sqlite3.connect(":memory:")
        _fill(conn, loaded, key, progress)
        return conn
    try:
        conn = sqlite3.connect(tmp_name)
        _fill(conn, loaded, key, progress)
        conn.close()
        os.replace(tmp_name, target)
    except (OSError, sqlite3.Error):
        _remove_quietly(tmp_name)
        conn = sqlite3.connect(":memory:")
        _fill(conn, loaded, key, progress)
        return conn
    except BaseException:
        _remove_quietly(tmp_name)
        raise
    reopened = _open_existing(target, key)
    if reopened is None:  # replaced under our feet by a foreign file: stay correct
        conn = sqlite3.connect(":memory:")
        _fill(conn, loaded, key, progress)
        return conn
    return reopened


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _fill(
    conn: sqlite3.Connection, loaded: object, key: str, progress: ProgressFactory | None
) -> None:
    from .glossary import LoadedFile
    from .index import normalize_key, normalize_text, trigrams

    assert isinstance(loaded, LoadedFile)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    tick = progress(f"Indexing {loaded.path}", len(loaded.entries)) if progress else None
    entry_rows: list[tuple[int, str, str, str]] = []
    name_rows: list[tuple[str, int, str, str, str]] = []
    text_rows: list[tuple[int, str]] = []
    gram_rows: list[tuple[str, int]] = []
    for pos, entry in enumerate(loaded.entries):
        entry_rows.append(
            (pos, entry.id, entry.category, json.dumps(entry.to_dict(), ensure_ascii=False))
        )
        grams: set[str] = set()
        for kind, name in entry.names():
            norm = normalize_text(name)
            name_rows.append((normalize_key(name), pos, kind, name, norm))
            grams.update(trigrams(norm))
        for lang in ("fr", "en"):
            text_rows.append((pos, normalize_text(entry.definition[lang])))
        gram_rows.extend((gram, pos) for gram in grams)
        if tick and pos % 1000 == 999:
            tick(1000)
    conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", entry_rows)
    conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", name_rows)
    conn.executemany("INSERT INTO texts VALUES (?, ?)", text_rows)
    conn.executemany("INSERT INTO grams VALUES (?, ?)", gram_rows)
    conn.executescript(INDEXES)
    problems = [p.to_json() for p in loaded.problems]
    own_ids = {entry.id for entry in loaded.entries}
    # Links this file cannot satisfy itself; checked against the other layers at open.
    external_links = [
        (entry.id, target)
        for entry in loaded.entries
        for target in entry.see_also
        if target not in own_ids
    ]
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("key", key),
            ("path", loaded.path),
            ("count", str(len(loaded.entries))),
            ("problems", json.dumps(problems, ensure_ascii=False)),
            ("external_links", json.dumps(external_links, ensure_ascii=False)),
        ],
    )
    conn.commit()
