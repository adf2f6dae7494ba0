"""The polled feeds' state on disk: written whole, read back, and resumed from by
a streaming ``PollFeeds`` against a real HTTP server on 127.0.0.1."""
from __future__ import annotations

import email.utils
import json
import os
import time

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from feed_server import RSS_TYPE, FeedServer, rss
from transforms import feed_store
from transforms.fetch import FeedState, FetchPolicy
from transforms.read import ARTICLES
from transforms.read_feeds import PollFeeds

POLICY = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0, allow_private_hosts=True)
TEXT = "أطلقت روسيا 35 صاروخا على أوكرانيا."


def test_a_saved_state_reads_back_and_replaces_the_last(tmp_path):
    d = str(tmp_path / "feeds")
    url = "https://news.example.org/rss"
    assert feed_store.load(d, url) is None
    state = FeedState(url, etag='"v1"', last_modified="Sun, 10 Mar 2024 09:30:00 GMT", failures=2,
                      next_fetch_at=1700000000.5)
    feed_store.save(d, url, state, {"a": 1700000000.0, "ب": 1700000001.0})
    feed_store.save(d, url, FeedState(url, etag='"v2"'), {"a": 1700000100.0})
    assert feed_store.load(d, url) == (FeedState(url, etag='"v2"'), {"a": 1700000100.0})
    assert os.listdir(d) == [os.path.basename(feed_store.store_path(d, url))]  # no temporary file left
    doc = json.loads(open(feed_store.store_path(d, url), encoding="utf-8").read())
    assert doc["feed"] == url and doc["state"]["etag"] == '"v2"'


def test_an_unreadable_state_is_an_error_not_an_empty_state(tmp_path):
    d = str(tmp_path)
    url = "https://news.example.org/rss"
    open(feed_store.store_path(d, url), "wb").write(b'{"format": 1, "state": ')
    with pytest.raises(ValueError, match="json"):
        feed_store.load(d, url)
    open(feed_store.store_path(d, url), "w").write(json.dumps({"format": 99}))
    with pytest.raises(ValueError, match="version"):
        feed_store.load(d, url)


def _date(minutes_ago: float) -> str:
    return email.utils.formatdate(time.time() - 60 * minutes_ago, usegmt=True)


def _poll(url: str, store: str, polls: int, expected_ids) -> None:
    with TestPipeline(runner="FnApiRunner", options=PipelineOptions(["--streaming"])) as p:
        out = p | PollFeeds([(url, None)], interval=0.5, policy=POLICY, max_polls=polls, store_dir=store)
        assert_that(out[ARTICLES] | beam.Map(lambda a: a["id"]), equal_to(expected_ids))


def test_a_second_run_resumes_from_the_state_the_first_one_saved(tmp_path):
    store = str(tmp_path / "feeds")
    a, b, c = (("a", _date(9), TEXT), ("b", _date(8), TEXT), ("c", _date(7), TEXT))
    with FeedServer() as s:
        # a and b from the first poll on; c from the third poll.
        s.routes["/feed.rss"] = [(200, {**RSS_TYPE, "ETag": '"1"'}, rss([a, b]))] * 2 + \
                                [(200, {**RSS_TYPE, "ETag": '"2"'}, rss([a, b, c]))] * 10
        _poll(s.url("/feed.rss"), store, 3, ["a", "b", "c"])
        saved, seen = feed_store.load(store, s.url("/feed.rss"))
        # Saved one tick late: the state after the second poll, before c was emitted.
        assert saved.etag == '"1"' and sorted(seen) == ["a", "b"]
        # So the second run emits c again (its events writer drops what it wrote), never a or b.
        _poll(s.url("/feed.rss"), store, 2, ["c"])
        saved, seen = feed_store.load(store, s.url("/feed.rss"))
        assert saved.etag == '"2"' and sorted(seen) == ["a", "b", "c"]
        assert s.requests[3][1].get("If-None-Match") == '"1"'  # the validators came back from the store
