"""Read articles from files: JSON Lines (optionally gzipped) and plain text.

``ReadArticles`` matches the input globs, reads every file line by line (JSON
Lines) or whole (.txt), keeps the exact bytes and their origin (path:line),
and parses them into articles. Input that cannot become an article leaves
through the ``dead_letters`` output with the reason; nothing is dropped
silently. (Repeated article ids are resolved after extraction, by
``transforms.extract.ExtractEvents``, so whole articles are never grouped.)

A large uncompressed JSON Lines file is cut into byte ranges at line starts,
each carrying its first line number, so the workers of a runner share the
reading, parsing and extraction of one file without the articles being
shuffled between them. A gzipped file cannot be cut into byte ranges. On a
local runner with several worker processes it is read in shares instead:
every worker decompresses the whole file and keeps every N-th line, so
parsing and extraction run on all of them and no record passes through the
runner. On another runner, when every input pattern names gzipped or text
files, the records read are redistributed (``beam.Reshuffle``) after the read.
"""
from __future__ import annotations

import gzip
import logging
import os
import pickle
import zlib
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Iterator, List, Optional, Tuple

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.articles import (MAX_ARTICLE_BYTES, ArticleError, article_from_json_line,
                                 article_from_text_file, skip_reason)
from transforms.records import dead_letter_record

NAMESPACE = "arabic_events"
ARTICLES, DEAD_LETTERS = "articles", "dead_letters"

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)


UNSPLITTABLE_SUFFIXES = (".gz", ".txt")
SPREAD_BATCH = 64  # records handed to another worker at once


def input_kind(path: str) -> Optional[str]:
    """jsonl, text, or None for a file the pipeline does not read."""
    lower = path.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


class InputTruncated(Exception):
    """A file ended early or became unreadable; ``partial`` holds the bytes of
    the unfinished line."""

    def __init__(self, cause: BaseException | str, partial: bytes) -> None:
        super().__init__(cause if isinstance(cause, str) else f"{type(cause).__name__}: {cause}")
        self.partial = partial


class RecordTooLarge(Exception):
    """A record over ``max_article_bytes``: kept whole, never decoded or parsed."""


# A large JSON Lines file is read in ranges of this size. A runner that hands
# each worker an equal count of ranges (the DirectRunner does) leaves the
# workers unequal by up to a range's work; at 2 MiB (about 600 articles of
# news) that is a tenth of a second, where 8 MiB could leave one of two
# workers idle for half a second at the end of the read.
RANGE_BYTES = 2 << 20

# (path, kind, start offset, end offset or None for the end, first line number,
# file time, share, shares): the range's records are the lines whose number
# is ``share`` modulo ``shares`` (all of them when ``shares`` is 1).
FileRange = Tuple[str, str, int, Optional[int], int, datetime, int, int]
# (kind, origin, raw bytes, file time): one record as read, before parsing
RawRecord = Tuple[str, str, bytes, datetime]


class PlanRangesFn(beam.DoFn):
    """A matched file → the byte ranges it is read in.

    Only uncompressed JSON Lines files over ``range_bytes`` are cut: at the
    first line start after every ``range_bytes``, counting lines on the way
    (one sequential pass that does not parse anything). A gzipped JSON Lines
    file is ``gzip_shares`` ranges of the whole file, each keeping its share
    of the lines; a text file is one range.
    """

    def __init__(self, range_bytes: int = RANGE_BYTES, gzip_shares: int = 1) -> None:
        self.range_bytes = range_bytes
        self.gzip_shares = gzip_shares
        self.skipped_files = Metrics.counter(NAMESPACE, "files_skipped_unknown_type")

    def process(self, metadata) -> Iterator[FileRange]:
        path = metadata.path
        kind = input_kind(path)
        if kind is None:
            self.skipped_files.inc()
            return
        file_time = datetime.fromtimestamp(metadata.last_updated_in_seconds or 0, tz=timezone.utc)
        size = metadata.size_in_bytes or 0
        if kind == "jsonl" and path.lower().endswith(".gz"):
            for share in range(self.gzip_shares):
                yield (path, kind, 0, None, 1, file_time, share, self.gzip_shares)
            return
        if kind != "jsonl" or size <= self.range_bytes:
            yield (path, kind, 0, None, 1, file_time, 0, 1)
            return
        yield from self._cut(path, kind, file_time)

    def _cut(self, path: str, kind: str, file_time: datetime) -> Iterator[FileRange]:
        start, line, offset, lines_before = 0, 1, 0, 0
        cut_after = self.range_bytes
        with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
            while True:
                chunk = fh.read(1 << 20)
                if not chunk:
                    break
                pos = 0
                while offset + len(chunk) > cut_after:
                    nl = chunk.find(b"\n", max(pos, cut_after - offset))
                    if nl < 0:
                        break
                    lines_here = chunk.count(b"\n", pos, nl + 1)
                    end = offset + nl + 1
                    yield (path, kind, start, end, line, file_time, 0, 1)
                    line += lines_before + lines_here
                    lines_before = 0
                    start, pos = end, nl + 1
                    cut_after = end + self.range_bytes
                lines_before += chunk.count(b"\n", pos)
                offset += len(chunk)
        yield (path, kind, start, None, line, file_time, 0, 1)


class _Bounded:
    """A binary reader that ends at ``limit`` bytes (None: never)."""

    def __init__(self, fh, limit: Optional[int]) -> None:
        self._fh = fh
        self._left = limit

    def read(self, n: int = -1) -> bytes:
        return self._take(self._fh.read, n)

    def read1(self, n: int = -1) -> bytes:
        # One raw read per call (gzip): nothing read is lost if the next one fails.
        return self._take(getattr(self._fh, "read1", self._fh.read), n)

    def _take(self, read, n: int) -> bytes:
        if self._left is None:
            return read(n)
        if self._left <= 0:
            return b""
        data = read(self._left if n is None or n < 0 else min(n, self._left))
        self._left -= len(data)
        return data


class ReadRawRecordsFn(beam.DoFn):
    """A file range → (kind, origin, raw bytes, file time) per record.

    A read error (a truncated gzip, say) ends the file with one dead letter
    that says how far the read got and keeps the bytes of the unfinished
    line; the records before it are kept. A record over ``max_article_bytes``
    is dead-lettered whole, never decoded. A range that is a share of its file
    yields only its lines; the shares of a file read the same bytes and fail
    at the same line, and the share that owns that line reports it.
    """

    def __init__(self, max_article_bytes: int = MAX_ARTICLE_BYTES) -> None:
        self.max_article_bytes = max_article_bytes
        self.records_read = Metrics.counter(NAMESPACE, "articles_read")
        self.unreadable = Metrics.counter(NAMESPACE, "files_unreadable")
        self.too_large = Metrics.counter(NAMESPACE, "dead_letter_too_large")

    def process(self, file_range: FileRange):
        path, kind, start, end, first_line, file_time, share, shares = file_range
        line = first_line - 1
        try:
            with _open(path) as raw_fh:
                if start:
                    raw_fh.seek(start)
                fh = _Bounded(raw_fh, None if end is None else end - start)
                if kind == "text":
                    try:
                        raw = fh.read()
                    except Exception as exc:
                        raise InputTruncated(exc, b"") from exc
                    yield self._record(kind, path, raw, file_time)
                    return
                for line, raw in enumerate(iter_lines(fh), start=first_line):
                    if line % shares != share:
                        continue  # another share's line
                    if not raw.strip():
                        continue  # a blank line is not an article
                    yield self._record(kind, f"{path}:{line}", raw, file_time)
        except Exception as exc:  # truncated or corrupt file: keep what was read
            if (line + 1) % shares != share:
                return  # the share that owns the unfinished line reports it
            partial = exc.partial if isinstance(exc, InputTruncated) else b""
            self.unreadable.inc()
            self.records_read.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(
                f"{path}:{line + 1}", "read", InputTruncated(
                    f"input unreadable after line {line} ({len(partial)} bytes of line {line + 1} kept): {exc}",
                    partial), partial))

    def _record(self, kind: str, origin: str, raw: bytes, file_time: datetime):
        self.records_read.inc()
        if len(raw) > self.max_article_bytes:
            self.too_large.inc()
            return beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(
                origin, "read", RecordTooLarge(f"record of {len(raw)} bytes is over the limit of "
                                               f"{self.max_article_bytes} bytes (max_article_bytes)"), raw))
        return (kind, origin, raw, file_time)


@contextmanager
def _open(path: str):
    """The file's bytes, gunzipped for .gz: Python's gzip reports a truncated
    stream (EOFError) and a bad checksum instead of ending quietly."""
    with FileSystems.open(path, compression_type=CompressionTypes.UNCOMPRESSED) as fh:
        if path.lower().endswith(".gz"):
            with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
                yield gz
        else:
            yield fh


def iter_lines(fh, chunk_size: int = 1 << 20) -> Iterator[bytes]:
    """Lines without their terminator, read in chunks so a line's cost is linear
    in its length; a final line without newline counts too. A read error
    raises ``InputTruncated`` with the bytes of the unfinished line."""
    read = getattr(fh, "read1", fh.read)  # one raw read per call: nothing read is lost on error
    pending: List[bytes] = []
    while True:
        try:
            chunk = read(chunk_size)
        except Exception as exc:
            raise InputTruncated(exc, b"".join(pending)) from exc
        if not chunk:
            break
        start = 0
        while True:
            nl = chunk.find(b"\n", start)
            if nl < 0:
                if start < len(chunk):
                    pending.append(chunk[start:])
                break
            pending.append(chunk[start:nl])
            line = b"".join(pending)
            pending = []
            yield line[:-1] if line.endswith(b"\r") else line
            start = nl + 1
    if pending:
        line = b"".join(pending)
        yield line[:-1] if line.endswith(b"\r") else line


class ParseArticleFn(beam.DoFn):
    """(kind, origin, raw, file time) → article, or a dead letter with the reason.

    An article with nothing to extract (``empty``, ``not_arabic``) is counted
    as ``skipped_<reason>``; repairs (windows-1256, lone surrogates, HTML) are
    counted under their own names and do not enter the reconciliation.
    """

    def __init__(self, default_published: Optional[datetime] = None) -> None:
        self.default_published = default_published
        self.parse_errors = Metrics.counter(NAMESPACE, "dead_letter_parse")
        self._counters = {}

    def _count(self, name: str) -> None:
        if name not in self._counters:
            self._counters[name] = Metrics.counter(NAMESPACE, name)
        self._counters[name].inc()

    def process(self, element):
        kind, origin, raw, file_time = element
        fallback = self.default_published or file_time
        try:
            if kind == "jsonl":
                article = article_from_json_line(raw, origin, fallback, self._count)
            else:
                note = None if self.default_published else "published from the file's modification time"
                article = article_from_text_file(raw, origin, fallback, note, self._count)
        except ArticleError as exc:
            self.parse_errors.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(origin, "parse", exc, raw))
            return
        reason = skip_reason(article["text"])
        if reason is not None:
            logging.debug("skipped %s (%s): %s", article["id"], origin, reason)
            self._count(f"skipped_{reason}")
            return
        yield article


def redistributes(patterns: List[str]) -> bool:
    """Whether records read from ``patterns`` may be spread over the workers
    after the read: only when every pattern names files that cannot be read in
    ranges."""
    return bool(patterns) and all(p.lower().endswith(UNSPLITTABLE_SUFFIXES) for p in patterns)


# The in-process runners: they hold a redistributed collection whole in memory
# and, with one worker, have nobody to hand it to.
_LOCAL_RUNNERS = {"DirectRunner", "SwitchingDirectRunner", "BundleBasedDirectRunner", "FnApiRunner"}


def _local_runner_options(pipeline: beam.Pipeline):
    """The ``DirectOptions`` a local runner runs by; None on another runner."""
    from apache_beam.options.pipeline_options import DirectOptions

    if type(pipeline.runner).__name__ not in _LOCAL_RUNNERS:
        return None
    return pipeline.options.view_as(DirectOptions)


def has_other_workers(pipeline: beam.Pipeline) -> bool:
    """False on a local runner with one worker (``--direct_num_workers 1``, the default)."""
    direct = _local_runner_options(pipeline)
    return direct is None or direct.direct_num_workers != 1


def gzip_shares(pipeline: beam.Pipeline) -> int:
    """In how many shares a gzipped JSON Lines file is read: one per worker
    process of a local runner in multi_processing mode, else 1.

    Decompressing a file once per worker costs each of them about 3 s per
    100,000 articles on a slow 2-core machine; handing the records out from the one worker that
    read them cost that worker more (compressing them for the runner, which
    holds the whole redistribution in memory) and left the others idle until
    it was done. Remote runners, whose worker count is not known here and
    whose shuffle is a service, keep the redistribution.
    """
    direct = _local_runner_options(pipeline)
    if direct is None or direct.direct_running_mode != "multi_processing":
        return 1  # a remote runner, or in-process workers sharing one interpreter
    workers = direct.direct_num_workers
    return max(1, workers if workers > 0 else (os.cpu_count() or 1))


def pack_records(batch: List[RawRecord]) -> bytes:
    """A batch of raw records as one zlib-compressed pickle (news text shrinks about 3.5 times)."""
    return zlib.compress(pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_records(packed: bytes) -> List[RawRecord]:
    """The records of ``pack_records``; only ever given what this pipeline packed."""
    return pickle.loads(zlib.decompress(packed))


def origin_order(origin: str) -> Tuple[str, int]:
    """Sort key of an origin: file path, then line number."""
    path, _, line = origin.rpartition(":")
    return (path, int(line)) if line.isdigit() else (origin, 0)


class ReadArticles(beam.PTransform):
    """File globs → PCollections ``articles`` and ``dead_letters`` (a tagged tuple)."""

    def __init__(self, patterns: List[str], default_published: Optional[datetime] = None,
                 max_article_bytes: int = MAX_ARTICLE_BYTES) -> None:
        super().__init__()
        self.patterns = list(patterns)
        self.default_published = default_published
        self.max_article_bytes = max_article_bytes

    def expand(self, pbegin):
        from apache_beam.io import fileio

        shares = gzip_shares(pbegin.pipeline)
        raw = (pbegin
               | "Patterns" >> beam.Create(self.patterns)
               | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
               | "PlanRanges" >> beam.ParDo(PlanRangesFn(gzip_shares=shares))
               | "SpreadRanges" >> beam.Reshuffle()
               | "ReadRecords" >> beam.ParDo(ReadRawRecordsFn(self.max_article_bytes)).with_outputs(
                   DEAD_LETTERS, main="raw"))
        records = raw.raw
        # Without shares, one worker reads a gzipped or text file whole; without
        # this the parsing and extraction fused with that read would stay on it too.
        # Ranged files are not redistributed: mixing the two would make a
        # runner such as the DirectRunner hold every ranged record at the merge.
        # Records travel in compressed batches: one shuffle key per record
        # costs more, and a local runner holds the whole shuffle in memory.
        if shares == 1 and redistributes(self.patterns) and has_other_workers(pbegin.pipeline):
            batch = beam.BatchElements(min_batch_size=SPREAD_BATCH, max_batch_size=SPREAD_BATCH)
            records = (records
                       | "BatchRecords" >> batch
                       | "PackRecords" >> beam.Map(pack_records)
                       | "SpreadRecords" >> beam.Reshuffle()
                       | "UnpackRecords" >> beam.FlatMap(unpack_records))
        return (records, raw[DEAD_LETTERS]) | "Parse" >> ParseArticles(self.default_published)


class ParseArticles(beam.PTransform):
    """(raw records, read dead letters) → articles and all dead letters."""

    def __init__(self, default_published: Optional[datetime] = None) -> None:
        super().__init__()
        self.default_published = default_published

    def expand(self, inputs):
        raw, read_dead = inputs
        parsed = (raw
                  | "Parse" >> beam.ParDo(ParseArticleFn(self.default_published)).with_outputs(
                      DEAD_LETTERS, main=ARTICLES))
        dead = (read_dead, parsed[DEAD_LETTERS]) | "MergeDeadLetters" >> beam.Flatten()
        return {ARTICLES: parsed[ARTICLES], DEAD_LETTERS: dead}
