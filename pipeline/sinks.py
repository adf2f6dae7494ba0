"""Where results go: Avro files under --output, and PostgreSQL with --db.

In batch each output set is written once at the end, by Beam. In streaming
the records of every bundle (in practice every poll) are written when the
bundle ends, by the writers of ``transforms.write``; nothing waits for a
grouping step, so output appears while the run goes on, on every runner.
"""
from __future__ import annotations

from typing import Sequence, Union

import apache_beam as beam
from apache_beam.options.pipeline_options import StandardOptions
from apache_beam.transforms import window as beam_window

from pipeline.options import EventPipelineOptions
from pipeline.streaming import partition_seconds, recent_writes
from schemas import DEAD_LETTER, EVENT, WINDOW_COUNT
from transforms.postgres import COUNTS_TABLE, EVENTS_TABLE, WriteToPostgres
from transforms.write import (CheckDeadLetterFn, WriteAvro, WriteCountFilesFn, WriteDeadLetterFilesFn,
                              WriteEventFilesFn)

PCollections = Union[beam.PCollection, Sequence[beam.PCollection]]


def write_outputs(events, counts, dead_letters: PCollections, opts: EventPipelineOptions) -> None:
    """Write events, window counts and dead letters (one PCollection or several) to every sink."""
    out, shards = opts.output, opts.num_shards
    dead_letters = list(dead_letters) if isinstance(dead_letters, (list, tuple)) else [dead_letters]
    if opts.db:
        # Rows the database refuses join the dead letters.
        refused_events = (events | "EventsToPostgres" >> WriteToPostgres(opts.db, EVENTS_TABLE)
                          | "RefusedEventsGlobal" >> beam.WindowInto(beam_window.GlobalWindows()))
        refused_counts = (counts | "CountsToPostgres" >> WriteToPostgres(opts.db, COUNTS_TABLE)
                          | "RefusedCountsGlobal" >> beam.WindowInto(beam_window.GlobalWindows()))
        dead_letters += [refused_events, refused_counts]
    if opts.view_as(StandardOptions).streaming:
        # No Flatten here: a runner may run the consumer of a Flatten only when its inputs
        # are complete (the FnApiRunner does), so each set of dead letters is written apart.
        _ = events | "WriteEvents" >> beam.ParDo(WriteEventFilesFn(out, partition_seconds(opts), recent_writes(opts)))
        _ = counts | "WriteCounts" >> beam.ParDo(WriteCountFilesFn(out))
        for i, part in enumerate(dead_letters):
            suffix = str(i) if i else ""
            _ = (part | f"CheckDeadLetters{suffix}" >> beam.ParDo(CheckDeadLetterFn())
                 | f"WriteDeadLetters{suffix}" >> beam.ParDo(WriteDeadLetterFilesFn(out)))
        return
    dead = (dead_letters | "AllDeadLetters" >> beam.Flatten()
            | "CheckDeadLetters" >> beam.ParDo(CheckDeadLetterFn()))
    _ = events | "WriteEvents" >> WriteAvro(out, "events", EVENT, shards)
    _ = counts | "WriteCounts" >> WriteAvro(out, "counts", WINDOW_COUNT, shards)
    _ = dead | "WriteDeadLetters" >> WriteAvro(out, "dead_letters", DEAD_LETTER, shards)
