"""Sentence splitting on real news punctuation."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.sentences import _BOUNDARY, split_sentences


def sentences(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_full_stop_without_space():
    assert sentences("أدانت مصر الهجوم.وأطلقت روسيا صواريخ.") == ["أدانت مصر الهجوم.", "وأطلقت روسيا صواريخ."]


def test_decimal_numbers_do_not_split():
    assert sentences("ارتفع بنسبة 12.5 في المئة. ثم هبط.") == ["ارتفع بنسبة 12.5 في المئة.", "ثم هبط."]


def test_abbreviations_do_not_split():
    assert len(sentences("قال د. أحمد إن الهجوم مدان. وأضاف.")) == 2
    assert len(sentences("The U.S. condemned it. Then left.")) == 2


def test_arabic_question_mark_and_semicolon():
    assert sentences("هل أطلقت صواريخ؟ نعم؛ أطلقت ثلاثة") == ["هل أطلقت صواريخ؟", "نعم؛", "أطلقت ثلاثة"]


def test_closing_quote_stays_with_its_sentence():
    assert sentences('قال: "أدنا الهجوم." ثم غادر.') == ['قال: "أدنا الهجوم."', "ثم غادر."]


def test_commas_and_many_sentences():
    # pyarabic's sentence_tokenize splits at commas and at most 32 times.
    text = " ".join(f"جملة رقم {i}، وفيها فاصلة." for i in range(100))
    out = sentences(text)
    assert len(out) == 100
    assert all("،" in s for s in out)


def test_newlines_split_and_spans_index_the_text():
    text = "سطر أول\n\nسطر ثان"
    spans = split_sentences(text)
    assert [text[a:b] for a, b in spans] == ["سطر أول", "سطر ثان"]


def test_very_long_sentence_is_cut_into_bounded_pieces():
    text = "كلمة " * 5000
    spans = split_sentences(text)
    assert len(spans) > 1
    assert all(b - a <= 4000 for a, b in spans)


# The boundary expression as first written: two alternatives.
_PLAIN_BOUNDARY = re.compile(r"[.!?؟؛;\u06d4…]+[\"'”’»)\]]*|\n+")


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=list(".!?؟؛;\u06d4…\"'”’»)]\n\r ابت1،«("), max_size=40))
def test_boundary_expression_finds_the_runs_of_the_plain_one(text):
    assert [m.span() for m in _BOUNDARY.finditer(text)] == [m.span() for m in _PLAIN_BOUNDARY.finditer(text)]
