"""Which articles and sentences may hold an event trigger, without looking at words one by one.

A trigger phrase (``transforms/data/lexicons/triggers.tsv``) begins with a
word one of whose clitic readings (``transforms.tokens.analyses``) is a
trigger's first word: أدان, وأدانت, بإطلاق, للهجوم, إدانتها. ``CandidateFilter``
describes those words with one regular expression over the normalised key
of a text (``trigger_word_pattern``):

    [و ف]? ( [ب ل ك س]? ال? | لل ) stem suffix?        (stems of 3+ letters)
    [و ف]? ( stem suffix? | [ب ل ك س] stem suffix )     (stems of 2 letters)

between two non-letters, where ``stem`` is a trigger's first word (or, for one
ending in ة, the same word with ت before a pronoun suffix: إدانتها), and
``suffix`` is a pronoun suffix. The length limits of ``analyses`` (a
preposition or the article is stripped only from a long enough word) are kept
where they matter, for the two-letter stems (شن); elsewhere the expression
accepts a little more than ``analyses`` does, never less. So a sentence holding
a word that can start a trigger is always kept.

The expression has no repetition: its words are a front (the clitics) and a
body (a stem, or its ت form, and a suffix or none), some thousands of bodies
(``word_bodies``). The text is folded once (``normalise_key``) and the
bodies are found in it by one Aho-Corasick scan (``WordIndex``); only the
few occurrences that end a word are looked at in Python, for their front.
(The ``re`` engine, given the expression, has to try it at nearly every
position of the text: the stems begin with the commonest letters of Arabic.)

The sentences of an article are read off one pass over the article's key:
no word spans two sentences, so the words found in the key are placed in the
sentences by their offsets in the text (``transforms.arabic.text_offsets``).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from typing import TYPE_CHECKING, Dict, FrozenSet, Iterable, List, Optional, Sequence, Set, Tuple

import ahocorasick_rs

from transforms.arabic import normalise_key, text_offsets
from transforms.lexicon import PhraseMatcher, phrase_key, read_tsv, split_list
from transforms.sentences import _MAX_SENTENCE, split_sentences
from transforms.tokens import ARTICLE, CONJUNCTIONS, FUTURE, MIN_STEM, PREPOSITIONS, PRONOUN_SUFFIXES

if TYPE_CHECKING:
    from transforms.gazetteer import Gazetteer

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


# The clitics a matching word may carry before its stem, as the expression
# has them: [و ف]? ( [ب ل ك س]? ال? | لل ) before a stem of 3+ letters;
# [و ف]? before a two-letter stem, and a preposition too when a suffix follows.
_CONJ_FRONTS = ("",) + CONJUNCTIONS
_PREFIXES = PREPOSITIONS + (FUTURE,)
LONG_STEM_FRONTS = frozenset([c + p + a for c in _CONJ_FRONTS for p in ("",) + _PREFIXES for a in ("", ARTICLE)]
                             + [c + "لل" for c in _CONJ_FRONTS])
SHORT_STEM_FRONTS = frozenset(_CONJ_FRONTS)
SHORT_SUFFIXED_FRONTS = frozenset(_CONJ_FRONTS + tuple(c + p for c in _CONJ_FRONTS for p in _PREFIXES))
_MAX_FRONT = max(map(len, LONG_STEM_FRONTS))


def word_bodies(first_words: Iterable[str]) -> Dict[str, FrozenSet[str]]:
    """The words ``trigger_word_pattern(first_words)`` matches, as their bodies
    (a stem, or its ت form, and a pronoun suffix or none) each with the front
    clitics that may stand before it: the expression's words are exactly
    ``front + body`` for a front of ``word_bodies(...)[body]``."""
    stems = set(first_words)
    stems |= {"ل" + s[1:] for s in stems if s.startswith(ARTICLE)}
    out: Dict[str, FrozenSet[str]] = {}
    for stem in stems:
        suffixed = [stem + suf for suf in PRONOUN_SUFFIXES]
        if stem.endswith("ة"):
            suffixed += [stem[:-1] + "ت" + suf for suf in PRONOUN_SUFFIXES]
        long = len(stem) > MIN_STEM
        for body, fronts in [(stem, LONG_STEM_FRONTS if long else SHORT_STEM_FRONTS)] + \
                [(body, LONG_STEM_FRONTS if long else SHORT_SUFFIXED_FRONTS) for body in suffixed]:
            # Two stems may give one body (a stem and a shorter one with a suffix).
            out[body] = out[body] | fronts if body in out else fronts
    return out


def is_word_letter(ch: str) -> bool:
    """Whether ``ch`` is a letter as the word pattern ``[^\\W\\d_]`` has it
    (alphanumeric, not a decimal digit, not the underscore)."""
    return ch.isalnum() and not ch.isdecimal() and ch != "_"


class WordIndex:
    """Finds, in one pass over a text, the words that ``trigger_word_pattern``
    matches for each of several sets of stems.

    An Aho-Corasick automaton (``ahocorasick_rs``, as a DFA) holds the bodies
    of the words (``word_bodies``), a few thousand strings. It reports each
    occurrence of a body in the text, inside a word or not; an occurrence
    gives a word when no letter follows it and the letters before it, back
    to the word's start, are a front allowed before that body. Each word
    comes with a bit mask of the sets whose expression matches it.

    The scan runs in compiled code and reads each character once, whatever
    the number of stems; the ``re`` engine, given the expression, has to try
    it at nearly every position (the stems begin with the commonest letters
    of Arabic). The few thousand bodies, rather than the tens of thousands
    of whole words, keep the automaton small (about a megabyte as a DFA).
    """

    def __init__(self, stem_sets: Sequence[Iterable[str]]) -> None:
        variants: Dict[str, List[Tuple[FrozenSet[str], int]]] = {}
        for bit, stems in enumerate(stem_sets):
            for body, fronts in word_bodies(stems).items():
                variants.setdefault(body, []).append((fronts, 1 << bit))
        bodies = sorted(variants)
        self._variants = [tuple(variants[body]) for body in bodies]
        self._find = None
        if bodies:
            self._find = ahocorasick_rs.AhoCorasick(
                bodies, implementation=ahocorasick_rs.Implementation.DFA).find_matches_as_indexes

    def words(self, text: str) -> List[Tuple[int, int, int]]:
        """(start, end, mask) of each word of ``text`` that some set's expression matches, in order."""
        if self._find is None:
            return []
        found: Dict[Tuple[int, int], int] = {}
        size = len(text)
        for index, start, end in self._find(text, overlapping=True):
            if end < size and is_word_letter(text[end]):
                continue  # inside a longer word
            word_start, limit = start, max(0, start - _MAX_FRONT)
            while word_start > limit and is_word_letter(text[word_start - 1]):
                word_start -= 1
            if word_start > 0 and is_word_letter(text[word_start - 1]):
                continue  # more letters before the body than any front has
            front = text[word_start:start]
            mask = 0
            for fronts, bit in self._variants[index]:
                if front in fronts:
                    mask |= bit
            if mask:
                found[word_start, end] = found.get((word_start, end), 0) | mask
        return [(start, end, mask) for (start, end), mask in sorted(found.items())]


# The bits of the three sets in a CandidateFilter's index: words that may start
# a trigger, a trigger that needs no projectile, a projectile phrase.
_TRIGGER, _STANDALONE, _PROJECTILE = 1, 2, 4
_NAMED_CACHE_MAX = 100_000  # words; bounded so hostile text cannot grow it


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

    Given the extractor's gazetteer, a word that lies within a mention of an
    actor wherever it stands (``Gazetteer.always_mentioned``) starts no
    trigger either: the analysis looks no trigger up at a word a mention
    covers. لندن reads as ل + ندن (a form of "we condemn") and stands in
    about a third of the sentences the filter would keep without this.

    With only ``first_words``, every word that may start a trigger makes a
    candidate (the extractor's per-word check, without a Python call per word).
    """

    def __init__(self, first_words: Iterable[str], standalone: Optional[Iterable[str]] = None,
                 projectile_words: Iterable[str] = (), gazetteer: Optional["Gazetteer"] = None) -> None:
        first_words = set(first_words)
        standalone_words = first_words if standalone is None else first_words & set(standalone)
        # One scan finds the three kinds of word.
        self.index = WordIndex([first_words, standalone_words, projectile_words])
        self.gazetteer = gazetteer
        self._named: Dict[str, bool] = {}

    @classmethod
    def from_lexicon(cls, gazetteer: Optional["Gazetteer"] = None) -> "CandidateFilter":
        """The filter for the lexicons shipped with the package, and the
        extractor's gazetteer if given (cached)."""
        return _lexicon_filter(gazetteer)

    def key_may_hold_trigger(self, key: str) -> bool:
        """Whether a normalised key (``normalise_key``) holds a word that may start a trigger,
        mentions or not (the per-word check)."""
        return any(mask & _TRIGGER for _, _, mask in self.index.words(key))

    def key_may_hold_event(self, key: str) -> bool:
        """Whether a normalised key may give an event (see the class docstring)."""
        masks = 0
        for _, mask in self._words(key):
            masks |= mask
        return bool(masks & _TRIGGER) and bool(masks & (_STANDALONE | _PROJECTILE))

    def _words(self, key: str) -> List[Tuple[int, int]]:
        """(start, mask) of the words of ``key`` the index finds, a word the
        gazetteer always names keeping only its projectile bit."""
        out = []
        for start, end, mask in self.index.words(key):
            if mask & (_TRIGGER | _STANDALONE) and self.gazetteer is not None and self._always_named(key[start:end]):
                mask &= _PROJECTILE
            if mask:
                out.append((start, mask))
        return out

    def _always_named(self, word: str) -> bool:
        named = self._named.get(word)
        if named is None:
            named = self.gazetteer.always_mentioned(word)
            if len(self._named) < _NAMED_CACHE_MAX:
                self._named[word] = named
        return named

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
        # sentences by where they stand in the text, are the words each
        # sentence's own key holds.
        key = normalise_key(text)
        found = self._words(key)
        # Most articles hold no trigger word, and most of the rest no event word.
        triggers = [start for start, mask in found if mask & _TRIGGER]
        if not triggers:
            return []
        others = [start for start, mask in found if mask & (_STANDALONE | _PROJECTILE)]
        if not others:
            return []
        # Each word lies in one sentence: the last that starts at or before it.
        places = text_offsets(text, triggers + others)
        if places is None:
            return self._sentence_candidates(text)
        spans = split_sentences(text)
        starts = [start for start, _ in spans]
        with_trigger = {bisect_right(starts, place) - 1 for place in places[:len(triggers)]}
        with_other = {bisect_right(starts, place) - 1 for place in places[len(triggers):]}
        return [(index, *spans[index]) for index in sorted(with_trigger & with_other)]

    def _sentence_candidates(self, text: str) -> List[Candidate]:
        """``candidate_sentences`` by normalising and scanning each sentence on its own."""
        may_hold = self.key_may_hold_event
        return [(index, start, end) for index, (start, end) in enumerate(split_sentences(text))
                if may_hold(normalise_key(text[start:end]))]


def _may_cut_a_word(text: str) -> bool:
    """Whether ``split_sentences`` may cut a word of ``text`` in two."""
    # A longest run of non-spaces starts the text or follows a space.
    return len(text) > _MAX_SENTENCE and (_NO_SPACE_RUN.match(text) is not None
                                          or _NO_SPACE_RUN_AFTER_SPACE.search(text) is not None)


@lru_cache(maxsize=4)
def _lexicon_filter(gazetteer: Optional["Gazetteer"]) -> CandidateFilter:
    return CandidateFilter(trigger_first_words(), standalone_first_words(), projectile_first_words(), gazetteer)
