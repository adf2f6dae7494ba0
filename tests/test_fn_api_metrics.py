"""The FnApiRunner's metrics after thousands of bundles: readable, and not one
bundle's worth of memory per bundle (``pipeline.fn_api_metrics``)."""
from __future__ import annotations

import sys
import time

import apache_beam as beam
import pytest
from apache_beam.metrics import Metrics, monitoring_infos
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.runners.portability.fn_api_runner import fn_runner

from pipeline.fn_api_metrics import consolidate_now, keep_metrics_flat
from transforms.ticks import Ticks

BUNDLES = 1200  # more than Python's default recursion limit of 1,000


class _Count(beam.DoFn):
    def __init__(self):
        self.ticks = Metrics.counter("test", "ticks")

    def process(self, tick):
        self.ticks.inc()


def _run_ticks():
    p = beam.Pipeline(runner="FnApiRunner", options=PipelineOptions(["--streaming"]))
    _ = p | Ticks(time.time(), 0.001, BUNDLES) | beam.ParDo(_Count())  # one bundle per tick
    result = p.run()
    result.wait_until_finish()
    return result


def test_a_run_of_more_bundles_than_the_recursion_limit_reports_its_counters(monkeypatch):
    assert sys.getrecursionlimit() < BUNDLES
    # As Beam 2.77 has it, the merged metrics are a generator nested once per bundle.
    monkeypatch.setattr(fn_runner, "consolidate_monitoring_infos", monitoring_infos.consolidate)
    with pytest.raises(RecursionError):
        _run_ticks().metrics().query()
    keep_metrics_flat()
    [counter] = _run_ticks().metrics().query(MetricsFilter().with_name("ticks"))["counters"]
    assert counter.committed == BUNDLES


def test_the_merge_is_the_same_merge_done_at_once():
    keep_metrics_flat()
    assert fn_runner.consolidate_monitoring_infos is consolidate_now
    assert consolidate_now([]) == []
