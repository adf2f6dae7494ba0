"""The LAUNCH frame: who fired what at whom, for one trigger.

A launch trigger (أطلق، قصف، هجوم صاروخي، اعترضت …) needs a projectile word
within its window, unless it is a shelling verb whose actor and target are
both named. The actor is read from the clause (``parties``), the target from
the phrase after the weapon (``targets``). Interceptions hand their target to
the launch verb that follows (اعترضت … صاروخا أطلقه الحوثيون باتجاه جازان).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional, Tuple

from transforms.lexicon import Match, cue_sequence, cue_words
from transforms.tokens import analyses
from transforms.extractor.events import CONDEMNATION, LAUNCH
from transforms.gazetteer import NISBA_PL, NISBA_SG, OFFICE_HOLDER, PLACE
from transforms.extractor.modality import modality_of
from transforms.extractor.parties import (
    DIRECT_OBJECT_LAUNCH, act_agent, agent_in, capital_hit, controller_subject, coordinated, earlier_actor,
    feminine_verb, party, plural_verb, pronoun_subject, reporter_subject, subject_after, subject_before, verb_subject)
from transforms.extractor.projectiles import (
    air_defence_near, projectile_after, projectile_before, projectile_class, projectile_nisba)
from transforms.extractor.sentence import (
    CLAUSE_END_PUNCT, COMPLEMENTISERS, PREPOSITION_ROLES, PUNCT_BOUNDARY, Party, Sentence, Trigger, clause_end, clause_start, first_mention, governed, is_adjective,
    SUBJECT_REACH, is_definite, mention_at, skip)
from transforms.extractor.targets import (
    casualties_of, direct_object, home_settlement, place_before, unnamed_settlement, launch_targets, place_after, place_fired_at, undergoer, undergoer_before)



_FIRE = cue_words("fire")
_GUNS = cue_words("guns")
_PARTICIPLES = cue_words("showering")  # أطلقت المدفعية النار: artillery fire
# Stems of أطلق / إطلاق, after which a false friend rejects the launch.
_ITLAQ = cue_sequence("itlaq_stems")
# Words after which a clause goes on with the sentence's subject (… حيث استهدفت،
# ارتكبت الميليشيات مجزرة بعدما أمطرت).
_CONTINUING = cue_words("continuing")


# Charges planted or driven, not fired (بعبوة ناسفة، بسيارة مفخخة، بحزام ناسف).
_PLANTED = cue_words("planted_charges")
# Imperfect launch verbs in the first person (the perfect takes نا: أطلقنا).
_FIRST_PERSON = cue_words("first_person_launch")


def _subject_after_verb(s: Sentence, i: int) -> bool:
    """استهدفَنا الحوثيون: a party right after the verb is its subject, and نا
    the object (us); with none, أطلقنا is "we launched"."""
    m = mention_at(s, i + 1) if i + 1 < len(s.words) else None
    return m is not None and m.value.can_act and not m.reading.prep


def _weapon_subject(s: Sentence, trig: Trigger, proj: Optional[Match]) -> bool:
    """A projectile phrase (and its nisba) right before an imperfect launch verb
    is the verb's subject: صواريخ روسية تضرب كييف. (Before a perfect the
    verb may be a passive: صاروخ روسي أطلق من مناطق التمرد.)"""
    if proj is None or proj.start >= trig.index or trig.reading.suffix or not trig.reading.stem.startswith(("ي", "ت")):
        return False  # (الطائرات … التي تشنها الولايات المتحدة: the weapon is the object)
    end = proj.end
    while end < trig.index and not s.roles.get(end) and (is_adjective(s.words[end]) or end in s.actor_at):
        end += 1  # صاروخ باليستي حوثي
    return end == trig.index


def _false_friend(word: str, forms) -> bool:
    """The word under its clitics (للنار، عليها), or its accusative without the
    tanwin alef (تطبيقا), is a false friend."""
    return word in forms or (word.endswith("ا") and word[:-1] in forms) or any(
        r.stem in forms for r in analyses(word))


def launch(s: Sentence, trig: Trigger, inherited_target: Dict[int, List[Party]]):
    i = trig.index
    false_friends = s.lx.false_friends.get(LAUNCH, ())
    first_person = trig.pos in ("verb", "intercept") and (trig.reading.stem in _FIRST_PERSON or (
        trig.reading.suffix == "نا" and not _subject_after_verb(s, i)))
    has_object_pronoun = bool(trig.reading.suffix) and trig.pos == "verb" and not first_person
    after_relative = i > 0 and s.has_role(i - 1, "relative")
    proj = None
    if has_object_pronoun or after_relative:
        proj = projectile_before(s, i, 6)
    if proj is None:
        proj = projectile_after(s, i, trig.window)
    if proj is None and trig.pos == "verb":
        proj = projectile_before(s, i, 3)  # عشرون صاروخا أطلقت من لبنان
    if proj is None and trig.pos == "noun" and any(s.has_role(k, "support") for k in range(max(0, i - 6), i)):
        proj = projectile_before(s, i, 6)  # قامت مدفعية الدعم … بقصف أهداف
    if proj is None and trig.pos == "noun" and trig.reading.prep == "ب" and \
            any(s.has_role(k, "support") for k in range(max(0, i - 8), i)):
        proj = projectile_before(s, i, 8)  # قامت مدفعية الدعم التابعة لقيادة القوات البرية، بقصف أهداف
    if proj is None and trig.needs_projectile and not (trig.default_projectile and trig.pos == "verb"):
        return None
    if trig.pos == "destroy" and not air_defence_near(s, i):
        return None
    if trig.pos == "destroy" and proj is not None and proj.start > 0 and s.has_role(proj.start - 1, "site"):
        return None  # دمر طيران التحالف عربة كاتيوشا: a launcher destroyed, nothing fired
    if trig.pos == "destroy" and proj is not None and proj.reading.stem in _GUNS:
        return None  # تدمير مدفع عيار 14: a gun destroyed, not a shell brought down
    if trig.pos == "noun" and i > 0 and s.has_role(i - 1, "site"):
        return None  # منصات إطلاق القذائف: where launches come from, not a launch
    if i > 0 and s.words[i - 1].startswith("ل") and s.words[i - 1][1:] in s.lx.support_verbs:
        return None  # كانت القوات تتمركز لشن قصف على الضالع: a purpose, no launch told
    if any(s.has_role(k, "sport") for k in range(max(0, i - 10), min(len(s.words), i + 10))):
        return None  # قذيفة أطلقها من منتصف الملعب: a shot at goal
    # أطلق سراح، أطلق حملة … ضد الصواريخ: a false friend between the trigger and
    # its projectile; and right after أطلق / إطلاق when the projectile came
    # before it (صاروخ … بإطلاق رصاصاته).
    after = range(i + 1, proj.start) if proj is not None and proj.start > i else (
        range(i + 1, i + 2) if trig.reading.stem.startswith(_ITLAQ) else range(0))
    if proj is not None and any(_false_friend(s.words[k], false_friends) for k in after if k < len(s.words)):
        return None
    if proj is not None and proj.start > i and any(
            s.words[k][:1] == "ب" and s.words[k][1:] in _PLANTED for k in range(i + 1, proj.start)):
        return None  # استهداف مدرعة بعبوة ناسفة، وإطلاق قذائف: a planted charge; the shells are another act
    if proj is not None and proj.start == i + 1 and proj.end < len(s.words) and \
            s.words[proj.end] not in _FIRE and _false_friend(s.words[proj.end], false_friends):
        return None  # تطلق المدافع طلقات التحية: the guns are the subject, a salute the object
    respond = trig.pos == "respond"
    answered: List[Party] = []
    if respond:
        if proj is None or not (proj.reading.prep == "ب" or proj.start == skip(s, i + 1)):
            return None  # ردت إيران على الهجوم الصاروخي: the answer to a launch
        answered = answered_fire(s, trig)
        trig = replace(trig, pos="verb")  # ردت المدفعية السعودية على …: the reply is fire
    projectile = projectile_class(s, proj) if proj else None
    if projectile == "DRONE" and any(s.has_role(k, "surveillance") for k in range(len(s.words))):
        return None  # مراقبة الطلبة … عن طريق إطلاق طائرات دون طيار: sent up to watch, not fired
    if projectile != "SATELLITE" and proj is not None and any(
            m.value[0] == "SATELLITE" and (proj.start <= m.start <= clause_end(s, proj.end, 10) or
                                           projectile == "MISSILE")
            for m in s.projectiles):
        # صاروخا حاملا من طراز لونغ مارش يحمل ثلاثة أقمار صناعية، وضع الأقمار
        # الصناعية في مداراتها بعد إطلاق الصاروخ: the payload says what was
        # launched; a plain صاروخ in a sentence about satellites carries them.
        projectile = "SATELLITE"
    if projectile == "SATELLITE" and not (trig.reading.stem.startswith(_ITLAQ) or trig.reading.stem.startswith("ارسل")):
        return None  # التجربة تنفذ بأمل تجريب القمر الصناعي: a satellite is launched, not carried out
    modality, controller = modality_of(s, trig)

    actors: List[Party] = []
    if trig.pos == "undergo":
        return _undergone(s, trig, proj, projectile, modality)
    if trig.pos in ("intercept", "destroy"):
        if _weapon_described(s, trig) or trig.reading.prep == "ل":
            return None  # … أفضل وسيلة للتصدي للنيزك: a purpose, nothing brought down
        # الجيش الإسرائيلي: اعترضنا صاروخا: the speaker intercepted.
        interceptor = (reporter_subject(s, i) if first_person else None) or verb_subject(s, i)
        targets = launch_targets(s, proj.end if proj else i + 1, i)
        if not targets:
            # أسقطت … مسيرة فوق مقاطعة كورسك: where it was brought down.
            targets = place_after(s, proj.end if proj else i + 1, ("location",))
        if not targets:
            targets = list(interceptor or [])
        actors = projectile_nisba(s, proj)
        if not actors and proj is not None:
            # تصدت لعدوان إسرائيلي بالصواريخ: the act intercepted names its doer.
            for k in range(i + 1, proj.start):
                if s.has_role(k, "act"):
                    actors = act_agent(s, k)
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
        subj = pronoun_subject(s, i)
        if subj is None and first_person:
            subj = reporter_subject(s, i)  # قال المتحدث: أطلقنا …، الحوثيون: استهدفنا …
        if subj is None and _weapon_subject(s, trig, proj):
            # مسيرات أوكرانية تستهدف موسكو: the weapon is the subject and its
            # nisba the firer; what follows the verb is what it hits.
            subj = projectile_nisba(s, proj)
        if subj is None and not trig.reading.suffix and _after_complementiser(s, i):
            # إن دبابات المقاومة في الضالع قصفت ميليشيات الحوثي: after إن and its
            # noun the verb's subject stands before it; what follows is the object.
            subj = subject_before(s, i) or []
        if subj is None and not plural_verb(trig) and not (i > 0 and s.has_role(i - 1, "pronoun")):
            # وهو يقصف ليبيا: after a subject pronoun, what follows is the object.
            subj, _ = subject_after(s, i)
        if subj is None and not has_object_pronoun:
            subj = subject_before(s, i)
        if subj is None and trig.reading.conj == "و":
            # يشن غارات جوية ويقصف بالمدفعية: a coordinated verb shares its neighbour's subject.
            subj = _coordinated_verb_subject(s, i)
        if subj is None and trig.reading.stem in _PARTICIPLES:
            # وبدأ نظام الأسد وميليشيا حزب الله الحملة …، ممطرين المدينة بالقذائف:
            # a participle of state goes on with the sentence's subject.
            first = earlier_actor(s, i)
            subj = (coordinated(s, mention_at(s, first[0].start), acting=True)[0] if first else None)
        if subj is None and i > 0 and s.words[i - 1] in _CONTINUING and not (
                i > 1 and s.words[i - 1] == "حين" and s.words[i - 2] == "في"):
            # (في حين "whereas" brings a new subject: في حين استهدفت الفصائل المعارضة)
            # القوات التونسية تنفذ عمليات …؛ حيث استهدفت بقصف مدفعي: the clause goes on
            # with the sentence's subject.
            subj = earlier_actor(s, i) or None
        if subj is None and i > 0 and s.words[i - 1] == "الذي" and feminine_verb(s.words[i]):
            # بدأت أنقرة مهاجمة تنظيم الدولة الذي قصفت مواقع له: the feminine verb
            # goes with the clause's earlier subject, not the masculine antecedent.
            subj = _verb_initial_subject(s, i - 1, feminine=True)
        if subj is None and controller is not None:
            # تواصل إسرائيل قصفها: the controlling verb's subject does the act.
            subj = controller_subject(s, controller)
        actors = subj or []
    else:
        actors = act_noun_actor(s, trig, proj, controller)
        if not actors and _by_means_of(s, i):
            # النظام السوري ومعه حزب الله يعطيان الأولوية للمعركة … عبر تشديد الحصار
            # عليها والاستمرار في قصفها: the means of the clause's subject.
            first = earlier_actor(s, i)
            actors = coordinated(s, mention_at(s, first[0].start), acting=True)[0] if first else []
    if not actors and not (proj is not None and proj.start < i and trig.pos == "verb" and not trig.reading.suffix):
        # صواريخ روسية with no firer named; but صاروخا روسيا أُطلق من مناطق التمرد
        # (the weapon told first, its launch passive): where it was made
        actors = projectile_nisba(s, proj)
    if not actors:
        actors = fired_from_positions(s, i)  # القصف … من مواقع قوات الأسد
    if not actors and proj is not None:
        actors = _sender_after(s, proj)  # خمس قذائف، أرسلتها أيادي الغدر الحوثية
    if not actors and trig.pos in ("verb", "noun") and bare_force_doer(s, i):
        # أعلن مكتب رئيس الحكومة التركية … أن مدفعيات الدعم قامت بقصف أهداف:
        # a state telling of "the artillery" tells of its own.
        actors = own_force_state(s, i)
    # تعرض مطار عدن لقصف صاروخي خلال هبوط الطائرة السعودية: what underwent the
    # launch noun is its target, before any party named after it.
    targets = undergoer(s, i) if trig.pos == "noun" and trig.reading.prep == "ل" else []
    if not targets:
        targets = launch_targets(s, proj.end if proj and proj.start > i else i + 1, i)
    if not targets and proj is not None and proj.start > i + 1:
        # نفذته ميليشيات على مطار أربيل بطائرات مسيرة: the target before the weapon.
        targets = launch_targets(s, i + 1, i)
    if not targets and trig.reading.stem in DIRECT_OBJECT_LAUNCH:
        targets = direct_object(s, i, actors)
    if not targets:
        targets = undergoer(s, i)
    if not targets:
        targets = inherited_target.get(i, [])
    if not targets:
        targets = casualties_of(s, i)
    if not targets and has_object_pronoun and projectile != "SATELLITE":
        targets = place_before(s, i)  # … معضمية الشام القريبة من داريا، حيث قصفتها بمدافع الهاون
    if not targets and projectile != "SATELLITE":
        targets = unnamed_settlement(s, i)
    if not targets:
        # قصف الحوثيون أحياء في تعز، بقصف مدفعي … في حي نزال وسط مدينة الفلوجة:
        # the place where the fire fell names the country fired at.
        if projectile != "SATELLITE":
            targets = place_fired_at(s, proj.end if proj and proj.start > i else i + 1)
            if not targets and proj is not None and proj.start > i + 1:
                # قصف الحوثيون عدة مناطق في المحافظة بقذائف الهاون: the place before the weapon.
                targets = place_fired_at(s, i + 1)
    if not targets and projectile != "SATELLITE":
        targets = home_settlement(s, i, actors)
    if targets:
        # مقتل خمسة من قادة تنظيم داعش بقصف … في مدينة الموصل: the group whose
        # men were killed, not the state of the place, was fired at.
        killed = casualties_of(s, i)
        bases = s.lx.group_bases.get(killed[0].code, ()) if killed else ()
        if bases and all(t.code in bases for t in targets):
            targets = killed
    targets = fired_at_parties(s, targets)
    if trig.needs_target and not targets:
        return None  # أرسلت روسيا صواريخ إلى سوريا: arms sent, not fired
    if not targets and projectile != "SATELLITE":
        targets = sole_place_state(s, i, actors)
    if not targets and respond:
        targets = answered  # ردت … على مصدر إطلاق المقذوفات من قبل الحوثيين: fire at its source
    if proj is None:
        # قصفت القوات الروسية خيرسون: shelling, when both sides are named
        # and no aircraft is.
        if not (actors and targets) or air_defence_near(s, i):
            return None
        projectile = trig.default_projectile
    return actors, targets, projectile, modality


ATROCITY_REACH = 45
VERB_INITIAL_REACH = 20
FIRED_FROM_REACH = 30
_IMPERFECT_INTERCEPT = cue_words("imperfect_intercept")


def _weapon_described(s: Sentence, trig: Trigger) -> bool:
    """صواريخ باك-3 تتصدى للطائرات وتعترض الصواريخ: a weapon named as the
    subject of an intercepting verb in the present says what it can do, not
    what it did (صواريخ باتريوت اعترضت صاروخا is an interception)."""
    i = trig.index
    if trig.reading.stem not in _IMPERFECT_INTERCEPT:
        return False
    for k in range(i - 1, max(-1, i - 8), -1):
        if s.words[k] in PUNCT_BOUNDARY and s.words[k] not in "-–":
            return False
        if any(p.end == k + 1 for p in s.projectiles) and not any(
                t.index < k and t.event_type == LAUNCH and t.pos != "intercept" for t in s.triggers
                if t.index >= k - 3):
            return True
    return False


def answered_fire(s: Sentence, trig: Trigger) -> List[Party]:
    """Who fired what a reply answers: ردت المدفعية السعودية على قذائف الغدر
    الحوثية (the nisba on the projectile), ردت القوات بالمدفعية على مصدر إطلاق
    المقذوفات … من قبل مليشيات الحوثيين (the doer of the launch noun)."""
    i = trig.index
    if trig.pos != "respond":
        return []
    end = clause_end(s, i, 20)
    k = next((k for k in range(i + 1, end) if s.has_role(k, "target")), None)
    if k is None:
        return []
    for j in range(k + 1, min(end, k + 5)):
        if any(p.start == j and p.value[1] == "noun" for p in s.projectiles):
            proj = next(p for p in s.projectiles if p.start == j)
            for x in range(proj.end, min(end, proj.end + 3)):
                m = mention_at(s, x)
                if m is not None and m.value.can_act and m.value.kind in (NISBA_SG, NISBA_PL):
                    return [party(m)]
            return []
        if any(t.index == j and t.event_type == LAUNCH and t.pos == "noun" for t in s.triggers):
            # إطلاق المقذوفات التي تنطلق من الأراضي اليمنية من قبل مليشيات الحوثيين
            for x in range(j + 1, end):
                if s.has_role(x, "agent"):
                    m = first_mention(s, s.role_end.get(x, x + 1), end)
                    return coordinated(s, m, acting=True)[0] if m is not None and m.value.can_act else []
            return agent_in(s, j)
    return []


def exchange_sides(s: Sentence, trig: Trigger) -> Optional[Tuple[List[Party], List[Party]]]:
    """تبادلت جماعة الحوثي … إطلاق نيران المدفعية مع القوات الموالية للرئيس
    هادي، تبادل للقصف المدفعي بين «جيش الفتح» وقوات النظام: an exchange of
    fire is two launches, each side at the other. The sides are the exchange
    verb's subject and the party after مع, or the parties after بين; a side the
    gazetteer cannot code is an empty list."""
    i = trig.index
    if trig.pos != "noun":
        return None
    start = clause_start(s, i)
    k = next((k for k in range(i - 1, max(start - 1, i - 10), -1) if s.has_role(k, "exchange")), None)
    if k is None:
        return None
    end = clause_end(s, i, 16)
    for j in range(k + 1, end):
        w = s.words[j]
        if w == "بين":
            m = next((mention_at(s, x) for x in range(j + 1, min(end, j + 6)) if mention_at(s, x)), None)
            if m is None:
                return [], []
            parties, _ = coordinated(s, m, acting=True)
            if len(parties) >= 2:
                return parties[:1], parties[1:]
            return parties, []
        if w in ("مع", "ومع"):
            side_a = verb_subject(s, k) or []
            # القوات المدعومة من السعودية: the backer is not a side.
            m = next((mention_at(s, x) for x in range(j + 1, min(end, j + 6))
                      if mention_at(s, x) and governed(s, x) != "origin"), None)
            side_b = coordinated(s, m, acting=True)[0] if m is not None and m.value.can_act else []
            return side_a, side_b
    return None


def anaphoric_launch(s: Sentence, trig: Trigger) -> bool:
    """A verbal noun whose projectile is definite (إطلاق الصاروخ، الهجوم
    الصاروخي) refers back to a launch told before, not a new one."""
    if trig.pos == "verb":
        return False
    proj = projectile_after(s, trig.index, trig.window)
    if any(m.value[0] == "SATELLITE" and (proj is None or m.start != proj.start) for m in s.projectiles):
        # جرى إطلاق الصاروخ الذي يحمل الأقمار الصناعية: launcher and payload
        # both named tell a space launch, not refer back to one.
        return False
    # بقصف أوكار الإرهابيين بالمدفعية، القصف بالكاتيوشا: the article of a weapon
    # after ب is generic (the instrument), not a reference back.
    return proj is None or (is_definite(s.words[proj.start]) and proj.reading.prep != "ب")


def act_noun_actor(s: Sentence, trig: Trigger, proj: Optional[Match],
                    controller: Optional[int]) -> List[Party]:
    """Who did the act a noun names: إطلاق كوريا الشمالية، الهجوم الحوثي،
    الهجوم الذي شنته ميليشيا الحوثي، أجرت كوريا تجربة، هددت بإطلاق."""
    i = trig.index
    # Genitive or nisba right after the noun, or after its projectile adjective
    # (الهجوم الصاروخي الإيراني); after a projectile noun a nisba says where the
    # weapon was made (إطلاق صواريخ كورية شمالية), not who fired it.
    after_adjective = proj.end if proj and proj.start > i and is_adjective(s.words[proj.end - 1]) \
        and proj.value[0] != "SATELLITE" else None  # أقمار صناعية بريطانية: the owner, not the launcher
    doing = _support_verb_with_subject(s, i)
    if doing is not None:
        # واصلت طائرات التحالف قصف «داعش»، قامت القوات بقصف حماس: the verb's
        # subject does the act; the name after the noun is what it hits.
        m = mention_at(s, i + 1)
        if m is not None and m.value.can_act and not m.reading.prep and m.value.kind in (NISBA_SG, NISBA_PL):
            return coordinated(s, m, acting=True)[0]  # قامت القوات بالقصف الإسرائيلي
        return verb_subject(s, doing) or []
    for j in (i + 1, after_adjective):
        if j is None or j >= len(s.words):
            continue
        m = mention_at(s, j)
        if m is not None and m.value.can_act and not m.reading.prep:
            if capital_hit(s, i, m):
                break  # أعلنت روسيا قصف كييف: the city shelled; قصف موسكو لكييف: Moscow shelled
            return coordinated(s, m, acting=True)[0]
    doer = act_agent(s, i)  # إطلاق الاحتلال الإسرائيلي صواريخ
    if doer:
        return doer
    doer = _doer_after_act(s, i)  # قصف مدفعي للحوثيين، قصف مكثف من الميليشيات الحوثية
    if doer:
        return doer
    agent = agent_in(s, i)
    if agent:
        return agent
    if controller is not None:
        subj = controller_subject(s, controller)
        if subj or any(r["controls"] == "object" for r in s.modality_at.get(controller, [])):
            return subj or []  # اتهم الجيش قوات الدعم السريع بقصف: not the accuser
    # A support verb before the noun (شن الحوثيون هجوما، بيونغ يانغ أجرت تجربة)
    # or an announcing one (أعلنت القوات اليمنية استهداف سفينة), also past an
    # aside between commas (قام المسلحون الحوثيون، أمس، بالقصف).
    start = _start_past_asides(s, i)
    for k in range(i - 1, start - 1, -1):
        if any(t.index == k and t.event_type == CONDEMNATION for t in s.triggers):
            break  # أدان الأمين العام إطلاق الصواريخ: the condemner did not launch
        if s.has_role(k, "pronoun") or s.has_role(k, "relative") or s.words[k] in COMPLEMENTISERS:
            break  # قال الجيش إنه رصد إطلاق …، قال المتحدث إن …: the speaker is not the launcher
        if s.has_role(k, "support") or s.has_role(k, "report"):
            subj = verb_subject(s, k)
            if subj is None and s.words[k].startswith("و"):
                subj = _coordinated_verb_subject(s, k)  # صعدت جماعة الحوثي … وقامت بقصف
            if not subj and s.words[k].startswith(("و", "ف")) and s.words[k].endswith(("ون", "وا")):
                # أن الحوثيين يتكبدون … الخسائر، فيلجأون إلى إطلاق المقذوفات: the
                # plural verb goes on with the subject after أن.
                subj = _complement_clause_subject(s, k) or subj
            return subj or []
    if trig.reading.prep == "ب" or (i > 0 and s.words[i - 1] == "في"):
        return _atrocity_committer(s, i)
    return []


_SENDING = cue_words("sending_verbs")
SENDER_REACH = 3  # words between a weapon and the verb that carries its pronoun


def _sender_after(s: Sentence, proj: Match) -> List[Party]:
    """استهدفت خمس قذائف عسكرية، أرسلتها أيادي الغدر الحوثية، مستشفى …: a verb
    carrying the weapon's pronoun right after it names the firer as its
    subject."""
    for k in range(proj.end, min(len(s.words), proj.end + SENDER_REACH)):
        if s.words[k] in "،," or is_adjective(s.words[k]):
            continue
        if k in s.actor_at or s.roles.get(k) or s.is_boundary(k):
            return []
        if any(r.suffix in ("ه", "ها", "هم") and not r.article and not r.prep and r.stem in _SENDING
               for r in analyses(s.words[k])):
            subj, _ = subject_after(s, k)
            return subj or []
        return []
    return []


COMPLEMENT_REACH = 10  # words of the noun phrase between إن / أن and its verb
CLAUSE_CHAIN_REACH = 20  # words from a joined plural verb back to the أن that opened its clause


def _complement_clause_subject(s: Sentence, k: int) -> Optional[List[Party]]:
    """The coded party right after the إن / أن that opened the clause chain
    of the joined verb at ``k``: its subject."""
    for c in range(k - 1, max(-1, k - CLAUSE_CHAIN_REACH), -1):
        if s.words[c] in "،,":
            continue  # the chain's clauses are joined by commas
        if s.is_boundary(c) or s.is_trigger(c) or s.has_role(c, "report") or s.words[c] in CLAUSE_END_PUNCT:
            return None
        if s.words[c] in COMPLEMENTISERS:
            m = s.actor_at.get(c + 1)
            if m is not None and m.start == c + 1 and m.value.can_act and not m.reading.prep:
                return coordinated(s, m, acting=True)[0]
            return None
    return None


def _after_complementiser(s: Sentence, i: int) -> bool:
    """The verb at ``i`` ends a clause opened by إن / أن and a noun phrase
    (قالت المصادر إن دبابات المقاومة قصفت): that phrase is its subject."""
    for k in range(i - 1, max(-1, i - COMPLEMENT_REACH), -1):
        w = s.words[k]
        if w in COMPLEMENTISERS:
            # a noun after it, or one in construct (دبابات المقاومة); not a
            # verb (أن تكون أطلقت)
            noun = s.words[k + 1]
            return k < i - 1 and (is_definite(noun) or k + 1 in s.actor_at or s.has_role(k + 1, "head") or (
                k + 2 < i and is_definite(s.words[k + 2]) and not noun.startswith(("ي", "ت", "ن", "ا"))))
        if s.is_boundary(k) or s.is_trigger(k) or w in PUNCT_BOUNDARY or s.has_role(k, "report") \
                or s.has_role(k, "relative") or s.has_role(k, "pronoun") or s.has_role(k, "support"):
            return False
    return False


def _support_verb_with_subject(s: Sentence, i: int) -> Optional[int]:
    """The support verb that governs the launch noun at ``i`` with its subject
    named between them (واصلت طائرات التحالف قصف، قام المسلحون بقصف), if any."""
    k = i - 1
    while k >= 0 and s.has_role(k, "skip"):
        k -= 1
    if k < 0 or s.has_role(k, "support"):
        return None  # the verb right before the noun: its subject is dropped or after
    start = _start_past_asides(s, i)
    for v in range(k - 1, max(start - 1, i - SUBJECT_REACH - 2), -1):
        if s.has_role(v, "support") and not s.has_role(v, "report"):
            between = [w for w in range(v + 1, i) if not s.has_role(w, "skip") and s.words[w] not in "،,"
                       and not any(s.has_role(w, r) for r in PREPOSITION_ROLES)]  # لجأوا إلى إطلاق
            return v if between else None
        if s.is_boundary(v) or s.is_trigger(v) or s.words[v] in PUNCT_BOUNDARY:
            return None
    return None


def _atrocity_committer(s: Sentence, i: int) -> List[Party]:
    """ارتكبت ميليشيات الحوثي أمس مجزرة راح ضحيتها 57 قتيلا، وأصيب نحو 225
    آخرون في قصف بصواريخ الكاتيوشا: a launch noun told as how a massacre was
    done was fired by whoever committed it, though commas stand between.
    Not past another launch, a condemnation or a new speaker."""
    for k in range(i - 1, max(-1, i - ATROCITY_REACH), -1):
        if s.words[k] in CLAUSE_END_PUNCT or s.has_role(k, "pronoun") or s.has_role(k, "report") or \
                any(t.index == k for t in s.triggers):
            return []
        if s.has_role(k, "support") and any(s.has_role(j, "atrocity") for j in range(k + 1, min(i, k + 12))):
            return verb_subject(s, k) or []
    return []


def _doer_after_act(s: Sentence, i: int) -> List[Party]:
    """The doer of a launch noun given with ل or من after its adjectives:
    قصف مدفعي للحوثيين، قصف مكثف من الميليشيات الحوثية، قصف بصاروخ من قوات
    النظام. Only an armed body or a group's name is a doer this way: after
    من a state's name or a place is where the fire came from."""
    end = clause_end(s, i, 8)
    k = i + 1
    plain = 0
    while k < end:
        w = s.words[k]
        m = mention_at(s, k)
        if m is not None and m.reading.prep == "ل" and m.value.can_act:
            return coordinated(s, m, acting=True)[0]
        if m is None and (is_adjective(w) or s.in_projectile(k) or (w.startswith("ب") and k == i + 1)):
            k += 1
            continue
        if m is None and not s.roles.get(k) and w.isalpha() and plain < 2:
            plain += 1  # قصف عنيف، قصف مكثف: a qualifying adjective
            k += 1
            continue
        if w == "من" or (w.startswith("ل") and s.has_role(k, "head")):
            j = k + 1
            head = s.has_role(k, "head") or (j < end and s.has_role(j, "head"))
            while j < end and j < k + 5:
                m = mention_at(s, j)
                if m is not None and m.value.can_act:
                    if head or m.value.code not in s.lx.gazetteer.state_codes:
                        return coordinated(s, m, acting=True)[0]
                    return []
                if not (s.has_role(j, "head") or is_adjective(s.words[j])):
                    break
                j += 1
        return []
    return []


def _coordinated_verb_subject(s: Sentence, i: int) -> Optional[List[Party]]:
    """The subject of the verb this و-verb is joined to: the nearest verb
    trigger or support verb before it in the clause, or across one comma
    (وشن طيران النظام غارات … في حلب، وقصفها بالصواريخ)."""
    commas = 0
    for k in range(i - 1, max(-1, i - 16), -1):
        if s.words[k] in "،," and commas == 0:
            commas += 1
            continue
        if s.is_boundary(k):
            return None
        if k < i - 8 and not commas:
            break
        if s.has_role(k, "support") or any(t.index == k and t.pos == "verb" for t in s.triggers):
            return pronoun_subject(s, k) or verb_subject(s, k) or None
    return _verb_initial_subject(s, i)


# Positions a force fires from: من مواقع قوات الأسد names the firer.
_POSITIONS = cue_words("positions")


def fired_from_positions(s: Sentence, i: int) -> List[Party]:
    """القصف العنيف الذي تعرض له مخيم درعا من مواقع قوات الأسد: fire from a
    force's positions was fired by that force. A partitive من after a number
    or a place noun (400 موقع من مواقع العمال الكردستاني) picks out targets."""
    end = clause_end(s, i, FIRED_FROM_REACH)
    for k in range(i + 1, end - 1):
        if s.words[k] != "من" or s.words[k + 1] not in _POSITIONS:
            continue
        if k > 0 and (s.words[k - 1].isdigit() or s.roles.get(k - 1, set()) & {"place", "site", "settlement"}):
            continue
        m = first_mention(s, k + 2, min(end, k + 6))
        if m is not None and m.value.can_act and m.value.kind != PLACE and not m.reading.prep:
            return coordinated(s, m, acting=True)[0]
    return []


def _verb_initial_subject(s: Sentence, i: int, feminine: bool = False) -> Optional[List[Party]]:
    """وفي تعز صعدت جماعة الحوثي المسلحة وأنصار صالح من عملياتها في المدينة وقامت
    بقصف: the و-verb goes on with the clause's verb-first subject, the party
    named right after a plain word (its verb) earlier in the same clause."""
    for k in range(i - 1, max(-1, i - VERB_INITIAL_REACH), -1):
        if s.is_boundary(k) or (s.is_trigger(k) and not feminine) or s.has_role(k, "report"):
            return None
        if not s.words[k].isalpha() or s.roles.get(k) or k in s.actor_at or (k in s.modality_at and not feminine) \
                or s.in_projectile(k):
            continue
        m = s.actor_at.get(k + 1)
        if (m is None and not s.has_role(k + 1, "head")) or (feminine and not feminine_verb(s.words[k])):
            continue
        parties, _ = subject_after(s, k)
        if parties:
            return parties
    return None


def _undergone(s: Sentence, trig: Trigger, proj: Optional[Match], projectile: Optional[str], modality: str):
    """تعرض مركز المسيال بقطاع ظهران الجنوب لقذائف عسكرية: the undergoer is the
    target, the projectile follows with ل; the firer, if named, is the
    projectile's nisba or comes after من قبل. With no projectile taken with ل
    (تعرضت لقصف: the noun is a trigger of its own) there is nothing to add."""
    i = trig.index
    if proj is None or proj.start <= i or proj.reading.prep != "ل":
        return None
    targets: List[Party] = []
    for j in range(i + 1, proj.start):
        m = mention_at(s, j)
        if m is not None and m.value.can_be_target and governed(s, j) != "origin":
            targets = [party(m)]
            break
    if not targets:
        targets = undergoer_before(s, i)
    actors = projectile_nisba(s, proj) or agent_in(s, proj.start)
    return actors, targets, projectile, modality


def _start_past_asides(s: Sentence, i: int) -> int:
    """The clause start before ``i``, reading through asides of time words
    between commas (، أمس ،)."""
    start = clause_start(s, i)
    while start >= 2 and s.words[start - 1] in "،,":
        k = start - 2
        while k >= 0 and s.has_role(k, "skip"):
            k -= 1
        if k < 0 or k == start - 2 or s.words[k] not in "،,":
            break
        start = clause_start(s, k)
    return start


_OWN_FORCES = cue_words("own_forces")
_FORCE_MODIFIERS = cue_words("force_modifiers")
OWN_FORCE_REACH = 8  # words between a force noun and the launch noun it does


def _bare_force(s: Sentence, k: int) -> bool:
    """A force noun (المدفعية، مدفعيات، الطيران) with no nisba, genitive or
    name after it to say whose it is."""
    if not _own_force_word(s, k):
        return False
    j = k + 1
    if j >= len(s.words) or j in s.actor_at:
        return False
    nxt = s.words[j]
    return not (nxt.isalpha() and is_definite(nxt) and nxt not in _FORCE_MODIFIERS)


def bare_force_doer(s: Sentence, i: int) -> bool:
    """The launch at ``i`` is done by a bare force noun: a verb's subject
    right after it (قصفت المدفعية), a launch noun's ل-genitive (قصف مكثف
    للمدفعية), or the subject before a support verb (مدفعيات الدعم …
    قامت بقصف)."""
    k = skip(s, i + 1)
    if k < len(s.words) and _bare_force(s, k):
        return True
    if i + 2 < len(s.words) and s.words[i + 2][:1] == "ل" and _bare_force(s, i + 2):
        return True  # قصف مكثف للمدفعية
    start = clause_start(s, i)
    for k in range(i - 1, max(start - 1, i - 1 - OWN_FORCE_REACH), -1):
        if k in s.actor_at or s.is_trigger(k):
            return False
        if _bare_force(s, k):
            return True
    return False


def own_force_state(s: Sentence, i: int) -> List[Party]:
    """Whose a bare force is: the state whose other force the sentence named
    before (قصف الطائرات التركية …، مع قصف مكثف للمدفعية), else the state
    whose statement the sentence reports (أفادت مصادر في رئاسة الوزراء
    التركية أن … قصفت المدفعية)."""
    states = s.lx.gazetteer.state_codes
    for m in reversed(s.actors):
        if m.start < i and m.start > 0 and m.value.code in states and \
                m.value.kind in (NISBA_SG, NISBA_PL) and _own_force_word(s, m.start - 1):
            return [party(m)]
    reporter = sentence_reporter(s, i)
    return reporter if reporter and all(p.code in states for p in reporter) else []


def _own_force_word(s: Sentence, k: int) -> bool:
    return any(r.stem in _OWN_FORCES for r in analyses(s.words[k]))


_SOURCES_IN = cue_words("sources_in")
REPORT_OPENING = 2  # words before a sentence's opening report verb (و، كما)


def sentence_reporter(s: Sentence, i: int) -> List[Party]:
    """The subject of the report verb that opens the sentence (أعلن مكتب
    رئيس الحكومة التركية …، وأفادت مصادر في رئاسة الوزراء التركية أن …)."""
    for k in range(min(REPORT_OPENING, i)):
        if s.has_role(k, "report"):
            parties, _ = subject_after(s, k)
            if parties is None and k + 2 < i and s.words[k + 1] in _SOURCES_IN and s.words[k + 2] == "في":
                parties, _ = subject_after(s, k + 2)  # مصادر في رئاسة الوزراء التركية
            return parties or []
    return []


def fired_at_parties(s: Sentence, targets: List[Party]) -> List[Party]:
    """The targets a launch can have: not an office holder's name, since a
    person is not fired at (المدمرة يو إس إس كارني is a ship, not Canada's
    prime minister)."""
    return [t for t in targets if not (t.start in s.actor_at and s.actor_at[t.start].value.kind == OFFICE_HOLDER)]


_BY_MEANS_OF = cue_words("by_means_of")
MEANS_REACH = 8  # words from عبر to the launch noun, through the nouns of the means


def _by_means_of(s: Sentence, i: int) -> bool:
    """عبر (or بواسطة) stands a few words before the launch noun at ``i``,
    in the same sentence part, with no verb or trigger between."""
    for k in range(i - 1, max(-1, i - 1 - MEANS_REACH), -1):
        if s.words[k] in _BY_MEANS_OF:
            return True
        if (s.words[k] in PUNCT_BOUNDARY and s.words[k] not in "،,") or s.is_trigger(k):
            return False
    return False


def sole_place_state(s: Sentence, i: int, actors: List[Party]) -> List[Party]:
    """The one state the sentence places things in (تم ضرب اثنين من المجمعات
    السكنية في تعز … المجمعات ضُربت بتسعة صواريخ): named only by places (a
    town, a region, or the state's name after في), none of them a place
    fired from, and not the firer's own."""
    states = s.lx.gazetteer.state_codes
    codes = set()
    first = None
    for m in s.actors:
        if m.value.kind != PLACE or m.value.code not in states:
            continue
        if m.start > 0 and s.has_role(m.start - 1, "origin"):
            return []  # أُطلقت من غزة: where it came from
        codes.add(m.value.code)
        first = first or m
    if len(codes) != 1 or any(a.code in codes for a in actors) or \
            any(m.value.can_act and m.value.code in codes for m in s.actors):
        return []  # القوات المسلحة التونسية … في جبل سمامة: a state acting on its own ground
    if any(m.value.code in states and m.value.kind != PLACE and m.value.code not in codes for m in s.actors):
        return []  # another state is named: which one was fired at is not told
    return [party(first)]

