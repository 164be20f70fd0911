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
"Average Handle Time" and "AHT") are a rule on whole names, not on words:
`name_forms` takes a name and returns the names it stands for. Lookup uses it on
queries only: in a stored name a bracket may qualify rather than rename (« Norme NF
EN ISO 18295-1 (centres de contact client) » names the standard, not the centres).

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
    if not text.isascii():
        text = text.translate(_latin_table())
        if not text.isascii():
            import unicodedata  # other scripts, or accents typed as combining marks (NFD)

            decomposed = unicodedata.normalize("NFKD", text.casefold())
            text = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
            return _NON_WORD.sub(" ", text.replace("&", " et ")).strip()
    # ASCII: every character but a letter or a digit separates words (what _NON_WORD
    # does), through str methods that cost a third of the regular expression.
    return " ".join(text.replace("&", " et ").translate(_ASCII_SEPARATORS).lower().split())


_ASCII_SEPARATORS = str.maketrans({c: " " for c in range(128) if not chr(c).isalnum()})


def normalize_key(text: str) -> str:
    """The exact-lookup key of a name or a query ("cross-selling" == "Cross selling")."""
    return key_from_text(normalize_text(text))


def key_from_text(norm: str) -> str:
    """The exact-lookup key of a text already passed through `normalize_text`:
    each word folded to its number-free form (`fold_number`), then run together.

    The stored keys and the query keys fold alike, so "bases de connaissances",
    "centres d'appels" and "chatbots" find "base de connaissances", "centre
    d'appel" and "chatbot".
    """
    # Indexing a large glossary keys millions of words, mostly the same few thousand:
    # each word is folded once and remembered.
    folded = _FOLDED
    return "".join([folded.get(w) or _remember(w) for w in norm.split()])


_FOLDED: dict[str, str] = {}


def _remember(word: str) -> str:
    if len(_FOLDED) > 100_000:  # a pathological vocabulary: start again
        _FOLDED.clear()
    folded = _FOLDED[word] = fold_number(word)
    return folded


# Every rule below trims one of these final letters.
_NUMBER_ENDINGS = frozenset("sxye")


def fold_number(word: str) -> str:
    """One word's form without number (singular or plural), French or English.

    Not a stemmer: a few endings are trimmed so that a singular and its plural meet
    on one form, which need not be a word ("bases" and "base" -> "bas",
    "companies" and "company" -> "compani"). Words of fewer than four letters stay
    as they are, so three-letter acronyms never fold into each other (CMS, CM).
    tests/test_glossary_content.py checks over every name of the glossary that no
    two concepts meet on one folded key. Written with indexing rather than
    `endswith` chains: indexing 100,000 entries folds millions of words.
    """
    if len(word) < 4 or word[-1] not in _NUMBER_ENDINGS or not word.isalpha():
        return word  # the common case
    last = word[-1]
    if last == "s":
        if word[-2] == "s":  # process, business: not a plural
            return word
        word = word[:-1]
        if len(word) < 4:  # the plural of a short word (vies, keys, bots) is that word
            return word
        last = word[-1]
    elif last == "x":
        if word[-2] != "u" or word[-3] not in "ae":
            return word  # prix, voix, choix
        if word[-3] == "e" or word[-4] == "e":  # jeux, bureaux -> jeu, bureau
            return word[:-1]
        return word[:-3] + "al" if len(word) > 5 else word  # canaux -> canal; taux stays
    if last == "y":  # company -> compani, like companies
        return word[:-1] + "i"
    if last == "e":
        if word[-2] == "i":  # series, companies -> seri, compani
            return word[:-1]
        # A final e (French feminine, "ouvrée", or English "searches", "boxes") goes,
        # so heure ouvrée = heures ouvrées and search = searches.
        stem = word.rstrip("e")
        return stem if len(stem) >= 3 else word
    return word


# "Net Promoter Score (NPS)", "RGPD (GDPR)", "Qualité de service (ou QoS – Quality of
# Service)": a name followed by another name of the same thing in brackets.
_BRACKETED = re.compile(r"^([^()]+?)\s*\(\s*([^()]+?)\s*\)$")
_OR = re.compile(r"^(?:ou|or)\s+", re.IGNORECASE)
_DASHES = re.compile(r"\s+[–—-]\s+")


def name_forms(name: str) -> list[str]:
    """The names a "Term (ACR)" form stands for: ["Term", "ACR"]; [] for other names."""
    match = _BRACKETED.match(name.strip())
    if match is None:
        return []
    inner = _OR.sub("", match.group(2))
    return [match.group(1), *(part for part in _DASHES.split(inner) if part.strip())]


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
