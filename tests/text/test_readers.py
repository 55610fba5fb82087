"""Reading files and expanding paths: good input becomes articles, bad input named errors."""
from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest

from annotate.text.readers import RawArticle, ReadError, expand_paths, read_articles

TITLE = "Thúc đẩy hợp tác giữa TP Hồ Chí Minh và TP Trùng Khánh"
BODY = (
    "Ngày 13/10, Phó Chủ tịch UBND Thành phố Hồ Chí Minh Võ Văn Hoan đã tiếp bà Trương "
    "Quốc Trí, Phó Thị trưởng thành phố Trùng Khánh, trao đổi phương hướng hợp tác giữa "
    "hai địa phương trong thời gian tới."
)
PAGE = f"{TITLE}\n\n{BODY}\n\nTin, ảnh: Xuân Khu (TTXVN)\n"


def read_all(path: Path) -> list[RawArticle | ReadError]:
    return list(read_articles(path))


def only_article(path: Path) -> RawArticle:
    [item] = read_all(path)
    assert isinstance(item, RawArticle), item
    return item


def only_error(path: Path) -> ReadError:
    [item] = read_all(path)
    assert isinstance(item, ReadError), item
    assert "\n" not in str(item)
    return item


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --- .txt --------------------------------------------------------------------


def test_txt_gives_one_article(tmp_path: Path) -> None:
    path = tmp_path / "bai.txt"
    path.write_text(PAGE, encoding="utf-8")
    article = only_article(path)
    assert (article.source, article.key, article.path) == ("bai.txt", str(path.resolve()), str(path))
    assert article.text == PAGE
    assert article.title == TITLE
    assert article.encoding == "utf-8"
    assert article.ext_id is None
    assert article.layout.article == (0, len(PAGE) - 1)


def test_txt_nfd_crlf_and_bom_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "bai.txt"
    windows_nfd = unicodedata.normalize("NFD", PAGE).replace("\n", "\r\n")
    path.write_bytes(b"\xef\xbb\xbf" + windows_nfd.encode("utf-8"))
    article = only_article(path)
    assert article.text == PAGE
    assert article.encoding == "utf-8-sig"


@pytest.mark.parametrize(("bom", "codec"), [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")])
def test_txt_utf16(tmp_path: Path, bom: bytes, codec: str) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(bom + PAGE.encode(codec))
    article = only_article(path)
    assert (article.text, article.encoding) == (PAGE, codec)


def test_txt_windows_1258(tmp_path: Path) -> None:
    tones = "\u0300\u0301\u0303\u0309\u0323"
    clusters: list[list[str]] = []
    for char in unicodedata.normalize("NFD", PAGE):
        if unicodedata.combining(char) and clusters:
            clusters[-1].append(char)
        else:
            clusters.append([char])
    legacy = "".join(
        unicodedata.normalize("NFC", base + "".join(m for m in marks if m not in tones))
        + "".join(m for m in marks if m in tones)
        for base, *marks in clusters
    )
    path = tmp_path / "bai.txt"
    path.write_bytes(legacy.encode("cp1258"))
    article = only_article(path)
    assert (article.text, article.encoding) == (PAGE, "cp1258")


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert str(only_error(path)) == f"{path}: empty file"


def test_blank_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(" \n\n \n", encoding="utf-8")
    assert "no text" in only_error(path).cause


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert str(only_error(path)) == f"{path}: binary file, not text"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Le café est très épicé à Noël.".encode("cp1252"))
    assert only_error(path).cause == "not UTF-8, UTF-16 or Windows-1258 text"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"
    assert only_error(path).cause == "no such file or directory"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert "directory" in only_error(folder).cause


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PAGE, encoding="utf-8")

    real_open = os.open

    def refuse(name, *args, **kwargs):  # root reads everything, so refuse this one file by hand
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    assert str(only_error(path)) == f"{path}: permission denied"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads everything")
def test_permission_denied_for_real(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(PAGE, encoding="utf-8")
    path.chmod(0)
    try:
        assert only_error(path).cause == "permission denied"
    finally:
        path.chmod(0o644)


def test_five_megabyte_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    page = PAGE + "\n" + BODY + "\n\n"
    path.write_text(page * (5_000_000 // len(page.encode("utf-8")) + 1), encoding="utf-8")
    assert path.stat().st_size >= 5_000_000
    article = only_article(path)
    assert article.text.startswith(TITLE)


# --- .jsonl ------------------------------------------------------------------


def test_jsonl_one_article_per_line(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "batch.jsonl", [
        json.dumps({"id": "a1", "text": PAGE, "title": "Tiêu đề JSON", "url": "https://x.vn/a1"}),
        json.dumps({"text": BODY}),
        json.dumps({"id": 7, "text": PAGE}),
    ])
    items = read_all(path)
    assert all(isinstance(item, RawArticle) for item in items)
    first, second, third = items
    assert (first.key, first.ext_id) == (f"{path.resolve()}#a1", "a1")
    assert (first.title, first.url) == ("Tiêu đề JSON", "https://x.vn/a1")
    assert first.layout.title == TITLE
    assert (second.key, second.ext_id, second.text) == (f"{path.resolve()}#2", None, BODY)
    assert (third.key, third.ext_id, third.title) == (f"{path.resolve()}#7", "7", TITLE)
    assert {a.source for a in (first, second, third)} == {"batch.jsonl"}


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "batch.jsonl", [
        json.dumps({"id": "ok1", "text": PAGE}),
        '{"text": "unterminated',
        json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}),
        json.dumps({"text": 42}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"id": "ok2", "text": BODY}),
    ])
    items = read_all(path)
    articles = [i for i in items if isinstance(i, RawArticle)]
    errors = [i for i in items if isinstance(i, ReadError)]
    assert [a.key for a in articles] == [f"{path.resolve()}#ok1", f"{path.resolve()}#ok2"]
    assert [e.cause.split(":")[0] for e in errors] == [f"line {n}" for n in range(2, 7)]
    assert "invalid JSON" in errors[0].cause
    assert 'missing "text"' in errors[1].cause
    assert 'empty "text"' in errors[2].cause
    assert "not a string" in errors[3].cause
    assert str(errors[0]).startswith(f"{path}: line 2: ")
    assert all("\n" not in str(e) for e in errors)


def test_jsonl_text_is_normalised(tmp_path: Path) -> None:
    raw = unicodedata.normalize("NFD", PAGE).replace("\n", "\r\n")
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + (json.dumps({"text": raw}) + "\r\n").encode("utf-8"))
    article = only_article(path)
    assert article.text == PAGE
    assert article.key == f"{path.resolve()}#1"


def test_jsonl_with_only_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert "no records" in only_error(path).cause


# --- expand_paths ------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.jsonl").write_text(json.dumps({"text": PAGE}) + "\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "c.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "d.TXT").write_text(PAGE, encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "e.txt").write_text(PAGE, encoding="utf-8")
    return tmp_path


def names(paths: list[Path], root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in paths]


def test_folder_is_searched_recursively(tree: Path) -> None:
    paths, errors = expand_paths([str(tree)])
    assert errors == []
    assert names(paths, tree) == ["a.txt", "b.jsonl", "sub/c.txt", "sub/deeper/d.TXT"]


def test_glob(tree: Path) -> None:
    paths, errors = expand_paths([str(tree / "**" / "*.txt")])
    assert errors == []
    assert names(paths, tree) == ["a.txt", "sub/c.txt"]


def test_duplicates_are_dropped_and_output_sorted(tree: Path) -> None:
    args = [str(tree / "sub" / "c.txt"), str(tree), str(tree / "a.txt"), str(tree / "*.txt")]
    paths, errors = expand_paths(args)
    assert errors == []
    assert names(paths, tree) == ["a.txt", "b.jsonl", "sub/c.txt", "sub/deeper/d.TXT"]


def test_missing_path_is_an_error(tree: Path) -> None:
    missing = str(tree / "nope.txt")
    paths, errors = expand_paths([missing, str(tree / "a.txt")])
    assert names(paths, tree) == ["a.txt"]
    assert [str(e) for e in errors] == [f"{missing}: no such file or directory"]


def test_unsupported_named_file_is_an_error(tree: Path) -> None:
    paths, errors = expand_paths([str(tree / "notes.md")])
    assert paths == []
    assert len(errors) == 1 and "unsupported" in errors[0].cause


def test_glob_without_matches_is_an_error(tree: Path) -> None:
    paths, errors = expand_paths([str(tree / "*.csv")])
    assert paths == []
    assert len(errors) == 1 and "no files match" in errors[0].cause


def test_empty_argument_is_an_error() -> None:
    paths, errors = expand_paths([""])
    assert paths == [] and [e.cause for e in errors] == ["empty path"]


def test_folder_without_articles_is_an_error(tmp_path: Path) -> None:
    paths, errors = expand_paths([str(tmp_path)])
    assert paths == [] and len(errors) == 1


def test_bundled_samples_read_cleanly() -> None:
    from tests.paths import SAMPLES as samples
    paths, errors = expand_paths([str(samples)])
    assert errors == [] and len(paths) >= 5
    for path in paths:
        article = only_article(path)
        start, end = article.layout.article
        assert 0 <= start < end <= len(article.text)
