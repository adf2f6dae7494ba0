"""``CountEvents``: ASSERTED events → counts per event-time window, type, actor, target."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Dict, Optional, Tuple

import apache_beam as beam
from apache_beam.transforms import window as beam_window

from schemas import WINDOW_COUNT
from transforms.records import check_record

CountKey = Tuple[str, Optional[str], Optional[str]]


def count_key(event: Dict[str, Any]) -> CountKey:
    return (event["event_type"], event["actor_code"], event["target_code"])


def event_timestamp(event: Dict[str, Any]) -> float:
    """Event time is the article's publication time, in seconds since the epoch."""
    return event["published"].timestamp()


class CountAccumulator(beam.CombineFn):
    """Events, distinct articles and distinct sources of one key in one window."""

    def create_accumulator(self):
        return (0, frozenset(), frozenset())

    def add_input(self, acc, event):
        n, articles, sources = acc
        return (n + 1, articles | {event["article_id"]},
                sources | ({event["source"]} if event.get("source") else frozenset()))

    def merge_accumulators(self, accs):
        n, articles, sources = 0, set(), set()
        for a, b, c in accs:
            n += a
            articles |= b
            sources |= c
        return (n, frozenset(articles), frozenset(sources))

    def extract_output(self, acc):
        n, articles, sources = acc
        return {"events": n, "articles": len(articles), "sources": len(sources)}


def _utc(ts) -> datetime:
    return datetime.fromtimestamp(float(ts), tz=timezone.utc)


class FormatCountFn(beam.DoFn):
    """((type, actor, target), counts) in a window → a WindowCount record.

    In batch every window fires once, so every record is final; in streaming
    the pane says whether a later firing may still replace it.
    """

    def __init__(self, streaming: bool = False) -> None:
        self.streaming = streaming

    def process(self, element, window=beam.DoFn.WindowParam, pane=beam.DoFn.PaneInfoParam):
        (event_type, actor, target), counts = element
        record = {
            "window_start": _utc(window.start),
            "window_end": _utc(window.end),
            "event_type": event_type,
            "actor_code": actor,
            "target_code": target,
            "events": counts["events"],
            "articles": counts["articles"],
            "sources": counts["sources"],
            "is_final": bool(pane.is_last) if self.streaming else True,
            "pane_index": int(pane.index),
        }
        yield check_record(WINDOW_COUNT, record)


def make_windowing(window_seconds: int, period_seconds: Optional[int] = None):
    if period_seconds:
        return beam_window.SlidingWindows(window_seconds, period_seconds)
    return beam_window.FixedWindows(window_seconds)


class CountEvents(beam.PTransform):
    """Event records → WindowCount records, counting ASSERTED events only.

    Events are stamped with their article's ``published`` time and counted in
    fixed windows of ``window_seconds`` (sliding when ``period_seconds`` is
    given). ``windowing`` overrides the window fn and trigger, for streaming.
    """

    def __init__(self, window_seconds: int, period_seconds: Optional[int] = None,
                 window_into: Optional[beam.PTransform] = None, streaming: bool = False) -> None:
        super().__init__()
        self.streaming = streaming
        self.window_seconds = window_seconds
        self.period_seconds = period_seconds
        self.window_into = window_into

    def expand(self, events):
        window_into = self.window_into or beam.WindowInto(make_windowing(self.window_seconds, self.period_seconds))
        return (events
                | "AssertedOnly" >> beam.Filter(lambda e: e["modality"] == "ASSERTED")
                | "StampEventTime" >> beam.Map(lambda e: beam_window.TimestampedValue(e, event_timestamp(e)))
                | "Window" >> window_into
                | "KeyByTuple" >> beam.Map(lambda e: (count_key(e), e))
                | "Count" >> beam.CombinePerKey(CountAccumulator())
                | "Format" >> beam.ParDo(FormatCountFn(self.streaming)))
