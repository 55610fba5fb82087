"""Plain value types shared by every layer (storage, pre-annotation, export)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

ORIGINS = ("model", "gazetteer", "rule", "human")
STATUSES = ("suggested", "accepted", "rejected", "edited")
SOURCE_KINDS = ("model", "gazetteer", "rule")


@dataclass(frozen=True, slots=True)
class Source:
    """One piece of evidence behind a suggestion, so a reviewer can see why it was made.

    kind: "rule" (name = the rule that matched), "gazetteer" (name = the list, entry = the entry id
    it links to) or "model" (name = underthesea's tag over the span, e.g. "B-LOC").
    """

    kind: str
    name: str
    entry: str | None = None

    def describe(self) -> str:
        """Plain words: "rule title-before-name", "gazetteer cn-450000", "model B-LOC"."""
        return f"{self.kind} {self.entry if self.kind == 'gazetteer' and self.entry else self.name}"

    def to_json(self) -> dict[str, str]:
        """The exchange form (export, decision log, database column); no entry key when there is none."""
        data = {"kind": self.kind, "name": self.name}
        if self.entry is not None:
            data["entry"] = self.entry
        return data

    @classmethod
    def from_json(cls, data: Any) -> "Source":
        """Read one exchange-form record; ValueError names what is wrong with it."""
        if isinstance(data, Source):
            return data
        if not isinstance(data, dict):
            raise ValueError("a provenance record must be an object")
        kind, name, entry = data.get("kind"), data.get("name"), data.get("entry")
        if kind not in SOURCE_KINDS:
            raise ValueError(f"provenance kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
        if not isinstance(name, str) or not name:
            raise ValueError("a provenance record needs a non-empty 'name' string")
        if entry is not None and not isinstance(entry, str):
            raise ValueError("a provenance 'entry' must be a string")
        unknown = set(data) - {"kind", "name", "entry"}
        if unknown:
            raise ValueError(f"unknown provenance key(s) {', '.join(sorted(unknown))}")
        return cls(kind, name, entry)


def parse_provenance(value: Any) -> tuple[Source, ...]:
    """Sources from a tuple of Source, a JSON list of records, a JSON string or None (no sources)."""
    if value is None or value == "":
        return ()
    if isinstance(value, str):
        value = json.loads(value)
    if not isinstance(value, (list, tuple)):
        raise ValueError("provenance must be a list of records")
    return tuple(Source.from_json(item) for item in value)


def provenance_json(sources: tuple[Source, ...]) -> str | None:
    """The database column's text: a JSON list, NULL when there are no sources."""
    return json.dumps([s.to_json() for s in sources], ensure_ascii=False) if sources else None


def check_confidence(value: Any) -> float | None:
    """A confidence is None or a number in [0, 1]; ValueError otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise ValueError(f"confidence {value!r} is not a number in [0, 1]")
    return float(value)


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
    provenance: tuple[Source, ...] = ()
    """Which sources fired (rules, gazetteer entries, the model's tag); empty for a person's span."""
    confidence: float | None = None
    """P(correct | this evidence), calibrated on labelled articles; None for a person's span."""

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
    provenance: tuple[Source, ...] = ()
    confidence: float | None = None

    def __post_init__(self) -> None:
        """Snapshots and JSON give provenance as a list of records; keep it a tuple of Source."""
        if not isinstance(self.provenance, tuple) or not all(isinstance(s, Source) for s in self.provenance):
            self.provenance = parse_provenance(self.provenance)

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
            provenance=parse_provenance(row.get("provenance")),
            confidence=row.get("confidence"),
        )

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, dict(self.attrs), self.origin, self.provenance, self.confidence)

    def snapshot(self) -> dict[str, Any]:
        """What the decision log stores to undo a change to this span (JSON-ready)."""
        data = asdict(self)
        data.pop("created_at")
        data.pop("updated_at")
        data["provenance"] = [s.to_json() for s in self.provenance]
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
    provenance_json: str | None = None
    confidence: float | None = None

    @property
    def attrs(self) -> dict[str, Any]:
        return json.loads(self.attrs_json or "{}")

    @property
    def provenance(self) -> tuple[Source, ...]:
        return parse_provenance(self.provenance_json)

    def to_span(self) -> Span:
        return Span(self.start, self.end, self.label, self.attrs, self.origin, self.provenance, self.confidence)


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
    lowest_confidence: float | None = None
    """The least sure suggestion still pending in the layer the counts come from (None: nothing pending)."""


@dataclass(frozen=True, slots=True)
class QueueSummary:
    total: int
    new: int
    in_progress: int
    done: int


@dataclass(frozen=True, slots=True)
class ReviewState:
    """One annotator's progress on one article: status, whether it was handed to them, opened, where they left it."""

    article_id: int
    annotator: str
    status: str
    assigned: bool
    opened: bool
    updated_at: str
    position: int | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "ReviewState":
        return cls(
            row["article_id"], row["annotator"], row["status"], bool(row["assigned"]), bool(row["opened"]), row["updated_at"],
            row.get("position"),
        )


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
