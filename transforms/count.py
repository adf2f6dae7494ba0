"""``CountEvents`` (batch) and ``CountEventsStreaming``: ASSERTED events → counts per
event-time window, type, actor, target."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.timeutil import TimeDomain
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec, TimerSpec, on_timer
from apache_beam.utils.timestamp import Timestamp

from schemas import WINDOW_COUNT
from transforms.read import NAMESPACE
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
    """((type, actor, target), counts) in a window → a WindowCount record (batch: every window fires once)."""

    def process(self, element, window=beam.DoFn.WindowParam):
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
            "is_final": True,
            "pane_index": 0,
        }
        yield check_record(WINDOW_COUNT, record)


def make_windowing(window_seconds: int, period_seconds: Optional[int] = None):
    if period_seconds:
        return beam_window.SlidingWindows(window_seconds, period_seconds)
    return beam_window.FixedWindows(window_seconds)


class CountEvents(beam.PTransform):
    """Event records → WindowCount records, counting ASSERTED events only (batch).

    Events are stamped with their article's ``published`` time and counted in
    fixed windows of ``window_seconds`` (sliding when ``period_seconds`` is
    given). Streaming uses ``CountEventsStreaming`` below.
    """

    def __init__(self, window_seconds: int, period_seconds: Optional[int] = None) -> None:
        super().__init__()
        self.window_seconds = window_seconds
        self.period_seconds = period_seconds

    def expand(self, events):
        return (events
                | "AssertedOnly" >> beam.Filter(lambda e: e["modality"] == "ASSERTED")
                | "StampEventTime" >> beam.Map(lambda e: beam_window.TimestampedValue(e, event_timestamp(e)))
                | "Window" >> beam.WindowInto(make_windowing(self.window_seconds, self.period_seconds))
                | "KeyByTuple" >> beam.Map(lambda e: (count_key(e), e))
                | "Count" >> beam.CombinePerKey(CountAccumulator())
                | "Format" >> beam.ParDo(FormatCountFn()))


# ------------------------------------------------------------ streaming: counts kept in state
#
# In streaming the counts are kept by one stateful DoFn (``CountWindowsFn``)
# instead of a trigger on a grouping step: a grouping step fires only when its
# runner completes it, which the FnApiRunner does when the run ends, and it
# holds every event until then. The DoFn keeps, for every window still open,
# the ids of the events counted, their articles and sources; it writes an
# updated record whenever a count changes, and a final record when the window
# closes.

Span = Tuple[float, float]  # a window [start, end) in seconds since the epoch


def windows_of(seconds: float, size: float, period: Optional[float] = None) -> List[Span]:
    """The windows holding ``seconds``: fixed windows of ``size``, or sliding ones starting
    every ``period`` (aligned on the epoch, as Beam's ``FixedWindows`` and ``SlidingWindows``)."""
    step = period or size
    last = seconds - (seconds % step)
    spans = []
    start = last
    while start > seconds - size:
        spans.append((start, start + size))
        start -= step
    return sorted(spans)


class KeyCount:
    """What one (window, type, actor, target) has counted: event ids, articles, sources."""

    __slots__ = ("event_ids", "articles", "sources")

    def __init__(self) -> None:
        self.event_ids: set = set()
        self.articles: set = set()
        self.sources: set = set()

    def add(self, event: Dict[str, Any]) -> bool:
        """Count ``event``; False when it was counted already (same ``event_id``)."""
        if event["event_id"] in self.event_ids:
            return False
        self.event_ids.add(event["event_id"])
        self.articles.add(event["article_id"])
        if event.get("source"):
            self.sources.add(event["source"])
        return True

    def __getstate__(self):
        return (self.event_ids, self.articles, self.sources)

    def __setstate__(self, state):
        self.event_ids, self.articles, self.sources = state


def count_record(window: Span, key: CountKey, counted: KeyCount, final: bool) -> Dict[str, Any]:
    """The WindowCount record of one key in one window.

    ``pane_index`` grows with every record of the key: an update carries the
    number of events counted minus one, the final record one more. It is
    derived from the counts, so it keeps growing across a restart."""
    n = len(counted.event_ids)
    return {
        "window_start": _utc(window[0]), "window_end": _utc(window[1]),
        "event_type": key[0], "actor_code": key[1], "target_code": key[2],
        "events": n, "articles": len(counted.articles), "sources": len(counted.sources),
        "is_final": final, "pane_index": n if final else n - 1,
    }


class CountBook:
    """The counts of every open window: pure, picklable, tested without Beam.

    A window is open until ``lateness`` seconds after its end (by the clock
    passed in); an event for a closed window is not counted.
    """

    def __init__(self, size: float, period: Optional[float], lateness: float) -> None:
        self.size, self.period, self.lateness = size, period, lateness
        self.windows: Dict[Span, Dict[CountKey, KeyCount]] = {}
        # event_id → when the last window it was counted in closes: an event is counted
        # once even when it comes again with another time (an entry without a date is
        # stamped with the time it is fetched, which differs when a rerun fetches it again).
        self.counted: Dict[str, float] = {}
        self.seeded = False

    def is_open(self, window: Span, now: float) -> bool:
        return window[1] + self.lateness > now

    def add(self, event: Dict[str, Any], now: float) -> Tuple[List[Dict[str, Any]], int]:
        """Count an ASSERTED event in its open windows: (updated records, windows it was too late for)."""
        if event["event_id"] in self.counted:
            return [], 0
        records, late = [], 0
        key, windows = count_key(event), windows_of(event_timestamp(event), self.size, self.period)
        for window in windows:
            if not self.is_open(window, now):
                late += 1
                continue
            counted = self.windows.setdefault(window, {}).setdefault(key, KeyCount())
            if counted.add(event):
                records.append(check_record(WINDOW_COUNT, count_record(window, key, counted, final=False)))
        if records:
            self.counted[event["event_id"]] = windows[-1][1] + self.lateness
        return records, late

    def close(self, now: float) -> List[Dict[str, Any]]:
        """Final records of the windows no longer open, which are forgotten."""
        closed = sorted(w for w in self.windows if not self.is_open(w, now))
        records = []
        for window in closed:
            for key, counted in sorted(self.windows.pop(window).items(), key=lambda kv: repr(kv[0])):
                records.append(check_record(WINDOW_COUNT, count_record(window, key, counted, final=True)))
        if closed:  # forget the events whose windows have all closed
            self.counted = {i: at for i, at in self.counted.items() if at > now}
        return records

    def current(self) -> List[Dict[str, Any]]:
        """Records of everything counted, as updates."""
        return [check_record(WINDOW_COUNT, count_record(w, k, c, final=False))
                for w, keys in sorted(self.windows.items()) for k, c in sorted(keys.items(), key=lambda kv: repr(kv[0]))]

    def next_close(self) -> Optional[float]:
        """When the earliest open window closes, or None."""
        return min((w[1] + self.lateness for w in self.windows), default=None)

    def seed_since(self, now: float) -> float:
        """Events published after this time may still count in an open window."""
        return now - self.lateness - self.size


COUNTS_KEY = "counts"


class CountWindowsFn(beam.DoFn):
    """(COUNTS_KEY, ASSERTED event) → WindowCount records, as counts change.

    One key holds the ``CountBook``. ``seed(since)`` yields the events already
    written by an earlier run on the same output (published after ``since``);
    the first element of a run counts them first, so a run started again goes on
    from the counts it stopped at. An event counted already (same ``event_id``)
    is not counted twice.

    Windows close ``lateness`` seconds after their end: when an element arrives
    after that, or when the timer set for the earliest closing fires. A timer
    that fires before its time on the clock comes from a runner that advanced
    the watermark to the end of time at a bundle's end (the FnApiRunner); the
    windows stay open then, and close with a later element. No event's time is
    ahead of the clock here (``published`` is never in the future), so on other
    runners a timer never fires early.
    """

    BOOK = ReadModifyWriteStateSpec("book", PickleCoder())
    TIMER_AT = ReadModifyWriteStateSpec("timer_at", PickleCoder())
    CLOSE = TimerSpec("close", TimeDomain.WATERMARK)

    def __init__(self, size: float, period: Optional[float], lateness: float,
                 seed: Optional[Callable[[float], Iterable[Dict[str, Any]]]] = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.size, self.period, self.lateness = size, period, lateness
        self.seed = seed
        self.clock = clock
        self.too_late = Metrics.counter(NAMESPACE, "late_events_not_counted")
        self.seeded = Metrics.counter(NAMESPACE, "earlier_events_counted")

    def process(self, element, book_state=beam.DoFn.StateParam(BOOK),
                timer_at=beam.DoFn.StateParam(TIMER_AT), close=beam.DoFn.TimerParam(CLOSE)):
        _, event = element
        now = self.clock()
        book = book_state.read() or CountBook(self.size, self.period, self.lateness)
        if not book.seeded:
            book.seeded = True
            if self.seed is not None:
                for earlier in self.seed(book.seed_since(now)):
                    if earlier["modality"] == "ASSERTED":
                        self.seeded.inc()
                        book.add(earlier, now)
                yield from book.current()  # repeats what the earlier run wrote, and anything it had not yet
        yield from book.close(now)
        records, late = book.add(event, now)
        self.too_late.inc(late)
        yield from records
        book_state.write(book)
        self._arm(book, timer_at, close)

    @on_timer(CLOSE)
    def on_close(self, fire=beam.DoFn.TimestampParam, book_state=beam.DoFn.StateParam(BOOK),
                 timer_at=beam.DoFn.StateParam(TIMER_AT), close=beam.DoFn.TimerParam(CLOSE)):
        now = self.clock()
        if now < float(fire.micros) / 1e6:
            return  # fired before its time (see the class docstring)
        book = book_state.read()
        if book is None:
            return
        yield from book.close(now)
        book_state.write(book)
        timer_at.clear()
        self._arm(book, timer_at, close)

    @staticmethod
    def _arm(book: CountBook, timer_at, close) -> None:
        # Set only when the earliest closing changes: a runner that fires timers
        # early would otherwise run a bundle for it after every element.
        at = book.next_close()
        if at is not None and at != timer_at.read():
            close.set(Timestamp.of(at))
            timer_at.write(at)


class CountEventsStreaming(beam.PTransform):
    """Event records → WindowCount records as counts change (streaming), ASSERTED events only.

    Windows are fixed (``window_seconds``) or sliding (every ``period_seconds``)
    in event time; a record is written whenever a (window, type, actor, target)
    count changes, and a final one (``is_final``) ``lateness`` seconds after the
    window's end. ``seed`` reads the events an earlier run wrote (see
    ``CountWindowsFn``).
    """

    def __init__(self, window_seconds: float, period_seconds: Optional[float], lateness: float,
                 seed: Optional[Callable[[float], Iterable[Dict[str, Any]]]] = None) -> None:
        super().__init__()
        self.window_seconds, self.period_seconds = window_seconds, period_seconds
        self.lateness, self.seed = lateness, seed

    def expand(self, events):
        return (events
                | "AssertedOnly" >> beam.Filter(lambda e: e["modality"] == "ASSERTED")
                | "OneKey" >> beam.Map(lambda e: (COUNTS_KEY, e))
                | "CountWindows" >> beam.ParDo(CountWindowsFn(
                    self.window_seconds, self.period_seconds, self.lateness, self.seed)))
