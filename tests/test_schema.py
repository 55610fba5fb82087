"""schema.yaml is validated at start; errors name the file, the line and the problem."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotate.errors import SchemaError
from annotate.schema import DEFAULT_SCHEMA, load_schema
from tests.paths import ROOT

GOOD = DEFAULT_SCHEMA.read_text(encoding="utf-8")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "schema.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_project_schema_loads_with_the_guideline_labels():
    schema = load_schema()
    assert schema.label_names == ("OFFICIAL", "LOCALITY", "FIGURE")
    assert schema.label("OFFICIAL").attribute_names() == ("title", "side")
    assert schema.label("LOCALITY").attribute_names() == ("country", "canonical", "level", "now")
    assert schema.label("FIGURE").attribute_names() == ("value", "unit")
    assert [label.key for label in schema.labels] == ["1", "2", "3"]
    assert schema.keys["accept"] == "a,enter"


def test_the_packaged_default_is_the_project_schema_itself():
    """One default schema: the package reaches the project's file through a symlink, never a copy."""
    assert DEFAULT_SCHEMA.is_symlink()
    assert DEFAULT_SCHEMA.resolve() == (ROOT / "schema.yaml").resolve()


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "problem", "points_at_change"),
    [
        ('colour: "#e5a50a"', 'colour: "orange"', "must look like #rrggbb", True),
        ("type: choice, choices: [VN, CN, other]", "type: choice", "needs choices", True),
        ("{name: unit, type: text,", "{name: unit, type: words,", "type must be one of", True),
        ('key: "2"', 'key: "1"\n', "share the key", False),
        ("  accept: ", "  acept: ", "unknown key action", True),
        ("- name: FIGURE", "- name: figure", "UPPER_CASE", True),
        ("labels:\n", "labels: [\n", "invalid YAML", False),
        ("  places: []", "  places: [missing.yaml]", "gazetteer file not found", True),
    ],
)
def test_broken_schema_names_file_line_and_problem(tmp_path, old, new, problem, points_at_change):
    text = GOOD.replace(old, new, 1)
    path = write(tmp_path, text)
    with pytest.raises(SchemaError) as caught:
        load_schema(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert problem in message
    assert caught.value.line is not None
    if points_at_change:
        assert caught.value.line == line_of(text, new.strip()), message
    assert "\n" not in message


@pytest.mark.parametrize(("text", "problem"), [("", "empty schema file"), ("labels: []\n", "at least one label"), ("- a\n- b\n", "must be a mapping")])
def test_degenerate_schema_files(tmp_path, text, problem):
    with pytest.raises(SchemaError, match=problem):
        load_schema(write(tmp_path, text))


def test_duplicate_key_points_at_the_second_label(tmp_path):
    text = GOOD.replace('key: "2"', 'key: "1"', 1)
    with pytest.raises(SchemaError) as caught:
        load_schema(write(tmp_path, text))
    assert caught.value.line == line_of(text, 'key: "1"\n    colour: "#2ec27e"')


def test_missing_schema_file(tmp_path):
    with pytest.raises(SchemaError, match="cannot read"):
        load_schema(tmp_path / "nope.yaml")


def test_remapped_keys_are_read(tmp_path):
    schema = load_schema(write(tmp_path, GOOD.replace('  reject: "x"', '  reject: "r,delete"')))
    assert schema.keys["reject"] == "r,delete"


def test_cli_reports_a_broken_schema_in_one_line(tmp_path):
    import subprocess
    import sys

    broken = write(tmp_path, GOOD.replace('colour: "#3584e4"', 'colour: blue'))
    article = tmp_path / "a.txt"
    article.write_text("Tỉnh Lào Cai và châu Hồng Hà ký 3 văn kiện.\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "annotate", "ingest", str(article), "--db", str(tmp_path / "x.db")],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1
    line = line_of(GOOD, 'colour: "#3584e4"')
    assert result.stderr.strip() == f"Error: {broken}:{line}: FIGURE.colour 'blue' must look like #rrggbb"


def test_user_officials_file_named_in_schema_is_used(tmp_path, monkeypatch):
    from annotate.gazetteer import people
    from annotate.schema import cached_schema

    extra = tmp_path / "my_officials.yaml"
    extra.write_text(
        "officials:\n  - {id: x1, name: Lò Văn Thử, side: VN, title: Chủ tịch UBND tỉnh Điện Biên}\n", encoding="utf-8"
    )
    schema = write(tmp_path, GOOD.replace("  officials: []", "  officials: [my_officials.yaml]"))
    monkeypatch.setenv("ANNOTATE_SCHEMA", str(schema))
    cached_schema.cache_clear()
    people.default_officials.cache_clear()
    try:
        assert people.default_officials().get("Lò Văn Thử").side == "VN"
    finally:
        cached_schema.cache_clear()
        people.default_officials.cache_clear()


def test_each_label_reads_its_rules_from_the_packaged_guidelines():
    from annotate.guidelines import PACKAGED, section

    schema = load_schema()
    for label in schema.labels:
        assert label.guideline == section(PACKAGED.read_text(encoding="utf-8"), label.name)
    assert "personal name only" in schema.label("OFFICIAL").guideline
    assert "ISO 4217" in schema.label("FIGURE").guideline


def test_a_guideline_can_be_literal_text_or_a_section_of_a_file_next_to_the_schema(tmp_path):
    (tmp_path / "RULES.md").write_text("# Rules\n\n## OFFICIAL\nNames only.\n\n## Other\nx\n", encoding="utf-8")
    text = GOOD.replace('guideline: "GUIDELINES.md#OFFICIAL"', 'guideline: "RULES.md#official"')
    text = text.replace('guideline: "GUIDELINES.md#FIGURE"', 'guideline: "Numbers with their unit."')
    schema = load_schema(write(tmp_path, text))
    assert schema.label("OFFICIAL").guideline == "Names only."
    assert schema.label("FIGURE").guideline == "Numbers with their unit."
    assert "sub-national" in schema.label("LOCALITY").guideline  # not next to the schema: the packaged file


def test_a_guideline_section_that_does_not_exist_names_the_line(tmp_path):
    text = GOOD.replace('guideline: "GUIDELINES.md#FIGURE"', 'guideline: "GUIDELINES.md#FIGURES"')
    with pytest.raises(SchemaError) as error:
        load_schema(write(tmp_path, text))
    assert error.value.line == line_of(text, "GUIDELINES.md#FIGURES")
    assert "no section 'FIGURES'" in str(error.value)
