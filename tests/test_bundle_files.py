"""Streaming writers: a file per bundle, whole or not at all, and never the same
event twice across a restart (``transforms.write``), on real Beam pipelines."""
from __future__ import annotations

import glob
import os
import time
from datetime import datetime, timezone

import apache_beam as beam
import fastavro
import pytest
from apache_beam.metrics.metric import MetricsFilter
from apache_beam.testing.test_pipeline import TestPipeline

from schemas import EVENT, parsed_schema
from transforms.write import (RecentIds, WriteCountFilesFn, WriteEventFilesFn, file_span, partition_span,
                              read_event_files, recent_event_ids, remove_stale_temp_files, span_file_name,
                              write_atomically)

UTC = timezone.utc
HOUR = 3600.0


def event(aid: str, published: str, actor: str = "RUS") -> dict:
    return {
        "event_id": f"id-{aid}", "article_id": aid, "source": "s1", "url": None,
        "published": datetime.fromisoformat(published), "event_type": "LAUNCH", "modality": "ASSERTED",
        "actor_code": actor, "actor_text": "روسيا", "target_code": "UKR", "target_text": "أوكرانيا",
        "projectile": "MISSILE", "trigger": "أطلقت", "trigger_start": 0, "trigger_end": 5,
        "sentence": "أطلقت روسيا صواريخ على أوكرانيا.", "sentence_index": 0, "event_date": None,
        "cameo_code": "195", "plover": "ASSAULT", "mentions": 1, "time_note": None, "extractor_version": "t",
    }


def test_names_carry_the_span_and_a_digest_of_the_records():
    span = partition_span(datetime(2024, 1, 10, 8, 30, tzinfo=UTC).timestamp(), HOUR)
    assert span == (datetime(2024, 1, 10, 8, tzinfo=UTC).timestamp(), datetime(2024, 1, 10, 9, tzinfo=UTC).timestamp())
    name = span_file_name("events", span, ["b", "a"])
    assert name.startswith("events-20240110T080000-20240110T090000-") and name.endswith(".avro")
    assert name == span_file_name("events", span, ["a", "b"]) != span_file_name("events", span, ["a"])
    assert file_span(name, "events") == span
    assert file_span("events-00000-of-00001.avro", "events") is None
    assert file_span(name, "counts") is None


def test_a_file_appears_whole_under_its_name_or_not_at_all(tmp_path):
    path = str(tmp_path / "events-x.avro")

    def fail(fh):
        fh.write(b"half")
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_atomically(path, fail)
    assert glob.glob(str(tmp_path / "events-*.avro")) == []  # only a hidden temporary file is left
    [temp] = glob.glob(str(tmp_path / ".events-x.avro.*.tmp"))
    os.utime(temp, (time.time() - 7200, time.time() - 7200))
    assert remove_stale_temp_files(str(tmp_path), time.time()) == 1 and not os.listdir(tmp_path)
    write_atomically(path, lambda fh: fh.write(b"one"))
    write_atomically(path, lambda fh: fh.write(b"two"))
    assert open(path, "rb").read() == b"two" and os.listdir(tmp_path) == ["events-x.avro"]


def test_recent_ids_are_forgotten_after_the_horizon():
    recent = RecentIds(60.0, {"old": 0.0})
    recent.add(["a"], now=30.0)
    assert "old" in recent and "a" in recent
    recent.add(["b"], now=70.0)
    assert "old" not in recent and "a" in recent and "b" in recent


def _write_file(directory, name, records, written_at):
    path = os.path.join(directory, name)
    with open(path, "wb") as fh:
        fastavro.writer(fh, parsed_schema(EVENT), records)
    os.utime(path, (written_at, written_at))


def test_recent_event_ids_are_those_written_near_the_newest_file(tmp_path):
    d = str(tmp_path)
    span = (0.0, HOUR)
    _write_file(d, span_file_name("events", span, ["1"]), [event("old", "2024-01-10T08:00:00+00:00")], 1000.0)
    _write_file(d, span_file_name("events", span, ["2"]), [event("new", "2024-01-10T08:00:00+00:00")], 9000.0)
    assert recent_event_ids(d, horizon=3600.0) == {"id-new": 9000.0}
    assert set(recent_event_ids(d, horizon=8000.0)) == {"id-old", "id-new"}
    assert recent_event_ids(str(tmp_path / "none"), 3600.0) == {}


def _run_writer(out_dir, events):
    p = TestPipeline(runner="FnApiRunner")
    _ = p | beam.Create(events) | beam.ParDo(WriteEventFilesFn(out_dir, HOUR, horizon=HOUR))
    result = p.run()
    result.wait_until_finish()
    counters = result.metrics().query(MetricsFilter().with_name("already_written_events"))["counters"]
    return sum(c.committed for c in counters)


def test_events_go_to_a_file_per_hour_and_a_rerun_does_not_write_them_again(tmp_path):
    out = str(tmp_path)
    first = [event("a1", "2024-01-10T08:10:00+00:00"), event("a2", "2024-01-10T08:50:00+00:00"),
             event("a3", "2024-01-10T09:05:00+00:00")]
    assert _run_writer(out, first) == 0
    files = sorted(os.path.basename(f) for f in glob.glob(os.path.join(out, "events-*.avro")))
    assert [f[:38] for f in files] == ["events-20240110T080000-20240110T090000",
                                       "events-20240110T090000-20240110T100000"]
    # A rerun emits a3 again (and something new): a3 is not written twice.
    assert _run_writer(out, [event("a3", "2024-01-10T09:05:00+00:00"), event("a4", "2024-01-10T09:06:00+00:00")]) == 1
    ids = sorted(r["event_id"] for r in read_event_files(out, since=0.0))
    assert ids == ["id-a1", "id-a2", "id-a3", "id-a4"]
    assert [r["article_id"] for r in read_event_files(out, since=datetime(2024, 1, 10, 9, 30, tzinfo=UTC).timestamp())] \
        in (["a3", "a4"], ["a4", "a3"])  # only the files whose hour ends after `since`


def _count(window_start, pane, final=False, actor="RUS", events=1):
    start = datetime.fromisoformat(window_start)
    return {"window_start": start, "window_end": datetime.fromtimestamp(start.timestamp() + HOUR, tz=UTC),
            "event_type": "LAUNCH", "actor_code": actor, "target_code": "UKR", "events": events,
            "articles": events, "sources": 1, "is_final": final, "pane_index": pane}


def test_a_bundle_of_count_updates_keeps_the_latest_record_of_each_key(tmp_path):
    out = str(tmp_path)
    updates = [_count("2024-01-10T08:00:00+00:00", 0), _count("2024-01-10T08:00:00+00:00", 2, events=3),
               _count("2024-01-10T08:00:00+00:00", 1, events=2), _count("2024-01-10T08:00:00+00:00", 0, actor="IRN"),
               _count("2024-01-10T09:00:00+00:00", 4, events=5)]
    with TestPipeline(runner="FnApiRunner") as p:
        _ = p | beam.Create(updates) | beam.ParDo(WriteCountFilesFn(out))
    records = {}
    for path in glob.glob(os.path.join(out, "counts-*.avro")):
        span = file_span(os.path.basename(path), "counts")
        records[span] = sorted((r["actor_code"], r["events"], r["pane_index"]) for r in fastavro.reader(open(path, "rb")))
    eight = datetime(2024, 1, 10, 8, tzinfo=UTC).timestamp()
    assert records == {(eight, eight + HOUR): [("IRN", 1, 0), ("RUS", 3, 2)],
                       (eight + HOUR, eight + 2 * HOUR): [("RUS", 5, 4)]}
