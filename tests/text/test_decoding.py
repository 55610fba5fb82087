"""Bytes to text: every encoding we accept, every bad input we refuse, and the normalisation."""
from __future__ import annotations

import unicodedata

import pytest

from annotate.text.decoding import DecodeError, decode_bytes, normalise_text

SENTENCE = "Đại sứ Đặng Minh Khôi thăm tỉnh Chiết Giang và thành phố Thượng Hải."
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_form(text: str) -> str:
    """Decompose, then keep â/ă/ơ... precomposed as cp1258 does: only tone marks combine."""
    clusters: list[list[str]] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and clusters:
            clusters[-1].append(char)
        else:
            clusters.append([char])
    out = []
    for base, *marks in clusters:
        others = "".join(m for m in marks if m not in TONE_MARKS)
        tones = "".join(m for m in marks if m in TONE_MARKS)
        out.append(unicodedata.normalize("NFC", base + others) + tones)
    return "".join(out)


def test_plain_utf8() -> None:
    assert decode_bytes(SENTENCE.encode("utf-8")) == (SENTENCE, "utf-8")


def test_ascii_is_utf8() -> None:
    assert decode_bytes(b"Hello") == ("Hello", "utf-8")


def test_utf8_bom_is_removed() -> None:
    text, encoding = decode_bytes(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"))
    assert (text, encoding) == (SENTENCE, "utf-8-sig")


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")],
)
def test_utf16_with_bom(bom: bytes, codec: str) -> None:
    text, encoding = decode_bytes(bom + SENTENCE.encode(codec))
    assert (text, encoding) == (SENTENCE, codec)


def test_utf16_without_bom_is_recognised() -> None:
    text, encoding = decode_bytes(SENTENCE.encode("utf-16-le"))
    assert (text, encoding) == (SENTENCE, "utf-16-le")


def test_utf32_bom_is_not_mistaken_for_utf16() -> None:
    text, encoding = decode_bytes(b"\xff\xfe\x00\x00" + SENTENCE.encode("utf-32-le"))
    assert (text, encoding) == (SENTENCE, "utf-32-le")


def test_windows_1258_is_detected() -> None:
    # cp1258 stores tone marks as combining characters: encode the decomposed form.
    data = cp1258_form(SENTENCE).encode("cp1258")
    assert any(byte in data for byte in (0xCC, 0xD2, 0xDE, 0xEC, 0xF2))
    text, encoding = decode_bytes(data)
    assert encoding == "cp1258"
    assert normalise_text(text) == SENTENCE


def test_windows_1258_long_article() -> None:
    article = (SENTENCE + " Hai bên nhất trí tăng cường hợp tác kinh tế.\r\n") * 200
    data = cp1258_form(article).encode("cp1258")
    text, encoding = decode_bytes(data)
    assert encoding == "cp1258"
    assert normalise_text(text) == article.replace("\r\n", "\n")


def test_western_latin_text_is_not_taken_for_vietnamese() -> None:
    with pytest.raises(DecodeError, match="not UTF-8, UTF-16 or Windows-1258"):
        decode_bytes("Le café est très épicé à Noël.".encode("cp1252"))


def test_random_high_bytes_are_refused() -> None:
    with pytest.raises(DecodeError, match="not UTF-8, UTF-16 or Windows-1258"):
        decode_bytes(bytes(range(0x80, 0x100)) * 4)


def test_empty_file() -> None:
    with pytest.raises(DecodeError, match="^empty file$"):
        decode_bytes(b"")


def test_bom_only_is_empty() -> None:
    with pytest.raises(DecodeError, match="^empty file$"):
        decode_bytes(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00\xb5\x00",
        bytes(range(1, 9)) * 50 + b"some text",
        b"\x00" * 40 + b"mostly NUL bytes",
    ],
)
def test_binary_data(data: bytes) -> None:
    with pytest.raises(DecodeError, match="^binary file, not text$"):
        decode_bytes(data)


def test_a_stray_nul_byte_is_text_and_removed_with_where_it_was() -> None:
    from annotate.text.decoding import remove_nuls

    text, encoding = decode_bytes(b"text\x00with a NUL byte in it\nand a second\x00\x00 line")
    assert encoding == "utf-8"
    assert remove_nuls(text) == ("textwith a NUL byte in it\nand a second line", "removed 3 NUL characters (the first at line 1, column 5)")
    assert remove_nuls("no NUL") == ("no NUL", None)


def test_decode_error_is_a_value_error_with_one_line() -> None:
    with pytest.raises(ValueError) as caught:
        decode_bytes(b"\x00\x01\x02")
    assert "\n" not in str(caught.value)


def test_five_megabytes_decode_whole() -> None:
    line = (SENTENCE + "\n").encode("utf-8")
    data = line * (5_000_000 // len(line) + 1)
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8" and len(text) == len(data.decode("utf-8"))


def test_normalise_composes_nfd() -> None:
    nfd = unicodedata.normalize("NFD", SENTENCE)
    assert nfd != SENTENCE
    assert normalise_text(nfd) == SENTENCE


def test_normalise_line_ends() -> None:
    assert normalise_text("a\r\nb\rc\nd\r\n") == "a\nb\nc\nd\n"


def test_normalise_strips_leading_bom_only() -> None:
    assert normalise_text("\ufeffHà Nội") == "Hà Nội"


def test_normalise_keeps_spaces_and_blank_lines() -> None:
    text = "  Tiêu đề  \n\n\n  hai   khoảng  \t trắng \n"
    assert normalise_text(text) == text
