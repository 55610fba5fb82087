"""Open input files safely: regular files only, never a hang on a FIFO, never a symlink loop.

Opening a FIFO for reading blocks until someone writes to it, and a device
file never ends, so files are opened non-blocking and checked with fstat on
the open descriptor (no race between the check and the read). Every problem
becomes one short cause for a ReadError.
"""
from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path
from typing import BinaryIO

_KINDS = (
    (stat.S_ISDIR, "is a directory, not a file"),
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


class InputFileError(OSError):
    """A path that cannot be read as a regular file; str() is the one-line cause."""


def open_regular(path: str | Path) -> tuple[BinaryIO, int]:
    """A binary file object for a regular file and its size; InputFileError says why not."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputFileError(os_cause(path, error)) from None
    try:
        info = os.fstat(fd)
        cause = file_kind_problem(info.st_mode)
        if cause:
            raise InputFileError(cause)
        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~os.O_NONBLOCK)
        return os.fdopen(fd, "rb", buffering=1 << 16), info.st_size
    except BaseException:
        os.close(fd)
        raise


def file_kind_problem(mode: int) -> str | None:
    """Why a file of this mode is not something we read, or None for a regular file."""
    for test, cause in _KINDS:
        if test(mode):
            return cause
    return None if stat.S_ISREG(mode) else "is not a regular file"


def os_cause(path: str | Path, error: OSError) -> str:
    """One short cause for an OS error on path (a dangling symlink is told apart from a missing file)."""
    code = error.errno
    if code == errno.ENOENT:
        return "broken symbolic link (its target does not exist)" if os.path.islink(path) else "no such file or directory"
    if code == errno.ELOOP:
        return "symbolic link loop"
    if code in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if code == errno.EISDIR:
        return "is a directory, not a file"
    if code == errno.ENXIO:
        return "is a socket or device without a reader, not a regular file"
    if code == errno.ENAMETOOLONG:
        return "file name too long"
    return f"cannot read: {error.strerror or error}"


def identity(path: Path) -> tuple[int, int] | str:
    """What makes two paths the same file: device and inode, or the absolute path when it cannot be stat'ed."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return os.path.abspath(path)
    return info.st_dev, info.st_ino


def safe_resolve(path: Path) -> Path:
    """The canonical path, or the absolute one when a symlink loop or an odd name prevents resolving."""
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(path))
