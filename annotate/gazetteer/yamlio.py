"""YAML reading: plain data only, streamed, every problem as `FILE:LINE: problem`.

The document is built straight from the parser's events (the C parser when
present) instead of a node tree first: a large gazetteer then costs a fifth
of the memory and time, and the events carry the line numbers that errors
and validation need. Only YAML's standard types are built (the safe
loader's own constructors, so values are exactly what yaml.safe_load gives);
any other tag (`!!python/object`, `!custom`), merge keys and repeated keys
are refused with the line they are on.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from annotate.errors import SchemaError
from annotate.text.files import InputFileError, open_regular

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DATA_DIR = Path(__file__).with_name("data")
_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = frozenset(_STANDARD + t for t in ("str", "int", "float", "bool", "null", "timestamp"))
_STR = _STANDARD + "str"
_COLLECTION_TAGS = {yaml.MappingStartEvent: _STANDARD + "map", yaml.SequenceStartEvent: _STANDARD + "seq"}


@dataclass
class Lines:
    """1-based line numbers of what a document holds: each list and mapping, and each mapping key."""

    of: dict[int, int] = field(default_factory=dict)
    keys: dict[tuple[int, Any], int] = field(default_factory=dict)

    def line(self, container: Any, key: Any = None) -> int | None:
        """Where a container starts, or where one of a mapping's keys is written."""
        if key is not None and (id(container), key) in self.keys:
            return self.keys[(id(container), key)]
        return self.of.get(id(container))


def load_yaml(path: str | Path) -> Any:
    """Parse one YAML file as plain data (standard types only)."""
    return _Builder(Path(path), None).load()


def load_yaml_with_lines(path: str | Path) -> tuple[Any, Lines]:
    """Parse one YAML file as plain data, with the line of every list, mapping and key."""
    lines = Lines()
    return _Builder(Path(path), lines).load(), lines


def stream_entries(path: str | Path, key: str, visit: Callable[[Any, Lines, int], None], *, root_list: bool = False) -> tuple[Any, Lines]:
    """Parse a file whose entries are a list under `key:` (or the whole document), handing each entry
    to visit(entry, its lines, its first line) as soon as it is complete and then dropping it
    (a document that is itself a list counts only with root_list).

    Checking a large gazetteer this way holds one entry at a time. Returns the
    rest of the document (with that list left empty) and its lines.
    """
    lines = Lines()
    builder = _Builder(Path(path), lines, (key, visit, root_list))
    return builder.load(), lines


class _Builder:
    """Turns the parser's events into lists, dicts and scalars, one event at a time."""

    def __init__(self, path: Path, lines: Lines | None, stream: tuple[str, Callable[[Any, Lines, int], None], bool] | None = None):
        self.path, self.lines, self.root_lines = path, lines, lines
        self.anchors: dict[str, Any] = {}
        self.stack: list[list[Any]] = []  # [container, pending key, waiting for its value]
        self.documents = 0
        self.root: Any = None
        self.stream = stream
        self.target: list | None = None  # the streamed list of entries
        self.last_key: Any = None
        self.entry_line = 0

    def fail(self, event: Any, problem: str) -> SchemaError:
        mark = getattr(event, "start_mark", None)
        return SchemaError(str(self.path), mark.line + 1 if mark is not None else None, problem)

    def load(self) -> Any:
        try:
            binary, _size = open_regular(self.path)  # never blocks on a FIFO
            with io.TextIOWrapper(binary, encoding="utf-8") as handle:
                loader = _Loader(handle)
                try:
                    while loader.check_event():
                        self.handle(loader, loader.get_event())
                finally:
                    loader.dispose()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            raise SchemaError(str(self.path), mark.line + 1 if mark else None, f"invalid YAML: {error.problem or error.context}") from None
        except yaml.YAMLError as error:
            raise SchemaError(str(self.path), None, f"invalid YAML: {str(error).splitlines()[0]}") from None
        except UnicodeDecodeError:
            raise SchemaError(str(self.path), None, "not UTF-8 text") from None
        except InputFileError as error:
            raise SchemaError(str(self.path), None, str(error)) from None
        except OSError as error:
            raise SchemaError(str(self.path), None, f"cannot read: {error.strerror or error}") from None
        return self.root

    def handle(self, loader: Any, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.place(event, self.scalar(loader, event))
        elif kind in _COLLECTION_TAGS:
            self.start(event, {} if kind is yaml.MappingStartEvent else [])
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            container = self.stack.pop()[0]
            if self.target is not None and self.stack and self.stack[-1][0] is self.target:
                self.hand_over(container)
        elif kind is yaml.AliasEvent:
            if event.anchor not in self.anchors:
                raise self.fail(event, f"unknown alias *{event.anchor}")
            self.place(event, self.anchors[event.anchor], complete=True)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise self.fail(event, "more than one YAML document in this file")

    def scalar(self, loader: Any, event: Any) -> Any:
        tag = event.tag if event.tag not in (None, "!") else _resolve(loader, event)
        if tag == _STR:
            if event.anchor:
                self.anchors[event.anchor] = event.value
            return event.value
        if tag == _STANDARD + "merge":
            raise self.fail(event, "merge keys (<<) are not supported here")
        if tag not in _SCALAR_TAGS:
            raise self.fail(event, f"unsupported tag {_shown(event.tag or tag)}: only plain YAML data is read")
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        value = loader.yaml_constructors[tag](loader, node)
        if event.anchor:
            self.anchors[event.anchor] = value
        return value

    def start(self, event: Any, container: Any) -> None:
        if event.tag not in (None, "!", _COLLECTION_TAGS[type(event)]):
            raise self.fail(event, f"unsupported tag {_shown(event.tag)}: only plain YAML data is read")
        if event.anchor:
            self.anchors[event.anchor] = container
        if self.target is not None and self.stack and self.stack[-1][0] is self.target:
            self.lines, self.entry_line = Lines(), event.start_mark.line + 1  # a new entry: its own lines
        if self.lines is not None:
            self.lines.of[id(container)] = event.start_mark.line + 1
        self.place(event, container)
        if self.stream and isinstance(container, list) and self.target is None and self.is_entry_list():
            self.target = container
        self.stack.append([container, None, False])

    def is_entry_list(self) -> bool:
        """True for the list being opened when it is the document, or the value of the streamed key."""
        if not self.stack:
            return self.stream[2]
        return len(self.stack) == 1 and isinstance(self.root, dict) and self.stack[0][2] is False and self.stack[0][1] is None \
            and self.last_key == self.stream[0]

    def hand_over(self, entry: Any) -> None:
        """A streamed entry is complete: visit it, then let it go."""
        self.stream[1](entry, self.lines, self.entry_line)
        self.target.pop()
        self.lines = self.root_lines

    def place(self, event: Any, value: Any, complete: bool = False) -> None:
        """Put a value (or a container as it opens) where it belongs: root, list item, key or value."""
        if not self.stack:
            self.root = value
            return
        top = self.stack[-1]  # [container, current key, waiting for its value]
        container = top[0]
        if isinstance(container, list):
            container.append(value)
            if container is self.target and (complete or not isinstance(value, (dict, list))):
                self.entry_line = event.start_mark.line + 1
                self.hand_over(value)
        elif top[2]:
            self.last_key = top[1]
            container[top[1]] = value
            top[1], top[2] = None, False
        else:
            self.key(event, container, value)
            top[1], top[2] = value, True

    def key(self, event: Any, container: dict, value: Any) -> None:
        """A mapping key: a plain value not seen before in this mapping."""
        if isinstance(value, (dict, list)):
            raise self.fail(event, "a mapping key must be a plain value")
        if value in container:
            raise self.fail(event, f"duplicate key {value!r}")
        if self.lines is not None:
            self.lines.keys[(id(container), value)] = event.start_mark.line + 1


def _resolve(loader: Any, event: Any) -> str:
    """The implicit tag of an untagged scalar: Resolver.resolve inlined, since it runs for every value."""
    if not event.implicit[0]:
        return _STR  # quoted: always a string
    value = event.value
    for tag, regexp in loader.yaml_implicit_resolvers.get(value[:1] if value else "", ()):
        if regexp.match(value):
            return tag
    return _STR


def _shown(tag: str) -> str:
    """A tag as it is written in the file (`!!python/object`), not its expanded URI."""
    return "!!" + tag.removeprefix(_STANDARD) if tag.startswith(_STANDARD) else tag
