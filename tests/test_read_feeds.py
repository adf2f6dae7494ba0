"""Batch feed reading on TestPipeline (FnApiRunner) against a real HTTP server,
and a batch run of the whole pipeline with --rss and --feeds."""
from __future__ import annotations

import glob
import os
import time

import apache_beam as beam
import fastavro
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from feed_server import ATOM_TYPE, RSS_TYPE, FeedServer, entity_bomb, fixture, gzip_bomb, rss, stall
from transforms.fetch import FeedState, FetchPolicy
from transforms.read import ARTICLES, DEAD_LETTERS
from transforms.read_feeds import ReadFeedFiles, ReadFeeds, parse_feeds_file, poll_feed, remember

POLICY = FetchPolicy(connect_timeout=1.0, read_timeout=0.5, total_timeout=2.0, max_bytes=256 * 1024,
                     max_decoded_bytes=1024 * 1024, allow_private_hosts=True)
RSS_IDS = ["news-example-2024-0310-001", "https://news.example.org/2024/03/11/ukraine",
           "https://news.example.org/undated"]
ATOM_IDS = ["tag:atom.example.org,2024:entry-7", "tag:atom.example.org,2024:entry-8"]


@pytest.fixture
def server():
    with FeedServer() as s:
        s.routes.update({
            "/news.rss": (200, RSS_TYPE, fixture("news.rss")),
            "/news.atom": (200, ATOM_TYPE, fixture("news.atom")),
            "/stall": stall(3.0),
            "/big": (200, RSS_TYPE, b"<rss>" + b"x" * 300_000 + b"</rss>"),
            "/bomb": (200, {**RSS_TYPE, "Content-Encoding": "gzip"}, gzip_bomb(32 * 1024 * 1024)),
            "/entities": (200, RSS_TYPE, entity_bomb()),
            "/loop": (302, {"Location": "/loop"}, b""),
            "/gone": (410, {}, b""),
            "/busy": (429, {"Retry-After": "120"}, b""),
            "/cp1256": (200, RSS_TYPE, fixture("news.rss").decode("utf-8").replace(
                "news-example-2024-0310-001", "cp1256-001").encode("cp1256")),
            "/malformed": (200, RSS_TYPE, rss([("bad-1", "Sun, 10 Mar 2024 09:30:00 GMT",
                                                "أطلقت روسيا 35 صاروخا على أوكرانيا.")]).replace(
                b"</channel>", b"<broken a=></channel>")),
        })
        yield s


def test_parse_feeds_file():
    text = "# feeds\nhttps://a.example/rss  وكالة أ\n\nhttps://b.example/atom\n"
    assert parse_feeds_file(text) == [("https://a.example/rss", "وكالة أ"), ("https://b.example/atom", None)]


def test_remember_emits_once_and_forgets_after_the_ttl():
    new, seen = remember({}, ["a", "b", "a"], 100.0, 50.0)
    assert new == ["a", "b"] and seen == {"a": 100.0, "b": 100.0}
    new, seen = remember(seen, ["b", "c"], 140.0, 50.0)
    assert new == ["c"] and seen == {"a": 100.0, "b": 140.0, "c": 140.0}
    new, seen = remember(seen, ["c"], 160.0, 50.0)  # "a" not seen for 60 s: forgotten
    assert new == [] and seen == {"b": 140.0, "c": 160.0}


def test_poll_feed_304_410_429_rules(server):
    def conditional(handler):
        if handler.headers.get("If-None-Match") == '"v1"':
            return (304, {}, b"")
        return (200, {**RSS_TYPE, "ETag": '"v1"'}, fixture("news.rss"))
    server.routes["/cond.rss"] = conditional
    first = poll_feed(FeedState(server.url("/cond.rss")), None, POLICY, now=0.0)
    assert [a["id"] for a in first.articles] == RSS_IDS and first.fetched and not first.dead_letters
    second = poll_feed(first.state, None, POLICY, now=1.0)
    assert second.not_modified and second.articles == [] and second.dead_letters == []

    gone = poll_feed(FeedState(server.url("/gone")), None, POLICY, now=0.0)
    assert gone.state.gone and gone.dead_letters[0]["error_class"] == "FeedFailed"
    assert "no longer polled" in gone.dead_letters[0]["error_message"]
    assert not poll_feed(gone.state, None, POLICY, now=10.0 ** 9).fetched
    assert server.hits["/gone"] == 1

    busy = poll_feed(FeedState(server.url("/busy")), None, POLICY, now=0.0)
    assert "next fetch in 120s (Retry-After)" in busy.dead_letters[0]["error_message"]
    assert not poll_feed(busy.state, None, POLICY, now=60.0).fetched
    assert poll_feed(busy.state, None, POLICY, now=121.0).fetched
    assert server.hits["/busy"] == 2


def test_read_feeds_bad_feeds_do_not_stop_the_good_ones(server):
    feeds = [(server.url(path), None) for path in
             ("/news.rss", "/stall", "/big", "/bomb", "/entities", "/loop", "/gone", "/busy", "/cp1256",
              "/malformed", "/news.atom")]
    feeds[0] = (server.url("/news.rss"), "وكالة مسماة")
    started = time.monotonic()
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | ReadFeeds(feeds, POLICY)
        ids = out[ARTICLES] | "Ids" >> beam.Map(lambda a: a["id"])
        # Two entries of /cp1256 repeat ids of /news.rss; the source reads both
        # copies, and ExtractEvents keeps the first by origin.
        assert_that(ids, equal_to(RSS_IDS + ATOM_IDS + ["cp1256-001", "bad-1"] + RSS_IDS[1:3]), label="ids")
        named = server.url("/news.rss")
        sources = (out[ARTICLES] | "Named" >> beam.Filter(lambda a, u=named: a["origin"].startswith(u))
                   | "Source" >> beam.Map(lambda a: a["source"]))
        assert_that(sources, equal_to(["وكالة مسماة"] * len(RSS_IDS)), label="source from the feeds file")
        reasons = out[DEAD_LETTERS] | "Reasons" >> beam.Map(
            lambda d: (d["origin"].rsplit("/", 1)[1], d["error_class"], _reason(d["error_message"])))
        assert_that(reasons, equal_to([
            ("stall", "FeedFailed", "timed out"),
            ("big", "FeedFailed", "over the cap"),
            ("bomb", "FeedFailed", "decompressed body over the cap"),
            ("entities", "FeedRefused", "ENTITY"),
            ("loop", "FeedFailed", "more than 5 redirects"),
            ("gone", "FeedFailed", "410"),
            ("busy", "FeedFailed", "429"),
            ("malformed", "MalformedFeed", "entries kept"),
        ]), label="dead letters")
    assert time.monotonic() - started < 30


def _reason(message: str) -> str:
    for key in ("timed out", "decompressed body over the cap", "over the cap", "ENTITY", "more than 5 redirects",
                "410", "429", "entries kept"):
        if key in message:
            return key
    return message


def test_read_feed_files_from_input_globs(tmp_path):
    (tmp_path / "a.rss").write_bytes(fixture("news.rss"))
    (tmp_path / "b.atom").write_bytes(fixture("news.atom"))
    (tmp_path / "c.xml").write_bytes(entity_bomb())
    (tmp_path / "d.txt").write_text("ليس ملف أخبار")
    with TestPipeline(runner="FnApiRunner") as p:
        out = p | ReadFeedFiles([str(tmp_path / "*")], POLICY)
        assert_that(out[ARTICLES] | beam.Map(lambda a: a["id"]), equal_to(RSS_IDS + ATOM_IDS), label="ids")
        assert_that(out[DEAD_LETTERS] | beam.Map(lambda d: (os.path.basename(d["origin"]), d["error_class"])),
                    equal_to([("c.xml", "FeedRefused")]), label="dead")


def test_batch_run_with_rss_and_feeds_file(server, tmp_path):
    from pipeline.run import run

    feeds_file = tmp_path / "feeds.txt"
    feeds_file.write_text(f"# outlets\n{server.url('/news.atom')} شبكة الأخبار\n{server.url('/gone')}\n",
                          encoding="utf-8")
    out = tmp_path / "out"
    totals = run(["--rss", server.url("/news.rss"), "--feeds", str(feeds_file), "--allow-private-hosts",
                  "--output", str(out), "--runner", "FnApiRunner", "--no-progress"])
    events = [r for path in glob.glob(str(out / "events-*.avro")) for r in fastavro.reader(open(path, "rb"))]
    dead = [r for path in glob.glob(str(out / "dead_letters-*.avro")) for r in fastavro.reader(open(path, "rb"))]
    by_article = {(e["article_id"], e["event_type"]) for e in events}
    assert ("news-example-2024-0310-001", "CONDEMNATION") in by_article
    assert ("https://news.example.org/2024/03/11/ukraine", "LAUNCH") in by_article
    assert {e["source"] for e in events if e["article_id"].startswith("tag:")} <= {"شبكة الأخبار"}
    assert [d["origin"] for d in dead] == [server.url("/gone")]
    assert totals["articles_read"] == 6  # 5 entries and the gone feed
