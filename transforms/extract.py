"""``ExtractEvents``: articles → validated Avro event records, and dead letters."""
from __future__ import annotations

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas import EVENT
from transforms.extractor import default_extractor
from transforms.read import DEAD_LETTERS, NAMESPACE
from transforms.records import check_record, dead_letter_record, event_record

EVENTS = "events"


class ExtractEventsFn(beam.DoFn):
    """One article → its event records. An exception on one article becomes
    a dead letter carrying the article's input bytes as read (``raw``, else
    its text); it never stops the pipeline."""

    def __init__(self) -> None:
        self.processed = Metrics.counter(NAMESPACE, "articles_processed")
        self.failed = Metrics.counter(NAMESPACE, "dead_letter_extract")
        self.invalid = Metrics.counter(NAMESPACE, "dead_letter_validate")
        self.event_counters = {}
        self.extractor = None

    def setup(self):
        self.extractor = default_extractor()

    def _count(self, event_type: str, modality: str) -> None:
        key = f"events_{event_type}_{modality}"
        if key not in self.event_counters:
            self.event_counters[key] = Metrics.counter(NAMESPACE, key)
        self.event_counters[key].inc()

    def process(self, article):
        try:
            published = article["published"].date()
            records = [check_record(EVENT, event_record(article, e))
                       for e in self.extractor.extract(article["text"], published)]
        except Exception as exc:
            stage = "validate" if type(exc).__name__ == "RecordInvalid" else "extract"
            (self.invalid if stage == "validate" else self.failed).inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, dead_letter_record(
                article["origin"], stage, exc, article.get("raw", article["text"]), article_id=article["id"]))
            return
        self.processed.inc()
        for record in records:
            self._count(record["event_type"], record["modality"])
            yield record


class ExtractEvents(beam.PTransform):
    """Articles → {events, dead_letters}."""

    def expand(self, articles):
        out = articles | "Extract" >> beam.ParDo(ExtractEventsFn()).with_outputs(DEAD_LETTERS, main=EVENTS)
        return {EVENTS: out[EVENTS], DEAD_LETTERS: out[DEAD_LETTERS]}
