"""What was fired and its class."""
import pytest

from tests.extractor.conftest import word_index
from transforms.extractor.projectiles import air_defence_near, projectile_after, projectile_class


@pytest.mark.parametrize("text, trigger, cls", [
    ("أطلقت كوريا صاروخا باليستيا.", "أطلقت", "BALLISTIC_MISSILE"),
    ("أطلقت روسيا صواريخ كروز.", "أطلقت", "CRUISE_MISSILE"),
    ("أطلق الحوثيون طائرة مسيرة.", "أطلق", "DRONE"),
    ("أطلقت الفصائل قذائف صاروخية.", "أطلقت", "ROCKET"),
    ("أطلقت الفصائل قذائف هاون.", "أطلقت", "SHELL"),
    ("أطلقت الصين قمرا صناعيا.", "أطلقت", "SATELLITE"),
])
def test_projectile_class(sent, text, trigger, cls):
    s = sent(text)
    m = projectile_after(s, word_index(s, trigger), 6)
    assert projectile_class(s, m) == cls


def test_blockers_are_not_projectiles(sent):
    s = sent("أطلق الحزب مسيرة احتجاجية.")
    assert s.projectiles == []


def test_air_defence_is_noticed(sent):
    s = sent("دمرت الدفاعات الجوية مسيرة.")
    assert air_defence_near(s, 0)
    assert not air_defence_near(sent("دمرت القوات مسيرة."), 0)
