"""Errors users see: each renders as one line naming the file and the cause."""
from __future__ import annotations


class AnnotateError(Exception):
    """Base for errors the CLI reports as one line instead of a traceback."""


class SchemaError(AnnotateError):
    """schema.yaml is missing, unreadable or invalid."""

    def __init__(self, path: str, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {problem}")


class StoreError(AnnotateError):
    """The database cannot be opened or written (locked, read-only, not SQLite)."""


class SpanError(AnnotateError):
    """A span is out of range, empty or overlaps another in the same layer."""


class OptionError(AnnotateError, ValueError):
    """Options that cannot work together (a folder format to stdout, --split without a folder): a usage error."""
