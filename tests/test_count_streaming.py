"""Streaming counts: ``CountBook`` (pure) and ``CountEventsStreaming`` on a real pipeline."""
from __future__ import annotations

import functools
import pickle
from datetime import datetime, timezone

import apache_beam as beam
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to
from apache_beam.transforms import window as beam_window
from apache_beam.utils.timestamp import Timestamp

from transforms.count import CountBook, CountEventsStreaming, windows_of

UTC = timezone.utc
HOUR, DAY = 3600.0, 86400.0
T0 = datetime(2024, 1, 10, tzinfo=UTC).timestamp()


def ev(eid, minutes, actor="RUS", article=None, source="s1", modality="ASSERTED", base=T0):
    return {"event_id": eid, "article_id": article or eid, "source": source, "modality": modality,
            "event_type": "LAUNCH", "actor_code": actor, "target_code": "UKR",
            "published": datetime.fromtimestamp(base + 60 * minutes, tz=UTC)}


@pytest.mark.parametrize("size,period", [(HOUR, None), (7200.0, 1800.0), (86400.0, 3600.0)])
def test_windows_are_beams_windows(size, period):
    fn = beam_window.SlidingWindows(size, period) if period else beam_window.FixedWindows(size)
    for seconds in (T0, T0 + 1, T0 + 1799.5, T0 + 5399, T0 + 86399):
        beams = fn.assign(beam_window.WindowFn.AssignContext(Timestamp.of(seconds)))
        assert windows_of(seconds, size, period) == sorted((float(w.start), float(w.end)) for w in beams)


def brief(records):
    return [(r["window_start"].hour, r["actor_code"], r["events"], r["articles"], r["sources"],
             r["pane_index"], r["is_final"]) for r in records]


def test_counts_grow_once_per_event_and_distinct_articles_and_sources():
    book = CountBook(HOUR, None, lateness=DAY)
    now = T0 + 2 * HOUR
    assert brief(book.add(ev("e1", 5, article="a1"), now)[0]) == [(0, "RUS", 1, 1, 1, 0, False)]
    assert brief(book.add(ev("e2", 6, article="a1", source="s2"), now)[0]) == [(0, "RUS", 2, 1, 2, 1, False)]
    assert book.add(ev("e2", 6, article="a1", source="s2"), now) == ([], 0)  # counted already: no record
    assert brief(book.add(ev("e3", 70, actor="IRN"), now)[0]) == [(1, "IRN", 1, 1, 1, 0, False)]
    assert [r["events"] for r in book.current()] == [2, 1]


def test_a_window_closes_after_the_lateness_with_a_final_record_and_takes_no_more():
    book = CountBook(HOUR, None, lateness=DAY)
    book.add(ev("e1", 5), T0 + 10)
    book.add(ev("e2", 70), T0 + 10)
    assert book.next_close() == T0 + HOUR + DAY
    assert book.close(T0 + HOUR + DAY - 1) == []
    finals = book.close(T0 + HOUR + DAY)
    assert brief(finals) == [(0, "RUS", 1, 1, 1, 1, True)]  # the final record supersedes the update (pane 0)
    assert book.next_close() == T0 + 2 * HOUR + DAY
    assert book.add(ev("e3", 6), T0 + HOUR + DAY) == ([], 1)  # too late for its (closed) window


def test_an_event_that_comes_again_with_another_time_is_not_counted_again():
    book = CountBook(HOUR, None, lateness=DAY)
    book.add(ev("e1", 5), T0 + 10)
    assert book.add(ev("e1", 65), T0 + 10) == ([], 0)  # e.g. an undated entry fetched again later
    assert [(r["window_start"].hour, r["events"]) for r in book.current()] == [(0, 1)]
    book.close(T0 + HOUR + DAY)
    assert book.counted == {}  # forgotten with its window


def test_sliding_windows_count_an_event_in_each():
    book = CountBook(7200.0, 3600.0, lateness=DAY)
    records, _ = book.add(ev("e1", 90), T0 + 3 * HOUR)
    assert [(r["window_start"].hour, r["window_end"].hour) for r in records] == [(0, 2), (1, 3)]


def test_a_book_survives_pickling():
    book = CountBook(HOUR, None, lateness=DAY)
    book.add(ev("e1", 5), T0)
    again = pickle.loads(pickle.dumps(book))
    assert again.add(ev("e1", 5), T0) == ([], 0)
    assert brief(again.add(ev("e2", 6), T0)[0]) == [(0, "RUS", 2, 2, 1, 1, False)]


def earlier_run(base, since):
    """What an earlier run wrote: e1, e2 and a threatened launch, in the hour from ``base``."""
    return [e for e in (ev("e1", 5, base=base), ev("e2", 6, article="a2", base=base),
                        ev("t1", 7, modality="THREATENED", base=base))
            if e["published"].timestamp() > since]


def test_a_rerun_counts_on_from_the_events_already_written():
    # Event times in the current hour, so the window is open by the clock; e2 arrives again.
    now = datetime.now(tz=UTC).timestamp()
    base = now - now % HOUR
    events = [ev("e2", 6, article="a2", base=base), ev("e3", 8, article="a3", base=base)]
    with TestPipeline(runner="FnApiRunner") as p:
        records = p | beam.Create(events) | CountEventsStreaming(HOUR, None, DAY, seed=functools.partial(earlier_run, base))
        latest = (records | beam.Map(lambda r: (r["actor_code"], (r["pane_index"], r["events"], r["articles"])))
                  | beam.CombinePerKey(max))
        assert_that(latest, equal_to([("RUS", (2, 3, 3))]))
