"""The `annotate` command behaves as a Unix tool: run as users run it, the installed script in a real process.

`-o -` is standard output, `-h` works everywhere, an unknown command is named
(with the closest one), usage errors exit 2, a reader closing the pipe early
ends the command quietly with 0, and click's shell completion answers.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.cli import main
from annotate.store.database import open_database
from tests.io.interchange_helpers import real_database

ANNOTATE = shutil.which("annotate", path=str(Path(sys.executable).parent)) or "annotate"


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    return real_database(tmp_path_factory.mktemp("cli"), articles=40)


def run(*args: str, db: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "ANNOTATE_DB": str(db)} if db else dict(os.environ)
    return subprocess.run([ANNOTATE, *args], capture_output=True, text=True, env=env, check=False, **kwargs)


def test_dash_o_dash_is_standard_output_and_no_file_named_dash(real_db, tmp_path):
    done = run("export", "--view", "reviewed", "--annotator", "lan", "-o", "-", db=real_db, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "-").exists()
    lines = done.stdout.split("\n")[:-1]
    assert len(lines) == 40 and all(json.loads(line)["spans"] for line in lines)
    assert done.stderr.strip().endswith("(0 skipped)")


@pytest.mark.parametrize("name", sorted(main.commands))
def test_short_h_works_for_every_command_in_a_real_process(name):
    done = run(name, "-h")
    assert done.returncode == 0 and done.stdout.startswith(f"Usage: annotate {name}"), done.stderr


def test_an_unknown_command_is_named_with_the_closest_one_and_exits_2():
    done = run("exprot")
    assert done.returncode == 2
    assert "Error: no such command 'exprot' (did you mean 'export'?)" in done.stderr
    assert "review" not in done.stderr.split("Error:")[0]  # not review's usage: the group's
    far = run("zzzz")
    assert far.returncode == 2 and "no such command 'zzzz'" in far.stderr and "export" in far.stderr
    nested = run("users", "ad")
    assert nested.returncode == 2 and "Error: no such command 'ad' (did you mean 'add'?)" in nested.stderr


def test_short_h_works_for_every_subcommand_of_a_group():
    import click

    for group_name, group in main.commands.items():
        if isinstance(group, click.Group):
            for name in group.commands:
                done = run(group_name, name, "-h")
                assert done.returncode == 0 and done.stdout.startswith(f"Usage: annotate {group_name} {name}"), done.stderr


@pytest.mark.parametrize("args", [
    ["export", "--format", "nope"],
    ["export", "--split", "80/10/5", "-o", "out"],
    ["export", "--seed", "1"],
    ["export", "--format", "brat"],
    ["export", "--format", "jsonl", "--max-tokens", "10"],
    ["export", "--format", "jsonl", "--docstart", "spacy"],
    ["export", "--view", "reviewed"],
    ["stats", "--no-such-option"],
])
def test_usage_errors_exit_2_with_one_line_naming_the_cause(real_db, tmp_path, args):
    done = run(*args, db=real_db, cwd=tmp_path)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert len([line for line in done.stderr.splitlines() if line.startswith("Error:")]) == 1
    assert "Traceback" not in done.stderr


def test_bad_input_exits_1_not_2(real_db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"what": 1}\n', encoding="utf-8")
    done = run("import", str(bad), "--annotator", "x", db=real_db)
    assert done.returncode == 1 and str(bad) in done.stderr


def test_a_reader_closing_the_pipe_early_ends_the_export_quietly_with_0(real_db):
    env = {**os.environ, "ANNOTATE_DB": str(real_db)}
    export = subprocess.Popen([ANNOTATE, "export", "--view", "reviewed", "--annotator", "lan", "--format", "conll"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    head = subprocess.run(["head", "-n", "3"], stdin=export.stdout, capture_output=True, text=True, check=True)
    export.stdout.close()
    stderr = export.stderr.read().decode("utf-8")
    assert export.wait(timeout=120) == 0, stderr
    assert head.stdout.split("\n")[0] == "-DOCSTART- -X- -X- O"
    assert "Traceback" not in stderr and "Broken pipe" not in stderr and "BrokenPipe" not in stderr


def test_shell_completion_lists_commands_and_export_options():
    env = {**os.environ, "_ANNOTATE_COMPLETE": "bash_source"}
    source = subprocess.run([ANNOTATE], capture_output=True, text=True, env=env, check=False)
    assert source.returncode == 0 and "_annotate_completion" in source.stdout
    words = {**os.environ, "_ANNOTATE_COMPLETE": "bash_complete", "COMP_WORDS": "annotate exp", "COMP_CWORD": "1"}
    assert "plain,export" in run_env(words).stdout.split("\n")
    options = {**os.environ, "_ANNOTATE_COMPLETE": "bash_complete", "COMP_WORDS": "annotate export --sp", "COMP_CWORD": "2"}
    assert "plain,--split" in run_env(options).stdout.split("\n")


def run_env(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([ANNOTATE], capture_output=True, text=True, env=env, check=False)


def test_split_export_from_the_command_line_names_each_file_and_the_card(real_db, tmp_path):
    done = run("export", "--view", "reviewed", "--annotator", "lan", "--format", "conll", "--docstart", "spacy",
               "--split", "80/10/10", "--seed", "2", "-o", str(tmp_path / "out"), db=real_db)
    assert done.returncode == 0, done.stderr
    for name in ("train", "dev", "test"):
        assert f"{name}: " in done.stderr and (tmp_path / "out" / f"{name}.conll").exists()
        assert (tmp_path / "out" / f"{name}.conll").read_text(encoding="utf-8").startswith("-DOCSTART- -X- O O\n")
    assert done.stderr.strip().endswith(f"(dataset card {tmp_path / 'out' / 'README.md'})")
    assert open_database(real_db)  # the database is untouched and still opens
