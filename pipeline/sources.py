"""Where articles come from: file globs, local feed files, and feeds read once or polled."""
from __future__ import annotations

import logging
from typing import List

import apache_beam as beam
from apache_beam.options.pipeline_options import StandardOptions

from pipeline.options import DEFAULT_INPUT, EventPipelineOptions
from transforms.articles import MAX_ARTICLE_BYTES, parse_timestamp
from transforms.durations import parse_interval
from transforms.feed_store import feeds_dir
from transforms.fetch import FetchPolicy
from transforms.read import ARTICLES, DEAD_LETTERS, ReadArticles
from transforms.read_feeds import FeedSpec, PollFeeds, ReadFeedFiles, ReadFeeds, parse_feeds_file


def read_articles(p: beam.Pipeline, opts: EventPipelineOptions):
    """All configured sources → {articles: (one PCollection per source,), dead_letters}."""
    default_published = parse_timestamp(opts.default_published) if opts.default_published else None
    feeds = feed_specs(opts)
    parts = []
    if opts.input or not feeds:  # files when given, and the default input when there is no feed
        inputs = opts.input or [DEFAULT_INPUT]
        max_bytes = getattr(opts, "max_article_bytes", None) or MAX_ARTICLE_BYTES
        parts.append(p | "ReadArticles" >> ReadArticles(inputs, default_published, max_bytes))
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


def feed_specs(opts: EventPipelineOptions) -> List[FeedSpec]:
    """--rss URLs, then the lines of --feeds (URL and optional source name)."""
    feeds: List[FeedSpec] = [(url, None) for url in (opts.rss or [])]
    if opts.feeds:
        with open(opts.feeds, encoding="utf-8") as fh:
            feeds.extend(parse_feeds_file(fh.read()))
    return feeds


def fetch_policy(opts: EventPipelineOptions) -> FetchPolicy:
    return FetchPolicy(allow_private_hosts=bool(opts.allow_private_hosts))
