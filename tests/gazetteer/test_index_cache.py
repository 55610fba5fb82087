"""The gazetteer index cache: written once, read back identical, keyed by every input, never trusted blindly."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from annotate.gazetteer import cache
from annotate.gazetteer import index as index_module
from annotate.gazetteer.entries import PlaceEntry
from annotate.gazetteer.index import PlaceIndex
from annotate.gazetteer.records import cn_places
from annotate.gazetteer.vn import vn_units
from annotate.text.syllables import words_in

USER_FILE = """places:
  - {id: t-user-1, name: Khâu Vằn, canonical: Khâu Vằn, country: VN, level: province}
"""


@pytest.fixture(autouse=True)
def smaller_shipped_gazetteer(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Chinese place and Vietnamese province, the communes of one province: builds in a blink, and has
    every kind of name the tables hold (the full data compiles the same code, for longer)."""
    vn = [e for e in vn_units() if e.level == "province" or (e.parent_name or "").startswith("Lạng Sơn")
          or e.parent_name == "Cao Lộc"]
    monkeypatch.setattr(index_module, "default_entries", lambda: [*cn_places(), *vn])


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("ANNOTATE_CACHE_DIR", str(folder))
    return folder


def _files(folder: Path) -> list[Path]:
    return sorted(folder.glob("places-*.json"))


def _answers(index: PlaceIndex) -> list:
    """What the pre-annotator and the review screen ask, on names of every kind."""
    text = "tỉnh Quí Châu, Bà Rịa-Vũng Tàu, Thành phố Hồ Chí Minh, xã Thanh Lòa, Hồng Kông, Khâu Vằn"
    words = words_in(text, 0, len(text))
    return [
        [index.place_at(words, i) for i in range(len(words))],
        index.lookup("Hà Giang"), index.lookup_folded("Trung Khanh"), index.lookup("Khâu Vằn"),
        index.fuzzy("Chiết Giamg", limit=5), index.written_form(("cần", "thơ")), index.max_words, len(index),
        index.now_name(index.lookup("Hà Giang")[0]),
    ]


def test_the_cache_is_written_once_and_read_back_identical(cache_dir):
    built = PlaceIndex()
    assert not built.from_cache and len(_files(cache_dir)) == 1
    again = PlaceIndex()
    assert again.from_cache and len(_files(cache_dir)) == 1
    assert _answers(again) == _answers(built)


def test_the_cache_is_private_and_complete(cache_dir):
    PlaceIndex()
    assert stat.S_IMODE(cache_dir.stat().st_mode) == 0o700
    (written,) = _files(cache_dir)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert [p.name for p in cache_dir.iterdir() if p.suffix == ".tmp"] == []  # renamed into place, nothing left


def test_user_files_and_confirmed_entries_are_part_of_the_key(cache_dir, tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(USER_FILE, encoding="utf-8")
    first = PlaceIndex(extra_paths=[user])
    assert [e.id for e in first.lookup("Khâu Vằn")] == ["t-user-1"]
    user.write_text(USER_FILE.replace("Khâu Vằn", "Sơn Khuê"), encoding="utf-8")
    edited = PlaceIndex(extra_paths=[user])
    assert not edited.from_cache and edited.lookup("Khâu Vằn") == [] and edited.lookup("Sơn Khuê")
    confirmed = PlaceEntry(id="t-db-1", name="Pò Khiêu", canonical="Pò Khiêu", country="VN", level="commune")
    with_db = PlaceIndex(extra_paths=[user], extra_entries=[confirmed])
    assert not with_db.from_cache and with_db.lookup("Pò Khiêu") == [confirmed]
    assert PlaceIndex(extra_paths=[user], extra_entries=[confirmed]).from_cache
    assert len(_files(cache_dir)) == 3


@pytest.mark.parametrize("damage", ["truncate", "garbage", "wrong digest", "valid json, wrong shape"])
def test_a_damaged_cache_is_ignored_and_rewritten(cache_dir, damage):
    reference = _answers(PlaceIndex())
    (written,) = _files(cache_dir)
    raw = written.read_bytes()
    header, body = raw.split(b"\n", 1)
    if damage == "truncate":
        written.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        written.write_bytes(b"\x00\xff not json at all")
    elif damage == "wrong digest":
        meta = json.loads(header)
        meta["digest"] = "0" * 64
        written.write_bytes(json.dumps(meta).encode() + b"\n" + body)
    else:
        payload = json.dumps({"rows": 5}).encode()
        meta = json.loads(header)
        meta["checksum"] = __import__("hashlib").sha256(payload).hexdigest()
        written.write_bytes(json.dumps(meta).encode() + b"\n" + payload)
    rebuilt = PlaceIndex()
    assert not rebuilt.from_cache and _answers(rebuilt) == reference
    assert PlaceIndex().from_cache  # rewritten whole


def test_caching_can_be_turned_off_and_an_unsafe_directory_is_not_used(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_CACHE_DIR", "off")
    assert cache.cache_dir() is None and not PlaceIndex().from_cache
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o777)
    monkeypatch.setenv("ANNOTATE_CACHE_DIR", str(shared))
    assert cache.cache_dir() is None  # others could write there
    PlaceIndex()
    assert list(shared.iterdir()) == []


def test_an_index_on_a_given_base_is_never_cached(cache_dir):
    entry = PlaceEntry(id="t-1", name="Thạch Lũng", canonical="Thạch Lũng", country="CN", level="province")
    index = PlaceIndex(base=[entry])
    assert not index.from_cache and index.lookup("Thạch Lũng") == [entry] and not cache_dir.exists()
