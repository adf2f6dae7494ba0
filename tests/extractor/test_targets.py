"""Targets: at whom a launch was aimed, whose act is condemned, never the victim."""
from tests.extractor.conftest import codes, word_index
from transforms.extractor.parties import subject_after
from transforms.extractor.targets import condemned, direct_object, launch_targets, undergoer


def test_launch_target_after_a_preposition_resolves_places(sent):
    s = sent("أطلق الحوثيون صاروخا باليستيا باتجاه جازان.")
    assert codes(launch_targets(s, word_index(s, "صاروخا") + 1)) == ["SAU"]


def test_origin_is_not_a_target(sent):
    s = sent("أطلقت صواريخ من لبنان.")
    assert codes(launch_targets(s, word_index(s, "صواريخ") + 1)) == []


def test_direct_object_of_a_shelling_verb(sent):
    s = sent("قصفت القوات الروسية خيرسون.")
    assert codes(direct_object(s, word_index(s, "قصفت"), [])) == ["RUS"]
    s = sent("قصفت إسرائيل غزة.")
    doer, _ = subject_after(s, 0)
    assert codes(direct_object(s, 0, doer)) == ["PSE"]  # past the doer


def test_undergoer_of_an_attack(sent):
    s = sent("شهدت العاصمة الأوكرانية كييف هجوما صاروخيا.")
    assert codes(undergoer(s, word_index(s, "هجوما"))) == ["UKR"]


def test_condemned_party_is_the_doer_not_the_victim(sent):
    s = sent("أدانت إسبانيا التفجير الذي استهدف مسجدا في عسير.")
    assert codes(condemned(s, word_index(s, "التفجير"))) == []
    s = sent("أدانت فرنسا الهجوم الذي شنته ميليشيا الحوثي على السعودية.")
    assert codes(condemned(s, word_index(s, "الهجوم"))) == ["HOUTHIS"]
    s = sent("أدانت فرنسا روسيا.")
    assert codes(condemned(s, word_index(s, "روسيا"))) == ["RUS"]
