"""Rule-based extraction of CONDEMNATION and LAUNCH events from Arabic text.

``EventExtractor.extract`` takes an article's text and returns ``Event``
objects; it does no I/O and knows nothing of Beam. The rules follow the
annotation guidelines (one event per actor/target pair, provenance for each):

1. Each sentence is normalised and tokenised; actor mentions, triggers,
   projectile words, modality markers and function words are looked up in the
   data files under ``transforms/data``.
2. For every trigger the actor is read from the clause: the subject after the
   verb (VSO), the actor just before it (SVO), the subject of a reporting verb
   when the verb's subject is a pronoun (قالت موسكو إنها أطلقت), the genitive
   of a verbal noun (إطلاق كوريا الشمالية), the agent of a relative clause
   (الذي شنته ميليشيا الحوثي) or a nisba on the act (القصف الروسي).
3. The target of a launch follows على / باتجاه / نحو …; the target of a
   condemnation is the party whose act is condemned, never its victim.
4. Markers before the trigger in its clause set the modality.
5. Within an article, repeats of a tuple are merged, and an event with an
   unknown actor or target that a more specific event of the same article
   already covers is dropped (the GDELT duplicate problem).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Set, Tuple

from transforms.arabic import NormalisedText, normalise, normalise_key
from transforms.dates import resolve_event_date
from transforms.gazetteer import NISBA_PL, NISBA_SG, ActorForm, Gazetteer, load_gazetteer
from transforms.lexicon import Match, PhraseMatcher, read_tsv, split_list
from transforms.sentences import split_sentences
from transforms.tokens import Reading, Token, analyses, tokenize

EXTRACTOR_VERSION = "1.0.0"

CONDEMNATION, LAUNCH = "CONDEMNATION", "LAUNCH"
ASSERTED = "ASSERTED"

# Interoperability codes: CAMEO 111 (criticize or denounce), 195 (employ
# aerial weapons), 194 (fight with artillery); PLOVER ACCUSE / ASSAULT.
CAMEO = {CONDEMNATION: "111", LAUNCH: "195"}
CAMEO_SHELLING = "194"
PLOVER = {CONDEMNATION: "ACCUSE", LAUNCH: "ASSAULT"}

_PUNCT_BOUNDARY = set("،,;؛:.!?؟()[]{}–—-")
_CONJ_WORDS = {"و", "او", "ثم"}
_MAX_HEAD_RUN = 5
_MAX_LEFT_SUBJECT = 12
_MAX_OBJECT_REGION = 20
_TARGET_REACH = 7  # على مواقع لحزب العمال الكردستاني في شمال العراق


@dataclass(frozen=True)
class Event:
    """One extracted event, with offsets into the article's original text."""

    event_type: str
    modality: str
    actor_code: Optional[str]
    actor_text: Optional[str]
    target_code: Optional[str]
    target_text: Optional[str]
    projectile: Optional[str]
    trigger: str
    trigger_start: int
    trigger_end: int
    sentence: str
    sentence_index: int
    event_date: Optional[date] = None
    mentions: int = 1

    @property
    def tuple(self) -> Tuple[str, Optional[str], Optional[str]]:
        return (self.event_type, self.actor_code, self.target_code)

    @property
    def cameo_code(self) -> str:
        if self.event_type == LAUNCH and self.projectile == "SHELL":
            return CAMEO_SHELLING
        return CAMEO[self.event_type]

    @property
    def plover(self) -> str:
        return PLOVER[self.event_type]


@dataclass(frozen=True)
class _Trigger:
    index: int
    event_type: str
    pos: str
    needs_projectile: bool
    window: int
    reading: Reading
    default_projectile: Optional[str] = None


@dataclass(frozen=True)
class _Party:
    code: str
    start: int  # token span in the sentence
    end: int
    clitics: int = 0  # leading characters that are و / ب / ل …, not the name


@dataclass
class _Sentence:
    """A tokenised sentence and everything looked up in it."""

    norm: NormalisedText
    offset: int  # where the sentence starts in the article
    index: int
    tokens: List[Token]
    words: List[str]
    actor_at: Dict[int, Match] = field(default_factory=dict)  # token -> mention covering it
    actors: List[Match] = field(default_factory=list)
    projectiles: List[Match] = field(default_factory=list)
    roles: Dict[int, Set[str]] = field(default_factory=dict)
    role_end: Dict[int, int] = field(default_factory=dict)
    modality_at: Dict[int, List[Dict[str, str]]] = field(default_factory=dict)
    triggers: List[_Trigger] = field(default_factory=list)

    def has_role(self, i: int, role: str) -> bool:
        return role in self.roles.get(i, ())

    def is_boundary(self, i: int) -> bool:
        tok = self.words[i]
        return tok in _PUNCT_BOUNDARY or self.has_role(i, "boundary")

    def party_text(self, party: "_Party") -> str:
        """The words naming a party as written, without a leading و / ب / ل."""
        a, b = self.norm.original_span(self.tokens[party.start].start + party.clitics,
                                       self.tokens[party.end - 1].end)
        return self.norm.original[a:b]

    def original(self, start_tok: int, end_tok: int) -> Tuple[int, int, str]:
        """Original text and article offsets of tokens [start_tok, end_tok)."""
        a, b = self.norm.original_span(self.tokens[start_tok].start, self.tokens[end_tok - 1].end)
        return a + self.offset, b + self.offset, self.norm.original[a:b]


class EventExtractor:
    """Extract events from article text. Build once per worker; it is immutable."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None) -> None:
        self.gazetteer = gazetteer or load_gazetteer()
        self.triggers = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
        for row in read_tsv("lexicons/triggers.tsv"):
            for form in split_list(row["form"]):
                self.triggers.add(form, (row["event_type"], row["pos"], row["needs"] == "projectile",
                                         int(row["window"] or 0), row.get("default") or None))
        self.projectiles = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
        for row in read_tsv("lexicons/projectiles.tsv"):
            for form in split_list(row["form"]):
                self.projectiles.add(form, (row["class"], row["role"]))
        # Nouns take the article (القوات، الهجوم); particles and verbs do not
        # (الشمال is the north, not the preposition شمال).
        self.function_words = PhraseMatcher(allow_prefix=True)
        self.function_nouns = PhraseMatcher(allow_prefix=True, allow_article=True)
        # Air words are looked up on their own: الدفاعات الجوية must not hide
        # that الدفاعات heads an actor phrase.
        self.air_words = PhraseMatcher(allow_prefix=True, allow_article=True)
        forms_by_role: Dict[str, Set[str]] = {}
        for row in read_tsv("lexicons/function_words.tsv"):
            matcher = (self.air_words if row["role"] == "air" else
                       self.function_nouns if row["role"] in _NOUN_ROLES else self.function_words)
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
        self._heads = frozenset(forms_by_role.get("head", ()))
        self._places = frozenset(forms_by_role.get("place", ()))
        self._support_verbs = frozenset(forms_by_role.get("support", ()))
        self._kingdoms = frozenset(row["code"] for row in read_tsv("actors/kingdoms.tsv"))
        self._trigger_firsts = frozenset(self.triggers.first_words())
        self._word_cache: Dict[str, bool] = {}

    # ------------------------------------------------------------------ API

    def extract(self, text: str, published: Optional[date] = None) -> List[Event]:
        """All events of an article, merged as described in the module docstring."""
        # Most news sentences hold no trigger at all. A word can only start a
        # trigger if one of its clitic readings is a trigger's first word (a
        # cached check per distinct word), so only sentences holding such a
        # word are analysed. Work and memory stay per sentence.
        events: List[Event] = []
        may_start = self._may_start_trigger
        for index, (start, end) in enumerate(split_sentences(text)):
            sentence_text = text[start:end]
            if not any(map(may_start, set(_WORD.findall(normalise_key(sentence_text))))):
                continue
            events.extend(self.extract_sentence(sentence_text, start, index, published))
        return merge_article_events(events)

    def _may_start_trigger(self, word: str) -> bool:
        cached = self._word_cache.get(word)
        if cached is None:
            cached = any(r.stem in self._trigger_firsts for r in analyses(word))
            if len(self._word_cache) < 200_000:
                self._word_cache[word] = cached
        return cached

    def extract_sentence(self, sentence: str, offset: int = 0, index: int = 0,
                         published: Optional[date] = None) -> List[Event]:
        """Events of one sentence, before article-level merging."""
        s = self._analyse(sentence, offset, index)
        if not s.triggers:
            return []
        out: List[Event] = []
        inherited_target: Dict[int, List[_Party]] = {}
        launch_actor_before: List[Tuple[int, _Party]] = []
        event_date: Optional[date] = None
        date_done = False
        for trig in s.triggers:
            if trig.event_type == LAUNCH:
                found = self._launch(s, trig, inherited_target)
            else:
                found = self._condemnation(s, trig, launch_actor_before)
            if not found:
                continue
            actors, targets, projectile, modality = found
            if trig.event_type == LAUNCH and modality == ASSERTED:
                launch_actor_before.extend((trig.index, a) for a in actors)
            if trig.event_type == CONDEMNATION and not actors and not self._named_body_after(s, trig):
                # A body or person with no state named condemns as actor null (ندد الأزهر،
                # أدان الأمير تركي الفيصل); nobody named (وسط إدانة دولية), an unnamed
                # group (وأدانت الدول) or a dropped pronoun gives no event.
                continue
            if trig.event_type == LAUNCH and not actors and not targets and self._anaphoric_launch(s, trig):
                continue  # أدانت واشنطن إطلاق الصاروخ: the launch an earlier sentence told
            if not date_done:
                event_date = resolve_event_date(s.norm.key, published)
                date_done = True
            t_start, t_end, t_text = s.original(trig.index, trig.index + 1)
            for actor in actors or [None]:
                for target in targets or [None]:
                    if actor and target and actor.code == target.code:
                        continue  # a state does not condemn or shell itself here
                    out.append(Event(
                        event_type=trig.event_type, modality=modality,
                        actor_code=actor.code if actor else None,
                        actor_text=s.party_text(actor) if actor else None,
                        target_code=target.code if target else None,
                        target_text=s.party_text(target) if target else None,
                        projectile=projectile if trig.event_type == LAUNCH else None,
                        trigger=t_text, trigger_start=t_start, trigger_end=t_end,
                        sentence=sentence, sentence_index=index, event_date=event_date,
                    ))
        return out

    # ------------------------------------------------------------ analysis

    def _analyse(self, sentence: str, offset: int, index: int) -> _Sentence:
        norm = normalise(sentence)
        tokens = tokenize(norm.key)
        words = [t.text for t in tokens]
        s = _Sentence(norm, offset, index, tokens, words)
        for matcher in (self.function_words, self.function_nouns, self.air_words):
            for m in matcher.longest(words):
                for i in range(m.start, m.end):
                    s.roles.setdefault(i, set()).add(m.value)
                s.role_end.setdefault(m.start, m.end)
        mentions = self._resolve_kingdom([m for m in self.gazetteer.mentions(words) if m.value.code is not None])
        covered = {i for m in mentions for i in range(m.start, m.end)}
        for m in self.projectiles.longest(words):
            if m.value[0] != "-":
                s.projectiles.append(m)
        for m in self.modality.longest(words):
            s.modality_at.setdefault(m.start, []).append(m.value)
        taken: Set[int] = set()
        for i in range(len(words)):
            if i in covered or i in taken:
                continue
            matches = self.triggers.matches_at(words, i)
            if not matches:
                continue
            # After a preposition or with the article the word is a noun:
            # عن إدانتها is إدانة + ها, not the verb أدانت + ها.
            nominal = any(m.reading.article or m.reading.prep in ("ب", "ل", "ك") for m in matches[:1]) or (
                i > 0 and any(s.has_role(i - 1, r) for r in ("other", "target", "origin", "location")))
            if nominal:
                matches = sorted(matches, key=lambda m: m.value[1] != "noun")
            m = matches[0]
            etype, pos, needs, window, default = m.value
            if pos == "verb" and nominal:
                pos = "noun"  # القصف، بإطلاق
            s.triggers.append(_Trigger(i, etype, pos, needs, window, m.reading, default))
            taken.update(range(m.start, m.end))
        # Mentions are checked last: whether a nisba is an adjective depends on
        # the projectile and trigger words around it. A dateline (لندن -،
        # الرياض - واس:) names where the story was filed, not an actor.
        if mentions and mentions[0].start == 0 and mentions[0].end < len(words) and \
                words[mentions[0].end] in ("-", "–", "—", ":"):
            mentions = mentions[1:]
        for m in mentions:
            if self._mention_ok(s, m):
                s.actors.append(m)
                for i in range(m.start, m.end):
                    s.actor_at[i] = m
        return s

    def _resolve_kingdom(self, mentions: List[Match]) -> List[Match]:
        """A bare المملكة is the kingdom the sentence named before it, if any."""
        out: List[Match] = []
        for m in mentions:
            if m.end - m.start == 1 and m.reading.stem == _KINGDOM and m.value.code == "SAU":
                earlier = [p for p in out if p.value.code in self._kingdoms and p.value.code != "SAU"]
                if earlier:
                    m = Match(m.start, m.end, ActorForm(earlier[-1].value.code, m.value.kind), m.reading)
            out.append(m)
        return out

    def _verb_with_object(self, s: _Sentence, k: int) -> bool:
        """شنته، أجرتها، تمارسه: after a relative pronoun, a verb carrying the
        pronoun of the antecedent, so the phrase after it is the doer."""
        if k >= len(s.words) or k in s.actor_at or s.is_boundary(k):
            return False
        for r in analyses(s.words[k]):
            if r.suffix in ("ه", "ها", "هما", "هم") and not r.article and not r.prep and (
                    len(r.stem) >= 3 or r.stem in self._support_verbs):
                return True
        return False

    def _mention_ok(self, s: _Sentence, m: Match) -> bool:
        """A singular nisba acts for a state only as the adjective of a head noun.

        التركي after a personal name (محمد التركي) is a surname, and a bare
        indefinite تركي is a first name; after a definite noun (الرئيس التركي)
        or a head noun it is the adjective.
        """
        if m.value.kind != NISBA_SG:
            return True
        if m.start == 0:
            return False
        prev = m.start - 1
        if s.is_boundary(prev):
            return False
        if s.has_role(prev, "nonstate") and m.value.code in self.gazetteer.state_codes:
            return False  # الفصائل الفلسطينية، المعارضة السورية: not the state
        definite = _is_definite(s.words[m.start])
        if definite != _is_definite(s.words[prev]) and prev not in s.actor_at:
            return False  # an adjective agrees with its noun: الأمير تركي is a name
        if definite:
            return True
        # An indefinite nisba agrees with an indefinite noun: صواريخ روسية، هجوم حوثي،
        # مدن أوكرانية، ثكنة عسكرية إسرائيلية (one adjective may stand between).
        for k in (prev, prev - 1):
            if k < 0 or _is_definite(s.words[k]) or s.is_boundary(k):
                break
            if (s.has_role(k, "place") or s.has_role(k, "head")
                    or any(p.start <= k < p.end for p in s.projectiles)
                    or any(t.index == k for t in s.triggers)):
                return True
        return False

    # ------------------------------------------------------------ helpers

    def _clause_start(self, s: _Sentence, i: int, stop_at_verbs: bool = False) -> int:
        j = i - 1
        while j >= 0:
            if s.is_boundary(j):
                return j + 1 if s.words[j] in _PUNCT_BOUNDARY else j
            if stop_at_verbs and (s.has_role(j, "report") or any(
                    t.index == j and t.pos == "verb" for t in s.triggers)):
                return j + 1
            j -= 1
        return 0

    def _clause_end(self, s: _Sentence, i: int, limit: int) -> int:
        j = i + 1
        end = min(len(s.words), i + 1 + limit)
        while j < end:
            if s.is_boundary(j):
                # A relative clause after a comma still describes the object.
                if s.words[j] in "،," and j + 1 < len(s.words) and s.has_role(j + 1, "relative"):
                    j += 1
                    continue
                return j
            j += 1
        return end

    def _mention_at(self, s: _Sentence, i: int) -> Optional[Match]:
        m = s.actor_at.get(i)
        return m if m is not None and m.start == i else None

    def _party(self, m: Match) -> _Party:
        r = m.reading
        # وروسيا → روسيا; للولايات keeps its letters, since the article's alef is not written.
        merged_article = r.prep == "ل" and r.stem.startswith("ال") and not r.article
        clitics = len(r.conj) + (0 if merged_article else len(r.prep))
        return _Party(m.value.code, m.start, m.end, clitics)

    def _coordinated(self, s: _Sentence, first: Match, acting: bool) -> Tuple[List[_Party], int]:
        """``first`` and the mentions joined to it by و (مصر والأردن والإمارات)."""
        parties = [self._party(first)]
        k = first.end
        while k < len(s.words):
            if s.words[k] in _CONJ_WORDS and k + 1 < len(s.words):
                nxt = self._mention_at(s, k + 1)
                step = 2
            else:
                nxt = self._mention_at(s, k)
                step = 1
                if nxt is not None and nxt.reading.conj != "و":
                    nxt = None
            if nxt is None or (acting and not nxt.value.can_act):
                break
            parties.append(self._party(nxt))
            k = nxt.end if step == 1 else nxt.end
        return parties, k

    def _subject_after(self, s: _Sentence, i: int) -> Tuple[Optional[List[_Party]], int]:
        """The subject right after a verb at ``i`` (VSO): parties, next token.

        Returns (None, i + 1) when no actor phrase follows, and ([], k) when
        an uncoded subject does (مسلحون، الدول), so the caller does not look
        elsewhere for one.
        """
        j = i + 1
        j = self._skip(s, j)
        start = j
        heads = 0
        while j < len(s.words) and heads <= _MAX_HEAD_RUN:
            m = self._mention_at(s, j)
            if m is not None and m.value.can_act and not m.reading.prep:
                parties, k = self._coordinated(s, m, acting=True)
                return self._more_titled_subjects(s, parties, k)
            if m is not None and heads and m.value.can_act:
                # الأمين العام للأمم المتحدة: a genitive after a head noun.
                parties, k = self._coordinated(s, m, acting=True)
                return parties, k
            nxt = s.actor_at.get(j + 1)
            generic_head = (_is_definite(s.words[j]) and nxt is not None and nxt.start == j + 1
                            and nxt.value.kind == NISBA_SG and not s.has_role(j, "act")
                            and not any(p.start <= j < p.end for p in s.projectiles))
            if heads == 0 and s.words[j][:1] in ("ب", "ل", "ك") and s.words[j] not in self._heads:
                break  # برئاسة خادم الحرمين: a phrase after a preposition is not the subject
            if (s.has_role(j, "head") or generic_head) and not s.is_boundary(j):
                # وزير الخارجية الفرنسي، الإدارة الأمريكية: a head noun and its nisba.
                heads += 1
                j += 1
                continue
            if heads and self._nisba_ahead(s, j):
                # رئيس حكومة تصريف الأعمال اللبنانية: plain words between the head and its nisba.
                heads += 1
                j += 1
                continue
            break
        if heads:
            return [], j
        return None, start

    def _more_titled_subjects(self, s: _Sentence, parties: List[_Party], k: int) -> Tuple[List[_Party], int]:
        """الرئيس الفرنسي ماكرون والمستشار الألماني شولتس: after a subject and
        a name, و + a head noun starts another subject of the same verb."""
        j = k
        plain = 0
        while j < len(s.words) and plain < 3 and not s.roles.get(j) and j not in s.actor_at \
                and s.words[j].isalpha() and not s.words[j].startswith("و"):
            j += 1
            plain += 1
        if j < len(s.words) and s.words[j].startswith("و") and s.has_role(j, "head"):
            more, end = self._subject_after(s, j - 1)
            if more:
                return parties + more, end
        return parties, k

    def _nisba_ahead(self, s: _Sentence, j: int) -> bool:
        """A nisba mention within three words, with only plain words before it."""
        for k in range(j, min(len(s.words), j + 3)):
            m = self._mention_at(s, k)
            if m is not None:
                return m.value.kind in (NISBA_SG, NISBA_PL) and m.value.can_act
            if (s.is_boundary(k) or any(s.has_role(k, r) for r in _PREPOSITION_ROLES + _CLAUSE_ROLES)
                    or any(t.index == k for t in s.triggers)
                    or any(p.start <= k < p.end for p in s.projectiles)):
                return False
        return False

    def _skip(self, s: _Sentence, j: int) -> int:
        while j < len(s.words) and s.has_role(j, "skip"):
            j = s.role_end.get(j, j + 1) if j in s.role_end else j + 1
        return j

    def _subject_before(self, s: _Sentence, i: int) -> Optional[List[_Party]]:
        """The actor just before a verb (SVO), or the antecedent of إنها / أنهم."""
        j = i - 1
        while j >= 0 and s.has_role(j, "skip"):
            j -= 1
        if j < 0 or s.is_boundary(j):
            return None
        m = s.actor_at.get(j)
        if m is not None and m.value.can_act and not m.reading.prep and not self._governed(s, m.start):
            return self._group_ending_at(s, m)
        if s.has_role(j, "relative"):
            # قرار مجلس الأمن الذي يدين …: the antecedent is the subject.
            k = j - 1
            while k >= 0 and k >= j - 3 and not s.is_boundary(k):
                m = s.actor_at.get(k)
                if m is not None:
                    return self._group_ending_at(s, m) if m.value.can_act else None
                k -= 1
            return None
        if s.words[j] in ("ان", "وان") and j > 0:
            m = s.actor_at.get(j - 1)
            if m is not None and m.value.can_act and m.reading.prep in ("", "ل"):
                return self._group_ending_at(s, m)  # وسبق للمملكة أن أدانت
        if s.has_role(j, "pronoun") or s.words[j] in ("ان", "وان") or self._possessed_head(s, j):
            return self._reporter_subject(s, j)
        return None

    def _possessed_place(self, s: _Sentence, j: int) -> bool:
        return any(r.suffix in ("ها", "ه", "هم") and r.stem in self._places for r in analyses(s.words[j]))

    def _earlier_actor(self, s: _Sentence, i: int) -> List[_Party]:
        """The first acting, ungoverned actor of the sentence before token ``i``."""
        for m in s.actors:
            if m.start >= i:
                break
            if m.value.can_act and not m.reading.prep and not self._governed(s, m.start):
                return [self._party(m)]
        return []

    def _pronoun_subject(self, s: _Sentence, i: int) -> Optional[List[_Party]]:
        """أعلنت كتائب القسام أنها قصفت تل أبيب: a subject pronoun right before
        the verb names the subject, and what follows the verb is its object."""
        j = i - 1
        while j >= 0 and s.has_role(j, "skip"):
            j -= 1
        if j >= 0 and (s.has_role(j, "pronoun") or self._possessed_head(s, j)):
            return self._reporter_subject(s, j)
        return None

    def _possessed_head(self, s: _Sentence, j: int) -> bool:
        """قواتها، جيشه، دفاعاتها: a head noun whose owner is an earlier actor."""
        for r in analyses(s.words[j]):
            if r.suffix in ("ه", "ها", "هم", "نا") and r.stem in self._heads:
                return True
        return False

    def _group_ending_at(self, s: _Sentence, last: Match) -> List[_Party]:
        parties = [self._party(last)]
        k = last.start
        while k > 0:
            prev = s.actor_at.get(k - 1)
            if last.reading.conj == "و" and prev is not None and prev.value.can_act:
                parties.insert(0, self._party(prev))
                last = prev
                k = prev.start
                continue
            break
        return parties

    def _reporter_subject(self, s: _Sentence, j: int) -> Optional[List[_Party]]:
        """قالت موسكو إنها …: the subject of the nearest reporting or controlling verb."""
        k = j - 1
        while k >= 0:
            if s.has_role(k, "report") and any(r.suffix for r in analyses(s.words[k])) and k > 0:
                # نقلت الوكالة عن الحرس الثوري قوله إنه …: the speaker precedes قوله.
                m = s.actor_at.get(k - 1)
                if m is not None and m.value.can_act:
                    return self._group_ending_at(s, m)
            if s.has_role(k, "report") or k in s.modality_at and any(
                    r["controls"] == "yes" for r in s.modality_at[k]):
                parties, _ = self._subject_after(s, k)
                if parties:
                    return parties
                parties = self._subject_before(s, k)
                if parties is None:
                    # صعّدت جماعة الحوثي هجماتها، إذ أعلنت أنها أطلقت: a reporting verb
                    # without its own subject continues the sentence's topic.
                    return self._earlier_actor(s, k) or None
                return parties
            if s.words[k] in "،,":
                return None
            k -= 1
        return None

    def _governed(self, s: _Sentence, i: int) -> Optional[str]:
        """The role of the preposition governing the phrase at ``i``, if any."""
        k = i - 1
        hops = 0
        while k >= 0 and hops < 4:
            roles = s.roles.get(k, set())
            for role in ("agent", "target", "origin", "location", "participant", "other"):
                if role in roles:
                    return role
            if s.is_boundary(k) or k in s.actor_at or any(t.index == k for t in s.triggers):
                return None
            if not s.words[k].isalpha() or s.words[k] in _COMPLEMENTISERS:
                return None  # إلى أن كوريا الشمالية أطلقت: أن opens a clause of its own
            k -= 1
            hops += 1
        return None

    def _projectile_class(self, s: _Sentence, m: Match) -> str:
        cls = m.value[0]
        if cls != "MISSILE":
            return cls
        # A modifier within the next few words refines a plain missile.
        for other in s.projectiles:
            if other.value[1] == "modifier" and m.end <= other.start <= m.end + 3:
                return other.value[0]
            if other.value[1] == "modifier" and m.start <= other.start < m.end:
                return other.value[0]
        return cls

    def _projectile_after(self, s: _Sentence, i: int, window: int) -> Optional[Match]:
        """The first projectile word after ``i`` within ``window`` words; one
        introduced by ب (بالمسيرات) may stand up to six words away, after the
        doer of an act noun (بهجوم قوات الدعم السريع بالمسيرات)."""
        hard_end = min(len(s.words), i + 1 + max(window, 6))
        for m in s.projectiles:
            if m.value[1] != "noun" or m.start <= i:
                continue
            if m.start >= hard_end:
                break
            if m.start >= i + 1 + window and m.reading.prep != "ب":
                continue
            if any(s.is_boundary(k) and s.words[k] not in "،,\"" for k in range(i + 1, m.start)):
                break
            return m
        return None

    def _projectile_before(self, s: _Sentence, i: int, window: int) -> Optional[Match]:
        best = None
        for m in s.projectiles:
            if m.value[1] == "noun" and i - window <= m.start < i:
                best = m
        return best

    def _modality(self, s: _Sentence, trig: _Trigger) -> Tuple[str, Optional[int]]:
        """The trigger's modality and, for a controlling marker, its position."""
        i = trig.index
        if trig.reading.prep == "س" and trig.pos == "verb":
            return "FUTURE", None
        # Adjacent markers: لم يدن، لن تطلق، سوف …; تم / يتم / قد may stand between.
        j = i - 1
        while j >= 0 and s.words[j] in ("تم", "يتم", "قد", "تكون", "يكون", "كانت", "كان"):
            j -= 1
        if j >= 0:
            for row in s.modality_at.get(j, []):
                if row["scope"] == "adjacent":
                    return row["modality"], None
            if self._conditional_in(s, j):
                return "HYPOTHETICAL", None
        start = self._clause_start(s, i, stop_at_verbs=trig.pos == "verb")
        if trig.pos == "verb" and trig.reading.conj == "و":
            start = i  # ترفض وتدين: a coordinated verb is not governed by its neighbour
        controller: Optional[int] = None
        for k in range(i - 1, start - 1, -1):
            if s.words[k] in _TEMPORAL:
                break  # بعد إطلاق كوريا صاروخا: the launch happened, whatever is asked after
            if trig.pos != "verb" and k == i - 1 and s.words[k] in _ABOUT:
                break  # توعدت بالرد على الهجوم الصاروخي: the attack answered happened
            if trig.pos != "verb" and any(t.index == k and t.pos == "verb" and t.event_type == CONDEMNATION
                                          for t in s.triggers):
                break  # أدان إطلاق الصواريخ: the condemned launch happened
            for row in s.modality_at.get(k, []):
                if row["scope"] != "clause":
                    continue
                if row["controls"] in ("yes", "object") and controller is None:
                    controller = k
                if row["modality"] != ASSERTED:
                    # توعد … بمواصلة إطلاق: an aspectual verb does not hide the threat.
                    return row["modality"], k if row["controls"] in ("yes", "object") else controller
        return ASSERTED, controller

    def _conditional_in(self, s: _Sentence, j: int) -> bool:
        """إن right before a verb is conditional; أن there is not. Only the
        original spelling tells them apart, so look at it."""
        if s.words[j] not in ("ان", "فان", "وان"):
            return False
        a, b = s.norm.original_span(s.tokens[j].start, s.tokens[j].end)
        return "إ" in s.norm.original[a:b]

    # -------------------------------------------------------------- events

    def _launch(self, s: _Sentence, trig: _Trigger, inherited_target: Dict[int, List[_Party]]):
        i = trig.index
        false_friends = self.false_friends.get(LAUNCH, ())
        has_object_pronoun = bool(trig.reading.suffix) and trig.pos == "verb"
        after_relative = i > 0 and s.has_role(i - 1, "relative")
        proj = None
        if has_object_pronoun or after_relative:
            proj = self._projectile_before(s, i, 6)
        if proj is None:
            proj = self._projectile_after(s, i, trig.window)
        if proj is None and trig.pos == "verb":
            proj = self._projectile_before(s, i, 3)  # عشرون صاروخا أطلقت من لبنان
        if proj is None and trig.needs_projectile and not (trig.default_projectile and trig.pos == "verb"):
            return None
        if trig.pos == "destroy" and not self._air_defence_near(s, i):
            return None
        if proj is not None and proj.start > i and any(
                _false_friend(s.words[k], false_friends) for k in range(i + 1, proj.start)):
            return None  # أطلق سراح، أطلق حملة … ضد الصواريخ
        projectile = self._projectile_class(s, proj) if proj else None
        if projectile != "SATELLITE" and proj is not None and any(
                m.value[0] == "SATELLITE" and proj.start <= m.start <= self._clause_end(s, proj.end, 10)
                for m in s.projectiles):
            # صاروخا حاملا من طراز لونغ مارش يحمل ثلاثة أقمار صناعية: the payload
            # says what was launched.
            projectile = "SATELLITE"
        modality, controller = self._modality(s, trig)

        actors: List[_Party] = []
        if trig.pos in ("intercept", "destroy"):
            interceptor = self._verb_subject(s, i)
            targets = self._launch_targets(s, proj.end if proj else i + 1, i)
            if not targets:
                # أسقطت … مسيرة فوق مقاطعة كورسك: where it was brought down.
                targets = self._place_after(s, proj.end if proj else i + 1, ("location",))
            if not targets:
                targets = list(interceptor or [])
            actors = self._projectile_nisba(s, proj)
            if not actors and proj is not None:
                # تصدت لعدوان إسرائيلي بالصواريخ: the act intercepted names its doer.
                for k in range(i + 1, proj.start):
                    if s.has_role(k, "act"):
                        actors = self._act_agent(s, k)
                        break
            # اعترضت … صاروخا أطلقه الحوثيون: the launch verb tells the launcher;
            # hand it this target and let it speak for the event.
            for t in s.triggers:
                if t.index > i and t.event_type == LAUNCH and t.pos == "verb" and t.reading.suffix:
                    if targets or t.index not in inherited_target:  # اعترضت ودمرت: keep what one named
                        inherited_target[t.index] = targets
                    return None
            return actors, targets, projectile, modality

        if trig.pos == "verb":
            subj = self._pronoun_subject(s, i)
            if subj is None:
                subj, _ = self._subject_after(s, i)
            if subj is None and not has_object_pronoun:
                subj = self._subject_before(s, i)
            if subj is None and controller is not None:
                # تواصل إسرائيل قصفها: the controlling verb's subject does the act.
                subj = self._controller_subject(s, controller)
            actors = subj or []
        else:
            actors = self._act_noun_actor(s, trig, proj, controller)
        if not actors:
            actors = self._projectile_nisba(s, proj)  # صواريخ روسية with no firer named
        targets = self._launch_targets(s, proj.end if proj and proj.start > i else i + 1, i)
        if not targets and proj is not None and proj.start > i + 1:
            # نفذته ميليشيات على مطار أربيل بطائرات مسيرة: the target before the weapon.
            targets = self._launch_targets(s, i + 1, i)
        if not targets and trig.reading.stem in _DIRECT_OBJECT_LAUNCH:
            targets = self._direct_object(s, i, actors)
        if not targets:
            targets = self._undergoer(s, i)
        if not targets:
            targets = inherited_target.get(i, [])
        if proj is None:
            # قصفت القوات الروسية خيرسون: shelling, when both sides are named
            # and no aircraft is.
            if not (actors and targets) or self._air_defence_near(s, i):
                return None
            projectile = trig.default_projectile
        return actors, targets, projectile, modality

    def _anaphoric_launch(self, s: _Sentence, trig: _Trigger) -> bool:
        """A verbal noun whose projectile is definite (إطلاق الصاروخ، الهجوم
        الصاروخي) refers back to a launch told before, not a new one."""
        if trig.pos == "verb":
            return False
        proj = self._projectile_after(s, trig.index, trig.window)
        return proj is None or _is_definite(s.words[proj.start])

    def _named_body_after(self, s: _Sentence, trig: _Trigger) -> bool:
        """The verb's subject is an institution or a titled person (الأزهر، هيئة كبار
        العلماء، رابطة العالم الإسلامي، الأمير …), though not a state."""
        if trig.pos != "verb":
            return False
        j = self._skip(s, trig.index + 1)
        return j < len(s.words) and (s.has_role(j, "head") or s.has_role(j, "nonstate")) \
            and not s.has_role(j, "group")

    def _air_defence_near(self, s: _Sentence, i: int) -> bool:
        lo, hi = max(0, i - 8), min(len(s.words), i + 8)
        return any(s.has_role(k, "air") for k in range(lo, hi))

    def _controller_subject(self, s: _Sentence, k: int) -> Optional[List[_Party]]:
        """The doer named by a controlling word: its subject, or for اتهم
        (اتهمت أوكرانيا روسيا بإطلاق) its object."""
        subj, after = self._subject_after(s, k)
        if any(r["controls"] == "object" for r in s.modality_at.get(k, [])):
            end = self._clause_end(s, k, 8)
            for j in range(after if subj is not None else k + 1, end):
                m = self._mention_at(s, j)
                if m is not None and m.value.can_act and not m.reading.prep:
                    return self._coordinated(s, m, acting=True)[0]
            return None
        return subj if subj is not None else self._subject_before(s, k) or None

    def _verb_subject(self, s: _Sentence, k: int) -> Optional[List[_Party]]:
        """The subject of the verb at ``k``: after it (VSO), else before it (SVO)."""
        subj, _ = self._subject_after(s, k)
        return subj if subj is not None else self._subject_before(s, k)

    def _act_noun_actor(self, s: _Sentence, trig: _Trigger, proj: Optional[Match],
                        controller: Optional[int]) -> List[_Party]:
        """Who did the act a noun names: إطلاق كوريا الشمالية، الهجوم الحوثي،
        الهجوم الذي شنته ميليشيا الحوثي، أجرت كوريا تجربة، هددت بإطلاق."""
        i = trig.index
        # Genitive or nisba right after the noun, or after its projectile adjective
        # (الهجوم الصاروخي الإيراني); after a projectile noun a nisba says where the
        # weapon was made (إطلاق صواريخ كورية شمالية), not who fired it.
        after_adjective = proj.end if proj and proj.start > i and _is_adjective(s.words[proj.end - 1]) else None
        for j in (i + 1, after_adjective):
            if j is None or j >= len(s.words):
                continue
            m = self._mention_at(s, j)
            if m is not None and m.value.can_act and not m.reading.prep:
                return self._coordinated(s, m, acting=True)[0]
        doer = self._act_agent(s, i)  # إطلاق الاحتلال الإسرائيلي صواريخ
        if doer:
            return doer
        agent = self._agent_in(s, i)
        if agent:
            return agent
        if controller is not None:
            subj = self._controller_subject(s, controller)
            if subj or any(r["controls"] == "object" for r in s.modality_at.get(controller, [])):
                return subj or []  # اتهم الجيش قوات الدعم السريع بقصف: not the accuser
        # A support verb before the noun (شن الحوثيون هجوما، بيونغ يانغ أجرت تجربة)
        # or an announcing one (أعلنت القوات اليمنية استهداف سفينة).
        start = self._clause_start(s, i)
        for k in range(i - 1, start - 1, -1):
            if any(t.index == k and t.event_type == CONDEMNATION for t in s.triggers):
                break  # أدان الأمين العام إطلاق الصواريخ: the condemner did not launch
            if s.has_role(k, "pronoun") or s.has_role(k, "relative"):
                break  # قال الجيش إنه رصد إطلاق …: the speaker is not the launcher
            if s.has_role(k, "support") or s.has_role(k, "report"):
                return self._verb_subject(s, k) or []
        return []

    def _agent_in(self, s: _Sentence, i: int) -> List[_Party]:
        """The doer named after an act: الذي شنته X، التي أجرتها X، من قبل X."""
        end = self._clause_end(s, i, _MAX_OBJECT_REGION)
        k = i + 1
        while k < end:
            if s.has_role(k, "agent"):
                m = self._first_mention(s, s.role_end.get(k, k + 1), end)
                return self._coordinated(s, m, acting=True)[0] if m else []
            if s.has_role(k, "relative") and k + 1 < end:
                if self._verb_with_object(s, k + 1):
                    subj, _ = self._subject_after(s, k + 1)
                    return subj or []
                return []
            k += 1
        return []

    def _first_mention(self, s: _Sentence, start: int, end: int) -> Optional[Match]:
        for k in range(start, min(end, start + 4)):
            m = self._mention_at(s, k)
            if m is not None:
                return m
        return None

    def _projectile_nisba(self, s: _Sentence, proj: Optional[Match]) -> List[_Party]:
        """طائرة مسيرة أوكرانية: the nisba on a projectile, when nothing better names the firer."""
        if proj is None:
            return []
        for j in range(proj.end, min(len(s.words), proj.end + 2)):
            m = self._mention_at(s, j)
            if m is not None and m.value.can_act and m.value.kind in (NISBA_SG, NISBA_PL):
                return [self._party(m)]
        return []

    def _place_after(self, s: _Sentence, start: int, roles: Tuple[str, ...]) -> List[_Party]:
        """The first place after a preposition of one of ``roles``, within reach."""
        end = self._clause_end(s, start - 1, 10)
        for k in range(start, end):
            if any(s.has_role(k, r) for r in roles) and k not in s.actor_at:
                for j in range(k + 1, min(end, k + 1 + _TARGET_REACH)):
                    m = self._mention_at(s, j)
                    if m is not None and m.value.can_be_target:
                        return self._coordinated(s, m, acting=False)[0]
                return []
        return []

    def _undergoer(self, s: _Sentence, i: int) -> List[_Party]:
        """شهدت العاصمة الأوكرانية كييف هجوما صاروخيا: the subject of شهد / تعرض."""
        start = self._clause_start(s, i)
        for k in range(i - 1, start - 1, -1):
            if s.has_role(k, "undergo"):
                for j in range(k + 1, min(i, k + 6)):
                    m = self._mention_at(s, j)
                    if m is not None and m.value.can_be_target:
                        return [self._party(m)]
                return []
        return []

    def _launch_targets(self, s: _Sentence, start: int, trigger: int = -1) -> List[_Party]:
        """What a launch was aimed at: the phrase after على / باتجاه / نحو …

        على أراضيها points back to the party the sentence is about: the actor
        named before the trigger (أدانت باكستان الضربات الإيرانية على أراضيها).
        """
        end = self._clause_end(s, start - 1, 14)
        k = start
        while k < end:
            if s.has_role(k, "aim") and k not in s.actor_at:
                # لاستهداف الأعيان المدنية بخميس مشيط: the place named after the aim.
                for j in range(k + 1, min(end, k + 1 + _TARGET_REACH + 2)):
                    m = self._mention_at(s, j)
                    if m is not None and m.value.can_be_target and self._governed(s, j) != "origin":
                        return self._coordinated(s, m, acting=False)[0]
            if s.has_role(k, "target") and not s.has_role(k, "agent"):
                reach = min(end, k + 1 + _TARGET_REACH)
                if k + 1 < len(s.words) and trigger >= 0 and self._possessed_place(s, k + 1):
                    return self._earlier_actor(s, trigger)
                j = k + 1
                while j < reach:
                    m = self._mention_at(s, j)
                    if m is not None and m.value.can_be_target:
                        return self._coordinated(s, m, acting=False)[0]
                    if s.has_role(j, "origin") or s.has_role(j, "target"):
                        break
                    j += 1
                return []
            k += 1
        return []

    def _direct_object(self, s: _Sentence, i: int, actors: List[_Party]) -> List[_Party]:
        """قصفت إسرائيل غزة، استهداف الحوثيين منشآت في المملكة: the first place
        or actor after the doer, also inside a place phrase (في، ل), never after من."""
        end = self._clause_end(s, i, 14)
        for j in range(i + 1, end):
            m = self._mention_at(s, j)
            if m is None or not m.value.can_be_target:
                continue
            if any(p.start <= j < p.end for p in actors):
                continue
            if self._governed(s, j) in ("origin", "agent", "participant"):
                continue
            return self._coordinated(s, m, acting=False)[0]
        return []

    def _condemnation(self, s: _Sentence, trig: _Trigger,
                      launches_before: List[Tuple[int, _Party]]):
        i = trig.index
        words = s.words
        after = words[i + 1] if i + 1 < len(words) else ""
        if after in self.false_friends.get(CONDEMNATION, ()):
            return None
        lo, hi = max(0, i - 5), min(len(words), i + 6)
        if any(s.has_role(k, "court") for k in range(lo, hi)):
            return None  # a court's إدانة is a conviction
        modality, _ = self._modality(s, trig)
        if trig.pos == "verb":
            subj, obj_start = self._pronoun_subject(s, i), self._skip(s, i + 1)
            if subj is None:
                subj, obj_start = self._subject_after(s, i)
            if subj is None:
                subj = self._subject_before(s, i)
                obj_start = self._skip(s, i + 1)
            if subj is None and _first_person(trig.reading.stem):
                # قال الوزير: "ندين الهجوم": the speaker condemns.
                subj = self._reporter_subject(s, i)
            if subj is None and i >= 2 and trig.reading.conj == "و":
                # تدين وتستنكر، ترفض وتدين: a coordinated verb shares the first one's subject.
                subj = self._pronoun_subject(s, i - 1) or self._subject_before(s, i - 1)
            if subj is None and trig.reading.suffix:
                # جددت السعودية، الأربعاء، إدانتها: with no subject of its own, أدانتها
                # is the noun إدانة + ها, object of a verb whose subject condemns.
                subj = self._nominal_condemner(s, i) or None
            subj = subj or []
        else:
            subj = self._nominal_condemner(s, i)
            obj_start = i + 1
            # تعرب الوزارة عن إدانة المملكة واستنكارها للهجوم: the genitive
            # condemns when the object follows with ل / ب; it is the condemner,
            # named again after الخارجية البحرينية, or named only here.
            m = self._mention_at(s, i + 1)
            if m is not None and m.value.can_act and self._object_follows(s, m.end):
                genitive, obj_start = self._coordinated(s, m, acting=True)
                subj = subj or genitive
        targets = self._condemned(s, obj_start)
        if not targets:
            anaphoric = bool(trig.reading.suffix) or after in ("به", "بها", "بهما", "بهم") or (
                i + 1 < len(words) and words[i + 1] in ("الهجوم", "الخطوة", "الهجمات", "الاطلاق", "التجربة", "القصف"))
            if anaphoric:
                targets = [p for k, p in launches_before if k < i][:1]
        return subj, targets, None, modality

    def _subject_reach(self, s: _Sentence, i: int) -> int:
        """How far left the subject of a nominal trigger may stand: past commas,
        not past a clause-starting word, a reporting verb or a verb trigger."""
        k = i - 1
        while k >= 0 and k > i - 16:
            w = s.words[k]
            if (w in _PUNCT_BOUNDARY and w not in "،,-–—()") or s.has_role(k, "boundary") or s.has_role(k, "report"):
                return k + 1
            if any(t.index == k and t.pos == "verb" for t in s.triggers):
                return k + 1
            k -= 1
        return max(k, 0)

    def _object_follows(self, s: _Sentence, k: int) -> bool:
        for j in range(k, min(len(s.words), k + 4)):
            for r in analyses(s.words[j]):
                if r.prep in ("ل", "ب") and (s.has_role(j, "act") or self.triggers.matches_at([s.words[j]], 0)):
                    return True
            if any(t.index == j and t.event_type == CONDEMNATION for t in s.triggers):
                return True
        return False

    def _nominal_condemner(self, s: _Sentence, i: int) -> List[_Party]:
        """Who condemns in بيان إدانة / أعربت قطر عن إدانتها: the clause subject,
        also across commas (أعربت المملكة، في بيان، اليوم، عن إدانتها)."""
        start = self._subject_reach(s, i)
        for k in range(i - 1, start - 1, -1):
            m = s.actor_at.get(k)
            if m is None or not m.value.can_act:
                continue
            if not m.reading.prep and not self._governed(s, m.start):
                return self._group_ending_at(s, m)
            if m.reading.prep == "ل" and m.start > 0 and s.has_role(m.start - 1, "head"):
                return [self._party(m)]  # الأمين العام لجامعة الدول العربية
        return []

    def _condemned(self, s: _Sentence, start: int) -> List[_Party]:
        """The party whose act is condemned, read from the object phrase.

        Targets are: an actor that is itself the object (أدانت فرنسا روسيا);
        the doer of a condemned act, named right after the act noun
        (إطلاق إيران، القصف الروسي، اقتحام المستوطنين الإسرائيليين), as the
        agent of a relative clause (الذي شنته ميليشيا الحوثي) or after من قبل;
        and both sides after بين / مع. An actor inside a phrase led by على،
        ضد، في … is the victim or the place, and is not a target. The object
        may follow commas and adverbials (في بيان، خلال جلسته).
        """
        end = self._object_end(s, start)
        mode = "object"
        targets: List[_Party] = []
        k = start
        while k < end:
            if s.has_role(k, "relative"):
                if self._verb_with_object(s, k + 1):
                    subj, _ = self._subject_after(s, k + 1)
                    if subj:
                        return targets + subj
                mode = "relative"  # الذي استهدف مسجدا: what follows is the victim
                k += 1
                continue
            if s.has_role(k, "agent"):
                m = self._first_mention(s, s.role_end.get(k, k + 1), end)
                if m is not None and m.value.can_act:
                    return targets + self._coordinated(s, m, acting=True)[0]
                k = s.role_end.get(k, k + 1)
                continue
            if s.has_role(k, "participant") and mode in ("act", "participant"):
                # العلاقات بين كوريا الشمالية وروسيا: both sides of a condemned relation;
                # خلال اتصال مع الرئيس الفلسطيني before the object is only a phrase.
                mode = "participant"
                k += 1
                continue
            if s.has_role(k, "act") and k not in s.actor_at:
                agent = self._act_agent(s, k)
                if agent:
                    return targets + agent
                mode = "act"
                k += 1
                continue
            if k not in s.actor_at and any(s.has_role(k, r) for r in _PREPOSITION_ROLES):
                mode = "phrase"
                k += 1
                continue
            m = self._mention_at(s, k)
            if m is not None:
                if mode == "participant" and m.value.can_act:
                    parties, k = self._coordinated(s, m, acting=True)
                    targets.extend(parties)
                    continue
                if mode == "object" and m.value.can_act and (not m.reading.prep or k == start):
                    return self._coordinated(s, m, acting=True)[0]
                k = m.end
                continue
            k += 1
        return targets

    def _object_end(self, s: _Sentence, start: int) -> int:
        """Where a condemnation's object phrase ends: the next clause-starting
        word, reporting verb or verb trigger; commas do not end it."""
        limit = min(len(s.words), start + _MAX_OBJECT_REGION)
        for k in range(start, limit):
            w = s.words[k]
            if w in _PUNCT_BOUNDARY and w not in "،,-–—()":
                return k
            if s.has_role(k, "boundary") or s.has_role(k, "report"):
                return k
            if any(t.index == k and t.pos == "verb" for t in s.triggers) and not (
                    k <= start + 1 and s.words[k].startswith("و")):
                return k  # but تدين وتستنكر الهجوم: the second verb shares the object
        return limit

    def _act_agent(self, s: _Sentence, k: int) -> List[_Party]:
        """The doer named right after an act noun, before any preposition.

        Right after the noun any actor is the doer (إطلاق إيران، اعتداءات ميليشيا
        الحوثي). Further on only a nisba is, as the adjective of the act or of
        its doer (القصف الصاروخي الروسي، اقتحام المستوطنين الإسرائيليين،
        اقتحام وزير الأمن القومي الإسرائيلي); a name there is the act's object
        (تزويد الغرب أوكرانيا).
        """
        j = k + 1
        plain = 0
        while j < len(s.words) and j <= k + 6:
            if s.is_boundary(j) or s.has_role(j, "relative") or (
                    j not in s.actor_at and any(s.has_role(j, r) for r in _PREPOSITION_ROLES + ("participant",))):
                return []
            m = self._mention_at(s, j)
            if m is not None:
                if m.value.can_act and not m.reading.prep and (
                        j == k + 1 or m.value.kind in (NISBA_SG, NISBA_PL)):
                    return self._coordinated(s, m, acting=True)[0]
                return []
            if not _is_adjective(s.words[j]) and any(
                    p.start <= j < p.end and p.value[1] == "noun" for p in s.projectiles):
                return []  # إطلاق صواريخ كورية شمالية: a nisba on the weapon says where it was made
            if s.has_role(j, "place"):
                return []  # استهداف سفينة إسرائيلية: a nisba on the object names the target
            if not s.has_role(j, "head"):
                plain += 1
                if plain > 2:
                    return []
            j += 1
        return []


_PREPOSITION_ROLES = ("target", "origin", "location", "other")
_KINGDOM = normalise_key("المملكة")
_COMPLEMENTISERS = {"ان", "وان", "بان", "لان", "فان"}
_ABOUT = {"علي", "ضد"}  # normalised: على → علي
_TEMPORAL = {"بعد", "وبعد", "عقب", "اثر", "منذ", "خلال", "قبيل"}
_CLAUSE_ROLES = ("participant", "agent", "relative", "report", "pronoun", "boundary")
_NOUN_ROLES = {"head", "act", "place", "court", "aim", "nonstate", "group"}


def _is_adjective(word: str) -> bool:
    """صاروخي، الصاروخية، مدفعيا: a relational adjective (it ends in ي، ية، يا)."""
    return word.endswith(("ي", "ية", "يا", "يين", "يتين"))


def _first_person(stem: str) -> bool:
    """ندين، نستنكر، أدين: a verb whose subject is the speaker of a quote."""
    return stem.startswith(("ن", "اد")) and stem not in ("ندد",)


def _false_friend(word: str, forms) -> bool:
    """The word, or its accusative without the tanwin alef (تطبيقا), is a false friend."""
    return word in forms or (word.endswith("ا") and word[:-1] in forms)


def _is_definite(word: str) -> bool:
    """The word carries the article, possibly behind clitics (والقوات، بالصواريخ، للقوات)."""
    return word.startswith(("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال"))

_DIRECT_OBJECT_LAUNCH = {normalise_key(w) for w in (
    "هاجم", "هاجمت", "هاجموا", "يهاجم", "تهاجم", "ضرب", "ضربت", "يضرب", "تضرب",
    "استهداف", "قصف", "قصفت", "قصفوا", "يقصف", "تقصف", "يقصفون", "استهدف", "استهدفت", "استهدفوا",
    "يستهدف", "تستهدف", "يستهدفون", "أمطر", "أمطرت", "أمطروا", "يمطر", "تمطر")}

_WORD = re.compile(r"[^\W\d_]+")


def merge_article_events(events: Sequence[Event]) -> List[Event]:
    """Merge repeats of a tuple and drop events another one makes redundant.

    Events with the same (type, modality, actor, target) become one, keeping
    the first mention's provenance and counting the mentions. A launch with
    no actor or no target is dropped when a launch of the same article and
    modality agrees on every field it does name; for condemnations the same
    holds within a sentence, since an article often reports one state
    condemning several acts.
    """
    merged: Dict[Tuple, Event] = {}
    for e in events:
        key = (e.event_type, e.modality, e.actor_code, e.target_code)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, mentions=first.mentions + 1,
                                  projectile=first.projectile or e.projectile,
                                  event_date=first.event_date or e.event_date)
        else:
            merged[key] = e
    kept = list(merged.values())

    def covers(a: Event, b: Event) -> bool:
        """a says everything b says, and more."""
        if a is b or a.event_type != b.event_type or a.modality != b.modality:
            return False
        if b.event_type == CONDEMNATION and a.sentence_index != b.sentence_index:
            return False
        if (b.actor_code is not None and a.actor_code != b.actor_code) or (
                b.target_code is not None and a.target_code != b.target_code):
            return False
        return (a.actor_code, a.target_code) != (b.actor_code, b.target_code)

    return [b for b in kept if not any(covers(a, b) for a in kept)]


@lru_cache(maxsize=1)
def default_extractor() -> EventExtractor:
    """One extractor per process: lexicons are loaded once, not per element."""
    return EventExtractor()
