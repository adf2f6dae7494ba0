"""``Ticks``: a tick per interval, waited for rather than spun for, one tick per bundle."""
from __future__ import annotations

import time

import apache_beam as beam
import pytest
from apache_beam.io.restriction_trackers import OffsetRange, OffsetRestrictionTracker
from apache_beam.io.watermark_estimators import ManualWatermarkEstimator
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.sdf_utils import RestrictionTrackerView, ThreadsafeRestrictionTracker
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from transforms.ticks import TickFn, Ticks, tick_time, ticks_due, wait_before


def test_tick_times_and_waits():
    assert [tick_time(100.0, 2.5, i) for i in range(3)] == [100.0, 102.5, 105.0]
    assert wait_before(100.0, 2.5, 1, now=101.0) == 1.5      # tick 1 is due at 102.5
    assert wait_before(100.0, 2.5, 1, now=103.0) == 0.0      # overdue: no wait
    assert wait_before(100.0, 2.5, 0, now=0.0) == 2.5        # never more than one interval
    assert [ticks_due(100.0, 2.5, t) for t in (99.0, 100.0, 102.4, 102.5)] == [0, 1, 1, 2]


def _call(fn, restriction):
    tracker = RestrictionTrackerView(ThreadsafeRestrictionTracker(OffsetRestrictionTracker(restriction)))
    out = list(fn.process((100.0, 2.0, 3), tracker, ManualWatermarkEstimator(None)))
    return out, tracker


def test_a_tick_called_early_waits_for_its_time_then_defers_the_rest():
    slept = []
    fn = TickFn(clock=lambda: 101.25, sleep=slept.append)
    out, tracker = _call(fn, OffsetRange(1, 3))
    assert slept == [0.75]  # tick 1 is at 102.0
    assert [(v.value, float(v.timestamp)) for v in out] == [(102.0, 102.0)]
    residual = tracker._threadsafe_restriction_tracker.deferred_status()
    assert residual is not None and residual[0].start == 2  # the next tick is deferred, not emitted


def test_the_last_tick_defers_nothing():
    fn = TickFn(clock=lambda: 200.0, sleep=lambda s: pytest.fail("an overdue tick must not wait"))
    out, tracker = _call(fn, OffsetRange(2, 3))
    assert [v.value for v in out] == [104.0]
    assert tracker._threadsafe_restriction_tracker.deferred_status() is None


_bundles = []


class _CountBundles(beam.DoFn):
    def start_bundle(self):
        self.n = 0

    def process(self, tick):
        self.n += 1
        yield tick

    def finish_bundle(self):
        _bundles.append(self.n)


def test_ticks_in_streaming_come_on_time_one_bundle_each():
    _bundles.clear()
    start = time.time() + 0.3
    with TestPipeline(runner="FnApiRunner", options=PipelineOptions(["--streaming"])) as p:
        ticks = p | Ticks(start, 0.25, 6) | beam.ParDo(_CountBundles())
        assert_that(ticks | beam.Map(lambda t: round(t - start, 2)), equal_to([0.0, 0.25, 0.5, 0.75, 1.0, 1.25]))
    assert time.time() >= start + 1.25  # the last tick was not emitted before its time
    # The runner resumes the splittable DoFn at once; without the wait it would run
    # hundreds of empty bundles a second (as PeriodicImpulse does on this runner).
    assert sum(_bundles) == 6 and len(_bundles) <= 8, _bundles


def test_ticks_refuse_a_non_positive_interval():
    with pytest.raises(ValueError):
        Ticks(0.0, 0.0)


def test_a_poll_interval_may_be_a_fraction_of_a_second():
    from transforms.durations import parse_interval

    assert [parse_interval(t) for t in ("0.3s", "30s", "1.5m", "1h")] == [0.3, 30.0, 90.0, 3600.0]
    for bad in ("0s", "0.0s", "-1s", ".5s", "5", "5x"):
        with pytest.raises(ValueError, match="not an interval"):
            parse_interval(bad)
