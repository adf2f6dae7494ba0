"""Write records as Avro files: validated first, then written by Beam."""
from __future__ import annotations

import glob
import os
import re
from typing import List

import apache_beam as beam
from apache_beam.io.avroio import WriteToAvro
from apache_beam.transforms import window as beam_window

from schemas import DEAD_LETTER, load_schema
from transforms.records import RecordInvalid, check_record, dead_letter_record

SHARD_TEMPLATE = "-SSSSS-of-NNNNN"


class CheckDeadLetterFn(beam.DoFn):
    """Dead letters are validated too; one that does not fit is rewritten to fit,
    so a write never fails on it."""

    def process(self, record):
        try:
            yield check_record(DEAD_LETTER, record)
        except RecordInvalid as exc:
            raw = record.get("raw") if isinstance(record.get("raw"), (bytes, bytearray)) else repr(record).encode()
            yield check_record(DEAD_LETTER, dead_letter_record(
                str(record.get("origin", "?")), "write", exc, raw))


class WriteAvro(beam.PTransform):
    """Records → ``DIR/NAME-SSSSS-of-NNNNN.avro`` with the named schema.

    Beam writes each shard to a temporary file and renames it when the shard
    is complete, so a reader globbing the final names never sees a partial file.
    """

    def __init__(self, output_dir: str, name: str, schema_name: str, num_shards: int = 1) -> None:
        super().__init__()
        self.output_dir = output_dir
        self.name = name
        self.schema_name = schema_name
        self.num_shards = num_shards

    def expand(self, records):
        return (records
                | "GlobalWindow" >> beam.WindowInto(beam_window.GlobalWindows())
                | "WriteAvro" >> WriteToAvro(
                    os.path.join(self.output_dir, self.name), load_schema(self.schema_name),
                    file_name_suffix=".avro", num_shards=self.num_shards,
                    shard_name_template=SHARD_TEMPLATE))


def stale_outputs(output_dir: str, name: str, num_shards: int) -> List[str]:
    """Files of an earlier run with another shard count, which this run did not replace."""
    pattern = re.compile(rf"^{re.escape(name)}-\d{{5}}-of-(\d{{5}})\.avro$")
    out = []
    for path in glob.glob(os.path.join(output_dir, f"{name}-*.avro")):
        m = pattern.match(os.path.basename(path))
        if m and int(m.group(1)) != num_shards:
            out.append(path)
    return out
