"""Plain value types shared by every layer (storage, pre-annotation, export)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ORIGINS = ("model", "gazetteer", "rule", "human")
STATUSES = ("suggested", "accepted", "rejected", "edited")


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
