"""The actor gazetteer: every state from its CLDR name, variants, clitics, blockers."""
import babel
import pycountry
import pytest

from transforms.gazetteer import NISBA_PL, NISBA_SG, load_gazetteer, nisba_forms, phrase_words

GAZ = load_gazetteer()
CLDR_AR = babel.Locale("ar").territories


@pytest.mark.parametrize("country", list(pycountry.countries), ids=lambda c: c.alpha_3)
def test_every_iso_state_resolves_from_its_cldr_arabic_name(country):
    assert GAZ.resolve(CLDR_AR[country.alpha_2]) == country.alpha_3


def test_kosovo_and_taiwan():
    assert GAZ.resolve(CLDR_AR["XK"]) == "XKX"
    assert GAZ.resolve("تايوان") == "TWN"


@pytest.mark.parametrize("phrase, code", [
    ("روسيا", "RUS"), ("وروسيا", "RUS"), ("لروسيا", "RUS"), ("بروسيا", "RUS"),
    ("الروس", "RUS"), ("للروس", "RUS"),
    ("الكرملين", "RUS"), ("موسكو", "RUS"),
    ("الولايات المتحدة", "USA"), ("للولايات المتحدة", "USA"), ("أميركا", "USA"),
    ("البيت الأبيض", "USA"), ("البنتاغون", "USA"), ("واشنطن", "USA"),
    ("بيونغ يانغ", "PRK"), ("بيونج يانج", "PRK"), ("كوريا الشمالية", "PRK"),
    ("كوريا الجنوبية", "KOR"),
    ("المملكة العربية السعودية", "SAU"), ("المملكة", "SAU"), ("خادم الحرمين الشريفين", "SAU"),
    ("الإمارات", "ARE"), ("الامارات", "ARE"),
    ("الحوثيين", "HOUTHIS"), ("جماعة الحوثي", "HOUTHIS"), ("أنصار الله", "HOUTHIS"),
    ("كتائب القسام", "HAMAS"), ("حزب الله", "HEZBOLLAH"), ("سرايا القدس", "PIJ"),
    ("داعش", "ISIS"), ("مجلس الأمن", "UNSC"), ("الأمم المتحدة", "UN"),
    ("حلف شمال الأطلسي", "NATO"), ("الناتو", "NATO"), ("جامعة الدول العربية", "ARAB_LEAGUE"),
    ("مجلس التعاون لدول الخليج العربية", "GCC"), ("منظمة التعاون الإسلامي", "OIC"),
    ("الاتحاد الأوروبي", "EU"), ("الاتحاد الأفريقي", "AU"), ("مجموعة السبع", "G7"),
    ("الوكالة الدولية للطاقة الذرية", "IAEA"),
    ("جازان", "SAU"), ("تل أبيب", "ISR"), ("كييف", "UKR"), ("أربيل", "IRQ"),
    ("سلطنة عمان", "OMN"),
])
def test_names_variants_and_clitics(phrase, code):
    assert GAZ.resolve(phrase) == code


@pytest.mark.parametrize("phrase", [
    "مجلس الأمن القومي",     # a national security council, not UNSC
    "خليج عمان",             # a sea
    "شبه الجزيرة الكورية",   # a peninsula: both Koreas
])
def test_blocked_phrases_resolve_to_nothing(phrase):
    assert GAZ.resolve(phrase) is None


def test_nisba_inflection():
    forms = dict(nisba_forms("روسي"))
    assert forms["الروسية"] is False and forms["روسية"] is False and forms["الروسي"] is False
    assert forms["الروسيين"] is True and forms["روسيون"] is True
    multi = dict(nisba_forms("كوري شمالي"))
    assert "الكورية الشمالية" in multi and "الكوريين الشماليين" in multi


def test_nisba_kinds():
    words = ["الصواريخ", "الكورية", "الشمالية"]
    [m] = GAZ.mentions(words)
    assert (m.value.code, m.value.kind, m.start, m.end) == ("PRK", NISBA_SG, 1, 3)
    [m] = GAZ.mentions(["الحوثيون"])
    assert m.value.code == "HOUTHIS"
    [m] = GAZ.mentions(phrase_words("الأمريكيين"))
    assert m.value.kind == NISBA_PL


def test_places_are_targets_not_actors():
    [m] = GAZ.mentions(["جازان"])
    assert m.value.can_be_target and not m.value.can_act
