"""Where articles come from: file globs (and, later, feeds), as one PTransform input."""
from __future__ import annotations

import apache_beam as beam

from pipeline.options import DEFAULT_INPUT, EventPipelineOptions
from transforms.articles import parse_timestamp
from transforms.read import ARTICLES, DEAD_LETTERS, ReadArticles


def read_articles(p: beam.Pipeline, opts: EventPipelineOptions):
    """All configured sources → {articles, dead_letters}."""
    default_published = parse_timestamp(opts.default_published) if opts.default_published else None
    inputs = opts.input or [DEFAULT_INPUT]
    read = p | "ReadArticles" >> ReadArticles(inputs, default_published)
    return {ARTICLES: read[ARTICLES], DEAD_LETTERS: read[DEAD_LETTERS]}
