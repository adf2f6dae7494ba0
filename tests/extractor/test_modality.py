"""Modality markers before a trigger."""
import pytest

from transforms.extractor.modality import modality_of


def _modality(sent, text):
    s = sent(text)
    return modality_of(s, s.triggers[-1])[0]


@pytest.mark.parametrize("text, expected", [
    ("أطلقت كوريا الشمالية صاروخا.", "ASSERTED"),
    ("لم تدن الصين التفجير.", "NEGATED"),
    ("رفضت الصين إدانة الهجوم.", "NEGATED"),
    ("دعت فرنسا إلى إدانة الهجوم.", "REQUESTED"),
    ("هددت كوريا الشمالية بإطلاق صواريخ.", "THREATENED"),
    ("ستطلق إيران قمرا صناعيا.", "FUTURE"),
    ("تعتزم إيران إطلاق قمر صناعي.", "FUTURE"),
    ("نفت إيران إطلاق صواريخ.", "DENIED"),
    ("واصلت روسيا إطلاق الصواريخ.", "ASSERTED"),
    ("أدانت فرنسا إطلاق الصواريخ.", "ASSERTED"),
    # the future prefix on the verb whose object the act is, past its subject
    ("ستواصل القوات الروسية قصف المدينة بالمدفعية.", "FUTURE"),
    # "as if" is a likeness, not an act; the bare كأن is not listed, being كان once its hamza goes
    ("بدا البيان وكأنه يدين الحكومة.", "HYPOTHETICAL"),
    ("وكان الجيش قد أطلق صاروخا.", "ASSERTED"),
    # a decision to launch is not a launch
    ("قررت الهند إطلاق قمر صناعي لرصد المناخ.", "FUTURE"),
    ("تحتفل الوكالة بعد قرارها إطلاق مسبار نحو الزهرة.", "FUTURE"),
    # سيول is Seoul (or floods), not a verb with the future prefix
    ("انتقدت سيول إطلاق الصواريخ.", "ASSERTED"),
])
def test_modality_of_the_last_trigger(sent, text, expected):
    assert _modality(sent, text) == expected


def test_conditional_in_is_told_from_an_by_its_hamza(sent):
    assert _modality(sent, "إن أطلقت كوريا صاروخا فسنرد.") == "HYPOTHETICAL"
    assert _modality(sent, "قال إن كوريا أطلقت صاروخا.") == "ASSERTED"
