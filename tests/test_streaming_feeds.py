"""Streaming: poll a real HTTP server whose feeds change between polls; every
new entry is emitted once, and its events and counts are written while the run
goes on; a run killed and started again writes no event twice.

The runner is the FnApiRunner in streaming mode: it polls in real time and
keeps per-key state across polls, offline (Prism would have to be
downloaded)."""
from __future__ import annotations

import collections
import email.utils
import glob
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import apache_beam as beam
import fastavro
import pytest
from apache_beam.options.pipeline_options import PipelineOptions
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that, equal_to

from avro_helpers import count_events, latest_counts, read_records
from feed_server import ATOM_TYPE, RSS_TYPE, FeedServer, GrowingFeed, rss, stall
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


ROOT = Path(__file__).resolve().parents[1]


def streaming_command(url, out, interval, polls=None, window="1h"):
    return [sys.executable, "-m", "pipeline.run", "--streaming", "--runner", "FnApiRunner", "--rss", url,
            "--allow-private-hosts", "--poll-interval", interval, "--window", window, "--output", str(out),
            "--no-progress", *(["--max-polls", str(polls)] if polls else [])]


def start(command):
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=dict(os.environ, PYTHONWARNINGS="ignore"))


def test_entries_reach_whole_avro_files_within_the_poll_interval_plus_10s_while_the_run_goes_on(tmp_path):
    out, interval = tmp_path / "out", 1.0
    feed = GrowingFeed(every=1.5)
    appeared, counts_while_running, files = {}, 0, set()
    with FeedServer() as server:
        server.routes["/feed.rss"] = feed
        proc = start(streaming_command(server.url("/feed.rss"), out, "1s", polls=12))
        try:
            while proc.poll() is None:
                for path in sorted(set(glob.glob(str(out / "events-*.avro"))) - files):
                    with open(path, "rb") as fh:  # a whole file: fastavro reads it to the end
                        for record in fastavro.reader(fh):
                            appeared.setdefault(record["article_id"], time.time())
                    files.add(path)
                counts_while_running = len(glob.glob(str(out / "counts-*.avro")))
                time.sleep(0.05)
            ended = time.time()
            stderr = proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, stderr[-3000:]
    served = feed.first_served
    assert len(served) >= 7
    delays = {k: appeared[k] - t for k, t in served.items() if k in appeared}
    # Every entry served a second before the end was in a file while the run went on, in time.
    assert {k for k, t in served.items() if t < ended - 1.0} <= set(appeared)
    assert max(delays.values()) <= interval + 10, delays
    assert counts_while_running > 0
    # and nothing served is missing once the run has ended
    assert {e["article_id"] for e in read_records(out, "events")} == set(served)


def test_a_run_killed_and_started_again_writes_no_event_twice(tmp_path):
    out = tmp_path / "out"
    feed = GrowingFeed(every=1.0)
    with FeedServer() as server:
        server.routes["/feed.rss"] = feed
        url = server.url("/feed.rss")
        # Killed just after a poll's events are written: the feed's state on disk is
        # that of the poll before (it is saved one tick late), so the next run polls
        # those entries as new again.
        proc = start(streaming_command(url, out, "2s"))
        deadline = time.time() + 60
        while len(glob.glob(str(out / "events-*.avro"))) < 3 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        before = read_records(out, "events")
        assert before
        again = subprocess.run(streaming_command(url, out, "1s", polls=4), cwd=ROOT, capture_output=True,
                               text=True, timeout=120)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "Traceback" not in again.stderr
    assert "feeds resumed:      1" in again.stderr
    assert "already written:" in again.stderr  # the entries polled again were dropped at the writer
    events = read_records(out, "events")
    by_id = collections.Counter(e["event_id"] for e in events)
    assert max(by_id.values()) == 1, [k for k, n in by_id.items() if n > 1]
    assert {e["article_id"] for e in events} == set(feed.first_served)
    assert len(events) > len(before)
    # The counts went on from where the killed run stopped.
    tally = count_events(events)
    for key, record in latest_counts(read_records(out, "counts")).items():
        assert record["events"] == tally(key[0], key[1])[key], key
