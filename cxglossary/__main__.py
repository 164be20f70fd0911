"""python -m cxglossary"""

from .entry import run

run()
