"""``ExtractEvents``: articles → validated Avro event records, and dead letters.

Every article yields one outcome: its event records, or a dead letter when
extraction or validation failed. In batch the outcomes are grouped by
bucket of article ids, in batches, and only the first copy of an id (by file
and line) counts; the other copies are skipped with the reason
``duplicate_id``. Grouping outcomes rather than articles keeps whole texts
out of the shuffle: most outcomes are an id, an origin and an empty list.
"""
from __future__ import annotations

import gc
import sys
import zlib
from typing import Any, Dict, Iterable, List, Tuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.transforms.window import GlobalWindow, GlobalWindows
from apache_beam.utils.windowed_value import WindowedValue

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


# The grouping by id receives outcomes in batches, one per bucket of ids:
# one element per outcome had the runner decode, group and hand out each
# article's outcome alone.
ID_BUCKETS = 256
OUTCOME_BATCH = 8192  # outcomes a bundle holds before handing them on


def id_bucket(article_id: str) -> int:
    """An id's bucket, the same in every process (``hash`` of a str is not)."""
    return zlib.crc32(article_id.encode("utf-8", "surrogatepass")) % ID_BUCKETS


def first_copies(batches: Iterable[List[Tuple[str, Outcome]]]) -> Tuple[List[Outcome], int]:
    """Batches of (id, outcome) → the first outcome of each id by origin (file,
    then line), and how many later copies there were."""
    first: Dict[str, Outcome] = {}
    copies = 0
    for batch in batches:
        for article_id, outcome in batch:
            kept = first.get(article_id)
            if kept is None:
                first[article_id] = outcome
                continue
            copies += 1
            if origin_order(outcome[0]) < origin_order(kept[0]):
                first[article_id] = outcome
    return list(first.values()), copies


class BatchByBucketFn(beam.DoFn):
    """(id, outcome) → (bucket, [(id, outcome), …]), a bundle's outcomes in one
    element per window and bucket of ids, handed on every ``max_held``
    outcomes and when the bundle ends. Every copy of an id falls in the same
    bucket, so the grouping still brings the copies together."""

    def __init__(self, max_held: int = OUTCOME_BATCH) -> None:
        self.max_held = max_held

    def start_bundle(self):
        self._batches: Dict[Tuple[Any, int], List[Tuple[str, Outcome]]] = {}
        self._held = 0

    def process(self, element, window=beam.DoFn.WindowParam):
        return self._hold(window, element)

    def finish_bundle(self):
        return self._hand_on()

    def _hold(self, window, element):
        self._batches.setdefault((window, id_bucket(element[0])), []).append(element)
        self._held += 1
        if self._held >= self.max_held:
            return self._hand_on()
        return ()

    def _hand_on(self) -> List[WindowedValue]:
        batches, self._batches, self._held = self._batches, {}, 0
        return [WindowedValue((bucket, batch), window.max_timestamp(), [window])
                for (window, bucket), batch in batches.items()]


_GLOBAL_WINDOW = GlobalWindow()


class GlobalBatchByBucketFn(BatchByBucketFn):
    """``BatchByBucketFn`` for outcomes that are all in the global window, as
    in a batch run over files. Without the window parameter: a DoFn that asks
    for it has Beam build its arguments anew for every element, which cost a
    tenth of the per-article work outside the extractor."""

    def process(self, element):
        return self._hold(_GLOBAL_WINDOW, element)


class EmitOutcomeFn(beam.DoFn):
    """Outcomes → event records, or dead letters; counts each article once.

    Given (bucket, batches) from the grouping by id (batch), the first
    outcome of each id by origin is the article's, and the later copies are
    counted as ``skipped_duplicate_id``; given (id, outcome) (streaming), the
    outcome is the article's.
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
        if not self.grouped:
            yield from self._emit(element[1])
            return
        outcomes, copies = first_copies(element[1])
        if copies:
            self.duplicates.inc(copies)
        for outcome in outcomes:
            yield from self._emit(outcome)

    def _emit(self, outcome: Outcome):
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
    fire there. ``outcome_batch``: how many outcomes a bundle holds before
    handing them to that grouping (``BatchByBucketFn``).
    """

    def __init__(self, dedupe_by_id: bool = True, outcome_batch: int = OUTCOME_BATCH) -> None:
        super().__init__()
        self.dedupe_by_id = dedupe_by_id
        self.outcome_batch = outcome_batch

    def expand(self, articles):
        # Several sources are extracted apart and only their small outcomes are
        # merged: a Flatten of whole articles would make a runner such as the
        # DirectRunner hold them all in memory.
        parts = articles if isinstance(articles, (list, tuple)) else [articles]
        outcomes = [part | f"Extract{i or ''}" >> beam.ParDo(ExtractOutcomeFn()) for i, part in enumerate(parts)]
        outcomes = outcomes[0] if len(outcomes) == 1 else outcomes | "AllOutcomes" >> beam.Flatten()
        if self.dedupe_by_id:
            global_window = isinstance(outcomes.windowing.windowfn, GlobalWindows)
            batch_fn = (GlobalBatchByBucketFn if global_window else BatchByBucketFn)(self.outcome_batch)
            outcomes = (outcomes
                        | "BatchById" >> beam.ParDo(batch_fn)
                        | "GroupById" >> beam.GroupByKey())
        out = outcomes | "Emit" >> beam.ParDo(EmitOutcomeFn(self.dedupe_by_id)).with_outputs(
            DEAD_LETTERS, main=EVENTS)
        return {EVENTS: out[EVENTS], DEAD_LETTERS: out[DEAD_LETTERS]}
