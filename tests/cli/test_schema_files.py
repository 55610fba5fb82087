"""schema.yaml's gazetteer files and keys: every hostile entry is one `FILE:LINE: problem` before work starts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotate.errors import SchemaError
from annotate.schema import DEFAULT_SCHEMA, load_schema

GOOD = DEFAULT_SCHEMA.read_text(encoding="utf-8")
PLACE = "places:\n  - {id: la-xvk, name: Xạ Vằn Na Khệt, canonical: Savannakhet, country: LA, level: province}\n"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def schema_naming(folder: Path, places: str = "[]", officials: str = "[]", extra: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    text = GOOD.replace("  places: []", f"  places: {places}").replace("  officials: []", f"  officials: {officials}") + extra
    path = folder / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(schema: Path) -> str:
    with pytest.raises(SchemaError) as caught:
        load_schema(schema)
    message = str(caught.value)
    assert "\n" not in message
    return message


def places_line(schema: Path) -> int:
    return line_of(schema.read_text(encoding="utf-8"), "  places: ")


# --- paths ---------------------------------------------------------------------


def test_paths_resolve_relative_to_schema_yaml_not_the_working_folder(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "common.yaml").write_text(PLACE, encoding="utf-8")
    (project / "gaz").mkdir(parents=True)
    (project / "gaz" / "mine.yml").write_text(PLACE.replace("la-xvk", "la-2"), encoding="utf-8")
    schema = schema_naming(project, "[gaz/mine.yml, ../shared/common.yaml]")
    monkeypatch.chdir(tmp_path / "shared")
    assert load_schema(schema).place_gazetteers == (project / "gaz" / "mine.yml", tmp_path / "shared" / "common.yaml")


def test_etc_passwd_is_refused_as_not_yaml(tmp_path):
    schema = schema_naming(tmp_path, "[/etc/passwd]")
    assert error_of(schema) == (
        f"{schema}:{places_line(schema)}: gazetteer file '/etc/passwd' (/etc/passwd) is not a YAML file (gazetteer files end in .yaml or .yml)"
    )


@pytest.mark.parametrize("written", ["..", ".", "folder.yaml"])
def test_a_directory_is_refused(tmp_path, written):
    (tmp_path / "folder.yaml").mkdir()
    schema = schema_naming(tmp_path, f"['{written}']")
    assert error_of(schema).startswith(f"{schema}:{places_line(schema)}: gazetteer file '{written}' (")
    assert error_of(schema).endswith(") is a directory, not a file")


def test_a_fifo_is_refused_without_waiting(tmp_path):
    os.mkfifo(tmp_path / "pipe.yaml")
    schema = schema_naming(tmp_path, "[pipe.yaml]")
    assert error_of(schema).endswith("is a FIFO (named pipe), not a regular file")


def test_a_missing_file_and_a_symlink_loop(tmp_path):
    os.symlink("loop.yaml", tmp_path / "loop.yaml")
    assert "gazetteer file not found" in error_of(schema_naming(tmp_path, "[nowhere.yaml]"))
    assert error_of(schema_naming(tmp_path, "[loop.yaml]")).endswith("symbolic link loop")


def test_a_file_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATE_MAX_GAZETTEER_MB", "0.001")
    (tmp_path / "big.yaml").write_text(PLACE * 40, encoding="utf-8")
    message = error_of(schema_naming(tmp_path, "[big.yaml]"))
    assert "over the 0.001 MB limit (split it, or raise $ANNOTATE_MAX_GAZETTEER_MB)" in message


# --- contents --------------------------------------------------------------------


def test_a_python_tag_is_refused_and_never_runs(tmp_path):
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(
        PLACE + f"  - !!python/object/apply:os.system ['touch {marker}']\n", encoding="utf-8"
    )
    message = error_of(schema_naming(tmp_path, "[evil.yaml]"))
    assert message == f"{tmp_path / 'evil.yaml'}:3: unsupported tag !!python/object/apply:os.system: only plain YAML data is read"
    assert not marker.exists()


BAD_ENTRIES = [
    ("places: [Hà Nội]\n", 1, "places entry 1 must be a mapping of fields"),
    ("places:\n  - {name: X, level: city}\n", 2, "places entry 1: `id` is missing"),
    ("places:\n  - {id: a, name: [X], level: city}\n", 2, "places entry 1 (id a): `name` must be text"),
    ("places:\n  - {id: a, name: X, level: town}\n", 2, "places entry 1 (id a): level 'town' must be one of province, city, district, commune"),
    ("places:\n  - {id: a, name: X, level: city, variants: Y}\n", 2, "places entry 1 (id a): `variants` must be a list of names"),
    ("places:\n  - {id: a, name: X, level: city}\n  - id: a\n    name: Y\n    level: city\n", 3, "places entry 2 (id a): id 'a' is already used on line 2"),
    ("places:\n  - {id: a, name: X, name: Y, level: city}\n", 2, "duplicate key 'name'"),
    ("places: {a: 1}\n", 1, "`places:` must be a list of entries"),
    ("root:x:0:0:root:/root:/bin/bash\n", 1, "expected a mapping with a `places:` list (see README, Configuration)"),
    ("places:\n  - &a {id: a, name: X, level: city}\n  - {<<: *a, id: b}\n", 3, "merge keys (<<) are not supported here"),
    ("places:\n  - {id: a, name: X\n", 3, "invalid YAML: did not find expected ',' or '}'"),
]


@pytest.mark.parametrize("content,line,problem", BAD_ENTRIES)
def test_badly_shaped_place_files_name_file_and_line(tmp_path, content, line, problem):
    (tmp_path / "p.yaml").write_text(content, encoding="utf-8")
    assert error_of(schema_naming(tmp_path, "[p.yaml]")) == f"{tmp_path / 'p.yaml'}:{line}: {problem}"


@pytest.mark.parametrize("content,line,problem", [
    ("officials:\n  - {id: x, name: Lò Văn Thử, title: Chủ tịch}\n", 2, "officials entry 1 (id x): `side` is missing"),
    ("officials:\n  - {id: x, name: Lò Văn Thử, side: LA, title: Chủ tịch}\n", 2, "officials entry 1 (id x): side 'LA' must be one of VN, CN, other"),
    ("officials:\n  - id: x\n    name: Lò Văn Thử\n    side: VN\n    title: Chủ tịch\n    roles: [{title: A, from: soon}]\n", 6, "officials entry 1 (id x): a role's `from` must be a year"),
    ("- {id: x}\n", 1, "expected a mapping with a `officials:` list (see README, Configuration)"),
])
def test_badly_shaped_official_files_name_file_and_line(tmp_path, content, line, problem):
    (tmp_path / "o.yaml").write_text(content, encoding="utf-8")
    assert error_of(schema_naming(tmp_path, officials="[o.yaml]")) == f"{tmp_path / 'o.yaml'}:{line}: {problem}"


def test_not_utf8(tmp_path):
    (tmp_path / "p.yaml").write_bytes("places: [Hà Nội]\n".encode("utf-16"))
    assert error_of(schema_naming(tmp_path, "[p.yaml]")) == f"{tmp_path / 'p.yaml'}: not UTF-8 text"


# --- keys --------------------------------------------------------------------------


@pytest.mark.parametrize("old,new,problem", [
    ('  accept: "a,enter"', '  accept: "x,enter"', "keys.reject: key 'x' is already bound to keys.accept"),
    ('  done: "d"', '  done: "u"', "keys.done: key 'u' is already bound to keys.undo"),
    ('  suggestions: "g"', '  suggestions: "1"', "keys.suggestions: key '1' is already bound to label OFFICIAL"),
    ('  reject: "x"', '  reject: "x,,y"', "keys.reject: an empty key in 'x,,y'"),
])
def test_two_actions_on_one_key_is_an_error(tmp_path, old, new, problem):
    text = GOOD.replace(old, new)
    schema = tmp_path / "schema.yaml"
    schema.write_text(text, encoding="utf-8")
    message = error_of(schema)
    assert message.startswith(f"{schema}:")
    assert message.split(": ", 1)[1] == problem
    bad_line = int(message.split(":")[1])
    assert text.splitlines()[bad_line - 1].strip().split(":")[0] in problem


def test_a_default_key_taken_by_the_users_remap_points_at_their_line(tmp_path):
    text = GOOD.replace('  reject: "x"\n', "").replace('  accept: "a,enter"', '  accept: "x"')
    schema = tmp_path / "schema.yaml"
    schema.write_text(text, encoding="utf-8")
    assert error_of(schema) == f"{schema}:{line_of(text, '  accept: ')}: keys.accept: key 'x' is already bound to keys.reject (its default; remap that too)"


# --- before work starts ----------------------------------------------------------------


def test_ingest_stops_before_touching_the_database(tmp_path):
    (tmp_path / "evil.yaml").write_text("places:\n  - !!python/object/new:os.system [echo hi]\n", encoding="utf-8")
    schema = schema_naming(tmp_path / "conf", "[../evil.yaml]")
    article = tmp_path / "a.txt"
    article.write_text("Tỉnh Lào Cai và châu Hồng Hà ký 3 văn kiện.\n", encoding="utf-8")
    db = tmp_path / "db" / "x.db"
    result = subprocess.run(
        [sys.executable, "-m", "annotate", "ingest", str(article), "--db", str(db)],
        capture_output=True, text=True, env={**os.environ, "ANNOTATE_SCHEMA": str(schema)},
    )
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'evil.yaml'}:2: unsupported tag !!python/object/new:os.system: only plain YAML data is read"
    assert result.stdout == ""
    assert not db.parent.exists()


# --- schema.yaml itself ------------------------------------------------------------


def test_schema_yaml_that_is_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "schema.yaml"
    os.mkfifo(fifo)
    assert error_of(fifo) == f"{fifo}: cannot read: is a FIFO (named pipe), not a regular file"


def test_schema_yaml_nested_100000_deep_is_one_line(tmp_path):
    deep = tmp_path / "schema.yaml"
    deep.write_text("labels: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert error_of(deep) == f"{deep}:1: invalid YAML: exceeded maximum nesting depth"  # PyYAML's own limit, named at its line


def test_schema_yaml_too_big_or_not_text_is_one_line(tmp_path):
    huge = tmp_path / "huge.yaml"
    huge.write_text("# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    assert error_of(huge) == f"{huge}: over 1 MB: not a schema file"
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"labels: \xff\xfe\x00\x01\n")
    assert error_of(binary) == f"{binary}: not UTF-8 text"
