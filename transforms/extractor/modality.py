"""Modality: whether a trigger asserts an event, or negates, requests,
threatens, plans, expects or supposes it.

Markers come from ``lexicons/modality.tsv``: adjacent ones (لم، لن، سوف)
right before the trigger, clause ones (رفضت، دعت، هددت، نفت) anywhere before
it in its clause. A controlling marker's position is returned too, since its
subject or object may name the doer of the act.
"""
from __future__ import annotations

from typing import Optional, Tuple

from transforms.extractor.events import ASSERTED, CONDEMNATION
from transforms.extractor.sentence import (
    ADVERB_BOUNDARIES, SENTENCE_END_PUNCT, Sentence, Trigger, before_subject, clause_start)
from transforms.lexicon import cue_words
from transforms.tokens import analyses

_ABOUT = cue_words("about")  # normalised: على → علي
_TEMPORAL = cue_words("temporal")
_BETWEEN_MARKER_AND_VERB = cue_words("between_marker_and_verb")
_SUBJUNCTIVE_AN = cue_words("subjunctive_an")


def modality_of(s: Sentence, trig: Trigger) -> Tuple[str, Optional[int]]:
    """The trigger's modality and, for a controlling marker, its position."""
    i = trig.index
    if trig.reading.prep == "س" and trig.pos == "verb":
        return "FUTURE", None
    if trig.pos != "verb" and i > 0:
        # سيرد بهجوم صاروخي، ستواصل قصف، ستواصل إسرائيل قصف: the act is to come,
        # past the subject of the verb (سيول before it is Seoul, not a verb).
        k = before_subject(s, i, s.actor_at)
        if k >= 0 and _future_verb(s.words[k]):
            return "FUTURE", None
    if i >= 2 and s.words[i - 1] in ("عملية", "عمليات") and s.words[i - 2] in ("اي", "اية"):
        return "HYPOTHETICAL", None  # لم تشهد أي عملية استهداف صاروخي: any such act
    # Adjacent markers: لم يدن، لن تطلق، سوف …; تم / يتم / قد may stand between.
    j = i - 1
    while j >= 0 and s.words[j] in _BETWEEN_MARKER_AND_VERB:
        j -= 1
    if j >= 0:
        for row in s.modality_at.get(j, []):
            if row["scope"] == "adjacent":
                return row["modality"], None
        if conditional_in(s, j):
            return "HYPOTHETICAL", None
    start = clause_start(s, i, stop_at_verbs=trig.pos == "verb")
    while 0 < start < i and s.words[start] in ADVERB_BOUNDARIES and not s.is_boundary(start - 1):
        # الطائرات بلا طيار يمكنها أيضا أن تطلق صواريخها: an adverb does not end the clause
        earlier = clause_start(s, start, stop_at_verbs=trig.pos == "verb")
        if earlier >= start:
            break
        start = earlier
    if trig.reading.conj == "و" and (trig.pos == "verb" or _coordinated_with_marker_noun(s, i)):
        start = i  # ترفض وتدين، رفض المملكة وإدانتها: a conjunct is not governed by its neighbour
    if trig.event_type == CONDEMNATION and trig.pos == "verb" and i > 0 and s.has_role(i - 1, "relative"):
        start = i  # تهديدات ضد الرئيس الذي ندد: a relative clause asserts on its own
    controller: Optional[int] = None
    relative_between = False  # ردت القوات … والتي يستخدمها الحوثيون لإطلاق: not the responder's act
    for k in range(i - 1, start - 1, -1):
        if s.has_role(k, "relative") and k > 0 and not (
                s.has_role(k - 1, "act") or any(t.index == k - 1 for t in s.triggers)):
            relative_between = True  # but الهجوم الذي استهدف: the clause tells the act itself
        if s.words[k] in _TEMPORAL:
            break  # بعد إطلاق كوريا صاروخا: the launch happened, whatever is asked after
        if trig.pos != "verb" and k == i - 1 and s.words[k] in _ABOUT and not _capability_before(s, k):
            break  # توعدت بالرد على الهجوم الصاروخي: the attack answered happened
        if trig.pos != "verb" and any(t.index == k and t.pos == "verb" and t.event_type == CONDEMNATION
                                      for t in s.triggers):
            break  # أدان إطلاق الصواريخ: the condemned launch happened
        for row in s.modality_at.get(k, []):
            if row["scope"] != "clause":
                continue
            if row["controls"] in ("yes", "object") and controller is None and not relative_between:
                controller = k
            if row["modality"] != ASSERTED:
                # توعد … بمواصلة إطلاق: an aspectual verb does not hide the threat.
                return row["modality"], k if row["controls"] in ("yes", "object") else controller
    if _subjunctive(s, trig) or _drafted(s, trig) or _quoted_formula(s, trig):
        return "HYPOTHETICAL", controller
    return ASSERTED, controller


# Plural nouns of statements (بيانات، عبارات): what they hold is named, not done.
STATEMENTS_OF = cue_words("statements_of")
FORMULA_WORDS = 4  # words of a quoted formula before its condemning verb


def _quoted_formula(s: Sentence, trig: Trigger) -> bool:
    """فعبارات نأسف ونعتذر وندين ونقدم التعازي: verbs quoted as the words of
    a formula, after عبارات / كلمات, are named, not done."""
    i = trig.index
    if trig.pos != "verb":
        return False
    for k in range(i - 1, max(-1, i - 1 - FORMULA_WORDS), -1):
        if any(r.stem in STATEMENTS_OF for r in analyses(s.words[k])):
            return True
        if not s.words[k].isalpha() or (k < i - 1 and not s.words[k + 1].startswith("و")):
            return False
    return False


_DRAFT_NOUNS = cue_words("draft_nouns")
_DRAFT_OBJECTS = cue_words("draft_objects")
_ADOPTING = cue_words("adopting")
DRAFT_REACH = 30  # words from a draft to a verb of its relative clause
ADOPTION_REACH = 6  # words before a draft that may tell it was adopted


def _drafted(s: Sentence, trig: Trigger) -> bool:
    """تطرح مصر مشروع قرار يدين إسرائيل، مشروع القرار الذي يحمل عنوان …
    ويشجب إسرائيل: a condemning verb of a draft's clause is what the draft
    proposes, unless the draft was adopted (تبنى مجلس الأمن مشروع القرار)."""
    i = trig.index
    if trig.event_type != CONDEMNATION or trig.pos != "verb":
        return False
    for k in range(i - 2, max(-1, i - DRAFT_REACH), -1):
        if s.words[k] in SENTENCE_END_PUNCT:
            return False
        if s.words[k] not in _DRAFT_NOUNS or s.words[k + 1] not in _DRAFT_OBJECTS:
            continue
        direct = k + 2 == i
        relative = k + 2 < i and s.has_role(k + 2, "relative") and (k + 3 == i or trig.reading.conj == "و")
        adopted = any(s.words[j] in _ADOPTING for j in range(max(0, k - ADOPTION_REACH), k))
        return (direct or relative) and not adopted
    return False


def _subjunctive(s: Sentence, trig: Trigger) -> bool:
    """على الأمم المتحدة أن تدين، إما أن تدين: an imperfect condemning verb
    right after أن is a subjunctive, asked or weighed; one told as done
    reads أن المملكة تدين، أنها تدين."""
    i = trig.index
    return trig.event_type == CONDEMNATION and trig.pos == "verb" and i > 0 and not trig.reading.conj and \
        trig.reading.stem[:1] in ("ي", "ت", "ن") and s.words[i - 1] in _SUBJUNCTIVE_AN and \
        not conditional_in(s, i - 1)


def _future_verb(word: str) -> bool:
    """سيرد، ستواصل، سنطلق: the future prefix س on an imperfect verb (not سيارة, not سيول, floods)."""
    word = word[1:] if word.startswith(("و", "ف")) and len(word) > 5 else word
    return len(word) >= 4 and word[0] == "س" and word[1] in "يتن" and not word.startswith(("سيار", "سياس", "سيطر", "سيول"))


def conditional_in(s: Sentence, j: int) -> bool:
    """إن right before a verb is conditional; أن there is not. Only the
    original spelling tells them apart, so look at it."""
    if s.words[j] not in ("ان", "فان", "وان"):
        return False
    a, b = s.norm.original_span(s.tokens[j].start, s.tokens[j].end)
    return "إ" in s.norm.original[a:b]


def _coordinated_with_marker_noun(s: Sentence, i: int) -> bool:
    """رفض المملكة وإدانتها: the trigger noun is joined to a marker noun and
    its genitive (the kingdom's rejection and condemnation), not its object."""
    m = s.actor_at.get(i - 1)
    return m is not None and m.start > 0 and (m.start - 1) in s.modality_at


def _capability_before(s: Sentence, k: int) -> bool:
    """قدرة كوريا الشمالية على، عدم قدرة وكالة الفضاء الروسية على: a capability
    marker owns this على, past the genitive that names who is capable."""
    start = clause_start(s, k)
    return any(r["modality"] == "HYPOTHETICAL" for j in range(max(start, k - 10), k)
               for r in s.modality_at.get(j, []))

