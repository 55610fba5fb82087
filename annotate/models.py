"""Plain value types shared by every layer (storage, pre-annotation, export)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

ORIGINS = ("model", "gazetteer", "rule", "human")
STATUSES = ("suggested", "accepted", "rejected", "edited")


def attrs_json(attrs: dict[str, Any]) -> str:
    """The one way a span's attributes are stored, so an export may write the stored JSON as it is."""
    return json.dumps(attrs, ensure_ascii=False)


@dataclass(slots=True)
class Span:
    """An entity mention: code-point offsets into the stored NFC text, end-exclusive."""

    start: int
    end: int
    label: str
    attrs: dict[str, Any] = field(default_factory=dict)
    origin: str = "model"

    def overlaps(self, other: "Span") -> bool:
        """True when the two spans share at least one code point."""
        return self.start < other.end and other.start < self.end


@dataclass(slots=True)
class ArticleRecord:
    """A stored article: the full cleaned text plus where the article proper lies."""

    id: int
    source_key: str
    source: str
    text: str
    content_hash: str
    region_start: int
    region_end: int
    furniture: list[tuple[int, int]] = field(default_factory=list)
    title: str | None = None
    url: str | None = None
    path: str | None = None
    ext_id: str | None = None
    encoding: str | None = None
    superseded_by: int | None = None
    created_at: str = ""
    updated_at: str = ""

    @property
    def region(self) -> tuple[int, int]:
        return self.region_start, self.region_end

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "ArticleRecord":
        return cls(
            id=row["id"],
            source_key=row["source_key"],
            source=row["source"],
            text=row["text"],
            content_hash=row["content_hash"],
            region_start=row["region_start"],
            region_end=row["region_end"],
            furniture=[tuple(r) for r in json.loads(row["furniture"] or "[]")],
            title=row["title"],
            url=row["url"],
            path=row["path"],
            ext_id=row["ext_id"],
            encoding=row["encoding"],
            superseded_by=row["superseded_by"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )


@dataclass(slots=True)
class SpanRecord:
    """A span in one annotator's layer, with its review status."""

    id: int
    article_id: int
    annotator: str
    start: int
    end: int
    label: str
    attrs: dict[str, Any]
    origin: str
    status: str
    created_at: str = ""
    updated_at: str = ""

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "SpanRecord":
        return cls(
            id=row["id"],
            article_id=row["article_id"],
            annotator=row["annotator"],
            start=row["start"],
            end=row["end"],
            label=row["label"],
            attrs=json.loads(row["attrs"] or "{}"),
            origin=row["origin"],
            status=row["status"],
            created_at=row["created_at"],
            updated_at=row["updated_at"],
        )

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, dict(self.attrs), self.origin)

    def snapshot(self) -> dict[str, Any]:
        """What the decision log stores to undo a change to this span."""
        data = asdict(self)
        data.pop("created_at")
        data.pop("updated_at")
        return data


class LayerSpan(NamedTuple):
    """A span as an export streams it: the attributes stay stored JSON until a format asks for them.

    Reading a whole layer in order is the hot path of every export; decoding
    each span's attributes only to encode them again would cost more than the
    read itself, so `attrs` decodes on demand and `attrs_json` is the stored text.
    """

    id: int
    article_id: int
    annotator: str
    start: int
    end: int
    label: str
    attrs_json: str
    origin: str
    status: str

    @property
    def attrs(self) -> dict[str, Any]:
        return json.loads(self.attrs_json or "{}")

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, self.attrs, self.origin)


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One line of an annotator's queue."""

    article_id: int
    title: str
    source: str
    status: str
    suggested: int
    accepted: int
    rejected: int
    length: int


@dataclass(frozen=True, slots=True)
class QueueSummary:
    total: int
    new: int
    in_progress: int
    done: int


@dataclass(frozen=True, slots=True)
class ReviewState:
    """One annotator's progress on one article: status, whether it was handed to them, and opened."""

    article_id: int
    annotator: str
    status: str
    assigned: bool
    opened: bool
    updated_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "ReviewState":
        return cls(row["article_id"], row["annotator"], row["status"], bool(row["assigned"]), bool(row["opened"]), row["updated_at"])


@dataclass(frozen=True, slots=True)
class DecisionRecord:
    """One entry of the decision log: what a reviewer did, and what it changed (payload)."""

    id: int
    article_id: int
    annotator: str
    action: str
    payload: dict[str, Any]
    undone: bool
    at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "DecisionRecord":
        return cls(row["id"], row["article_id"], row["annotator"], row["action"], json.loads(row["payload"]), bool(row["undone"]), row["at"])


ROLES = ("reviewer", "adjudicator")


@dataclass(frozen=True, slots=True)
class UserRecord:
    """A person who may open the served app: their annotator name, role and whether their link still works."""

    name: str
    role: str
    created_at: str
    revoked_at: str | None = None

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "UserRecord":
        return cls(row["name"], row["role"], row["created_at"], row["revoked_at"])


@dataclass(frozen=True, slots=True)
class PresenceRecord:
    """One open app session: who, on which screen and article, last seen when (Unix seconds)."""

    session_id: str
    annotator: str
    screen: str
    article_id: int | None
    seen_at: float

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "PresenceRecord":
        return cls(row["session_id"], row["annotator"], row["screen"], row["article_id"], row["seen_at"])
