"""The PostgreSQL sink against a real database: idempotent reruns, refused rows
as dead letters, streaming panes, retries after a lost connection.

The database is the session's server (``postgres_url`` in ``conftest.py``:
``ARABIC_EVENTS_TEST_DB`` when set, else a throwaway server started for the
run); every test writes into a schema of its own, dropped afterwards.
"""
from __future__ import annotations

import glob
import os
import subprocess
import sys
import tempfile
import uuid
from datetime import date, datetime, timezone
from urllib.parse import quote

import apache_beam as beam
import psycopg  # the db extra, part of the test extra
import pytest
from apache_beam.options.pipeline_options import PipelineOptions

from schemas import DEAD_LETTER
from transforms.postgres import COUNTS_TABLE, EVENTS_TABLE, WriteToPostgres, WriteToPostgresFn, is_transient
from transforms.write import WriteAvro
from avro_helpers import read_avro

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(REPO, "tests", "data", "dev.jsonl")
UTC = timezone.utc


@pytest.fixture
def db(postgres_url):
    """(url whose search_path is a fresh schema, admin connection, schema); the schema is dropped after."""
    try:
        admin = psycopg.connect(postgres_url, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.fail(f"PostgreSQL is not reachable at {postgres_url} (ARABIC_EVENTS_TEST_DB): {exc}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in postgres_url else "?"
    url = f"{postgres_url}{sep}options={quote(f'-csearch_path={schema}')}"
    try:
        yield url, admin, schema
    finally:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")
        admin.close()


def rows(admin, schema, table):
    order = "event_id" if table == EVENTS_TABLE else \
        "window_start, window_end, event_type, actor_code NULLS FIRST, target_code NULLS FIRST"
    return admin.execute(f"SELECT * FROM {schema}.{table} ORDER BY {order}").fetchall()


def run_pipeline(*args):
    proc = subprocess.run([sys.executable, "-m", "pipeline.run", "--runner", "FnApiRunner", "--no-progress",
                           *args], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc




def event(event_id, **overrides):
    record = {
        "event_id": event_id, "article_id": f"a-{event_id}", "source": "test", "url": None,
        "published": datetime(2024, 1, 10, 8, tzinfo=UTC), "event_type": "CONDEMNATION",
        "modality": "ASSERTED", "actor_code": "QAT", "actor_text": "قطر", "target_code": "ISR",
        "target_text": "إسرائيل", "projectile": None, "trigger": "أدانت", "trigger_start": 0,
        "trigger_end": 5, "sentence": "أدانت قطر إسرائيل.", "sentence_index": 0,
        "event_date": date(2024, 1, 10), "cameo_code": "111", "plover": "ACCUSE", "mentions": 1,
        "time_note": None, "extractor_version": "1.0.0",
    }
    record.update(overrides)
    return record


def count(pane_index, events, is_final, actor="QAT", target=None):
    return {"window_start": datetime(2024, 1, 10, tzinfo=UTC), "window_end": datetime(2024, 1, 11, tzinfo=UTC),
            "event_type": "LAUNCH", "actor_code": actor, "target_code": target, "events": events,
            "articles": events, "sources": 1, "is_final": is_final, "pane_index": pane_index}


def write(url, table, records, batch_size=500):
    """Run a real pipeline that writes ``records`` to ``table``; → its dead letters,
    as the pipeline's dead-letter sink wrote them."""
    with tempfile.TemporaryDirectory() as out:
        with beam.Pipeline("FnApiRunner", options=PipelineOptions([])) as p:
            dead = (p | beam.Create(records, reshuffle=False)
                    | WriteToPostgres(url, table, batch_size=batch_size))
            _ = dead | WriteAvro(out, "dead_letters", DEAD_LETTER)
        return read_avro(os.path.join(out, "dead_letters-*.avro"))


def test_a_second_run_over_the_dev_set_leaves_exactly_the_rows_of_one(db, tmp_path, dev_event_count):
    url, admin, schema = db
    run_pipeline("--input", DEV, "--output", str(tmp_path / "one"), "--db", url)
    once = {t: rows(admin, schema, t) for t in (EVENTS_TABLE, COUNTS_TABLE)}
    run_pipeline("--input", DEV, "--output", str(tmp_path / "two"), "--db", url)
    twice = {t: rows(admin, schema, t) for t in (EVENTS_TABLE, COUNTS_TABLE)}

    assert twice == once
    events = read_avro(str(tmp_path / "one" / "events-*.avro"))
    counts = read_avro(str(tmp_path / "one" / "counts-*.avro"))
    assert len(once[EVENTS_TABLE]) == len(events) == dev_event_count
    assert len(once[COUNTS_TABLE]) == len(counts) == len({
        (c["window_start"], c["event_type"], c["actor_code"], c["target_code"]) for c in counts}) > 20
    # The table holds what the Avro file holds, column for column.
    cols = [c.name for c in admin.execute(f"SELECT * FROM {schema}.{EVENTS_TABLE} LIMIT 0").description]
    by_id = {e["event_id"]: e for e in events}
    for row in once[EVENTS_TABLE]:
        assert dict(zip(cols, row)) == by_id[row[0]]
    assert sum(r[5] for r in once[COUNTS_TABLE]) == sum(c["events"] for c in counts)
    assert not [d for d in read_avro(str(tmp_path / "two" / "dead_letters-*.avro")) if d["stage"] == "write"]
    # Count keys with no actor or no target are single rows, not duplicates per run.
    assert admin.execute(f"SELECT count(*) FROM {schema}.{COUNTS_TABLE} "
                         "WHERE actor_code IS NULL OR target_code IS NULL").fetchone()[0] > 0


def test_refused_rows_become_dead_letters_with_the_database_error_and_the_rest_are_written(db):
    url, admin, schema = db
    good = [event(f"good-{i}") for i in range(5)]
    span = event("bad-span", trigger_start=9, trigger_end=4)        # violates events_trigger_span
    nul = event("bad-nul", sentence="أدانت\x00 قطر")                 # text cannot hold NUL
    dead = write(url, EVENTS_TABLE, [*good[:2], span, *good[2:], nul])

    assert {(d["origin"], d["stage"], d["error_class"]) for d in dead} == {
        ("postgres:events:bad-span", "write", "CheckViolation"),
        ("postgres:events:bad-nul", "write", "DataError"),
    }
    by_origin = {d["origin"]: d for d in dead}
    assert "events_trigger_span" in by_origin["postgres:events:bad-span"]["error_message"]
    assert "NUL" in by_origin["postgres:events:bad-nul"]["error_message"]
    assert by_origin["postgres:events:bad-span"]["article_id"] == "a-bad-span"
    assert b'"trigger_end": 4' in by_origin["postgres:events:bad-span"]["raw"]
    written = [r[0] for r in rows(admin, schema, EVENTS_TABLE)]
    assert written == sorted(e["event_id"] for e in good)


def test_a_refused_count_is_a_dead_letter_in_a_whole_pipeline(db, tmp_path):
    url, admin, schema = db
    bad = count(0, -1, True, actor="IRN")
    dead = write(url, COUNTS_TABLE, [count(0, 3, True), bad])
    assert [(d["stage"], d["error_class"]) for d in dead] == [("write", "CheckViolation")]
    assert "IRN" in dead[0]["origin"]
    assert [(r[3], r[5]) for r in rows(admin, schema, COUNTS_TABLE)] == [("QAT", 3)]


def test_a_later_pane_replaces_an_earlier_one_and_never_the_reverse(db):
    url, admin, schema = db
    write(url, COUNTS_TABLE, [count(0, 2, False), count(0, 7, False, target="ISR")])
    write(url, COUNTS_TABLE, [count(1, 5, True)])
    write(url, COUNTS_TABLE, [count(0, 2, False)])  # a late copy of the early pane
    got = [(r[3], r[4], r[5], r[8], r[9]) for r in rows(admin, schema, COUNTS_TABLE)]
    # (actor, target NULL) is one key across all three writes.
    assert sorted(got, key=str) == sorted([("QAT", None, 5, True, 1), ("QAT", "ISR", 7, False, 0)], key=str)
    # Two panes of one key in the same bundle: the later wins.
    write(url, COUNTS_TABLE, [count(3, 9, True, target="ISR"), count(2, 8, False, target="ISR")])
    assert ("QAT", "ISR", 9, True, 3) in [(r[3], r[4], r[5], r[8], r[9]) for r in rows(admin, schema, COUNTS_TABLE)]


def test_batches_split_a_bundle_and_all_rows_land(db):
    url, admin, schema = db
    dead = write(url, EVENTS_TABLE, [event(f"e{i:03d}") for i in range(23)], batch_size=5)
    assert dead == []
    assert len(rows(admin, schema, EVENTS_TABLE)) == 23


def test_a_lost_connection_is_reopened_and_the_batch_retried(db):
    url, admin, schema = db
    fn = WriteToPostgresFn(url, EVENTS_TABLE, backoff_seconds=0.01)
    fn.setup()
    try:
        first_pid = fn.conn.info.backend_pid
        admin.execute("SELECT pg_terminate_backend(%s)", (first_pid,))
        fn.start_bundle()
        for i in range(3):
            assert list(fn.process(event(f"r{i}"), timestamp=0, window=None)) == []
        assert list(fn.finish_bundle()) == []
        assert fn.conn.info.backend_pid != first_pid
    finally:
        fn.teardown()
    assert fn.conn is None
    assert [r[0] for r in rows(admin, schema, EVENTS_TABLE)] == ["r0", "r1", "r2"]


def test_which_errors_are_retried():
    from psycopg import errors

    assert is_transient(errors.SerializationFailure("x"))
    assert is_transient(errors.DeadlockDetected("x"))
    assert is_transient(errors.AdminShutdown("x"))
    assert is_transient(psycopg.OperationalError("connection lost"))
    assert not is_transient(errors.CheckViolation("x"))
    assert not is_transient(errors.ProgramLimitExceeded("index row too large"))
    assert not is_transient(errors.UndefinedTable("x"))


def test_the_pipeline_does_not_import_psycopg_without_db(tmp_path):
    code = ("import sys; from pipeline.run import run; "
            f"run(['--runner', 'FnApiRunner', '--no-progress', '--input', {DEV!r}, '--output', {str(tmp_path)!r}]); "
            "assert 'psycopg' not in sys.modules, 'psycopg imported without --db'")
    proc = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert glob.glob(str(tmp_path / "events-*.avro"))
