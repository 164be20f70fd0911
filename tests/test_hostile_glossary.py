"""Hostile glossaries, queries and caches (issue 6): clear one-line errors, never a traceback.

Every bad glossary is tried twice, as an overlay (`cx define AHT -g FILE`) and with
`cx validate FILE`: exit 2, nothing on stdout, and exactly one line on stderr that
names the file, with the line (and column) where one applies.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import Cx, write_glossary

from cxglossary.cli import app

# --- helpers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def builtin_index(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """The built-in glossary compiled once for this module (it is not what is tested here)."""
    from cxglossary.compiled import open_index
    from cxglossary.glossary import builtin_path

    cache = tmp_path_factory.mktemp("builtin-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(cache))
        open_index(builtin_path()).close()
    return sorted((cache / "cx").glob("*.sqlite"))


@pytest.fixture(autouse=True)
def warm_builtin(isolated_env: Path, builtin_index: list[Path]) -> None:
    """Each test's fresh cache starts with the built-in index, keeping the module fast."""
    (isolated_env / "cx").mkdir(exist_ok=True)
    for index in builtin_index:
        shutil.copyfile(index, isolated_env / "cx" / index.name)


def one_line(result: Any) -> str:
    """The single line of stderr (no traceback), for any exit code."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.stderr}"
    return str(lines[0])


def assert_glossary_error(result: Any, path: Path, pattern: str) -> None:
    """Exit 2 was checked by the caller; stdout empty, one stderr line naming `path`."""
    assert result.stdout == ""
    line = one_line(result)
    assert str(path) in line, line
    shown = line.replace(str(path), "FILE")
    assert re.search(r"^cx: (invalid glossary: )?" + pattern, shown), shown


def entry_yaml(**fields: str) -> str:
    """One valid entry (id x), with some fields replaced by raw YAML text."""
    values = {
        "id": "x",
        "acronyms": "[XYZ]",
        "term": "{fr: Terme, en: Term}",
        "category": "business",
        "definition": "{fr: Texte., en: Text.}",
    }
    values.update(fields)
    body = "\n".join(f"    {name}: {value}" for name, value in values.items())
    return "schema: 1\nentries:\n  - " + body.lstrip() + "\n"


# Nine levels of nine aliases: 9**9 "lol"s if expanded. Refused at the first alias,
# before anything expands, so it is quick by design (no timing assertion).
BILLION_LAUGHS = "\n".join(
    ['lol0: &l0 "lol"']
    + [f"lol{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 10)]
    + ["entries: *l9", ""]
)

# name -> (file bytes, where and what the message must say; FILE stands for the path)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "syntax-error.yaml": (
        b"entries:\n  - id: x\n    term: {fr: a, en: b\n",
        r"FILE:4:1: YAML syntax error",
    ),
    "entries-not-a-list.yaml": (
        b"schema: 1\nentries: AHT\n",
        r"FILE:2: field 'entries': 'entries' must be a list",
    ),
    "term-is-text.yaml": (
        entry_yaml(term="Average handle time").encode(),
        r"FILE:5: entry 'x': field 'term': must be a mapping",
    ),
    "acronyms-is-text.yaml": (
        entry_yaml(acronyms="AHT").encode(),
        r"FILE:4: entry 'x': field 'acronyms': must be a list",
    ),
    "empty.yaml": (b"", r"FILE:1: .*empty"),
    "only-a-comment.yaml": (b"# the glossary will come here\n", r"FILE:1: .*only comments"),
    "latin-1.yaml": (
        b"entries:\n  - id: x\n    term: {fr: caf\xe9, en: coffee}\n",
        r"FILE:3:19: not valid UTF-8 \(byte 0xe9\)",
    ),
    "utf-16.yaml": (entry_yaml().encode("utf-16"), r"FILE:1: .*UTF-16"),
    "duplicate-key.yaml": (
        entry_yaml(definition="{fr: Un., en: One.}\n    term: {fr: Deux, en: Two}").encode(),
        r"FILE:8:5: duplicate key 'term'",
    ),
    "billion-laughs.yaml": (
        BILLION_LAUGHS.encode(),
        r"FILE:\d+:\d+: YAML anchors and aliases \(&/\*\) are not allowed",
    ),
    "raw-escape-character.yaml": (
        entry_yaml(term="{fr: Alarme \x1b[31mrouge, en: Alarm}").encode(),
        r"FILE:5:\d+: control character U\+001B",
    ),
    "merge-key.yaml": (
        entry_yaml(definition="{fr: Texte., en: Text.}\n    <<: {metric: aht}").encode(),
        r"FILE:8:5: merge keys",
    ),
    "lone-surrogate.json": (
        b'{"entries": [{"id": "x", "term": {"fr": "a\\ud800", "en": "b"}}]}',
        r"FILE:1: invalid JSON: \\ud800",
    ),
    "deep.json": (b'{"entries": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", r"FILE: .*deep"),
}


@pytest.fixture(params=sorted(BAD_FILES))
def bad_file(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[Path, str]:
    content, pattern = BAD_FILES[request.param]
    path = tmp_path / request.param
    path.write_bytes(content)
    return path, pattern


# --- glossary files ------------------------------------------------------------


def test_bad_glossary_as_an_overlay(cx: Cx, bad_file: tuple[Path, str]) -> None:
    path, pattern = bad_file
    assert_glossary_error(cx("define", "AHT", "-g", str(path), code=2), path, pattern)
    assert_glossary_error(cx("define", "AHT", "-g", str(path), "--json", code=2), path, pattern)


def test_bad_glossary_with_validate(cx: Cx, bad_file: tuple[Path, str]) -> None:
    path, pattern = bad_file
    assert_glossary_error(cx("validate", str(path), code=2), path, pattern)
    [problem] = cx.json("validate", str(path), code=2)["files"][0]["problems"]
    assert problem["file"] == str(path)
    if re.match(r"FILE:\d", pattern):
        assert problem["line"] is not None


def unreadable(tmp_path: Path) -> Path:
    path = write_glossary(tmp_path / "secret.yaml", entry_yaml())
    path.chmod(0)
    if os.access(path, os.R_OK):  # root reads anything
        pytest.skip("running as a user who can read a chmod 000 file")
    return path


PATH_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing": (lambda tmp: tmp / "nope.yaml", r"FILE: no such file"),
    "directory": (lambda tmp: tmp, r"FILE: is a directory"),
    "unreadable": (unreadable, r"FILE: cannot read \(Permission denied\)"),
    "under-a-file": (
        lambda tmp: write_glossary(tmp / "plain.yaml", entry_yaml()) / "x.yaml",
        r"FILE: cannot read \(Not a directory\)",
    ),
}


@pytest.mark.parametrize("case", sorted(PATH_CASES))
def test_unusable_paths(cx: Cx, tmp_path: Path, case: str) -> None:
    make, pattern = PATH_CASES[case]
    path = make(tmp_path)
    assert_glossary_error(cx("define", "AHT", "-g", str(path), code=2), path, pattern)
    assert_glossary_error(cx("validate", str(path), code=2), path, pattern)


def test_unreadable_path_even_as_root(
    cx: Cx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The chmod 000 case above is skipped as root: simulate EACCES on open instead."""
    path = write_glossary(tmp_path / "secret.yaml", entry_yaml())
    real_open = Path.open

    def refuse(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse)
    pattern = r"FILE: cannot read \(Permission denied\)"
    assert_glossary_error(cx("define", "AHT", "-g", str(path), code=2), path, pattern)
    assert_glossary_error(cx("validate", str(path), code=2), path, pattern)


def test_deeply_nested_yaml_is_refused_not_a_crash(tmp_path: Path) -> None:
    """libyaml's composer recursed in C and killed the interpreter (SIGSEGV) past
    ~20,000 levels; run in a subprocess so that a regression cannot take pytest down."""
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"entries: " + b"[" * 50_000 + b"]" * 50_000 + b"\n")
    for args in (["define", "AHT", "-g", str(path)], ["validate", str(path)]):
        run = subprocess.run(
            [sys.executable, "-m", "cxglossary", *args], capture_output=True, text=True, timeout=60
        )
        assert run.returncode == 2, run.stderr
        assert run.stdout == ""
        assert_glossary_error(run, path, r"FILE:1:\d+: nested deeper than \d+ levels")


GOOD_ENTRY = entry_yaml(acronyms="[OKAY]", definition="{fr: Ça marche., en: It works.}")


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"\xef\xbb\xbf" + GOOD_ENTRY.encode(), id="utf-8-bom"),
        pytest.param(GOOD_ENTRY.replace("\n", "\r\n").encode(), id="crlf"),
        pytest.param(b"\xef\xbb\xbf" + GOOD_ENTRY.replace("\n", "\r\n").encode(), id="bom+crlf"),
    ],
)
def test_bom_and_crlf_load_fine(cx: Cx, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "windows.yaml"
    path.write_bytes(content)
    [line] = cx.jsonl("define", "OKAY", "-g", str(path))
    assert line["entries"][0]["definition"] == "Ça marche."
    ok = cx("validate", str(path))
    assert ok.stderr == "" and "valide" in ok.stdout


def huge_glossary(path: Path, count: int) -> Path:
    lines = ["schema: 1", "entries:"]
    for i in range(count):
        lines += [
            f"  - id: gen-{i}",
            f"    acronyms: [G{i}X]",
            f"    term: {{fr: Terme généré {i}, en: Generated term {i}}}",
            "    category: business",
            f"    aliases: [alias numéro {i}]",
            f"    definition: {{fr: Définition {i} pour la charge., en: Definition {i}.}}",
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_huge_valid_file_loads_and_finds_the_last_entry(cx: Cx, tmp_path: Path) -> None:
    path = huge_glossary(tmp_path / "huge.yaml", 5000)
    for _ in range(2):  # cold (parse + compile), then from the compiled index
        [line] = cx.jsonl("define", "G4999X", "-g", str(path))
        assert [e["id"] for e in line["entries"]] == ["gen-4999"]
    hits = cx.json("search", "terme genere 4999", "-g", str(path))["results"]
    assert hits[0]["id"] == "gen-4999"
    ok = cx("validate", str(path))
    assert ok.stderr == "" and "5000" in ok.stdout


# --- text from glossaries in the terminal -----------------------------------------

ESC_TERM = "Alarme \x1b[31mrouge\x1b[0m"
ESC_DEF = "Sonne\x07 puis\x1b[2J efface, \x9b31m CSI et \u202eà l'envers."
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def yaml_quoted(text: str) -> str:
    """A YAML double-quoted scalar; json escapes are valid YAML escapes."""
    return json.dumps(text, ensure_ascii=True)


@pytest.fixture
def escapes(tmp_path: Path) -> Path:
    term, definition = yaml_quoted(ESC_TERM), yaml_quoted(ESC_DEF)
    return write_glossary(
        tmp_path / "escapes.yaml",
        f"""\
        entries:
          - id: ansi-alarm
            acronyms: [ANSI]
            term: {{fr: {term}, en: {term}}}
            category: business
            context: {{fr: {definition}, en: Ours.}}
            definition: {{fr: {definition}, en: {definition}}}
          - id: ansi-other
            acronyms: [ANSI]
            term: {{fr: Autre, en: Other}}
            category: business
            context: {{fr: {term}, en: Theirs.}}
            definition: {{fr: Texte., en: Text.}}
        """,
    )


def test_control_characters_are_shown_escaped(cx: Cx, escapes: Path) -> None:
    g = ("-g", str(escapes))
    outputs = {
        "define": cx("define", "ANSI", *g),
        "list": cx("list", "--category", "business", *g),
        "search": cx("search", "alarme rouge", *g),
        "ambiguous": cx("ambiguous", "ANSI", *g),
    }
    for command, result in outputs.items():
        assert not CONTROL.search(result.stdout), (command, result.stdout)
        assert result.stderr == ""
        assert "\\x1b[31m" in result.stdout, (command, result.stdout)
    define = outputs["define"].stdout
    assert "\\x07" in define and "\\x1b[2J" in define and "\\x9b" in define
    assert "\\u202e" in define


def test_control_characters_never_reach_stderr(cx: Cx, escapes: Path, tmp_path: Path) -> None:
    miss = cx("define", "alarme rouge zz", "-g", str(escapes), code=1)
    assert "alarme" in one_line(miss).lower()
    assert not CONTROL.search(miss.stderr)
    dangling = write_glossary(
        tmp_path / "dangling.yaml",
        entry_yaml(see_also=f"[{yaml_quoted('nowhere' + chr(27) + '[2J' + chr(7))}]"),
    )
    warned = cx("define", "XYZ", "-g", str(dangling))
    line = one_line(warned)
    assert "warning" in line and "nowhere\\x1b[2J\\x07" in line
    assert not CONTROL.search(warned.stderr)


def test_control_characters_are_json_escaped(cx: Cx, escapes: Path) -> None:
    result = cx("define", "ANSI", "--json", "-g", str(escapes))
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    line = json.loads(result.stdout.splitlines()[0])
    alarm = next(e for e in line["entries"] if e["id"] == "ansi-alarm")
    assert alarm["term"] == ESC_TERM and alarm["definition"] == ESC_DEF
    listed = {e["id"]: e for e in cx.json("list", "-g", str(escapes))["entries"]}
    assert listed["ansi-alarm"]["definition"] == ESC_DEF


LINK = "[link=https://example.com/phish]Cliquez ici[/link]"


def test_link_markup_is_printed_literally(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "link.yaml",
        entry_yaml(
            acronyms="[LNK]",
            term=f'{{fr: "Lien {LINK}", en: "Link {LINK}"}}',
            definition=f'{{fr: "Voir {LINK}.", en: "See {LINK}."}}',
        ),
    )
    g = ("-g", str(path))
    for args in (("define", "LNK"), ("list", "-c", "business"), ("search", "lien")):
        out = cx(*args, *g).stdout
        assert "\x1b]8;" not in out  # no OSC 8 hyperlink sequence
        # Rich wraps long cells (and cuts table cells with …): compare without box
        # drawing and whitespace, the whole text in `define`, its start in tables.
        flat = "".join(re.sub("[│┃]", "", out).split())
        # (how much of a cell shows depends on the widths of the other rows of the table)
        shown = "".join(LINK.split()) if args[0] == "define" else "[link=https://"
        assert shown in flat, (args, out)


WORLD = {
    "term": "Café crème ☕ 🚀",
    "arabic": "خدمة العملاء",
    "hebrew": "שירות לקוחות",
    "emoji": "😀👍🏽",
}


def test_accents_emoji_and_right_to_left_text_display_unchanged(cx: Cx, tmp_path: Path) -> None:
    definition = f"{WORLD['arabic']} / {WORLD['hebrew']} {WORLD['emoji']}"
    path = write_glossary(
        tmp_path / "world.yaml",
        entry_yaml(
            acronyms="[WRLD]",
            term=f'{{fr: "{WORLD["term"]}", en: "{WORLD["term"]}"}}',
            definition=f'{{fr: "{definition}", en: "{definition}"}}',
        ),
    )
    g = ("-g", str(path))
    define = cx("define", "WRLD", *g).stdout
    for text in WORLD.values():
        assert text in define, (text, define)
    assert WORLD["term"] in cx("list", "-c", "business", *g).stdout
    assert WORLD["term"] in cx("search", "cafe creme", *g).stdout
    [line] = cx.jsonl("define", "WRLD", *g)
    assert line["entries"][0]["definition"] == definition


def test_joined_emoji_and_persian_display_unchanged(cx: Cx, tmp_path: Path) -> None:
    joined = "👩\u200d💻 می\u200cخواهم"
    path = write_glossary(
        tmp_path / "zwj.yaml",
        entry_yaml(acronyms="[ZWJ]", definition=f'{{fr: "{joined}", en: "{joined}"}}'),
    )
    assert joined in cx("define", "ZWJ", "-g", str(path)).stdout


# --- queries -------------------------------------------------------------------


def test_ten_thousand_character_query(cx: Cx) -> None:
    query = "abcdé xyz " * 1000
    miss = cx("define", query, code=1)
    assert miss.stdout == ""
    assert len(one_line(miss)) < 300
    [line] = cx.jsonl("define", query, code=1)
    assert line["query"] == query and line["found"] is False
    one_line(cx("search", query, code=1))
    assert cx.json("search", query, code=1)["results"] == []


def test_ten_thousand_character_search_message_is_short(cx: Cx) -> None:
    assert len(one_line(cx("search", "x" * 10_000, code=1))) < 300


def test_nfd_and_nfc_match_both_ways(cx: Cx, tmp_path: Path) -> None:
    nfc = unicodedata.normalize("NFC", "Crème brûlée")
    nfd = unicodedata.normalize("NFD", "Vérité première")
    path = write_glossary(
        tmp_path / "nfd.yaml",
        entry_yaml(term=f"{{fr: {nfc}, en: Burnt cream}}", aliases=f"[{nfd}]"),
    )
    g = ("-g", str(path))
    for query in (
        unicodedata.normalize("NFD", nfc),
        unicodedata.normalize("NFC", nfd),
        "CRÈME BRÛLÉE",
    ):
        [line] = cx.jsonl("define", query, *g)
        assert [e["id"] for e in line["entries"]] == ["x"], query


def test_mixed_script_query_is_answered_politely(cx: Cx) -> None:
    for query in ("AHT мир שלום 客服 😀", "客服", "שירות"):
        result = cx.runner.invoke(app, ["define", query, "--json"])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.stderr
        assert len(result.stderr.splitlines()) <= 1
        [line] = [json.loads(x) for x in result.stdout.splitlines()]
        assert line["query"] == query


def test_names_in_other_scripts_can_be_looked_up(cx: Cx, tmp_path: Path) -> None:
    path = write_glossary(
        tmp_path / "scripts.yaml",
        entry_yaml(
            term="{fr: Служба поддержки, en: Support service}",
            aliases="[خدمة العملاء, שירות לקוחות, 客服]",
        ),
    )
    for query in ("служба поддержки", "خدمة العملاء", "שירות לקוחות", "客服"):
        [line] = cx.jsonl("define", query, "-g", str(path))
        assert [e["id"] for e in line["entries"]] == ["x"], query


def test_mixed_script_query_is_not_answered_by_its_latin_part(cx: Cx) -> None:
    [line] = cx.jsonl("define", "AHT мир", code=1)
    assert line["found"] is False


@pytest.mark.parametrize("query", [" ", "\t", " \u00a0 ", "\u3000"])
def test_whitespace_only_query_is_exit_2(cx: Cx, query: str) -> None:
    define = cx("define", query, code=2)
    assert define.stdout == "" and "empty query" in one_line(define)
    search = cx("search", query, code=2)
    assert search.stdout == "" and "empty" in one_line(search)
    piped = cx("define", "-", input=f"{query}\n{query}\n", code=2)
    assert piped.stdout == "" and "no query" in one_line(piped)


# --- the compiled cache ------------------------------------------------------------


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "cx").glob("*.sqlite"))


def assert_cache_valid(cache: Path) -> None:
    files = cache_files(cache)
    assert files
    for path in files:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("SELECT value FROM meta WHERE key = 'key'").fetchone()
        conn.close()
    assert not list((cache / "cx").glob(".building-*")), "temporary files left behind"


def aht_answers(cx: Cx, *args: str) -> None:
    result = cx("define", "AHT", "--json", *args)
    assert result.stderr == ""
    assert json.loads(result.stdout)["entries"][0]["id"] == "aht"


@pytest.mark.parametrize("case", ["under-a-file", "read-only-dir"])
def test_unwritable_cache_still_answers(
    cx: Cx, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, overlay: Path, case: str
) -> None:
    if case == "under-a-file":
        blocker = tmp_path / "not-a-dir"
        blocker.write_text("a file where the cache directory should be\n")
        monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "sub"))
    else:
        readonly = tmp_path / "readonly"
        readonly.mkdir(mode=0o500)
        if os.access(readonly, os.W_OK):
            pytest.skip("running as a user who can write to a read-only directory")
        monkeypatch.setenv("XDG_CACHE_HOME", str(readonly))
    for _ in range(2):
        aht_answers(cx, "-g", str(overlay))
        [tlc] = cx.jsonl("define", "TLC", "-g", str(overlay))
        assert tlc["entries"][0]["id"] == "tlc"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_damaged_cache_file_is_ignored_and_rebuilt(
    cx: Cx, isolated_env: Path, overlay: Path, damage: str
) -> None:
    aht_answers(cx, "-g", str(overlay))
    files = cache_files(isolated_env)
    assert len(files) == 2  # the built-in glossary and the overlay
    for path in files:
        data = path.read_bytes()
        path.write_bytes(
            {"garbage": b"\x00garbage\xff" * 4096, "truncated": data[: len(data) // 2]}.get(
                damage, b""
            )
        )
    aht_answers(cx, "-g", str(overlay))
    assert cx.jsonl("define", "TLC", "-g", str(overlay))[0]["found"] is True
    assert_cache_valid(isolated_env)
    assert cache_files(isolated_env) == files


PROBE = """\
import sys
from cxglossary.cli import app
try:
    app(sys.argv[1:])
except SystemExit:
    pass
sys.stdout.write("yaml imported: %s\\n" % ("yaml" in sys.modules))
"""


def probe(cache: Path, *args: str) -> tuple[dict[str, Any], bool]:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    run = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60
    )
    assert run.returncode == 0 and run.stderr == "", run.stderr
    answer, marker = run.stdout.splitlines()
    return json.loads(answer), marker == "yaml imported: True"


def test_second_run_answers_from_the_cache_without_yaml(
    cx: Cx, isolated_env: Path, overlay: Path, tmp_path: Path
) -> None:
    args = ("define", "TLC", "--json", "-g", str(overlay))
    answer, yaml_imported = probe(tmp_path / "cold", *args)
    assert answer["found"] is True and yaml_imported  # the probe can tell
    cx(*args)  # builds the compiled indexes in this test's cache
    answer, yaml_imported = probe(isolated_env, *args)
    assert answer["entries"][0]["id"] == "tlc"
    assert not yaml_imported


def test_cache_is_rebuilt_when_the_yaml_changes(cx: Cx, isolated_env: Path, tmp_path: Path) -> None:
    path = write_glossary(tmp_path / "team.yaml", entry_yaml(definition="{fr: AAAA., en: A.}"))
    assert cx.jsonl("define", "XYZ", "-g", str(path))[0]["entries"][0]["definition"] == "AAAA."
    # Same size and the old modification time put back, as `cp -p` or `rsync -t` do.
    before = path.stat()
    write_glossary(path, entry_yaml(definition="{fr: BBBB., en: B.}"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    assert cx.jsonl("define", "XYZ", "-g", str(path))[0]["entries"][0]["definition"] == "BBBB."
    write_glossary(path, entry_yaml(definition="{fr: Une autre version., en: C.}"))
    [line] = cx.jsonl("define", "XYZ", "-g", str(path))
    assert line["entries"][0]["definition"] == "Une autre version."
    # Older versions of the overlay's index are removed, not piled up.
    assert len(cache_files(isolated_env)) == 2
    assert_cache_valid(isolated_env)


def test_fifty_processes_on_a_cold_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cold"
    env = dict(os.environ, XDG_CACHE_HOME=str(cache))
    command = [sys.executable, "-m", "cxglossary", "define", "AHT", "--json"]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        for _ in range(50)
    ]
    outputs = [p.communicate(timeout=120) for p in processes]
    for process, (stdout, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr.decode()
        assert stderr == b""
        assert json.loads(stdout)["entries"][0]["id"] == "aht"
    assert_cache_valid(cache)
