"""The annotation guidelines (GUIDELINES.md, shipped in the package) and the section a label's rules are in.

schema.yaml gives each label a `guideline`: either the text itself, or a
reference `FILE.md#Heading` to a section of a Markdown file (relative to
schema.yaml, else the packaged GUIDELINES.md), so the rules a reviewer reads
on screen are the ones the gold data follows, with one copy to maintain.
"""
from __future__ import annotations

import re
from pathlib import Path

PACKAGED = Path(__file__).resolve().parent / "GUIDELINES.md"
REFERENCE = re.compile(r"^(?P<file>[^#\s]+\.md)#(?P<section>\S.*)$")
_HEADING = re.compile(r"^(?P<level>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")


def guidelines_text(path: Path | None = None) -> str:
    """The whole guidelines file (the packaged one by default)."""
    return (path or PACKAGED).read_text(encoding="utf-8")


def section(markdown: str, title: str) -> str | None:
    """The text under the heading called title (case aside) up to the next heading of its level or above."""
    lines = markdown.splitlines()
    wanted = title.strip().casefold()
    for number, line in enumerate(lines):
        heading = _HEADING.match(line)
        if not heading or heading.group("title").casefold() != wanted:
            continue
        level = len(heading.group("level"))
        body = []
        for following in lines[number + 1 :]:
            other = _HEADING.match(following)
            if other and len(other.group("level")) <= level:
                break
            body.append(following)
        return "\n".join(body).strip()
    return None


def resolve(value: str, base: Path) -> tuple[str, str | None]:
    """(text, problem) for a schema `guideline` value: literal text, or FILE.md#Heading looked up from base."""
    match = REFERENCE.match(value.strip())
    if match is None:
        return value.strip(), None
    candidates = [base / match.group("file")]
    if Path(match.group("file")).name == PACKAGED.name:
        candidates.append(PACKAGED)
    file = next((c for c in candidates if c.is_file()), None)
    if file is None:
        return "", f"guideline file not found: {candidates[0]}"
    try:
        found = section(file.read_text(encoding="utf-8"), match.group("section"))
    except (OSError, UnicodeDecodeError) as error:
        return "", f"cannot read {file}: {error}"
    if found is None:
        return "", f"no section {match.group('section')!r} in {file}"
    return found, None
