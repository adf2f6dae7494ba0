"""The actor gazetteer: every state from its CLDR name, variants, clitics, blockers, places."""
from collections import Counter
from importlib import resources

import babel
import pycountry
import pytest

from transforms.arabic import normalise_key
from transforms.gazetteer import NISBA_PL, NISBA_SG, hand_rows, load_gazetteer, nisba_forms, phrase_words
from transforms.lexicon import read_tsv, split_list

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


# --- Places: the hand-made list and the GeoNames extract --------------------------------------------

STATE_CODES = {row["code"] for row in read_tsv("actors/states.tsv")}
PLACE_FILES = ("actors/places.tsv", "actors/places_geonames.tsv", "actors/places_admin.tsv")


@pytest.mark.parametrize("phrase, code", [
    # Places real Saudi news fires at (issue 10).
    ("نجران", "SAU"), ("الطوال", "SAU"), ("محافظة الطوال", "SAU"), ("دار سعد", "YEM"), ("سبها", "LBY"), ("كيسوفيم", "ISR"),
    ("شرناق", "TUR"), ("ظهران الجنوب", "SAU"), ("صعدة", "YEM"), ("الخوبة", "SAU"), ("العارضة", "SAU"),
    # Under clitics.
    ("والخوبة", "SAU"), ("بنجران", "SAU"), ("للطوال", "SAU"), ("لصعدة", "YEM"),
    # From GeoNames.
    ("بريدة", "SAU"), ("حائل", "SAU"), ("حفر الباطن", "SAU"), ("زنجبار", "YEM"), ("الزبداني", "SYR"),
    ("سوهاج", "EGY"), ("كراسنويارسك", "RUS"), ("بندر عباس", "IRN"),
])
def test_places_resolve_to_their_state(phrase, code):
    assert GAZ.resolve(phrase) == code


@pytest.mark.parametrize("phrase, code", [
    # Names of the administrative tables (OCHA's Syrian communities, Iraq's and Yemen's units), each
    # kept because the corpus names it as a place, or because it is a district or larger.
    ("بنش", "SYR"), ("عربين", "SYR"), ("زبدين", "SYR"), ("دوما", "SYR"), ("معضمية الشام", "SYR"),
    ("سرمدا", "SYR"), ("خان الشيح", "SYR"), ("جبل سمعان", "SYR"),
    ("ميسان", "IRQ"), ("الكرخ", "IRQ"), ("التاجي", "IRQ"), ("بغداد الجديدة", "IRQ"), ("كبيسة", "IRQ"),
    ("سيئون", "YEM"), ("ردفان", "YEM"), ("حزم العدين", "YEM"), ("المخاء", "YEM"), ("جزيرة سقطري", "YEM"),
    # Under clitics.
    ("وبنش", "SYR"), ("بالكرخ", "IRQ"), ("لسيئون", "YEM"),
])
def test_administrative_places_resolve_to_their_state(phrase, code):
    assert GAZ.resolve(phrase) == code


@pytest.mark.parametrize("word", [
    # Units and communities of the tables whose names are words, tribes or other states' places.
    "البشائر", "الحاضرة", "اليابسة", "ازال", "عتمة", "الخفجي", "بيشة", "آل غانم", "سان",
])
def test_administrative_names_that_are_words_are_not_places(word):
    assert GAZ.resolve(word) is None


@pytest.mark.parametrize("phrase, code", [
    # States outside the GeoNames extract that Arab papers report fighting in, by hand (places.tsv).
    ("القيروان", "TUN"), ("جبل الشعانبي", "TUN"), ("بالقصرين", "TUN"), ("بن قردان", "TUN"),
    ("عين أميناس", "DZA"), ("تمنراست", "DZA"), ("مراكش", "MAR"), ("الدار البيضاء", "MAR"),
    ("كيدال", "MLI"), ("تمبكتو", "MLI"), ("مايدوغوري", "NGA"), ("كيسمايو", "SOM"),
    ("مدينة الأبيض", "SDN"), ("مطار معيتيقة", "LBY"),
    # البيضاء alone is a Yemeni governorate's common-word name and stays unlisted.
    ("البيضاء", None),
])
def test_hand_places_of_other_fronts(phrase, code):
    assert GAZ.resolve(phrase) == code


@pytest.mark.parametrize("variants, code", [
    (("إعزاز", "اعزاز"), "SYR"),                     # hamza
    (("بيلغورود", "بيلجورود", "بلغورود"), "RUS"),     # a foreign g as غ or ج
    (("تاغانروغ", "تاجانروج"), "RUS"),
    (("كريات شمونة", "كريات شمونه"), "ISR"),         # ة written ه
    (("قندوز", "قندز", "كندوز"), "AFG"),             # transliterations
    (("شرناق", "شرناك", "شيرناك"), "TUR"),
])
def test_place_variants_resolve_alike(variants, code):
    assert {GAZ.resolve(v) for v in variants} == {code}


@pytest.mark.parametrize("word", [
    # Common words and names that GeoNames has as places somewhere; the corpus shows them as words.
    "الخبر", "كيف", "سكر", "حي", "النور", "الأمل", "السلام", "العين", "الحسين", "عمر", "الحكومة",
    "السوق", "المدان", "الساحل", "دير", "بدو", "يعبد", "بسمة", "الهاشمية", "عثمانية",
    # Shared by two states, or contested.
    "الجوف", "الجديدة", "القدس", "دونيتسك", "مجدل شمس",
])
def test_common_words_shared_and_contested_names_are_not_places(word):
    assert GAZ.resolve(word) is None


def _place_rows():
    for relpath in PLACE_FILES:
        for row in read_tsv(relpath):
            yield relpath, row


def test_every_place_code_is_a_state():
    codes = {row["code"] for _, row in _place_rows()}
    assert codes <= STATE_CODES
    assert {c for c in codes if c != "XKX"} <= {c.alpha_3 for c in pycountry.countries}


def test_no_duplicate_place_rows_or_names():
    hand = read_tsv("actors/places.tsv")
    assert len({row["code"] for row in hand}) == len(hand)      # one row per state
    extract = read_tsv("actors/places_geonames.tsv")
    assert len({row["geonameid"] for row in extract}) == len(extract)
    keys = [normalise_key(name) for _, row in _place_rows() for name in split_list(row["names"])]
    repeated = sorted(k for k, n in Counter(keys).items() if n > 1)
    assert repeated == []


def test_the_extract_blocks_nothing():
    """A name of the extract that the hand data also has, for any code, would block it (or repeat it)."""
    hand = {" ".join(normalise_key(p).split()) for _, _, p in hand_rows()}
    extract = {normalise_key(name) for relpath in PLACE_FILES[1:] for row in read_tsv(relpath)
               for name in split_list(row["names"])}
    assert hand & extract == set()


def test_every_hand_place_still_resolves():
    for row in read_tsv("actors/places.tsv"):
        for name in split_list(row["names"]):
            assert GAZ.resolve(name) == row["code"], name


def test_the_extract_states_its_source_and_licence():
    text = resources.files("transforms.data").joinpath("actors/places_geonames.tsv").read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines() if line.startswith("#"))
    assert "GeoNames" in header and "CC BY 4.0" in header and "build_places" in header


def test_the_administrative_extract_states_its_sources_and_licences():
    text = resources.files("transforms.data").joinpath("actors/places_admin.tsv").read_text(encoding="utf-8")
    header = "".join(line for line in text.splitlines() if line.startswith("#"))
    assert "OCHA" in header and "CC BY 3.0 IGO" in header and "build_places" in header
    assert "open-admin-data" in header and "Yemen-info" in header
    codes = {row["code"] for row in read_tsv("actors/places_admin.tsv")}
    assert codes == {"SYR", "IRQ", "YEM"}


def test_always_mentioned_only_where_every_name_that_may_span_the_word_has_a_code():
    from transforms.gazetteer import CAPITAL, PLACE, Gazetteer

    rows = [("GBR", CAPITAL, "لندن"), ("USA", CAPITAL, "واشنطن"), ("", PLACE, "ساحة واشنطن"),
            ("FRA", CAPITAL, "باريس"), ("FRA", PLACE, "ضاحية باريس")]
    gazetteer = Gazetteer(rows)
    assert gazetteer.always_mentioned("لندن") and gazetteer.always_mentioned("ولندن")
    assert gazetteer.always_mentioned("باريس")  # a longer name over it has a code too
    assert not gazetteer.always_mentioned("واشنطن")  # ساحة واشنطن names no actor
    assert not gazetteer.always_mentioned("لندنها")  # no suffix on a name
    assert not gazetteer.always_mentioned("ساحة")  # no name of its own
    words = phrase_words("وصل إلى ساحة واشنطن ثم لندن")
    covered = {i for m in gazetteer.mentions(words) if m.value.code for i in range(m.start, m.end)}
    assert 3 not in covered and 5 in covered


def test_the_shipped_gazetteer_always_names_london():
    gazetteer = load_gazetteer()
    assert gazetteer.always_mentioned("لندن") and gazetteer.always_mentioned("للندن")
