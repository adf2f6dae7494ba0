"""Streaming: how counts are kept, how long a window stays open, what a rerun skips.

Counts are kept by ``transforms.count.CountEventsStreaming`` in the
event-time windows of ``--window`` (sliding with ``--window-period``): a record
is written whenever a window's count changes (in practice once per poll), and
a final record (``is_final``) when the window closes, ``ALLOWED_LATENESS``
after its end by the clock. Records accumulate: each holds the window's total
so far and replaces the earlier records of the same window, event type, actor
and target (``pane_index`` grows with each). An event later than that is
written but not counted.

A run started again on the same output counts on from the events already
written, and its events writer skips events written lately (see
``transforms.feed_store`` for why a rerun can emit the entries of its last tick
again).
"""
from __future__ import annotations

import functools

import apache_beam as beam

from pipeline.options import EventPipelineOptions
from transforms.count import CountEventsStreaming
from transforms.durations import parse_duration, parse_interval
from transforms.write import read_event_files

ALLOWED_LATENESS = 2 * 86400  # seconds: an entry published up to two days late still updates its window
RECENT_WRITES = 3600.0  # seconds of events files a rerun checks for events it wrote already


def count_events(opts: EventPipelineOptions) -> beam.PTransform:
    """The streaming ``CountEvents``: counts kept in state, going on from the output's events."""
    window = parse_duration(opts.window)
    period = parse_duration(opts.window_period) if opts.window_period else None
    return CountEventsStreaming(window, period, ALLOWED_LATENESS,
                                seed=functools.partial(read_event_files, opts.output))


def partition_seconds(opts: EventPipelineOptions) -> int:
    """Events files are cut by the finest event-time partition of the count windows."""
    return parse_duration(opts.window_period or opts.window)


def recent_writes(opts: EventPipelineOptions) -> float:
    """How far back (from the newest events file) a rerun looks for events it wrote already:
    at least an hour, and at least three poll intervals."""
    return max(RECENT_WRITES, 3 * parse_interval(opts.poll_interval))
