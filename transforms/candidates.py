"""Which articles and sentences may hold an event trigger, without looking at words one by one.

A trigger phrase (``transforms/data/lexicons/triggers.tsv``) begins with a
word one of whose clitic readings (``transforms.tokens.analyses``) is a
trigger's first word: أدان, وأدانت, بإطلاق, للهجوم, إدانتها. ``CandidateFilter``
turns those readings into one compiled regular expression over the normalised
key of a whole text:

    [و ف]? ( [ب ل ك س]? ال? | لل ) stem suffix?        (stems of 3+ letters)
    [و ف]? ( stem suffix? | [ب ل ك س] stem suffix )     (stems of 2 letters)

between two non-letters, where ``stem`` is a trigger's first word (or, for one
ending in ة, the same word with ت before a pronoun suffix: إدانتها), and
``suffix`` is a pronoun suffix. The length limits of ``analyses`` (a
preposition or the article is stripped only from a long enough word) are kept
where they matter, for the two-letter stems (شن); elsewhere the expression
accepts a little more than ``analyses`` does, never less. So a sentence holding
a word that can start a trigger is always kept, and the text is folded once
(``normalise_key``) and searched by the ``re`` engine: no Python code runs per
word.

The stems are written into the expression as a trie (اطلق(?:ا|ت(?:ا)?|نا|وا)?),
so the engine follows one branch per letter instead of trying every stem.
Because the expression opens with a look-behind, the engine still tries it at
every position of the text; the end of a matching word (a stem, a suffix or
none, then no letter: ``stem_tail_pattern``) opens with the trie, which the
engine skips to, so the words are found by searching for that and confirming
each hit with the full expression a few letters back (``_WordFinder``).

The sentences of an article are read off one pass over the article's key:
no word spans two sentences, so the words found in the key are placed in the
sentences by their offsets (``transforms.arabic.key_offsets``).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Set, Tuple

from transforms.arabic import key_offsets, normalise_key
from transforms.lexicon import PhraseMatcher, phrase_key, read_tsv, split_list
from transforms.sentences import _MAX_SENTENCE, split_sentences
from transforms.tokens import ARTICLE, CONJUNCTIONS, FUTURE, MIN_STEM, PREPOSITIONS, PRONOUN_SUFFIXES

TRIGGERS_TSV = "lexicons/triggers.tsv"
PROJECTILES_TSV = "lexicons/projectiles.tsv"

# A word is a run of letters, as the extractor's word pattern ([^\W\d_]+) has it.
_NOT_AFTER_LETTER = r"(?<![^\W\d_])"
_NOT_BEFORE_LETTER = r"(?![^\W\d_])"

# split_sentences cuts a sentence longer than _MAX_SENTENCE at a space in its
# second half, or mid-word when that half holds no space. Only a text with a
# run of that many characters without a space can have a word cut in two.
_NO_SPACE_RUN = re.compile(r"[^ ]{%d}" % (_MAX_SENTENCE // 2))
# The same run after a space: the expression opens with a literal, which the
# engine skips to, instead of trying the run at every character.
_NO_SPACE_RUN_AFTER_SPACE = re.compile(r" [^ ]{%d}" % (_MAX_SENTENCE // 2))

Candidate = Tuple[int, int, int]  # (sentence index, start, end) in the original text


def trigger_first_words() -> List[str]:
    """The normalised first words of the trigger phrases, read as the extractor reads them."""
    matcher = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
    for row in read_tsv(TRIGGERS_TSV):
        for form in split_list(row["form"]):
            matcher.add(form, row["event_type"])
    return matcher.first_words()


def standalone_first_words() -> Set[str]:
    """First words of the triggers that can give an event with no projectile
    word in their sentence: condemnations, and shelling verbs with a default
    projectile (قصفت القوات الروسية خيرسون)."""
    out: Set[str] = set()
    for row in read_tsv(TRIGGERS_TSV):
        if not row["needs"].startswith("projectile") or (row.get("default") and row["pos"] == "verb"):
            out.update(phrase_key(form)[0] for form in split_list(row["form"]) if phrase_key(form))
    return out


def projectile_first_words() -> Set[str]:
    """First words of the phrases that name a projectile (not its modifiers or blockers)."""
    return {phrase_key(form)[0] for row in read_tsv(PROJECTILES_TSV) if row["role"] == "noun"
            for form in split_list(row["form"]) if phrase_key(form)}


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching exactly ``words``, factored by common prefixes."""
    trie: Dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(trie) if trie else "(?!)"


def _node_pattern(node: Dict[str, dict]) -> str:
    ends = "" in node
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and len(branches[0]) == 1 else "(?:" + "|".join(branches) + ")"
    return body + "?" if ends else body


def trigger_word_pattern(first_words: Iterable[str]) -> str:
    """The expression (see the module docstring) for words that may start a trigger."""
    stems = set(first_words)
    # A stem written with the article is also reached through لل + its rest (للهجوم → الهجوم).
    stems |= {"ل" + s[1:] for s in stems if s.startswith(ARTICLE)}
    long_stems = {s for s in stems if len(s) > MIN_STEM}
    short_stems = stems - long_stems

    def stem_forms(group):
        plain = trie_pattern(group)
        before_suffix = trie_pattern(s[:-1] + "ت" for s in group if s.endswith("ة"))
        return plain, before_suffix

    suffix = "(?:" + trie_pattern(PRONOUN_SUFFIXES) + ")"
    conj = "[" + "".join(CONJUNCTIONS) + "]?"
    prep = "[" + "".join(PREPOSITIONS) + FUTURE + "]"
    alternatives = []
    if long_stems:
        plain, before_suffix = stem_forms(long_stems)
        alternatives.append(f"{conj}(?:{prep}?(?:{ARTICLE})?|لل)(?:{plain}{suffix}?|{before_suffix}{suffix})")
    if short_stems:
        # analyses strips a preposition only from a word of 4+ letters and never
        # strips the article from a two-letter stem: بشنها and وشن, not بشن or الشن.
        plain, before_suffix = stem_forms(short_stems)
        with_prep = f"{prep}(?:{plain}|{before_suffix}){suffix}"
        alternatives.append(f"{conj}(?:{plain}{suffix}?|{before_suffix}{suffix}|{with_prep})")
    return _NOT_AFTER_LETTER + "(?:" + "|".join(alternatives) + ")" + _NOT_BEFORE_LETTER


# The most letters a word may carry before its stem: و or ف, then a preposition
# (or س) and the article, or لل.
_CLITIC_ROOM = 2 + len(ARTICLE)


def stem_tail_pattern(first_words: Iterable[str]) -> str:
    """An expression for the end of every word ``trigger_word_pattern`` matches:
    a stem (or its ت form, or its لل form), a pronoun suffix or none, then no letter.

    It starts with the stems' trie, so the ``re`` engine skips ahead to the
    letters that begin a stem instead of trying each position of the text.
    """
    stems = set(first_words)
    stems |= {"ل" + s[1:] for s in stems if s.startswith(ARTICLE)}
    stems |= {s[:-1] + "ت" for s in stems if s.endswith("ة")}
    suffix = "(?:" + trie_pattern(PRONOUN_SUFFIXES) + ")"
    return trie_pattern(stems) + suffix + "?" + _NOT_BEFORE_LETTER


class _WordFinder:
    """The words of a key that ``trigger_word_pattern(first_words)`` matches.

    A word the full expression matches ends with a match of the tail
    expression, which is cheaper to search for; each tail match is confirmed
    by the full expression from ``_CLITIC_ROOM`` letters before it to its end.
    Both expressions run on the whole key, so a word's neighbours are seen as
    the full expression alone sees them.
    """

    def __init__(self, first_words: Iterable[str]) -> None:
        first_words = set(first_words)
        self.full = re.compile(trigger_word_pattern(first_words))
        self.tail = re.compile(stem_tail_pattern(first_words))

    def search(self, key: str) -> bool:
        """Whether some word of ``key`` matches: ``full.search(key)`` is not None."""
        confirm = self.full.search
        for m in self.tail.finditer(key):
            if confirm(key, max(0, m.start() - _CLITIC_ROOM), m.end()) is not None:
                return True
        return False

    def starts(self, key: str) -> List[int]:
        """The start offsets in ``key`` of the words that match, in order."""
        return _word_starts(key, self.tail, [self])[0]


def _word_starts(key: str, tail: "re.Pattern[str]", finders: List[_WordFinder]) -> List[List[int]]:
    """For each finder, the start offsets in ``key`` of the words it matches, in order.

    ``tail`` must match the end of every word any of the finders matches (the
    tail expression of the union of their stems will do): one scan serves them all.
    """
    found: List[Set[int]] = [set() for _ in finders]
    confirms = [finder.full.finditer for finder in finders]
    for m in tail.finditer(key):
        start, end = max(0, m.start() - _CLITIC_ROOM), m.end()
        for words, confirm in zip(found, confirms):
            words.update(w.start() for w in confirm(key, start, end))
    return [sorted(words) for words in found]


class CandidateFilter:
    """Finds the articles and sentences that may give an event.

    A sentence is a candidate when it holds a word that may start a trigger
    which needs no projectile (a condemnation, a shelling verb), or a word
    that may start any trigger together with a word that may start a
    projectile phrase: a launch trigger that needs a projectile gives no
    event in a sentence that names none, and most trigger words of news
    (هجوم، ضربة، تجربة، إطلاق) stand in sentences of another sense.
    Everything it drops, the extractor's analysis would draw no event from.
    Build it once per worker.

    With only ``first_words``, every word that may start a trigger makes a
    candidate (the extractor's per-word check, without a Python call per word).
    """

    def __init__(self, first_words: Iterable[str], standalone: Optional[Iterable[str]] = None,
                 projectile_words: Iterable[str] = ()) -> None:
        first_words = set(first_words)
        self.triggers = _WordFinder(first_words)
        self.pattern = self.triggers.full
        if standalone is None:
            self.event_words: Optional[_WordFinder] = None
        else:
            # The expression of a union of stems matches the union of their words,
            # so one scan answers "a standalone trigger word or a projectile word".
            event_stems = (first_words & set(standalone)) | set(projectile_words)
            self.event_words = _WordFinder(event_stems)
            self._both_tail = re.compile(stem_tail_pattern(first_words | event_stems))

    @classmethod
    def from_lexicon(cls) -> "CandidateFilter":
        """The filter for the lexicons shipped with the package (cached)."""
        return _lexicon_filter()

    def key_may_hold_trigger(self, key: str) -> bool:
        """Whether a normalised key (``normalise_key``) holds a word that may start a trigger."""
        return self.triggers.search(key)

    def key_may_hold_event(self, key: str) -> bool:
        """Whether a normalised key may give an event (see the class docstring)."""
        # Most keys hold no trigger word at all: one scan answers them.
        if not self.triggers.search(key):
            return False
        return self.event_words is None or self.event_words.search(key)

    def article_may_hold_event(self, text: str) -> bool:
        """False when no sentence of ``text`` can give an event: the extractor can skip it."""
        if self.key_may_hold_event(normalise_key(text)):
            return True
        if not _may_cut_a_word(text):
            return False
        return bool(self._sentence_candidates(text))

    def candidate_sentences(self, text: str) -> List[Candidate]:
        """(index, start, end) of the sentences of ``split_sentences(text)`` that may give an event.

        Indices count every sentence, as ``split_sentences`` numbers them.
        """
        if _may_cut_a_word(text):
            return self._sentence_candidates(text)
        # No word spans two sentences (they end at a punctuation mark, a line
        # break or the end of the text), and whether a word matches depends on
        # that word alone: the words found in the whole key, placed in the
        # sentences' spans of the key, are the words each sentence's own key holds.
        key = normalise_key(text)
        # Most articles hold no trigger word: a search stops at the first.
        if not self.triggers.search(key):
            return []
        if self.event_words is None:
            triggers = others = self.triggers.starts(key)
        else:
            triggers, others = _word_starts(key, self._both_tail, [self.triggers, self.event_words])
            if not others:
                return []
        spans = split_sentences(text)
        bounds = key_offsets(text, [p for span in spans for p in span])
        if bounds is None:
            return self._sentence_candidates(text)
        out: List[Candidate] = []
        for index, (start, end) in enumerate(spans):
            k_start, k_end = bounds[2 * index], bounds[2 * index + 1]
            if _any_within(triggers, k_start, k_end) and _any_within(others, k_start, k_end):
                out.append((index, start, end))
        return out

    def _sentence_candidates(self, text: str) -> List[Candidate]:
        """``candidate_sentences`` by normalising and scanning each sentence on its own."""
        may_hold = self.key_may_hold_event
        return [(index, start, end) for index, (start, end) in enumerate(split_sentences(text))
                if may_hold(normalise_key(text[start:end]))]


def _any_within(positions: List[int], start: int, end: int) -> bool:
    """Whether the sorted ``positions`` hold one in [start, end)."""
    i = bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _may_cut_a_word(text: str) -> bool:
    """Whether ``split_sentences`` may cut a word of ``text`` in two."""
    # A longest run of non-spaces starts the text or follows a space.
    return len(text) > _MAX_SENTENCE and (_NO_SPACE_RUN.match(text) is not None
                                          or _NO_SPACE_RUN_AFTER_SPACE.search(text) is not None)


@lru_cache(maxsize=1)
def _lexicon_filter() -> CandidateFilter:
    return CandidateFilter(trigger_first_words(), standalone_first_words(), projectile_first_words())
