"""docs/api.md's examples run as written: the real pre-annotator, spaCy and datasets, on a throwaway database."""
from __future__ import annotations

import doctest
import tempfile

import pytest

from tests.paths import ROOT

API_DOCS = ROOT / "docs" / "api.md"


def test_every_example_in_the_api_docs_gives_the_output_shown(tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    pytest.importorskip("datasets")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ANNOTATE_DB", str(tmp_path / "default.db"))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # the examples' mkdtemp() lands here and is cleaned up
    result = doctest.testfile(str(API_DOCS), module_relative=False, optionflags=doctest.ELLIPSIS, report=True, verbose=False)
    assert result.attempted > 30
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in docs/api.md gave other output (printed above)"


def test_every_public_function_of_the_api_is_documented_there():
    from annotate import api

    text = API_DOCS.read_text(encoding="utf-8")
    functions = [name for name in api.__all__ if callable(getattr(api, name)) and not isinstance(getattr(api, name), type)]
    assert [name for name in functions if f"`{name}(" not in text and f"{name}(" not in text] == []
    assert all(getattr(api, name).__doc__ for name in functions)
