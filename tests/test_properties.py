"""Properties of normalisation and extraction, checked on generated text."""
from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from transforms.arabic import normalise, normalise_key
from transforms.extractor import default_extractor

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Arabic letters, diacritics, tatweel, presentation forms, digits of three
# scripts, bidi and zero-width controls, Latin, punctuation and whitespace.
ARABIC_ISH = st.characters(codec="utf-8", categories=None, include_characters=(
    "ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآؤئةى" "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670\u0640"
    "\ufefb\ufef7\ufe8d\ufe83" "٠١٢٣٤٥٦٧٨٩۴۵0123456789" "\u200f\u200e\u200c\u200d\ufeff\u061c\u00ad"
    "abcXYZ .,،؛؟!:()«»\"'-\n\t"))
TEXT = st.one_of(st.text(), st.text(alphabet=ARABIC_ISH, max_size=200))

WORDS = ("أدانت", "ندد", "استنكر", "أطلقت", "صواريخ", "صاروخا", "باليستيا", "طائرات", "مسيرة", "قصف",
         "على", "باتجاه", "نحو", "لم", "قد", "إذا", "السعودية", "مصر", "روسيا", "أوكرانيا", "إسرائيل",
         "الحوثي", "كوريا", "الشمالية", "حزب", "الله", "حماس", "الهجوم", "بشدة", "الذي", "شنته", "و",
         "Reuters", "2024", "،", ".", "\n", "<p>", "&amp;", "\u0640", "\u064e")
EXTRACTION_INPUT = st.one_of(
    st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join),
    st.text(alphabet=ARABIC_ISH, max_size=300))

EVENT_SENTENCES = (
    "أدانت المملكة العربية السعودية بشدة الهجوم الصاروخي الذي شنته ميليشيا الحوثي على مدينة جازان.",
    "أطلقت كوريا الشمالية صاروخا باليستيا باتجاه بحر اليابان.",
    "ندد وزير الخارجية الفرنسي بالتجربة الصاروخية التي أجرتها كوريا الشمالية صباح اليوم.",
)
NEUTRAL = ("وقال المتحدث إن الاجتماع سيعقد غدا في العاصمة", "وارتفعت أسعار النفط في الأسواق العالمية",
           "وأعلنت وزارة الصحة عن افتتاح مستشفى جديد", "The weather was mild in the region",
           "وتستمر المفاوضات بين الجانبين منذ أسابيع", "وشهدت المدينة حركة تجارية نشطة")
UNRELATED = st.lists(st.one_of(st.sampled_from(NEUTRAL),
                               st.text(alphabet="ابتثجحخدذرسشصضطظعغفقكلمنهوي ", min_size=1, max_size=60)),
                     max_size=4)


@SETTINGS
@given(TEXT)
def test_normalisation_never_raises_and_its_offsets_index_the_original(text):
    norm = normalise(text)
    assert len(norm.origin) == len(norm.key)
    assert all(0 <= i < len(text) for i in norm.origin)
    assert list(norm.origin) == sorted(norm.origin)
    assert norm.key == normalise_key(text)


@SETTINGS
@given(TEXT, st.data())
def test_every_key_span_maps_to_a_span_of_the_original(text, data):
    norm = normalise(text)
    start = data.draw(st.integers(0, len(norm.key)))
    end = data.draw(st.integers(start, len(norm.key)))
    a, b = norm.original_span(start, end)
    assert 0 <= a <= b <= len(text)
    whole_chars = start < end and (start == 0 or norm.origin[start - 1] != norm.origin[start]) and (
        end == len(norm.key) or norm.origin[end - 1] != norm.origin[end])
    if whole_chars:
        assert normalise_key(text[a:b]) == norm.key[start:end]


@SETTINGS
@given(TEXT)
def test_normalisation_is_idempotent_on_its_key(text):
    key = normalise(text).key
    assert normalise(key).key == key
    assert normalise_key(key) == key


@SETTINGS
@given(EXTRACTION_INPUT)
def test_extraction_never_raises_and_its_triggers_index_the_original(text):
    for event in default_extractor().extract(text):
        assert 0 <= event.trigger_start < event.trigger_end <= len(text)
        assert text[event.trigger_start:event.trigger_end] == event.trigger
        assert event.sentence in text


@SETTINGS
@given(st.sampled_from(EVENT_SENTENCES), UNRELATED, UNRELATED)
def test_an_event_is_still_found_when_unrelated_sentences_surround_it(sentence, before, after):
    extractor = default_extractor()
    for s in before + after:
        assume(not extractor.extract(s))
    alone = extractor.extract(sentence)
    assert alone
    prefix = "".join(s + ".\n" for s in before)
    text = prefix + sentence + "".join("\n" + s + "." for s in after)
    found = {(e.event_type, e.modality, e.actor_code, e.target_code): e for e in extractor.extract(text)}
    for e in alone:
        key = (e.event_type, e.modality, e.actor_code, e.target_code)
        assert key in found, (key, text)
        assert found[key].trigger_start == e.trigger_start + len(prefix)
        assert text[found[key].trigger_start:found[key].trigger_end] == e.trigger
