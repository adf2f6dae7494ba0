"""Write records as Avro files: validated first, then written by Beam (batch),
or per bundle by the pipeline's own writers (streaming)."""
from __future__ import annotations

import glob
import hashlib
import os
import re
import time
import uuid
from datetime import datetime, timezone
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

import apache_beam as beam
import fastavro
from apache_beam.io.avroio import WriteToAvro
from apache_beam.io.filesystem import BeamIOError, CompressionTypes, FileMetadata
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics
from apache_beam.transforms import window as beam_window

from schemas import DEAD_LETTER, EVENT, WINDOW_COUNT, load_schema, parsed_schema
from transforms.read import NAMESPACE
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


# ------------------------------------------------------------ streaming: files per bundle
#
# In streaming, records are written when the bundle that carries them ends: on
# every runner that is each poll, without waiting for a grouping step (which
# the FnApiRunner completes only when the run ends). Each file is written
# under a temporary name that no output glob matches (".NAME-….tmp") and then
# renamed, so a reader globbing NAME-*.avro only ever sees whole files.

TEMP_MAX_AGE = 3600.0  # seconds: a temporary file this old was left by a killed run


def utc_label(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, tz=timezone.utc).strftime("%Y%m%dT%H%M%S")


def _parse_label(text: str) -> float:
    return datetime.strptime(text, "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc).timestamp()


Span = Tuple[float, float]  # [start, end) in seconds since the epoch


def span_file_name(name: str, span: Span, identities: Iterable[str]) -> str:
    """``NAME-START-END-DIGEST.avro``: the digest is of the records' identities, so
    the same records give the same name and writing them again replaces the file."""
    digest = hashlib.sha256("\n".join(sorted(identities)).encode("utf-8")).hexdigest()[:16]
    return f"{name}-{utc_label(span[0])}-{utc_label(span[1])}-{digest}.avro"


def file_span(file_name: str, name: str) -> Optional[Span]:
    """The span in a ``span_file_name``, or None for a name of another form."""
    m = re.match(rf"^{re.escape(name)}-(\d{{8}}T\d{{6}})-(\d{{8}}T\d{{6}})-[0-9a-f]{{16}}\.avro$", file_name)
    return (_parse_label(m.group(1)), _parse_label(m.group(2))) if m else None


def partition_span(seconds: float, size: float) -> Span:
    """The fixed window of ``size`` seconds holding ``seconds`` (aligned on the epoch, as Beam's)."""
    start = seconds - (seconds % size)
    return (start, start + size)


def write_atomically(path: str, write: Callable[[Any], None]) -> None:
    """Write a file through ``write(fh)`` under a temporary name, then rename it to ``path``."""
    directory, base = FileSystems.split(path)
    temp = FileSystems.join(directory, f".{base}.{uuid.uuid4().hex[:12]}.tmp")
    with FileSystems.create(temp, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        write(fh)
    FileSystems.rename([temp], [path])


def read_whole(path: str) -> bytes:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        return fh.read()


def read_avro(path: str) -> List[Dict[str, Any]]:
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        return list(fastavro.reader(fh))


def _match(pattern: str) -> List[FileMetadata]:
    try:
        matched = FileSystems.match([pattern])
    except BeamIOError:  # e.g. the directory does not exist yet
        return []
    return list(matched[0].metadata_list) if matched else []


def list_files(output_dir: str, name: str) -> List[FileMetadata]:
    """Metadata of the output files ``NAME-*.avro`` (path, size, time last written)."""
    return _match(FileSystems.join(output_dir, f"{name}-*.avro"))


def remove_stale_temp_files(output_dir: str, now: float, max_age: float = TEMP_MAX_AGE) -> int:
    """Delete temporary files older than ``max_age`` (a run was killed mid-write); how many."""
    old = [m.path for m in _match(FileSystems.join(output_dir, ".*.tmp"))
           if (m.last_updated_in_seconds or now) < now - max_age]
    if old:
        FileSystems.delete(old)
    return len(old)


def read_event_files(output_dir: str, since: float) -> Iterator[Dict[str, Any]]:
    """The events of every ``events-*.avro`` file whose span ends after ``since``."""
    for meta in list_files(output_dir, "events"):
        span = file_span(FileSystems.split(meta.path)[1], "events")
        if span is not None and span[1] > since:
            yield from read_avro(meta.path)


def recent_event_ids(output_dir: str, horizon: float) -> Dict[str, float]:
    """Event ids in the events files written within ``horizon`` seconds of the newest one
    (id → when its file was written)."""
    files = [(m.last_updated_in_seconds or 0.0, m.path) for m in list_files(output_dir, "events")]
    if not files:
        return {}
    newest = max(t for t, _ in files)
    ids: Dict[str, float] = {}
    for written, path in files:
        if written >= newest - horizon:
            for record in read_avro(path):
                ids[record["event_id"]] = written
    return ids


class RecentIds:
    """Ids written lately, each with the time it was written; forgets ids older than the horizon."""

    def __init__(self, horizon: float, ids: Optional[Dict[str, float]] = None) -> None:
        self.horizon = horizon
        self.ids: Dict[str, float] = dict(ids or {})

    def __contains__(self, key: str) -> bool:
        return key in self.ids

    def add(self, keys: Iterable[str], now: float) -> None:
        for k in keys:
            self.ids[k] = now
        cutoff = now - self.horizon
        if any(t < cutoff for t in self.ids.values()):
            self.ids = {k: t for k, t in self.ids.items() if t >= cutoff}


class _FilesPerBundleFn(beam.DoFn):
    """Buffers a bundle's records by group and writes one Avro file per group when it ends."""

    def __init__(self, output_dir: str, name: str, schema_name: str) -> None:
        self.output_dir, self.name, self.schema_name = output_dir, name, schema_name
        self.files = Metrics.counter(NAMESPACE, f"files_written_{name}")
        self.groups: Dict[Any, List[Dict[str, Any]]] = {}

    def setup(self):
        self.schema = parsed_schema(self.schema_name)
        remove_stale_temp_files(self.output_dir, time.time())

    def start_bundle(self):
        self.groups = {}

    def group(self, record: Dict[str, Any]) -> Any:
        return None

    def select(self, group: Any, records: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        return records

    def file_name(self, group: Any, records: List[Dict[str, Any]]) -> str:
        raise NotImplementedError

    def written(self, records: List[Dict[str, Any]]) -> None:
        """Called after a file of ``records`` is in place."""

    def process(self, record):
        self.groups.setdefault(self.group(record), []).append(record)

    def finish_bundle(self):
        for group, records in sorted(self.groups.items(), key=lambda kv: repr(kv[0])):
            records = self.select(group, records)
            if not records:
                continue
            path = FileSystems.join(self.output_dir, self.file_name(group, records))
            write_atomically(path, lambda fh: fastavro.writer(fh, self.schema, records))
            self.files.inc()
            self.written(records)
        self.groups = {}


class WriteEventFilesFn(_FilesPerBundleFn):
    """Events → ``events-START-END-DIGEST.avro``, one file per partition of event time per bundle.

    An event whose ``event_id`` is already in a file written within ``horizon``
    seconds of the newest events file (when the writer started), or written by
    this writer since, is not written again and is counted as
    ``already_written_events``: a run started again on the same output emits
    the entries of its last tick again (see ``transforms.feed_store``).
    """

    def __init__(self, output_dir: str, partition_seconds: float, horizon: float = 3600.0) -> None:
        super().__init__(output_dir, "events", EVENT)
        self.partition_seconds = partition_seconds
        self.horizon = horizon
        self.already = Metrics.counter(NAMESPACE, "already_written_events")
        self.recent: Optional[RecentIds] = None

    def setup(self):
        super().setup()
        self.recent = RecentIds(self.horizon, recent_event_ids(self.output_dir, self.horizon))

    def group(self, record):
        return partition_span(record["published"].timestamp(), self.partition_seconds)

    def select(self, group, records):
        fresh, seen = [], set()
        for r in records:
            if r["event_id"] in self.recent or r["event_id"] in seen:
                self.already.inc()
                continue
            seen.add(r["event_id"])
            fresh.append(r)
        return fresh

    def file_name(self, group, records):
        return span_file_name(self.name, group, (r["event_id"] for r in records))

    def written(self, records):
        self.recent.add((r["event_id"] for r in records), time.time())


def count_identity(record: Dict[str, Any]) -> str:
    return "|".join(str(record[k]) for k in ("window_start", "window_end", "event_type", "actor_code",
                                              "target_code", "pane_index", "is_final"))


class WriteCountFilesFn(_FilesPerBundleFn):
    """Count records → ``counts-START-END-DIGEST.avro``, one file per window per bundle,
    keeping of each (type, actor, target) only the bundle's latest record."""

    def __init__(self, output_dir: str) -> None:
        super().__init__(output_dir, "counts", WINDOW_COUNT)

    def group(self, record):
        return (record["window_start"].timestamp(), record["window_end"].timestamp())

    def select(self, group, records):
        latest: Dict[Tuple, Dict[str, Any]] = {}
        for r in records:
            key = (r["event_type"], r["actor_code"], r["target_code"])
            if key not in latest or (r["pane_index"], r["is_final"]) >= (latest[key]["pane_index"],
                                                                          latest[key]["is_final"]):
                latest[key] = r
        return sorted(latest.values(), key=lambda r: (r["event_type"], r["actor_code"] or "", r["target_code"] or ""))

    def file_name(self, group, records):
        return span_file_name(self.name, group, (count_identity(r) for r in records))


class WriteDeadLetterFilesFn(_FilesPerBundleFn):
    """Dead letters → ``dead_letters-WRITTEN-ID.avro``, one file per bundle.

    The same failure twice (a feed down at two polls) is two dead letters, so
    these files are named by the time they are written and a random id."""

    def __init__(self, output_dir: str) -> None:
        super().__init__(output_dir, "dead_letters", DEAD_LETTER)

    def file_name(self, group, records):
        return f"{self.name}-{utc_label(time.time())}-{uuid.uuid4().hex[:16]}.avro"
