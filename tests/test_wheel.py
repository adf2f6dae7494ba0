"""The built wheel runs on its own: schemas and data files load from the installed package.

The project is built into a wheel from a copy of the files the Dockerfile
copies into the worker image,
installed with its dependencies into a fresh virtual environment (no system
site-packages, no source tree on the path), and run from an empty directory.
Installing the dependencies from the package index takes most of the time.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys

import fastavro

from _dockerfile import ROOT, copy_sources


def _check(cmd, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONNOUSERSITE"] = "1"
    return env


def test_wheel_installs_in_fresh_venv_and_runs_without_source_tree(tmp_path):
    # The same files the Dockerfile copies into the worker image.
    src = tmp_path / "src"
    src.mkdir()
    for name in copy_sources():
        if os.path.isdir(os.path.join(ROOT, name)):
            shutil.copytree(os.path.join(ROOT, name), src / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy(os.path.join(ROOT, name), src / name)
    _check([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path / "dist"), str(src)],
           timeout=300)
    wheels = glob.glob(str(tmp_path / "dist" / "arabic_events-*.whl"))
    assert len(wheels) == 1

    venv = tmp_path / "venv"
    env = _clean_env()
    _check([sys.executable, "-m", "venv", str(venv)], env=env, timeout=120)
    python = str(venv / "bin" / "python")
    _check([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheels[0]],
           env=env, timeout=600)

    work = tmp_path / "run"
    (work / "input").mkdir(parents=True)
    shutil.copy(os.path.join(ROOT, "tests", "data", "dev.jsonl"), work / "input" / "dev.jsonl")
    shutil.copy(glob.glob(os.path.join(ROOT, "seeds", "*.txt"))[0], work / "input" / "seed.txt")

    where = _check([python, "-c", "import json, pipeline, schemas, transforms.data; "
                    "print(json.dumps([m.__file__ for m in (pipeline, schemas, transforms.data)]))"],
                   cwd=work, env=env).stdout
    for path in json.loads(where):
        assert path.startswith(str(venv)), path

    proc = _check([python, "-m", "pipeline.run", "--runner", "DirectRunner", "--no-progress",
                   "--input", "input/*.jsonl", "--input", "input/*.txt", "--output", "out",
                   "--default-published", "2024-06-01T00:00:00Z"], cwd=work, env=env, timeout=300)
    assert "reconciled:         yes" in proc.stderr

    texts = {}
    with open(work / "input" / "dev.jsonl", encoding="utf-8") as fh:
        for line in fh:
            record = json.loads(line)
            texts[record["id"]] = record["text"]
    installed_schema = json.loads(_check(
        [python, "-c", "import json, schemas; print(json.dumps(schemas.load_schema('event')))"],
        cwd=work, env=env).stdout)

    events = []
    for path in glob.glob(str(work / "out" / "events-*.avro")):
        with open(path, "rb") as fh:
            reader = fastavro.reader(fh)
            assert reader.writer_schema["name"].endswith(installed_schema["name"])
            events.extend(reader)
    assert len(events) > 10
    assert {e["event_type"] for e in events} == {"CONDEMNATION", "LAUNCH"}
    assert any(e["article_id"] == "seed" or e["article_id"].startswith("seed") for e in events)
    for e in events:
        if e["article_id"] in texts:
            assert texts[e["article_id"]][e["trigger_start"]:e["trigger_end"]] == e["trigger"]
    for name in ("counts", "dead_letters"):
        assert glob.glob(str(work / "out" / f"{name}-*.avro")), name
