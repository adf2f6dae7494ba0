"""Sentence analysis: what is looked up in a sentence and the clause helpers."""
from tests.extractor.conftest import word_index
from transforms.extractor.sentence import clause_end, clause_start, governed, is_definite, mention_at


def test_triggers_mentions_and_projectiles_are_found_under_clitics(sent):
    s = sent("وأدانت فرنسا وبريطانيا إطلاق الصواريخ الباليستية على إسرائيل.")
    assert [(t.event_type, t.pos) for t in s.triggers] == [("CONDEMNATION", "verb"), ("LAUNCH", "noun")]
    assert [m.value.code for m in s.actors] == ["FRA", "GBR", "ISR"]
    assert [m.value[0] for m in s.projectiles] == ["MISSILE", "BALLISTIC_MISSILE"]


def test_a_verb_after_a_preposition_or_article_is_read_as_a_noun(sent):
    s = sent("أعربت قطر عن إدانتها للقصف.")
    assert [t.pos for t in s.triggers] == ["noun", "noun"]


def test_a_dateline_is_not_an_actor(sent):
    s = sent("الرياض - أدانت مصر الهجوم.")
    assert [m.value.code for m in s.actors] == ["EGY"]


def test_a_surname_nisba_is_not_a_state(sent):
    assert [m.value.code for m in sent("قال محمد التركي إن الوضع هادئ.").actors] == []
    assert [m.value.code for m in sent("قال الرئيس التركي إن الوضع هادئ.").actors] == ["TUR"]


def test_bare_kingdom_is_the_kingdom_named_before(sent):
    s = sent("استقبل ملك الأردن وفدا، وأكدت المملكة دعمها.")
    assert [m.value.code for m in s.actors][-1] == "JOR"
    assert [m.value.code for m in sent("أكدت المملكة دعمها.").actors] == ["SAU"]


def test_clause_boundaries_and_governing_prepositions(sent):
    s = sent("قال الوزير إن إيران أطلقت صواريخ على إسرائيل، فيما نفت طهران ذلك.")
    launch = word_index(s, "أطلقت")
    assert clause_start(s, launch) == 0
    assert s.words[clause_end(s, launch, 20)] == "،"
    israel = word_index(s, "إسرائيل")
    assert governed(s, israel) == "target"
    assert governed(s, word_index(s, "إيران")) is None
    assert mention_at(s, israel).value.code == "ISR"


def test_is_definite_sees_the_article_behind_clitics():
    assert is_definite("والقوات") and is_definite("بالصواريخ") and is_definite("للقوات")
    assert not is_definite("قوات")


def test_a_nisba_ending_a_personal_name_is_a_surname(sent):
    s = sent("وقال الدكتور عبدالله بن عبد المحسن التركي إن الهجوم جبان.")
    assert [m.value.code for m in s.actors] == []
    s = sent("وقال وزير الخارجية التركي إن الهجوم جبان.")
    assert [m.value.code for m in s.actors] == ["TUR"]
