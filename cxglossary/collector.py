"""Python's cyclic garbage collector, paused while a glossary file is read and indexed.

Reading a file builds its whole document (for a 100,000-entry overlay, millions of
dicts, lists and strings) and none of it forms a cycle. The collector walks the growing
heap again and again while it is built and finds nothing to free: about a third of
reading a large file, measured in benchmarks/README.md. Memory is still freed by
reference counting meanwhile, and any cycle made during the pause is collected once the
collector runs again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; the collector's state is restored after
    it, however the block ends (a caller that had paused it keeps it paused)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
