"""The interchange formats, by name, and which one a file is.

Each format is one module with a small object (name, suffix, write, read,
sniff: see base.Format). Detection reads a file's first bytes (or a folder's
names) and asks each format in turn, most specific first; a file no format
claims is an error naming the line and the keys it showed, never an empty
import.
"""
from __future__ import annotations

from pathlib import Path

from annotate.io.formats.base import Format, LineError, Sample
from annotate.io.formats.brat import BratFormat
from annotate.io.formats.conll import ConllFormat
from annotate.io.formats.csv_rows import CsvFormat
from annotate.io.formats.doccano import DoccanoFormat
from annotate.io.formats.hf_dataset import HfFormat
from annotate.io.formats.jsonio import MAX_SAMPLE, first_json, keys_of
from annotate.io.formats.jsonl import JsonlFormat
from annotate.io.formats.labelstudio import LabelStudioFormat
from annotate.io.formats.prodigy import ProdigyFormat
from annotate.io.formats.spacy_docbin import SpacyFormat

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        JsonlFormat(), ConllFormat(), SpacyFormat(), HfFormat(), DoccanoFormat(),
        LabelStudioFormat(), ProdigyFormat(), BratFormat(), CsvFormat(),
    )
}
EXPORT_FORMATS = tuple(FORMATS)
IMPORT_FORMATS = tuple(name for name, f in FORMATS.items() if getattr(f, "can_read", True))
DETECTION_ORDER = ("hf", "brat", "spacy", "labelstudio", "prodigy", "doccano", "jsonl", "conll")


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r} (one of {', '.join(FORMATS)})") from None


def sample(path: Path) -> Sample:
    """What detection looks at: a folder's names, or a file's first 64 KiB and first JSON value."""
    if path.is_dir():
        return Sample(path, b"", None, tuple(sorted(p.name for p in path.iterdir())))
    with path.open("rb") as handle:
        head = handle.read(MAX_SAMPLE)
    return Sample(path, head, first_json(head))


def _unknown(found: Sample) -> LineError:
    if found.is_dir:
        return LineError("folder", f"not a known format (saw {', '.join(found.names[:8]) or 'nothing'}); use --format")
    if found.first_json is not None:
        value = found.first_json[0] if isinstance(found.first_json, list) and found.first_json else found.first_json
        return LineError("line 1", f"not a known format (saw keys: {keys_of(value)}); use --format")
    first = found.head_text.strip().split("\n", 1)[0][:60]
    return LineError("line 1", f"not a known format (starts {first!r}); use --format")


def detect(path: Path) -> Format:
    """The format of a file or folder, from its content; LineError when none fits."""
    found = sample(path)
    for name in DETECTION_ORDER:
        if FORMATS[name].sniff(found):
            return FORMATS[name]
    raise _unknown(found)
