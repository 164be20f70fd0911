"""Every test runs with its own cache directory and no cx settings from the host."""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner

from cxglossary.cli import app_for

# scripts/mutation.py runs thousands of short test sessions: fewer examples each.
settings.register_profile(
    "mutation", max_examples=10, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("CX_HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    for name in ("CX_LANG", "CX_GLOSSARY", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    return cache


class Cx:
    """Runs the real CLI in-process and keeps stdout and stderr apart."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, code: int = 0) -> Any:
        # The app the console script runs: only the command given (the full app for
        # help, completion and unknown commands), its annotations evaluated once.
        result = self.runner.invoke(app_for(list(args)), list(args), input=input)
        assert result.exit_code == code, (
            f"cx {' '.join(args)} exited {result.exit_code}, expected {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        )
        assert "Traceback" not in result.stderr
        return result

    def json(self, *args: str, input: str | None = None, code: int = 0) -> Any:
        result = self(*args, "--json", input=input, code=code)
        return json.loads(result.stdout)

    def jsonl(self, *args: str, input: str | None = None, code: int = 0) -> list[Any]:
        result = self(*args, "--json", input=input, code=code)
        return [json.loads(line) for line in result.stdout.splitlines()]


@pytest.fixture
def cx() -> Cx:
    return Cx()


@pytest.fixture(scope="module")
def module_cx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cx]:
    """A Cx for module-scoped fixtures, isolated from the host like the autouse one."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        for name in ("CX_LANG", "CX_GLOSSARY", "FORCE_COLOR"):
            mp.delenv(name, raising=False)
        mp.setenv("NO_COLOR", "1")
        mp.setenv("COLUMNS", "100")
        yield Cx()


def write_glossary(path: Path, body: str) -> Path:
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture
def overlay(tmp_path: Path) -> Path:
    """A small valid company glossary."""
    return write_glossary(
        tmp_path / "team.yaml",
        """\
        schema: 1
        sources:
          team-wiki: {publisher: Notre équipe, title: Wiki de l'équipe}
        entries:
          - id: tlc
            acronyms: [TLC]
            term: {fr: Tableau de suivi client, en: Customer tracking board}
            category: software
            definition:
              fr: Le tableau partagé où notre équipe suit les dossiers ouverts.
              en: The shared board where our team follows open cases.
            see_also: [aht]
            sources: [team-wiki]
        """,
    )
