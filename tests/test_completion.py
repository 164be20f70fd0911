"""Shell completion: glossary names for `cx define`, calculator ids for `cx metric`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cxglossary.cli import app
from cxglossary.complete import glossary_names, metric_ids


def complete(line: str, shell: str = "bash", **env: str) -> list[str]:
    """What `cx` prints when the shell asks for completions of `line` (cursor at its end)."""
    words = line.split(" ")
    variables = {"_CX_COMPLETE": f"complete_{shell}", **env}
    if shell == "bash":
        variables |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        variables["_TYPER_COMPLETE_ARGS"] = line
    result = CliRunner().invoke(app, [], env=variables, prog_name="cx")
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()


def test_define_completes_acronyms_and_terms() -> None:
    assert complete("cx define AH") == ["AHT"]
    assert "NPS" in complete("cx define N")
    assert complete("cx --lang en define AH") == ["AHT"]


def test_completion_ignores_case_and_accents_keeping_what_was_typed() -> None:
    assert complete("cx define aht") == ["aht"]
    names = glossary_names("duree moy")
    assert "duree moyenne de traitement" in names
    assert "Durée moyenne de traitement" in glossary_names("Durée moy")
    assert glossary_names("zzzz") == []


def test_bash_gets_no_names_with_spaces_other_shells_do() -> None:
    assert all(" " not in name for name in complete("cx define Temps"))
    zsh = "\n".join(complete("cx define temps", shell="zsh"))
    assert "temps de conversation" in zsh and "temps d''attente" in zsh  # zsh quoting


def test_acronyms_before_terms() -> None:
    names = glossary_names("C")
    first_term = next(i for i, name in enumerate(names) if not name.isupper())
    assert all(name.isupper() for name in names[:first_term])
    assert "CSAT" in names and "CRM" in names
    lower = glossary_names("c")
    assert "csat" in lower and "crm" in lower and "cSAT" not in lower


def test_company_glossary_names(overlay: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert glossary_names("TL") == []
    assert glossary_names("TL", [str(overlay)]) == ["TLC"]
    assert complete(f"cx -g {overlay} define TL") == ["TLC"]
    monkeypatch.setenv("CX_GLOSSARY", str(overlay))
    assert glossary_names("TL") == ["TLC"]


def test_an_invalid_glossary_means_no_completion(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("entries: [", encoding="utf-8")
    assert glossary_names("AH", [str(broken)]) == []


def test_metric_completes_calculator_ids() -> None:
    assert complete("cx metric np") == ["nps"]
    assert "erlang" in complete("cx metric ")
    assert metric_ids("CS") == metric_ids("cs") == [m for m in metric_ids("") if m.startswith("cs")]


def test_install_line_exists() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert "--install-completion" in result.stdout and "--show-completion" in result.stdout
