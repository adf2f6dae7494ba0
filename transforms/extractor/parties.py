"""Parties and their coding: who acts in a clause.

Reads the subject of a verb after it (VSO) or before it (SVO), through a
pronoun to the subject of a reporting verb (قالت موسكو إنها أطلقت), the doer
of an act noun (إطلاق كوريا الشمالية، القصف الروسي) or of a relative clause
(الذي شنته ميليشيا الحوثي), and groups joined by و. Each function returns
``Party`` spans carrying the gazetteer's code.
"""
from __future__ import annotations

from typing import List, Optional, Tuple

from transforms.gazetteer import CAPITAL, NISBA_PL, NISBA_SG
from transforms.lexicon import Match, cue_words
from transforms.extractor.events import LAUNCH
from transforms.extractor.sentence import (
    COMPLEMENTISERS, CLAUSE_ROLES, CONJ_WORDS, PREPOSITION_ROLES, Party, Sentence, Trigger, clause_end, first_mention,
    governed, is_adjective, is_definite, mention_at, skip)
from transforms.tokens import analyses

# Acts whose ل-complement receives them (الدعم العسكري لأوكرانيا), not does them.
_RECIPIENT_ACTS = cue_words("recipient_acts")
_ESPECIALLY = cue_words("especially")
_HANDS = cue_words("hands")
ESPECIALLY_REACH = 4  # words from خصوصا to the doer it names (تنظيم «داعش»)
MAX_HEAD_RUN = 8  # head nouns between a verb and its subject's nisba (… لمجلس وزراء الصحة لدول مجلس التعاون)
MAX_OBJECT_REGION = 20  # tokens an object phrase may span


def plural_verb(trig: Trigger) -> bool:
    """أطلقوا، يستهدفون: a verb that agrees in the plural has its subject before
    it or dropped; a name after it is its object (استهدفوا قوات الأسد)."""
    return trig.pos == "verb" and trig.reading.stem.endswith(("وا", "ون"))


def party(m: Match) -> Party:
    r = m.reading
    # وروسيا → روسيا; للولايات keeps its letters, since the article's alef is not written.
    merged_article = r.prep == "ل" and r.stem.startswith("ال") and not r.article
    clitics = len(r.conj) + (0 if merged_article else len(r.prep))
    return Party(m.value.code, m.start, m.end, clitics)


def coordinated(s: Sentence, first: Match, acting: bool) -> Tuple[List[Party], int]:
    """``first`` and the mentions joined to it by و (مصر والأردن والإمارات)."""
    parties = [party(first)]
    k = first.end
    while k < len(s.words):
        if s.words[k] in CONJ_WORDS and k + 1 < len(s.words):
            nxt = mention_at(s, k + 1)
            step = 2
        else:
            nxt = mention_at(s, k)
            step = 1
            if nxt is not None and nxt.reading.conj != "و":
                nxt = None
        if nxt is None or (acting and not nxt.value.can_act):
            break
        parties.append(party(nxt))
        k = nxt.end if step == 1 else nxt.end
    return parties, k


def acting_parties(s: Sentence, m: Optional[Match]) -> List[Party]:
    """The doers a mention names: it and the acting mentions joined to it by
    و; none when there is no mention, it cannot act, or a preposition
    governs it."""
    if m is None or not m.value.can_act or m.reading.prep:
        return []
    return coordinated(s, m, acting=True)[0]


def subject_after(s: Sentence, i: int) -> Tuple[Optional[List[Party]], int]:
    """The subject right after a verb at ``i`` (VSO): parties, next token.

    Returns (None, i + 1) when no actor phrase follows, and ([], k) when
    an uncoded subject does (مسلحون، الدول), so the caller does not look
    elsewhere for one.
    """
    j = i + 1
    j = skip(s, j)
    start = j
    if j < len(s.words) and s.words[j] in _HANDS:
        hands = _hands_of(s, j)
        if hands is not None:
            return hands
    heads = 0
    appositive = False
    while j < len(s.words) and heads <= MAX_HEAD_RUN:
        m = mention_at(s, j)
        if m is not None and m.value.can_act and not m.reading.prep:
            parties, k = coordinated(s, m, acting=True)
            if heads:
                k = _past_nisbas(s, k)
            if appositive:
                return parties, _after_closing_comma(s, k)
            return more_titled_subjects(s, parties, k)
        if m is not None and heads and m.value.can_act:
            # الأمين العام للأمم المتحدة: a genitive after a head noun.
            parties, k = coordinated(s, m, acting=True)
            k = _past_nisbas(s, k)
            return parties, (_after_closing_comma(s, k) if appositive else k)
        nxt = s.actor_at.get(j + 1)
        generic_head = (is_definite(s.words[j]) and nxt is not None and nxt.start == j + 1
                        and (nxt.value.kind in (NISBA_SG, NISBA_PL) or s.has_role(j, "nonstate")
                             or nxt.value.code not in s.lx.gazetteer.state_codes)  # المتمردين الحوثيين
                        and not s.has_role(j, "act")
                        and not s.in_projectile(j))
        if heads == 0 and s.words[j][:1] in ("ب", "ل", "ك") and s.words[j] not in s.lx.heads:
            break  # برئاسة خادم الحرمين: a phrase after a preposition is not the subject
        if (s.has_role(j, "head") or generic_head) and not s.is_boundary(j):
            # وزير الخارجية الفرنسي، الإدارة الأمريكية: a head noun and its nisba.
            heads += 1
            j += 1
            continue
        if heads and s.words[j] in ("بأعمال", "بالأعمال", "باعمال", "بالاعمال") and s.words[j - 1] in ("القائم", "قائم"):
            # القائم بأعمال سفارة خادم الحرمين الشريفين: the chargé d'affaires.
            heads += 1
            j += 1
            continue
        if heads and s.has_role(j, "group") and not s.is_boundary(j):
            # المدير العام للمكتب التنفيذي لمجلس وزراء الصحة لدول مجلس التعاون: a group
            # word inside an office's genitive chain.
            heads += 1
            j += 1
            continue
        if heads and nisba_ahead(s, j):
            # رئيس حكومة تصريف الأعمال اللبنانية: plain words between the head and its nisba.
            heads += 1
            j += 1
            continue
        office = office_after_name(s, j)
        if office is not None:
            # الشيخ عبد الله بن زايد وزير الخارجية الإماراتي، أوباما، أول رئيس أميركي:
            # a name, then its office in apposition.
            appositive = appositive or any(s.words[x] in "،," for x in range(j, office))
            j = office
            continue
        break
    if heads:
        return [], j
    return None, start


HANDS_REACH = 4  # words from أيادي to the group whose hands they are


def _hands_of(s: Sentence, j: int) -> Optional[Tuple[List[Party], int]]:
    """أيادي الغدر الحوثية، أيادي العملاء من ميليشيات الحوثي: the group named
    within a few words of "the hands", also after من, is the subject."""
    for k in range(j + 1, min(len(s.words), j + 1 + HANDS_REACH)):
        if s.is_boundary(k) or s.is_trigger(k) or s.words[k] in "،,":
            return None
        m = mention_at(s, k)
        if m is not None:
            if not m.value.can_act or m.reading.prep:
                return None
            parties, end = coordinated(s, m, acting=True)
            return parties, _past_nisbas(s, end)
    return None


def _past_nisbas(s: Sentence, k: int) -> int:
    """لجنة الصداقة الكويتية المصرية: a second nisba right after the first
    names the same body, not the object."""
    while k < len(s.words) and mention_at(s, k) is not None and mention_at(s, k).value.kind in (NISBA_SG, NISBA_PL):
        k = mention_at(s, k).end
    return k


def _after_closing_comma(s: Sentence, k: int) -> int:
    """Past the comma that closes an apposition (أوباما، أول رئيس أميركي يزور
    كينيا، القادة …), so the object is read after it."""
    for j in range(k, min(len(s.words), k + 8)):
        if s.words[j] in "،,":
            return j + 1
        if s.is_boundary(j):
            break
    return k


def _name_like(s: Sentence, k: int) -> bool:
    """A word that can be part of a personal name: no lexicon role of any kind."""
    return (s.words[k].isalpha() and not s.roles.get(k) and k not in s.actor_at
            and k not in s.modality_at and not s.is_trigger(k)
            and not s.in_projectile(k))


def office_after_name(s: Sentence, j: int) -> Optional[int]:
    """Where the office starts after a personal name at ``j`` (up to six
    words, then at most a comma and أول), if a head noun follows; else None."""
    k = j
    while k < len(s.words) and k < j + 6 and _name_like(s, k):
        k += 1
    if k == j:
        return None
    if k < len(s.words) and s.words[k] in "،,":
        k += 1
    if k < len(s.words) and s.words[k] in ("اول", "ثاني"):
        k += 1
    return k if k < len(s.words) and s.has_role(k, "head") else None


def more_titled_subjects(s: Sentence, parties: List[Party], k: int) -> Tuple[List[Party], int]:
    """الرئيس الفرنسي ماكرون والمستشار الألماني شولتس: after a subject and
    a name, و + a head noun starts another subject of the same verb."""
    j = k
    plain = 0
    while j < len(s.words) and plain < 3 and not s.roles.get(j) and j not in s.actor_at \
            and s.words[j].isalpha() and not s.words[j].startswith("و"):
        j += 1
        plain += 1
    if j < len(s.words) and s.words[j].startswith("و") and s.has_role(j, "head"):
        more, end = subject_after(s, j - 1)
        if more:
            return parties + more, end
    return parties, k


NISBA_AHEAD_REACH = 4  # plain words of an office's genitive before its nisba (وزير شؤون الشرق الأوسط البريطاني)


def nisba_ahead(s: Sentence, j: int) -> bool:
    """A nisba (or a state's name) within a few words, with only plain words before it."""
    for k in range(j, min(len(s.words), j + NISBA_AHEAD_REACH)):
        m = mention_at(s, k)
        if m is not None:
            # القوات المسلحة السعودية: a state's name serves as its nisba here,
            # but not past three words (اتهمت وحدات الحماية الكردية تنظيم داعش).
            if m.value.kind not in (NISBA_SG, NISBA_PL) and k >= j + 3:
                return False
            return m.value.can_act and (m.value.kind in (NISBA_SG, NISBA_PL) or not m.reading.prep)
        if (s.is_boundary(k) or any(s.has_role(k, r) for r in PREPOSITION_ROLES + CLAUSE_ROLES)
                or (s.has_role(k, "act") and not is_definite(s.words[k]))  # المفتي قيام مستوطن إسرائيلي
                or (s.has_role(k, "act") and s.words[k][:1] in ("ب", "ل"))  # البرلمان العربي بالاستفزازات الإسرائيلية
                or k in s.modality_at or s.is_trigger(k)
                or s.in_projectile(k) or s.has_role(k, "nonstate")):  # رئيس رابطة العلماء الأردنية: a league's nisba
            return False  # أدان مجلس الوزراء استمرار الانتهاكات الإسرائيلية: the object's nisba
    return False


def feminine_verb(word: str) -> bool:
    """قصفت، أطلقت (past, third person feminine); not a plural past (قصفوا)."""
    bare = word[1:] if word[:1] in ("و", "ف") and len(word) > 4 else word
    # (a plural noun ends in ات too; بدأت، نشأت normalise to بدات)
    return bare.endswith("ت") and not bare.endswith("وت") and not (bare.endswith("ات") and len(bare) > 4)


def head_under_preposition(s: Sentence, m: Match) -> bool:
    """A nisba whose head noun right before it carries a preposition
    (بالرئيس المصري، للملك الأردني): the phrase is governed, not a subject."""
    if m.value.kind not in (NISBA_SG, NISBA_PL) or m.start == 0 or not s.has_role(m.start - 1, "head"):
        return False
    head = s.words[m.start - 1]
    return head[:1] in "بلك" and any(r.prep for r in analyses(head))


def subject_before(s: Sentence, i: int) -> Optional[List[Party]]:
    """The actor just before a verb (SVO), or the antecedent of إنها / أنهم."""
    j = i - 1
    while j >= 0 and s.has_role(j, "skip"):
        j -= 1
    if j < 0 or s.is_boundary(j):
        return None
    m = s.actor_at.get(j)
    if m is not None and m.value.kind in (NISBA_SG, NISBA_PL) and m.start > 0 and s.in_projectile(m.start - 1) \
            and not is_definite(s.words[m.start]):
        return None  # صاروخا روسيا أُطلق: the weapon's nisba, not the subject (but المدفعية الإسرائيلية قصفت)
    if m is not None and m.value.can_act and not m.reading.prep and not governed(s, m.start) \
            and not head_under_preposition(s, m):
        return group_ending_at(s, m)
    if s.has_role(j, "relative"):
        if s.words[j] in ("الذي", "الذين") and feminine_verb(s.words[i]):
            # تنظيم الدولة الذي قصفت (أنقرة) مواقع له، العراقيين الذين قصفت مدنهم:
            # the verb does not agree with it
            return None
        # قرار مجلس الأمن الذي يدين …: the antecedent is the subject.
        k = j - 1
        while k >= 0 and k >= j - 3 and not s.is_boundary(k):
            m = s.actor_at.get(k)
            if m is not None:
                return group_ending_at(s, m) if m.value.can_act else None
            k -= 1
        return None
    if s.words[j] in ("ان", "وان") and j > 0:
        m = s.actor_at.get(j - 1)
        if m is not None and m.value.can_act and m.reading.prep in ("", "ل"):
            return group_ending_at(s, m)  # وسبق للمملكة أن أدانت
    if s.has_role(j, "pronoun") or s.words[j] in ("ان", "وان") or possessed_head(s, j):
        return reporter_subject(s, j)
    return _subject_phrase_ending_at(s, j)


def _subject_phrase_ending_at(s: Sentence, j: int) -> Optional[List[Party]]:
    """The coded head of a subject phrase that ends at ``j``, right before its
    verb: الحوثيين وقوات صالح استهدفوا، مسلحي الحوثي وقوات صالح أطلقوا، السفير
    الأمريكي لدى السعودية جوزيف ويستفول أدان. Walks back over names, head nouns,
    و-conjuncts and one place phrase to the phrase's start (a clause boundary,
    إن / أن, or a reporting verb); the first coded mention not inside a
    preposition's phrase is the subject."""
    k = j
    found: Optional[Match] = None
    while k >= 0 and k > j - 10:
        if s.is_boundary(k) or s.words[k] in COMPLEMENTISERS or s.has_role(k, "report") \
                or s.is_trigger(k) or k in s.modality_at:
            break
        m = s.actor_at.get(k)
        if m is not None:
            if m.value.can_act and not m.reading.prep and not governed(s, m.start) \
                    and not head_under_preposition(s, m):
                found = m
            k = m.start - 1
            continue
        if not (_name_like(s, k) or s.has_role(k, "head") or s.has_role(k, "location")
                or s.has_role(k, "nonstate") or s.words[k] == "و"):
            return None
        k -= 1
    starts_clause = k < 0 or s.is_boundary(k) or s.words[k] in COMPLEMENTISERS or s.has_role(k, "report")
    if found is None or not starts_clause:
        return None
    return coordinated(s, found, acting=True)[0]


def earlier_actor(s: Sentence, i: int) -> List[Party]:
    """The first acting, ungoverned actor of the sentence before token ``i``."""
    for m in s.actors:
        if m.start >= i:
            break
        if m.value.can_act and not m.reading.prep and not governed(s, m.start):
            return [party(m)]
    return []


def pronoun_subject(s: Sentence, i: int) -> Optional[List[Party]]:
    """أعلنت كتائب القسام أنها قصفت تل أبيب: a subject pronoun right before
    the verb names the subject, and what follows the verb is its object."""
    j = i - 1
    while j >= 0 and s.has_role(j, "skip"):
        j -= 1
    if j >= 0 and (s.has_role(j, "pronoun") or possessed_head(s, j)):
        return reporter_subject(s, j)
    return None


def possessed_head(s: Sentence, j: int) -> bool:
    """قواتها، جيشه، دفاعاتها: a head noun whose owner is an earlier actor."""
    for r in analyses(s.words[j]):
        if r.suffix in ("ه", "ها", "هم", "نا") and r.stem in s.lx.heads:
            return True
    return False


def group_ending_at(s: Sentence, last: Match) -> List[Party]:
    parties = [party(last)]
    k = last.start
    while k > 0:
        prev = s.actor_at.get(k - 1)
        if last.reading.conj == "و" and prev is not None and prev.value.can_act:
            parties.insert(0, party(prev))
            last = prev
            k = prev.start
            continue
        break
    return parties


def reporter_subject(s: Sentence, j: int) -> Optional[List[Party]]:
    """قالت موسكو إنها …: the subject of the nearest reporting or controlling verb."""
    k = j - 1
    while k >= 0:
        if s.has_role(k, "report") and any(r.suffix for r in analyses(s.words[k])) and k > 0:
            # نقلت الوكالة عن الحرس الثوري قوله إنه …: the speaker precedes قوله.
            m = s.actor_at.get(k - 1)
            if m is not None and m.value.can_act:
                return group_ending_at(s, m)
        if s.has_role(k, "report") or k in s.modality_at and any(
                r["controls"] == "yes" for r in s.modality_at[k]):
            parties, _ = subject_after(s, k)
            if parties:
                return parties
            parties = subject_before(s, k)
            if parties is None:
                # صعّدت جماعة الحوثي هجماتها، إذ أعلنت أنها أطلقت: a reporting verb
                # without its own subject continues the sentence's topic.
                return earlier_actor(s, k) or None
            return parties
        if s.words[k] in "،,":
            return None
        k -= 1
    # السعودية: ندين …: a headline quotes the party before its colon.
    return [party(s.speaker)] if s.speaker is not None else None


def verb_subject(s: Sentence, k: int) -> Optional[List[Party]]:
    """The subject of the verb at ``k``: after it (VSO), else before it (SVO)."""
    subj, _ = subject_after(s, k)
    return subj if subj is not None else subject_before(s, k)


def controller_subject(s: Sentence, k: int) -> Optional[List[Party]]:
    """The doer named by a controlling word: its subject, or for اتهم
    (اتهمت أوكرانيا روسيا بإطلاق) its object."""
    subj, after = subject_after(s, k)
    if any(r["controls"] == "object" for r in s.modality_at.get(k, [])):
        end = clause_end(s, k, 8)
        for j in range(after if subj is not None else k + 1, end):
            doers = acting_parties(s, mention_at(s, j))
            if doers:
                return doers
        return None
    return subj if subj is not None else subject_before(s, k) or None


def verb_with_object(s: Sentence, k: int) -> bool:
    """شنته، أجرتها، تمارسه: after a relative pronoun, a verb carrying the
    pronoun of the antecedent, so the phrase after it is the doer."""
    if k >= len(s.words) or k in s.actor_at or s.is_boundary(k):
        return False
    for r in analyses(s.words[k]):
        if r.suffix in ("ه", "ها", "هما", "هم") and not r.article and not r.prep and (
                len(r.stem) >= 3 or r.stem in s.lx.support_verbs):
            return True
    return False


def _agrees_to(s: Sentence, k: int, j: int) -> bool:
    """Only adjectives of the act noun at ``k`` stand before ``j``: definite
    after a definite noun (الأنشطة المؤذية), indefinite adjectives after an
    indefinite one (أعمال بربرية)."""
    if is_definite(s.words[k]):
        return all(is_definite(s.words[x]) and not s.roles.get(x) for x in range(k + 1, j))
    return all(not is_definite(s.words[x]) and is_adjective(s.words[x]) and not s.roles.get(x)
               for x in range(k + 1, j))


# Launch verbs and nouns whose direct object is the target (قصفت إسرائيل غزة).
DIRECT_OBJECT_LAUNCH = cue_words("direct_object_launch")


def fired_at(s: Sentence, k: int) -> bool:
    """The word at ``k`` is a launch that takes what it hits as its object
    (قصف، استهداف): a city right after it is where the fire fell. After إطلاق
    a city is who fired (إطلاق بيونغ يانغ صاروخا)."""
    return any(t.index == k and t.event_type == LAUNCH and t.reading.stem in DIRECT_OBJECT_LAUNCH
               for t in s.triggers)


def la_party(s: Sentence, k: int) -> bool:
    """A ل-phrase at ``k``: what an act was done to (قصف موسكو لكييف، لمدينة خاركيف)."""
    return k < len(s.words) and not s.has_role(k, "boundary") and any(r.prep == "ل" for r in analyses(s.words[k]))


def capital_hit(s: Sentence, k: int, m: Match) -> bool:
    """The capital ``m`` right after the launch at ``k`` is where its fire
    fell (قصف كييف), not who fired: unless a ل-phrase follows (قصف موسكو
    لكييف) or the launch does not take what it hits as its object."""
    return m.value.kind == CAPITAL and fired_at(s, k) and not la_party(s, m.end)


def act_agent(s: Sentence, k: int) -> List[Party]:
    """The doer named right after an act noun, before any preposition.

    Right after the noun any actor is the doer (إطلاق إيران، اعتداءات ميليشيا
    الحوثي). Further on only a nisba is, as the adjective of the act or of
    its doer (القصف الصاروخي الروسي، اقتحام المستوطنين الإسرائيليين،
    اقتحام وزير الأمن القومي الإسرائيلي); a name there is the act's object
    (تزويد الغرب أوكرانيا).
    """
    if s.has_role(k, "patient_act"):
        return []  # اغتيال النائب العام المصري: the genitive is whom it befell
    j = k + 1
    plain = 0
    # تصريحات نوري المالكي نائب رئيس جمهورية العراق: a person's name, then
    # an office whose genitive names the state.
    if k + 2 < len(s.words) and s.words[k + 1].endswith(("ته", "تها", "وه", "وها")) and not is_definite(s.words[k]):
        # هجوما بدأته تركيا: an indefinite act, then a verb with its pronoun and the doer.
        doers = acting_parties(s, mention_at(s, k + 2))
        if doers:
            return doers
    office = office_after_name(s, k + 1) if k + 1 < len(s.words) and s.words[k + 1] not in "،," else None
    while j < len(s.words) and j <= k + 6 + (4 if office else 0):
        if s.is_boundary(j) or s.has_role(j, "relative") or (
                j not in s.actor_at and any(s.has_role(j, r) for r in PREPOSITION_ROLES + ("participant",))):
            return []
        cue = j + 1 if s.words[j] in ("لا", "ولا") and j + 1 < len(s.words) else j  # ولا سيما
        if s.words[cue] in _ESPECIALLY and j > k + 1:
            # ممارسات الحركات المتطرفة وخصوصا تنظيم داعش: the doers told in
            # general, then one of them by name.
            return acting_parties(s, first_mention(s, cue + 1, min(len(s.words), cue + 1 + ESPECIALLY_REACH)))
        m = mention_at(s, j)
        if m is not None:
            in_office = (office is not None and office < j and all(s.has_role(x, "head") for x in range(office, j))) or (
                j > k + 1 and all(s.has_role(x, "head") for x in range(k + 1, j)))  # تصريحات نائب رئيس جمهورية العراق
            if m.value.can_act and not m.reading.prep and (
                    j == k + 1 or m.value.kind in (NISBA_SG, NISBA_PL) or in_office):
                if j == k + 1 and capital_hit(s, k, m):
                    return []  # قصف كييف: the city shelled; قصف موسكو لكييف، تصريحات طهران: the state
                return coordinated(s, m, acting=True)[0]
            if m.value.can_act and m.reading.prep == "ل" and j - k <= 3 and _agrees_to(s, k, j) and \
                    not any(r.stem in _RECIPIENT_ACTS for r in analyses(s.words[k])):
                return coordinated(s, m, acting=True)[0]  # الأنشطة المؤذية لإيران، أعمال بربرية لتنظيم داعش
            return []
        if not is_adjective(s.words[j]) and any(
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


def agent_in(s: Sentence, i: int) -> List[Party]:
    """The doer named after an act: الذي شنته X، التي أجرتها X، من قبل X."""
    end = clause_end(s, i, MAX_OBJECT_REGION)
    k = i + 1
    while k < end:
        if s.has_role(k, "agent"):
            m = first_mention(s, s.role_end.get(k, k + 1), end)
            return coordinated(s, m, acting=True)[0] if m else []
        if s.has_role(k, "relative") and k + 1 < end:
            if verb_with_object(s, k + 1):
                subj, _ = subject_after(s, k + 1)
                return subj or []
            return []
        k += 1
    return []
