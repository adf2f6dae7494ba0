"""Kill the pipeline with SIGKILL while it writes, rerun it on the same input
and output, and check the outputs: every expected event exactly once, and no
temporary file ever taken for output (Beam writes each shard under
``DIR/beam-temp-*`` and renames it into place when complete)."""
from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import fastavro

ROOT = Path(__file__).resolve().parents[1]
COPIES = 250  # of the 40 dev articles: a run long enough to be caught mid-write


def make_corpus(path: Path) -> None:
    articles = [json.loads(line) for line in (ROOT / "tests" / "data" / "dev.jsonl").read_text("utf-8").splitlines()]
    with open(path, "w", encoding="utf-8") as out:
        for i in range(COPIES):
            for a in articles:
                out.write(json.dumps({"id": f"{a['id']}-{i}", "text": a["text"], "published": a["published"]},
                                     ensure_ascii=False) + "\n")


def command(corpus: Path, out: Path):
    return [sys.executable, "-m", "pipeline.run", "--input", str(corpus), "--output", str(out), "--no-progress"]


def outputs(out: Path, name: str):
    """What a consumer sees: the files matching NAME-*.avro, each read whole."""
    records = []
    for path in sorted(glob.glob(str(out / f"{name}-*.avro"))):
        assert "beam-temp" not in path
        with open(path, "rb") as fh:
            records.extend(fastavro.reader(fh))
    return records


def temp_files(out: Path):
    return [p for p in glob.glob(str(out / "beam-temp-*" / "*")) if os.path.isfile(p)]


def kill_while_writing(corpus: Path, out: Path) -> bool:
    """Start a run and SIGKILL it as soon as a shard is being written; False if
    the run ended before a temporary file could be seen."""
    proc = subprocess.Popen(command(corpus, out), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while proc.poll() is None:
            if temp_files(out):
                proc.send_signal(signal.SIGKILL)
                proc.wait(timeout=30)
                return True
            time.sleep(0.002)
        return False
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)


def test_sigkill_mid_write_then_rerun_gives_every_event_exactly_once(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    make_corpus(corpus)
    clean = tmp_path / "clean"
    subprocess.run(command(corpus, clean), cwd=ROOT, check=True, capture_output=True, timeout=300)
    expected = sorted(r["event_id"] for r in outputs(clean, "events"))
    assert len(expected) > 1000 and len(set(expected)) == len(expected)

    out = tmp_path / "out"
    for _ in range(3):  # a run that outpaces the watcher is simply tried again
        if kill_while_writing(corpus, out):
            break
    else:
        raise AssertionError("no run was caught while writing")
    assert temp_files(out), "the killed run left its partial shards behind"
    for name in ("events", "counts", "dead_letters"):
        outputs(out, name)  # whatever a consumer finds is complete Avro

    # A consumer globs and reads events-*.avro throughout the rerun.
    failures, reads, stop = [], [0], threading.Event()

    def consume():
        while not stop.is_set():
            try:
                outputs(out, "events")
                reads[0] += 1
            except Exception as exc:  # a partial or temporary file would land here
                failures.append(repr(exc))
            time.sleep(0.01)

    consumer = threading.Thread(target=consume)
    consumer.start()
    try:
        rerun = subprocess.run(command(corpus, out), cwd=ROOT, capture_output=True, text=True, timeout=300)
    finally:
        stop.set()
        consumer.join()
    assert rerun.returncode == 0, rerun.stderr
    assert "reconciled:         yes" in rerun.stderr
    assert not failures, failures[:3]
    assert reads[0] > 0

    assert sorted(r["event_id"] for r in outputs(out, "events")) == expected
    assert sorted(glob.glob(str(out / "*.avro"))) == sorted(
        str(out / f"{n}-00000-of-00001.avro") for n in ("counts", "dead_letters", "events"))
    assert outputs(out, "dead_letters") == []
    assert len(outputs(out, "counts")) == len(outputs(clean, "counts"))
