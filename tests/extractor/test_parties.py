"""Who acts: subjects before and after verbs, pronouns, doers of act nouns."""
from tests.extractor.conftest import codes, word_index
from transforms.extractor.parties import (
    act_agent, agent_in, coordinated, pronoun_subject, subject_after, subject_before)


def test_subject_after_a_verb_with_titles_and_coordination(sent):
    s = sent("أدان وزير الخارجية الفرنسي والمستشار الألماني الهجوم.")
    parties, _ = subject_after(s, word_index(s, "أدان"))
    assert codes(parties) == ["FRA", "DEU"]


def test_an_uncoded_subject_stops_the_search(sent):
    s = sent("أطلق مسلحون صواريخ على إسرائيل.")
    parties, _ = subject_after(s, word_index(s, "أطلق"))
    assert parties is None or parties == []


def test_subject_before_the_verb(sent):
    s = sent("روسيا أطلقت صواريخ على أوكرانيا.")
    assert codes(subject_before(s, word_index(s, "أطلقت"))) == ["RUS"]


def test_a_pronoun_after_a_reporting_verb_is_its_subject(sent):
    s = sent("أعلنت كتائب القسام أنها قصفت تل أبيب بالصواريخ.")
    assert codes(pronoun_subject(s, word_index(s, "قصفت"))) == ["HAMAS"]


def test_coordinated_mentions(sent):
    s = sent("أدانت مصر والأردن والإمارات الهجوم.")
    parties, _ = coordinated(s, s.actors[0], acting=True)
    assert codes(parties) == ["EGY", "JOR", "ARE"]


def test_doer_of_an_act_noun_and_of_a_relative_clause(sent):
    s = sent("أدانت فرنسا إطلاق إيران صواريخ.")
    assert codes(act_agent(s, word_index(s, "إطلاق"))) == ["IRN"]
    s = sent("ندد الوزير بالتجربة الصاروخية التي أجرتها كوريا الشمالية.")
    assert codes(agent_in(s, word_index(s, "بالتجربة"))) == ["PRK"]
    s = sent("أدانت فرنسا إطلاق صواريخ كورية شمالية.")
    assert codes(act_agent(s, word_index(s, "إطلاق"))) == []  # where the weapon was made
