"""The values the OFFICIAL rules pass around: one mention, one head with its tail, one article being read."""
from __future__ import annotations

from dataclasses import dataclass, field

from annotate.preannotate.title_tail import Tail
from annotate.preannotate.tokens import Token


@dataclass(slots=True)
class Mention:
    """One OFFICIAL mention before it becomes a Span."""

    start: int
    end: int
    name: str
    title: str
    side: str
    titled: bool
    priority: int
    side_sure: bool = False
    places: list[tuple[int, int, dict]] = field(default_factory=list)
    twin_of: "Mention | None" = None
    rank: bool = False  # titled by a military rank alone ("Đại tá X"): a post written after the name wins
    # why (for provenance and confidence): the shape that found the mention ("title+name", "name+title",
    # "title+honorific", "title+gap", "later+honorific", "later+name", "romanised"), and where the side
    # came from ("title", "body", "chain", "cue", "delegation", "context", "officials", "mentions",
    # "head", "foreign", "default")
    rule: str = ""
    side_from: str = ""


@dataclass
class Reading:
    """One article as the finder reads it: its tokens, the names titled so far (name -> side), the mentions."""

    text: str
    tokens: list[Token]
    token_starts: list[int]
    np_starts: set[int]
    known: dict[str, str] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Head:
    """One role head in a segment ("Phó Chủ tịch") and the title tail after it.

    start/end: offsets of the head with its modifiers; wi: the first word after it; h0: its first word;
    tail: where the title tail ends and a name may start (title_tail.Tail).
    """

    head: str
    start: int
    end: int
    wi: int
    h0: int
    tail: Tail

    @property
    def tail_end(self) -> int:
        """The word after the title tail."""
        return self.tail.end

    @property
    def floor(self) -> int:
        """Where the tail's last structural phrase ended: a name can only start here or later."""
        return self.tail.floor
