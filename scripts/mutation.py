"""Mutation testing of cxglossary/metrics/ with mutmut (a developer command, not CI).

    pip install -e '.[mutation]'
    python scripts/mutation.py                          # every module of the package, 2 workers
    python scripts/mutation.py calculators stats        # some modules only
    python scripts/mutation.py --report                 # the score of the last run, no run

The run happens in a copy of the tracked files (default: /tmp/cx-mutation), so the work tree
is left alone and a run can go on while you edit. mutmut keeps its results in the copy:
`--report` reprints them and `--survivors` re-tests only the last survivors (after new
tests); `--untested` tests only the mutants without a verdict (after an interrupted run, or
the functions edited since: mutmut regenerates those); a plain run re-tests every mutant of
the modules it names.
`[tool.mutmut]` in pyproject.toml selects the tests: the unit tests of the metrics, not the
CLI ones (each mutant runs only the tests that reach its function, mutmut's own selection).
Changing that selection makes mutmut (3.8) forget every verdict in the copy, which then
needs a full run again (about three hours on two cores): add new tests to files already in
it where you can.

The report counts, per module, the mutants killed and the survivors, and sets apart the
mutants that cannot change a computed number: those whose only change is the text of a
message (an f-string, the argument of a raised error) or a docstring. The score is
killed / (all − those), and the survivors are listed for `mutmut show NAME` (in the copy).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "cxglossary/metrics"


def all_modules() -> list[str]:
    """Every module of the package, `__init__` aside (lazy-import facades, nothing to compute)."""
    return sorted(p.stem for p in (ROOT / PACKAGE).glob("*.py") if p.stem != "__init__")


# mutmut's exit codes: 1 and 3 a test failed; a timeout (36, SIGXCPU) counts as caught, as a
# mutant that hangs the tests would not go unnoticed. Every other tested code is a survivor:
# 0 survived, 5/33 no test reaches the mutant (as bad as a surviving one), 35 suspicious.
KILLED = {1, 3, 36, 24, -24, 152, 255}


def survived(code: int | None) -> bool:
    return code is not None and code not in KILLED


def copy_tree(target: Path) -> None:
    """The tracked files (and pyproject's mutmut settings) into `target`, mutants kept."""
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    target.mkdir(parents=True, exist_ok=True)
    for name in files:
        source = ROOT / name
        if name.startswith("docs/") or not source.is_file():
            continue
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists() or destination.read_bytes() != source.read_bytes():
            # a fresh mtime: mutmut tells a changed source by it (copy2 kept the old one,
            # so a file edited just after the last copy was never mutated again)
            shutil.copy(source, destination)


def run(target: Path, modules: list[str], children: int, *, patterns: bool = True) -> None:
    """mutmut run on the modules (or on mutant names, `patterns=False`)."""
    if patterns:
        names = [f"{PACKAGE.replace('/', '.')}.{module}.*" for module in modules]
    else:
        names = modules
    env = {**os.environ, "CX_HYPOTHESIS_PROFILE": "mutation"}
    mutmut = Path(sys.executable).parent / "mutmut"
    command = [str(mutmut), "run", "--max-children", str(children), *names]
    subprocess.run(command, cwd=target, env=env, check=False)


# --- report --------------------------------------------------------------------------------


def _strings_blanked(node: ast.AST) -> str:
    """The function's code with message text blanked: f-strings, raise arguments, docstrings."""
    node = _Blank().visit(ast.parse(ast.unparse(node)))
    return ast.dump(node, annotate_fields=False)


class _Blank(ast.NodeTransformer):
    def visit_FunctionDef(self, node: ast.FunctionDef) -> ast.AST:
        node.name = "f"
        body = node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]
        self.generic_visit(node)
        return node

    def visit_JoinedStr(self, node: ast.JoinedStr) -> ast.AST:
        return ast.Constant("…")

    def visit_Raise(self, node: ast.Raise) -> ast.AST:
        # What an error says (its message and hint) is text; which error is raised is not.
        if isinstance(node.exc, ast.Call):
            node.exc.args, node.exc.keywords = [], []
        return node


def text_only_mutants(mutated: Path) -> set[str]:
    """Names of the mutants of one module that only change message text."""
    tree = ast.parse(mutated.read_text(encoding="utf-8"))
    functions: dict[str, ast.FunctionDef] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and "__mutmut_" in node.name:
            functions[node.name] = node
    out: set[str] = set()
    for name, node in functions.items():
        base, _, number = name.rpartition("__mutmut_")
        if number == "orig":
            continue
        original = functions.get(f"{base}__mutmut_orig")
        if original is not None and _strings_blanked(node) == _strings_blanked(original):
            out.add(name)
    return out


def survivors(target: Path, modules: list[str]) -> list[str]:
    """The survivors of the last run that may change a number."""
    out = []
    for module in modules:
        meta = target / "mutants" / PACKAGE / f"{module}.py.meta"
        if not meta.exists():
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        text = text_only_mutants(target / "mutants" / PACKAGE / f"{module}.py")
        out += [k for k, c in codes.items() if survived(c) and k.rpartition(".")[2] not in text]
    return out


def report(target: Path, modules: list[str]) -> int:
    totals: Counter[str] = Counter()
    survivors: list[str] = []
    print(f"{'module':14} {'mutants':>8} {'killed':>7} {'text':>6} {'number':>7} "
          f"{'killed':>7} {'score':>7}")  # fmt: skip
    for module in modules:
        meta = target / "mutants" / PACKAGE / f"{module}.py.meta"
        if not meta.exists():
            print(f"{module:14} (not run)")
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text())["exit_code_by_key"]
        text = text_only_mutants(target / "mutants" / PACKAGE / f"{module}.py")
        row: Counter[str] = Counter()
        for key, code in codes.items():
            short = key.rpartition(".")[2]
            row["mutants"] += 1
            killed = code in KILLED
            row["killed"] += killed
            if short in text:
                row["text"] += 1
                continue
            row["number"] += 1
            row["number_killed"] += killed
            if survived(code):
                survivors.append(key)
            elif code is None:
                row["untested"] += 1
        totals.update(row)
        score = row["number_killed"] / row["number"] if row["number"] else 1.0
        print(
            f"{module:14} {row['mutants']:8} {row['killed']:7} {row['text']:6} "
            f"{row['number']:7} {row['number_killed']:7} {score:7.1%}"
            + (f"  ({row['untested']} not tested yet)" if row["untested"] else "")
        )
    score = totals["number_killed"] / totals["number"] if totals["number"] else 1.0
    print(
        f"{'total':14} {totals['mutants']:8} {totals['killed']:7} {totals['text']:6} "
        f"{totals['number']:7} {totals['number_killed']:7} {score:7.1%}"
    )
    print("\n'text': mutants that only change message text (left out of the score);")
    print("'number': the others; survivors among them (mutmut show NAME, in the copy):")
    for key in survivors:
        print("  ", key)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help=f"modules of {PACKAGE} (default: all)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/cx-mutation"))
    parser.add_argument("--children", type=int, default=2)
    parser.add_argument("--report", action="store_true", help="only report the last run")
    parser.add_argument(
        "--survivors", action="store_true", help="test the last run's survivors again"
    )
    parser.add_argument(
        "--untested",
        action="store_true",
        help="test only the mutants without a verdict, in every module",
    )
    args = parser.parse_args()
    modules = args.modules or all_modules()
    if not args.report:
        copy_tree(args.workdir)
        if args.untested:
            run(args.workdir, [], args.children, patterns=False)  # no names: mutmut's resume
        elif args.survivors:
            names = [name for name in survivors(args.workdir, modules)]
            run(args.workdir, names, args.children, patterns=False)
        else:
            run(args.workdir, modules, args.children)
    return report(args.workdir, modules)


if __name__ == "__main__":
    raise SystemExit(main())
