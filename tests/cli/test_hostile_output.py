"""The CLI over hostile data (issue 10, item 2): a terminal gets placeholders, files and pipes get the exact text.

Each command runs as a real process, once on a pseudo-terminal (what a person
sees) and once on a pipe (what a script reads). Titles, annotator names and
file names hold ESC/OSC sequences, C1 codes and bidi overrides.
"""
from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.tui.hostile_db import HOSTILE_ANNOTATOR, build_hostile

ROOT = Path(__file__).resolve().parents[2]
PWN = "\x1b]0;PWN\x07"
RAW = ("\x1b]0;PWN", "\x9b", "\u202e", "\x9d")
"""Sequences that must never reach a terminal from data."""


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ANNOTATE_DB", "COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    return env


def on_terminal(*args: str, cwd: Path) -> tuple[int, str]:
    """Run `annotate ARGS` with stdout and stderr on a pseudo-terminal; its exit code and everything it wrote."""
    master, slave = os.openpty()
    process = subprocess.Popen([sys.executable, "-m", "annotate", *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, cwd=cwd, env=_env())
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the process closed its end
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return process.wait(timeout=300), b"".join(chunks).decode("utf-8", "replace")


def on_pipe(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "annotate", *args], capture_output=True, text=True, cwd=cwd, env=_env(), timeout=300)


def assert_nothing_raw(output: str) -> None:
    found = [repr(sequence) for sequence in RAW if sequence in output]
    assert not found, f"reached the terminal: {found}\n{output!r}"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    return build_hostile(tmp_path / "hostile.db").path


def test_adjudicate_lists_hostile_titles_visibly_on_a_terminal_and_exactly_on_a_pipe(hostile_db, tmp_path):
    code, shown = on_terminal("adjudicate", "--db", str(hostile_db), cwd=tmp_path)
    assert code == 0, shown
    assert_nothing_raw(shown)
    assert "Tít ␛[2J␛]0;PWN␇␛[31m⟨U+009B⟩2J" in shown
    assert "[@click=app.quit]lan[/]␛]0;PWN␇␛[1m⟨U+202E⟩" in shown
    piped = on_pipe("adjudicate", "--db", str(hostile_db), cwd=tmp_path)
    assert piped.returncode == 0
    assert "Tít \x1b[2J\x1b]0;PWN\x07\x1b[31m\x9b2J" in piped.stdout  # scripts get the stored text


def test_stats_names_a_hostile_annotator_visibly(hostile_db, tmp_path):
    code, shown = on_terminal("stats", "--db", str(hostile_db), cwd=tmp_path)
    assert code == 0, shown
    assert_nothing_raw(shown)
    assert "[@click=app.quit]lan[/]␛]0;PWN␇␛[1m⟨U+202E⟩" in shown
    exact = json.loads(on_pipe("stats", "--db", str(hostile_db), "--json", cwd=tmp_path).stdout)
    assert HOSTILE_ANNOTATOR in {row["annotator"] for row in exact["reviews"]}


def test_agreement_table_is_visible_and_json_and_csv_stay_exact(hostile_db, tmp_path):
    code, shown = on_terminal("agreement", "--db", str(hostile_db), cwd=tmp_path)
    assert code == 0, shown
    assert_nothing_raw(shown)
    assert "[@click=app.quit]lan[/]␛]0;PWN␇␛[1m⟨U+202E⟩" in shown
    as_json = json.loads(on_pipe("agreement", "--db", str(hostile_db), "--format", "json", cwd=tmp_path).stdout)
    assert HOSTILE_ANNOTATOR in as_json["annotators"]
    rows = csv.DictReader(io.StringIO(on_pipe("agreement", "--db", str(hostile_db), "--format", "csv", cwd=tmp_path).stdout))
    assert HOSTILE_ANNOTATOR in {row["a"] for row in rows}  # ESC[1m and all: click strips ANSI on pipes unless told not to


def test_ingest_errors_quote_a_hostile_file_name_visibly(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("Tiêu đề\n\nĐoàn Lạng Sơn thăm Nam Ninh.\n", encoding="utf-8")
    (folder / f"bad{PWN}\u202e.txt").write_bytes(b"\x00\x01\x02\xff\xfe")
    code, shown = on_terminal("ingest", str(folder), "--db", str(tmp_path / "a.db"), "--no-preannotate", "--workers", "1", cwd=tmp_path)
    assert code == 1, shown
    assert_nothing_raw(shown)  # the progress bar's own escapes are fine; the file name's are not
    assert "bad␛]0;PWN␇⟨U+202E⟩.txt: binary file" in shown
    assert "ingested 1" in shown


def test_one_line_errors_and_export_notes_quote_paths_visibly(hostile_db, tmp_path):
    code, shown = on_terminal("merge", str(tmp_path / f"missing{PWN}.db"), "-o", str(tmp_path / "team.db"), cwd=tmp_path)
    assert code == 1, shown
    assert_nothing_raw(shown)
    assert f"missing␛]0;PWN␇.db: no such database" in shown
    out = tmp_path / f"out{PWN}.jsonl"
    code, shown = on_terminal("export", "--db", str(hostile_db), "-o", str(out), cwd=tmp_path)
    assert code == 0, shown
    assert_nothing_raw(shown)
    assert "to " in shown and "out␛]0;PWN␇.jsonl" in shown
    exported = [json.loads(line) for line in out.read_text(encoding="utf-8").split("\n") if line]  # not splitlines: U+0085 is in a title
    assert any(doc["meta"]["title"].startswith("Tít \x1b[2J") for doc in exported)  # the file is exact
