"""Normalisation: when two spellings of a name are the same name.

The bottom of the package: the model (glossary.py), the compiled index
(compiled.py), lookup (index.py) and the commands all compare names through
this module, and it imports nothing of theirs (only its letter table, _latin.py).

Two levels:

- `normalize_text`: the words of a text, compared loosely: case, accents
  (NFC or NFD), apostrophes and punctuation do not matter, and "&" reads as
  "et" ("Temps d’Attente" -> "temps d attente"). Search ranks these.
- `normalize_key`: the exact-lookup key, the same words run together so that
  hyphens and spaces do not matter either ("Cross-selling" == "cross selling").
  `key_from_text` derives it from an already normalised text; the compiled index
  stores keys made that way, and queries are keyed with `normalize_key`, so a
  rule added to `key_from_text` applies to both sides at once.

Forms of a name that stand for other names ("Average Handle Time (AHT)" for
"Average Handle Time" and "AHT") are a rule on whole names, not on words: a
function here taking a name and returning the names it stands for, used by the
compiler and by lookup alike.

Changing what a key is changes the keys stored in every compiled index: bump
`compiled.INDEX_FORMAT` with it so that old caches are rebuilt.
"""

from __future__ import annotations

import re

APOSTROPHES = "'’‘`´ʼ"
# Any run of non-letters/digits (Unicode-aware: Cyrillic or Arabic names stay searchable).
_NON_WORD = re.compile(r"[\W_]+")


def normalize_text(text: str) -> str:
    """Lowercase words without accents or punctuation: "Temps d’Attente" -> "temps d attente".

    NFKD splits accented letters (NFC or NFD input alike) so the marks can be
    dropped; '&' reads as 'et' so "Vente & Marketing" equals "Vente et marketing".
    Latin text takes a table fast path (indexing 100,000 entries normalises
    millions of strings); anything else goes through unicodedata.
    """
    folded = text.translate(_latin_table()).casefold()
    if not folded.isascii():
        import unicodedata  # other scripts, or accents typed as combining marks (NFD)

        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    folded = folded.replace("&", " et ")
    return _NON_WORD.sub(" ", folded).strip()


def normalize_key(text: str) -> str:
    """The exact-lookup key of a name or a query ("cross-selling" == "Cross selling")."""
    return key_from_text(normalize_text(text))


def key_from_text(norm: str) -> str:
    """The exact-lookup key of a text already passed through `normalize_text`.

    Word-level rules that make two names the same entry belong here, applied to
    `norm.split()` before the words are joined: that is the place for number
    folding (singular and plural, French and English), so that the stored keys
    and the query keys fold alike.
    """
    return norm.replace(" ", "")


_LATIN_TABLE: dict[int, str] = {}


def _latin_table() -> dict[int, str]:
    """Accented Latin letters and apostrophes mapped to their plain form, built once."""
    if not _LATIN_TABLE:
        from ._latin import ACCENTED, MULTI, PLAIN

        _LATIN_TABLE.update(zip(map(ord, ACCENTED), PLAIN, strict=True))
        _LATIN_TABLE.update((ord(char), plain) for char, plain in MULTI.items())
        for mark in APOSTROPHES:
            _LATIN_TABLE[ord(mark)] = " "
    return _LATIN_TABLE
