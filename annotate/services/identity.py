"""Who is working: each person's decisions are kept apart by their login name."""
from __future__ import annotations

import getpass


def login_name(fallback: str = "annotator") -> str:
    """The login name, or fallback where the system has none (some containers)."""
    try:
        return getpass.getuser()
    except Exception:  # getpass raises OSError or KeyError when no user entry exists
        return fallback
