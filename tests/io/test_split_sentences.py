"""`--max-tokens N`: long sentences cut for transformers' windows, never inside a span, in conll, hf and spacy.

On real news (the hand-annotated dev articles), whose sentences reach hundreds of syllables.
"""
from __future__ import annotations

import pytest

from annotate import api
from annotate.errors import OptionError
from annotate.store.database import open_database
from tests.io.interchange_helpers import real_database, spans_of

LIMIT = 24


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    return real_database(tmp_path_factory.mktemp("pieces"), articles=12)


def _blocks(path):
    blocks = [b for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip() and not b.startswith("-DOCSTART-")]
    return [[line.split(" ") for line in block.split("\n") if line] for block in blocks]


def test_conll_pieces_fit_the_limit_and_hold_the_same_tokens_and_tags(real_db, tmp_path):
    db = open_database(real_db)
    whole, cut = tmp_path / "whole.conll", tmp_path / "cut.conll"
    api.export(db, whole, "conll", "reviewed", "lan")
    result = api.export(db, cut, "conll", "reviewed", "lan", max_tokens=LIMIT)
    before, after = _blocks(whole), _blocks(cut)
    assert max(map(len, before)) > LIMIT  # real sentences are longer than the window
    assert max(map(len, after)) <= LIMIT and len(after) > len(before)
    assert [row for block in after for row in block] == [row for block in before for row in block]
    assert not any(block[0][-1].startswith("I-") for block in after)  # no piece begins inside a span
    assert any(n.startswith(f"--max-tokens {LIMIT}:") and "none inside a span" in n for n in result.report.notes)
    from seqeval.metrics.sequence_labeling import get_entities

    assert sum(len(get_entities([r[-1] for r in b])) for b in after) == sum(len(get_entities([r[-1] for r in b])) for b in before)


def test_conll_pieces_import_back_onto_the_same_spans(real_db, tmp_path):
    db = open_database(real_db)
    cut = tmp_path / "cut.conll"
    api.export(db, cut, "conll", "reviewed", "lan", max_tokens=LIMIT)
    report = api.import_file(db, cut, "back")
    assert report.failed == [] and report.created_articles == 0
    assert spans_of(real_db, "back", keep_attrs=False) == spans_of(real_db, "lan", keep_attrs=False)


def test_hf_rows_fit_the_limit(real_db):
    pytest.importorskip("datasets")
    whole, _ = api.to_dataset_dict(open_database(real_db), "reviewed", "lan")
    cut, report = api.to_dataset_dict(open_database(real_db), "reviewed", "lan", max_tokens=LIMIT)
    assert max(len(t) for t in whole["train"]["tokens"]) > LIMIT >= max(len(t) for t in cut["train"]["tokens"])
    assert sum(len(s) for s in cut["train"]["spans"]) == sum(len(s) for s in whole["train"]["spans"])
    assert report.skipped == []


def test_spacy_sentences_fit_the_limit_and_keep_every_entity(real_db):
    pytest.importorskip("spacy")
    from spacy.vocab import Vocab

    whole, _ = api.to_docbin(open_database(real_db), "reviewed", "lan")
    cut, _ = api.to_docbin(open_database(real_db), "reviewed", "lan", max_tokens=LIMIT)
    docs_whole, docs_cut = list(whole.get_docs(Vocab())), list(cut.get_docs(Vocab()))

    def longest(docs):  # our tokens; the whitespace words that keep the text exact are not theirs
        return max(sum(not t.text.isspace() for t in s) for d in docs for s in d.sents)

    assert longest(docs_cut) <= LIMIT < longest(docs_whole)
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs_cut] == \
        [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in docs_whole]


def test_a_span_longer_than_the_limit_stays_whole_and_is_named(real_db, tmp_path):
    result = api.export(open_database(real_db), tmp_path / "tiny.conll", "conll", "reviewed", "lan", max_tokens=1)
    assert any("a span is longer than --max-tokens 1" in note for note in result.report.notes)
    assert not any(block[0][-1].startswith("I-") for block in _blocks(tmp_path / "tiny.conll"))


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "labelstudio", "prodigy", "brat", "csv"])
def test_formats_of_whole_articles_refuse_max_tokens(real_db, tmp_path, fmt):
    with pytest.raises(OptionError, match="writes whole articles"):
        api.export(open_database(real_db), tmp_path / "x", fmt, "reviewed", "lan", max_tokens=LIMIT)
