"""Streaming: poll a real HTTP server whose feeds change between polls; every
new entry is emitted once and its events and counts are written.

The runner is the FnApiRunner in streaming mode: it runs PeriodicImpulse in
real time and keeps per-key state across polls, offline (Prism would have to
be downloaded)."""
from __future__ import annotations

import email.utils
import glob
import time

import apache_beam as beam
import fastavro
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from feed_server import ATOM_TYPE, RSS_TYPE, FeedServer, rss, stall
from transforms.fetch import FetchPolicy
from transforms.read import ARTICLES, DEAD_LETTERS
from transforms.read_feeds import PollFeeds

JAZAN = "أدانت المملكة العربية السعودية بشدة الهجوم الصاروخي الذي شنته ميليشيا الحوثي على مدينة جازان."
UKRAINE = "أطلقت روسيا 35 صاروخا على أوكرانيا."
POLICY = FetchPolicy(connect_timeout=1.0, read_timeout=0.3, total_timeout=1.0, allow_private_hosts=True)


def _date(minutes_ago: float) -> str:
    return email.utils.formatdate(time.time() - 60 * minutes_ago, usegmt=True)


def _atom(entry_id: str, text: str, minutes_ago: float) -> bytes:
    stamp = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60 * minutes_ago))
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>شبكة الأخبار</title><id>urn:feed</id><updated>{stamp}</updated>"
            f"<entry><id>{entry_id}</id><title>خبر</title><published>{stamp}</published>"
            f'<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>').encode("utf-8")


@pytest.fixture
def server():
    one = rss([("jazan-1", _date(10), JAZAN)])
    two = rss([("jazan-1", _date(10), JAZAN), ("ukraine-1", _date(5), UKRAINE)])
    with FeedServer() as s:
        s.routes.update({
            "/a.rss": [(200, RSS_TYPE, one), (200, RSS_TYPE, two)],  # new entry from the second poll on
            "/b.atom": (200, ATOM_TYPE, _atom("tag:b,1", "أدانت مصر الهجوم على مدينة رفح.", 3)),
            "/stall": stall(2.0),
            "/gone": (410, {}, b""),
            "/broken": (500, {}, b"oops"),
        })
        yield s


def test_poll_feeds_emits_each_entry_once(server):
    feeds = [(server.url(p), None) for p in ("/a.rss", "/b.atom", "/stall", "/gone")]
    options = PipelineOptions(["--streaming"])
    with TestPipeline(runner="FnApiRunner", options=options) as p:
        out = p | PollFeeds(feeds, interval=1.0, policy=POLICY, max_polls=3)
        assert_that(out[ARTICLES] | "Ids" >> beam.Map(lambda a: a["id"]),
                    equal_to(["jazan-1", "tag:b,1", "ukraine-1"]), label="ids")
        assert_that(out[DEAD_LETTERS] | "Origins" >> beam.Map(lambda d: d["origin"].rsplit("/", 1)[1]),
                    equal_to(["stall", "gone"]), label="dead")  # stall backs off; gone is polled once
    assert server.hits["/a.rss"] == 3 and server.hits["/gone"] == 1 and server.hits["/stall"] == 1


def test_streaming_run_writes_events_and_counts(server, tmp_path):
    from pipeline.run import run

    out = tmp_path / "out"
    started = time.monotonic()
    totals = run(["--streaming", "--runner", "FnApiRunner", "--rss", server.url("/a.rss"),
                  "--rss", server.url("/b.atom"), "--rss", server.url("/broken"), "--allow-private-hosts",
                  "--poll-interval", "1s", "--max-polls", "3", "--window", "1h",
                  "--output", str(out), "--no-progress"])
    assert time.monotonic() - started < 40
    events = [r for f in sorted(glob.glob(str(out / "events-*.avro"))) for r in fastavro.reader(open(f, "rb"))]
    pairs = sorted((e["article_id"], e["event_type"]) for e in events if e["modality"] == "ASSERTED")
    assert ("jazan-1", "CONDEMNATION") in pairs and ("ukraine-1", "LAUNCH") in pairs
    assert len(pairs) == len(set(pairs))  # repeats of jazan-1 in later polls were ignored
    counts = [r for f in glob.glob(str(out / "counts-*.avro")) for r in fastavro.reader(open(f, "rb"))]
    assert counts and all(c["window_end"] - c["window_start"] == __import__("datetime").timedelta(hours=1)
                          for c in counts)
    launch = [c for c in counts if c["event_type"] == "LAUNCH"]
    assert launch and max(c["events"] for c in launch) == 1
    assert all(isinstance(c["pane_index"], int) and isinstance(c["is_final"], bool) for c in counts)
    dead = [r for f in glob.glob(str(out / "dead_letters-*.avro")) for r in fastavro.reader(open(f, "rb"))]
    assert [d["origin"] for d in dead] == [server.url("/broken")]  # then backed off for 60 s
    assert server.hits["/broken"] == 1 and server.hits["/a.rss"] == 3
    assert totals["articles_read"] == 4  # three new entries and one dead letter
