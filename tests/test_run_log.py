"""The log of a run holds the run's own warnings and summary, not the notice
Beam logs at import about its BigQuery client (``pipeline/logs.py``)."""
from __future__ import annotations

import logging

from pipeline.logs import BIGQUERY_NOTICE


def test_the_seed_command_logs_no_bigquery_notice_and_keeps_the_summary(tmp_path, pipeline_runner):
    # The README's first command, writing elsewhere.
    result = pipeline_runner("--runner", "DirectRunner", "--input", "seeds/*", "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert "apitools" not in result.stderr
    assert "bigquery" not in result.stderr.lower()
    assert "reconciled:         yes (1 = 1 + 0 + 0)" in result.stderr
    assert "LAUNCH ASSERTED:    1" in result.stderr


def test_the_filter_drops_only_beams_bigquery_notice(caplog):
    notice = f"{BIGQUERY_NOTICE} despite the import not raising an ImportError."
    with caplog.at_level(logging.WARNING):
        logging.warning(notice)  # as Beam logs it: through the root logger
        logging.warning("a warning of the run")
        logging.getLogger("apache_beam.io.gcp").warning(notice)  # the same words from a named logger
        logging.error("an error")
    assert [(r.name, r.getMessage()) for r in caplog.records] == [
        ("root", "a warning of the run"), ("apache_beam.io.gcp", notice), ("root", "an error")]
