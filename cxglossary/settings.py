"""Run-time settings shared by every command, resolved when a command runs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .errors import InputError

if TYPE_CHECKING:
    from .compiled import Status

LANGS = ("fr", "en")


class Settings:
    __slots__ = ("glossaries", "json", "lang", "status")

    def __init__(
        self,
        json: bool = False,
        lang: str = "fr",
        glossaries: tuple[str, ...] = (),
        status: Status | None = None,
    ) -> None:
        self.json = json
        self.lang = lang
        self.glossaries = glossaries
        # Shown on stderr while a large glossary is indexed (see render.build_status).
        self.status = status


def resolve(
    json_output: bool,
    lang: str | None,
    glossaries: list[str] | None,
    status: Status | None = None,
) -> Settings:
    """Command-line values first, then CX_LANG; read at run time, never at import."""
    if lang is None:
        env_lang = os.environ.get("CX_LANG", "").strip().lower()
        if env_lang and env_lang not in LANGS:
            raise InputError(f"CX_LANG={env_lang!r} is not a language cx speaks (fr or en)")
        lang = env_lang or "fr"
    lang = lang.lower()
    if lang not in LANGS:
        raise InputError(f"--lang {lang!r} is not a language cx speaks (fr or en)")
    return Settings(json=json_output, lang=lang, glossaries=tuple(glossaries or ()), status=status)
