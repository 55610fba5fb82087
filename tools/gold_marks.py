"""Hand-annotated gold, written inline, turned into the export's JSONL.

Annotating by character offsets is error-prone; annotating inline is not. A
marked copy of an article holds the verbatim text plus marks:

    ⟦Nguyễn Văn A|OFFICIAL|title=Chủ tịch UBND tỉnh Lạng Sơn;side=VN⟧
    ⟦Lạng Sơn|LOCALITY|country=VN;canonical=Lạng Sơn;level=province⟧
    ⟦48,24 tỷ USD|FIGURE|value=48240000000;unit=USD⟧
    ⟪A⟫ ... ⟪/A⟫      the article region (exactly one)
    ⟪F⟫ ... ⟪/F⟫      page furniture inside the region (any number)

Removing the marks must give back the article file exactly (checked), so the
offsets are code points into the same NFC text that `annotate ingest` stores.

    python tools/gold_marks.py MARKED_DIR ARTICLE_DIR -o gold.jsonl [--url-from SOURCES.md]
    python tools/gold_marks.py --check MARKED_FILE ARTICLE_FILE
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

LABEL_ATTRIBUTES = {
    "OFFICIAL": ("title", "side"),
    "LOCALITY": ("country", "canonical", "level", "now"),
    "FIGURE": ("value", "unit"),
}
CHOICES = {"side": {"VN", "CN", "other"}, "level": {"province", "city", "district", "commune"}}
TOKEN = re.compile(r"⟦([^⟦⟧]*)⟧|⟪(/?)([AF])⟫")


class MarkError(ValueError):
    """A mark is malformed; the message names the line."""


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _value(raw: str) -> int | float:
    number = float(raw)
    return int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number


def _attrs(label: str, raw: str, where: str) -> dict:
    attrs: dict = {}
    if not raw.strip():
        return attrs
    for part in raw.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise MarkError(f"{where}: attribute {part!r} has no '='")
        key, value = (x.strip() for x in part.split("=", 1))
        if key not in LABEL_ATTRIBUTES[label]:
            raise MarkError(f"{where}: {label} has no attribute {key!r} (has {', '.join(LABEL_ATTRIBUTES[label])})")
        if key in CHOICES and value not in CHOICES[key]:
            raise MarkError(f"{where}: {key}={value!r} is not one of {sorted(CHOICES[key])}")
        if key == "value":
            try:
                attrs[key] = _value(value)
            except ValueError:
                raise MarkError(f"{where}: value={value!r} is not a number") from None
        else:
            attrs[key] = value
    return {k: attrs[k] for k in LABEL_ATTRIBUTES[label] if k in attrs}


def parse_marked(marked: str, name: str = "<marked>") -> tuple[str, list[dict], tuple[int, int], list[list[int]]]:
    """Plain text, spans, article region and furniture ranges of one marked article."""
    marked = unicodedata.normalize("NFC", marked.replace("\r\n", "\n"))
    out: list[str] = []
    length = 0
    cursor = 0
    spans: list[dict] = []
    region: list[int | None] = [None, None]
    furniture: list[list[int]] = []
    open_furniture: int | None = None
    for match in TOKEN.finditer(marked):
        out.append(marked[cursor : match.start()])
        length += match.start() - cursor
        cursor = match.end()
        where = f"{name}:{_line_of(marked, match.start())}"
        if match.group(1) is not None:
            parts = match.group(1).split("|")
            if len(parts) not in (2, 3):
                raise MarkError(f"{where}: span mark needs text|LABEL|attrs, got {match.group(0)!r}")
            surface, label = parts[0], parts[1].strip()
            if label not in LABEL_ATTRIBUTES:
                raise MarkError(f"{where}: unknown label {label!r}")
            if not surface or surface != surface.strip():
                raise MarkError(f"{where}: span text {surface!r} is empty or has spaces at an edge")
            spans.append({"start": length, "end": length + len(surface), "label": label, "text": surface,
                          "attrs": _attrs(label, parts[2] if len(parts) == 3 else "", where)})
            out.append(surface)
            length += len(surface)
        else:
            closing, kind = match.group(2) == "/", match.group(3)
            if kind == "A":
                slot = 1 if closing else 0
                if region[slot] is not None:
                    raise MarkError(f"{where}: second {match.group(0)}")
                region[slot] = length
            elif not closing:
                if open_furniture is not None:
                    raise MarkError(f"{where}: ⟪F⟫ inside another ⟪F⟫")
                open_furniture = length
            else:
                if open_furniture is None:
                    raise MarkError(f"{where}: ⟪/F⟫ without ⟪F⟫")
                furniture.append([open_furniture, length])
                open_furniture = None
    out.append(marked[cursor:])
    text = "".join(out)
    if "⟦" in text or "⟧" in text or "⟪" in text or "⟫" in text:
        raise MarkError(f"{name}: a stray mark character is left in the text")
    if open_furniture is not None:
        raise MarkError(f"{name}: ⟪F⟫ never closed")
    start = 0 if region[0] is None else region[0]
    end = len(text) if region[1] is None else region[1]
    if not start < end:
        raise MarkError(f"{name}: the article region is empty")
    for f in furniture:
        if not (start <= f[0] < f[1] <= end):
            raise MarkError(f"{name}: furniture {f} is not inside the article region {start}-{end}")
    previous_end = -1
    for span in spans:
        if span["start"] < previous_end:
            raise MarkError(f"{name}: span {span['text']!r} overlaps the one before")
        previous_end = span["end"]
        if not (start <= span["start"] and span["end"] <= end):
            raise MarkError(f"{name}: span {span['text']!r} at {span['start']} is outside the article region")
        if any(f[0] < span["end"] and span["start"] < f[1] for f in furniture):
            raise MarkError(f"{name}: span {span['text']!r} at {span['start']} is inside furniture")
    return text, spans, (start, end), furniture


def _title(text: str, region: tuple[int, int]) -> str | None:
    for line in text[region[0] : region[1]].split("\n"):
        if line.strip():
            return line.strip()
    return None


def _urls(sources: Path | None) -> dict[str, str]:
    """file name -> URL from a SOURCES.md table (`| file | url | ...`)."""
    if sources is None or not sources.exists():
        return {}
    found = {}
    for line in sources.read_text(encoding="utf-8").splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and cells[0].endswith(".txt") and cells[1].startswith("http"):
            found[cells[0]] = cells[1]
    return found


def gold_document(marked_path: Path, article_path: Path, url: str | None = None) -> dict:
    """The export-format gold line for one article; raises MarkError when the marks do not fit."""
    marked = marked_path.read_text(encoding="utf-8")
    text, spans, region, furniture = parse_marked(marked, str(marked_path))
    original = unicodedata.normalize("NFC", article_path.read_text(encoding="utf-8-sig").replace("\r\n", "\n"))
    if text != original:
        at = next((i for i, (a, b) in enumerate(zip(text, original)) if a != b), min(len(text), len(original)))
        raise MarkError(
            f"{marked_path}:{_line_of(text, at)}: the text without marks differs from {article_path.name}"
            f" near {original[max(0, at - 20):at + 20]!r} (marked has {text[max(0, at - 20):at + 20]!r})"
        )
    meta = {"source": article_path.name, "title": _title(text, region), "url": url,
            "article": list(region), "furniture_inside": furniture}
    return {"text": text, "spans": spans, "meta": meta}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("marked", type=Path, help="marked file or folder of marked .txt files")
    parser.add_argument("articles", type=Path, help="article file or folder with the same file names")
    parser.add_argument("-o", "--output", type=Path, help="gold JSONL to write")
    parser.add_argument("--sources", type=Path, default=None, help="SOURCES.md with | file | url | rows")
    parser.add_argument("--check", action="store_true", help="only check, print a summary per file")
    args = parser.parse_args(argv)
    urls = _urls(args.sources)
    pairs = (
        [(args.marked, args.articles)]
        if args.marked.is_file()
        else [(m, args.articles / m.name) for m in sorted(args.marked.glob("*.txt"))]
    )
    docs, failed = [], 0
    for marked_path, article_path in pairs:
        try:
            doc = gold_document(marked_path, article_path, urls.get(article_path.name))
        except (MarkError, OSError) as error:
            print(f"error: {error}", file=sys.stderr)
            failed += 1
            continue
        docs.append(doc)
        if args.check:
            counts = {label: sum(1 for s in doc["spans"] if s["label"] == label) for label in LABEL_ATTRIBUTES}
            print(f"{article_path.name}: {len(doc['spans'])} spans {counts}, article {doc['meta']['article']}, furniture {doc['meta']['furniture_inside']}")
    if args.output and not failed:
        with args.output.open("w", encoding="utf-8", newline="\n") as out:
            for doc in docs:
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    print(f"{len(docs)} articles, {sum(len(d['spans']) for d in docs)} spans, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
