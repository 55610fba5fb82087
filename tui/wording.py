"""Numbers and states in words on screen: "1 article", "12,400 articles", "in progress" (never "1 articles", "in_progress")."""
from __future__ import annotations

IRREGULAR = {"is": "are", "has": "have", "was": "were"}


def plural(count: int, noun: str) -> str:
    """'1 article', '2 articles', '12,400 articles' (noun is the singular; verbs in IRREGULAR agree too)."""
    if count == 1:
        return f"{count:,} {noun}"
    return f"{count:,} {IRREGULAR.get(noun, noun + 's')}"


def agree(count: int, singular: str) -> str:
    """The verb for count things: agree(1, 'has') == 'has', agree(3, 'has') == 'have'."""
    return singular if count == 1 else IRREGULAR.get(singular, singular)


def state(value: str) -> str:
    """A stored status as words: 'in_progress' -> 'in progress'."""
    return value.replace("_", " ")
