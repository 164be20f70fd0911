"""Derived data kept in the user's cache as marshal files: the suggestion index and
the snapshot of the fuzzy matcher (see fuzzy.py). Both are rebuilt from the compiled
indexes whenever a file is missing, unreadable or made from something else.

Each file starts with what it was made from (its `source`), checked on reading: the
name only carries a checksum of it. Writes are atomic and best effort; only the
KEEP newest files of a kind stay, so glossaries edited over months do not pile up
files nobody will read again.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import zlib
from pathlib import Path
from typing import Any

# Files of one kind kept: a user alternating a few overlays keeps all of theirs.
KEEP = 8
# A temporary file this old was left by a killed run.
STALE_TMP_NS = 3600 * 10**9


def path_for(kind: str, source: str) -> Path:
    """Where the `kind` file made from `source` lives: `kind` is a family and a format
    ("near-4"), the family being what KEEP counts."""
    from .compiled import cache_dir

    digest = zlib.crc32(source.encode("utf-8", "surrogatepass"))
    return cache_dir() / f"{kind}-{digest:08x}.marshal"


def read(path: Path, source: str, size: int) -> tuple[Any, ...] | None:
    """The stored parts after the source, if the file holds `size` parts made from it."""
    try:
        stored = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(stored, tuple) or len(stored) != size + 1 or stored[0] != source:
        return None
    return stored[1:]


def write(path: Path, source: str, parts: tuple[Any, ...]) -> None:
    """Best effort: a read-only cache only costs the next run the build."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((source, *parts)))
        os.replace(tmp, path)
    except OSError:
        return
    _prune(path)


def _prune(written: Path) -> None:
    """Only the KEEP most recently written files of the kind just written stay (older
    formats of it included), and temporary files a killed run left an hour ago go."""
    import time

    family = written.name.split("-", 1)[0]
    files = []
    for other in written.parent.glob(f"{family}-*.marshal*"):
        with contextlib.suppress(OSError):
            files.append((other.stat().st_mtime_ns, other))
    abandoned = time.time_ns() - STALE_TMP_NS
    old = [f for changed, f in files if f.name.endswith(".tmp") and changed < abandoned]
    done = sorted((file for file in files if not file[1].name.endswith(".tmp")), reverse=True)
    for other in old + [f for _, f in done[KEEP:]]:
        if other != written:
            with contextlib.suppress(OSError):
                other.unlink()
