"""Where results go: Avro files under --output, and PostgreSQL with --db.

In batch each output set is written once at the end; in streaming every
firing of a window is written to its own file as it is produced.
"""
from __future__ import annotations

import time
import uuid

import apache_beam as beam
import fastavro
from apache_beam.io import fileio
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.transforms import trigger
from apache_beam.transforms import window as beam_window
from fastavro import parse_schema

from pipeline.options import EventPipelineOptions
from schemas import DEAD_LETTER, EVENT, WINDOW_COUNT, load_schema
from pipeline.streaming import ALLOWED_LATENESS
from transforms.count import event_timestamp, make_windowing
from transforms.durations import parse_duration
from transforms.postgres import COUNTS_TABLE, EVENTS_TABLE, WriteToPostgres
from transforms.write import WriteAvro


class AvroFileSink(fileio.FileSink):
    """Records of one schema into an Avro container file (for ``fileio.WriteToFiles``)."""

    def __init__(self, schema_name: str) -> None:
        self.schema_name = schema_name
        self._writer = None

    def open(self, fh) -> None:
        self._writer = fastavro.write.Writer(fh, parse_schema(load_schema(self.schema_name)))

    def write(self, record) -> None:
        self._writer.write(record)

    def flush(self) -> None:
        self._writer.flush()


def pane_file_naming(name: str):
    """``NAME-WINDOWSTART-WINDOWEND-FIRINGTIME-UNIQUE.avro``: every firing of a
    window gets its own file, so a later pane never overwrites an earlier one."""
    def naming(window, pane, shard_index, total_shards, compression, destination):
        span = ""
        if isinstance(window, beam_window.IntervalWindow):
            span = f"-{window.start.to_utc_datetime():%Y%m%dT%H%M%S}-{window.end.to_utc_datetime():%Y%m%dT%H%M%S}"
        return f"{name}{span}-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}.avro"
    return naming


class WriteAvroPanes(beam.PTransform):
    """Streaming: each firing of each window → its own Avro file, written as it is produced.

    Events and dead letters fire once per element bundle (every poll); counts
    fire with the trigger of ``CountEvents``.
    """

    def __init__(self, output_dir: str, name: str, schema_name: str, window_fn=None) -> None:
        super().__init__()
        self.output_dir, self.name, self.schema_name, self.window_fn = output_dir, name, schema_name, window_fn

    def expand(self, records):
        if self.window_fn is not None:
            records = records | "Window" >> beam.WindowInto(
                self.window_fn, trigger=trigger.Repeatedly(trigger.AfterCount(1)),
                accumulation_mode=trigger.AccumulationMode.DISCARDING, allowed_lateness=ALLOWED_LATENESS)
        return records | "WriteFiles" >> fileio.WriteToFiles(
            self.output_dir, file_naming=pane_file_naming(self.name),
            sink=lambda _dest, schema=self.schema_name: AvroFileSink(schema))


def write_outputs(events, counts, dead_letters, opts: EventPipelineOptions) -> None:
    """Write events, window counts and dead letters to every configured sink."""
    out, shards = opts.output, opts.num_shards
    if opts.db:
        # Rows the database refuses join the dead letters (in one windowing, for Flatten).
        refused_events = (events | "EventsToPostgres" >> WriteToPostgres(opts.db, EVENTS_TABLE)
                          | "RefusedEventsGlobal" >> beam.WindowInto(beam_window.GlobalWindows()))
        refused_counts = (counts | "CountsToPostgres" >> WriteToPostgres(opts.db, COUNTS_TABLE)
                          | "RefusedCountsGlobal" >> beam.WindowInto(beam_window.GlobalWindows()))
        dead_letters = (dead_letters, refused_events, refused_counts) | "WithRefusedRows" >> beam.Flatten()
    if opts.view_as(StandardOptions).streaming:
        window_fn = make_windowing(parse_duration(opts.window),
                                   parse_duration(opts.window_period) if opts.window_period else None)
        _ = (events | "StampEvents" >> beam.Map(lambda e: beam_window.TimestampedValue(e, event_timestamp(e)))
             | "WriteEvents" >> WriteAvroPanes(out, "events", EVENT, window_fn))
        _ = counts | "WriteCounts" >> WriteAvroPanes(out, "counts", WINDOW_COUNT)
        _ = dead_letters | "WriteDeadLetters" >> WriteAvroPanes(
            out, "dead_letters", DEAD_LETTER, beam_window.GlobalWindows())
        return
    _ = events | "WriteEvents" >> WriteAvro(out, "events", EVENT, shards)
    _ = counts | "WriteCounts" >> WriteAvro(out, "counts", WINDOW_COUNT, shards)
    _ = dead_letters | "WriteDeadLetters" >> WriteAvro(out, "dead_letters", DEAD_LETTER, shards)
