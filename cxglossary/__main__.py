"""python -m cxglossary"""

from .cli import run

run()
