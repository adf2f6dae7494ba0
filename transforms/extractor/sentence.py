"""Sentence analysis and clause structure.

``analyse`` turns one sentence into a ``Sentence``: its normalised tokens and
everything the lexicons find in them (actor mentions, triggers, projectile
words, modality markers, function-word roles). The helpers below read clause
structure from those roles: where a clause starts and ends, which
preposition governs a phrase, which mention starts at a token. They decide
nothing about events; the frames in ``launch`` and ``condemnation`` do.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Container, Dict, List, Optional, Set, Tuple

from transforms.arabic import NormalisedText, normalise, normalise_key
from transforms.gazetteer import CAPITAL, NAME, NISBA_PL, NISBA_SG, OFFICE_HOLDER, PLACE, ActorForm
from transforms.lexicon import Match, cue_words
from transforms.tokens import Reading, Token, analyses, tokenize

if TYPE_CHECKING:
    from transforms.lexicon import WordStarts
    from transforms.extractor.lexicons import Lexicons

PUNCT_BOUNDARY = set("،,;؛:.!?؟()[]{}–—-")
# Punctuation that closes a clause for good; a comma may only close an aside.
CLAUSE_END_PUNCT = {".", "؛", ";", ":", "!", "?", "؟"}
# Punctuation that ends a sentence's statement; after a colon a quote goes on.
SENTENCE_END_PUNCT = CLAUSE_END_PUNCT - {":"}
# Boundary words that are adverbs inside a clause (ورفضت أيضا السماح): they do
# not end the clause a chain of verbs or a modality marker reaches over.
ADVERB_BOUNDARIES = {"ايضا", "كذلك"}
CONJ_WORDS = {"و", "او", "ثم"}
PREPOSITION_ROLES = ("target", "origin", "location", "other")
CLAUSE_ROLES = ("participant", "agent", "relative", "report", "pronoun", "boundary")
COMPLEMENTISERS = {"ان", "وان", "بان", "لان", "فان"}
_DASHES = {"-", "–", "—"}
_DOMAINS = cue_words("domains")
_KINGDOM = normalise_key("المملكة")


@dataclass(frozen=True)
class Trigger:
    """A trigger word found at token ``index`` and how the lexicon reads it."""

    index: int
    event_type: str
    pos: str
    needs_projectile: bool
    window: int
    reading: Reading
    default_projectile: Optional[str] = None
    needs_target: bool = False  # أرسل، وجه: a launch only when fired at someone (not arms sent)


@dataclass(frozen=True)
class Party:
    """A coded actor or target: its code and token span in the sentence."""

    code: str
    start: int
    end: int
    clitics: int = 0  # leading characters that are و / ب / ل …, not the name


@dataclass
class Sentence:
    """A tokenised sentence, everything looked up in it, and the lexicons used."""

    lx: "Lexicons"
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
    triggers: List[Trigger] = field(default_factory=list)
    # الحوثيون: استهدفنا …: the party a headline quotes (not an actor of what it reports)
    speaker: Optional[Match] = None

    def has_role(self, i: int, role: str) -> bool:
        return role in self.roles.get(i, ())

    def is_boundary(self, i: int) -> bool:
        tok = self.words[i]
        if tok in _DASHES and 0 < i < len(self.words) - 1 and \
                self.words[i - 1] in _DOMAINS and self.words[i + 1] in _DOMAINS:
            return False  # صاروخ أرض – أرض: a weapon's designation, not a break
        if (tok == "(" and ")" in self.words[i + 1:i + 4]) or (tok == ")" and "(" in self.words[max(0, i - 3):i]):
            return False  # قصف (أمس) مدينة القرداحة: a short aside in brackets
        return tok in PUNCT_BOUNDARY or self.has_role(i, "boundary")

    def in_projectile(self, i: int) -> bool:
        return any(p.start <= i < p.end for p in self.projectiles)

    def is_trigger(self, i: int) -> bool:
        return any(t.index == i for t in self.triggers)

    def party_text(self, party: Party) -> str:
        """The words naming a party as written, without a leading و / ب / ل."""
        a, b = self.norm.original_span(self.tokens[party.start].start + party.clitics,
                                       self.tokens[party.end - 1].end)
        return self.norm.original[a:b]

    def original(self, start_tok: int, end_tok: int) -> Tuple[int, int, str]:
        """Original text and article offsets of tokens [start_tok, end_tok)."""
        a, b = self.norm.original_span(self.tokens[start_tok].start, self.tokens[end_tok - 1].end)
        return a + self.offset, b + self.offset, self.norm.original[a:b]


def analyse(lx: "Lexicons", sentence: str, offset: int = 0, index: int = 0,
            published: Optional[date] = None) -> Sentence:
    """Normalise and tokenise ``sentence`` and look everything up in it.
    ``published``, the article's date, lets an office holder's name stand
    for the state he held office in then."""
    norm = normalise(sentence)
    tokens = tokenize(norm.key)
    words = [t.text for t in tokens]
    for i in range(1, len(words) - 1):
        if words[i] == "." and len(words[i - 1]) == 1 and words[i - 1].isalpha():
            words[i] = ABBREVIATION_DOT  # د. عبداللطيف: a title's dot ends no clause
    s = Sentence(lx, norm, offset, index, tokens, words)
    starts = lx.starts.look_up(words)  # once for the six matchers below
    for matcher in (lx.function_words, lx.function_nouns, lx.air_words):
        for m in matcher.longest(words, starts):
            for i in range(m.start, m.end):
                s.roles.setdefault(i, set()).add(m.value)
            s.role_end.setdefault(m.start, m.end)
    mentions = resolve_kingdom(lx, [m for m in lx.gazetteer.mentions(words) if m.value.code is not None])
    mentions = resolve_regime(lx, words, mentions)
    if published is not None:
        mentions = office_holders(lx, words, mentions, published, starts)
    covered = {i for m in mentions for i in range(m.start, m.end)}
    for m in lx.projectiles.longest(words, starts):
        if m.value[0] != "-" and not _march_or_career(s, m):
            s.projectiles.append(m)
    for m in lx.modality.longest(words, starts):
        s.modality_at.setdefault(m.start, []).append(m.value)
    taken: Set[int] = set()
    for i in lx.triggers.beginnings(words, starts):
        if i in covered or i in taken:
            continue
        matches = lx.triggers.matches_at(words, i)
        if not matches:
            continue
        # After a preposition or with the article the word is a noun:
        # عن إدانتها is إدانة + ها, not the verb أدانت + ها.
        nominal = any(m.reading.article or m.reading.prep in ("ب", "ل", "ك") for m in matches[:1]) or (
            i > 0 and any(s.has_role(i - 1, r) for r in ("other", "target", "origin", "location", "cause"))) or (
            _hamza_below(s, i, matches[0].reading)) or _object_of_support_verb(s, i, covered)
        if nominal:
            matches = sorted(matches, key=lambda m: m.value[1] != "noun")
        m = matches[0]
        etype, pos, needs, window, default, needs_target = m.value
        if needs_target and m.reading.suffix:
            continue  # قذائف … أرسلتها الميليشيات: the sender of a projectile told by another verb
        if etype == "CONDEMNATION" and pos == "verb" and m.reading.article:
            continue  # التدين is religiosity: a condemning verb takes no article
        if pos == "verb" and (nominal or _adjective_projectile_after(s, m.end)):
            pos = "noun"  # القصف، بإطلاق، قصف مدفعي (a verb takes no adjective)
        s.triggers.append(Trigger(i, etype, pos, needs, window, m.reading, default, needs_target))
        taken.update(range(m.start, m.end))
    # Mentions are checked last: whether a nisba is an adjective depends on
    # the projectile and trigger words around it. A dateline (لندن -،
    # الرياض - واس:) names where the story was filed, not an actor.
    if mentions and mentions[0].end < len(words) and words[mentions[0].end] in ("-", "–", "—", ":") and (
            mentions[0].start == 0 or (words[mentions[0].end] == ":" and all(
                s.has_role(k, "head") for k in range(mentions[0].start)))):
        if words[mentions[0].end] == ":" and mentions[0].value.can_act:
            # السعودية: ندين …، الخارجية الأمريكية: ندين …: a headline's speaker
            s.speaker = mentions[0]
        mentions = mentions[1:]
    language_before = False
    for m in mentions:
        if _language(s, m, language_before):
            language_before = True
            continue  # هتافات بالإنجليزية والإسبانية: the language spoken, not Spain
        language_before = False
        if m.value.kind == NAME and m.start > 0 and s.in_projectile(m.start - 1) and _accusative_nisba(s, m):
            # صاروخا روسيا، هجوما صاروخيا روسيا: روسيًا, the nisba, not Russia
            m = Match(m.start, m.end, ActorForm(m.value.code, NISBA_SG), m.reading)
        if street_name(s, m) or work_title(s, m):
            continue  # شارعي الثورة وبغداد في دمشق: a street, not Iraq; مسرحية «مدغشقر»: a play
        if former_office(s, m) or party_nisba(s, m):
            # الرئيس اليمني السابق، حزب الإصلاح اليمني: a former holder and a
            # party act for no state.
            continue
        if _opponents_of(s, m):
            # منتقدو النظام التركي: the critics act, not the state they criticise.
            m = Match(m.start, m.end, ActorForm(m.value.code, PLACE), m.reading)
        elif not mention_ok(s, m):
            if not (people_of(s, m) or named_place_of(s, m)):
                continue
            # جندي تركي، مدنيين يمنيين: whose people they are; قاعدة ميرون
            # الإسرائيلية: where the named place lies. A target only.
            m = Match(m.start, m.end, ActorForm(m.value.code, PLACE), m.reading)
        elif m.value.kind in (NISBA_SG, NISBA_PL) and m.start > 0 and (
                s.has_role(m.start - 1, "settlement") or s.has_role(m.start - 1, "civilian")):
            # أكبر مدينة تركية، مناطق سورية: where a place lies; المواطنة الفلسطينية:
            # a victim. Never who acts.
            m = Match(m.start, m.end, ActorForm(m.value.code, PLACE), m.reading)
        s.actors.append(m)
        for i in range(m.start, m.end):
            s.actor_at[i] = m
    return s


_STREETS = cue_words("streets")
_WORKS = cue_words("works")
_FORMER = cue_words("former")


def former_office(s: Sentence, m: Match) -> bool:
    """A nisba or a ل-genitive of an office whose holder is a former one: the
    adjective right after the nisba (الرئيس الأمريكي السابق) or right before
    the genitive (الأمين العام الأسبق للأمم المتحدة)."""
    if m.value.kind in (NISBA_SG, NISBA_PL):
        return m.end < len(s.words) and s.words[m.end] in _FORMER
    return m.reading is not None and m.reading.prep == "ل" and m.start > 0 and s.words[m.start - 1] in _FORMER


_PARTIES = cue_words("political_parties")
_POLITICAL_GROUPS = cue_words("political_groups")
_POLITICAL_ADJECTIVES = cue_words("political_adjectives")
PARTY_NAME_WORDS = 4  # words of a party's own name between حزب and its nisba


def party_nisba(s: Sentence, m: Match) -> bool:
    """A state nisba closing a party's name (حزب العدالة والتنمية التركي) or
    after political groups (قوى سياسية عراقية)."""
    if m.value.kind not in (NISBA_SG, NISBA_PL):
        return False
    for k in range(m.start - 1, max(-1, m.start - 1 - PARTY_NAME_WORDS), -1):
        if any(r.stem in _PARTIES for r in analyses(s.words[k])):
            return True
        if s.words[k] in _POLITICAL_ADJECTIVES and k > 0 and \
                any(r.stem in _POLITICAL_GROUPS for r in analyses(s.words[k - 1])):
            return True  # قوى سياسية عراقية، الكتل السياسية اللبنانية
        if not s.words[k].isalpha() or s.is_boundary(k) or s.is_trigger(k):
            return False
    return False


def _in_past_clitic(word: str, forms: Container[str]) -> bool:
    """The word is one of ``forms``, bare or behind one clitic و ب ل ف (وشارع، بمسرحية)."""
    return word in forms or (word[:1] in ("و", "ب", "ل", "ف") and word[1:] in forms)


def street_name(s: Sentence, m: Match) -> bool:
    """A state's name or capital naming a street or square (شارع بغداد، شارعي
    الثورة وبغداد، ساحة الأردن): a street noun at most two words before it."""
    for k in range(m.start - 1, max(-1, m.start - 4), -1):
        word = s.words[k]
        if _in_past_clitic(word, _STREETS):
            return True
        if not word.isalpha() or s.is_boundary(k) or k in s.actor_at or s.roles.get(k):
            return False  # شوارع مدينة تعز: the streets of a town named after it
    return False


def work_title(s: Sentence, m: Match) -> bool:
    """A state's name or capital as the title of a play, film or book
    (أبطال مسرحية «مدغشقر»، مخرج فيلم «بيروت»): the work noun right before it."""
    if m.value.kind not in (NAME, CAPITAL) or m.start == 0:
        return False
    return _in_past_clitic(s.words[m.start - 1], _WORKS)


def people_of(s: Sentence, m: Match) -> bool:
    """A state nisba right after a word for people (soldiers, civilians)."""
    return (m.value.kind in (NISBA_SG, NISBA_PL) and m.start > 0 and s.has_role(m.start - 1, "people")
            and m.value.code in s.lx.gazetteer.state_codes)


_OPPONENTS = cue_words("opponents_of")


def _opponents_of(s: Sentence, m: Match) -> bool:
    """The party is the genitive of a word for its critics or opponents, right
    before it or before its head noun (منتقدو تركيا، معارضو النظام السوري)."""
    k = m.start - 1
    if k >= 0 and s.has_role(k, "head") and (m.value.kind in (NISBA_SG, NISBA_PL) or s.lx.regimes.get(s.words[k])):
        k -= 1
    return k >= 0 and s.words[k] in _OPPONENTS


PLACE_NAME_WORDS = 3  # words of a place's own name between its noun and a nisba


def named_place_of(s: Sentence, m: Match) -> bool:
    """قاعدة ميرون الإسرائيلية، مستوطنة كريات شمونة الإسرائيلية: a feminine
    state nisba after the name of a place its noun heads says where the
    place lies (the name, a proper noun, is definite without the article)."""
    if m.value.kind != NISBA_SG or not s.words[m.start].endswith("ة") or not is_definite(s.words[m.start]) \
            or m.value.code not in s.lx.gazetteer.state_codes:
        return False
    for k in range(m.start - 2, max(-1, m.start - 2 - PLACE_NAME_WORDS), -1):
        if s.is_boundary(k + 1) or is_definite(s.words[k + 1]):
            return False
        if (s.has_role(k, "place") or s.has_role(k, "settlement")) and s.words[k].endswith("ة"):
            return True
    return False


def _adjective_projectile_after(s: Sentence, j: int) -> bool:
    """قصف مدفعي، قصف صاروخي: a masculine adjective of the weapon (not مدفعية,
    the artillery, which may be a verb's subject)."""
    return j < len(s.words) and s.words[j].endswith("ي") and any(p.start == j for p in s.projectiles)


def _hamza_below(s: Sentence, i: int, reading: Reading) -> bool:
    """إدانته، إطلاق are nouns; the verbs are أدانت، أطلق. Normalisation folds
    both alefs, so the original spelling is read, when the paper wrote it."""
    a, b = s.norm.original_span(s.tokens[i].start, s.tokens[i].end)
    letters = [c for c in s.norm.original[a:b] if c.isalpha()]
    at = len(reading.conj) + len(reading.prep)
    return len(letters) > at and letters[at] == "\u0625"


_MASIRA = cue_words("masira")


def _march_or_career(s: "Sentence", m: Match) -> bool:
    """مسيرة الأربعين عاما، مسيرة الإصلاحات: a bare مسيرة with a definite
    genitive after it is a march or a career; the drone is مسيرة with no
    genitive (أطلقوا مسيرة باتجاه …) or طائرة مسيرة."""
    if m.end - m.start != 1 or m.reading.stem not in _MASIRA:
        return False
    if m.reading.suffix:
        return True  # مسيرتهم في الكلية: their course, not their drone
    if m.end < len(s.words) and s.has_role(m.end, "protest"):
        return True  # مسيرة سلمية، المسيرات الاستفزازية، مسيرة ومظاهرة
    if m.end < len(s.words) and is_definite(s.words[m.end]) and not is_adjective(s.words[m.end]):
        return True
    # مسيرة أنصار الحزب، مسيرة مثليي الجنس: an indefinite noun in construct
    # before a definite one is a genitive chain too.
    if m.end + 1 < len(s.words):
        w1, w2 = s.words[m.end], s.words[m.end + 1]
        return not is_definite(w1) and is_definite(w2) and not s.roles.get(m.end) and w1.isalpha() and \
            (not is_adjective(w1) or w1.endswith("يي")) and m.end not in s.actor_at and \
            not s.lx.triggers.matches_at([w1], 0)  # مسيرتين أطلقهما الحوثيون: a verb, not a genitive
    return False


def is_adjective(word: str) -> bool:
    """صاروخي، الصاروخية، مدفعيا: a relational adjective (it ends in ي، ية، يا)."""
    return word.endswith(("ي", "ية", "يا", "يين", "يتين"))


def is_definite(word: str) -> bool:
    """The word carries the article, possibly behind clitics (والقوات، بالصواريخ، للقوات)."""
    return word.startswith(("ال", "وال", "فال", "بال", "كال", "لل", "ولل", "فلل", "وبال", "فبال"))


# Stands in the words for the full stop of a one-letter abbreviation (د. م.),
# which the sentence splitter already keeps inside the sentence.
ABBREVIATION_DOT = "·"
SUBJECT_REACH = 6  # words of a subject phrase between a support verb and its object


def _object_of_support_verb(s: Sentence, i: int, covered: Set[int]) -> bool:
    """أعلنت روسيا قصف كييف، تبنى الجيش الإسرائيلي قصف: after a verb of doing or
    announcing and its subject, the word is that verb's object, the act noun,
    not a second verb. Right after the verb it may be a verb still: a quote
    opens after قوله (قوله "أمطرت الميليشيات …")."""
    k = before_subject(s, i, covered)
    return k < i - 1 and k >= 0 and (s.has_role(k, "support") or s.has_role(k, "report"))


def before_subject(s: Sentence, i: int, covered: Container[int]) -> int:
    """The word before the subject phrase that ends right before ``i`` (its
    mentions, in ``covered``, and head nouns; at most ``SUBJECT_REACH``
    words), or -1: where the verb governing the word at ``i`` stands."""
    k = i - 1
    while k >= 0 and i - k <= SUBJECT_REACH and (k in covered or s.has_role(k, "head") or _head_genitive(s, k)):
        k -= 1
    return k


def _head_genitive(s: Sentence, k: int) -> bool:
    """طائرات التحالف: a plain definite noun after a head noun, its genitive."""
    return k > 0 and s.has_role(k - 1, "head") and is_definite(s.words[k]) and not s.roles.get(k) \
        and not s.is_trigger(k)


def _language(s: Sentence, m: Match, after_language: bool) -> bool:
    """بالفرنسية، بالإسبانية: a feminine nisba after ب with no noun before it
    to qualify is a language; so is the next one joined by و to it."""
    if m.value.kind != NISBA_SG or m.end - m.start != 1 or not s.words[m.start].endswith("ية"):
        return False
    if m.start > 0 and (s.has_role(m.start - 1, "head") or s.in_projectile(m.start - 1)):
        return False
    word = s.words[m.start]
    if word.startswith("بال"):
        return True
    before = s.words[m.start - 1] if m.start > 0 else ""
    return word.startswith("وال") and (after_language or (before.startswith("بال") and before.endswith("ية")))


_LOYAL_TO = cue_words("loyal_to")
APPOSITION_REACH = 4  # words between an office holder's name and his office phrase


def _beside(words: List[str], lx: "Lexicons", m: Match, start: int, end: int) -> bool:
    """The mention ``m`` stands in apposition to the name at ``start:end``:
    within a few words of it, with no report verb, complementiser or
    trigger between (أوباما، أول رئيس أميركي; not البيت الأبيض إن أوباما)."""
    between = range(m.end, start) if m.end <= start else range(end, m.start)
    if len(between) > APPOSITION_REACH:
        return False
    return not any(words[k] in COMPLEMENTISERS or words[k] in lx.report_verbs or lx.triggers.matches_at(words, k)
                   for k in between)


def office_holders(lx: "Lexicons", words: List[str], mentions: List[Match], published: date,
                   starts: Optional["WordStarts"] = None) -> List[Match]:
    """Add the names of office holders (``actors/leaders.tsv``) in office on
    ``published``, as acting for their state (قال لافروف، أدان نتنياهو), where
    no gazetteer mention covers them. A name that was two states' at once
    is left out."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    spans: Dict[Tuple[int, int, Reading], Set[str]] = {}
    for m in lx.leaders.longest(words, starts):
        codes = spans.setdefault((m.start, m.end, m.reading), set())
        if m.value.covers(published):
            codes.add(m.value.code)
    added = []
    for (start, end, reading), codes in spans.items():
        if len(codes) != 1 or any(i in taken for i in range(start, end)):
            continue
        code = codes.pop()
        if any(m.value.code == code and _beside(words, lx, m, start, end) for m in mentions):
            # وزير الخارجية السعودي عادل الجبير، أوباما، أول رئيس أميركي: the office
            # beside the name already codes him.
            continue
        if any(words[k] in _LOYAL_TO for k in range(max(0, start - 2), start)):
            continue  # القوات الموالية للرئيس هادي: whose side the forces are on
        added.append(Match(start, end, ActorForm(code, OFFICE_HOLDER), reading))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


def resolve_kingdom(lx: "Lexicons", mentions: List[Match]) -> List[Match]:
    """A bare المملكة is the kingdom the sentence named before it, if any."""
    out: List[Match] = []
    for m in mentions:
        if m.end - m.start == 1 and m.reading.stem == _KINGDOM and m.value.code == "SAU":
            earlier = [p for p in out if p.value.code in lx.kingdoms and p.value.code != "SAU"]
            if earlier:
                m = Match(m.start, m.end, ActorForm(earlier[-1].value.code, m.value.kind), m.reading)
        out.append(m)
    return out


def resolve_regime(lx: "Lexicons", words: List[str], mentions: List[Match]) -> List[Match]:
    """A bare النظام acts for the one state the sentence names; a bare الاحتلال
    for Israel, unless the sentence names a state the papers tell another
    occupation of or by (``actors/regimes.tsv``)."""
    states = {m.value.code for m in mentions if m.value.code in lx.gazetteer.state_codes}
    covered = {i for m in mentions for i in range(m.start, m.end)}
    added: List[Match] = []
    for i, word in enumerate(words):
        state_word = lx.regimes.get(word)
        if state_word is None or i in covered:
            continue
        if state_word.default is None:
            if len(states) != 1:
                continue
            code = next(iter(states))
        elif not states & state_word.unless:
            code = state_word.default
        else:
            continue
        after = words[i + 1] if i + 1 < len(words) else ""
        if i + 1 in covered or (is_definite(after) and is_adjective(after) and after not in state_word.adjectives):
            continue  # النظام السوري is the nisba's mention; النظام الدولي is no regime
        reading = min(analyses(word), key=lambda r: not r.article)
        added.append(Match(i, i + 1, ActorForm(code, NAME), reading))
    return sorted(mentions + added, key=lambda m: m.start) if added else mentions


# ل written apart from the name it governs: لـ«الرياض»، ل"الوطن" (the quotes fall away).
_BARE_LAM = cue_words("bare_lam")
_TOLD_NOUNS = cue_words("told_nouns")
_NAME_PARTICLES = cue_words("name_particles")
_PERSONAL_TITLES = cue_words("personal_titles")


def _accusative_nisba(s: Sentence, m: Match) -> bool:
    """روسيا after an accusative noun is روسيًا, the nisba, once diacritics are gone."""
    word = s.words[m.start]
    if m.end - m.start != 1 or not word.endswith("ا"):
        return False
    nisba = s.lx.gazetteer.mentions([word[:-1]])
    return bool(nisba) and nisba[0].value.kind == NISBA_SG and nisba[0].value.code == m.value.code


def mention_ok(s: Sentence, m: Match) -> bool:
    """A singular nisba acts for a state only as the adjective of a head noun.

    التركي after a personal name (محمد التركي) is a surname, and a bare
    indefinite تركي is a first name; after a definite noun (الرئيس التركي)
    or a head noun it is the adjective.
    """
    if m.start > 0 and s.words[m.start - 1] in _BARE_LAM and (
            any(s.has_role(k, "report") for k in range(max(0, m.start - 6), m.start - 1))
            or s.words[max(0, m.start - 2)] in _TOLD_NOUNS):
        return False  # قال سكان لـ"الرياض": the newspaper told, not the capital (but مواقع لـ«داعش»)
    if m.value.kind == NISBA_PL and not is_definite(s.words[m.start]):
        # يمنيون، سوريون on their own are people of the state, not the state;
        # مسلحون حوثيون، صواريخ روسية take their nisba from a noun.
        prev = m.start - 1
        return prev >= 0 and not s.is_boundary(prev) and (
            s.has_role(prev, "head") or s.has_role(prev, "nonstate") or s.has_role(prev, "place")
            or s.in_projectile(prev))
    if m.value.kind == NAME and m.start > 0 and m.end - m.start == 1 and s.has_role(m.start - 1, "nonstate") \
            and is_definite(s.words[m.start]) and s.words[m.start].endswith("ية"):
        return False  # الجامعة السعودية الإلكترونية: السعودية is the adjective here, not the state's name
    if m.value.kind != NISBA_SG:
        return True
    if m.start == 0:
        return False
    prev = m.start - 1
    if s.is_boundary(prev):
        return False
    if s.has_role(prev, "nonstate") and m.value.code in s.lx.gazetteer.state_codes:
        return False  # الفصائل الفلسطينية، المعارضة السورية: not the state
    definite = is_definite(s.words[m.start])
    if prev >= 1 and s.words[prev - 1] in _NAME_PARTICLES:
        return False  # عبدالله بن عبد المحسن التركي: the last word of a name
    if s.words[prev] in _PERSONAL_TITLES:
        return False  # الدكتور التركي: a surname after a title
    if definite != is_definite(s.words[prev]) and prev not in s.actor_at:
        return False  # an adjective agrees with its noun: الأمير تركي is a name
    if definite:
        return True
    # An indefinite nisba agrees with an indefinite noun: صواريخ روسية، هجوم حوثي،
    # مدن أوكرانية، ثكنة عسكرية إسرائيلية (one adjective may stand between).
    for k in (prev, prev - 1):
        if k < 0 or is_definite(s.words[k]) or s.is_boundary(k):
            break
        if (s.has_role(k, "place") or s.has_role(k, "head")
                or s.in_projectile(k)
                or s.is_trigger(k)):
            return True
    return False


def clause_start(s: Sentence, i: int, stop_at_verbs: bool = False) -> int:
    j = i - 1
    while j >= 0:
        if s.is_boundary(j):
            return j + 1 if s.words[j] in PUNCT_BOUNDARY else j
        if stop_at_verbs and (s.has_role(j, "report") or any(
                t.index == j and t.pos == "verb" for t in s.triggers)):
            return j + 1
        j -= 1
    return 0


def clause_end(s: Sentence, i: int, limit: int) -> int:
    j = i + 1
    end = min(len(s.words), i + 1 + limit)
    while j < end:
        if s.is_boundary(j):
            # A relative clause after a comma still describes the object.
            if s.words[j] in "،," and j + 1 < len(s.words) and s.has_role(j + 1, "relative"):
                j += 1
                continue
            close = _name_aside(s, j)
            if close:
                j = close + 1  # وحليفها المخلوع، علي عبدالله صالح، محافظة ظهران الجنوب: a name in apposition
                continue
            # … مساء أول من أمس، على ضاحية دار سعد: an aside closed by a comma, then the target.
            if s.words[j] in "،," and j + 1 < len(s.words) and s.has_role(j + 1, "target"):
                j += 1
                continue
            return j
        j += 1
    return end


def _name_aside(s: Sentence, j: int) -> int:
    """The closing comma of a personal name set off by commas at ``j``
    (، علي عبدالله صالح ،): plain words only, at most four; else 0."""
    if s.words[j] not in "،,":
        return 0
    for k in range(j + 1, min(len(s.words), j + 6)):
        if s.words[k] in "،,":
            return k if k > j + 1 else 0
        w = s.words[k]
        if w == "علي" and k == j + 1:
            continue  # the name Ali, spelt like the preposition once normalised
        if not w.isalpha() or s.roles.get(k) or k in s.actor_at or s.is_trigger(k) or k in s.modality_at:
            return 0
    return 0


def skip(s: Sentence, j: int) -> int:
    while j < len(s.words) and s.has_role(j, "skip"):
        j = s.role_end.get(j, j + 1) if j in s.role_end else j + 1
    return j


def governed(s: Sentence, i: int) -> Optional[str]:
    """The role of the preposition governing the phrase at ``i``, if any."""
    k = i - 1
    hops = 0
    while k >= 0 and hops < 4:
        roles = s.roles.get(k, set())
        for role in ("agent", "target", "origin", "location", "participant", "other"):
            if role in roles:
                return role
        if s.is_boundary(k) or k in s.actor_at or s.is_trigger(k):
            return None
        if not s.words[k].isalpha() or s.words[k] in COMPLEMENTISERS:
            return None  # إلى أن كوريا الشمالية أطلقت: أن opens a clause of its own
        k -= 1
        hops += 1
    return None


def mention_at(s: Sentence, i: int) -> Optional[Match]:
    m = s.actor_at.get(i)
    return m if m is not None and m.start == i else None


def first_mention(s: Sentence, start: int, end: int) -> Optional[Match]:
    for k in range(start, min(end, start + 4)):
        m = mention_at(s, k)
        if m is not None:
            return m
    return None
