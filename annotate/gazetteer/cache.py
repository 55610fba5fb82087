"""A user-private, content-keyed cache for the compiled gazetteer index, so a process starts in milliseconds.

Building the index from the YAML files, the vietnamadminunits database and
the user's additions takes most of a second; reading it back takes a few
hundredths. Safety rules:

- the key is a SHA-256 over the content of every input (the shipped data
  files, the package's data files, the code that compiles them, the user's
  gazetteer files and the database-confirmed entries): a changed input is a
  different file name, so a stale cache is never read;
- the file is JSON, parsed, never unpickled: a header line (format, key, the
  SHA-256 of the payload line) and the payload line; a file whose header does
  not match, or whose payload is truncated or damaged, is ignored (the caller
  rebuilds and rewrites it);
- it lives in a directory only this user can write ($ANNOTATE_CACHE_DIR, else
  $XDG_CACHE_HOME/vn-entity-workbench, else ~/.cache/vn-entity-workbench),
  created 0700; files are 0600, written to a temporary file and renamed, so a
  reader sees the old file or the new one, never half of one;
- ANNOTATE_CACHE_DIR=off (or an unusable directory) turns it off: the index is
  then built in memory every time, as before.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Iterable

APP = "vn-entity-workbench"
KEEP = 10  # newest cache files kept per kind (several checkouts may share the folder); older ones go on write


def cache_dir() -> Path | None:
    """The private cache directory (created 0700), or None when caching is off or unsafe."""
    configured = os.environ.get("ANNOTATE_CACHE_DIR")
    if configured is not None and configured.strip().lower() in ("", "0", "off", "no", "none"):
        return None
    if configured:
        folder = Path(configured).expanduser()
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base).expanduser() / APP
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None  # someone else could swap files in
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return None
    return folder


def content_digest(parts: Iterable[bytes]) -> str:
    """SHA-256 over length-prefixed parts (so two inputs can never run together)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _path(folder: Path, kind: str, digest: str) -> Path:
    return folder / f"{kind}-{digest[:40]}.json"


def read(kind: str, digest: str, fmt: int) -> dict[str, Any] | None:
    """The cached payload for this key, or None when absent, unreadable, damaged or not what it claims to be."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(_path(folder, kind, digest), "rb") as handle:
            header = json.loads(handle.readline())
            body = handle.read()
        if not isinstance(header, dict) or header.get("digest") != digest or header.get("format") != fmt:
            return None
        if header.get("checksum") != hashlib.sha256(body).hexdigest():
            return None  # truncated or damaged
        payload = json.loads(body.decode("utf-8"))
    except (OSError, ValueError, UnicodeError):
        return None
    return payload if isinstance(payload, dict) else None


def write(kind: str, digest: str, fmt: int, payload: dict[str, Any]) -> Path | None:
    """Store the payload atomically (temporary file, then rename); None when caching is off or failed."""
    folder = cache_dir()
    if folder is None:
        return None
    target = _path(folder, kind, digest)
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    header = {"format": fmt, "digest": digest, "checksum": hashlib.sha256(body.encode("utf-8")).hexdigest()}
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{kind}-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(json.dumps(header) + "\n" + body)
            os.chmod(tmp, 0o600)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError:
        return None
    _prune(folder, kind, keep=target)
    return target


def _prune(folder: Path, kind: str, keep: Path) -> None:
    """Remove all but the newest KEEP cache files of this kind (other checkouts may use the others)."""
    try:
        files = sorted(folder.glob(f"{kind}-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in files[KEEP:]:
        if old != keep:
            with contextlib.suppress(OSError):
                old.unlink()
