"""Imported by every SDK worker as it starts (``--beam_plugins``, set by
``pipeline.run``): the worker builds the extractor in a background thread.

A worker connects to the runner long before its first bundle of articles:
the runner first runs the small stages (matching the input, planning its
byte ranges, opening the sinks), and a worker that runs none of them waits.
Building the lexicons, gazetteer and candidate filter (a few tenths of a
second) in that wait, rather than when the first article arrives, takes it
off the run's critical path. ``ExtractOutcomeFn.setup`` then finds the
extractor built, or waits for the build under way (``default_extractor``
builds each extractor once per process).
"""
from __future__ import annotations

import threading

from transforms.extract import in_sdk_worker

if in_sdk_worker():
    from transforms.extractor import default_extractor

    threading.Thread(target=default_extractor, name="build-extractor", daemon=True).start()
