"""The extractor on its own: no Beam, exact events for each rule of the guidelines."""
from datetime import date
from pathlib import Path

import pytest

from transforms.extractor import ASSERTED, default_extractor

EX = default_extractor()
SEED = (Path(__file__).parent.parent / "seeds" / "seed-article.ar.txt").read_text(encoding="utf-8")


def tuples(text, asserted_only=True, published=None):
    return sorted({e.tuple for e in EX.extract(text, published) if e.modality == ASSERTED or not asserted_only},
                  key=repr)


def by_modality(text):
    return {(e.tuple, e.modality) for e in EX.extract(text)}


def test_seed_article_comes_out_exactly_right():
    events = [e for e in EX.extract(SEED, date(2024, 1, 10)) if e.modality == ASSERTED]
    assert sorted(e.tuple for e in events) == [
        ("CONDEMNATION", "USA", "PRK"), ("CONDEMNATION", "USA", "RUS"), ("LAUNCH", "RUS", "UKR")]
    launch = next(e for e in events if e.event_type == "LAUNCH")
    assert launch.projectile == "BALLISTIC_MISSILE"
    for e in events:
        assert SEED[e.trigger_start:e.trigger_end] == e.trigger
        assert e.sentence in SEED


def test_offsets_survive_diacritics_tatweel_and_presentation_forms():
    text = "خبر أول. أدانَتْ تُركيـــا الهُجومَ الصاروخيَّ على مدينةِ أربيل شمالي العراق."
    events = EX.extract(text)
    cond = next(e for e in events if e.event_type == "CONDEMNATION")
    assert cond.trigger == "أدانَتْ" and text[cond.trigger_start:cond.trigger_end] == "أدانَتْ"
    assert cond.actor_text == "تُركيـــا" and cond.sentence_index == 1


@pytest.mark.parametrize("text, expected", [
    ("وأدانت كل من مصر والأردن والإمارات الاعتداء على المسجد الأقصى.",
     [("CONDEMNATION", "ARE", None), ("CONDEMNATION", "EGY", None), ("CONDEMNATION", "JOR", None)]),
    ("أدان البيت الأبيض إطلاق إيران صواريخ باليستية على إسرائيل، وتعهد بالرد.",
     [("CONDEMNATION", "USA", "IRN"), ("LAUNCH", "IRN", "ISR")]),
    ("قال المتحدث باسم الخارجية الصينية إن بكين تدين بشدة أي هجوم على المدنيين.",
     [("CONDEMNATION", "CHN", None)]),
    ("أدانت إسبانيا التفجير الذي استهدف مسجدا في عسير.", [("CONDEMNATION", "ESP", None)]),
    ("عبّرت قطر عن إدانتها الشديدة للغارات الإسرائيلية على لبنان.", [("CONDEMNATION", "QAT", "ISR")]),
    ("ندد وزير الخارجية الفرنسي بالتجربة الصاروخية التي أجرتها كوريا الشمالية صباح اليوم.",
     [("CONDEMNATION", "FRA", "PRK"), ("LAUNCH", "PRK", None)]),
    ("أطلقت كوريا الشمالية قمرا صناعيا للاستطلاع العسكري، في خطوة نددت بها كل من اليابان وكوريا الجنوبية.",
     [("CONDEMNATION", "JPN", "PRK"), ("CONDEMNATION", "KOR", "PRK"), ("LAUNCH", "PRK", None)]),
    ("تعرب وزارة الخارجية عن إدانة المملكة العربية السعودية واستنكارها الشديدين للهجوم الحوثي على مطار أبها.",
     [("CONDEMNATION", "SAU", "HOUTHIS")]),
])
def test_condemnation_actor_and_target(text, expected):
    assert tuples(text) == expected


@pytest.mark.parametrize("text, expected, projectile", [
    ("أُطلقت ثلاثة صواريخ من جنوب لبنان باتجاه شمال إسرائيل.", ("LAUNCH", None, "ISR"), "MISSILE"),
    ("قالت موسكو إنها أطلقت صواريخ كروز من بحر قزوين على أهداف في سوريا.", ("LAUNCH", "RUS", "SYR"), "CRUISE_MISSILE"),
    ("اعترضت الدفاعات الجوية السعودية طائرة مسيرة مفخخة أطلقتها جماعة الحوثي باتجاه خميس مشيط.",
     ("LAUNCH", "HOUTHIS", "SAU"), "DRONE"),
    ("أطلقت كتائب القسام، الجناح العسكري لحركة حماس، رشقة صاروخية باتجاه تل أبيب.", ("LAUNCH", "HAMAS", "ISR"), "ROCKET"),
    ("سقطت قذائف هاون أطلقتها فصائل مسلحة على حي سكني في دمشق.", ("LAUNCH", None, "SYR"), "SHELL"),
    ("أطلقت روسيا ٣٥ صاروخاً على أوكرانيا يوم ٢٩ ديسمبر.", ("LAUNCH", "RUS", "UKR"), "MISSILE"),
    ("قصفت المدفعية الإسرائيلية بلدات في جنوب لبنان.", ("LAUNCH", "ISR", "LBN"), "SHELL"),
    ("أطلقت الصين صاروخا يحمل قمرا صناعيا للأرصاد الجوية.", ("LAUNCH", "CHN", None), "SATELLITE"),
])
def test_launch_actor_target_and_projectile(text, expected, projectile):
    [event] = [e for e in EX.extract(text) if e.modality == ASSERTED]
    assert event.tuple == expected
    assert event.projectile == projectile


@pytest.mark.parametrize("text", [
    "أطلقت السلطات الإيرانية سراح صحفي فرنسي بعد احتجاز دام عامين.",
    "أطلقت وزارة الصحة المصرية حملة وطنية للتطعيم ضد شلل الأطفال.",
    "أطلق مسلحون النار على دورية للشرطة في ضواحي بغداد.",
    "انطلقت صافرات الإنذار في عدة مدن إسرائيلية صباح اليوم.",
    "أطلقت شركة أرامكو منصة رقمية جديدة للموردين.",
    "أطلق الفنان محمد عبده أغنية جديدة بعنوان صواريخ الحب.",
    "ارتفعت أسعار الذهب بشكل صاروخي خلال الأسبوع الماضي.",
    "أدانت محكمة أمريكية المتهم بالتخطيط لهجوم على مركز تجاري.",
    "ودعا الرئيس المصري إلى ضرورة وقف إطلاق النار في غزة.",
    "انتقدت الصين العقوبات الأمريكية الجديدة ووصفتها بأنها أحادية الجانب.",
    "أعربت ألمانيا عن قلقها البالغ إزاء التصعيد في شبه الجزيرة الكورية.",
    "قال محمد التركي إن الأسعار ارتفعت.",
])
def test_false_friends_give_no_event(text):
    assert EX.extract(text) == []


@pytest.mark.parametrize("text, modality", [
    ("امتنعت الهند عن إدانة روسيا خلال التصويت.", "NEGATED"),
    ("ولم تدن الحكومة الهندية الهجوم حتى الآن.", "NEGATED"),
    ("رفضت روسيا إدانة الهجوم.", "NEGATED"),
    ("دعت أوكرانيا المجتمع الدولي إلى إدانة الهجمات الروسية.", "REQUESTED"),
    ("هددت كوريا الشمالية بإطلاق صواريخ باتجاه جزيرة غوام الأمريكية.", "THREATENED"),
    ("وتوعد زعيم جماعة الحوثي بمواصلة إطلاق الصواريخ على إسرائيل.", "THREATENED"),
    ("تعتزم الهند إطلاق قمر صناعي لرصد الطقس الشهر المقبل.", "FUTURE"),
    ("ستطلق كوريا الشمالية صاروخا جديدا.", "FUTURE"),
    ("لو أطلقت إيران صواريخ على القواعد الأمريكية فإن الرد سيكون حاسما.", "HYPOTHETICAL"),
    ("إن أطلقت إيران صواريخ على إسرائيل فسترد واشنطن.", "HYPOTHETICAL"),
    ("نفت طهران أن تكون قد أطلقت أي طائرات مسيرة باتجاه الأراضي السعودية.", "DENIED"),
])
def test_modality(text, modality):
    events = EX.extract(text)
    assert events and {e.modality for e in events} == {modality}


def test_reported_speech_stays_asserted():
    assert tuples("وقال الجيش الأوكراني إن روسيا أطلقت خلال الليل 40 طائرة مسيرة و12 صاروخا على كييف وخاركيف.") == [
        ("LAUNCH", "RUS", "UKR")]
    assert ("LAUNCH", "RUS", "UKR") in tuples(
        "وأعلنت الولايات المتحدة أن روسيا أطلقت صواريخ على أوكرانيا بعد أن أدانت اليابان ذلك.")


def test_conditional_in_needs_its_hamza():
    # بعد أن أطلقت is not conditional, although أن and إن normalise alike.
    assert tuples("بعد أن أطلقت روسيا صواريخ على أوكرانيا.") == [("LAUNCH", "RUS", "UKR")]


def test_nisba_needs_a_head_noun():
    assert tuples("أدانت الحكومة التركية الهجوم.") == [("CONDEMNATION", "TUR", None)]
    # A prince with no state named condemns as actor null, not as Turkey.
    assert tuples("أدان الأمير تركي الفيصل الهجوم.") == [("CONDEMNATION", None, None)]


def test_a_named_body_condemns_as_null_an_unnamed_group_not_at_all():
    assert tuples("ندد الأزهر الشريف بالعدوان على غزة.") == [("CONDEMNATION", None, None)]
    assert tuples("وأدانت الدول نقل الصواريخ.") == []
    assert tuples("ووسط إدانة دولية واسعة للهجوم.") == []


def test_article_level_merging_drops_duplicates_and_less_specific_launches():
    text = ("أطلق الحوثيون صاروخا باليستيا على جازان. وقالت الدفاعات إن الصاروخ الذي أطلق باتجاه جازان اعترض. "
            "وأطلق الحوثيون صاروخا آخر على جازان.")
    events = [e for e in EX.extract(text) if e.modality == ASSERTED]
    assert [e.tuple for e in events] == [("LAUNCH", "HOUTHIS", "SAU")]
    assert events[0].mentions == 2


def test_merge_keeps_condemnations_of_distinct_acts_across_sentences():
    text = "أدانت السعودية الهجوم الحوثي على جازان. وأدانت السعودية أيضا التفجير في مقديشو."
    assert tuples(text) == [("CONDEMNATION", "SAU", "HOUTHIS"), ("CONDEMNATION", "SAU", None)]


def test_event_date_is_resolved_against_published():
    [e] = [e for e in EX.extract("أطلقت روسيا صواريخ على أوكرانيا أمس.", date(2024, 1, 10))]
    assert e.event_date == date(2024, 1, 9)


def test_long_article_is_linear_and_finds_the_event():
    filler = "وتناول الاجتماع سبل تعزيز التعاون الاقتصادي بين البلدين في مجالات عدة. " * 5000
    text = filler + "أطلقت روسيا صواريخ على أوكرانيا. " + filler
    assert tuples(text) == [("LAUNCH", "RUS", "UKR")]


def test_interoperability_codes():
    [cond, launch] = sorted(EX.extract("أدان البيت الأبيض إطلاق إيران صواريخ على إسرائيل."), key=lambda e: e.event_type)
    assert (cond.cameo_code, cond.plover) == ("111", "ACCUSE")
    assert (launch.cameo_code, launch.plover) == ("195", "ASSAULT")
    [shell] = EX.extract("قصفت المدفعية الإسرائيلية بلدات في جنوب لبنان.")
    assert shell.cameo_code == "194"


def test_actor_text_is_the_name_as_written_without_leading_clitics():
    events = EX.extract("وأدانت كل من مصر والأردن الاعتداء. ندد البيت الأبيض بإطلاق كوريا الشمالية وروسيا صواريخ.")
    texts = sorted((e.actor_text, e.target_text) for e in events if e.event_type == "CONDEMNATION")
    assert texts == [("الأردن", None), ("البيت الأبيض", "روسيا"), ("البيت الأبيض", "كوريا الشمالية"), ("مصر", None)]
