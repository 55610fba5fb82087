"""`--split`: train/dev/test by article, the same on every export, versions of an article together, every format.

Real news throughout: the hand-annotated dev articles (tests/data/real/dev_gold.jsonl)
imported as finished work; the files are read back with the format's own reader.
"""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from annotate import api
from annotate.errors import OptionError
from annotate.io.split import SplitSpec
from annotate.store import reviews
from annotate.store.database import open_database, write_transaction
from tests.io.interchange_helpers import REAL_GOLD

SPLITS = ("train", "dev", "test")


def _subset(folder: Path, lines: slice, name: str = "subset.jsonl") -> Path:
    path = folder / name
    path.write_text("".join(REAL_GOLD.read_text(encoding="utf-8").splitlines(keepends=True)[lines]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("split")
    db = open_database(folder / "real.db")
    assert api.import_file(db, _subset(folder, slice(0, 40)), "lan").imported == 40
    return folder / "real.db"


def _texts(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").split("\n") if line]


def _split_texts(folder: Path) -> dict[str, list[str]]:
    return {name: _texts(folder / f"{name}.jsonl") for name in SPLITS}


def test_shares_parse_and_bad_shares_say_why():
    assert SplitSpec.parse("80/10/10").names == SPLITS
    assert SplitSpec.parse("90/10").names == ("train", "test")
    assert SplitSpec.parse("0.8/0.1/0.1", 3).shares == pytest.approx((0.8, 0.1, 0.1))
    for bad, why in [("80/10/5", "add up to 95"), ("80-20", "two or three"), ("a/b/c", "two or three"), ("100", "two or three")]:
        with pytest.raises(OptionError, match=why):
            SplitSpec.parse(bad)


def test_split_holds_every_article_once_and_the_same_seed_gives_the_same_files(real_db, tmp_path):
    db = open_database(real_db)
    first = api.export(db, tmp_path / "a", "jsonl", "reviewed", "lan", split="80/10/10", seed=7)
    again = api.export(db, tmp_path / "b", "jsonl", "reviewed", "lan", split="80/10/10", seed=7)
    whole = _texts_of_export(db, tmp_path / "all.jsonl")
    placed = _split_texts(tmp_path / "a")
    assert sorted(t for texts in placed.values() for t in texts) == sorted(whole)
    assert all(placed[name] for name in SPLITS) and len(placed["train"]) > len(placed["dev"])
    for name in [*(f"{s}.jsonl" for s in SPLITS), "README.md"]:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert {n: c.articles for n, c in first.counts.items()} == {n: len(t) for n, t in placed.items()}
    assert first.report.articles == again.report.articles == 40
    other = api.export(db, tmp_path / "c", "jsonl", "reviewed", "lan", split="80/10/10", seed=8)
    assert _split_texts(tmp_path / "c") != placed and other.report.articles == 40


def _texts_of_export(db, path: Path) -> list[str]:
    api.export(db, path, "jsonl", "reviewed", "lan")
    return _texts(path)


def test_more_articles_later_never_move_one_already_placed(tmp_path):
    db = open_database(tmp_path / "grow.db")
    api.import_file(db, _subset(tmp_path, slice(0, 20), "first.jsonl"), "lan")
    api.export(db, tmp_path / "before", "jsonl", "reviewed", "lan", split="60/20/20", seed=1)
    api.import_file(db, _subset(tmp_path, slice(20, 40), "second.jsonl"), "lan")
    api.export(db, tmp_path / "after", "jsonl", "reviewed", "lan", split="60/20/20", seed=1)
    before, after = _split_texts(tmp_path / "before"), _split_texts(tmp_path / "after")
    where_after = {text: name for name, texts in after.items() for text in texts}
    assert sum(map(len, after.values())) == 40
    assert all(where_after[text] == name for name, texts in before.items() for text in texts)


def _articles_with_two_versions(folder: Path, db_path: Path, count: int) -> None:
    """count article files ingested, finished by lan, then changed and ingested again: two linked versions each."""
    pages = [json.loads(line)["text"] for line in REAL_GOLD.read_text(encoding="utf-8").splitlines()[:count]]
    files = folder / "pages"
    files.mkdir()
    for number, text in enumerate(pages):
        (files / f"{number:02d}.txt").write_text(text, encoding="utf-8")
    assert not api.ingest([files], db_path, preannotate=False).failed
    db = open_database(db_path)
    with write_transaction(db):
        for article in api.articles(db, "predicted"):
            reviews.set_review(db, article.article.id, "lan", status="done", opened=1)
    for number, text in enumerate(pages):
        (files / f"{number:02d}.txt").write_text(text + "\nCập nhật lúc 10 giờ.\n", encoding="utf-8")
    assert not api.ingest([files], db_path, preannotate=False).failed
    with write_transaction(db):
        for article in api.articles(db, "predicted"):
            reviews.set_review(db, article.article.id, "lan", status="done", opened=1)


def test_versions_of_one_article_never_straddle_splits(tmp_path):
    db_path = tmp_path / "versions.db"
    _articles_with_two_versions(tmp_path, db_path, 24)
    db = open_database(db_path)
    api.export(db, tmp_path / "out", "jsonl", "reviewed", "lan", split="50/25/25", seed=3)
    placed = {text: name for name, texts in _split_texts(tmp_path / "out").items() for text in texts}
    assert len(placed) == 48  # both versions of all 24 are in the view
    originals = [t for t in placed if not t.endswith("Cập nhật lúc 10 giờ.\n")]
    assert len(originals) == 24
    assert all(placed[text] == placed[text + "\nCập nhật lúc 10 giờ.\n"] for text in originals)
    assert len({placed[text] for text in originals}) > 1  # the groups themselves are spread over the splits


def _read_back(fmt: str, folder: Path, files: dict[str, str], tmp_path: Path) -> dict[str, int]:
    """Articles per split, counted by the consumer of the format (our importer, spaCy, datasets, csv)."""
    if fmt == "hf":
        datasets = pytest.importorskip("datasets")
        loaded = datasets.load_from_disk(str(folder))
        assert set(loaded) == {"train", "validation", "test"}
        return {name: len({row["meta"]["article_id"] for row in loaded[files[name]]}) for name in SPLITS}
    if fmt == "spacy":
        pytest.importorskip("spacy")
        from spacy.tokens import DocBin

        return {name: len(DocBin().from_disk(folder / files[name])) for name in SPLITS}
    if fmt == "csv":
        counted = {}
        for name in SPLITS:
            with open(folder / files[name], encoding="utf-8", newline="") as handle:
                counted[name] = len({row["article_id"] for row in csv.DictReader(handle)})
        return counted
    return {name: api.import_file(open_database(tmp_path / f"{name}.db"), folder / files[name], "back", fmt).imported for name in SPLITS}


@pytest.mark.parametrize("fmt", api.EXPORT_FORMATS)
def test_every_format_splits_into_files_that_its_readers_count_as_the_card_says(real_db, tmp_path, fmt):
    folder = tmp_path / "out"
    result = api.export(open_database(real_db), folder, fmt, "reviewed", "lan", split="80/10/10", seed=5)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*result.files.values(), "README.md"] + (["dataset_dict.json"] if fmt == "hf" else []))
    counts = _read_back(fmt, folder, result.files, tmp_path)
    assert counts == {name: result.counts[name].articles for name in SPLITS}
    assert sum(counts.values()) == 40
    card = (folder / "README.md").read_text(encoding="utf-8")
    for name in SPLITS:
        assert f"| {name} | `{result.files[name]}` | {result.counts[name].articles} |" in card


def test_card_counts_spans_written_per_label_and_names_annotators_and_agreement(real_db, tmp_path):
    db = open_database(real_db)
    assert api.import_file(db, _subset(tmp_path, slice(0, 10)), "minh|*x*\x1b").imported == 10
    result = api.export(db, tmp_path / "out", "jsonl", "reviewed", "lan", split="80/10/10", seed=5)
    card = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    written = {name: [json.loads(line) for line in (tmp_path / "out" / f"{name}.jsonl").read_text(encoding="utf-8").split("\n") if line]
               for name in SPLITS}
    for name in SPLITS:
        by_label = {label: sum(s["label"] == label for d in written[name] for s in d["spans"]) for label in ("OFFICIAL", "LOCALITY", "FIGURE")}
        assert dict(result.counts[name].labels) == {k: v for k, v in by_label.items() if v}
        row = f"| {name} | `{name}.jsonl` | {len(written[name])} | {by_label['OFFICIAL']} | {by_label['LOCALITY']} | {by_label['FIGURE']} |"
        assert row in card
    assert "annotate/GUIDELINES.md`, version `" in card and "| lan | 40 |" in card
    assert "| lan / minh\\|\\*x\\*␛ | 10 | 1.000 |" in card  # the same work twice agrees fully; the name shown literally
    assert "\x1b" not in card


def test_split_options_that_cannot_work_are_usage_errors(real_db, tmp_path):
    db = open_database(real_db)
    with pytest.raises(OptionError, match="give -o FOLDER"):
        api.export(db, None, "jsonl", "reviewed", "lan", split="80/10/10")
    with pytest.raises(OptionError, match="--split too"):
        api.export(db, tmp_path / "x.jsonl", "jsonl", "reviewed", "lan", seed=3)
    (tmp_path / "file").write_text("", encoding="utf-8")
    with pytest.raises(OptionError, match="this is a file"):
        api.export(db, tmp_path / "file", "jsonl", "reviewed", "lan", split="80/10/10")
