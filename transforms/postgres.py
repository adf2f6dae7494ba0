"""``WriteToPostgres``: events or window counts → upserts into PostgreSQL.

Each worker opens one connection in ``setup()``, applies the migration
(``schemas/postgres/*.sql``, all ``IF NOT EXISTS``) under an advisory lock,
and closes the connection in ``teardown()``. Rows are buffered per bundle and
written as one batched upsert in one transaction, so a bundle that Beam
retries, or a rerun over the same input, leaves the tables exactly as one run
does:

* an event is keyed by its deterministic ``event_id``;
* a count is keyed by (window_start, window_end, event_type, actor_code,
  target_code), NULL codes being equal; a later pane of a streaming window
  replaces an earlier one (never the reverse), and ``is_final`` says whether
  more may come.

A transient error (lost connection, serialization failure, deadlock, server
shutting down) reconnects and retries the batch with backoff. A row that the
database refuses (a constraint, a value it cannot store) leaves through the
``dead_letters`` output with the database's error, stage ``write``, and the
rest of the batch is written. psycopg is imported only when a worker starts,
so the pipeline needs it only when ``--db`` is given.
"""
from __future__ import annotations

import json
import logging
import time
from importlib import resources
from typing import Any, Callable, Dict, List, Sequence, Tuple

import apache_beam as beam
from apache_beam.metrics import Metrics
from apache_beam.utils.windowed_value import WindowedValue

from transforms.read import DEAD_LETTERS, NAMESPACE
from transforms.records import dead_letter_record

EVENTS_TABLE, COUNTS_TABLE = "events", "window_counts"
WRITTEN = "written"

# Any constant works: it only has to be the same for every worker of every run.
_MIGRATION_LOCK = 0x41524556  # "AREV"

# SQLSTATE classes worth a retry: connection exception, transaction rollback
# (serialization failure, deadlock), insufficient resources, operator
# intervention (shutdown, statement timeout); and lock_not_available.
_TRANSIENT_CLASSES = {"08", "40", "53", "57"}
_TRANSIENT_STATES = {"55P03"}


class _Table:
    """How one table is written: columns, upsert statement, row key, origin."""

    def __init__(self, name: str, columns: Sequence[str], conflict: str, update_where: str,
                 key: Callable[[Dict[str, Any]], Tuple], origin: Callable[[Dict[str, Any]], str],
                 newer: Callable[[Dict[str, Any], Dict[str, Any]], bool]) -> None:
        self.name = name
        self.columns = tuple(columns)
        self.key = key
        self.origin = origin
        self.newer = newer
        cols = ", ".join(self.columns)
        placeholders = ", ".join(["%s"] * len(self.columns))
        updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in self.columns)
        self.sql = (f"INSERT INTO {name} AS t ({cols}) VALUES ({placeholders}) "
                    f"ON CONFLICT {conflict} DO UPDATE SET {updates}{update_where}")

    def params(self, record: Dict[str, Any]) -> Tuple:
        return tuple(record.get(c) for c in self.columns)


EVENT_COLUMNS = (
    "event_id", "article_id", "source", "url", "published", "event_type", "modality",
    "actor_code", "actor_text", "target_code", "target_text", "projectile",
    "trigger", "trigger_start", "trigger_end", "sentence", "sentence_index", "event_date",
    "cameo_code", "plover", "mentions", "time_note", "extractor_version",
)
COUNT_COLUMNS = (
    "window_start", "window_end", "event_type", "actor_code", "target_code",
    "events", "articles", "sources", "is_final", "pane_index",
)


def _count_key(r: Dict[str, Any]) -> Tuple:
    return (r["window_start"], r["window_end"], r["event_type"], r.get("actor_code"), r.get("target_code"))


TABLES = {
    EVENTS_TABLE: _Table(
        EVENTS_TABLE, EVENT_COLUMNS, "(event_id)", "",
        key=lambda r: (r["event_id"],),
        origin=lambda r: f"postgres:{EVENTS_TABLE}:{r.get('event_id')}",
        newer=lambda a, b: True),
    COUNTS_TABLE: _Table(
        COUNTS_TABLE, COUNT_COLUMNS,
        # Must repeat the expressions of the unique index window_counts_key.
        "(window_start, window_end, event_type, COALESCE(actor_code, ''), COALESCE(target_code, ''))",
        # A pane never overwrites a later pane of the same window, whatever the arrival order.
        " WHERE t.pane_index <= EXCLUDED.pane_index",
        key=_count_key,
        origin=lambda r: "postgres:{}:{}".format(COUNTS_TABLE, "/".join(
            v.isoformat() if hasattr(v, "isoformat") else str(v) for v in _count_key(r))),
        newer=lambda a, b: a.get("pane_index", 0) >= b.get("pane_index", 0)),
}


def migration_sql() -> List[str]:
    """The migration files shipped in the package, in order of their names."""
    folder = resources.files("schemas").joinpath("postgres")
    names = sorted(f.name for f in folder.iterdir() if f.name.endswith(".sql"))
    return [folder.joinpath(n).read_text(encoding="utf-8") for n in names]


def apply_migrations(conn) -> None:
    """Create the sink's tables and indexes where missing; one worker at a time."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        for sql in migration_sql():
            conn.execute(sql)


def is_transient(exc: BaseException) -> bool:
    """Whether retrying the same statement on a fresh connection may succeed."""
    import psycopg

    if isinstance(exc, psycopg.InterfaceError):  # the connection is closed or broken
        return True
    if isinstance(exc, psycopg.OperationalError):
        state = getattr(exc, "sqlstate", None)
        if state is None:  # raised by the client: connection lost, server gone
            return True
        return state[:2] in _TRANSIENT_CLASSES or state in _TRANSIENT_STATES
    return False


def is_row_error(exc: BaseException) -> bool:
    """Whether the database refused the row itself (bad value, constraint)."""
    import psycopg

    if isinstance(exc, (psycopg.DataError, psycopg.IntegrityError)):
        return True
    return isinstance(exc, psycopg.OperationalError) and not is_transient(exc)


def database_error(exc: BaseException) -> str:
    """The database's message, with its detail and the constraint when it gives them."""
    message = str(exc).strip()
    diag = getattr(exc, "diag", None)
    extra = []
    if diag is not None:
        if diag.message_detail and diag.message_detail not in message:
            extra.append(f"DETAIL: {diag.message_detail}")
        if diag.constraint_name and diag.constraint_name not in message:
            extra.append(f"constraint: {diag.constraint_name}")
        if diag.sqlstate:
            extra.append(f"SQLSTATE {diag.sqlstate}")
    return " | ".join([message, *extra])


def _raw(record: Dict[str, Any]) -> bytes:
    return json.dumps(record, ensure_ascii=False, sort_keys=True, default=str).encode("utf-8", "surrogatepass")


def refused_row_dead_letter(table: _Table, record: Dict[str, Any], exc: BaseException) -> Dict[str, Any]:
    """The dead letter of a row the database refused: its error class
    (``CheckViolation``, ``DataError`` …) and message, and the record as JSON."""
    letter = dead_letter_record(table.origin(record), "write", database_error(exc), _raw(record),
                                article_id=record.get("article_id"))
    letter["error_class"] = type(exc).__name__
    return letter


class WriteToPostgresFn(beam.DoFn):
    """Records of one table → upserted rows; refused rows → dead letters."""

    def __init__(self, url: str, table: str, batch_size: int = 500, max_attempts: int = 5,
                 backoff_seconds: float = 0.5) -> None:
        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}: one of {sorted(TABLES)}")
        self.url = url
        self.table = table
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.conn = None
        self._buffer: List[Tuple[Dict[str, Any], Any, Any]] = []
        self.rows_written = Metrics.counter(NAMESPACE, f"db_{table}_written")
        self.rows_rejected = Metrics.counter(NAMESPACE, f"db_{table}_rejected")
        self.retries = Metrics.counter(NAMESPACE, f"db_{table}_retries")

    # -- connection -------------------------------------------------------
    def _connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True, connect_timeout=10,
                               application_name="arabic-events")

    def _with_retries(self, action: Callable[[], Any]) -> Any:
        """Run ``action`` on a live connection, reconnecting after a transient error."""
        for attempt in range(1, self.max_attempts + 1):
            try:
                if self.conn is None or self.conn.closed:
                    self.conn = self._connect()
                return action()
            except Exception as exc:
                if not is_transient(exc) or attempt == self.max_attempts:
                    raise
                self.retries.inc()
                logging.warning("PostgreSQL %s: transient error (attempt %d of %d), retrying: %s",
                                self.table, attempt, self.max_attempts, exc)
                self._close()
                time.sleep(self.backoff_seconds * 2 ** (attempt - 1))
        raise AssertionError("unreachable")

    def _close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:  # closing a broken connection may fail; it is gone either way
                pass
            self.conn = None

    def setup(self):
        self._with_retries(lambda: apply_migrations(self.conn))

    def teardown(self):
        self._close()

    # -- bundles ----------------------------------------------------------
    def start_bundle(self):
        self._buffer = []

    def process(self, record, timestamp=beam.DoFn.TimestampParam, window=beam.DoFn.WindowParam):
        self._buffer.append((record, timestamp, window))
        if len(self._buffer) >= self.batch_size:
            yield from self._flush()

    def finish_bundle(self):
        yield from self._flush()

    def _flush(self):
        if not self._buffer:
            return
        table = TABLES[self.table]
        # One row per key: the last record, or for counts the latest pane.
        latest: Dict[Tuple, Tuple[Dict[str, Any], Any, Any]] = {}
        for item in self._buffer:
            k = table.key(item[0])
            if k not in latest or table.newer(item[0], latest[k][0]):
                latest[k] = item
        self._buffer = []
        items = list(latest.values())
        rejected = self._with_retries(lambda: self._write(table, items))
        self.rows_written.inc(len(items) - len(rejected))
        for (record, timestamp, window), exc in rejected:
            self.rows_rejected.inc()
            yield beam.pvalue.TaggedOutput(DEAD_LETTERS, WindowedValue(
                refused_row_dead_letter(table, record, exc), timestamp, [window]))

    def _write(self, table: _Table, items: List[Tuple[Dict[str, Any], Any, Any]]):
        """Upsert ``items`` in one transaction; → the items the database refused, with its error.

        The batch goes first as one pipelined ``executemany``; if the database
        refuses a row, the batch is rolled back to a savepoint and written row
        by row, each in its own savepoint, so only the refused rows are left out.
        """
        rejected = []
        with self.conn.transaction():
            try:
                with self.conn.transaction(), self.conn.cursor() as cur:
                    cur.executemany(table.sql, [table.params(r) for r, _, _ in items])
                return rejected
            except Exception as exc:
                if not is_row_error(exc):
                    raise
            for item in items:
                try:
                    with self.conn.transaction(), self.conn.cursor() as cur:
                        cur.execute(table.sql, table.params(item[0]))
                except Exception as exc:
                    if not is_row_error(exc):
                        raise
                    rejected.append((item, exc))
        return rejected


class WriteToPostgres(beam.PTransform):
    """Event or WindowCount records → rows of ``table`` (``events`` or
    ``window_counts``) at ``url``; returns the dead letters of refused rows.
    """

    def __init__(self, url: str, table: str, batch_size: int = 500, max_attempts: int = 5) -> None:
        super().__init__()
        # The DoFn checks the table name, so a wrong one fails at construction.
        self.upsert = WriteToPostgresFn(url, table, batch_size, max_attempts)

    def expand(self, records):
        out = records | "Upsert" >> beam.ParDo(self.upsert).with_outputs(DEAD_LETTERS, main=WRITTEN)
        return out[DEAD_LETTERS]
