"""The team's agreement and the door to adjudication, for one adjudicator on one database.

The agreement screen asks this service, never the store: compute() opens a
connection of its own for each run (it runs in a worker thread and can take a
while on a large database), and the Adjudicator session that resolves
conflicts into gold is opened on first use and kept until close().
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Sequence

from annotate.services.adjudication import Adjudicator
from annotate.store.database import open_database
from annotate.team.agreement import compute_agreement
from annotate.team.agreement_report import AgreementReport


class AgreementService:
    """Agreement numbers for a selection of labels and annotators; safe to call from worker threads."""

    def __init__(
        self,
        db_path: str | Path | None,
        adjudicator: str,
        labels: Sequence[str] | None = None,
        annotators: Sequence[str] | None = None,
        **options: Any,
    ):
        """options are passed to compute_agreement (include_machine, tokenize)."""
        self.db_path = db_path
        self.adjudicator_name = adjudicator
        self.labels = list(labels) if labels else None
        self.annotators = list(annotators) if annotators else None
        self.options = options
        self._adjudicator: Adjudicator | None = None
        self._lock = threading.Lock()

    def compute(self) -> AgreementReport:
        """The report as the database is now."""
        db = open_database(self.db_path)
        try:
            return compute_agreement(db, labels=self.labels, annotators=self.annotators, **self.options)
        finally:
            db.close()

    @property
    def adjudicator(self) -> Adjudicator:
        """The adjudication session (opened on first use, shared by every adjudication screen)."""
        with self._lock:
            if self._adjudicator is None:
                self._adjudicator = Adjudicator(self.db_path, self.adjudicator_name)
            return self._adjudicator

    def gold_statuses(self, article_ids: Sequence[int]) -> dict[int, str]:
        """Gold review status per article ('new' before adjudication started)."""
        return self.adjudicator.statuses(article_ids)

    def close(self) -> None:
        with self._lock:
            if self._adjudicator is not None:
                self._adjudicator.close()
                self._adjudicator = None
