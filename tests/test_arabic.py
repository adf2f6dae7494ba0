"""Normalisation: the key used for matching and the offset map back."""
import pyarabic.araby as araby
import pytest

from transforms.arabic import normalise, normalise_key


@pytest.mark.parametrize("written, key", [
    ("أدانَتْ", "ادانت"),                 # diacritics
    ("تُركيـــا", "تركيا"),                # tatweel
    ("إسرائيل", "اسرائيل"),
    ("آذار", "اذار"),                      # madda
    ("ٱلله", "الله"),                      # alef wasla
    ("مصطفى", "مصطفي"),                    # alef maksura -> ya, for matching
    ("ایران", "ايران"),                    # Persian yeh
    ("کوریا", "كوريا"),                    # keheh
    ("هٰذا", "هذا"),                       # dagger alef U+0670
    ("٣٥ صاروخاً", "35 صاروخا"),           # Arabic-Indic digits, tanween
    ("۱۲", "12"),                          # Persian digits
    ("\u200fروسيا\u200e", "روسيا"),        # RLM / LRM
    ("\u202bروسيا\u202c", "روسيا"),        # embedding controls
    ("\u2067روسيا\u2069", "روسيا"),        # isolates
    ("\ufeffروسيا", "روسيا"),              # BOM
    ("رو\u200cسيا", "روسيا"),              # ZWNJ
    ("ﺭﻭﺳﻴﺎ", "روسيا"),                   # presentation forms
    ("ﻷوكرانيا", "لاوكرانيا"),             # lam-alef ligature with hamza
])
def test_key(written, key):
    assert normalise(written).key == key
    assert normalise_key(written) == key


def test_pyarabic_pitfalls_are_avoided():
    # pyarabic's own helpers would break matching; the key does not.
    assert araby.normalize_hamza("أدان") == "ءدان"
    assert araby.normalize_alef("مصطفى") == "مصطفا"
    assert normalise_key("أدان") == "ادان"
    assert normalise_key("آمن") == "امن"


def test_spans_map_back_to_the_original_as_written():
    text = "وأدانَتْ تُركيـــا الهُجومَ"
    n = normalise(text)
    start = n.key.index("تركيا")
    a, b = n.original_span(start, start + len("تركيا"))
    assert text[a:b] == "تُركيـــا"
    start = n.key.index("ادانت")
    a, b = n.original_span(start, start + len("ادانت"))
    assert text[a:b] == "أدانَتْ"


def test_presentation_form_expansion_maps_each_letter_to_its_source():
    text = "ﻻ"  # one code point, two letters
    n = normalise(text)
    assert n.key == "لا"
    assert n.original_span(0, 2) == (0, 1)
    assert n.original_span(1, 2) == (0, 1)


def test_latin_and_punctuation_are_kept():
    assert normalise_key("F-35 و CNN.") == "F-35 و CNN."
