"""The CONDEMNATION frame: who condemns whom, for one trigger.

Verbs (أدان، ندد، استنكر، شجب) take their subject as the condemner; nouns
(إدانة، تنديد، استنكار) take the clause's subject (أعربت قطر عن إدانتها) or a
genitive (إدانة المملكة للهجوم). The target is read from the object phrase
(``targets.condemned``). A court's إدانة and the false friends of يدين
(يدين بالفضل) are not condemnations.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from transforms.extractor.events import ASSERTED, CONDEMNATION
from transforms.gazetteer import PLACE
from transforms.extractor.modality import STATEMENTS_OF, modality_of
from transforms.extractor.parties import (
    _name_like, acting_parties, controller_subject, coordinated, group_ending_at, head_under_preposition, party, plural_verb, pronoun_subject, reporter_subject, subject_after,
    subject_before, verb_subject)
from transforms.extractor.sentence import (
    ADVERB_BOUNDARIES, CLAUSE_END_PUNCT, COMPLEMENTISERS, PREPOSITION_ROLES, PUNCT_BOUNDARY, SENTENCE_END_PUNCT,
    Party, Sentence, Trigger, clause_start, first_mention, governed, is_definite, mention_at, skip)
from transforms.extractor.targets import condemned
from transforms.tokens import analyses
from transforms.lexicon import cue_words

# Object pronouns and nouns that point back to an act told earlier in the sentence.
_ANAPHORIC_OBJECTS = cue_words("anaphoric_objects")
_MESSAGES = cue_words("messages")
_PASSIVE_DONE = cue_words("passive_done")
_RESUMPTIVE_IN = cue_words("resumptive_in")
# Bare forms that are also names or another verb: دان (Dan; دانت لهم, submitted)
# condemns only with its object after it, as does أدين (Eden, Edin; أُدين,
# convicted), which is checked by its stem since it takes و.
_BARE_DAN = cue_words("bare_dan")


_NAMED_BY = cue_words("named_by")


# How far back a chain of و-clauses is followed to the verb that opened it.
CHAIN_REACH = 60


def _names_before(s: Sentence, i: int) -> bool:
    """مؤسسة دان، شركة دان: after the noun of a business or body, دان is its name."""
    prev = s.words[i - 1]
    return prev in _NAMED_BY or (prev.startswith("و") and prev[1:] in _NAMED_BY)


def _dan_takes_an_object(s: Sentence, i: int) -> bool:
    """دان without و condemns only with its object after it: a definite noun,
    a coded party or a word of the lexicons (دان استمرار السلوك العدواني);
    before a foreign surname it is the name Dan, and with ل it means submitted."""
    if i + 1 >= len(s.words):
        return False
    k = i + 1
    if s.words[k] in _MANNER_ADVERBS and k + 1 < len(s.words):
        k += 1  # بوتين دان شخصيا هذه المبادرة
    nxt = s.words[k]
    if any(t.index == k and t.event_type == CONDEMNATION for t in s.triggers):
        return True  # التي دانت واستنكرت التفجير: the object follows the second verb
    if nxt.startswith("ل"):
        return False
    return (is_definite(nxt) or nxt in _DETERMINERS or k in s.actor_at or k in s.modality_at
            or bool(s.roles.get(k)))


_MANNER_ADVERBS = cue_words("manner_adverbs")


_PERSONAL_TITLES = cue_words("titles_before_dan")
_INTENSIFIERS = cue_words("intensifiers")
# Words that open an object phrase, not a subject (يستنكر مثل تلك الأعمال).
_DETERMINERS = cue_words("object_openers")
_ANAPHORIC_ACTS = cue_words("anaphoric_acts")


# يدين / تدين + ب means "owes to" or "professes" (يدين بالفضل، تدين بالإسلام);
# the verb that condemns takes a direct object.
# ويدين سان جرمان، الذي …، بفوزه: what is owed may follow a long aside.
OWED_REACH = 25
# Court words in a sentence that make every إدانة in it a conviction.
COURT_SENTENCE = 2
# ما / بما before a verb of describing or saying: the act as the condemner calls it.
_WHAT = ("ما", "بما")
_DESCRIBED = cue_words("described_as")
_SAID_TO_BE = cue_words("said_to_be")
_REFLEXIVE = cue_words("reflexive")
_ABSTRACT = cue_words("abstract_condemners")
_PLURAL_NOUNS = cue_words("plural_condemnations")
_BY_MANY = cue_words("by_many")
_OWES_FORMS = cue_words("owes_forms")
_OWED_PRONOUNS = cue_words("owed_pronouns")
_MANNER = cue_words("manner_nouns")


def _owed_to_follows(s: Sentence, i: int) -> bool:
    """A ب phrase within three words, before any act or trigger, that is not
    a manner adverb (بشدة، بأشد العبارات) or an anaphoric به / بها."""
    for k in range(i + 1, min(len(s.words), i + 4)):
        if s.has_role(k, "act") or s.is_trigger(k) or s.is_boundary(k):
            return False
        w = s.words[k]
        rest = w[1:] if w.startswith("و") else w
        if rest.startswith("ب") and len(rest) > 2:
            stem = rest[1:]
            stem = stem[2:] if stem.startswith("ال") else stem
            return stem not in _MANNER
    return False


def _abstract_subject(s: Sentence, i: int) -> bool:
    """A mind, a faith, a law or society right after the verb or right
    before it is its subject (يستنكرها عقل الإنسان، المجتمع يستنكر)."""
    after = skip(s, i + 1)
    if after < len(s.words) and s.words[after] in _ABSTRACT:
        return True
    return i > 0 and s.words[i - 1] in _ABSTRACT


def _first_person(stem: str) -> bool:
    """ندين، نستنكر، أدين: a verb whose subject is the speaker of a quote
    (ندد، نددت are third person: their ن is the root's)."""
    return stem == "ادين" or (stem.startswith("ن") and not stem.startswith("ندد"))


def condemnation(s: Sentence, trig: Trigger,
                  launches_before: List[Tuple[int, Party]]):
    i = trig.index
    words = s.words
    after = words[i + 1] if i + 1 < len(words) else ""
    if after in s.lx.false_friends.get(CONDEMNATION, ()):
        return None
    lo, hi = max(0, i - 5), min(len(words), i + 6)
    if any(s.has_role(k, "court") for k in range(lo, hi)):
        return None  # a court's إدانة is a conviction
    if trig.pos == "noun" and _express_verb_before(s, i) is None and \
            sum(1 for k in range(len(words)) if s.has_role(k, "court")) >= COURT_SENTENCE:
        return None  # a ruling's long list: كما ثبتت إدانته …، وإدانته بتدربه …
    if trig.reading.stem in _OWES_FORMS and (_owed_to_follows(s, i) or any(
            w in s.lx.false_friends.get(CONDEMNATION, ()) and w.startswith("ب")
            for w in words[i + 1:i + OWED_REACH])):
        # يدين بشرع الله، يدين غالبية سكان الشيشان بالإسلام، ويدين الفريق، الذي توج
        # باللقب عام 1967، بالفضل: owes, believes in
        return None
    if trig.reading.stem in _OWES_FORMS and not trig.reading.suffix and after in _OWED_PRONOUNS:
        # المبلغ الذي تدين به اليونان، دين ندين به لله، تدين له بالولاء: owed or
        # professed; the imperfect condemns its object directly (ندينه، ندين الهجوم).
        return None
    if trig.reading.suffix and trig.reading.stem in _OWES_FORMS and i + 1 < len(words) and \
            words[i + 1].startswith("و") and words[i + 1].endswith(trig.reading.suffix) and not s.is_trigger(i + 1) and \
            (trig.reading.conj or words[i - 1].endswith(trig.reading.suffix)):
        return None  # توجهات المتلقي وتدينه وسلوكه: the noun تدين (religiosity) in a list
    if words[i] in ("فدان", "فدانا"):
        return None  # مشروع استصلاح المليون فدان: an acre
    if trig.reading.stem in _OWES_FORMS and any(s.has_role(k, "evidence") for k in range(max(0, i - 6), i)):
        return None  # اعترافات من قيادات أمنية تدين رئيس الوزراء: they incriminate him
    if words[i] == "يدين" and i > 0 and words[i - 1].endswith("ة") and not is_definite(words[i - 1]) \
            and (i - 1) not in s.actor_at and not s.roles.get(i - 1):
        return None  # زراعة يدين: two hands (a feminine noun takes تدين, never يدين)
    if words[i] in _BARE_DAN and i > 0 and _names_before(s, i):
        return None  # مؤسسة دان التطوعية: a name after the noun it names
    if words[i] == "دان" and i > 0 and words[i - 1] in _PERSONAL_TITLES:
        return None  # الدكتور دان شارب: a first name
    if (words[i] in _BARE_DAN or trig.reading.stem == "ادين") and not _dan_takes_an_object(s, i):
        return None  # دان راثر، إدين هازارد، دانت لهم الدنيا: a name, or "submitted to"
    if trig.reading.stem == "ادين" and i + 1 < len(words) and words[i + 1].startswith(("من", "ب")):
        return None  # وأُدين منهم 510 أطباء، أُدين بالقتل: convicted
    if trig.reading.stem == "ادين" and any(s.has_role(k, "court") for k in range(len(words))):
        return None  # وأُدين الشيشاني … بالإرهاب … عن تهمة: the passive in a court story is a conviction
    if trig.pos == "noun" and trig.reading.suffix and i > 0 and words[i - 1] in _PASSIVE_DONE:
        return None  # تمت إدانتهم في البرازيل: they were convicted
    if trig.pos == "noun" and trig.reading.prep == "ل" and _express_verb_before(s, i) is None:
        return None  # للتنديد بأعمال الفساد: a purpose, not a statement of condemnation
    if trig.pos == "verb" and _abstract_subject(s, i):
        return None  # وهذا ما تستنكره الشريعة الإسلامية: a general truth
    modality, controller = modality_of(s, trig)
    if trig.pos == "verb":
        subj, obj_start = pronoun_subject(s, i), skip(s, i + 1)
        if subj is None and _describes_noun_before(s, trig):
            # قرارات أممية تدين الكيان الصهيوني، بيانات تدين الهجوم: the clause
            # describes the noun before it, its subject; what follows is the object.
            subj = subject_before(s, i) or []
        if subj is None and not plural_verb(trig) and not _first_person(trig.reading.stem):
            subj, obj_start = subject_after(s, i)
            if subj == [] and obj_start == i + 2:
                # اعتبرت وزارة الخارجية الفلسطينية …، وأدانت الوزارة: the body named before.
                subj = named_before(s, i + 1)
        if subj is None and trig.reading.conj == "و" and _after_complement(s, i):
            # قال كيري إن مصر دفعت ثمنا باهظا، وأدان الاغتيال: the reporter goes on.
            subj = reporter_subject(s, _after_complement(s, i)) or None
            obj_start = skip(s, i + 1)
        if subj is None:
            subj = subject_before(s, i)
            obj_start = skip(s, i + 1)
        if subj is None and _first_person(trig.reading.stem):
            # قال الوزير: "ندين الهجوم": the speaker condemns.
            subj = reporter_subject(s, i)
        if subj is None and i >= 2 and trig.reading.conj == "و":
            # تدين وتستنكر، ترفض وتدين: a coordinated verb shares the first one's subject.
            subj = pronoun_subject(s, i - 1) or subject_before(s, i - 1)
        if subj is None and trig.reading.conj == "و":
            # رفضت إسرائيل التعاون …، ورفضت أيضا …، واستنكرت عمل اللجنة: a chain
            # of و-clauses goes on with the subject of the verb that opened it.
            subj = _chain_subject(s, i)
        if subj is None and trig.reading.suffix and not trig.reading.stem.startswith("ي"):
            # (يستنكرها is a verb with its object; only أدانتها can be a noun)
            # جددت السعودية، الأربعاء، إدانتها: with no subject of its own, أدانتها
            # is the noun إدانة + ها, object of a verb whose subject condemns.
            subj = nominal_condemner(s, i) or None
        if subj is None:
            # تلقى … اتصالين من ملك البحرين وعاهل الأردن استنكرا فيهما: the callers.
            subj = _caller_before(s, i) or None
        subj = subj or []
        if not subj and obj_start < len(words) and obj_start not in s.actor_at and \
                not _first_person(trig.reading.stem) and named_body_after(s, trig) and \
                not s.has_role(obj_start, "act"):  # ندد الأمين العام بالتصريحات: the object itself
            obj_start = _past_named_body(s, obj_start)
    else:
        governed_noun = i > 0 and any(s.has_role(i - 1, r) for r in PREPOSITION_ROLES)
        # بالإضافة إلى إدانة الدول: inside a phrase, an asserted condemnation's
        # condemner is the subject of a verb of expressing, or the genitive.
        if governed_noun and modality == ASSERTED and _express_verb_before(s, i) is None:
            subj = (controller_subject(s, controller) or []) if controller is not None else []
        elif (trig.reading.stem in _PLURAL_NOUNS and not trig.reading.suffix) or after in _BY_MANY \
                or _statements_of(s, trig):
            # والتي لاقت إدانة دولية واسعة: condemned by many, none named
            subj = []  # شهدت التصريحات إدانات إقليمية ودولية
        else:
            subj = nominal_condemner(s, i)
        obj_start = i + 1
        # تعرب الوزارة عن إدانة المملكة واستنكارها للهجوم: the genitive
        # condemns when the object follows with ل / ب; it is the condemner,
        # named again after الخارجية البحرينية, or named only here.
        m = mention_at(s, i + 1)
        if m is not None and m.value.can_act and object_follows(s, m.end):
            genitive, obj_start = coordinated(s, m, acting=True)
            subj = subj or genitive
    described = obj_start
    while described < min(len(words), obj_start + 3) and (words[described] in "،," or s.has_role(described, "skip")):
        described += 1
    if described + 2 < len(words) and words[described] in _WHAT and words[described + 1] in _DESCRIBED:
        obj_start = described + 2  # استنكرت، أيضا، ما وصفته الاستفزازات الإسرائيلية: the act as the condemner names it
    elif described + 3 < len(words) and words[described] in _WHAT and words[described + 1] in _SAID_TO_BE \
            and any(r.stem in COMPLEMENTISERS and r.suffix for r in analyses(words[described + 2])):
        obj_start = described + 3  # وندد بما قال إنها «الأنشطة المؤذية» لإيران
    if trig.pos == "verb" and obj_start < len(words) and words[obj_start] in _REFLEXIVE and not (
            obj_start + 1 < len(words) and (s.has_role(obj_start + 1, "act") or obj_start + 1 in s.actor_at)):
        return None  # أدانت الجامعة نفسها ولجنة التحقيق: incriminated itself (but الحكومة نفسها الهجوم: itself)
    targets = condemned(s, obj_start)
    targets = targets + [p for p in _what_else_done(s, obj_start) if p.code not in {t.code for t in targets}]
    if not targets:
        anaphoric = bool(trig.reading.suffix) or after in _ANAPHORIC_OBJECTS or (
            i + 1 < len(words) and words[i + 1] in _ANAPHORIC_ACTS)
        if anaphoric:
            targets = [p for k, p in launches_before if k < i][:1]
    if not targets:
        targets = held_responsible(s, i)
    return subj, targets, None, modality


_HELD_RESPONSIBLE = cue_words("held_responsible")
_ACCUSING = cue_words("accusing")
_RESPONSIBILITY = cue_words("responsibility")
RESPONSIBLE_REACH = 30  # words from the trigger to the verb of holding responsible
HELD_PARTY_WORDS = 5  # words of the party held responsible, before المسؤولية


def held_responsible(s: Sentence, i: int) -> List[Party]:
    """دانت الحكومة الأردنية … مقتل الطفل، وحمّلت إسرائيل المسؤولية، نددت
    الوزارة بالهجوم، متهمة الحوثيين بتنفيذه: the party the condemner holds
    responsible or accuses, later in the sentence, is the one it condemns
    when the object named none."""
    words = s.words
    for k in range(i + 1, min(len(words), i + RESPONSIBLE_REACH)):
        if words[k] in SENTENCE_END_PUNCT or any(t.index == k and t.event_type == CONDEMNATION for t in s.triggers):
            return []  # another condemnation's party
        if words[k] in _ACCUSING:
            # متهمة الحوثيين بتنفيذه
            return acting_parties(s, first_mention(s, k + 1, min(len(words), k + 1 + HELD_PARTY_WORDS)))
        if words[k] not in _HELD_RESPONSIBLE:
            continue
        end = next((j for j in range(k + 1, min(len(words), k + 2 + HELD_PARTY_WORDS))
                    if words[j] in _RESPONSIBILITY), None)
        return acting_parties(s, first_mention(s, k + 1, end)) if end is not None else []
    return []


_CONDEMNATION_NOUNS = cue_words("condemnation_nouns")


def _statements_of(s: Sentence, trig: Trigger) -> bool:
    """لن ترتدع ببيانات الشجب والاستنكار: a definite condemnation noun (or a
    chain of them) as the genitive of a plural noun of statements, with no
    verb of expressing, is condemnation in general."""
    k = trig.index
    if not trig.reading.article or trig.reading.suffix:
        return False
    while k > 0 and s.words[k].startswith("و") and any(
            r.article and r.stem in _CONDEMNATION_NOUNS for r in analyses(s.words[k - 1])):
        k -= 1  # الشجب والاستنكار: back to the first noun of the chain
    return k > 0 and any(r.stem in STATEMENTS_OF for r in analyses(s.words[k - 1])) and \
        _express_verb_before(s, trig.index) is None


def _describes_noun_before(s: Sentence, trig: Trigger) -> bool:
    """A feminine imperfect verb right after an indefinite feminine or plural
    noun or adjective (قرارات أممية تدين، بيانات تدين) opens a clause that
    describes it (a صفة): the noun is its subject."""
    i = trig.index
    if i == 0 or trig.reading.conj or not trig.reading.stem.startswith("ت"):
        return False
    before = s.words[i - 1]
    return before.isalpha() and not is_definite(before) and before.endswith(("ة", "ات", "ية")) \
        and not s.roles.get(i - 1) and not s.is_trigger(i - 1) and (i - 1) not in s.modality_at


def _after_complement(s: Sentence, i: int) -> int:
    """The complementiser (إن/أن) of a reporting verb whose clause a comma
    closes before the و-verb at ``i``: 0 when there is none."""
    comma = next((k for k in range(i - 1, max(-1, i - 3), -1) if s.words[k] in "،,"), None)
    if comma is None:
        return 0
    for k in range(comma - 1, max(-1, comma - 25), -1):
        if s.words[k] in COMPLEMENTISERS and k > 0 and any(
                s.has_role(x, "report") for x in range(max(0, k - 8), k)):
            return k
        if s.is_boundary(k) and s.words[k] not in "،,":
            return 0
    return 0


_DONE_ON = cue_words("done_on")
DONE_REACH = 60


def _what_else_done(s: Sentence, start: int) -> List[Party]:
    """…، وما أقدمت عليه قوات الاحتلال الإسرائيلي من اقتحام: a second condemned
    act joined by وما, whose doer follows its verb and resumptive pronoun."""
    words = s.words
    for k in range(start, min(len(words) - 3, start + DONE_REACH)):
        if words[k] in PUNCT_BOUNDARY and words[k] not in "،,":
            return []
        if k > start and words[k - 1] in "،," and not words[k].startswith("و"):
            return []  # …، تعهدت بالاستمرار: another clause
        if words[k] == "وما" and words[k - 1] in "،," and words[k + 2] in _DONE_ON:
            doers = acting_parties(s, first_mention(s, k + 3, min(len(words), k + 7)))
            if doers:
                return doers
    return []


def named_before(s: Sentence, j: int) -> List[Party]:
    """الوزارة، الحكومة, a bare definite head at ``j``: the state of the same
    body named earlier in the sentence with a nisba or a genitive (وزارة
    الخارجية الفلسطينية … الوزارة)."""
    word = s.words[j]
    if not (s.has_role(j, "head") and is_definite(word)) or s.has_role(j, "nonstate"):
        return []
    bare = word[2:]
    for k in range(j - 1, -1, -1):
        if s.words[k] not in (bare, word, "و" + bare):
            continue
        for x in range(k + 1, min(j, k + 4)):
            m = s.actor_at.get(x)
            if m is not None and m.start == x and m.value.can_act and \
                    m.value.code in s.lx.gazetteer.state_codes and m.value.kind != PLACE:
                return [party(m)]
        return []
    return []


def _chain_subject(s: Sentence, i: int) -> Optional[List[Party]]:
    """The subject named right after the verb that opens a chain of clauses
    joined by a comma and و, the و-verb at ``i`` closing it. Each clause in
    between must open with و, and the opening one must start the sentence
    or follow a clause boundary; a state named there as subject is the only
    candidate (a person's name may open a new topic)."""
    k = i - 1
    clause_first = i
    while k >= 0 and i - k <= CHAIN_REACH:
        word = s.words[k]
        if word in "،,":
            if not s.words[clause_first].startswith("و"):
                return None
            clause_first = k + 1
            while clause_first < i and s.words[clause_first] in "،,":
                clause_first += 1
        elif word in PUNCT_BOUNDARY:
            return _opening_subject(s, k + 1, i) if word in CLAUSE_END_PUNCT else None
        elif (s.is_boundary(k) and word not in ADVERB_BOUNDARIES) or s.is_trigger(k) or \
                s.has_role(k, "report"):
            return None
        elif k in s.modality_at and not (k == 0 or s.words[k - 1] in PUNCT_BOUNDARY):
            return None  # رفض أن يدين: a verb that governs the condemnation; one that opens a clause does not
        k -= 1
    if k < 0:
        return _opening_subject(s, 0, i)
    return None


def _opening_subject(s: Sentence, start: int, i: int) -> Optional[List[Party]]:
    m = mention_at(s, start + 1)
    if start + 1 >= i or start in s.actor_at or m is None or not m.value.can_act or m.reading.prep \
            or m.value.code not in s.lx.gazetteer.state_codes or s.has_role(start, "head"):
        return None
    return coordinated(s, m, acting=True)[0]


def _speaker_named(s: Sentence, i: int) -> bool:
    """A reporting verb before ``i`` with a word that can be a name after it:
    the first-person condemner is that speaker."""
    for k in range(i - 1, max(-1, i - 40), -1):
        if s.has_role(k, "report") and k + 1 < i and (
                _name_like(s, k + 1) or s.has_role(k + 1, "head") or k + 1 in s.actor_at):
            return True
    return False


def _past_named_body(s: Sentence, j: int) -> int:
    """Past a body named with no state code after the verb (نقابة الصحفيين
    اليمنيين، اتحاد الكتاب العرب): its genitives and adjectives belong to the
    condemner, not to the object."""
    if s.words[j] in _WHAT:
        return j  # ندد الوزير بما قال إنها: the subject is behind; the object begins
    k = j + 1
    while k < len(s.words) and k < j + 5 and s.words[k].isalpha() and is_definite(s.words[k]) and not (
            s.has_role(k, "act") or s.is_trigger(k) or any(s.has_role(k, r) for r in PREPOSITION_ROLES)):
        k += 1
    comma = _comma_before_act(s, k)
    return comma + 1 if comma is not None else k


NAMED_BODY_REACH = 16  # words of offices, titles and a name before the comma that ends them


def _comma_before_act(s: Sentence, k: int) -> Optional[int]:
    """The comma that ends a condemner's long description when the act comes
    after it (دان رئيس جمعية … عضو مجلس الشيوخ الباكستاني السيناتور …، الانفجار):
    what stands before the comma still describes the condemner."""
    for c in range(k, min(len(s.words) - 1, k + NAMED_BODY_REACH)):
        w = s.words[c]
        if w in ("،", ","):
            return c if s.has_role(c + 1, "act") and is_definite(s.words[c + 1]) else None
        if w in PUNCT_BOUNDARY or s.is_trigger(c) or s.has_role(c, "act") or s.has_role(c, "boundary") \
                or s.has_role(c, "report") or s.has_role(c, "relative") or any(s.has_role(c, r) for r in PREPOSITION_ROLES):
            return None
    return None


def named_body_after(s: Sentence, trig: Trigger) -> bool:
    """Somebody is named as the condemner, though no state: an institution or
    a person (ندد الأزهر، ودان أوباما، استنكر مدير التعليم), or the owner of a
    nominal's pronoun after a verb of expressing (أبدى اللواء اليحيى استنكاره،
    عبر المرصد عن إدانته).

    Not when the verb's subject is dropped (وأدان الهجوم: the object follows
    at once), a preposition follows, or the subject is an unnamed group; not
    for a bare إدانته (ثبتت إدانته is a conviction).
    """
    i = trig.index
    if trig.pos == "verb" and trig.reading.conj == "و" and i > 0:
        first = next((t for t in s.triggers if t.index == i - 1 and t.event_type == CONDEMNATION), None)
        if first is not None:
            return named_body_after(s, first)  # الخارجية التي دانت واستنكرت: the first verb's subject
    if trig.pos != "verb":
        return bool(trig.reading.suffix) and trig.reading.suffix != "نا" and _express_verb_before(s, i) is not None
    if i > 0 and s.has_role(i - 1, "relative"):
        # الهيئة التي استنكرت: the antecedent is the subject.
        return i > 1 and (s.has_role(i - 2, "head") or s.has_role(i - 2, "nonstate"))
    if i >= 2 and s.words[i - 2] in COMPLEMENTISERS and _name_like(s, i - 1):
        return True  # قال البيت الأبيض إن أوباما أدان: a person named before the verb
    if _first_person(trig.reading.stem) and _speaker_named(s, i):
        return True  # وأضاف هاموند: "نحن ندين نظام الأسد"
    if plural_verb(trig):
        # المجلس الأعلى للقضاء بجميع قضاته … يستنكرون: the subject stands before.
        start = clause_start(s, i)
        return any(s.has_role(k, "head") or s.has_role(k, "nonstate") for k in range(start, i))
    j = skip(s, i + 1)
    if j >= len(s.words) or not s.words[j].isalpha() or s.has_role(j, "group"):
        return False
    if s.has_role(j, "head") or s.has_role(j, "nonstate"):
        return True
    blocked = ("act", "pronoun", "relative", "boundary", "report") + PREPOSITION_ROLES
    if any(s.has_role(j, r) for r in blocked) or j in s.actor_at or s.is_trigger(j):
        return False
    if s.words[j].startswith(("ب", "وب", "فب", "ل", "ول")) and any(r.prep for r in analyses(s.words[j])):
        return False  # ويندد بهم وبفكرهم: a phrase with ب / ل, not a subject
    return s.words[j] not in _DETERMINERS


def nominal_condemner(s: Sentence, i: int) -> List[Party]:
    """Who condemns in بيان إدانة / أعربت قطر عن إدانتها: the clause subject,
    also across commas (أعربت المملكة، في بيان، اليوم، عن إدانتها)."""
    express = _express_verb_before(s, i)
    if express is not None and express + 1 < len(s.words) and s.words[express + 1] in _RESUMPTIVE_IN:
        # تلقى اتصالا من X أعرب فيه، ألقى X كلمة جدد فيها: the caller or speaker,
        # not a party named on the way (أمام مجلس الجامعة).
        callers = _caller_before(s, express)
        if callers:
            return callers
    if express is not None:
        # أعرب X عن إدانته، عبر X، في برقية بعث بها إلى …، عن استنكاره: the subject
        # of the verb of expressing, however far; تلقى اتصالا من X أعرب فيه: the caller.
        subj = verb_subject(s, express)
        if subj:
            return subj
        # With a dropped subject (وعبّر في برقية إلى خادم الحرمين … عن استنكاره)
        # the parties named on the way are not the condemner.
        return _caller_before(s, express)
    start = subject_reach(s, i)
    participle = any(r.stem in _PARTICIPLES for r in analyses(s.words[i]))
    for k in range(i - 1, start - 1, -1):
        m = s.actor_at.get(k)
        if m is None or not m.value.can_act:
            continue
        if head_under_preposition(s, m):
            continue  # اتصل نتنياهو بالرئيس الفلسطيني …: the nisba of a head under a preposition
        if participle and _in_prepositional_phrase(s, m):
            continue  # أشاد الجروان بجهود رجال الأمن البحريني، مستنكرا: the praised, not the praiser
        if not m.reading.prep and not governed(s, m.start):
            return group_ending_at(s, m)
        if m.reading.prep == "ل" and m.start > 0 and s.has_role(m.start - 1, "head"):
            return [party(m)]  # الأمين العام لجامعة الدول العربية
    return []


_PARTICIPLES = cue_words("condemning_participles")
_PREPOSITIONS = cue_words("prepositions")
PHRASE_REACH = 4  # words of a noun phrase between a preposition and a party in it


def _in_prepositional_phrase(s: Sentence, m) -> bool:
    """The party ``m`` lies in a phrase a preposition opens a few nouns
    before it (بجهود رجال الأمن البحريني), with no comma between."""
    for k in range(m.start - 1, max(-1, m.start - 1 - PHRASE_REACH), -1):
        if s.is_boundary(k) or not s.words[k].isalpha() or k in s.actor_at:
            return False
        if s.words[k] in _PREPOSITIONS or any(r.prep in ("ب", "ل", "ك") for r in analyses(s.words[k])):
            return True
    return False


def _express_verb_before(s: Sentence, i: int) -> Optional[int]:
    """The verb of expressing whose object is the nominal at ``i``: right before
    it, or before عن (أعرب … عن إدانته), within the sentence part."""
    if s.words[i].startswith("و") and i > 1 and any(
            t.index == i - 1 and t.event_type == CONDEMNATION and t.pos == "noun" for t in s.triggers):
        return _express_verb_before(s, i - 1)  # جدد فيها إدانة واستنكار بلاده: one verb for both
    if i > 2 and s.words[i - 1] in _INTENSIFIERS:
        i -= 1  # عن بالغ إدانته، عن عميق استنكاره
    after_an = i > 1 and s.words[i - 1] in ("عن", "الي")  # أعرب عن إدانته، سارع إلى التنديد
    # عبروا عن غضبهم واستنكارهم: the second of two nouns joined after عن.
    after_an = after_an or (i > 2 and s.words[i].startswith("و") and s.words[i - 2] in ("عن", "الي"))
    # أعرب … عن إدانته may span a long aside; أبدى اللواء اليحيى استنكاره only the subject.
    for k in range(i - 1, max(-1, i - (30 if after_an else 8)), -1):
        if s.has_role(k, "express"):
            return k
        if k == i - 1 and s.words[k] in _RESUMPTIVE_IN and k > 0 and s.has_role(k - 1, "express"):
            return k - 1  # ألقى … كلمة جدد فيها إدانة بلاده: said in the speech
        if s.words[k] in ".؛;:!؟?" or s.is_trigger(k) or (
                not after_an and (s.is_boundary(k) or any(s.has_role(k, r) for r in PREPOSITION_ROLES))):
            return None
    return None


def _caller_before(s: Sentence, k: int) -> List[Party]:
    """تلقى … اتصالا هاتفيا من الملك محمد السادس أعرب خلاله: who called or wrote."""
    for j in range(k - 1, max(-1, k - 30), -1):
        if any(r.stem in _MESSAGES for r in analyses(s.words[j])):
            callers: List[Party] = []
            for n in range(j + 1, k):
                m = mention_at(s, n)
                if m is not None and m.value.can_act and governed(s, n) in ("origin", "location", None) and (
                        not m.reading.prep or governed(s, n) == "origin"):
                    callers.append(party(m))
            if any(s.has_role(n, "origin") for n in range(j + 1, k)):
                return callers
            # ألقى أمير دولة الكويت كلمة … جدد فيها: who gave the speech.
            return _speaker_before(s, j) if k + 1 < len(s.words) and s.words[k + 1] in _RESUMPTIVE_IN else []
    return []


def _speaker_before(s: Sentence, j: int) -> List[Party]:
    """The acting parties between the verb before the message noun at ``j``
    and the noun (ألقى صاحب السمو … أمير دولة الكويت كلمة)."""
    speakers: List[Party] = []
    for n in range(j - 1, max(-1, j - 20), -1):
        if s.is_boundary(n) or s.words[n] in PUNCT_BOUNDARY or s.is_trigger(n):
            break
        m = mention_at(s, n)
        if m is not None and m.value.can_act and not m.reading.prep and governed(s, n) is None and \
                all(p.start != m.start for p in speakers):
            speakers.insert(0, party(m))
    return speakers


def subject_reach(s: Sentence, i: int) -> int:
    """How far left the subject of a nominal trigger may stand: past commas,
    not past a clause-starting word, a reporting verb or a verb trigger."""
    k = i - 1
    while k >= 0 and k > i - 16:
        w = s.words[k]
        if (w in PUNCT_BOUNDARY and w not in "،,-–—()") or s.has_role(k, "boundary") or s.has_role(k, "report"):
            return k + 1
        if any(t.index == k and t.pos == "verb" for t in s.triggers):
            return k + 1
        k -= 1
    return max(k, 0)


def object_follows(s: Sentence, k: int) -> bool:
    """The object of a condemnation noun follows at ``k``: an act with ل / ب
    (إدانة المملكة للهجوم), a definite act after an adverb (إدانة السلطنة وبشدة
    التفجير), or another condemnation noun (إدانة المملكة واستنكارها)."""
    for j in range(k, min(len(s.words), k + 4)):
        for r in analyses(s.words[j]):
            if r.prep in ("ل", "ب") and (s.has_role(j, "act") or s.lx.triggers.matches_at([s.words[j]], 0)):
                return True
        if any(t.index == j and t.event_type == CONDEMNATION for t in s.triggers):
            return True
        if j > k and s.has_role(j, "act") and is_definite(s.words[j]) and s.has_role(j - 1, "skip"):
            return True
    return False
