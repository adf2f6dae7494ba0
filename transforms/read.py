"""Read articles from files: JSON Lines (optionally gzipped) and plain text.

``ReadArticles`` matches the input globs, reads every file line by line (JSON
Lines) or whole (.txt), keeps the exact bytes and their origin (path:line),
and parses them into articles. Input that cannot become an article leaves
through the ``dead_letters`` output with the reason; nothing is dropped
silently. Repeated article ids are processed once.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Iterable, List, Optional, Tuple

import apache_beam as beam
from apache_beam.io.filesystem import CompressionTypes
from apache_beam.io.filesystems import FileSystems
from apache_beam.metrics import Metrics

from transforms.articles import ArticleError, article_from_json_line, article_from_text_file
from transforms.records import dead_letter_record

NAMESPACE = "arabic_events"
ARTICLES, DEAD_LETTERS = "articles", "dead_letters"

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
TEXT_SUFFIXES = (".txt",)


def input_kind(path: str) -> Optional[str]:
    """jsonl, text, or None for a file the pipeline does not read."""
    lower = path.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(TEXT_SUFFIXES):
        return "text"
    return None


class ReadRawRecordsFn(beam.DoFn):
    """A matched file → (kind, origin, raw bytes, file time) per record.

    A read error (a truncated gzip, say) ends the file with one dead letter
    that says how far the read got; the records before it are kept.
    """

    def __init__(self) -> None:
        self.records_read = Metrics.counter(NAMESPACE, "articles_read")
        self.unreadable = Metrics.counter(NAMESPACE, "files_unreadable")
        self.skipped_files = Metrics.counter(NAMESPACE, "files_skipped_unknown_type")

    def process(self, metadata):
        path = metadata.path
        kind = input_kind(path)
        if kind is None:
            self.skipped_files.inc()
            return
        file_time = datetime.fromtimestamp(metadata.last_updated_in_seconds or 0, tz=timezone.utc)
        line = 0
        try:
            with FileSystems.open(path, compression_type=CompressionTypes.AUTO) as fh:
                if kind == "text":
                    raw = fh.read()
                    self.records_read.inc()
                    yield (kind, path, raw, file_time)
                    return
                for line, raw in enumerate(_lines(fh), start=1):
                    if not raw.strip():
                        continue  # a blank line is not an article
                    self.records_read.inc()
                    yield (kind, f"{path}:{line}", raw, file_time)
        except Exception as exc:  # truncated or corrupt file: keep what was read
            self.unreadable.inc()
            self.records_read.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(
                f"{path}:{line + 1}", "read", exc, b""))


def _lines(fh) -> Iterable[bytes]:
    """Lines without their terminator; a final line without newline counts too."""
    for raw in fh:
        yield raw.rstrip(b"\r\n")


class ParseArticleFn(beam.DoFn):
    """(kind, origin, raw, file time) → article, or a dead letter with the reason."""

    def __init__(self, default_published: Optional[datetime] = None) -> None:
        self.default_published = default_published
        self.parse_errors = Metrics.counter(NAMESPACE, "dead_letter_parse")

    def process(self, element):
        kind, origin, raw, file_time = element
        fallback = self.default_published or file_time
        try:
            if kind == "jsonl":
                article = article_from_json_line(raw, origin, fallback)
            else:
                note = None if self.default_published else "published from the file's modification time"
                article = article_from_text_file(raw, origin, fallback, note)
        except ArticleError as exc:
            self.parse_errors.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(origin, "parse", exc, raw))
            return
        yield article


class KeepFirstPerIdFn(beam.DoFn):
    """Articles grouped by id → the first by origin; repeats are counted as skipped."""

    def __init__(self) -> None:
        self.duplicates = Metrics.counter(NAMESPACE, "skipped_duplicate_id")

    def process(self, element):
        _, articles = element
        ordered = sorted(articles, key=lambda a: _origin_order(a["origin"]))
        self.duplicates.inc(len(ordered) - 1)
        yield ordered[0]


def _origin_order(origin: str) -> Tuple[str, int]:
    path, _, line = origin.rpartition(":")
    return (path, int(line)) if line.isdigit() else (origin, 0)


class ReadArticles(beam.PTransform):
    """File globs → PCollections ``articles`` and ``dead_letters`` (a tagged tuple)."""

    def __init__(self, patterns: List[str], default_published: Optional[datetime] = None) -> None:
        super().__init__()
        self.patterns = list(patterns)
        self.default_published = default_published

    def expand(self, pbegin):
        from apache_beam.io import fileio

        raw = (pbegin
               | "Patterns" >> beam.Create(self.patterns)
               | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
               | "ReadRecords" >> beam.ParDo(ReadRawRecordsFn()).with_outputs(DEAD_LETTERS, main="raw"))
        return (raw.raw, raw[DEAD_LETTERS]) | "ParseAndDedupe" >> ParseArticles(self.default_published)


class ParseArticles(beam.PTransform):
    """(raw records, read dead letters) → articles (one per id) and all dead letters."""

    def __init__(self, default_published: Optional[datetime] = None) -> None:
        super().__init__()
        self.default_published = default_published

    def expand(self, inputs):
        raw, read_dead = inputs
        parsed = (raw
                  | "Parse" >> beam.ParDo(ParseArticleFn(self.default_published)).with_outputs(
                      DEAD_LETTERS, main=ARTICLES))
        articles = (parsed[ARTICLES]
                    | "KeyById" >> beam.Map(lambda a: (a["id"], a))
                    | "GroupById" >> beam.GroupByKey()
                    | "KeepFirstPerId" >> beam.ParDo(KeepFirstPerIdFn()))
        dead = (read_dead, parsed[DEAD_LETTERS]) | "MergeDeadLetters" >> beam.Flatten()
        return {ARTICLES: articles, DEAD_LETTERS: dead}
