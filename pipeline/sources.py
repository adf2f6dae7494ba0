"""Where articles come from: file globs, local feed files, and feeds read once or polled."""
from __future__ import annotations

import logging
from typing import List, Set

import apache_beam as beam
from apache_beam.io.filesystems import FileSystems
from apache_beam.options.pipeline_options import StandardOptions

from pipeline.options import DEFAULT_INPUT, EventPipelineOptions
from transforms.articles import MAX_ARTICLE_BYTES, parse_timestamp
from transforms.durations import parse_interval
from transforms.feed_store import feeds_dir
from transforms.fetch import FetchPolicy
from transforms.read import ARTICLES, DEAD_LETTERS, JSONL_SUFFIXES, TEXT_SUFFIXES, ReadArticles
from transforms.read_feeds import FEED_FILE_SUFFIXES, FeedSpec, PollFeeds, ReadFeedFiles, ReadFeeds, parse_feeds_file

_LOG = logging.getLogger(__name__)
ARTICLE_FILE_SUFFIXES = JSONL_SUFFIXES + TEXT_SUFFIXES


def read_articles(p: beam.Pipeline, opts: EventPipelineOptions):
    """All configured sources → {articles: (one PCollection per source,), dead_letters}."""
    default_published = parse_timestamp(opts.default_published) if opts.default_published else None
    feeds = feed_specs(opts)
    parts = []
    inputs = file_patterns(opts)
    readers = file_readers(inputs)
    if ARTICLE_FILES in readers:
        max_bytes = getattr(opts, "max_article_bytes", None) or MAX_ARTICLE_BYTES
        parts.append(p | "ReadArticles" >> ReadArticles(inputs, default_published, max_bytes))
    if FEED_FILES in readers:
        parts.append(p | "ReadFeedFiles" >> ReadFeedFiles(inputs, fetch_policy(opts)))
    if feeds and opts.view_as(StandardOptions).streaming:
        if opts.input:
            logging.getLogger(__name__).warning(
                "--input with feeds in streaming: the two sources meet in a Flatten, and a runner that completes "
                "a Flatten only when its inputs end (the FnApiRunner) writes the feeds' output when the run ends")
        parts.append(p | "PollFeeds" >> PollFeeds(feeds, parse_interval(opts.poll_interval), fetch_policy(opts),
                                                  max_polls=opts.max_polls, store_dir=feeds_dir(opts.output)))
    elif feeds:
        parts.append(p | "ReadFeeds" >> ReadFeeds(feeds, fetch_policy(opts)))
    # Articles stay one PCollection per source: ExtractEvents merges their
    # outcomes, since merging whole articles would hold them all in memory.
    if len(parts) == 1:
        return {ARTICLES: (parts[0][ARTICLES],), DEAD_LETTERS: parts[0][DEAD_LETTERS]}
    return {ARTICLES: tuple(part[ARTICLES] for part in parts),
            DEAD_LETTERS: [part[DEAD_LETTERS] for part in parts] | "AllReadDeadLetters" >> beam.Flatten()}


ARTICLE_FILES, FEED_FILES = "article files", "feed files"


def file_readers(patterns: List[str]) -> Set[str]:
    """Which file readers the globs need: ``FEED_FILES`` when one of them
    matches a local feed file (.xml, .rss, .atom), ``ARTICLE_FILES`` when one
    matches anything else (JSON Lines, text, and files of no known type, which
    ``ReadArticles`` counts as skipped).

    A glob whose own suffix gives the kind (``*.jsonl.gz``, ``*.rss``) is not
    listed; the others are listed once, here. A reader left out saves its
    steps: on the FnApiRunner, a stage and a merge of the two sources'
    outcomes, which cost more than a small input's whole extraction.
    """
    readers: Set[str] = set()
    for pattern in patterns:
        lower = pattern.lower()
        if lower.endswith(FEED_FILE_SUFFIXES):
            readers.add(FEED_FILES)
        elif lower.endswith(ARTICLE_FILE_SUFFIXES):
            readers.add(ARTICLE_FILES)
        else:
            try:
                paths = [m.path.lower() for m in FileSystems.match([pattern])[0].metadata_list]
            except Exception:  # noqa: BLE001 -- unlistable here: both readers, which report it when they run
                readers.update((ARTICLE_FILES, FEED_FILES))
                continue
            readers.update(FEED_FILES if path.endswith(FEED_FILE_SUFFIXES) else ARTICLE_FILES for path in paths)
    # Globs that match nothing yet still get a reader, which matches them again when it runs.
    return readers or ({ARTICLE_FILES} if patterns else set())


def file_patterns(opts: EventPipelineOptions) -> List[str]:
    """The file globs the run reads: --input, else the default input when no feed is given."""
    if opts.input:
        return list(opts.input)
    return [] if feed_specs(opts) else [DEFAULT_INPUT]


def unmatched_patterns(patterns: List[str]) -> List[str]:
    """The patterns that match no file, on any file system Beam knows (local
    paths, gs://, s3://, hdfs://, …); a pattern that cannot be listed raises
    ValueError with the file system's reason."""
    unmatched = []
    for pattern in patterns:
        try:
            result = FileSystems.match([pattern], limits=[1])[0]
        except Exception as exc:  # BeamIOError, or ValueError for a scheme whose file system is not installed
            raise ValueError(f"cannot list --input {pattern!r}: {exc}") from exc
        if not result.metadata_list:
            unmatched.append(pattern)
    return unmatched


def check_file_patterns(opts: EventPipelineOptions) -> None:
    """Before the pipeline is built: ValueError when no --input glob matches a
    file, a warning for each one that does not when others do."""
    FileSystems.set_options(opts)  # options of remote file systems (S3, HDFS, …), as the pipeline sets them
    patterns = file_patterns(opts)
    unmatched = unmatched_patterns(patterns)
    if unmatched and len(unmatched) == len(patterns):
        default = "" if opts.input else " (the default; give --input GLOB)"
        raise ValueError(f"no file matches --input {', '.join(map(repr, unmatched))}{default}")
    for pattern in unmatched:
        _LOG.warning("no file matches --input %r; reading the other inputs", pattern)


def feed_specs(opts: EventPipelineOptions) -> List[FeedSpec]:
    """--rss URLs, then the lines of --feeds (URL and optional source name)."""
    feeds: List[FeedSpec] = [(url, None) for url in (opts.rss or [])]
    if opts.feeds:
        with open(opts.feeds, encoding="utf-8") as fh:
            feeds.extend(parse_feeds_file(fh.read()))
    return feeds


def fetch_policy(opts: EventPipelineOptions) -> FetchPolicy:
    return FetchPolicy(allow_private_hosts=bool(opts.allow_private_hosts))
