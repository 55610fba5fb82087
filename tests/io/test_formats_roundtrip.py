"""Every format writes real annotated news and reads it back: the same spans come home.

The data is real: the first hand-annotated dev articles (tests/data/real).
Back into the same database a format must land every span on the article it
came from (matched by text, or by tokens for CoNLL and the token dataset);
into an empty database it must create the articles with the same spans.
"""
from __future__ import annotations

import pytest

from annotate.io.export import export, export_string
from annotate.io.formats import FORMATS, IMPORT_FORMATS, detect
from annotate.io.formats.base import Destination
from annotate.io.importer import import_file
from annotate.store.database import open_database
from tests.io.interchange_helpers import real_database, spans_of

KEEPS_ATTRS = {"jsonl", "spacy", "hf", "doccano", "labelstudio", "prodigy", "brat"}
SAME_TEXT = {"jsonl", "spacy", "doccano", "labelstudio", "prodigy", "brat"}
BYTE_IDENTICAL_IN_PLACE = {"jsonl", "spacy", "hf", "doccano", "labelstudio", "prodigy", "brat"}


@pytest.fixture(scope="module")
def real_db(tmp_path_factory):
    return real_database(tmp_path_factory.mktemp("real"))


def _target(tmp_path, fmt):
    suffix = FORMATS[fmt].suffix
    return tmp_path / (f"out{suffix}" if suffix else "out_folder")


@pytest.mark.parametrize("fmt", IMPORT_FORMATS)
def test_export_then_import_gives_the_same_spans(real_db, tmp_path, fmt):
    target = _target(tmp_path, fmt)
    report = export(open_database(real_db), Destination(path=target), view="reviewed", annotator="lan", fmt=fmt)
    original = spans_of(real_db, "lan", fmt in KEEPS_ATTRS)
    assert (report.articles, report.skipped) == (6, []) and report.spans == sum(map(len, original))
    assert detect(target).name == fmt

    back = import_file(open_database(real_db), target, f"back-{fmt}")
    assert (back.failed, back.created_articles, back.imported) == ([], 0, 6), back.failed
    assert spans_of(real_db, f"back-{fmt}", fmt in KEEPS_ATTRS) == original
    if fmt in BYTE_IDENTICAL_IN_PLACE:
        db = open_database(real_db)
        assert export_string(db, view="reviewed", annotator=f"back-{fmt}") == export_string(db, view="reviewed", annotator="lan")

    fresh = tmp_path / "fresh.db"
    again = import_file(open_database(fresh), target, "x")
    assert (again.failed, again.created_articles) == ([], 6)
    rebuilt = spans_of(fresh, "x", fmt in KEEPS_ATTRS)
    if fmt in SAME_TEXT:
        assert rebuilt == original
    else:  # text rebuilt from tokens: the same labels over the same tokens
        assert [[label for _, label, _ in doc] for doc in rebuilt] == [[label for _, label, _ in doc] for doc in original]
        assert [[t.replace(" ", "") for t, _, _ in doc] for doc in rebuilt] == [[t.replace(" ", "") for t, _, _ in doc] for doc in original]

    unchanged = import_file(open_database(real_db), target, f"back-{fmt}")
    assert (unchanged.imported, unchanged.unchanged) == (0, 6)


def test_every_format_is_offered_by_the_cli():
    from annotate.cli import exchange

    assert exchange.EXPORT_FORMATS == tuple(FORMATS)
    assert exchange.IMPORT_FORMATS == IMPORT_FORMATS
