"""Size limits on input, so one huge file costs one line instead of the machine's memory.

Reading holds an article a few times over (bytes, text, layout) and the
pre-annotator many times over, so anything bigger than these is refused up
front. Both can be raised through the environment for a one-off job.
"""
from __future__ import annotations

import os

ARTICLE_LIMIT_ENV = "ANNOTATE_MAX_ARTICLE_MB"
GAZETTEER_LIMIT_ENV = "ANNOTATE_MAX_GAZETTEER_MB"
DEFAULT_ARTICLE_MB = 20
DEFAULT_GAZETTEER_MB = 10  # the index costs about 30 times the file in every pre-annotator process
MB = 1_000_000


def _limit(variable: str, default_mb: int) -> int:
    """Bytes allowed: the environment's figure in MB when it is a positive number, else the default."""
    try:
        value = float(os.environ.get(variable, ""))
    except ValueError:
        value = 0.0
    return int((value if value > 0 else default_mb) * MB)


def article_limit() -> int:
    """Most bytes one article may have: a .txt file, or one JSONL line."""
    return _limit(ARTICLE_LIMIT_ENV, DEFAULT_ARTICLE_MB)


def gazetteer_limit() -> int:
    """Most bytes one gazetteer file named in schema.yaml may have."""
    return _limit(GAZETTEER_LIMIT_ENV, DEFAULT_GAZETTEER_MB)


def over_limit(size: int, limit: int, what: str, variable: str) -> str:
    """The one-line cause for an input over its limit."""
    return f"{what} is {size / MB:.1f} MB, over the {limit / MB:g} MB limit (split it, or raise ${variable})"
