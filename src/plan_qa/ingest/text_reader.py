"""Bytes of a .txt/.md (or .html) file → Unicode text, refusing binaries and unknown encodings."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from plan_qa.ingest.errors import DocumentError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# ASCII control bytes that never occur in text (tab, LF, VT, FF and CR are allowed).
_CONTROL_BYTES = bytes([*range(9), *range(14, 32), 127])
_MAX_CONTROL_RATIO = 0.02
# Letters that (almost) only Vietnamese uses: ă đ ơ ư ĩ ũ and the precomposed
# tone-marked vowels of the Latin Extended Additional block.
_VIETNAMESE_LETTER = re.compile("[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]")
_MIN_VIETNAMESE_RATIO = 0.02
# UTF-8 Vietnamese read as cp1252/latin-1 shows these pairs (ế → "áº¿", ư → "Æ°", đ → "Ä‘").
_MOJIBAKE_MARK = re.compile("[ÃÄÆ][\u0080-\u00bf\u0152-\u2122]|á[º»]")
_C1_CONTROL = re.compile("([\u0080-\u009f]+)")


def decode_text(data: bytes, path: Path) -> str:
    """Decode text bytes: BOM, else UTF-8, else a confidently detected Vietnamese legacy code page."""
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            try:
                return unicodedata.normalize("NFC", data.decode(codec))
            except UnicodeDecodeError as exc:
                raise DocumentError(
                    path, f"tệp có BOM {label} nhưng nội dung không hợp lệ"
                ) from exc
    _refuse_binary(data, path)
    try:
        return _repair_mojibake(unicodedata.normalize("NFC", data.decode("utf-8")))
    except UnicodeDecodeError:
        pass
    text = _detect_vietnamese(data)
    if text is None:
        raise DocumentError(
            path,
            "không nhận diện được bảng mã: tệp không phải UTF-8 và không giải mã được thành "
            "tiếng Việt (đã dò cả Windows-1258) — hãy lưu lại tệp dạng UTF-8",
        )
    return text


def _vietnamese_ratio(text: str) -> float:
    """Share of the letters that only Vietnamese uses (expects NFC text)."""
    letters = sum(ch.isalpha() for ch in text)
    return len(_VIETNAMESE_LETTER.findall(text)) / letters if letters else 0.0


def _refuse_binary(data: bytes, path: Path) -> None:
    """Raise if the bytes are clearly not text (NUL bytes or many control bytes)."""
    if b"\x00" in data:
        raise DocumentError(
            path, "tệp nhị phân, không phải văn bản (có byte NUL) — có thể là PDF/DOCX bị đổi đuôi"
        )
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls / len(data) > _MAX_CONTROL_RATIO:
        raise DocumentError(path, "tệp nhị phân, không phải văn bản (quá nhiều ký tự điều khiển)")


def _detect_vietnamese(data: bytes) -> str | None:
    """Best confident charset-normalizer decoding that reads as Vietnamese, or None.

    The general pass can rank cp1250/cp1252 (which garble cp1258) above cp1258, and on
    short inputs may miss cp1258 altogether, so cp1258 is also probed in isolation and
    the candidate with the most Vietnamese letters wins.
    """
    best, best_ratio = None, 0.0
    for isolation in (None, ["cp1258"]):
        for match in from_bytes(data, cp_isolation=isolation):
            text = unicodedata.normalize("NFC", str(match))
            ratio = _vietnamese_ratio(text)
            if ratio >= _MIN_VIETNAMESE_RATIO and ratio > best_ratio:
                best, best_ratio = text, ratio
    return best


def _repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was once decoded as cp1252/latin-1 (e.g. "Káº¿ hoáº¡ch" → "Kế hoạch").

    Applied only when the text has no Vietnamese letters but mojibake pairs, and kept
    only if the round trip is lossless and yields Vietnamese.
    """
    if _VIETNAMESE_LETTER.search(text) or not _MOJIBAKE_MARK.search(text):
        return text
    try:
        # C1 controls are bytes cp1252 leaves undefined (latin-1 kept them); the rest is cp1252.
        raw = b"".join(
            part.encode("latin-1" if i % 2 else "cp1252")
            for i, part in enumerate(_C1_CONTROL.split(text))
        )
        fixed = unicodedata.normalize("NFC", raw.decode("utf-8"))
    except UnicodeError:
        return text
    return fixed if _vietnamese_ratio(fixed) >= _MIN_VIETNAMESE_RATIO else text


# CommonMark: a backslash before ASCII punctuation only escapes it ("1\)", "\-", "1\." as pandoc writes them).
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def decode_markdown(data: bytes, path: Path) -> str:
    """Markdown text as it reads: decoded like plain text, backslash escapes removed."""
    return _MARKDOWN_ESCAPE.sub(r"\1", decode_text(data, path))
