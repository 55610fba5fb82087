"""Heavy consumers are optional: a missing one is a one-line install hint, never a traceback."""
from __future__ import annotations

import importlib
from types import ModuleType

from annotate.errors import AnnotateError


class MissingExtra(AnnotateError):
    """A format needs a library that is not installed."""


def require(module: str, extra: str) -> ModuleType:
    """Import a consumer library, or say which extra installs it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtra(f"--format {extra} needs {module.split('.')[0]}: install vn-entity-workbench[{extra}]") from None
