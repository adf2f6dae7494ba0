"""``ShowProgress``: articles read and events found, on stderr, every few seconds.

Each worker process keeps one running tally per pipeline run and writes a line
when the last one is at least ``interval`` seconds old: every 5 seconds on a
terminal, every 30 seconds when stderr is a file or a pipe, so a long run's log
gets a steady heartbeat and not a line per article. Lines are written only as
elements flow, so a stalled pipeline falls silent rather than repeating itself.
"""
from __future__ import annotations

import sys
import threading
import time
import uuid
from typing import Callable, Dict, Optional, TextIO

import apache_beam as beam

TERMINAL_INTERVAL = 5.0
LOG_INTERVAL = 30.0
ARTICLES, EVENTS = "articles", "events"


def default_interval(stream: TextIO) -> float:
    """Seconds between lines: shorter on a terminal than in a log file."""
    try:
        return TERMINAL_INTERVAL if stream.isatty() else LOG_INTERVAL
    except (AttributeError, ValueError):  # a closed or unusual stream
        return LOG_INTERVAL


class ProgressReporter:
    """A thread-safe tally of articles and events that writes a throttled line."""

    def __init__(self, interval: Optional[float] = None, stream: Optional[Callable[[], TextIO]] = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream or (lambda: sys.stderr)
        self.interval = default_interval(self._stream()) if interval is None else interval
        self.clock = clock
        self.counts: Dict[str, int] = {ARTICLES: 0, EVENTS: 0}
        self.started = clock()
        self.last_line = self.started
        self.lock = threading.Lock()

    def add(self, kind: str, n: int = 1) -> None:
        with self.lock:
            self.counts[kind] = self.counts.get(kind, 0) + n
            now = self.clock()
            if now - self.last_line < self.interval:
                return
            self.last_line = now
            line = self.line(now)
        stream = self._stream()
        stream.write(line + "\n")
        stream.flush()

    def line(self, now: float) -> str:
        elapsed = max(now - self.started, 1e-9)
        articles, events = self.counts[ARTICLES], self.counts[EVENTS]
        return (f"progress: {articles} articles read, {events} events found "
                f"in {elapsed:.0f}s ({articles / elapsed:.1f} articles/s)")


_reporters: Dict[str, ProgressReporter] = {}
_reporters_lock = threading.Lock()


def reporter_for(run_id: str, interval: Optional[float] = None) -> ProgressReporter:
    """The reporter of one pipeline run in this process, shared by its DoFns."""
    with _reporters_lock:
        if run_id not in _reporters:
            _reporters[run_id] = ProgressReporter(interval)
        return _reporters[run_id]


class CountProgressFn(beam.DoFn):
    """Counts each element as an article or an event; outputs nothing."""

    def __init__(self, kind: str, run_id: str, interval: Optional[float] = None) -> None:
        self.kind = kind
        self.run_id = run_id
        self.interval = interval
        self.reporter: Optional[ProgressReporter] = None

    def setup(self):
        self.reporter = reporter_for(self.run_id, self.interval)

    def process(self, element):
        self.reporter.add(self.kind)
        return ()


class ShowProgress(beam.PTransform):
    """``{"articles": PCollection, "events": PCollection}`` → progress lines on stderr.

    A side branch: the inputs flow on unchanged to their other consumers.
    ``interval`` defaults to 5 s on a terminal and 30 s otherwise.
    """

    def __init__(self, interval: Optional[float] = None) -> None:
        super().__init__()
        self.interval = interval
        self.run_id = uuid.uuid4().hex

    def expand(self, pcolls):
        """Each value is a PCollection or a list of them (one per source)."""
        out = {}
        for kind, value in pcolls.items():
            parts = value if isinstance(value, (list, tuple)) else [value]
            out[kind] = [part | f"Count{kind.capitalize()}{i or ''}" >> beam.ParDo(
                CountProgressFn(kind, self.run_id, self.interval)) for i, part in enumerate(parts)]
        return out
