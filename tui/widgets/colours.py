"""Label colours a reviewer can read on any theme: WCAG 2 contrast, computed, not hoped for.

schema.yaml gives one colour per label; the same yellow that reads on a dark
background vanishes on a light one. Text drawn in a label colour is therefore
shifted toward white or black, as little as needed, until it reaches the AA
ratio (4.5:1) against the background it is drawn on; text drawn on a label
colour is black or white, whichever contrasts more (always at least 4.58:1).
"""
from __future__ import annotations

from functools import lru_cache

AA = 4.5
"""WCAG 2 AA contrast for normal text."""


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour."""
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, 1 to 21."""
    a, b = sorted((luminance(first), luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mix(colour: str, other: str, amount: float) -> str:
    """colour moved amount (0..1) of the way to other."""
    return _hex(tuple(a + (b - a) * amount for a, b in zip(_rgb(colour), _rgb(other))))


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on colour."""
    return "#000000" if contrast_ratio("#000000", colour) >= contrast_ratio("#ffffff", colour) else "#ffffff"


@lru_cache(maxsize=512)
def readable(colour: str, background: str, minimum: float = AA) -> str:
    """colour, or the nearest shade of it toward white or black that reaches minimum against background."""
    if contrast_ratio(colour, background) >= minimum:
        return colour
    target = text_on(background)
    for step in range(1, 51):
        shade = mix(colour, target, step / 50)
        if contrast_ratio(shade, background) >= minimum:
            return shade
    return target


def faded(colour: str, background: str, minimum: float = AA) -> str:
    """A quieter shade of colour (half way to the background) that still reaches minimum: rejected spans."""
    return readable(mix(colour, background, 0.5), background, minimum)
