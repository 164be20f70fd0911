"""Wrapping that keeps French no-break spaces unbroken in the terminal.

Rich wraps at any Unicode space, no-break ones included (its word pattern is `\\s`), so
« 90 % » could end a line with "90" and start the next with "%". `NoBreakWrap` breaks a
Text at ordinary spaces only and hands Rich lines that already fit.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, ConsoleOptions
    from rich.text import Text

_WORD = re.compile(r"[^ ]+")  # ordinary spaces only: a no-break space is part of a word


def break_offsets(plain: str, width: int) -> list[int] | None:
    """Where to cut one line of `plain` so that each piece fits in `width` cells, cutting
    only before a word that follows an ordinary space; None if a word alone is too wide."""
    from rich.cells import cell_len

    offsets: list[int] = []
    start = 0
    for word in _WORD.finditer(plain):
        if cell_len(plain[start : word.end()]) > width and word.start() > start:
            offsets.append(word.start())
            start = word.start()
        if cell_len(plain[start : word.end()]) > width:
            return None
    return offsets


class NoBreakWrap:
    """A Text rendered at the width Rich offers, wrapped at ordinary spaces only."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Text]:
        width = options.max_width
        for line in self.text.split("\n", allow_blank=True):
            offsets = break_offsets(line.plain, width)
            if offsets is None:  # a word wider than the panel: let Rich fold it
                yield line
                continue
            for piece in line.divide(offsets):
                piece.rstrip()
                piece.no_wrap = True
                yield piece
