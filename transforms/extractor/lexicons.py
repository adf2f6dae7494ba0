"""The extractor's data, loaded once: triggers, projectiles, function words,
modality markers, false friends and the actor gazetteer.

Everything here comes from the TSV files under ``transforms/data``; this
module only decides which matcher each row goes into and with which clitics.
"""
from __future__ import annotations

from datetime import date
from typing import Dict, FrozenSet, NamedTuple, Optional, Set

from transforms.arabic import normalise_key
from transforms.gazetteer import Gazetteer, load_gazetteer
from transforms.lexicon import PhraseMatcher, StartIndex, read_tsv, split_list

# Function-word roles that are nouns: they take the article (القوات، الهجوم);
# particles and verbs do not (الشمال is the north, not the preposition شمال).
NOUN_ROLES = {"head", "act", "place", "court", "aim", "nonstate", "group", "site", "sport", "known_place", "settlement", "people", "civilian", "evidence", "protest", "patient_act", "surveillance",
              "casualty", "atrocity"}


class StateWord(NamedTuple):
    """A word that stands for a state without naming it (``actors/regimes.tsv``)."""

    adjectives: FrozenSet[str]  # definite adjectives after which it is still that word
    default: Optional[str]  # the state it stands for, or None: the one state the sentence names
    unless: FrozenSet[str]  # states whose naming in the sentence leaves it standing for nobody


class Term(NamedTuple):
    """A term of office: the code its holder acts for, from ``start`` until ``end`` (None: still)."""

    code: str
    start: date
    end: Optional[date]

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Lexicons:
    """All lexicons and the gazetteer, as matchers and word sets. Immutable once built."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.triggers = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
        for row in read_tsv("lexicons/triggers.tsv"):
            for form in split_list(row["form"]):
                self.triggers.add(form, (row["event_type"], row["pos"], row["needs"].startswith("projectile"),
                                         int(row["window"] or 0), row.get("default") or None,
                                         row["needs"] == "projectile+target"))
        self.projectiles = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
        for row in read_tsv("lexicons/projectiles.tsv"):
            for form in split_list(row["form"]):
                self.projectiles.add(form, (row["class"], row["role"]))
        self.function_words = PhraseMatcher(allow_prefix=True)
        self.function_nouns = PhraseMatcher(allow_prefix=True, allow_article=True)
        # Air words are looked up on their own: الدفاعات الجوية must not hide
        # that الدفاعات heads an actor phrase.
        self.air_words = PhraseMatcher(allow_prefix=True, allow_article=True)
        forms_by_role: Dict[str, Set[str]] = {}
        for row in read_tsv("lexicons/function_words.tsv"):
            matcher = (self.air_words if row["role"] == "air" else
                       self.function_nouns if row["role"] in NOUN_ROLES else self.function_words)
            for form in split_list(row["form"]):
                matcher.add(form, row["role"])
                forms_by_role.setdefault(row["role"], set()).add(normalise_key(form))
        self.modality = PhraseMatcher(allow_prefix=True, allow_article=True)
        for row in read_tsv("lexicons/modality.tsv"):
            for form in split_list(row["form"]):
                self.modality.add(form, row)
        self.false_friends: Dict[str, Set[str]] = {}
        for row in read_tsv("lexicons/false_friends.tsv"):
            for form in split_list(row["form"]):
                self.false_friends.setdefault(row["event_type"], set()).add(normalise_key(form))
        self.heads: FrozenSet[str] = frozenset(forms_by_role.get("head", ()))
        self.places: FrozenSet[str] = frozenset(forms_by_role.get("place", ()))
        self.support_verbs: FrozenSet[str] = frozenset(forms_by_role.get("support", ()))
        self.report_verbs: FrozenSet[str] = frozenset(forms_by_role.get("report", ()))
        self.kingdoms: FrozenSet[str] = frozenset(row["code"] for row in read_tsv("actors/kingdoms.tsv"))
        # نتنياهو، لافروف: office holders, each name with the state and the dates
        # it acted for it (``actors/leaders.tsv``); looked up with the article's date.
        self.leaders = PhraseMatcher(allow_prefix=True)
        for row in read_tsv("actors/leaders.tsv"):
            term = Term(row["code"], date.fromisoformat(row["start"]),
                        date.fromisoformat(row["end"]) if row["end"] else None)
            for name in split_list(row["names"]):
                self.leaders.add(name, term)
        # ISIS → {SYR, IRQ}: the states an armed group holds ground in (merge).
        self.group_bases: Dict[str, FrozenSet[str]] = {
            row["code"]: frozenset(split_list(row["based_in"]))
            for row in read_tsv("actors/organisations.tsv") if row.get("based_in")}
        # النظام, الاحتلال and their clitic forms (والنظام، للنظام، بالنظام): each
        # with the adjectives that may follow it and leave it that word, and the
        # state it stands for by default, unless the sentence names one of others.
        self.regimes: Dict[str, StateWord] = {}
        for row in read_tsv("actors/regimes.tsv"):
            word = StateWord(frozenset(normalise_key(a) for a in split_list(row.get("adjectives", ""))),
                             row.get("default") or None, frozenset(split_list(row.get("unless", ""))))
            for form in split_list(row["form"]):
                bare = normalise_key(form)[2:]  # without ال
                for conj in ("", "و", "ف"):
                    for article in ("ال", "بال", "لل", "كال"):
                        self.regimes[conj + article + bare] = word
        self.trigger_firsts: FrozenSet[str] = frozenset(self.triggers.first_words())
        # A sentence's words go through all these matchers: one table of starts
        # serves them, and a sentence's words are looked up in it once
        # (``StartIndex.look_up``). (The gazetteer keeps its own: it may serve other Lexicons.)
        self.starts = StartIndex()
        for matcher in (self.function_words, self.function_nouns, self.air_words,
                        self.projectiles, self.modality, self.triggers, self.leaders):
            matcher.share_starts(self.starts)
