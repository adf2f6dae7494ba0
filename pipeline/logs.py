"""Logging of the command-line tools: one notice Beam logs at import is dropped.

``import apache_beam`` imports Beam's BigQuery client, which, without Beam's
``gcp`` extra, logs "apitools not found, and bigquery client libraries are not
available…" as a warning of the root logger. The pipeline does not use
BigQuery, so the notice says nothing about a run. ``pipeline/__init__.py``
installs the filter before anything imports Beam; every other record, Beam's
or the pipeline's, passes.
"""
from __future__ import annotations

import logging
from typing import Optional

BIGQUERY_NOTICE = "apitools not found, and bigquery client libraries are not available"


class DropBigQueryNotice(logging.Filter):
    """Drops Beam's import-time BigQuery notice, and nothing else."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == "root" and str(record.msg).startswith(BIGQUERY_NOTICE))


def drop_beam_import_notice(logger: Optional[logging.Logger] = None) -> None:
    """Install the filter on ``logger`` (the root logger), once."""
    logger = logger if logger is not None else logging.getLogger()
    if not any(isinstance(f, DropBigQueryNotice) for f in logger.filters):
        logger.addFilter(DropBigQueryNotice())
