"""Event dates stated in a sentence, resolved against the article's date."""
from datetime import date

import pytest

from transforms.arabic import normalise_key
from transforms.dates import resolve_event_date

PUBLISHED = date(2024, 1, 10)  # a Wednesday


@pytest.mark.parametrize("text, expected", [
    ("أطلقتها روسيا على أوكرانيا في 30 ديسمبر 2023 و2 يناير 2024", date(2023, 12, 30)),
    ("يوم ٢٩ ديسمبر", date(2023, 12, 29)),          # no year: the last 29 December before publication
    ("في 6 من الشهر الجاري", date(2024, 1, 6)),
    ("في 20 من الشهر الماضي", date(2023, 12, 20)),
    ("أمس الثلاثاء", date(2024, 1, 9)),
    ("أول أمس", date(2024, 1, 8)),
    ("صباح اليوم", date(2024, 1, 10)),
    ("الثلاثاء الماضي", date(2024, 1, 9)),
    ("الأحد الماضي", date(2024, 1, 7)),
    ("في 5 شباط 2023", date(2023, 2, 5)),
    ("في 15 رمضان 1445هـ", date(2024, 3, 25)),   # Umm al-Qura
])
def test_resolves(text, expected):
    assert resolve_event_date(normalise_key(text), PUBLISHED) == expected


def test_nothing_stated():
    assert resolve_event_date(normalise_key("أطلقت روسيا صواريخ"), PUBLISHED) is None


def test_relative_dates_need_the_article_date():
    assert resolve_event_date(normalise_key("أمس"), None) is None
    assert resolve_event_date(normalise_key("30 ديسمبر 2023"), None) == date(2023, 12, 30)


def test_impossible_day_is_ignored():
    assert resolve_event_date(normalise_key("في 31 فبراير 2024"), PUBLISHED) is None
