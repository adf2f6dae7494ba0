"""Read RSS and Atom feeds: once (``ReadFeeds``) or by polling (``PollFeeds``).

Both fetch with ``transforms.fetch`` (timeouts, byte caps, redirect and
address checks) and parse with ``transforms.feed_entries``; both return
``{articles, dead_letters}`` like ``ReadArticles``. A feed that fails never
stops the others: its failure becomes a dead letter with the reason.

``PollFeeds`` polls every feed on an interval driven by ``transforms.ticks``
(``max_polls`` ends the run). One stateful ``PollFeedFn`` per feed keeps the
conditional-GET validators, the URL after a permanent redirect, 410 and
back-off, and the ids of entries already emitted, so an entry is emitted once.
Every feed is seen at every tick, due or not, and an id not seen for
``seen_ttl`` seconds is forgotten then, so state stays bounded however long the
pipeline runs. With a ``store_dir`` the state also survives the run
(``transforms.feed_store``): a run started again on the same output resumes
from it. New articles carry their ``published`` time as event time.

Per-feed counters live in the ``arabic_events.feeds`` namespace, named
``fetches:URL``, ``not_modified:URL``, ``errors:URL``, ``entries:URL`` and
``new_entries:URL``.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Dict, Iterable, List, Optional, Tuple

import apache_beam as beam
from apache_beam.coders import PickleCoder
from apache_beam.metrics import Metrics
from apache_beam.transforms import window as beam_window
from apache_beam.transforms.userstate import ReadModifyWriteStateSpec

from transforms import feed_store
from transforms.articles import Article
from transforms.feed_entries import FeedRefused, parse_feed
from transforms.fetch import ERROR, GONE, NOT_MODIFIED, RETRY_LATER, FeedState, FetchPolicy, fetch, next_state
from transforms.read import ARTICLES, DEAD_LETTERS, NAMESPACE
from transforms.records import dead_letter_record
from transforms.ticks import Ticks

FEED_NAMESPACE = NAMESPACE + ".feeds"
FeedSpec = Tuple[str, Optional[str]]  # (url, source name or None)
DEFAULT_SEEN_TTL = 14 * 86400.0
_RAW_KEPT = 64 * 1024


class FeedFailed(Exception):
    """A fetch that ended without a feed; the message is the fetch layer's reason."""


class MalformedFeed(Exception):
    """A feed parsed with errors (bozo); its parseable entries were kept."""


def parse_feeds_file(text: str) -> List[FeedSpec]:
    """Lines ``URL [source name]``; blank lines and ``#`` comments are skipped."""
    feeds = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        url, _, name = line.partition(" ")
        feeds.append((url.strip(), name.strip() or None))
    return feeds


@dataclass
class PollOutcome:
    """What one poll of one feed produced."""

    state: FeedState
    articles: List[Article] = field(default_factory=list)
    dead_letters: List[dict] = field(default_factory=list)
    fetched: bool = False
    not_modified: bool = False
    errors: int = 0


def poll_feed(state: FeedState, source: Optional[str], policy: FetchPolicy,
              now: Optional[float] = None) -> PollOutcome:
    """Fetch the feed if it is due and parse it; never raises for a bad feed."""
    now = time.time() if now is None else now
    if not state.due(now):
        return PollOutcome(state)
    result = fetch(state.url, policy, state.etag, state.last_modified, now=now)
    outcome = PollOutcome(next_state(state, result, now, policy), fetched=True)
    if result.status == NOT_MODIFIED:
        outcome.not_modified = True
        return outcome
    if result.status in (ERROR, GONE, RETRY_LATER):
        message = result.error or result.status
        if result.status == RETRY_LATER:
            wait = outcome.state.next_fetch_at - now
            message += f"; next fetch in {wait:.0f}s" + (" (Retry-After)" if result.retry_after is not None else "")
        elif result.status == GONE:
            message += "; the feed is no longer polled"
        outcome.errors = 1
        outcome.dead_letters.append(dead_letter_record(state.url, "read", FeedFailed(message), result.body[:_RAW_KEPT]))
        return outcome
    fetched_at = datetime.fromtimestamp(now, tz=timezone.utc)
    try:
        parsed = parse_feed(result.body, result.headers, state.url, fetched_at, source)
    except FeedRefused as exc:
        outcome.errors = 1
        outcome.dead_letters.append(dead_letter_record(state.url, "parse", exc, result.body[:_RAW_KEPT]))
        return outcome
    _add_parsed(outcome, parsed, state.url, result.body)
    return outcome


def _add_parsed(outcome: PollOutcome, parsed, url: str, body: bytes) -> None:
    """A bozo feed is one dead letter with the reason; its parseable entries are kept."""
    if parsed.bozo_reason:
        outcome.errors = 1
        outcome.dead_letters.append(dead_letter_record(
            url, "parse", MalformedFeed(f"{parsed.bozo_reason}; {len(parsed.articles)} entries kept"),
            body[:_RAW_KEPT]))
    for origin, reason, raw in parsed.rejected:
        outcome.dead_letters.append(dead_letter_record(origin, "parse", reason, raw))
    outcome.articles = parsed.articles


def remember(seen: Dict[str, float], ids: Iterable[str], now: float, ttl: float) -> Tuple[List[str], Dict[str, float]]:
    """(ids not seen before, in order; the seen set after this poll).

    Ids last seen more than ``ttl`` seconds before ``now`` are forgotten first;
    every id of this poll is stamped ``now``.
    """
    kept = {i: t for i, t in seen.items() if t >= now - ttl}
    new = []
    for i in ids:
        if i not in kept:
            new.append(i)
        kept[i] = now
    return new, kept


class _FeedCounters:
    """Per-feed counters, created once per feed and worker."""

    NAMES = ("fetches", "not_modified", "errors", "entries", "new_entries")

    def __init__(self) -> None:
        self._counters: Dict[Tuple[str, str], object] = {}

    def inc(self, name: str, url: str, n: int = 1) -> None:
        if n:
            key = (name, url)
            if key not in self._counters:
                self._counters[key] = Metrics.counter(FEED_NAMESPACE, f"{name}:{url}")
            self._counters[key].inc(n)

    def record(self, url: str, outcome: PollOutcome, new: int) -> None:
        self.inc("fetches", url, int(outcome.fetched))
        self.inc("not_modified", url, int(outcome.not_modified))
        self.inc("errors", url, outcome.errors)
        self.inc("entries", url, len(outcome.articles))
        self.inc("new_entries", url, new)


class FetchFeedFn(beam.DoFn):
    """(url, source) → the feed's articles and dead letters, fetched once."""

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.read = Metrics.counter(NAMESPACE, "articles_read")
        self.feed_dead = Metrics.counter(NAMESPACE, "dead_letter_feed")
        self.entry_dead = Metrics.counter(NAMESPACE, "dead_letter_parse")
        self.counters = _FeedCounters()

    def process(self, spec: FeedSpec):
        url, source = spec
        outcome = poll_feed(FeedState(url), source, self.policy)
        self.counters.record(url, outcome, len(outcome.articles))
        yield from _emit(outcome, outcome.articles, self.read, self.feed_dead, self.entry_dead, url)


def _emit(outcome: PollOutcome, articles: List[Article], read, feed_dead, entry_dead, url: str, stamp=False):
    for record in outcome.dead_letters:
        read.inc()
        (feed_dead if record["origin"] == url else entry_dead).inc()
        yield beam.pvalue.TaggedOutput(DEAD_LETTERS, record)
    for article in articles:
        read.inc()
        yield beam_window.TimestampedValue(article, article["published"].timestamp()) if stamp else article


class ReadFeeds(beam.PTransform):
    """Feeds → {articles, dead_letters}, each feed read once (batch)."""

    def __init__(self, feeds: List[FeedSpec], policy: FetchPolicy = FetchPolicy()) -> None:
        super().__init__()
        self.feeds = list(feeds)
        self.policy = policy

    def expand(self, pbegin):
        fetched = (pbegin
                   | "Feeds" >> beam.Create(self.feeds)
                   | "FetchFeeds" >> beam.ParDo(FetchFeedFn(self.policy)).with_outputs(DEAD_LETTERS, main=ARTICLES))
        # Repeated entry ids are resolved after extraction, with every other source.
        return {ARTICLES: fetched[ARTICLES], DEAD_LETTERS: fetched[DEAD_LETTERS]}



FEED_FILE_SUFFIXES = (".xml", ".rss", ".atom")


class ParseFeedFileFn(beam.DoFn):
    """A matched local .xml/.rss/.atom file → its articles and dead letters.

    A local file is parsed by the same rules as a fetched feed (entities
    refused, DOCTYPE stripped, windows-1256 repaired) and read up to the
    policy's decoded-size cap.
    """

    def __init__(self, policy: FetchPolicy) -> None:
        self.policy = policy
        self.read = Metrics.counter(NAMESPACE, "articles_read")
        self.feed_dead = Metrics.counter(NAMESPACE, "dead_letter_feed")
        self.entry_dead = Metrics.counter(NAMESPACE, "dead_letter_parse")
        self.counters = _FeedCounters()

    def process(self, metadata):
        from apache_beam.io.filesystems import FileSystems

        path = metadata.path
        if not path.lower().endswith(FEED_FILE_SUFFIXES):
            return
        outcome = PollOutcome(FeedState(path), fetched=True)
        fetched_at = datetime.fromtimestamp(metadata.last_updated_in_seconds or time.time(), tz=timezone.utc)
        body = b""
        try:
            with FileSystems.open(path) as fh:
                body = fh.read(self.policy.max_decoded_bytes + 1)
            if len(body) > self.policy.max_decoded_bytes:
                raise FeedRefused(f"feed file over the cap of {self.policy.max_decoded_bytes} bytes")
            parsed = parse_feed(body, {}, path, fetched_at)
        except (FeedRefused, OSError) as exc:
            outcome.errors = 1
            outcome.dead_letters.append(dead_letter_record(path, "read", exc, body[:_RAW_KEPT]))
        else:
            _add_parsed(outcome, parsed, path, body)
        self.counters.record(path, outcome, len(outcome.articles))
        yield from _emit(outcome, outcome.articles, self.read, self.feed_dead, self.entry_dead, path)


class ReadFeedFiles(beam.PTransform):
    """Local feed files among the input globs → {articles, dead_letters}."""

    def __init__(self, patterns: List[str], policy: FetchPolicy = FetchPolicy()) -> None:
        super().__init__()
        self.patterns = list(patterns)
        self.policy = policy

    def expand(self, pbegin):
        from apache_beam.io import fileio

        parsed = (pbegin
                  | "Patterns" >> beam.Create(self.patterns)
                  | "MatchFiles" >> fileio.MatchAll(fileio.EmptyMatchTreatment.ALLOW)
                  | "ParseFeedFiles" >> beam.ParDo(ParseFeedFileFn(self.policy)).with_outputs(
                      DEAD_LETTERS, main=ARTICLES))
        return {ARTICLES: parsed[ARTICLES], DEAD_LETTERS: parsed[DEAD_LETTERS]}


class PollFeedFn(beam.DoFn):
    """(url, source) at each tick → new articles (event time = published) and dead letters.

    State per feed: its ``FeedState``, the ids already emitted with the poll
    time they were last seen, and whether that state is newer than the copy in
    ``store_dir``. The copy is saved one tick late, before the next poll (see
    ``transforms.feed_store``); a feed whose state is empty at its first tick
    starts from the copy when there is one.
    """

    FEED = ReadModifyWriteStateSpec("feed", PickleCoder())
    SEEN = ReadModifyWriteStateSpec("seen", PickleCoder())
    UNSAVED = ReadModifyWriteStateSpec("unsaved", PickleCoder())

    def __init__(self, policy: FetchPolicy, seen_ttl: float = DEFAULT_SEEN_TTL,
                 store_dir: Optional[str] = None) -> None:
        self.policy = policy
        self.seen_ttl = seen_ttl
        self.store_dir = store_dir
        self.read = Metrics.counter(NAMESPACE, "articles_read")
        self.feed_dead = Metrics.counter(NAMESPACE, "dead_letter_feed")
        self.entry_dead = Metrics.counter(NAMESPACE, "dead_letter_parse")
        self.resumed = Metrics.counter(NAMESPACE, "feeds_resumed")
        self.unreadable = Metrics.counter(NAMESPACE, "feed_states_unreadable")
        self.counters = _FeedCounters()

    def _initial(self, url: str) -> Tuple[FeedState, Dict[str, float]]:
        if self.store_dir:
            try:
                stored = feed_store.load(self.store_dir, url)
            except ValueError as exc:
                logging.getLogger(__name__).warning("feed state of %s not used: %s", url, exc)
                self.unreadable.inc()
                stored = None
            if stored is not None:
                self.resumed.inc()
                return stored
        return FeedState(url), {}

    def process(self, element, tick=beam.DoFn.TimestampParam,
                feed_state=beam.DoFn.StateParam(FEED), seen_state=beam.DoFn.StateParam(SEEN),
                unsaved=beam.DoFn.StateParam(UNSAVED)):
        url, source = element
        state, seen = feed_state.read(), seen_state.read()
        if state is None:
            state, seen = self._initial(url)
        elif self.store_dir and unsaved.read():
            feed_store.save(self.store_dir, url, state, seen)  # the previous tick's outputs are written by now
        outcome = poll_feed(state, source, self.policy)
        poll_time = float(tick.micros) / 1e6
        new_ids, kept = remember(seen or {}, [a["id"] for a in outcome.articles], poll_time, self.seen_ttl)
        feed_state.write(outcome.state)
        seen_state.write(kept)
        unsaved.write(outcome.state != state or kept.keys() != (seen or {}).keys() or bool(outcome.articles))
        wanted = set(new_ids)
        new = [a for a in outcome.articles if a["id"] in wanted]
        self.counters.record(url, outcome, len(new))
        yield from _emit(outcome, new, self.read, self.feed_dead, self.entry_dead, url, stamp=True)


class PollFeeds(beam.PTransform):
    """Feeds → {articles, dead_letters}, polling every ``interval`` seconds (streaming).

    The first poll is at ``start`` (default: now); with ``max_polls`` the run
    stops after that many polls, else it keeps polling. With ``store_dir`` the
    feeds' state is kept there too, for a run started again.
    """

    def __init__(self, feeds: List[FeedSpec], interval: float, policy: FetchPolicy = FetchPolicy(),
                 max_polls: Optional[int] = None, start: Optional[float] = None,
                 seen_ttl: float = DEFAULT_SEEN_TTL, store_dir: Optional[str] = None) -> None:
        super().__init__()
        self.feeds = list(feeds)
        self.interval = float(interval)
        self.policy = policy
        self.max_polls = max_polls
        self.start = start
        self.seen_ttl = seen_ttl
        self.store_dir = store_dir

    def expand(self, pbegin):
        start = self.start if self.start is not None else time.time()
        feeds = self.feeds
        polled = (pbegin
                  | "Ticks" >> Ticks(start, self.interval, self.max_polls)
                  | "EveryFeed" >> beam.FlatMap(lambda _tick: list(feeds)).with_output_types(Tuple[str, Optional[str]])
                  | "PollFeed" >> beam.ParDo(PollFeedFn(self.policy, self.seen_ttl, self.store_dir)).with_outputs(
                      DEAD_LETTERS, main=ARTICLES))
        return {ARTICLES: polled[ARTICLES], DEAD_LETTERS: polled[DEAD_LETTERS]}
