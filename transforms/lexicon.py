"""Load the project's data files and match their phrases in token streams.

Lexicons and gazetteers are TSV files under ``transforms/data`` so that a
linguist can extend them without reading Python: a header line, ``#``
comments, ``|`` between the items of a list. Phrases are normalised with the
same function as the text they are matched against.
"""
from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import Any, Callable, Dict, FrozenSet, Iterable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

from transforms.arabic import normalise_key
from transforms.tokens import Reading, analyses, tokenize

DATA_PACKAGE = "transforms.data"
_START_CACHE_MAX = 100_000  # words per StartIndex; bounded so hostile text cannot grow it


def read_tsv(relpath: str) -> List[Dict[str, str]]:
    """Rows of a TSV data file shipped in the package, as dicts."""
    ref = resources.files(DATA_PACKAGE).joinpath(relpath)
    text = ref.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    rows = []
    for lineno, row in enumerate(reader, start=2):
        if None in row:
            raise ValueError(f"{relpath}: row {lineno} has more cells than the header")
        rows.append({k: (v or "").strip() for k, v in row.items()})
    return rows


def split_list(cell: str) -> List[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


CUE_WORDS_TSV = "lexicons/cue_words.tsv"


@lru_cache(maxsize=1)
def _cue_table() -> Dict[str, Tuple[str, ...]]:
    table: Dict[str, Tuple[str, ...]] = {}
    for row in read_tsv(CUE_WORDS_TSV):
        if row["name"] in table:
            raise ValueError(f"{CUE_WORDS_TSV}: set {row['name']!r} is given twice")
        table[row["name"]] = tuple(dict.fromkeys(normalise_key(w) for w in split_list(row["words"])))
    return table


def cue_sequence(name: str) -> Tuple[str, ...]:
    """The words of set ``name`` in ``cue_words.tsv``, normalised, in the file's order."""
    try:
        return _cue_table()[name]
    except KeyError:
        raise KeyError(f"{CUE_WORDS_TSV} has no set {name!r}") from None


def cue_words(name: str) -> FrozenSet[str]:
    """The words of set ``name`` in ``cue_words.tsv``, normalised, for looking a word up."""
    return frozenset(cue_sequence(name))


def phrase_key(phrase: str) -> Tuple[str, ...]:
    """A phrase as the tuple of its normalised word tokens."""
    return tuple(t.text for t in tokenize(normalise_key(phrase)))


class Match(NamedTuple):
    """A lexicon phrase found at tokens [start, end).

    A named tuple, like ``Token`` and ``Reading``: a sentence gets one for
    every function word, mention and trigger, and a tuple is built several
    times faster than a frozen dataclass.
    """

    start: int
    end: int
    value: Any
    reading: Reading  # how the first token was read (its clitics)


class PhraseMatcher:
    """Longest-match look-up of multi-word phrases.

    The first word of a phrase may carry clitics (و ف ب ل ك س ال and
    pronoun suffixes, as far as ``allow`` says); the following words must match
    as written after normalisation.
    """

    def __init__(self, allow_prefix: bool = True, allow_suffix: bool = False,
                 allow_article: bool = False) -> None:
        self._trie: Dict[str, Any] = {}
        self.allow_prefix = allow_prefix
        self.allow_suffix = allow_suffix
        self.allow_article = allow_article
        self._starts_index = StartIndex()
        self._slot = self._starts_index.register(self)
        self._continued: Optional[Dict[str, List[List[Any]]]] = None  # see always_within

    def add(self, phrase: str, value: Any) -> None:
        words = phrase_key(phrase)
        if not words:
            return
        node = self._trie
        for w in words:
            node = node.setdefault(w, {})
        node.setdefault(None, []).append(value)
        self._starts_index.changed()
        self._continued = None

    def first_words(self) -> List[str]:
        """The first words of the phrases, as stored (normalised, no clitics)."""
        return [k for k in self._trie if k is not None]

    def __len__(self) -> int:
        return sum(1 for _ in self._values(self._trie))

    def _values(self, node: Dict[str, Any]) -> Iterator[Any]:
        for k, v in node.items():
            if k is None:
                yield from v
            else:
                yield from self._values(v)

    def always_within(self, word: str, keep: Callable[[List[Any]], bool]) -> bool:
        """Whether ``word``, wherever it stands in a text, lies within a match
        of ``longest`` whose phrase's values ``keep`` accepts.

        So it is when a reading of the word is a phrase of its own that
        ``keep`` accepts (a match then starts at the word unless one from
        before spans it) and ``keep`` accepts every phrase that may span the
        word: those it may begin (under any of its readings) and those it may
        continue (as written, or without its article after a definite first word).
        """
        trie = self._trie
        stems = {r.stem for r in self._readings(word)}
        if not any(None in trie.get(stem, ()) and keep(trie[stem][None]) for stem in stems):
            return False
        continued = self._continued
        if continued is None:
            # Built whole before it is kept, so that another thread never reads it half built.
            continued = {}
            for words, values in _phrases(trie, ()):
                for later in set(words[1:]):
                    continued.setdefault(later, []).append(values)
            self._continued = continued
        spanning = [values for stem in stems if stem in trie for _, values in _phrases(trie[stem], ())]
        spanning += continued.get(word, [])
        if word.startswith("ال"):
            spanning += continued.get(word[2:], [])
        return all(keep(values) for values in spanning)

    def _readings(self, word: str) -> Iterable[Reading]:
        for r in analyses(word):
            if (r.conj or r.prep) and not self.allow_prefix:
                continue
            if r.suffix and not self.allow_suffix:
                continue
            if r.article and not self.allow_article:
                continue
            yield r

    def _starts(self, word: str) -> Tuple[Reading, ...]:
        """The readings of ``word`` that begin some phrase; cached, since most
        words of a text begin none and news vocabulary repeats."""
        return self._starts_index[word][self._slot]

    def share_starts(self, index: "StartIndex") -> None:
        """Keep this matcher's starts in ``index``, with those of the other matchers
        that look up the same words (see ``StartIndex``)."""
        self._starts_index = index
        self._slot = index.register(self)

    def _find_starts(self, word: str) -> Tuple[Reading, ...]:
        # The same readings as _readings keeps, in its order; the trie test,
        # which most readings fail, comes first.
        trie = self._trie
        prefix, suffix, article = self.allow_prefix, self.allow_suffix, self.allow_article
        return tuple(r for r in analyses(word) if r.stem in trie
                     and (prefix or not (r.conj or r.prep)) and (suffix or not r.suffix)
                     and (article or not r.article))

    def matches_at(self, words: Sequence[str], i: int) -> List[Match]:
        """Every phrase that starts at token ``i``, longest first."""
        starts = self._starts_index[words[i]][self._slot]
        if not starts:
            return []
        found: List[Match] = []
        new = tuple.__new__
        for reading in starts:
            node = self._trie.get(reading.stem)
            j = i + 1
            while node is not None:
                if None in node:
                    for value in node[None]:
                        found.append(new(Match, (i, j, value, reading)))
                if j >= len(words):
                    break
                # A pronoun suffix makes the phrase definite: قمرها الصناعي.
                nxt = None if reading.suffix else node.get(words[j])
                if nxt is None and (reading.article or reading.suffix) and words[j].startswith("ال"):
                    # A definite phrase is definite throughout: القمر الصناعي, الطائرات المسيرة.
                    nxt = node.get(words[j][2:])
                node = nxt
                j += 1
        if len(found) > 1:
            found.sort(key=lambda m: (-(m.end - m.start), _reading_rank(m.reading)))
        return found

    def beginnings(self, words: Sequence[str], starts: Optional["WordStarts"] = None) -> List[int]:
        """The indices of the words that may begin a phrase (those where ``matches_at`` may find one).

        ``starts``, the words looked up in this matcher's ``StartIndex``
        (``StartIndex.look_up``), serves every matcher that shares the index.
        """
        slot = self._slot
        if starts is not None and starts.index is self._starts_index:
            rows = starts.rows
            return [i for i in starts.some if rows[i][slot]]
        # Most words begin no phrase: the index answers them without a call.
        index = self._starts_index
        return [i for i, w in enumerate(words) if index[w][slot]]

    def longest(self, words: Sequence[str], starts: Optional["WordStarts"] = None) -> List[Match]:
        """Non-overlapping longest matches, left to right (``starts``: see ``beginnings``)."""
        out: List[Match] = []
        end = 0
        for i in self.beginnings(words, starts):
            if i < end:
                continue
            ms = self.matches_at(words, i)
            if ms:
                best = ms[0]
                out.extend(m for m in ms if (m.start, m.end, m.reading) == (best.start, best.end, best.reading))
                end = best.end
        return out


class WordStarts(NamedTuple):
    """The words of a text looked up once in a ``StartIndex``, for all its matchers."""

    index: "StartIndex"
    rows: List[Tuple[Tuple[Reading, ...], ...]]  # per word, per matcher: the readings that begin a phrase
    some: List[int]  # the words that may begin a phrase of some matcher


class StartIndex(dict):
    """word → for each matcher registered, the word's readings that begin one of its phrases.

    Filled on the first look-up of a word, for all the matchers at once. The
    matchers that read the same words (a sentence goes through six of the
    extractor's) share one, so a word is looked up in one table, whose entries
    stay in the processor's cache from one matcher's pass over the sentence to
    the next. It stops growing at ``_START_CACHE_MAX`` words, so hostile text
    cannot make it large; a word past that is looked up each time.
    """

    def __init__(self) -> None:
        super().__init__()
        self._matchers: List[PhraseMatcher] = []
        self._none: Tuple[Tuple[Reading, ...], ...] = ()
        self._first_words: Optional[Set[str]] = None  # of all the matchers; None: to be gathered

    def register(self, matcher: PhraseMatcher) -> int:
        """Add ``matcher``; its slot in the entries."""
        self._matchers.append(matcher)
        self._none = ((),) * len(self._matchers)  # the one entry of every word that begins nothing
        self.changed()
        return len(self._matchers) - 1

    def look_up(self, words: Sequence[str]) -> WordStarts:
        """The entries of ``words``, and which of them begin some phrase.

        The matchers sharing this index read their beginnings off it
        (``PhraseMatcher.beginnings``) instead of looking every word up again.
        """
        rows = [self[w] for w in words]
        none = self._none
        return WordStarts(self, rows, [i for i, row in enumerate(rows) if row is not none])

    def changed(self) -> None:
        """Forget every entry: a matcher gained a phrase."""
        self.clear()
        self._first_words = None

    def __missing__(self, word: str) -> Tuple[Tuple[Reading, ...], ...]:
        first_words = self._first_words
        if first_words is None:
            first_words = self._first_words = {w for m in self._matchers for w in m.first_words()}
        if any(r.stem in first_words for r in analyses(word)):
            starts = tuple(m._find_starts(word) for m in self._matchers)
            if not any(starts):
                starts = self._none
        else:
            starts = self._none  # most words begin no phrase of any matcher
        if len(self) < _START_CACHE_MAX:
            self[word] = starts
        return starts


def _phrases(node: Dict[Any, Any], words: Tuple[str, ...]) -> Iterator[Tuple[Tuple[str, ...], List[Any]]]:
    """The phrases under a trie node reached by ``words``: each with its values."""
    for key, child in node.items():
        if key is None:
            yield words, child
        else:
            yield from _phrases(child, words + (key,))


def _reading_rank(r: Reading) -> int:
    """Prefer the reading that strips the fewest clitics."""
    return bool(r.conj) + bool(r.prep) + bool(r.suffix) + bool(r.article)


@lru_cache(maxsize=None)
def word_table(relpath: str, key_column: str = "form") -> Dict[str, Dict[str, str]]:
    """A one-word-per-row lexicon keyed by the normalised form."""
    table: Dict[str, Dict[str, str]] = {}
    for row in read_tsv(relpath):
        for form in split_list(row[key_column]):
            table[normalise_key(form)] = row
    return table


def lookup_word(table: Dict[str, Dict[str, str]], word: str,
                readings: Optional[Iterable[Reading]] = None) -> Optional[Tuple[Dict[str, str], Reading]]:
    """The first reading of ``word`` whose stem is in ``table``."""
    for r in readings if readings is not None else analyses(word):
        row = table.get(r.stem)
        if row is not None:
            return row, r
    return None
