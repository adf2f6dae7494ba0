"""Tokens of a normalised sentence and their clitic analyses.

Arabic attaches conjunctions, prepositions, the future particle and the
article to the front of a word, and pronouns to its end: وبالصواريخ is
و + ب + ال + صواريخ, أدانتها is أدانت + ها. ``analyses`` lists the readings
of one token so that a lexicon look-up finds the word under its clitics.
"""
from __future__ import annotations

import re
from functools import lru_cache
from itertools import accumulate, repeat
from typing import List, NamedTuple, Tuple

# Quotation marks are not tokens: أطلق «حزب الله» صواريخ reads as أطلق حزب الله صواريخ.
_TOKEN = re.compile(r"[0-9]+(?:[.,][0-9]+)*|[^\W\d_]+|[^\w\s\"'«»“”„‘’‹›]", re.UNICODE)

CONJUNCTIONS = ("و", "ف")
PREPOSITIONS = ("ب", "ل", "ك")
FUTURE = "س"
ARTICLE = "ال"
PRONOUN_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "كم", "نا", "ك", "ني")
MIN_STEM = 2
_FRONT_PREFIXES = PREPOSITIONS + (FUTURE,)


class Token(NamedTuple):
    """A token of the normalised key: its text and its span in the key.

    A named tuple: a sentence has one per word, and a tuple is built several
    times faster than a frozen dataclass.
    """

    text: str
    start: int
    end: int

    @property
    def is_word(self) -> bool:
        return self.text[0].isalpha()


class Reading(NamedTuple):
    """One way to read a token: prefix clitics, stem, pronoun suffix.

    A named tuple, like ``Token``: every new word of a text gets several.
    """

    stem: str
    conj: str = ""
    prep: str = ""   # ب ل ك, or س for the future prefix on a verb
    suffix: str = ""
    article: bool = False  # the stem lost a definite article ال


# The key split around its tokens: gap, token, gap, token, …, gap.
_SPLIT = re.compile("(%s)" % _TOKEN.pattern, re.UNICODE)


def tokenize(key: str) -> List[Token]:
    """Split a normalised key into word, number and punctuation tokens."""
    # One split gives the tokens and the gaps between them; the running sum
    # of their lengths gives the offsets. No Python step per token: a
    # sentence has dozens.
    parts = _SPLIT.split(key)
    ends = list(accumulate(map(len, parts)))
    return list(map(tuple.__new__, repeat(Token), zip(parts[1::2], ends[0:-1:2], ends[1::2])))


@lru_cache(maxsize=200_000)
def analyses(word: str) -> Tuple[Reading, ...]:
    """All clitic readings of ``word``, the bare word first.

    ل + ال is written لل (للصين): that reading restores the article, so the
    stem is الصين. Suffix readings undo the ة → ت change before a pronoun
    (إدانتها → إدانة).
    """
    out = [Reading(word)]
    fronts = [("", word)]
    if len(word) > MIN_STEM and word[0] in CONJUNCTIONS:
        fronts.append((word[0], word[1:]))
    for conj, rest in list(fronts):
        if len(rest) > MIN_STEM + 1 and rest[0] in _FRONT_PREFIXES:
            prep, stem = rest[0], rest[1:]
            out.append(Reading(stem, conj, prep))
            if prep == "ل" and stem.startswith("ل") and len(stem) > MIN_STEM + 1:
                out.append(Reading("ا" + stem, conj, prep))
        if conj:
            out.append(Reading(rest, conj))
    with_suffix = []
    for r in out:
        if not r.stem.endswith(PRONOUN_SUFFIXES):
            continue  # most words end in none: one C call answers all nine
        for suf in PRONOUN_SUFFIXES:
            if r.stem.endswith(suf) and len(r.stem) - len(suf) >= MIN_STEM:
                base = r.stem[: -len(suf)]
                with_suffix.append(Reading(base, r.conj, r.prep, suf))
                if base.endswith("ت"):
                    with_suffix.append(Reading(base[:-1] + "ة", r.conj, r.prep, suf))
    with_article = [
        Reading(r.stem[2:], r.conj, r.prep, r.suffix, True)
        for r in out + with_suffix
        if r.stem.startswith(ARTICLE) and len(r.stem) - 2 >= MIN_STEM + 1
    ]
    return tuple(dict.fromkeys(out + with_suffix + with_article))
