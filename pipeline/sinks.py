"""Where results go: Avro files under --output (and any configured sink)."""
from __future__ import annotations

import apache_beam as beam

from pipeline.options import EventPipelineOptions
from schemas import DEAD_LETTER, EVENT, WINDOW_COUNT
from transforms.write import WriteAvro


def write_outputs(events, counts, dead_letters, opts: EventPipelineOptions) -> None:
    """Write events, window counts and dead letters to every configured sink."""
    out, shards = opts.output, opts.num_shards
    _ = events | "WriteEvents" >> WriteAvro(out, "events", EVENT, shards)
    _ = counts | "WriteCounts" >> WriteAvro(out, "counts", WINDOW_COUNT, shards)
    _ = dead_letters | "WriteDeadLetters" >> WriteAvro(out, "dead_letters", DEAD_LETTER, shards)
