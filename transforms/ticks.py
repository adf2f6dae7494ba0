"""``Ticks``: one element every ``interval`` seconds of wall-clock time, from ``start``.

A splittable DoFn like Beam's ``PeriodicImpulse``, with one difference that
matters for long runs: when the runner resumes it before the next tick is due,
it waits for the tick instead of returning at once. A runner that honours the
resume time it is given (Prism, Flink, Dataflow) never resumes it early, so it
never waits there; a runner that resumes at once (the FnApiRunner) would
otherwise call it hundreds of times a second, and that runner keeps every
bundle's metrics until the run ends.

Each tick is the tick's time (seconds since the epoch, also its event time);
one tick per bundle, so what a poll produces leaves in a bundle of its own.
The output watermark follows the ticks.
"""
from __future__ import annotations

import math
import sys
import time
from typing import Callable, Optional, Tuple

import apache_beam as beam
from apache_beam.io.restriction_trackers import OffsetRange, OffsetRestrictionTracker
from apache_beam.io.watermark_estimators import ManualWatermarkEstimator
from apache_beam.transforms import window as beam_window
from apache_beam.utils.timestamp import Timestamp

# (first tick, interval in seconds, number of ticks or None for no end)
TickSpec = Tuple[float, float, Optional[int]]
UNBOUNDED = sys.maxsize


def tick_time(start: float, interval: float, index: int) -> float:
    """The time of tick ``index`` (0 is ``start``)."""
    return start + interval * index


def wait_before(start: float, interval: float, index: int, now: float) -> float:
    """Seconds to wait before tick ``index`` is due (0 when it is due), at most one interval."""
    return min(max(tick_time(start, interval, index) - now, 0.0), interval)


def ticks_due(start: float, interval: float, now: float) -> int:
    """How many ticks are due at ``now`` (those at or before it)."""
    return 0 if now < start else math.floor((now - start) / interval) + 1


class TickRestrictionProvider(beam.transforms.core.RestrictionProvider):
    def initial_restriction(self, spec: TickSpec) -> OffsetRange:
        _, _, count = spec
        return OffsetRange(0, UNBOUNDED if count is None else count)

    def create_tracker(self, restriction: OffsetRange) -> OffsetRestrictionTracker:
        return OffsetRestrictionTracker(restriction)

    def restriction_size(self, spec: TickSpec, restriction: OffsetRange) -> int:
        start, interval, _ = spec
        due = min(ticks_due(start, interval, time.time()), restriction.stop)
        return 8 * max(due - restriction.start, 0)

    def truncate(self, spec, restriction):
        return None  # on drain, stop ticking


class TickFn(beam.DoFn):
    """(start, interval, count) → one timestamped tick per call; defers to the next."""

    def __init__(self, clock: Callable[[], float] = time.time, sleep: Callable[[float], None] = time.sleep) -> None:
        self.clock = clock
        self.sleep = sleep

    @beam.DoFn.unbounded_per_element()
    def process(self, spec: TickSpec,
                tracker=beam.DoFn.RestrictionParam(TickRestrictionProvider()),
                watermark=beam.DoFn.WatermarkEstimatorParam(ManualWatermarkEstimator.default_provider())):
        start, interval, _ = spec
        restriction = tracker.current_restriction()
        index = restriction.start
        wait = wait_before(start, interval, index, self.clock())
        if wait > 0:
            self.sleep(wait)
        if not tracker.try_claim(index):
            return
        at = tick_time(start, interval, index)
        watermark.set_watermark(Timestamp.of(at))
        yield beam_window.TimestampedValue(at, at)
        if index + 1 < restriction.stop:
            tracker.defer_remainder(Timestamp.of(tick_time(start, interval, index + 1)))


class Ticks(beam.PTransform):
    """PBegin → a tick every ``interval`` seconds from ``start``; ``count`` ticks, or without end."""

    def __init__(self, start: float, interval: float, count: Optional[int] = None) -> None:
        super().__init__()
        if interval <= 0:
            raise ValueError("the interval between ticks must be positive")
        self.spec: TickSpec = (float(start), float(interval), count)

    def expand(self, pbegin):
        return (pbegin
                | "Spec" >> beam.Create([self.spec])
                | "Tick" >> beam.ParDo(TickFn()))
