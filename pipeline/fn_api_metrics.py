"""Keep the FnApiRunner's metrics flat over a long run.

After every bundle the FnApiRunner (Beam 2.77, ``fn_runner.run_stages``)
merges the bundle's metrics into those of its stage with
``monitoring_infos.consolidate``, a generator, over a chain of the new
metrics and the previous generator. Nothing is merged until the run ends, so
a run of N bundles keeps N bundles' metrics (about 60 KB each in this
pipeline) and ends with a generator nested N deep: reading the metrics for the
summary then raises RecursionError once N passes Python's recursion limit
(about 1,000 bundles; a streaming run has at least one bundle per poll).

``keep_metrics_flat()`` makes that merge eager: the same function, its result
turned into a list at once. The runner then holds one merged list per stage,
whose size depends on the metric names and not on the number of bundles.
Only the FnApiRunner (and the DirectRunner, which runs on it) uses this
function; other runners are not affected.
"""
from __future__ import annotations

from apache_beam.metrics import monitoring_infos
from apache_beam.runners.portability.fn_api_runner import fn_runner


def consolidate_now(metrics, key=monitoring_infos.to_key) -> list:
    """``monitoring_infos.consolidate``, evaluated at once."""
    return list(monitoring_infos.consolidate(metrics, key))


def keep_metrics_flat() -> None:
    """Make the FnApiRunner merge each bundle's metrics as the bundle ends (idempotent)."""
    fn_runner.consolidate_monitoring_infos = consolidate_now
