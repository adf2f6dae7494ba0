"""Streaming windowing: when counts fire and how late an entry may still count.

Counts use the event-time windows of ``--window`` (sliding with
``--window-period``) and fire

* early, as soon as new events reach a window (in practice once per poll);
* on time, when the watermark passes the end of the window;
* late, once per late event, for ``ALLOWED_LATENESS`` after the window's end.

Panes accumulate: every count record holds the window's total so far, and
the record with ``is_final`` true (the pane Beam marks last) is the one no
later pane will replace. Later data than the allowed lateness is dropped.
"""
from __future__ import annotations

from typing import Optional

import apache_beam as beam
from apache_beam.transforms import trigger

from transforms.count import make_windowing

ALLOWED_LATENESS = 2 * 86400  # seconds: an entry published up to two days late still updates its window


def count_window_into(window_seconds: int, period_seconds: Optional[int] = None) -> beam.PTransform:
    """The ``WindowInto`` of ``CountEvents`` in streaming."""
    return beam.WindowInto(
        make_windowing(window_seconds, period_seconds),
        trigger=trigger.AfterWatermark(early=trigger.AfterCount(1), late=trigger.AfterCount(1)),
        accumulation_mode=trigger.AccumulationMode.ACCUMULATING,
        allowed_lateness=ALLOWED_LATENESS)
