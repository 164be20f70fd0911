"""`cx quiz`: flashcards driven through the real CLI with answers scripted on stdin."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx, write_glossary

from cxglossary.glossary import Entry
from cxglossary.quiz import check, make_session, mask, pick

SESSION_KEYS = {
    "mode",
    "lang",
    "seed",
    "category",
    "complete",
    "interrupted",
    "score",
    "questions",
    "missed",
}
QUESTION_KEYS = {
    "number",
    "id",
    "prompt",
    "options",
    "answer",
    "accepted",
    "given",
    "chosen",
    "correct",
}


def dry_run(cx: Cx, *args: str) -> dict[str, Any]:
    """The questions of a session, answering none (stdin is empty)."""
    data: dict[str, Any] = cx.json("quiz", *args, input="")
    return data


def right_choices(session: dict[str, Any]) -> list[str]:
    answers = []
    for question in session["questions"]:
        [number] = [o["number"] for o in question["options"] if o["id"] == question["id"]]
        answers.append(str(number))
    return answers


def test_json_session_shape_and_stdin_running_out(cx: Cx) -> None:
    data = dry_run(cx, "--count", "3", "--seed", "1")
    assert set(data) >= SESSION_KEYS
    assert data["mode"] == "choice" and data["seed"] == 1 and data["lang"] == "fr"
    assert data["complete"] is False and data["interrupted"] is False
    assert data["score"] == {"correct": 0, "answered": 0, "total": 3, "percent": None}
    assert len(data["questions"]) == 3
    for question in data["questions"]:
        assert set(question) >= QUESTION_KEYS
        assert question["given"] is None and question["correct"] is None
        assert len(question["options"]) == 4
        assert question["id"] in {o["id"] for o in question["options"]}
        labels = [o["label"] for o in question["options"]]
        assert len(set(labels)) == 4


def test_right_answers_score_full_marks(cx: Cx) -> None:
    session = dry_run(cx, "--count", "5", "--seed", "42")
    answers = "\n".join(right_choices(session)) + "\n"
    result = cx("quiz", "--count", "5", "--seed", "42", "--json", input=answers)
    assert result.stderr == ""
    import json

    data = json.loads(result.stdout)
    assert data["complete"] is True
    assert data["score"] == {"correct": 5, "answered": 5, "total": 5, "percent": 100.0}
    assert data["missed"] == []
    assert all(q["correct"] is True for q in data["questions"])


def test_same_seed_same_questions_and_longer_runs_start_the_same(cx: Cx) -> None:
    one = dry_run(cx, "--count", "4", "--seed", "7")
    two = dry_run(cx, "--count", "4", "--seed", "7")
    assert one["questions"] == two["questions"]
    longer = dry_run(cx, "--count", "8", "--seed", "7")
    assert longer["questions"][:4] == one["questions"]
    other = dry_run(cx, "--count", "4", "--seed", "8")
    assert [q["id"] for q in other["questions"]] != [q["id"] for q in one["questions"]]


def test_without_seed_the_seed_is_reported_for_a_replay(cx: Cx) -> None:
    data = dry_run(cx, "--count", "2")
    replay = dry_run(cx, "--count", "2", "--seed", str(data["seed"]))
    assert replay["questions"] == data["questions"]


def test_human_session_with_scripted_answers(cx: Cx) -> None:
    session = dry_run(cx, "--count", "3", "--seed", "5")
    right = right_choices(session)
    wrong = next(str(n) for n in range(1, 5) if str(n) != right[1])
    result = cx("quiz", "--count", "3", "--seed", "5", input=f"{right[0]}\n{wrong}\n")
    assert result.stderr == ""
    out = result.stdout
    assert "Question 1/3" in out and "Question 3/3" in out
    assert "Bonne réponse" in out and "La réponse était" in out
    assert "Score : 1/2" in out
    assert "Session arrêtée après 2 question(s) sur 3." in out
    assert "À revoir" in out
    missed = session["questions"][1]["answer"]["term"]
    assert missed in out.split("À revoir", 1)[1]
    assert "cx quiz --seed 5 --count 3" in out


def test_english_session(cx: Cx) -> None:
    result = cx("quiz", "--count", "1", "--seed", "3", "--lang", "en", input="zzz\n")
    assert "Question 1/1" in result.stdout and "The answer was" in result.stdout
    assert "Score: 0/1" in result.stdout
    data = cx.json("quiz", "--count", "1", "--seed", "3", "--lang", "en", input="")
    aht_like = data["questions"][0]
    assert aht_like["answer"]["term"]
    assert data["lang"] == "en"


def test_letters_numbers_and_names_pick_an_option(cx: Cx) -> None:
    session = dry_run(cx, "--count", "3", "--seed", "11")
    answers = []
    for index, question in enumerate(session["questions"]):
        [number] = [o["number"] for o in question["options"] if o["id"] == question["id"]]
        if index == 0:
            answers.append("abcd"[number - 1].upper() + ")")
        elif index == 1:
            answers.append(question["answer"]["term"].upper())
        else:
            answers.append(f" {number} ")
    data = cx.json("quiz", "--count", "3", "--seed", "11", input="\n".join(answers) + "\n")
    assert data["score"]["correct"] == 3, data


def test_typed_mode_accepts_any_name_after_normalisation(cx: Cx) -> None:
    session = dry_run(cx, "--mode", "typed", "--count", "3", "--seed", "2")
    assert all(q["options"] is None for q in session["questions"])
    answers = []
    for question in session["questions"]:
        accepted = question["accepted"]
        name = accepted[-1]
        answers.append(f"  {name.upper().replace(' ', '-')}  ")
    data = cx.json(
        "quiz", "--mode", "typed", "--count", "3", "--seed", "2", input="\n".join(answers) + "\n"
    )
    assert data["score"]["correct"] == 3, data
    data = cx.json("quiz", "--mode", "typed", "--count", "2", "--seed", "2", input="nope\n\n")
    assert data["score"] == {"correct": 0, "answered": 2, "total": 2, "percent": 0.0}
    assert [m["id"] for m in data["missed"]] == [q["id"] for q in data["questions"]]
    human = cx("quiz", "--mode", "typed", "--count", "1", "--seed", "2", input="nope\n")
    assert "Quel terme correspond" in human.stdout and "Votre réponse : " in human.stdout


def test_category_count_cap_and_outside_senses_never_asked(cx: Cx) -> None:
    survey = dry_run(cx, "--category", "survey", "--count", "100", "--seed", "1")
    ids = {e["id"] for e in cx.json("list", "--category", "survey")["entries"]}
    assert {q["id"] for q in survey["questions"]} == ids
    assert len(survey["questions"]) == len(ids)
    everything = dry_run(cx, "--count", "1000", "--seed", "1")
    outside = {e["id"] for e in cx.json("list")["entries"] if e["outside_customer_service"]}
    assert outside and not outside & {q["id"] for q in everything["questions"]}
    for question in everything["questions"]:
        assert not outside & {o["id"] for o in question["options"]}


def test_prompt_does_not_give_the_answer_away(cx: Cx) -> None:
    data = dry_run(cx, "--count", "1000", "--seed", "1", "--mode", "typed")
    entries = {e["id"]: e for e in cx.json("list")["entries"]}
    for question in data["questions"]:
        for acronym in entries[question["id"]]["acronyms"]:
            assert not re.search(rf"(?<!\w){re.escape(acronym)}(?!\w)", question["prompt"])
    aht = next(q for q in data["questions"] if q["id"] == "aht")
    assert "AHT" not in aht["prompt"] and "___" in aht["prompt"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--count", "0"), "--count 0"),
        (("--category", "nope"), "not a category"),
        (("--mode", "oral"), "oral"),
        (("--seed", "abc"), "abc"),
    ],
)
def test_bad_options_exit_2(cx: Cx, args: tuple[str, ...], message: str) -> None:
    result = cx("quiz", *args, input="", code=2)
    assert result.stdout == ""
    assert message in result.stderr


def test_markup_in_a_definition_is_shown_literally(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "hostile.yaml",
        """\
        entries:
          - id: hostile
            acronyms: [HOS]
            term: {fr: "Terme [bold]piégé[/]", en: "Trap [/] term"}
            category: survey
            definition:
              fr: "Une définition avec [bold]du balisage[/bold] et [/] fermant \\x1b[31m."
              en: "A definition with [red]markup[/]."
        """,
    )
    total = len(cx.json("list", "--category", "survey", "-g", str(path))["entries"])
    args = ("quiz", "-g", str(path), "--category", "survey", "--count", "50", "--mode", "typed")
    result = cx(*args, input="\n" * total)
    assert "[bold]du balisage[/bold] et [/] fermant" in result.stdout
    assert "\x1b[31m" not in result.stdout and "\\x1b[31m" in result.stdout
    assert "Terme [bold]piégé[/]" in result.stdout


# --- the pure core -------------------------------------------------------------------


def entry(entry_id: str, term: str, acronyms: tuple[str, ...] = (), cat: str = "process") -> Entry:
    return Entry(
        id=entry_id,
        term={"fr": term, "en": term + " (en)"},
        definition={"fr": f"Le {term} et {' '.join(acronyms)} expliqués.", "en": "Explained."},
        category=cat,
        acronyms=acronyms,
    )


def test_mask_blanks_names_but_keeps_ordinary_words() -> None:
    ces = entry("ces", "Score d'effort", ("CES",))
    masked = mask("Le CES mesure l'effort ; ces clients et le score d'effort.", ces)
    assert masked == "Le ___ mesure l'effort ; ces clients et le ___."


def test_pick_and_check() -> None:
    options = [entry("a", "Alpha"), entry("b", "Bravo", ("BRV",)), entry("c", "Charlie")]
    assert pick(options, "2") is options[1]
    assert pick(options, "c") is options[2]
    assert pick(options, "brv") is options[1]
    assert pick(options, "4") is None and pick(options, "") is None
    session = make_session(options, mode="typed", count=3, lang="fr", seed=1, category=None)
    question = session.questions[0]
    assert check(question, question.entry.term["en"].upper()).correct
    assert not check(question, "").correct


def test_small_glossaries() -> None:
    two = [entry("a", "Alpha"), entry("b", "Bravo")]
    session = make_session(two, mode="choice", count=5, lang="fr", seed=3, category=None)
    assert len(session.questions) == 2
    assert all(len(q.options) == 2 for q in session.questions)
    from cxglossary.errors import InputError

    with pytest.raises(InputError):
        make_session(two[:1], mode="choice", count=1, lang="fr", seed=1, category=None)
    with pytest.raises(InputError):
        make_session(two, mode="typed", count=1, lang="fr", seed=1, category="survey")
