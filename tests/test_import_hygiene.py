"""The core library must stay usable without Textual (and never import the UI); SQL stays in store/; modules stay small."""
from __future__ import annotations

import ast
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import annotate
from tests.paths import ROOT


def test_core_modules_never_import_textual_or_tui():
    launcher = "annotate.cli.app"  # the `review` command imports the app, lazily, when run
    modules = [m.name for m in pkgutil.walk_packages(annotate.__path__, "annotate.") if not m.name.endswith("__main__") and m.name != launcher]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith(('textual.', 'tui')))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"annotate imported UI modules: {result.stdout}"


def test_import_contracts_hold():
    """The layering in pyproject.toml ([tool.importlinter]): core without UI, UI without storage, layers one way."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(linter)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


def test_tui_sends_no_sql():
    root = ROOT / "tui"
    offenders = [
        str(path)
        for path in root.rglob("*.py")
        for word in ("sqlite3", "sqlite_utils", "SELECT ", "INSERT ", "UPDATE ", ".execute(")
        if word in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


SQL = re.compile(r"\.(execute|executescript|executemany|query)\(|\.table\(|[\"'](SELECT|INSERT|UPDATE|DELETE|CREATE|PRAGMA|BEGIN)\b")
NOT_OUR_DATABASE = {"annotate/gazetteer/vn.py"}  # reads vietnamadminunits' bundled dataset, not the annotation store


def test_sql_lives_only_in_store():
    """Every statement on the annotation database is in annotate/store/, behind a function with a typed result."""
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in sorted((ROOT / "annotate").rglob("*.py"))
        if "store" not in path.relative_to(ROOT).parts and str(path.relative_to(ROOT)) not in NOT_OUR_DATABASE
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SQL.search(line)
    ]
    assert offenders == []


CHECKED_FOR_SIZE = ("annotate", "tui")


def test_modules_and_functions_stay_small():
    """No module over 500 lines and no function over 80 lines, anywhere in the code."""
    too_big = []
    for root in CHECKED_FOR_SIZE:
        paths = [ROOT / root] if root.endswith(".py") else sorted((ROOT / root).rglob("*.py"))
        for path in paths:
            source = path.read_text(encoding="utf-8")
            name = path.relative_to(ROOT)
            if len(source.splitlines()) > 500:
                too_big.append(f"{name}: {len(source.splitlines())} lines")
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno >= 80:
                    too_big.append(f"{name}:{node.lineno} {node.name}: {node.end_lineno - node.lineno + 1} lines")
    assert too_big == []
