"""The actor gazetteer: states, organisations and places, with their codes.

Data lives in ``transforms/data/actors``:

* ``states.tsv`` and ``organisations.tsv``: code, names, nisba (masculine
  singular adjective, without ال), irregular plurals, capitals, seats of power
  and titles that only one state's ruler bears;
* ``places.tsv``: cities and regions that resolve to a country when they are
  fired at (targets only), chosen by hand;
* ``places_geonames.tsv`` and ``places_admin.tsv``: more of them, extracted
  from GeoNames and from administrative tables (OCHA's and others', with
  Arabic names of sub-districts and communities) and filtered by
  ``transforms.data.build_places`` (see ``actors/PLACES.md``);
* ``not_actors.tsv``: phrases that contain an actor form but name something
  else (مجلس الأمن القومي); the longest match makes them block the shorter one.

Nisba adjectives are inflected here (روسي → روسية، الروسي، الروس…), so a row
names the stem once.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from transforms.arabic import normalise_key
from transforms.lexicon import Match, PhraseMatcher, read_tsv, split_list

# What a mention may stand for. A place is only ever a target; a singular
# nisba needs a head noun (القوات الروسية), since التركي alone may be a surname.
NAME, CAPITAL, SEAT, TITLE, NISBA_SG, NISBA_PL, PLACE, BLOCKED = (
    "name", "capital", "seat", "title", "nisba_sg", "nisba_pl", "place", "blocked")
# The name of an office holder (actors/leaders.tsv), added by the extractor for
# the article's date: he acts for his state, but is no place to fire at.
OFFICE_HOLDER = "office_holder"

# Singular and plural endings of a nisba adjective, and whether the form is plural.
_NISBA_ENDINGS: Tuple[Tuple[str, bool], ...] = (
    ("", False), ("ة", False), ("ان", True), ("ين", True), ("ون", True),
    ("تان", True), ("تين", True), ("ات", True),
)


@dataclass(frozen=True)
class ActorForm:
    """What a gazetteer phrase resolves to."""

    code: Optional[str]
    kind: str

    @property
    def can_act(self) -> bool:
        return self.code is not None and self.kind != PLACE

    @property
    def can_be_target(self) -> bool:
        return self.code is not None


def nisba_forms(stem: str) -> List[Tuple[str, bool]]:
    """All inflected forms of a nisba stem, each with its plural flag.

    A multi-word stem (كوري شمالي) inflects every word alike.
    """
    words = normalise_key(stem).split()
    out = []
    for ending, plural in _NISBA_ENDINGS:
        for article in ("", "ال"):
            out.append((" ".join(article + w + ending for w in words), plural))
    # The indefinite accusative, its tanwin gone with the diacritics: صاروخا إيرانيا.
    out.append((" ".join(w + "ا" for w in words), False))
    return out


class Gazetteer:
    """Find actor mentions in a token stream."""

    def __init__(self, rows: Iterable[Tuple[str, str, str]], state_codes: Iterable[str] = ()) -> None:
        """``rows`` are (code or '', kind, phrase); ``state_codes`` the codes that are states."""
        self.state_codes = frozenset(state_codes)
        self._matcher = PhraseMatcher(allow_prefix=True, allow_suffix=False)
        seen: Dict[Tuple[str, ...], Set[Tuple[Optional[str], str]]] = {}
        for code, kind, phrase in rows:
            key = tuple(normalise_key(phrase).split())
            if key:
                seen.setdefault(key, set()).add((code or None, kind))
        for key, values in seen.items():
            codes = {c for c, _ in values}
            if len(codes) > 1:
                # The same words for two actors: resolving either would be a guess.
                form = ActorForm(None, BLOCKED)
            else:
                code = codes.pop()
                kind = sorted(values, key=lambda v: _KIND_ORDER.index(v[1]))[0][1]
                form = ActorForm(code, kind)
            self._matcher.add(" ".join(key), form)
        self.size = len(seen)

    def mentions(self, words: Sequence[str]) -> List[Match]:
        """Longest actor mentions in ``words``, left to right."""
        return self._matcher.longest(words)

    def always_mentioned(self, word: str) -> bool:
        """Whether ``word``, wherever it stands, lies within a mention with a code:
        a reading of it is a name of its own with a code (لندن, ولندن), and no
        blocked name (of no actor, or of two) may span it."""
        return self._matcher.always_within(word, _has_code)

    def resolve(self, phrase: str) -> Optional[str]:
        """The code a standalone phrase resolves to, if any (for tests and tools)."""
        words = phrase_words(phrase)
        ms = self.mentions(words)
        if len(ms) == 1 and ms[0].start == 0 and ms[0].end == len(words):
            return ms[0].value.code
        return None


_KIND_ORDER = [NAME, CAPITAL, SEAT, TITLE, NISBA_PL, NISBA_SG, PLACE, BLOCKED]


def _has_code(forms: List[ActorForm]) -> bool:
    """A phrase's mentions outlive the extractor's filter of mentions without a code."""
    return any(form.code is not None for form in forms)


def phrase_words(phrase: str) -> List[str]:
    from transforms.tokens import tokenize
    return [t.text for t in tokenize(normalise_key(phrase))]


def _actor_rows(relpath: str) -> Iterable[Tuple[str, str, str]]:
    for row in read_tsv(relpath):
        code = row["code"]
        for name in split_list(row.get("names", "")):
            yield code, NAME, name
        for stem in split_list(row.get("nisba", "")):
            for form, plural in nisba_forms(stem):
                yield code, NISBA_PL if plural else NISBA_SG, form
        for form in split_list(row.get("plural", "")):
            yield code, NISBA_PL, form
            if form.startswith("ال"):
                yield code, NISBA_PL, form[2:]  # جنود أتراك: the plural after an indefinite noun
        for form in split_list(row.get("capitals", "")):
            yield code, CAPITAL, form
        for form in split_list(row.get("seats", "")):
            yield code, SEAT, form
        for form in split_list(row.get("titles", "")):
            yield code, TITLE, form


def hand_rows() -> Iterable[Tuple[str, str, str]]:
    """The hand-made rows: states, organisations, places and blockers."""
    yield from _actor_rows("actors/states.tsv")
    yield from _actor_rows("actors/organisations.tsv")
    yield from _place_rows("actors/places.tsv")
    for row in read_tsv("actors/not_actors.tsv"):
        for name in split_list(row["names"]):
            yield "", BLOCKED, name


def _place_rows(relpath: str) -> Iterable[Tuple[str, str, str]]:
    for row in read_tsv(relpath):
        for name in split_list(row["names"]):
            yield row["code"], PLACE, name


def _all_rows() -> Iterable[Tuple[str, str, str]]:
    yield from hand_rows()
    # Built from GeoNames and administrative tables by transforms.data.build_places, which leaves out every
    # name the hand rows have and writes each name to one of the two files.
    yield from _place_rows("actors/places_geonames.tsv")
    yield from _place_rows("actors/places_admin.tsv")


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer from the package's data files, built once per process."""
    states = [row["code"] for row in read_tsv("actors/states.tsv")]
    return Gazetteer(_all_rows(), states)
