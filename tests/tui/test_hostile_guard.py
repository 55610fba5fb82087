"""A guard over tui/'s source: data strings never go to an API that reads markup.

Textual and Rich parse a plain `str` as markup in DataTable cells and column
labels, Static, Label, `update`, Select options, border titles, the palette and
notify. The runtime tests (test_hostile_screens.py) prove the screens we have;
this one catches the next display point written the old way: a dynamically
built string (f-string, concatenation, `str()`, `.join`, an attribute such as
`row.title`) handed straight to one of those APIs, or a notify without
markup=False. Wrap data with tui.safe_text (safe_text, safe_line, safe_plain).
"""
from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"

SINKS = {"Static", "Label", "update", "add_row", "add_rows", "add_column", "add_columns", "set_options", "Option",
         "DiscoveryHit", "Hit", "highlight", "Button", "Select"}
"""Calls whose string arguments Textual or Rich parse as markup."""
TABLE_SINKS = {"add_row", "add_column", "add_columns"}
"""DataTable sinks, where a bare variable is a cell and must be Text already."""
TITLES = {"border_title", "border_subtitle"}
SAFE_CALLS = {"safe_text", "safe_line", "safe_plain", "escape", "Text", "_num", "_cells"}
"""Calls whose result is literal (Text, escaped) or a number formatted by our code."""

REVIEWED = {
    ("widgets/side_panel.py", 'f"Span – of {total}"'): "a count",
    ("widgets/side_panel.py", 'f"Span {position} of {total}"'): "counts",
    ("screens/adjudication.py", 'f"Article {self.article_id}: loading…"'): "an id",
    ("screens/agreement.py", "str(item.article_id)"): "an id",
    ("screens/suggestions.py", 'f"{s.score:.1f}"'): "a number",
    ("screens/queue.py", '[("All labels", "all")] + [(label.name, label.name) for label in self.service.schema.labels]'):
        "schema label names, validated as UPPER_CASE",
}
"""Reviewed exceptions, with why each cannot hold markup or control characters."""


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _is_dynamic(node: ast.expr, in_table: bool) -> bool:
    """Whether node builds a str from something other than literals, without a safe wrapper."""
    if isinstance(node, ast.Constant) or isinstance(node, ast.Starred):
        return False
    if isinstance(node, ast.Call):
        name = _call_name(node)
        return name not in SAFE_CALLS and name in {"str", "format", "join", "replace", "strip", "upper", "lower", "title"}
    if isinstance(node, ast.IfExp):
        return _is_dynamic(node.body, in_table) or _is_dynamic(node.orelse, in_table)
    if isinstance(node, (ast.JoinedStr, ast.BinOp, ast.Attribute, ast.Subscript)):
        return True
    return in_table and isinstance(node, ast.Name)


def offenders() -> list[str]:
    found = []
    for path in sorted(TUI.rglob("*.py")):
        relative = str(path.relative_to(TUI))
        source = path.read_text(encoding="utf-8")
        for node in ast.walk(ast.parse(source)):
            arguments: list[ast.expr] = []
            if isinstance(node, ast.Call):
                name = _call_name(node)
                if name == "notify" and not any(k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False for k in node.keywords):
                    found.append(f"tui/{relative}:{node.lineno}: notify without markup=False")
                if name in SINKS:
                    arguments = [a for a in node.args if _is_dynamic(a, name in TABLE_SINKS)]
            elif isinstance(node, ast.Assign) and any(isinstance(t, ast.Attribute) and t.attr in TITLES for t in node.targets):
                arguments = [node.value] if _is_dynamic(node.value, True) else []
            for argument in arguments:
                text = ast.get_source_segment(source, argument) or ""
                if (relative, text) not in REVIEWED:
                    found.append(f"tui/{relative}:{argument.lineno}: {text} reaches a markup API; wrap it with tui.safe_text")
    return found


def test_no_data_string_reaches_a_markup_api():
    assert offenders() == []


def test_the_guard_catches_the_old_way(tmp_path, monkeypatch):
    """The guard is not vacuous: the display points as they were before issue 10 trip it."""
    import tests.tui.test_hostile_guard as guard

    (tmp_path / "screens").mkdir()
    (tmp_path / "screens" / "old.py").write_text(
        "def show(self, row, name, error):\n"
        "    table.add_row(row.title, name)\n"
        "    table.add_column(name, key=name)\n"
        "    self.query_one('#x', Static).update(f'Article {row.title}')\n"
        "    box.border_title = f'matches for {self.mention}'\n"
        "    self.notify(str(error), severity='error')\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(guard, "TUI", tmp_path)
    found = guard.offenders()
    assert len(found) == 6, found
