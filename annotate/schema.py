"""Load and validate schema.yaml: labels, attributes, colours, keys, gazetteers.

Validation walks the YAML node tree rather than the parsed dict so that every
error can name the line it is about.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from annotate.errors import SchemaError

ATTRIBUTE_TYPES = ("text", "choice", "number")
# The one default: the project's schema.yaml, packaged through the symlink annotate/schema_default.yaml.
DEFAULT_SCHEMA = Path(__file__).resolve().parent / "schema_default.yaml"
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_MAX_SCHEMA_BYTES = 1_000_000
_SchemaLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

DEFAULT_KEYS = {
    "next_span": "tab,n",
    "previous_span": "shift+tab,p",
    "accept": "a,enter",
    "reject": "x",
    "start_left": "left_square_bracket",
    "start_right": "right_square_bracket",
    "end_left": "left_curly_bracket",
    "end_right": "right_curly_bracket",
    "new_span": "s",
    "suggestions": "g",
    "edit_attributes": "e",
    "undo": "u,ctrl+z",
    "accept_all": "A",
    "done": "d",
    "back": "escape",
    "help": "question_mark,f1",
    "quit": "q",
}


@dataclass(frozen=True)
class Attribute:
    """One attribute a label carries, e.g. OFFICIAL.side."""

    name: str
    type: str
    choices: tuple[str, ...] = ()
    gazetteer: str | None = None
    help: str = ""


@dataclass(frozen=True)
class Label:
    """One entity label with its key, colour and attributes."""

    name: str
    key: str
    colour: str
    description: str
    attributes: tuple[Attribute, ...]

    def attribute_names(self) -> tuple[str, ...]:
        """Attribute names in schema order (the export key order)."""
        return tuple(a.name for a in self.attributes)


@dataclass(frozen=True)
class Schema:
    """The whole project configuration, as read from schema.yaml."""

    path: Path
    labels: tuple[Label, ...]
    keys: dict[str, str] = field(default_factory=dict)
    place_gazetteers: tuple[Path, ...] = ()
    official_gazetteers: tuple[Path, ...] = ()

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def label(self, name: str) -> Label:
        """The label called name; KeyError names the known ones."""
        for label in self.labels:
            if label.name == name:
                return label
        raise KeyError(f"unknown label {name!r} (known: {', '.join(self.label_names)})")

    def colour(self, name: str) -> str:
        return self.label(name).colour


def _fail(path: Path, node: yaml.Node | None, problem: str) -> SchemaError:
    line = node.start_mark.line + 1 if node is not None else None
    return SchemaError(str(path), line, problem)


def _mapping(path: Path, node: yaml.Node, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise _fail(path, node, f"{what} must be a mapping")
    result: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        if key_node.value in result:
            raise _fail(path, key_node, f"duplicate key {key_node.value!r} in {what}")
        result[key_node.value] = value_node
    return result


def _scalar(path: Path, node: yaml.Node | None, what: str, required: bool = True) -> str | None:
    if node is None:
        if required:
            raise SchemaError(str(path), None, f"{what} is missing")
        return None
    if not isinstance(node, yaml.ScalarNode) or node.value == "":
        raise _fail(path, node, f"{what} must be a non-empty value")
    return str(node.value)


def _sequence(path: Path, node: yaml.Node | None, what: str) -> list[yaml.Node]:
    if node is None:
        return []
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null"):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise _fail(path, node, f"{what} must be a list")
    return list(node.value)


def _attribute(path: Path, node: yaml.Node, label: str) -> Attribute:
    fields = _mapping(path, node, f"an attribute of {label}")
    name = _scalar(path, fields.get("name"), f"{label} attribute name")
    kind = _scalar(path, fields.get("type"), f"{label}.{name} type")
    if kind not in ATTRIBUTE_TYPES:
        raise _fail(path, fields["type"], f"{label}.{name}: type must be one of {', '.join(ATTRIBUTE_TYPES)}")
    choices = tuple(_scalar(path, c, f"{label}.{name} choice") for c in _sequence(path, fields.get("choices"), "choices"))
    if kind == "choice" and not choices:
        raise _fail(path, node, f"{label}.{name}: a choice attribute needs choices")
    return Attribute(
        name=name,
        type=kind,
        choices=choices,
        gazetteer=_scalar(path, fields.get("gazetteer"), "gazetteer", required=False),
        help=_scalar(path, fields.get("help"), "help", required=False) or "",
    )


def _label(path: Path, node: yaml.Node) -> Label:
    fields = _mapping(path, node, "a label")
    name = _scalar(path, fields.get("name"), "label name")
    if not re.fullmatch(r"[A-Z][A-Z0-9_]*", name):
        raise _fail(path, fields["name"], f"label name {name!r} must be UPPER_CASE")
    key = _scalar(path, fields.get("key"), f"{name}.key")
    colour = _scalar(path, fields.get("colour"), f"{name}.colour")
    if not _COLOUR.match(colour):
        raise _fail(path, fields["colour"], f"{name}.colour {colour!r} must look like #rrggbb")
    attributes = tuple(_attribute(path, a, name) for a in _sequence(path, fields.get("attributes"), f"{name}.attributes"))
    return Label(name, key, colour, _scalar(path, fields.get("description"), "description", required=False) or "", attributes)


def _keys(path: Path, top: dict[str, yaml.Node], labels: tuple[Label, ...], label_nodes: list[yaml.Node]) -> dict[str, str]:
    """Action -> keys, defaults overridden by `keys:`; a key bound to two actions (or a label) is an error."""
    keys = dict(DEFAULT_KEYS)
    nodes: dict[str, yaml.Node] = {}
    for action, node in _mapping(path, top["keys"], "keys").items() if "keys" in top else ():
        if action not in DEFAULT_KEYS:
            raise _fail(path, node, f"unknown key action {action!r} (known: {', '.join(DEFAULT_KEYS)})")
        keys[action] = _scalar(path, node, f"keys.{action}")
        nodes[action] = node
    owners: dict[str, tuple[str, yaml.Node | None]] = {}
    bindings = [(f"label {label.name}", label.key, _mapping(path, node, "a label")["key"]) for label, node in zip(labels, label_nodes)]
    bindings += [(f"keys.{action}", value, nodes.get(action)) for action, value in keys.items()]
    for owner, value, node in bindings:
        for key in (k.strip() for k in value.split(",")):
            if not key:
                raise _fail(path, node, f"{owner}: an empty key in {value!r}")
            if key in owners:
                other, other_node = owners[key]
                if node is None:  # a default collides with what the user wrote: point at their line
                    raise _fail(path, other_node, f"{other}: key {key!r} is already bound to {owner} (its default; remap that too)")
                default = " (its default; remap that too)" if other_node is None else ""
                raise _fail(path, node, f"{owner}: key {key!r} is already bound to {other}{default}")
            owners[key] = (owner, node)
    return keys


def _gazetteer_file(path: Path, node: yaml.Node, kind: str) -> Path:
    """A gazetteer file named in schema.yaml: relative to schema.yaml's folder, a regular YAML file, well formed."""
    from annotate.gazetteer.user_files import check_gazetteer_file, path_problem

    written = _scalar(path, node, f"gazetteers.{kind} entry")
    file = Path(os.path.abspath(path.parent / Path(written).expanduser()))
    problem = path_problem(file)
    if problem == "no such file or directory":
        raise _fail(path, node, f"gazetteer file not found: {file}")
    if problem:
        raise _fail(path, node, f"gazetteer file {written!r} ({file}) {problem}")
    check_gazetteer_file(file, kind)
    return file


def schema_path() -> Path:
    """Which schema.yaml applies: $ANNOTATE_SCHEMA, else ./schema.yaml, else the project's default."""
    if os.environ.get("ANNOTATE_SCHEMA"):
        return Path(os.environ["ANNOTATE_SCHEMA"])
    here = Path.cwd() / "schema.yaml"
    return here if here.exists() else DEFAULT_SCHEMA


def _compose(path: Path) -> yaml.Node | None:
    """The schema's node tree; a FIFO, a binary file or absurd nesting is one SchemaError."""
    from annotate.text.files import InputFileError, open_regular

    try:
        handle, _size = open_regular(path)
        with handle:
            source = handle.read(_MAX_SCHEMA_BYTES + 1).decode("utf-8")
    except InputFileError as error:
        raise SchemaError(str(path), None, f"cannot read: {error}") from None
    except OSError as error:
        raise SchemaError(str(path), None, f"cannot read: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise SchemaError(str(path), None, "not UTF-8 text") from None
    if len(source) > _MAX_SCHEMA_BYTES:
        raise SchemaError(str(path), None, "over 1 MB: not a schema file")
    try:
        return yaml.compose(source, Loader=_SchemaLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise SchemaError(str(path), mark.line + 1 if mark else None, f"invalid YAML: {problem}") from None
    except RecursionError:
        raise SchemaError(str(path), None, "invalid YAML: nested too deeply") from None


def load_schema(path: str | Path | None = None) -> Schema:
    """Read and validate a schema file (default: see schema_path)."""
    path = Path(path) if path else schema_path()
    root = _compose(path)
    if root is None:
        raise SchemaError(str(path), None, "empty schema file")
    top = _mapping(path, root, "the schema")
    label_nodes = _sequence(path, top.get("labels"), "labels")
    labels = tuple(_label(path, node) for node in label_nodes)
    if not labels:
        raise _fail(path, top.get("labels", root), "at least one label is needed")
    seen: set[tuple[str, str]] = set()
    for label, node in zip(labels, label_nodes):
        for other, value in (("name", label.name), ("key", label.key)):
            if (other, value) in seen:
                raise _fail(path, _mapping(path, node, "a label")[other], f"two labels share the {other} {value!r}")
            seen.add((other, value))
    keys = _keys(path, top, labels, label_nodes)
    gazetteers = _mapping(path, top["gazetteers"], "gazetteers") if "gazetteers" in top else {}
    unknown = set(gazetteers) - {"places", "officials"}
    if unknown:
        raise _fail(path, gazetteers[sorted(unknown)[0]], f"unknown gazetteer kind {sorted(unknown)[0]!r}")

    def resolve(kind: str) -> tuple[Path, ...]:
        files = [_gazetteer_file(path, node, kind) for node in _sequence(path, gazetteers.get(kind), f"gazetteers.{kind}")]
        return tuple(dict.fromkeys(files))

    return Schema(path, labels, keys, resolve("places"), resolve("officials"))


@lru_cache(maxsize=4)
def cached_schema(path: str | None = None) -> Schema:
    """The schema, parsed once per process (workers and the app share it)."""
    return load_schema(path)


@lru_cache(maxsize=1)
def default_attribute_order() -> dict[str, tuple[str, ...]]:
    """Each label's attribute names in the packaged schema's order: the key order of machine suggestions
    and gazetteer suggestions (a project schema that reorders attributes does not reorder stored data)."""
    return {label.name: label.attribute_names() for label in load_schema(DEFAULT_SCHEMA).labels}
