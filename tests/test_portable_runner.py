"""The pipeline on Beam's PortableRunner, the way Flink and Spark run it.

A local job service (``local_job_service_main``) receives the pipeline as a
Runner API proto and runs it; the SDK harnesses are separate processes started
by an external worker pool (``worker_pool_main``) on 127.0.0.1, which import
the installed package to run the transforms. Every output must equal the
DirectRunner's on the same input.
"""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import time

import fastavro
import pytest

from bench import corpus

HERE = os.path.dirname(os.path.abspath(__file__))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not listen on {port} within {timeout}s")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    """(job endpoint, worker pool address): two separate processes, stopped afterwards."""
    work = tmp_path_factory.mktemp("portable")
    job_port, pool_port = _free_port(), _free_port()
    logs = open(work / "services.log", "wb")
    # The pool starts each SDK harness as `python -c …` from PATH, as the SDK
    # container does; here that python is this environment's. Started outside
    # the source tree, the harnesses import the project as installed.
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    pool = subprocess.Popen(
        [sys.executable, "-m", "apache_beam.runners.worker.worker_pool_main", "--service_port", str(pool_port)],
        cwd=work, env=env, stdout=logs, stderr=subprocess.STDOUT)
    job = subprocess.Popen(
        [sys.executable, "-m", "apache_beam.runners.portability.local_job_service_main",
         "--port", str(job_port), "--staging_dir", str(work / "staging")],
        cwd=work, stdout=logs, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(pool_port, pool, "worker pool")
        _wait_for_port(job_port, job, "job service")
        yield f"localhost:{job_port}", f"127.0.0.1:{pool_port}"
    finally:
        _stop(job)
        _stop(pool)
        logs.close()


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """The dev set and a generated corpus with events, a repeated id and a broken line."""
    d = tmp_path_factory.mktemp("input")
    shutil.copy(os.path.join(HERE, "data", "dev.jsonl"), d / "dev.jsonl")
    corpus.write(str(d / "generated.jsonl"), 1200, seed=11)
    return str(d / "*.jsonl")


def _read(output: str, name: str):
    records = []
    for path in sorted(glob.glob(os.path.join(output, f"{name}-*.avro"))):
        with open(path, "rb") as fh:
            records.extend(fastavro.reader(fh))
    return records


def _outputs(output: str):
    events = sorted(_read(output, "events"), key=lambda r: r["event_id"])
    counts = sorted(_read(output, "counts"), key=lambda r: (
        r["window_start"], r["event_type"], r["actor_code"] or "", r["target_code"] or ""))
    dead = sorted(_read(output, "dead_letters"), key=lambda r: (r["origin"], r["stage"]))
    return events, counts, dead


def _run(args, cwd) -> str:
    """``python -m pipeline.run ARGS``; its summary without the output line.

    A separate process with a deadline: a harness that cannot start makes a
    portable job wait, and the test must fail rather than hang.
    """
    proc = subprocess.run([sys.executable, "-m", "pipeline.run", "--no-progress", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stderr.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("articles read:"))
    return "\n".join(line for line in lines[start:] if not line.startswith("output:"))


def test_portable_runner_with_external_workers_matches_direct_runner(services, inputs, tmp_path):
    job_endpoint, worker_pool = services
    direct_out, portable_out = str(tmp_path / "direct"), str(tmp_path / "portable")

    direct_summary = _run(["--input", inputs, "--output", direct_out, "--runner", "DirectRunner"], tmp_path)
    portable_summary = _run(["--input", inputs, "--output", portable_out,
                             "--runner", "PortableRunner", "--job_endpoint", job_endpoint,
                             "--environment_type", "EXTERNAL", "--environment_config", worker_pool,
                             "--num-shards", "2"], tmp_path)

    direct, portable = _outputs(direct_out), _outputs(portable_out)
    events, counts, dead = portable
    assert len(events) > 100 and counts and dead  # the input exercises every output
    assert len(glob.glob(os.path.join(portable_out, "events-*-of-00002.avro"))) == 2
    assert portable[0] == direct[0]
    assert portable[1] == direct[1]
    assert portable[2] == direct[2]
    # The metrics come back through the job service too, and reconcile alike.
    assert portable_summary == direct_summary
    assert "reconciled:         yes" in portable_summary


def test_streaming_on_the_portable_runner_writes_while_it_runs(services, tmp_path):
    """The streaming pipeline through the job service, its state, timers and per-bundle
    writes in SDK harnesses that are separate processes: files appear while it runs."""
    from feed_server import FeedServer, GrowingFeed

    job_endpoint, worker_pool = services
    out = tmp_path / "out"
    feed = GrowingFeed(every=1.0)
    with FeedServer() as server:
        server.routes["/feed.rss"] = feed
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipeline.run", "--no-progress", "--streaming", "--runner", "PortableRunner",
             "--job_endpoint", job_endpoint, "--environment_type", "EXTERNAL", "--environment_config", worker_pool,
             "--rss", server.url("/feed.rss"), "--allow-private-hosts", "--poll-interval", "1s",
             "--max-polls", "8", "--window", "1h", "--output", str(out)],
            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seen_while_running = set()
        try:
            while proc.poll() is None:
                seen_while_running |= set(glob.glob(str(out / "events-*.avro")))
                time.sleep(0.05)
            stderr = proc.stderr.read()
        finally:
            if proc.poll() is None:
                proc.kill()
    assert proc.returncode == 0, stderr[-3000:]
    assert "reconciled:         yes" in stderr
    assert len(seen_while_running) >= 3
    events = _read(str(out), "events")
    assert sorted(e["article_id"] for e in events) == sorted(feed.first_served)
    assert _read(str(out), "counts")
