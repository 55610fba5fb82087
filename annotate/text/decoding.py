"""Bytes to text: pick the encoding from evidence, and normalise so offsets are stable.

Vietnamese news arrives as UTF-8, UTF-8 with a BOM, UTF-16 from Windows tools,
or legacy Windows-1258 (tone marks stored as combining characters). Every
span offset is a code point into the normalised text, so normalisation here
must be exactly NFC plus newline folding, and nothing else.
"""
from __future__ import annotations

import re
import unicodedata

EMPTY = "empty file"
BINARY = "binary file, not text"
UNDECODABLE = "not UTF-8, UTF-16 or Windows-1258 text"

# Longest BOMs first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

_SAMPLE_BYTES = 65536
_SAMPLE_CHARS = 200_000
_MAX_CONTROL_SHARE = 0.01
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c")
_MAX_NUL_SHARE = 0.1
_CONTROL_CHARS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")  # NUL is judged apart: see _looks_binary

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VIETNAMESE_ONLY_LETTERS = "ăđơưĂĐƠƯ"
_CP1258_VIETNAMESE = set(
    _TONE_MARKS
    + _VIETNAMESE_ONLY_LETTERS
    + "àáâãèéêìíòóôõùúýĩũ"
    + "ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝĨŨ"
)
_MARK_AFTER_VOWEL = re.compile(f"[aeiouyAEIOUYăâêôơưĂÂÊÔƠƯ][{_TONE_MARKS}]")
_TONE_MARK = re.compile(f"[{_TONE_MARKS}]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class DecodeError(ValueError):
    """Why a file's bytes are not usable text; one line, without the file name."""


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode a file's bytes and name the encoding used, or explain why not."""
    if not data:
        raise DecodeError(EMPTY)
    decoded = _decode_with_bom(data) or _decode_utf16_without_bom(data)
    if decoded is None:
        if _looks_binary(data[:_SAMPLE_BYTES]):
            raise DecodeError(BINARY)
        decoded = _decode_utf8(data) or _decode_cp1258(data)
    if decoded is None:
        raise DecodeError(UNDECODABLE)
    text, encoding = decoded
    if not text:
        raise DecodeError(EMPTY)
    sample = text[:_SAMPLE_BYTES]
    if _control_share(sample) > _MAX_CONTROL_SHARE or sample.count("\x00") > _MAX_NUL_SHARE * len(sample):
        raise DecodeError(BINARY)
    return text, encoding


def remove_nuls(text: str) -> tuple[str, str | None]:
    """The text without NUL characters, and where they were (None when there were none).

    A stray NUL (a bad copy, a truncated write) should not cost the article;
    the caller warns with the returned description.
    """
    first = text.find("\x00")
    if first < 0:
        return text, None
    count = text.count("\x00")
    line = text.count("\n", 0, first) + 1
    column = first - (text.rfind("\n", 0, first) + 1) + 1
    plural = "s" if count > 1 else ""
    several_lines = text.find("\n") not in (-1, len(text) - 1)  # a JSONL line's own end does not count
    at = f"line {line}, column {column}" if several_lines else f"column {column}"
    return text.replace("\x00", ""), f"removed {count} NUL character{plural} (the first at {at})"


def stream_encoding(sample: bytes) -> tuple[str | None, str, int]:
    """How to decode a file read line by line, from its first bytes: (codec or None, name, BOM length).

    None means UTF-8 line by line, with Windows-1258 for lines that are not
    UTF-8 but read as Vietnamese; a UTF-16/32 file is decoded as a stream.
    """
    for bom, codec, name in _BOMS:
        if sample.startswith(bom):
            return (None, name, len(bom)) if codec == "utf-8" else (codec, name, len(bom))
    even = sample[: len(sample) - len(sample) % 2]
    utf16 = _decode_utf16_without_bom(even) if even else None
    if utf16 is not None:
        return utf16[1], utf16[1], 0
    if _looks_binary(sample):
        raise DecodeError(BINARY)
    return None, "utf-8", 0


def decode_line(data: bytes) -> tuple[str, str]:
    """Decode one line of a UTF-8 (or legacy Windows-1258) stream, naming the encoding used."""
    decoded = _decode_utf8(data) or _decode_cp1258(data)
    if decoded is None:
        raise DecodeError(UNDECODABLE)
    return decoded


def normalise_text(text: str) -> str:
    """NFC with "\\n" line ends and no leading BOM: the text every offset refers to."""
    text = text.removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    """Trust a byte-order mark when present: it is the one unambiguous signal."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec), name
            except UnicodeDecodeError:
                raise DecodeError(UNDECODABLE) from None
    return None


def _decode_utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Recognise BOM-less UTF-16 by its zero high bytes, before NULs mean "binary"."""
    if len(data) < 4 or len(data) % 2 or b"\x00" not in data:
        return None
    half = len(data) // 2
    even_zeros = data[0::2].count(0)
    odd_zeros = data[1::2].count(0)
    if odd_zeros >= 0.3 * half and even_zeros <= 0.01 * half:
        codec = "utf-16-le"
    elif even_zeros >= 0.3 * half and odd_zeros <= 0.01 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return None
    if _control_share(text[:_SAMPLE_BYTES]) > _MAX_CONTROL_SHARE:
        return None
    return text, codec


def _looks_binary(sample: bytes) -> bool:
    """Control bytes never occur in news text, nor runs of NULs; a few stray NULs (a bad copy) do.

    Binary formats are full of NULs and control bytes; a text with a NUL here
    and there is kept (the reader removes them with a warning).
    """
    nuls = sample.count(0)
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES)) - nuls
    return controls > _MAX_CONTROL_SHARE * len(sample) or nuls > _MAX_NUL_SHARE * len(sample)


def _control_share(text: str) -> float:
    """Share of control characters, to catch binary data that decoded anyway."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def _decode_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 is strict enough that a clean decode is strong evidence."""
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return None


def _decode_cp1258(data: bytes) -> tuple[str, str] | None:
    """Accept Windows-1258 only when the result reads like Vietnamese, not mojibake."""
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return None
    return (text, "cp1258") if _reads_as_vietnamese(text[:_SAMPLE_CHARS]) else None


def _reads_as_vietnamese(text: str) -> bool:
    """Tone marks sit after vowels, non-ASCII is Vietnamese letters, and letters dominate."""
    non_ascii = _NON_ASCII.findall(text)
    if not non_ascii:
        return False
    vietnamese = sum(1 for ch in non_ascii if ch in _CP1258_VIETNAMESE)
    if vietnamese < 0.8 * len(non_ascii):
        return False
    marks = len(_TONE_MARK.findall(text))
    specific = marks + sum(text.count(ch) for ch in _VIETNAMESE_ONLY_LETTERS)
    if specific == 0:
        return False
    if marks and len(_MARK_AFTER_VOWEL.findall(text)) < 0.9 * marks:
        return False
    visible = [ch for ch in text if not ch.isspace()]
    letters = sum(1 for ch in visible if ch.isalpha() or ch in _TONE_MARKS)
    return letters >= 0.5 * len(visible)
