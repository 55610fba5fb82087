"""The core library must stay usable without Textual (and never import the UI)."""
from __future__ import annotations

import pkgutil
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
