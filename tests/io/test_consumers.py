"""Exports load in the libraries people train with, checked with those real libraries on real news.

spaCy's own converter and DocBin, Hugging Face datasets (its CSV loader told
CoNLL's column names, and load_from_disk), seqeval in strict IOB2 mode.
"""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from annotate.io.export import export, export_string
from annotate.io.formats.base import Destination
from annotate.store.database import open_database
from tests.io.interchange_helpers import real_database

spacy = pytest.importorskip("spacy")
datasets = pytest.importorskip("datasets")


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    return real_database(tmp_path_factory.mktemp("consumers"))


@pytest.fixture(scope="module")
def ours(real_db):
    return [json.loads(line) for line in export_string(open_database(real_db), view="reviewed", annotator="lan").splitlines()]


def _conll(real_db, path, docstart="conll2003"):
    export(open_database(real_db), Destination(path=path), view="reviewed", annotator="lan", fmt="conll", docstart=docstart)
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return [[line.split(" ") for line in b.splitlines()] for b in blocks if not b.startswith("-DOCSTART-")]


def test_spacy_convert_reads_the_conll_export(real_db, ours, tmp_path):
    path = tmp_path / "lan.conll"
    _conll(real_db, path, docstart="spacy")
    out = tmp_path / "converted"
    out.mkdir()
    result = subprocess.run([sys.executable, "-m", "spacy", "convert", str(path), str(out)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    docs = list(DocBin().from_disk(out / "lan.spacy").get_docs(Vocab()))
    entities = [(e.text, e.label_) for d in docs for e in d.ents]
    # --docstart spacy writes the one line spaCy's converter splits documents on: one Doc an article, only our words
    assert len(docs) == len(ours)
    words = [t.text for d in docs for t in d]
    expected = [(s["text"], s["label"]) for d in ours for s in d["spans"]]
    assert [(t.replace(" ", ""), l) for t, l in entities] == [(t.replace(" ", ""), l) for t, l in expected]
    assert "".join(words) == "".join("".join(d["text"][a:b].split()) for d in ours for a, b in [d["meta"]["article"]])


def test_hf_csv_loader_with_conll_columns_keeps_the_tags(real_db, tmp_path):
    path = tmp_path / "lan.conll"
    sentences = _conll(real_db, path)
    loaded = datasets.load_dataset(
        "csv", data_files=str(path), sep=" ", quoting=csv.QUOTE_NONE, column_names=["tokens", "pos_tags", "chunk_tags", "ner_tags"],
        keep_default_na=False, na_filter=False, cache_dir=str(tmp_path / "cache"), split="train",
    )
    rows = [r for r in loaded if r["tokens"] != "-DOCSTART-"]
    assert [r["ner_tags"] for r in rows] == [cols[3] for s in sentences for cols in s]
    assert [r["tokens"] for r in rows] == [cols[0] for s in sentences for cols in s]


def test_seqeval_strict_iob2_accepts_every_sentence(real_db, ours, tmp_path):
    from seqeval.metrics import f1_score
    from seqeval.scheme import IOB2, Entities

    sentences = _conll(real_db, tmp_path / "lan.conll")
    tags = [[cols[3] for cols in s] for s in sentences]
    for sentence in tags:  # strict IOB2: an I- only continues a span of its own label
        assert all(not t.startswith("I-") or p[2:] == t[2:] for p, t in zip(["O"] + sentence, sentence))
    assert sum(len(e) for e in Entities(tags, IOB2).entities) == sum(len(d["spans"]) for d in ours)
    assert f1_score(tags, tags, mode="strict", scheme=IOB2) == 1.0
    assert max(len(s) for s in sentences) < 400  # one sentence a block, not whole paragraphs


def test_spacy_docbin_holds_our_spans_attributes_and_region(real_db, ours, tmp_path):
    from spacy.tokens import DocBin, Span
    from spacy.vocab import Vocab

    path = tmp_path / "lan.spacy"
    export(open_database(real_db), Destination(path=path), view="reviewed", annotator="lan", fmt="spacy")
    if not Span.has_extension("attrs"):
        Span.set_extension("attrs", default=None)
    docs = list(DocBin().from_disk(path).get_docs(Vocab()))
    assert [d.text for d in docs] == [o["text"] for o in ours]
    for doc, mine in zip(docs, ours):
        expected = [(s["start"], s["end"], s["label"]) for s in mine["spans"]]
        assert [(s.start_char, s.end_char, s.label_) for s in doc.spans["sc"]] == expected
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == expected
        assert [s._.attrs for s in doc.spans["sc"]] == [s["attrs"] for s in mine["spans"]]
        assert doc.user_data["meta"]["article_id"] == mine["meta"]["article_id"]
        start, end = mine["meta"]["article"]
        outside = [t for t in doc if not t.text.isspace() and (t.idx >= end or t.idx + len(t) <= start)]
        assert all(t.ent_iob_ == "" for t in outside)  # missing, not O: never annotated
        assert all(t.ent_iob_ in ("O", "B", "I") for t in doc if not t.text.isspace() and start <= t.idx < end)
        assert len(list(doc.sents)) > 1


def test_hf_dataset_loads_from_disk_with_its_features(real_db, ours, tmp_path):
    path = tmp_path / "lan_hf"
    export(open_database(real_db), Destination(path=path), view="reviewed", annotator="lan", fmt="hf")
    loaded = datasets.load_from_disk(str(path))
    assert list(loaded) == ["train"]
    train = loaded["train"]
    tags = train.features["ner_tags"].feature
    assert isinstance(tags, datasets.ClassLabel) and tags.names == ["O", "B-OFFICIAL", "I-OFFICIAL", "B-LOCALITY", "I-LOCALITY", "B-FIGURE", "I-FIGURE"]
    assert train.features["tokens"].feature == datasets.Value("string")
    assert set(train.features["spans"].feature) == {"start", "end", "label", "text", "attrs", "status"}
    spans = [s for row in train for s in row["spans"]]
    assert [(s["text"], s["label"], json.loads(s["attrs"])) for s in spans] == [(s["text"], s["label"], s["attrs"]) for d in ours for s in d["spans"]]
    row = train[0]
    text = ours[0]["text"]
    assert [text[a:b] for a, b in row["offsets"]] == row["tokens"]
    assert row["meta"]["article_id"] == ours[0]["meta"]["article_id"]
    assert sum(1 for r in train for t in r["ner_tags"] if tags.int2str(t).startswith("B-")) == len(spans)


def test_hf_parquet_keeps_the_class_labels(real_db, tmp_path):
    import pyarrow.parquet as pq

    path = tmp_path / "lan.parquet"
    export(open_database(real_db), Destination(path=path), view="reviewed", annotator="lan", fmt="hf")
    table = datasets.Dataset(pq.read_table(str(path)))
    assert table.features["ner_tags"].feature.names[0] == "O" and len(table) > 6
