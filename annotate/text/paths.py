"""Command-line paths to files: every file, folder and glob, every problem named, nothing followed in circles.

Folders are walked without following symbolic links to folders (like find
and grep -r), so a link back to a parent cannot loop; links to files are
read, and a link that loops or dangles becomes one error when it is read.
Recursive globs (`**`) are matched over the same walk: Python's glob follows
folder links and never ends on two links that point back up.
"""
from __future__ import annotations

import fnmatch
import glob
import os
from pathlib import Path

from annotate.text.files import identity
from annotate.text.items import ReadError

SUPPORTED_SUFFIXES = (".txt", ".jsonl")
_GLOB_CHARS = frozenset("*?[")


def expand_paths(args: list[str]) -> tuple[list[Path], list[ReadError]]:
    """Resolve files, folders and globs to a sorted, duplicate-free list of files to read."""
    found: list[Path] = []
    errors: list[ReadError] = []
    for arg in args:
        if not arg.strip():
            errors.append(ReadError(repr(arg), "empty path"))
            continue
        files, error = _expand_glob(arg) if _GLOB_CHARS & set(arg) else _expand_one(arg)
        found.extend(files)
        if error:
            errors.append(error)
    return _sorted_unique(found), errors


def is_supported(path: Path) -> bool:
    """Only plain-text articles and JSONL batches are read."""
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _expand_one(arg: str) -> tuple[list[Path], ReadError | None]:
    """A named file must be supported; a named folder is searched recursively."""
    path = Path(arg).expanduser()
    if _is_dir(path):
        files = files_in_folder(path)
        if not files:
            return [], ReadError(arg, "no .txt or .jsonl files in this folder")
        return files, None
    if not os.path.lexists(path):
        return [], ReadError(arg, "no such file or directory")
    if not is_supported(path):
        kind = path.suffix or "(none)"
        return [], ReadError(arg, f"unsupported file type {kind}: use .txt or .jsonl")
    return [path], None


def _expand_glob(pattern: str) -> tuple[list[Path], ReadError | None]:
    """Glob matches keep supported files and search matched folders; no match is an error."""
    pattern = os.path.expanduser(pattern)
    matches = _recursive_glob(pattern) if "**" in pattern else [Path(m) for m in glob.glob(pattern)]
    if not matches:
        return [], ReadError(pattern, "no files match this pattern")
    files: list[Path] = []
    for path in matches:
        if _is_dir(path):
            files.extend(files_in_folder(path))
        elif is_supported(path):
            files.append(path)
    if not files:
        return [], ReadError(pattern, "no .txt or .jsonl files match this pattern")
    return files, None


def _recursive_glob(pattern: str) -> list[Path]:
    """Paths matching a pattern with `**`, found by one walk that never follows folder links."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARS & set(part))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    wanted = parts[fixed:]
    matches = []
    for folder, dirs, names in _walk(root):
        for name in (*dirs, *names):
            path = Path(folder, name)
            relative = path.relative_to(root).parts
            if _matches(wanted, relative):
                matches.append(path if fixed else Path(*relative))
    return matches


def _matches(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """Component-wise glob match where `**` stands for any number of folders (dynamic programming)."""
    reachable = {0}
    for part in parts:
        following = set()
        for i in reachable:
            if i < len(pattern) and pattern[i] == "**":
                following.add(i)  # ** swallows this part too
                reachable_next = i + 1
                if reachable_next < len(pattern) and fnmatch.fnmatchcase(part, pattern[reachable_next]):
                    following.add(reachable_next + 1)
            elif i < len(pattern) and fnmatch.fnmatchcase(part, pattern[i]):
                following.add(i + 1)
        reachable = following
    return any(i == len(pattern) or all(p == "**" for p in pattern[i:]) for i in reachable)


def files_in_folder(folder: Path) -> list[Path]:
    """Supported files under a folder, skipping hidden files and folders and never following folder links."""
    files = []
    for root, _dirs, names in _walk(folder):
        files.extend(Path(root, name) for name in names if is_supported(Path(name)))
    return files


def _walk(folder: Path):
    """os.walk without hidden entries; links to folders are listed as names, not entered."""
    for root, dirs, names in os.walk(folder, followlinks=False, onerror=None):
        linked = [d for d in dirs if os.path.islink(os.path.join(root, d))]
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in linked]
        yield root, dirs, [n for n in (*names, *linked) if not n.startswith(".")]


def _is_dir(path: Path) -> bool:
    """A folder (through links), False for anything unreadable or looping."""
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _sorted_unique(paths: list[Path]) -> list[Path]:
    """Sort by path and drop second mentions of the same file."""
    seen: set = set()
    unique = []
    for path in sorted(paths, key=str):
        key = identity(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
