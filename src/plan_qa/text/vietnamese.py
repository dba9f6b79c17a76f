"""Vietnamese text helpers: NFC, diacritics folding, tone placement, cached word segmentation.

`fold_diacritics` maps every Vietnamese letter to its bare Latin base (đ→d, ư→u, ơ→o,
â→a, all five tone marks removed), so "Sở nào chủ trì" and "so nao chu tri" compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from underthesea import word_tokenize as _underthesea_word_tokenize

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (NFD)
# "hoà/hòa", "khoẻ/khỏe", "thuỷ/thủy": tone on the 2nd vowel of an open oa/oe/uy syllable
# (new style); "quý" is excluded because there "qu" is the onset, not the uy glide.
_WORD = re.compile(r"\w+")
_NEW_STYLE_TONE = re.compile(rf"(?:(?<!q)uy|o[ae])([{_TONE_MARKS}])$")


def nfc(text: str) -> str:
    """Return `text` in Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """Remove all Vietnamese diacritics: tone marks and letter marks (đ→d, ư→u, ơ→o, â→a…)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", bare)


def has_diacritics(text: str) -> bool:
    """True if `text` contains any letter that `fold_diacritics` would change."""
    text = nfc(text)
    return fold_diacritics(text) != text


def normalize_tone_placement(syllable: str) -> str:
    """Put the tone of an open oa/oe/uy syllable on the first vowel ("hoá"→"hóa", "thuỷ"→"thủy").

    Both placements are in use; the old style dominates official documents, so it is canonical.
    Expects a single lower-case syllable.
    """
    decomposed = unicodedata.normalize("NFD", syllable)
    match = _NEW_STYLE_TONE.search(decomposed)
    if match is None:
        return syllable
    vowel = match.start()  # decomposed[vowel:] is: first vowel, second vowel, tone mark
    moved = decomposed[: vowel + 1] + match.group(1) + decomposed[vowel + 1]
    return unicodedata.normalize("NFC", moved)


def harmonise_tone_marks(text: str) -> str:
    """NFC text with every word's tone placement unified ("hoá" → "hóa"), for matching only."""
    return _WORD.sub(lambda m: normalize_tone_placement(m.group(0)), nfc(text))


@lru_cache(maxsize=4096)
def word_tokenize(text: str) -> tuple[str, ...]:
    """Segment NFC `text` into words with underthesea; compounds keep their inner space."""
    return tuple(_underthesea_word_tokenize(nfc(text)))
