"""The TUI only wires widgets to annotate/ services: no SQL in tui/, and app.py stays small."""
from __future__ import annotations

import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"


def test_tui_has_no_sql():
    pattern = re.compile(r"\bdb\.(execute|query|conn)\b|sqlite3|[\"'](SELECT|INSERT|UPDATE|DELETE)\s")
    offenders = [
        f"{path.relative_to(TUI.parent)}:{n}: {line.strip()}"
        for path in TUI.rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_app_module_only_wires():
    source = (TUI / "app.py").read_text(encoding="utf-8")
    assert len(source.splitlines()) < 150
    assert "compose" not in source  # screens compose, the app does not
