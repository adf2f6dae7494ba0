"""Shared fixtures: paths, and a TestPipeline pinned to the in-process runner."""
import os
import subprocess
import sys
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
