"""Hostile files: loops, FIFOs, devices, NULs, deep nesting, wrong types and oversize lines each cost one line."""
from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from annotate.text.readers import RawArticle, ReadError, ReadWarning, expand_paths, read_articles
from tests.text.test_decoding import cp1258_form

BODY = "Ngày 3/4, Chủ tịch UBND tỉnh Lào Cai tiếp đoàn công tác của châu Hồng Hà, tỉnh Vân Nam.\n"


def read_all(path: Path) -> list:
    return list(read_articles(path))


def split(items: list) -> tuple[list[RawArticle], list[ReadError], list[ReadWarning]]:
    return (
        [i for i in items if isinstance(i, RawArticle)],
        [i for i in items if isinstance(i, ReadError)],
        [i for i in items if isinstance(i, ReadWarning)],
    )


def read_with_deadline(path: Path, seconds: float = 20) -> list:
    """Read in a daemon thread, so a hang fails the test instead of freezing the run."""
    result: list = []
    thread = threading.Thread(target=lambda: result.extend(read_articles(path)), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"reading {path} hung"
    return result


def one_line(items: list) -> None:
    assert all("\n" not in str(i) for i in items if not isinstance(i, RawArticle))


# --- nesting and numbers -------------------------------------------------------


def test_a_line_nested_100000_deep_is_one_error_and_the_rest_lands(tmp_path):
    path = tmp_path / "deep.jsonl"
    lines = [
        json.dumps({"text": BODY}),
        "[" * 100_000 + "]" * 100_000,
        '{"text": "x", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}",
        json.dumps({"text": BODY + "Thêm."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles, errors, _ = split(read_all(path))
    assert [a.text for a in articles] == [BODY, BODY + "Thêm."]
    assert [str(e) for e in errors] == [
        f"{path}: line 2: invalid JSON (nested too deeply)",
        f"{path}: line 3: invalid JSON (nested too deeply)",
    ]


def test_an_integer_too_long_to_convert_is_one_error(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text(f'{{"text": "{BODY.strip()}", "id": {"9" * 5000}}}\n' + json.dumps({"text": BODY}) + "\n", encoding="utf-8")
    articles, errors, _ = split(read_all(path))
    assert len(articles) == 1 and len(errors) == 1
    assert str(errors[0]).startswith(f"{path}: line 1: invalid JSON")
    one_line(errors)


# --- links and special files -----------------------------------------------------


@pytest.fixture
def looped_folder(tmp_path: Path) -> Path:
    """18 good articles, a file link loop, a self link, a dangling link and two folder links pointing back up."""
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    for number in range(18):
        where = folder if number % 2 else folder / "sub"
        (where / f"{number:02d}.txt").write_text(BODY + f"Bài {number}.\n", encoding="utf-8")
    os.symlink("b_loop.txt", folder / "a_loop.txt")
    os.symlink("a_loop.txt", folder / "b_loop.txt")
    os.symlink("self.txt", folder / "self.txt")
    os.symlink("nowhere.txt", folder / "dangling.txt")
    os.symlink("..", folder / "sub" / "up")
    os.symlink(".", folder / "sub" / "here")
    return folder


def test_symlink_loops_in_a_folder_cost_one_line_each(looped_folder):
    paths, errors = expand_paths([str(looped_folder)])
    assert errors == []
    readable = [p for p in paths if p.name[:2].isdigit()]
    assert len(readable) == 18
    items = [item for path in paths for item in read_articles(path)]
    articles, failures, _ = split(items)
    assert len(articles) == 18
    causes = sorted(str(f) for f in failures)
    assert causes == sorted([
        f"{looped_folder / 'a_loop.txt'}: symbolic link loop",
        f"{looped_folder / 'b_loop.txt'}: symbolic link loop",
        f"{looped_folder / 'self.txt'}: symbolic link loop",
        f"{looped_folder / 'dangling.txt'}: broken symbolic link (its target does not exist)",
    ])


def test_a_recursive_glob_over_looping_folder_links_ends(looped_folder):
    result: list = []
    thread = threading.Thread(target=lambda: result.append(expand_paths([str(looped_folder / "**" / "*.txt")])), daemon=True)
    thread.start()
    thread.join(20)
    assert not thread.is_alive(), "the recursive glob followed the folder links in circles"
    paths, errors = result[0]
    assert errors == []
    assert len([p for p in paths if p.name[:2].isdigit()]) == 18


def test_a_fifo_named_txt_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [error] = read_with_deadline(fifo)
    assert str(error) == f"{fifo}: is a FIFO (named pipe), not a regular file"


def test_a_fifo_named_jsonl_inside_a_folder_is_refused_and_the_rest_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "good.txt").write_text(BODY, encoding="utf-8")
    paths, errors = expand_paths([str(tmp_path)])
    assert errors == [] and len(paths) == 2
    items = [item for path in paths for item in read_with_deadline(path)]
    articles, failures, _ = split(items)
    assert len(articles) == 1
    assert [f.cause for f in failures] == ["is a FIFO (named pipe), not a regular file"]


def test_a_device_behind_a_txt_link_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    os.symlink("/dev/zero", link)
    [error] = read_with_deadline(link)
    assert error.cause == "is a character device, not a regular file"


# --- NUL bytes ---------------------------------------------------------------


def test_a_nul_byte_in_a_txt_keeps_the_text_minus_the_nul_with_a_warning(tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes((BODY + "Dòng hai có").encode("utf-8") + b"\x00" + " một NUL.\n".encode("utf-8"))
    articles, errors, warnings = split(read_all(path))
    assert errors == []
    assert articles[0].text == BODY + "Dòng hai có một NUL.\n"
    assert [str(w) for w in warnings] == [f"{path}: removed 1 NUL character (the first at line 2, column 12)"]


def test_many_nul_bytes_are_still_binary(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" * 200)
    [error] = read_all(path)
    assert isinstance(error, ReadError) and error.cause == "binary file, not text"


def test_nuls_in_jsonl_are_removed_with_a_warning_naming_the_line(tmp_path):
    path = tmp_path / "nul.jsonl"
    escaped = json.dumps({"text": "Lào\u0000 Cai tiếp đoàn."})
    raw = '{"text": "Vân Nam", "title": "Tiêu\x00 đề"}'
    path.write_bytes((json.dumps({"text": BODY}) + "\n" + escaped + "\n" + raw + "\n").encode("utf-8"))
    articles, errors, warnings = split(read_all(path))
    assert errors == []
    assert [a.text for a in articles] == [BODY, "Lào Cai tiếp đoàn.", "Vân Nam"]
    assert articles[2].title == "Tiêu đề"
    assert [str(w) for w in warnings] == [
        f'{path}: line 2: "text": removed 1 NUL character (the first at column 4)',
        f"{path}: line 3: removed 1 NUL character (the first at column 35)",
    ]


# --- wrong types ---------------------------------------------------------------


def test_wrong_typed_fields_are_ignored_with_a_warning_naming_the_line(tmp_path):
    path = tmp_path / "typed.jsonl"
    lines = [
        {"text": BODY, "title": ["a", "list"]},
        {"text": BODY + "2.", "id": {"an": "object"}},
        {"text": BODY + "3.", "meta": {"source": ["x.txt"]}},
        {"text": BODY + "4.", "meta": "not an object", "url": 5, "id": True},
        {"text": BODY + "5.", "id": 12, "meta": {"source": "goc.txt", "title": "Tiêu đề gốc", "url": "https://x.vn/5"}},
    ]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    articles, errors, warnings = split(read_all(path))
    assert errors == [] and len(articles) == 5
    assert [str(w) for w in warnings] == [
        f'{path}: line 1: "title" is a list, not a string; ignored',
        f'{path}: line 2: "id" is an object, not a string or an integer; ignored',
        f'{path}: line 3: "meta.source" is a list, not a string; ignored',
        f'{path}: line 4: "meta" is a string, not an object; ignored',
        f'{path}: line 4: "url" is a number, not a string; ignored',
        f'{path}: line 4: "id" is a boolean, not a string or an integer; ignored',
    ]
    assert articles[1].ext_id is None and articles[1].key.endswith("#2")
    assert articles[2].source == "typed.jsonl"
    assert (articles[4].source, articles[4].title, articles[4].url, articles[4].ext_id) == ("goc.txt", "Tiêu đề gốc", "https://x.vn/5", "12")


def test_text_of_the_wrong_type_names_its_type(tmp_path):
    path = tmp_path / "t.jsonl"
    path.write_text(json.dumps({"text": ["a"]}) + "\n", encoding="utf-8")
    [error] = read_all(path)
    assert str(error) == f'{path}: line 1: "text" is a list, not a string'


# --- limits ----------------------------------------------------------------------


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_rest_read(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_MAX_ARTICLE_MB", "0.01")  # 10,000 bytes
    path = tmp_path / "huge.jsonl"
    huge = json.dumps({"text": BODY * 400}, ensure_ascii=False)
    path.write_text("\n".join([json.dumps({"text": BODY}), huge, json.dumps({"text": BODY + "3."})]) + "\n", encoding="utf-8")
    articles, errors, _ = split(read_all(path))
    assert [a.text for a in articles] == [BODY, BODY + "3."]
    assert articles[1].key.endswith("#3")
    size = len(huge.encode("utf-8")) + 1
    assert [str(e) for e in errors] == [
        f"{path}: line 2: this record is {size / 1e6:.1f} MB, over the 0.01 MB limit (split it, or raise $ANNOTATE_MAX_ARTICLE_MB)"
    ]


def test_a_txt_over_the_limit_is_one_error(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_MAX_ARTICLE_MB", "0.01")
    path = tmp_path / "big.txt"
    path.write_text(BODY * 400, encoding="utf-8")
    [error] = read_all(path)
    assert isinstance(error, ReadError) and "over the 0.01 MB limit" in error.cause


# --- encodings, streamed ------------------------------------------------------------


@pytest.mark.parametrize("codec,bom", [("utf-16-le", b"\xff\xfe"), ("utf-16-be", b"\xfe\xff"), ("utf-16-le", b"")])
def test_utf16_jsonl_is_read_line_by_line(tmp_path, codec, bom):
    path = tmp_path / "u16.jsonl"
    content = "\n".join(json.dumps({"text": BODY + str(n)}, ensure_ascii=False) for n in range(3)) + "\n"
    path.write_bytes(bom + content.encode(codec))
    articles, errors, _ = split(read_all(path))
    assert errors == [] and [a.text for a in articles] == [BODY + str(n) for n in range(3)]
    assert {a.encoding for a in articles} == {codec}


def test_a_windows_1258_line_among_utf8_lines(tmp_path):
    path = tmp_path / "mixed.jsonl"
    legacy = json.dumps({"text": cp1258_form("Tỉnh Lào Cai và tỉnh Vân Nam ký biên bản hợp tác.")}, ensure_ascii=False)
    path.write_bytes(json.dumps({"text": BODY}, ensure_ascii=False).encode("utf-8") + b"\n" + legacy.encode("cp1258") + b"\n")
    articles, errors, _ = split(read_all(path))
    assert errors == []
    assert [a.encoding for a in articles] == ["utf-8", "cp1258"]
    assert articles[1].text == "Tỉnh Lào Cai và tỉnh Vân Nam ký biên bản hợp tác."
