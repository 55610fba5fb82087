"""Hostile JSONL lines cost one line each on import; the rest of the file lands (issue 10)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from annotate.cli import main
from annotate.io.importer import import_file
from annotate.store import articles as article_store
from annotate.store.database import open_database
from tests.conftest import SHORT_TEXT


def _lines(tmp_path, *lines):
    path = tmp_path / "hostile.jsonl"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def good(n):
    return json.dumps({"text": f"{SHORT_TEXT} Bài {n}.", "spans": []}, ensure_ascii=False)


def test_a_line_nested_100000_deep_is_one_error(db_path, tmp_path):
    path = _lines(tmp_path, good(1), "[" * 100_000 + "]" * 100_000, '{"text": "x", "spans": ' + "[" * 100_000 + "]" * 100_000 + "}", good(2))
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 2
    assert [str(f) for f in report.failed] == [f"{path}: line 2: JSON nested too deeply to read", f"{path}: line 3: JSON nested too deeply to read"]


def test_an_article_id_beyond_64_bits_is_one_warning_and_the_article_lands(db_path, tmp_path):
    huge = json.dumps({"text": SHORT_TEXT, "spans": [], "meta": {"article_id": 2**63}}, ensure_ascii=False)
    report = import_file(open_database(db_path), _lines(tmp_path, huge, good(2)), "lan")
    assert (report.imported, report.failed) == (2, [])
    assert [str(w).split(": ", 1)[1] for w in report.warnings] == [f"line 1: meta.article_id {2**63} does not fit a 64-bit integer: ignored"]


def test_wrong_typed_fields_are_warned_about_not_stringified(db_path, tmp_path):
    line = json.dumps({"text": SHORT_TEXT, "spans": [], "meta": {"title": ["a", "b"], "source": ["x.txt"], "article_id": {"n": 1}, "url": 5}}, ensure_ascii=False)
    db = open_database(db_path)
    report = import_file(db, _lines(tmp_path, line), "lan")
    assert report.imported == 1
    warnings = sorted(str(w).split(": ", 1)[1] for w in report.warnings)
    assert warnings == [
        "line 1: meta.article_id is an object, not an integer: ignored",
        "line 1: meta.source is an array, not a string: ignored",
        "line 1: meta.title is an array, not a string: ignored",
        "line 1: meta.url is a number, not a string: ignored",
    ]
    article = article_store.find_by_hash(db, article_store.content_hash(SHORT_TEXT))
    assert article.source == "hostile.jsonl" and "[" not in (article.title or "") and article.ext_id is None


def test_bad_bytes_fail_their_line_only(db_path, tmp_path):
    path = tmp_path / "bytes.jsonl"
    path.write_bytes((good(1) + "\n").encode() + b'{"text": "\xff\xfe", "spans": []}\n' + (good(2) + "\n").encode())
    report = import_file(open_database(db_path), path, "lan")
    assert report.imported == 2 and "line 2: not UTF-8" in str(report.failed[0])


def test_cli_prints_warnings_errors_and_the_summary(db_path, tmp_path):
    path = _lines(tmp_path, good(1), "[" * 100_000, json.dumps({"text": SHORT_TEXT, "spans": [], "meta": {"title": [1]}}, ensure_ascii=False))
    result = CliRunner().invoke(main, ["import", str(path), "--db", str(db_path), "--annotator", "lan"])
    assert result.exit_code == 1
    assert f"warning: {path}: line 3: meta.title is an array" in result.stderr
    assert f"error: {path}: line 2: JSON nested too deeply to read" in result.stderr
    assert result.stdout.strip() == f"{path} (jsonl): imported 2, unchanged 0, new articles 2, skipped 0, failed 1"


def test_cli_needs_an_annotator_unless_the_file_names_them(db_path, tmp_path):
    result = CliRunner().invoke(main, ["import", str(_lines(tmp_path, good(1))), "--db", str(db_path)])
    assert result.exit_code == 2 and "give --annotator NAME" in result.stderr
