"""Resolve the date an event sentence states, against the article's date.

Handles day-month(-year) in Gregorian (Egyptian and Levantine month names) and
Hijri calendars (1445هـ, converted with ``hijridate``), "6 من الشهر الجاري",
أمس / أول أمس / اليوم, and weekdays (الثلاثاء الماضي). The first date
expression of the sentence wins. Month and weekday names live in
``data/lexicons/dates.tsv``.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache
from typing import Dict, Optional, Tuple

from transforms.arabic import normalise_key
from transforms.lexicon import read_tsv, split_list


@lru_cache(maxsize=1)
def _tables() -> Tuple[Dict[str, Tuple[str, str, int]], "re.Pattern[str]"]:
    words: Dict[str, Tuple[str, str, int]] = {}
    for row in read_tsv("lexicons/dates.tsv"):
        for form in split_list(row["form"]):
            words[normalise_key(form)] = (row["calendar"], row["kind"], int(row["value"]))
    names = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    pattern = re.compile(
        rf"(?<![\w])(?:(?P<day>\d{{1,2}})\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{names})(?:\s+(?:عام\s+|سنة\s+)?(?P<year>\d{{4}})(?:\s*ه)?)?"
        rf"|(?P<rday>\d{{1,2}})\s+من\s+الشهر\s+(?P<which>الجاري|الحالي|الماضي|المنصرم)"
        rf"|(?:ب?(?P<word>{names}))(?:\s+(?P<rel>الماضي|الماضية|المنصرم|المقبل|القادم))?)(?![\w])"
    )
    return words, pattern


def resolve_event_date(key: str, published: Optional[date]) -> Optional[date]:
    """The first date stated in the normalised sentence ``key``, or None."""
    words, pattern = _tables()
    for m in pattern.finditer(key):
        try:
            found = _resolve(m, words, published)
        except (ValueError, OverflowError):
            found = None
        if found is not None:
            return found
    return None


def _resolve(m: "re.Match[str]", words, published: Optional[date]) -> Optional[date]:
    if m.group("day"):
        calendar, kind, month = words[m.group("month")]
        if kind != "month":
            return None
        day = int(m.group("day"))
        year = int(m.group("year")) if m.group("year") else None
        if calendar == "hijri":
            if year is None:
                return None
            from hijridate import Hijri
            g = Hijri(year, month, day).to_gregorian()
            return date(g.year, g.month, g.day)
        if year is None:
            if published is None:
                return None
            year = published.year
            candidate = date(year, month, day)
            if candidate > published + timedelta(days=7):
                candidate = date(year - 1, month, day)  # "29 ديسمبر" written in January
            return candidate
        return date(year, month, day)
    if m.group("rday"):
        if published is None:
            return None
        day = int(m.group("rday"))
        if m.group("which") in ("الماضي", "المنصرم"):
            first = published.replace(day=1) - timedelta(days=1)
            return first.replace(day=day)
        return published.replace(day=day)
    word = m.group("word")
    if word and published is not None:
        calendar, kind, value = words[word]
        if kind == "relative":
            return published - timedelta(days=value)
        if kind == "weekday":
            back = (published.weekday() - value) % 7
            if m.group("rel") in ("المقبل", "القادم"):
                return published + timedelta(days=(value - published.weekday()) % 7 or 7)
            if m.group("rel") and back == 0:
                back = 7
            return published - timedelta(days=back)
    return None
