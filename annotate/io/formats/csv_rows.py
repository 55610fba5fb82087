"""One span a CSV row, attributes as JSON: for spreadsheets and pandas (export only)."""
from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Iterable, Iterator

from annotate.io.formats.base import Destination, ExportDocument, LineError, ReadItem, Sample, WriteOptions, WriteReport
from annotate.models import provenance_json

HEADER = ["article_id", "source", "start", "end", "label", "text", "attrs", "status", "annotator", "confidence", "provenance"]


class CsvFormat:
    name = "csv"
    suffix = ".csv"
    carries_status = True
    can_read = False
    description = "one span a row with its attributes, status, annotator, confidence and provenance (export only)"

    def write(self, documents: Iterable[ExportDocument], destination: Destination, options: WriteOptions) -> WriteReport:
        report = WriteReport()
        with destination.text() as out:
            writer = csv.writer(out)
            writer.writerow(HEADER)
            for doc in documents:
                article = doc.article
                for s in sorted(doc.spans, key=lambda s: s.start):
                    writer.writerow([
                        article.id, article.source, s.start, s.end, s.label, article.text[s.start : s.end],
                        json.dumps(s.attrs, ensure_ascii=False), s.status, s.annotator,
                        "" if s.confidence is None else s.confidence, provenance_json(s.provenance) or "",
                    ])
                report.articles += 1
                report.spans += len(doc.spans)
        return report

    def read(self, path: Path) -> Iterator[ReadItem]:
        yield LineError("file", "csv is an export-only format (one span a row, no article text to import)")

    def sniff(self, sample: Sample) -> bool:
        return False
