"""``ExtractEvents``: articles → validated Avro event records, and dead letters.

Every article yields one outcome: its event records, or a dead letter when
extraction or validation failed. In batch the outcomes are grouped by article
id and only the first copy of an id (by file and line) counts; the other
copies are skipped with the reason ``duplicate_id``. Grouping outcomes rather
than articles keeps whole texts out of the shuffle: most outcomes are an id,
an origin and an empty list.
"""
from __future__ import annotations

import gc
import sys
from typing import Any, Dict, List, Tuple

import apache_beam as beam
from apache_beam.metrics import Metrics

from schemas import EVENT
from transforms.extractor import default_extractor
from transforms.read import DEAD_LETTERS, NAMESPACE, origin_order
from transforms.records import RecordInvalid, check_record, dead_letter_record, event_record

EVENTS = "events"

# (origin, "events", [records]) or (origin, "extract" | "validate", dead letter)
Outcome = Tuple[str, str, Any]


def extract_outcome(extractor, article: Dict[str, Any]) -> Outcome:
    """One article → its outcome; never raises."""
    try:
        published = article["published"].date()
        records = [check_record(EVENT, event_record(article, e))
                   for e in extractor.extract(article["text"], published)]
    except Exception as exc:
        stage = "validate" if isinstance(exc, RecordInvalid) else "extract"
        return (article["origin"], stage, dead_letter_record(
            article["origin"], stage, exc, article.get("raw", article["text"]), article_id=article["id"]))
    return (article["origin"], EVENTS, records)


# How every portable runner (Dataflow's included) starts a Python SDK worker.
SDK_WORKER_MAIN = "apache_beam.runners.worker.sdk_worker_main"
_heap_frozen = False


def in_sdk_worker() -> bool:
    """Whether this process is one of Beam's SDK workers: a process that
    exists to run bundles, not a user's session that runs a pipeline in
    process."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    return spec is not None and spec.name == SDK_WORKER_MAIN


def freeze_long_lived_heap() -> None:
    """Put every object alive now out of the cyclic garbage collector's reach;
    once per process.

    Called when an SDK worker has built its extractor: the lexicons, the
    gazetteer and the automaton, like the SDK's own modules, live as long as
    the worker. Frozen (``gc.freeze``), they are no longer walked by every
    full collection, nor by the last one, at the worker's exit, which
    otherwise takes a fifth of a second per worker. A collection first keeps
    the garbage of the moment from being frozen with them. Only in a worker:
    a cycle among frozen objects is never collected, which a worker's
    lifetime bears and a user's long session should not.
    """
    global _heap_frozen
    if not _heap_frozen:
        _heap_frozen = True
        gc.collect()
        gc.freeze()


class ExtractOutcomeFn(beam.DoFn):
    """Article → (id, outcome). The extractor is built once per worker."""

    def __init__(self) -> None:
        self.extractor = None

    def setup(self):
        self.extractor = default_extractor()
        if in_sdk_worker():
            freeze_long_lived_heap()

    def process(self, article):
        yield article["id"], extract_outcome(self.extractor, article)


class EmitOutcomeFn(beam.DoFn):
    """(id, outcome) → event records, or a dead letter; counts each article once.

    Given a group of outcomes of one id (batch), the first by origin is the
    article's; the rest are counted as ``skipped_duplicate_id``.
    """

    def __init__(self, grouped: bool) -> None:
        self.grouped = grouped
        self.processed = Metrics.counter(NAMESPACE, "articles_processed")
        self.duplicates = Metrics.counter(NAMESPACE, "skipped_duplicate_id")
        self.stage_counters = {stage: Metrics.counter(NAMESPACE, f"dead_letter_{stage}")
                               for stage in ("extract", "validate")}
        self.event_counters: Dict[str, Any] = {}

    def _count_event(self, record: Dict[str, Any]) -> None:
        key = f"events_{record['event_type']}_{record['modality']}"
        if key not in self.event_counters:
            self.event_counters[key] = Metrics.counter(NAMESPACE, key)
        self.event_counters[key].inc()

    def process(self, element):
        article_id, outcomes = element
        if self.grouped:
            ordered: List[Outcome] = sorted(outcomes, key=lambda o: origin_order(o[0]))
            self.duplicates.inc(len(ordered) - 1)
            outcome = ordered[0]
        else:
            outcome = outcomes
        _, kind, payload = outcome
        if kind != EVENTS:
            self.stage_counters[kind].inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, payload)
            return
        self.processed.inc()
        for record in payload:
            self._count_event(record)
            yield record


class ExtractEvents(beam.PTransform):
    """Articles (a PCollection, or a list of them) → {events, dead_letters}.

    ``dedupe_by_id`` (batch) processes each article id once; a streaming
    source de-duplicates its entries itself, and a global grouping would never
    fire there.
    """

    def __init__(self, dedupe_by_id: bool = True) -> None:
        super().__init__()
        self.dedupe_by_id = dedupe_by_id

    def expand(self, articles):
        # Several sources are extracted apart and only their small outcomes are
        # merged: a Flatten of whole articles would make a runner such as the
        # DirectRunner hold them all in memory.
        parts = articles if isinstance(articles, (list, tuple)) else [articles]
        outcomes = [part | f"Extract{i or ''}" >> beam.ParDo(ExtractOutcomeFn()) for i, part in enumerate(parts)]
        outcomes = outcomes[0] if len(outcomes) == 1 else outcomes | "AllOutcomes" >> beam.Flatten()
        if self.dedupe_by_id:
            outcomes = outcomes | "GroupById" >> beam.GroupByKey()
        out = outcomes | "Emit" >> beam.ParDo(EmitOutcomeFn(self.dedupe_by_id)).with_outputs(
            DEAD_LETTERS, main=EVENTS)
        return {EVENTS: out[EVENTS], DEAD_LETTERS: out[DEAD_LETTERS]}
