"""`cx quiz`: flashcards from the glossary. Pure: questions from a seeded random.Random,
answers checked against the entry's names; reading and printing are passed in.

A question shows a definition (the entry's own names masked, so it does not give the
answer away) and asks which term it defines:

- ``typed``: any name of the entry is right (acronym, term in either language, alias),
  compared after normalisation (case, accents, hyphens, spaces do not matter);
- ``choice``: up to four options with distinct terms, the others taken from the same
  category first; the answer is the option's number or letter, or one of its names.

Entries marked ``outside_customer_service`` (kept in the glossary to tell acronyms
apart) are never asked.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable

from .errors import InputError
from .glossary import Entry
from .normalise import normalize_key
from .results import QuizAnswer, QuizQuestion, QuizSession

MODES = ("choice", "typed")
OPTIONS = 4
MASK = "___"
LETTERS = "abcd"


def eligible(entries: Iterable[Entry], category: str | None) -> list[Entry]:
    return [
        e
        for e in entries
        if not e.outside_customer_service and (category is None or e.category == category)
    ]


def new_seed() -> int:
    """A seed for a session run without --seed; shown at the end so it can be replayed."""
    return random.SystemRandom().randrange(1, 1_000_000)


def make_session(
    entries: list[Entry],
    *,
    mode: str,
    count: int,
    lang: str,
    seed: int,
    category: str | None,
) -> QuizSession:
    """`count` questions (fewer when the glossary has fewer entries), reproducible from `seed`."""
    if mode not in MODES:
        raise InputError(f"--mode {mode!r}: expected one of {', '.join(MODES)}")
    if count < 1:
        raise InputError(f"--count {count}: must be at least 1")
    pool = eligible(entries, category)
    if not pool:
        raise InputError(
            "no entry to ask about" + (f" in category {category!r}" if category else "")
        )
    everyone = eligible(entries, None)
    if mode == "choice" and len(_distinct(everyone, lang)) < 2:
        raise InputError("multiple choice needs at least two entries", hint="--mode typed")
    # The whole pool is shuffled, then cut: a longer run with the same seed starts with
    # the same questions, and each question draws its options from its own generator.
    picked = random.Random(seed).sample(pool, len(pool))[:count]
    questions = []
    for number, entry in enumerate(picked, start=1):
        rng = random.Random(f"{seed}:{number}")
        options = _options(entry, everyone, rng, lang) if mode == "choice" else []
        questions.append(QuizQuestion(number, entry, mask(entry.definition[lang], entry), options))
    return QuizSession(mode, lang, seed, category, questions)


def _distinct(entries: list[Entry], lang: str) -> dict[str, Entry]:
    by_label: dict[str, Entry] = {}
    for entry in entries:
        by_label.setdefault(normalize_key(entry.term[lang]), entry)
    return by_label


def _options(answer: Entry, everyone: list[Entry], rng: random.Random, lang: str) -> list[Entry]:
    """The answer and up to three others: same category first, distinct terms, no shared name."""
    taken = {normalize_key(answer.term[lang])}
    answer_names = {normalize_key(name) for _, name in answer.names()}
    same = [e for e in everyone if e.category == answer.category and e.id != answer.id]
    rest = [e for e in everyone if e.category != answer.category and e.id != answer.id]
    options = [answer]
    for group in (same, rest):
        for entry in rng.sample(group, len(group)):
            if len(options) == OPTIONS:
                break
            label = normalize_key(entry.term[lang])
            if label in taken or answer_names & {normalize_key(n) for _, n in entry.names()}:
                continue
            taken.add(label)
            options.append(entry)
    rng.shuffle(options)
    return options


def mask(definition: str, entry: Entry) -> str:
    """The definition with the entry's own names blanked out ("Le ___ mesure …")."""
    names = sorted({name for _, name in entry.names() if len(name) >= 2}, key=len, reverse=True)
    if not names:
        return definition
    parts = []
    for name in names:
        escaped = re.escape(name)
        if name in entry.acronyms:
            parts.append(f"(?-i:{escaped})")  # acronyms as written: "CES" is not "ces"
        else:
            parts.append(escaped)
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(parts) + r")(?![^\W_])", re.IGNORECASE)
    return pattern.sub(MASK, definition)


def check(question: QuizQuestion, given: str) -> QuizAnswer:
    """Is `given` right? Typed: any name of the entry. Choice: a number, a letter or a name."""
    entry = question.entry
    key = normalize_key(given)
    if not question.options:
        correct = bool(key) and key in {normalize_key(name) for _, name in entry.names()}
        return QuizAnswer(question, given, correct, None)
    chosen = pick(question.options, given)
    return QuizAnswer(question, given, chosen is not None and chosen.id == entry.id, chosen)


def pick(options: list[Entry], given: str) -> Entry | None:
    """The option meant by "2", "b", "B)" or one of the option's names; None otherwise."""
    text = given.strip().rstrip(").").strip().lower()
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1]
    if len(text) == 1 and text in LETTERS[: len(options)]:
        return options[LETTERS.index(text)]
    key = normalize_key(given)
    if not key:
        return None
    for option in options:
        if key in {normalize_key(name) for _, name in option.names()}:
            return option
    return None


def play(
    session: QuizSession,
    ask: Callable[[QuizQuestion], str | None],
    tell: Callable[[QuizAnswer], None],
) -> QuizSession:
    """Ask each question in turn; `ask` returns None when the answers run out (end of input).

    Ctrl-C ends the session too, marked as interrupted, with the score so far.
    """
    try:
        for question in session.questions:
            given = ask(question)
            if given is None:
                break
            answer = check(question, given)
            session.answers.append(answer)
            tell(answer)
    except KeyboardInterrupt:
        session.interrupted = True
    return session
