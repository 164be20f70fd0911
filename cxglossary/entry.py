"""The `cx` console script: start-up with the cyclic garbage collector paused.

Starting `cx` builds tens of thousands of objects that live until it exits (Typer's,
Click's and cx's modules, the command's options). The cyclic collector would walk them
again and again while they are created, then once more at exit, and find nothing to free:
about 37 M instructions of `cx define AHT --json` (an eighth of it). So it is paused
here, and once the command starts its work (`cli.start_work`) what start-up built is
frozen (never walked again, not even at exit) and the collector runs as usual.
"""

from __future__ import annotations

import gc


def run() -> None:
    gc.disable()
    from .cli import run as cli_run

    cli_run()
