"""Targets and places: at whom a launch was aimed, whose act is condemned.

A launch's target follows على / باتجاه / نحو …, an aiming word (لاستهداف),
or is the direct object of قصف / استهدف; a place resolves to its country
through the gazetteer. A condemnation's target is the doer of the condemned
act, never its victim: الهجوم الذي استهدف مسجدا names no target.
"""
from __future__ import annotations

from typing import List, Tuple

from transforms.gazetteer import CAPITAL, NAME, NISBA_PL, NISBA_SG, PLACE

from transforms.extractor.parties import (
    MAX_OBJECT_REGION, act_agent, coordinated, earlier_actor, party, subject_after, verb_with_object)
from transforms.extractor.sentence import (
    PREPOSITION_ROLES, PUNCT_BOUNDARY, Party, Sentence, clause_end, clause_start, first_mention, governed,
    is_adjective, is_definite, mention_at)
from transforms.tokens import analyses
from transforms.lexicon import cue_words

_TIME_PREPOSITIONS = cue_words("time_prepositions")
_PLACE_KINDS = (PLACE, NAME, CAPITAL)
_RESUMPTIVE = cue_words("resumptive")
_ISSUED = cue_words("issued")
# التصريحات الصادرة عن …، وصدورها من …: the participle or noun of issuing.
_ISSUING = cue_words("issuing")
_PLURAL_SETTLEMENTS = cue_words("plural_settlements")
TARGET_REACH = 7
LAUNCH_CLAUSE_REACH = 20  # أُطلقت بعد ظهر أمس الجمعة من مخيم المغازي … باتجاه البلدات الإسرائيلية  # على مواقع لحزب العمال الكردستاني في شمال العراق


def known_place(s: Sentence, j: int) -> List[Party]:
    """المدينة، البلدة، المحافظة at ``j``: the place the sentence named before
    it, when the word carries the article and no name follows it."""
    if not s.has_role(j, "known_place") or not is_definite(s.words[j]) or j + 1 in s.actor_at:
        return []
    for k in range(j - 1, -1, -1):
        m = s.actor_at.get(k)
        if m is not None and m.value.kind in _PLACE_KINDS and m.value.code in s.lx.gazetteer.state_codes:
            return [party(m)]
    return []


def place_before(s: Sentence, i: int) -> List[Party]:
    """The place nearest before ``i`` that a state owns: what an object
    pronoun on a launch verb points back to (معضمية الشام … قصفتها)."""
    for k in range(i - 1, -1, -1):
        m = s.actor_at.get(k)
        if m is not None and m.start == k and m.value.kind in _PLACE_KINDS \
                and m.value.code in s.lx.gazetteer.state_codes:
            return [party(m)]
    return []


def unnamed_settlement(s: Sentence, i: int) -> List[Party]:
    """قصفت قوات النظام بلدة زبدين … ريف دمشق: a town the gazetteer does not
    know, fired at, lies in the one state the sentence names by a place or
    its name (a nisba describes people or forces, not where a town is; a
    capital may name a castle or a street: قلعة القاهرة in Taiz)."""
    end = clause_end(s, i, 14)
    for j in range(i + 1, end - 1):
        if s.has_role(j, "origin"):
            return []
        if j in s.actor_at:
            continue  # the doer between verb and object (قصفت قوات النظام بلدة …)
        if not s.has_role(j, "settlement") or is_definite(s.words[j]) or s.words[j] in _PLURAL_SETTLEMENTS:
            continue  # مناطق تمتد …: a plural takes no single name
        name = j + 1
        if not s.words[name].isalpha() or s.roles.get(name) or name in s.actor_at or s.is_trigger(name) \
                or is_adjective(s.words[name]):
            continue  # مناطق سكنية، مناطق في بلدتي نبل: no name here; a later noun may have one
        if j > 0 and s.has_role(j - 1, "origin"):
            return []
        states = {m.value.code for m in s.actors
                  if m.value.kind in (PLACE, NAME) and m.value.code in s.lx.gazetteer.state_codes}
        if len(states) != 1:
            return []
        return [Party(states.pop(), j, name + 1)]
    return []


_HOME_FRONT = cue_words("home_front_groups")
_FRONTIER = cue_words("frontier")
UNDERGO_REACH = 12  # words between a verb of undergoing and the launch noun it takes


def home_settlement(s: Sentence, i: int, actors: List[Party]) -> List[Party]:
    """قام المسلحون الحوثيون بالقصف … على حي الروضة، تعرضت قرية السلامية
    لقصف من الميليشيات الحوثية: a group fighting at home fires on a named
    town, village or quarter of its own state when the sentence names no
    other state; the settlement and its name are the target's text."""
    codes = {a.code for a in actors}
    if len(codes) != 1:
        return []
    code = codes.pop()
    bases = s.lx.group_bases.get(code, ())
    if code not in _HOME_FRONT or len(bases) != 1:
        return []
    home = next(iter(bases))
    states = s.lx.gazetteer.state_codes
    if any(m.value.code in states and m.value.code != home for m in s.actors):
        return []
    lo = clause_start(s, i)
    undergone = [k for k in range(max(0, i - UNDERGO_REACH), lo) if s.has_role(k, "undergo")]
    if undergone:
        lo = undergone[-1]  # تعرضت قرية السلامية التي تم تحريرها … إلى قصف: the subject of the verb of undergoing
    for j in range(lo, clause_end(s, i, 14)):
        if not s.has_role(j, "settlement") or (j > 0 and s.has_role(j - 1, "origin")):
            continue  # not من قرية …: where the fire came from
        name = j + 1
        if name >= len(s.words) or s.words[name] in _FRONTIER:
            return []  # المناطق الحدودية: either side of the border
        if is_definite(s.words[j]):
            continue  # القرية، الأحياء السكنية: told in an earlier sentence
        if s.words[name].isalpha() and not s.roles.get(name) and not s.is_trigger(name) and \
                (is_definite(s.words[name]) or not is_adjective(s.words[name])):
            # حي الروضة، قرية السلامية (a definite word after the bare noun is
            # its name, however it ends), not مناطق سكنية.
            return [Party(home, j, name + 1)]
    return []


def casualties_of(s: Sentence, i: int) -> List[Party]:
    """مقتل جندي تركي في هجوم بقاذفة صواريخ، استشهاد جنديين سعوديين بقذيفة:
    the state whose people the launch at ``i`` killed or wounded, named in
    its clause: the state it was fired at."""
    lo, hi = clause_start(s, i), clause_end(s, i, 12)
    if lo < i and s.has_role(lo, "cause"):
        lo = clause_start(s, lo)  # مقتل خمسة في مدينة سبها الليبية إثر سقوط قذيفة: the cause joins them
    for k in range(lo, hi):
        if not s.has_role(k, "casualty") or s.is_trigger(k):
            continue
        if k < i:
            # مقتل امرأة وثلاثة أطفال في مخيم درعا جراء قصف، استشهد شاب برجلاء نجران
            # بعد أن أصابه مقذوف: where they were hit.
            for j in range(k + 1, i):
                m = s.actor_at.get(j)
                if m is not None and m.start == j and (m.value.kind == PLACE or _town_nisba(s, m)):
                    return [party(m)]
        for j in range(k + 1, min(hi, k + 5)):
            m = s.actor_at.get(j)
            if m is not None and m.start == j and m.value.kind == PLACE and s.has_role(j - 1, "people"):
                return [party(m)]
            if m is not None and m.start == j and m.value.code in s.lx.group_bases and not m.reading.prep:
                # مقتل سبعة من قادة تنظيم داعش بقصف مدفعي: the group whose men
                # were killed was fired at (the merge drops its host state).
                return [party(m)]
            if m is not None:
                break
    return []


def _town_nisba(s: Sentence, m) -> bool:
    """مدينة سبها الليبية: a state nisba after a town noun and its name."""
    return m.value.kind == NISBA_SG and any(s.has_role(x, "settlement") for x in range(max(0, m.start - 2), m.start))


def held_by(s: Sentence, start: int, end: int) -> List[Party]:
    """مواقع متعددة بالقرب من الحدود السعودية تتواجد بها عناصر من ميليشيات الحوثي:
    places told by who holds them (role ``hold`` + فيها / بها / عليها) were
    fired at as that party's, whatever else the place phrase names first.
    After a relative pronoun the clause must describe a place noun (المواقع
    التي يسيطر عليها), not a named town (بلدة جرابلس التي يسيطر عليها)."""
    for k in range(start + 1, end - 1):
        if not s.has_role(k, "hold"):
            continue
        if s.has_role(k - 1, "relative"):
            held = k - 2 >= 0 and k - 2 not in s.actor_at and (
                s.has_role(k - 2, "place") or s.has_role(k - 2, "settlement"))
        else:
            held = any(s.has_role(x, "place") or s.has_role(x, "settlement") for x in range(max(start, k - 8), k))
        if not held:
            return []
        m = first_mention(s, s.role_end.get(k, k + 2), min(len(s.words), k + 6))
        if m is not None and m.value.can_be_target and not m.reading.prep:
            return coordinated(s, m, acting=False)[0]
        return []
    return []


def launch_targets(s: Sentence, start: int, trigger: int = -1) -> List[Party]:
    """What a launch was aimed at: the phrase after على / باتجاه / نحو …

    على أراضيها points back to the party the sentence is about: the actor
    named before the trigger (أدانت باكستان الضربات الإيرانية على أراضيها).
    """
    end = clause_end(s, start - 1, LAUNCH_CLAUSE_REACH)
    k = start
    while k < end:
        if s.has_role(k, "aim") and k not in s.actor_at:
            # لاستهداف الأعيان المدنية بخميس مشيط: the place named after the aim.
            for j in range(k + 1, min(end, k + 1 + TARGET_REACH + 2)):
                m = mention_at(s, j)
                if m is not None and m.value.can_be_target and governed(s, j) != "origin":
                    return coordinated(s, m, acting=False)[0]
        if s.has_role(k, "target") and not s.has_role(k, "agent"):
            reach = min(end, k + 1 + TARGET_REACH)
            if k + 1 < len(s.words) and trigger >= 0 and possessed_place(s, k + 1):
                return earlier_actor(s, trigger)
            holder = held_by(s, k, end)
            if holder:
                return holder
            j = k + 1
            while j < reach:
                m = mention_at(s, j)
                if m is not None and m.value.can_be_target:
                    return coordinated(s, m, acting=False)[0]
                if s.has_role(j, "origin") or s.has_role(j, "target") or s.has_role(j, "participant"):
                    break  # على الحدود مع سوريا: the neighbour names the border, it is not fired at
                back = known_place(s, j)
                if back:
                    return back
                j += 1
            return []
        k += 1
    return []


def place_after(s: Sentence, start: int, roles: Tuple[str, ...]) -> List[Party]:
    """The first place after a preposition of one of ``roles``, within reach;
    not past a من phrase (من داخل اليمن is where the fire came from)."""
    end = clause_end(s, start - 1, 10)
    for k in range(start, end):
        if s.has_role(k, "origin") and k not in s.actor_at:
            return []
        if any(s.has_role(k, r) for r in roles) and k not in s.actor_at:
            for j in range(k + 1, min(end, k + 1 + TARGET_REACH)):
                m = mention_at(s, j)
                if m is not None and m.value.can_be_target:
                    return coordinated(s, m, acting=False)[0]
            return []
    return []


def place_fired_at(s: Sentence, start: int) -> List[Party]:
    """The named place in a في / وسط / داخل phrase after a launch, when no target
    was named otherwise (قصفوا أحياء في تعز). Not past a من phrase (fired from
    there), not a time phrase (خلال), and only a place, a state's name or its
    capital: a nisba there describes something else (خلال الهجوم الإيراني)."""
    end = clause_end(s, start - 1, 10)
    origin_code = None
    k = start
    while k < end:
        if s.has_role(k, "origin") and origin_code is None:
            # أطلقت من الجانب اليمني في مناطق … بمنطقة نجران: a short من phrase
            # closed by the state fired from; the place after it is where it fell.
            m = first_mention(s, k + 1, min(end, k + 4))
            if m is None or m.value.code not in s.lx.gazetteer.state_codes:
                return []
            origin_code, k = m.value.code, m.end
            end = clause_end(s, k - 1, 10)
            continue
        if s.has_role(k, "origin") or s.words[k] in _TIME_PREPOSITIONS:
            return []
        if s.has_role(k, "location") and k not in s.actor_at:
            for j in range(k + 1, min(end, k + 1 + TARGET_REACH)):
                if s.has_role(j, "origin"):
                    return []
                m = mention_at(s, j)
                if m is not None and m.value.can_be_target and m.value.kind in _PLACE_KINDS:
                    if m.value.code == origin_code:
                        return []
                    return coordinated(s, m, acting=False)[0]
                back = known_place(s, j)
                if back:
                    return back
            return []
        k += 1
    return []


def undergoer(s: Sentence, i: int) -> List[Party]:
    """شهدت العاصمة الأوكرانية كييف هجوما صاروخيا: the subject of شهد / تعرض,
    after it or, in a subject-first clause, before it (المناطق في ديالى تتعرض لقصف).
    A comma after a time word does not end the clause (تعرض المطار أمس، لقصف)."""
    start = clause_start(s, i)
    while start >= 2 and s.words[start - 1] in "،," and s.has_role(start - 2, "skip"):
        start = clause_start(s, start - 2)
    for k in range(i - 1, start - 1, -1):
        if s.has_role(k, "undergo"):
            for j in range(k + 1, min(i, k + 6)):
                m = mention_at(s, j)
                if m is not None and m.value.can_be_target:
                    return [party(m)]
            return undergoer_before(s, k)
    return []


def undergoer_before(s: Sentence, k: int) -> List[Party]:
    """A place named before the undergoing verb at ``k``: its subject, which
    may be set off by a comma (مدينة داريا بالغوطة الغربية، تعرضت لقصف)."""
    for j in range(k - 1, max(-1, k - 9), -1):
        if s.words[j] not in "،," and (s.is_boundary(j) or s.has_role(j, "report")):
            break
        m = s.actor_at.get(j)
        if m is not None and m.value.can_be_target and m.value.kind in _PLACE_KINDS:
            return [party(m)]
    return []


_BORDER = cue_words("border")
_CRAFT = cue_words("craft")
_NEAR = cue_words("near")


def near_border(s: Sentence, j: int) -> bool:
    """قصف الطيران التركي المهربين بالقرب من الحدود العراقية: the state whose
    border a place lies near only says where; it was not fired at."""
    return j >= 2 and s.words[j - 1] in _BORDER and any(
        s.words[k] in _NEAR for k in range(max(0, j - 4), j - 1))


def _craft_nisba(s: Sentence, m) -> bool:
    """بمشاركة 50 طائرة تركية: the nisba on an aircraft or a weapon says whose
    it is, not what was fired at."""
    return m.value.kind in (NISBA_SG, NISBA_PL) and m.start > 0 and (
        s.has_role(m.start - 1, "air") or s.in_projectile(m.start - 1)
        or s.words[m.start - 1] in _CRAFT)


def craft_owner(s: Sentence, m) -> bool:
    """خلال هبوط الطائرة السعودية: a nisba on an aircraft, tank or ship, with
    or without the article, says whose the craft is (السعودية reads as the
    name, too)."""
    if m.value.kind not in (NISBA_SG, NISBA_PL, NAME) or m.start == 0:
        return False
    noun = s.words[m.start - 1]
    return noun in _CRAFT or (noun.startswith("ال") and noun[2:] in _CRAFT)


def direct_object(s: Sentence, i: int, actors: List[Party]) -> List[Party]:
    """قصفت إسرائيل غزة، استهداف الحوثيين منشآت في المملكة: the first place
    or actor after the doer, also inside a place phrase (في، ل) or a partitive
    من after a place noun (أماكن متفرقة من مدينة تعز), never after a من of origin.
    باستهداف مواقعها: a possessed place is the sentence's earlier party's."""
    if i + 1 < len(s.words) and possessed_place(s, i + 1):
        return earlier_actor(s, i)
    end = clause_end(s, i, 14)
    holder = held_by(s, i, end)
    if holder:
        return holder
    for j in range(i + 1, end):
        if j == i + 1 or (j == i + 2 and j - 1 in s.actor_at):
            # تقصف المدينة، قصف الحوثيون المدينة: the place named before.
            back = known_place(s, j)
            if back:
                return back
        m = mention_at(s, j)
        if m is None or not m.value.can_be_target:
            continue
        if any(p.start <= j < p.end for p in actors) or near_border(s, j) or _craft_nisba(s, m):
            continue
        role = governed(s, j)
        if role in ("agent", "participant") or (role == "origin" and not _partitive(s, j)):
            continue
        return coordinated(s, m, acting=False)[0]
    return []


def _partitive(s: Sentence, j: int) -> bool:
    """من after a place noun and its adjective (أماكن متفرقة من، مناطق من) picks
    out part of a place; it does not say where fire came from."""
    for k in range(j - 1, max(-1, j - 4), -1):
        if s.has_role(k, "origin"):
            return any(s.has_role(x, "place") or s.has_role(x, "site") for x in range(max(0, k - 2), k))
    return False


def possessed_place(s: Sentence, j: int) -> bool:
    return any(r.suffix in ("ها", "ه", "هم") and r.stem in s.lx.places for r in analyses(s.words[j]))


def condemned(s: Sentence, start: int) -> List[Party]:
    """The party whose act is condemned, read from the object phrase.

    Targets are: an actor that is itself the object (أدانت فرنسا روسيا);
    the doer of a condemned act, named right after the act noun
    (إطلاق إيران، القصف الروسي، اقتحام المستوطنين الإسرائيليين), as the
    agent of a relative clause (الذي شنته ميليشيا الحوثي) or after من قبل;
    and both sides after بين / مع. An actor inside a phrase led by على،
    ضد، في … is the victim or the place, and is not a target. The object
    may follow commas and adverbials (في بيان، خلال جلسته).
    """
    end = object_end(s, start)
    mode = "object"
    targets: List[Party] = []
    k = start
    while k < end:
        if s.has_role(k, "relative"):
            if k + 2 < end and s.words[k + 1] in _ISSUED and s.words[k + 2] in ("عن", "من"):
                # التصريحات التي صدرت عن مسؤولين إيرانيين: whoever issued them.
                m = first_mention(s, k + 3, min(end, k + 10))
                if m is not None and m.value.can_act:
                    return targets + coordinated(s, m, acting=True)[0]
            if verb_with_object(s, k + 1):
                subj, _ = subject_after(s, k + 1)
                if subj:
                    return targets + subj
            if k + 2 < end and s.words[k + 2] in _RESUMPTIVE:
                # الممارسات التي تقوم بها الميليشيات الحوثية: the doer after بها.
                subj, _ = subject_after(s, k + 2)
                if subj:
                    return targets + subj
            mode = "relative"  # الذي استهدف مسجدا: what follows is the victim
            k += 1
            continue
        if mode == "act" and s.words[k] in _ISSUING and k + 1 < end and s.words[k + 1] in ("عن", "من"):
            # التصريحات غير المسؤولة وصدورها من مسؤول في دولة العراق: whoever issued them,
            # or the state of the official who did.
            m = first_mention(s, k + 2, min(end, k + 10))
            if m is not None and m.value.can_act:
                return targets + coordinated(s, m, acting=True)[0]
        if s.has_role(k, "agent"):
            m = first_mention(s, s.role_end.get(k, k + 1), end)
            if m is not None and m.value.can_act:
                return targets + coordinated(s, m, acting=True)[0]
            k = s.role_end.get(k, k + 1)
            continue
        if s.has_role(k, "participant") and mode in ("act", "participant"):
            # العلاقات بين كوريا الشمالية وروسيا: both sides of a condemned relation;
            # خلال اتصال مع الرئيس الفلسطيني before the object is only a phrase.
            mode = "participant"
            k += 1
            continue
        if s.has_role(k, "act") and k not in s.actor_at:
            agent = act_agent(s, k)
            if agent:
                return targets + agent
            mode = "act"
            k += 1
            continue
        if k not in s.actor_at and (any(s.has_role(k, r) for r in PREPOSITION_ROLES) or (
                s.words[k].startswith("ل") and not s.roles.get(k) and not s.is_boundary(k)
                and any(r.prep == "ل" for r in analyses(s.words[k])))):
            mode = "phrase"  # … لشؤون فلسطين: a genitive phrase, not the object
            k += 1
            continue
        m = mention_at(s, k)
        if m is not None:
            if mode == "participant" and m.value.can_act:
                parties, k = coordinated(s, m, acting=True)
                targets.extend(parties)
                continue
            if mode == "object" and m.value.can_act and (not m.reading.prep or k == start):
                return coordinated(s, m, acting=True)[0]
            k = m.end
            continue
        k += 1
    return targets


def object_end(s: Sentence, start: int) -> int:
    """Where a condemnation's object phrase ends: the next clause-starting
    word, reporting verb or verb trigger; commas do not end it."""
    limit = min(len(s.words), start + MAX_OBJECT_REGION)
    for k in range(start, limit):
        w = s.words[k]
        if w in PUNCT_BOUNDARY and w not in "،,-–—()":
            return k
        if s.has_role(k, "boundary") or s.has_role(k, "report") or (k > start and s.has_role(k, "express")):
            return k  # …، وأعرب رئيس الوزراء الباكستاني: another statement begins
        if k > start and any(t.index == k and t.pos == "verb" for t in s.triggers) and not (
                k == start + 1 and s.words[k].startswith("و")):
            # but تدين وتستنكر الهجوم: the second verb shares the object; and
            # أدانت فرنسا قصف روسيا: the object's first word is the act noun.
            return k
    return limit
