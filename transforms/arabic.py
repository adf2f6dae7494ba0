"""Arabic normalisation that keeps a map back to the original text.

Matching runs on a normalised key; every event still points at the original
characters. ``normalise`` returns the key and, for each key character, the
index of the original character it came from, so a span found in the key maps
back with ``original_span``.

pyarabic supplies the character classes (diacritics, tatweel, digits). Its
string-level helpers are not used where they are wrong for matching:
``normalize_hamza`` turns أدان into ءدان and آ into ءء, ``normalize_alef`` maps
ى to ا, and none of them keep offsets.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_right
from itertools import chain
from dataclasses import dataclass
from functools import lru_cache
from typing import List, Optional, Sequence, Set, Tuple

import pyarabic.araby as araby

# Removed outright: diacritics (pyarabic's list includes the dagger alef U+0670
# and the Quranic marks), tatweel, bidi controls, BOM, zero-width (non-)joiners.
_DROP = frozenset(araby.DIACRITICS) | frozenset(araby.SMALL) | {araby.TATWEEL} | frozenset(
    "\u200e\u200f\u061c"          # LRM, RLM, ALM
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"    # isolates
    "\ufeff\u200b\u200c\u200d"    # BOM, ZWSP, ZWNJ, ZWJ
    "\u00ad"                      # soft hyphen
)

_LETTER_MAP = {
    "\u0623": "\u0627",  # أ
    "\u0625": "\u0627",  # إ
    "\u0622": "\u0627",  # آ
    "\u0671": "\u0627",  # ٱ alef wasla
    "\u0649": "\u064a",  # ى alef maksura -> ي, for matching only
    "\u06cc": "\u064a",  # ی Persian yeh
    "\u06a9": "\u0643",  # ک keheh
    "\u06c1": "\u0647",  # ہ heh goal
    "\u0640": "",
}
for _east, _pers, _west in zip(araby.NUMBERS_EAST, araby.NUMBERS_PERS, "0123456789"):
    _LETTER_MAP[_east] = _west
    _LETTER_MAP[_pers] = _west


@lru_cache(maxsize=4096)
def _normalise_char(ch: str) -> str:
    """The key text for one original character ('' when it is dropped)."""
    if ch in _DROP:
        return ""
    mapped = _LETTER_MAP.get(ch)
    if mapped is not None:
        return mapped
    if ch.isascii():
        return ch
    # NFKC turns presentation forms (ﻷ, ﺃ) into letters; it can also yield
    # diacritics or alef forms, so the result goes through the same mapping.
    folded = unicodedata.normalize("NFKC", ch)
    if folded == ch:
        return ch
    out = []
    for c in folded:
        if c in _DROP:
            continue
        out.append(_LETTER_MAP.get(c, c))
    return "".join(out)


@dataclass(frozen=True)
class NormalisedText:
    """The matching key of a text and the offset map back to the original."""

    original: str
    key: str
    origin: Tuple[int, ...]  # origin[i] = index in `original` of key[i]

    def original_span(self, start: int, end: int) -> Tuple[int, int]:
        """Map the key span [start, end) to the original text.

        The end is extended over characters that normalisation dropped right
        after the span (diacritics, tatweel), so the original slice reads as
        written.
        """
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1
        limit = self.origin[end] if end < len(self.origin) else len(self.original)
        while o_end < limit and _normalise_char(self.original[o_end]) == "":
            o_end += 1
        return o_start, o_end


def normalise(text: str) -> NormalisedText:
    """Normalise Arabic text for matching, keeping offsets into ``text``."""
    changed = _changed_chars(text)
    if changed is None:
        return _normalise_each(text)
    # Every character gives one key character or none: key[i] comes from the
    # i-th character that is not dropped.
    if not changed & _DROPPED:
        return NormalisedText(text, _replace_all(text, changed), tuple(range(len(text))))
    kept: List[range] = []
    start = 0
    for m in _DROPPED_CHAR.finditer(text):
        if m.start() > start:
            kept.append(range(start, m.start()))
        start = m.end()
    kept.append(range(start, len(text)))
    return NormalisedText(text, _replace_all(text, changed), tuple(chain.from_iterable(kept)))


def _normalise_each(text: str) -> NormalisedText:
    """``normalise`` one character at a time: the reference the quick path must equal."""
    key: List[str] = []
    origin: List[int] = []
    for i, ch in enumerate(text):
        out = _normalise_char(ch)
        if not out:
            continue
        key.append(out)
        origin.extend([i] * len(out))
    return NormalisedText(text, "".join(key), tuple(origin))


class _KeyTable(dict):
    """``str.translate`` table filled on first sight of a code point.

    ``normalise_key`` uses it for a text the quick fold does not handle (a
    character outside its blocks, or one whose key is longer than one
    character): one C-level pass over the text instead of a Python call per
    character. The table stops growing at ``_KEY_TABLE_MAX`` entries so
    hostile input cannot make it large.
    """

    def __missing__(self, codepoint: int) -> str:
        value = _normalise_char(chr(codepoint))
        if len(self) < _KEY_TABLE_MAX:
            self[codepoint] = value
        return value


_KEY_TABLE_MAX = 65536
_KEY_TABLE = _KeyTable()


def normalise_key(text: str) -> str:
    """The key alone: for lexicon entries and look-ups.

    Equal to ``normalise(text).key``, character for character.
    """
    changed = _changed_chars(text)
    if changed is None:
        return text.translate(_KEY_TABLE)
    return _replace_all(text, changed)


# News text is mostly letters, digits and punctuation that the key keeps as
# they are; of the rest, a few characters recur (أ إ آ ى, diacritics,
# tatweel). ``str.translate`` looks every character up in a dict, so a
# text is folded faster by finding the characters that change (one regular
# expression scan) and replacing each of them with ``str.replace``. The
# characters handled so are those of the blocks below whose key is one
# character or none; a text holding any other character is translated.
_QUICK_BLOCKS = ((0x0000, 0x0250), (0x0600, 0x0700), (0x2000, 0x2070), (0xFE70, 0xFF00))
_KEPT = [chr(cp) for a, b in _QUICK_BLOCKS for cp in range(a, b) if _normalise_char(chr(cp)) == chr(cp)]
_REPLACED = {
    chr(cp): _normalise_char(chr(cp)) for a, b in _QUICK_BLOCKS for cp in range(a, b)
    if chr(cp) not in _KEPT and len(_normalise_char(chr(cp))) <= 1
    and _normalise_char(_normalise_char(chr(cp))) == _normalise_char(chr(cp))
}
_DROPPED = frozenset(ch for ch, out in _REPLACED.items() if out == "")


_DROPPED_CHAR = re.compile("[" + "".join(re.escape(ch) for ch in sorted(_DROPPED)) + "]")


def text_offsets(text: str, key_positions: Sequence[int]) -> Optional[List[int]]:
    """Where each position of ``normalise_key(text)`` comes from in ``text``: the
    index of the character that gave the key's character there
    (``normalise(text).origin``), and ``len(text)`` for the key's end. None when
    a character of ``text`` has a key of more than one character or one the
    quick fold does not handle."""
    changed = _changed_chars(text)
    if changed is None:
        return None
    if not changed & _DROPPED:
        return list(key_positions)
    # The i-th dropped character, at d_i, stands after d_i - i characters of the
    # key: before key position k stand those with d_i - i <= k.
    before = array("q", (m.start() - i for i, m in enumerate(_DROPPED_CHAR.finditer(text))))  # 8 bytes each
    return [k + bisect_right(before, k) for k in key_positions]


# Changed in nearly every Arabic text, and many times: looked for with ``in``,
# so that the expression lists only the rarer characters.
_COMMON = ("\u0623", "\u0625", "\u0622", "\u0649")  # أ إ آ ى
_LIST_PIECE = 1 << 16  # characters
_RARE = re.compile("[^" + "".join(re.escape(ch) for ch in _KEPT + list(_COMMON)) + "]")


def _changed_chars(text: str) -> Optional[Set[str]]:
    """The characters of ``text`` the key changes, or None when one of them is not in ``_REPLACED``."""
    changed = {ch for ch in _COMMON if ch in text}
    first = _RARE.search(text)
    if first is not None:
        # In pieces, so that a text of a million diacritics lists them a piece at a time.
        rare: Set[str] = set()
        for start in range(first.start(), len(text), _LIST_PIECE):
            rare.update(_RARE.findall(text, start, start + _LIST_PIECE))
        if not rare <= _REPLACED.keys():
            return None
        changed |= rare
    return changed


def _replace_all(text: str, changed: Set[str]) -> str:
    # No replacement yields a character another one replaces, so the order does not matter.
    for ch in changed:
        text = text.replace(ch, _REPLACED[ch])
    return text
