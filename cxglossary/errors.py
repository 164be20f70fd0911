"""Domain errors. The CLI maps them to exit codes in one place (cli.main)."""

from __future__ import annotations


class CxError(Exception):
    """An error a user can act on: one line, no traceback, exit code 2."""

    exit_code = 2

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if not self.hint else f"{self.message} (hint: {self.hint})"


class InputError(CxError):
    """Bad input: an invalid glossary, an unreadable file, impossible metric inputs."""


class NotFoundError(CxError):
    """Nothing matched: exit code 1."""

    exit_code = 1
