"""Read-only commands on a path with no database: one line, exit 1, and nothing created, not even the folder."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.paths import DEV_GOLD

COMMANDS = [
    ["stats"],
    ["stats", "--json"],
    ["export"],
    ["export", "--view", "gold", "-o", "{tmp}/out.jsonl"],
    ["agreement"],
    ["evaluate", "--gold", str(DEV_GOLD), "--from-db"],
    ["assign", "--annotators", "lan,minh"],
    ["adjudicate"],
    ["check"],
    ["backup", "-o", "{tmp}/backup.db"],
]


def run_cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotate", *args], capture_output=True, text=True, **kwargs)


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_no_database_is_one_line_and_creates_nothing(tmp_path, args):
    db = tmp_path / "nowhere" / "annotate.db"
    result = run_cli(*[a.replace("{tmp}", str(tmp_path)) for a in args], "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: no database at {db} (run annotate ingest first)"
    assert result.stdout == ""
    assert not db.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_default_path_is_named_too(tmp_path):
    result = run_cli("stats", cwd=tmp_path, env={k: v for k, v in __import__("os").environ.items() if k != "ANNOTATE_DB"})
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: no database at db/annotate.db (run annotate ingest first)"
    assert not (tmp_path / "db").exists()


def test_ingest_and_import_do_create_one(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Tỉnh Lào Cai và châu Hồng Hà ký 3 văn kiện hợp tác.\n", encoding="utf-8")
    first = tmp_path / "first" / "annotate.db"
    assert run_cli("ingest", str(article), "--db", str(first), "--no-preannotate").returncode == 0
    exported = run_cli("export", "--db", str(first)).stdout
    gold = tmp_path / "gold.jsonl"
    gold.write_text(exported, encoding="utf-8")
    second = tmp_path / "second" / "annotate.db"
    result = run_cli("import", str(gold), "--annotator", "lan", "--db", str(second))
    assert result.returncode == 0, result.stderr
    assert json.loads(run_cli("stats", "--db", str(second), "--json").stdout)["articles"] == 1
