"""Compiled glossary indexes: one SQLite file per glossary file, in the user's cache.

A glossary YAML file is parsed once and compiled into SQLite (exact-lookup keys,
search strings, each entry as JSON). Later runs open the SQLite file and answer
without PyYAML and without reading every entry. The cache key is the file's
resolved path, size, modification and change times, inode and the cx version,
so an edit (even one that keeps the size and restores the mtime, as `cp -p` or
`rsync -t` do) or an upgrade rebuilds it. When the file changed less than
RACY_NS before it was read, its timestamps could hide a second edit made within
the same clock tick, so such an index is trusted only while the file's SHA-256
still matches (git's "racily clean" rule); the first run after the window that
finds the bytes unchanged clears the mark, so later runs trust the timestamps.

Files are written to a temporary name and renamed, so a concurrent run never
sees half an index; a corrupt, truncated or foreign file is rebuilt; an
unwritable cache directory only means building in memory each time. Pipes and
other non-regular files (`-g <(curl ...)`) are read every time, never cached.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import zlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .errors import InputError

if TYPE_CHECKING:
    from .glossary import Progress

# Bump when the tables below change: old cache files are then ignored.
INDEX_FORMAT = "9"
# Timestamps closer than this to the moment a file was read do not prove it unchanged.
RACY_NS = 3_000_000_000
# How long a run waits for another one building the same index before building too.
LOCK_WAIT_S = 30.0
# Temporary files older than this were left by a killed run and are removed.
STALE_TMP_S = 3600

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entries(pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
                     category TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE names(key TEXT NOT NULL, pos INTEGER NOT NULL, kind TEXT NOT NULL,
                   name TEXT NOT NULL, norm TEXT NOT NULL);
CREATE VIRTUAL TABLE name_grams USING fts5(norm, tokenize='trigram', content='');
CREATE VIRTUAL TABLE text_words USING fts5(text, content='');
CREATE VIRTUAL TABLE name_vocab USING fts5vocab(name_grams, 'row');
"""
INDEXES = """
CREATE INDEX names_key ON names(key);
CREATE INDEX names_pos ON names(pos);
CREATE INDEX entries_category ON entries(category);
"""

# Shown while an index is built (parsing a large YAML file takes seconds): called
# with a label, returns a context manager whose value, when it has a `progress`
# method, hears how far the build has got (see glossary.Progress).
# render.build_status provides it.
Status = Callable[[str], AbstractContextManager[object]]


def cache_dir() -> Path:
    """$XDG_CACHE_HOME/cx, else ~/.cache/cx (read when called, never at import)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "cx"


def cache_key(path: Path) -> str | None:
    """What identifies this version of the file; None when it cannot be cached."""
    st = path.stat()  # follows symlinks, so /dev/fd/63 is the pipe itself
    if not stat.S_ISREG(st.st_mode):
        return None
    return (
        f"{printable_path(path.resolve())}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}"
        f"|{st.st_ino}|{__version__}|{INDEX_FORMAT}"
    )


def printable_path(path: Path | str) -> str:
    """The path as valid UTF-8 text: bytes that are not UTF-8 become \\x escapes
    (SQLite refuses the lone surrogates Python uses for them)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def open_index(path: Path, status: Status | None = None) -> sqlite3.Connection:
    """A read-only connection to the compiled index of `path`, building it if needed."""
    try:
        key = cache_key(path)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", hint="check the --glossary path") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    if key is None:  # a pipe, a device or a directory (load_file says what is wrong)
        from .glossary import load_file

        with status(f"Reading {path}") if status else nullcontext():
            return _in_memory(load_file(path), "")
    # <path hash>-<version hash>.sqlite: a rebuild can find and remove older versions.
    family = _short_hash(key.split("|", 1)[0], 16)
    target = cache_dir() / f"{family}-{_short_hash(key, 24)}.sqlite"
    conn = _open_existing(target, key, path)
    if conn is not None:
        return conn
    with _build_lock(cache_dir() / f"{family}.lock"):
        # Another process may have built it while this one waited for the lock.
        conn = _open_existing(target, key, path)
        if conn is not None:
            return conn
        with status(f"Indexing {path}") if status else nullcontext() as shown:
            return _build(path, key, target, getattr(shown, "progress", None))


def _short_hash(text: str, length: int) -> str:
    """A file-name-safe fingerprint; the full key stored inside decides, so zlib's
    checksums suffice (and spare every run hashlib's OpenSSL import)."""
    data = text.encode("utf-8", "surrogateescape")
    digits = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{zlib.crc32(data[::-1]):08x}"
    return digits[:length]


@contextlib.contextmanager
def _build_lock(lock_path: Path) -> Iterator[None]:
    """One process builds a given glossary's index while the others wait to open it.

    Fifty `cx` started at once on a cold cache then parse the YAML once, not fifty
    times. Best effort: without fcntl (Windows), without a writable cache, or after
    LOCK_WAIT_S (a stuck or stopped holder), a process simply builds on its own.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    import time

    fd = None
    with contextlib.suppress(OSError):
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        while fd is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    break
                time.sleep(0.01)
            except OSError:  # no locks on this file system (some NFS mounts)
                break
        yield
    finally:
        if fd is not None:
            os.close(fd)  # releases the lock


def _open_existing(target: Path, key: str, source: Path) -> sqlite3.Connection | None:
    """The index at `target` if it is whole and made from the current `source`."""
    if not target.is_file():
        return None
    conn = None
    try:
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
        meta = dict(
            conn.execute(
                "SELECT key, value FROM meta WHERE key IN ('key', 'digest', 'racy')"
            ).fetchall()
        )
        if meta.get("key") == key and _whole(conn, target) and _unchanged(meta, source, target):
            return conn
    except (sqlite3.DatabaseError, OSError):
        pass  # garbage, a truncated file or one from another tool: rebuild
    if conn is not None:
        conn.close()
    return None


def _whole(conn: sqlite3.Connection, target: Path) -> bool:
    """False for a truncated (or padded) file, which SQLite would only notice mid-query."""
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    return bool(pages * size == target.stat().st_size)


def _unchanged(meta: dict[str, str], source: Path, target: Path) -> bool:
    """Timestamps prove it, or (for a racy index) the file's bytes do.

    A racy index whose file has not changed for RACY_NS is settled: an edit made
    after this check would show in the timestamps, so the mark is cleared and later
    runs trust the key alone instead of hashing the whole file each time (the
    README's `pip install . && cx define AHT` builds exactly such an index).
    """
    if meta.get("racy") != "1":
        return True
    # Timestamps first, bytes second: a change between the two shows in the bytes.
    settled = _quiet_since(source, meta.get("key"), RACY_NS)
    if meta.get("digest") != _digest(source):
        return False
    if settled:
        _clear_racy(target)
    return True


def _quiet_since(source: Path, key: str | None, window_ns: int) -> bool:
    """True when `source` still has the timestamps of `key` and has not changed for window_ns."""
    import time

    try:
        changed = source.stat().st_ctime_ns
        return cache_key(source) == key and time.time_ns() - changed >= window_ns
    except OSError:
        return False


def _clear_racy(target: Path) -> None:
    """Best effort: a read-only or busy cache only means hashing again next time."""
    with contextlib.suppress(sqlite3.Error, OSError):
        conn = sqlite3.connect(target, timeout=0.05)
        try:
            with conn:
                conn.execute("UPDATE meta SET value = '0' WHERE key = 'racy'")
        finally:
            conn.close()


def _digest(source: Path) -> str | None:
    import hashlib

    try:
        with source.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _in_memory(loaded: object, key: str) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    _fill(conn, loaded, key)
    return conn


def _build(
    path: Path, key: str, target: Path, progress: Progress | None = None
) -> sqlite3.Connection:
    import tempfile
    import time

    from .glossary import load_file

    read_ns = time.time_ns()
    loaded = load_file(path, progress=progress)
    try:
        # A change within RACY_NS of the read may not show in the timestamps.
        racy = read_ns - path.stat().st_ctime_ns < RACY_NS
    except OSError:
        racy = True
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=".building-", suffix=".sqlite", dir=target.parent)
        os.close(fd)
    except OSError:
        # Unwritable cache: correct answers, just slower next time.
        return _in_memory(loaded, key)
    try:
        conn = sqlite3.connect(tmp_name)
        _fill(conn, loaded, key, racy=racy, progress=progress)
        conn.close()
        os.replace(tmp_name, target)
        _prune(target)
    except (OSError, sqlite3.Error):
        _remove_quietly(tmp_name)
        return _in_memory(loaded, key)
    except BaseException:
        _remove_quietly(tmp_name)
        raise
    reopened = _open_existing(target, key, path)
    if reopened is None:  # replaced under our feet (or edited meanwhile): stay correct
        return _in_memory(loaded, key)
    return reopened


def _prune(target: Path) -> None:
    """Remove indexes of older versions of the same file and abandoned temporary files.

    A run still reading an older index keeps it open; on POSIX that is harmless,
    elsewhere the removal fails and is retried by the next rebuild.
    """
    import time

    family = target.name.split("-", 1)[0]
    for old in target.parent.glob(f"{family}-*.sqlite"):
        if old != target:
            _remove_quietly(str(old))
    cutoff = time.time() - STALE_TMP_S
    for tmp in target.parent.glob(".building-*.sqlite"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()


def _remove_quietly(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


def _fill(
    conn: sqlite3.Connection,
    loaded: object,
    key: str,
    *,
    racy: bool = False,
    progress: Progress | None = None,
) -> None:
    """Write the index of a loaded file into `conn` (the collector paused: see collector)."""
    from .collector import paused

    with paused():
        _write_index(conn, loaded, key, racy=racy, progress=progress)


def _write_index(
    conn: sqlite3.Connection,
    loaded: object,
    key: str,
    *,
    racy: bool,
    progress: Progress | None,
) -> None:
    import json

    from .glossary import PROGRESS_EVERY, LoadedFile
    from .normalise import key_from_text, normalize_text

    assert isinstance(loaded, LoadedFile)
    conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + SCHEMA)
    entry_rows: list[tuple[int, str, str, str]] = []
    name_rows: list[tuple[str, int, str, str, str]] = []
    gram_rows: list[tuple[int, str]] = []
    text_rows: list[tuple[int, str]] = []
    # A file name that is not UTF-8 holds lone surrogates, which SQLite refuses:
    # ASCII escapes then keep every stored JSON text valid.
    plain_name = printable_path(loaded.path) == loaded.path
    dumps = json.JSONEncoder(ensure_ascii=not plain_name).encode
    total = len(loaded.entries)
    for pos, entry in enumerate(loaded.entries):
        if progress is not None and pos % PROGRESS_EVERY == 0:
            progress("indexing", pos, total)
        entry_rows.append((pos, entry.id, entry.category, dumps(entry.to_dict())))
        norms = []
        for kind, name in entry.names():
            norm = normalize_text(name)
            norms.append(norm)
            name_rows.append((key_from_text(norm), pos, kind, name, norm))
        gram_rows.append((pos, "\n".join(norms)))
        # FTS5's own tokenizer folds case and accents of the raw definitions.
        text_rows.append((pos, entry.definition["fr"] + "\n" + entry.definition["en"]))
    conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", entry_rows)
    conn.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?)", name_rows)
    conn.executemany("INSERT INTO name_grams(rowid, norm) VALUES (?, ?)", gram_rows)
    conn.executemany("INSERT INTO text_words(rowid, text) VALUES (?, ?)", text_rows)
    conn.executescript(INDEXES)
    problems = [p.to_json() for p in loaded.problems]
    own_ids = {entry.id for entry in loaded.entries}
    # Links this file cannot satisfy itself; checked against the other layers at open.
    external_links = [
        (entry.id, target, entry.line)
        for entry in loaded.entries
        for target in entry.see_also
        if target not in own_ids
    ]
    conn.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("key", key),
            ("path", printable_path(loaded.path)),
            ("count", str(len(loaded.entries))),
            ("problems", dumps(problems)),
            ("external_links", dumps(external_links)),
            ("sources", dumps({sid: source.to_dict() for sid, source in loaded.sources.items()})),
            # What only the other layers can settle (see layering.py).
            ("categories", dumps([c.to_json() for c in loaded.categories])),
            ("removals", dumps(loaded.removals)),
            ("category_uses", dumps(loaded.category_uses)),
            ("digest", loaded.digest),
            ("racy", "1" if racy else "0"),
        ],
    )
    conn.commit()
