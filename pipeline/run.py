"""Run the pipeline: ``python -m pipeline.run --input GLOB --output DIR``.

With no arguments it reads ``seeds/`` and writes ``out/``. At the end it prints
a summary from Beam metrics, including the reconciliation
articles read = processed + dead-lettered + skipped.
"""
from __future__ import annotations

import logging
import os
import sys
from typing import Dict, List, Optional

import apache_beam as beam
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.options.pipeline_options import PipelineOptions, SetupOptions, StandardOptions
from apache_beam.runners.runner import PipelineRunner

from pipeline.fn_api_metrics import keep_metrics_flat
from pipeline.options import EventPipelineOptions
from pipeline.sinks import write_outputs
from pipeline.streaming import count_events as streaming_count_events
from pipeline.sources import check_file_patterns, read_articles
from schemas import DEAD_LETTER, EVENT, WINDOW_COUNT
from transforms.articles import parse_timestamp
from transforms.count import CountEvents
from transforms.durations import parse_duration, parse_interval
from transforms.extract import EVENTS, ExtractEvents
from transforms.read import ARTICLES, DEAD_LETTERS, NAMESPACE
from transforms.progress import ShowProgress
from transforms.write import stale_outputs

# Imported by every SDK worker as it starts: it builds the extractor while
# the runner runs the small stages before the first bundle of articles.
WORKER_WARM_UP = "transforms.worker_warm_up"
OUTPUT_NAMES = {"events": EVENT, "counts": WINDOW_COUNT, "dead_letters": DEAD_LETTER}
# Streaming counters the summary shows when they are not zero (see pipeline/streaming.py).
STREAMING_LINES = (
    ("feeds_resumed", "feeds resumed"),
    ("feed_states_unreadable", "states unreadable"),
    ("already_written_events", "already written"),
    ("earlier_events_counted", "counted earlier"),
    ("late_events_not_counted", "too late to count"),
)


def build(p: beam.Pipeline, opts: EventPipelineOptions) -> None:
    """Chain the composite transforms: read → extract → count → write."""
    window = parse_duration(opts.window)
    period = parse_duration(opts.window_period) if opts.window_period else None

    streaming = opts.view_as(StandardOptions).streaming
    read = read_articles(p, opts)
    extracted = read[ARTICLES] | "ExtractEvents" >> ExtractEvents(dedupe_by_id=not streaming)
    events = extracted[EVENTS]
    counts = events | "CountEvents" >> (streaming_count_events(opts) if streaming else CountEvents(window, period))
    write_outputs(events, counts, (read[DEAD_LETTERS], extracted[DEAD_LETTERS]), opts)
    if opts.progress:
        _ = {"articles": read[ARTICLES], "events": events} | "Progress" >> ShowProgress()


def counters(result) -> Dict[str, int]:
    """The pipeline's counters by name, summed over steps."""
    totals: Dict[str, int] = {}
    for c in result.metrics().query(MetricsFilter().with_namespace(NAMESPACE))["counters"]:
        value = c.committed if c.committed is not None else c.attempted
        totals[c.key.metric.name] = totals.get(c.key.metric.name, 0) + (value or 0)
    return totals


def summary(totals: Dict[str, int], output: str) -> str:
    read = totals.get("articles_read", 0)
    processed = totals.get("articles_processed", 0)
    dead = sum(v for k, v in totals.items() if k.startswith("dead_letter_")) + totals.get("files_unreadable", 0)
    skipped = sum(v for k, v in totals.items() if k.startswith("skipped_"))
    lines = [
        f"articles read:        {read}",
        f"  processed:          {processed}",
        f"  dead-lettered:      {dead}",
        f"  skipped:            {skipped}",
        *(f"    {k[len('skipped_'):].replace('_', ' ')}: {v}" for k, v in sorted(totals.items())
          if k.startswith("skipped_") and v),
        f"  reconciled:         {'yes' if read == processed + dead + skipped else 'NO'}"
        f" ({read} = {processed} + {dead} + {skipped})",
    ]
    lines.append("events by type and modality:")
    for key in sorted(k for k in totals if k.startswith("events_")):
        _, event_type, modality = key.split("_", 2)
        lines.append(f"  {event_type} {modality}:".ljust(22) + f"{totals[key]}")
    shown = [(label, totals[key]) for key, label in STREAMING_LINES if totals.get(key)]
    if shown:
        lines.append("streaming:")
        lines.extend(f"  {label}:".ljust(22) + f"{value}" for label, value in shown)
    lines.append(f"output:               {os.path.abspath(output)}/{{events,counts,dead_letters}}-*.avro")
    return "\n".join(lines)


def with_worker_warm_up(opts: PipelineOptions) -> PipelineOptions:
    """``opts`` with ``WORKER_WARM_UP`` among the modules SDK workers import as they start."""
    setup = opts.view_as(SetupOptions)
    if WORKER_WARM_UP not in (setup.beam_plugins or []):
        setup.beam_plugins = [*(setup.beam_plugins or []), WORKER_WARM_UP]
    return opts


def local_runner(opts: PipelineOptions) -> Optional[PipelineRunner]:
    """The runner for a run on this machine: Beam's FnApiRunner, as the
    DirectRunner builds it, when no runner or the DirectRunner is asked for;
    None (Beam's choice) for any other runner.

    Since Beam 2.68 the DirectRunner first tries Prism, which it downloads
    from GitHub: on a machine online the pipeline would run on a binary
    fetched at run time, with other metric names and without
    --direct_num_workers; offline the attempt costs a failed download on
    every run. The FnApiRunner is what the DirectRunner falls back to."""
    if (opts.view_as(StandardOptions).runner or "DirectRunner") != "DirectRunner":
        return None
    from apache_beam.portability.api import beam_provision_api_pb2
    from apache_beam.runners.portability.fn_api_runner import fn_runner
    from apache_beam.runners.portability.portable_runner import JobServiceHandle

    # Workers started in multi_processing mode read the pipeline options
    # from the provision info, as under the DirectRunner.
    encoded = JobServiceHandle.encode_pipeline_options(opts.get_all_options())
    return fn_runner.FnApiRunner(provision_info=fn_runner.ExtendedProvisionInfo(
        beam_provision_api_pb2.ProvisionInfo(pipeline_options=encoded)))


def run(argv: Optional[List[str]] = None) -> Dict[str, int]:
    """Build and run the pipeline; return its counters."""
    opts = EventPipelineOptions(argv if argv is not None else sys.argv[1:])
    evopts = opts.view_as(EventPipelineOptions)
    try:
        parse_duration(evopts.window)
        if evopts.window_period:
            parse_duration(evopts.window_period)
        if evopts.default_published:
            parse_timestamp(evopts.default_published)
        parse_interval(evopts.poll_interval)
        check_file_patterns(evopts)
    except ValueError as exc:
        raise SystemExit(f"pipeline.run: {exc}")
    os.makedirs(evopts.output, exist_ok=True) if "://" not in evopts.output else None
    keep_metrics_flat()
    with_worker_warm_up(opts)
    p = beam.Pipeline(runner=local_runner(opts), options=opts)
    build(p, evopts)
    result = p.run()
    result.wait_until_finish()
    for name in OUTPUT_NAMES:
        for path in stale_outputs(evopts.output, name, evopts.num_shards):
            os.remove(path)
    totals = counters(result)
    print(summary(totals, evopts.output), file=sys.stderr)
    return totals


def main() -> None:
    logging.getLogger().setLevel(logging.WARNING)
    run()


if __name__ == "__main__":
    main()
