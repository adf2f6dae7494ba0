"""The pipeline as a user runs it: a subprocess, files in, Avro out."""
import json
import re
import shutil

from avro_helpers import read_records
from conftest import DATA, ROOT
from pipeline.evaluate import predictions_from_avro, score


def _reconciliation(stderr):
    m = re.search(r"reconciled:\s+(\w+) \((\d+) = (\d+) \+ (\d+) \+ (\d+)\)", stderr)
    assert m, stderr
    return m.group(1), tuple(int(x) for x in m.groups()[1:])


def test_seed_article_with_no_arguments(tmp_path, pipeline_runner):
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    result = pipeline_runner(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    events = read_records(tmp_path / "out", "events")
    asserted = sorted((e["event_type"], e["actor_code"], e["target_code"]) for e in events
                      if e["modality"] == "ASSERTED")
    assert asserted == [("CONDEMNATION", "USA", "PRK"), ("CONDEMNATION", "USA", "RUS"), ("LAUNCH", "RUS", "UKR")]
    text = (ROOT / "seeds" / "seed-article.ar.txt").read_text(encoding="utf-8")
    for e in events:
        assert text[e["trigger_start"]:e["trigger_end"]] == e["trigger"]
        assert e["published"].tzinfo is not None
    counts = read_records(tmp_path / "out", "counts")
    assert sorted((c["event_type"], c["actor_code"], c["target_code"], c["events"]) for c in counts) == [
        ("CONDEMNATION", "USA", "PRK", 1), ("CONDEMNATION", "USA", "RUS", 1), ("LAUNCH", "RUS", "UKR", 1)]
    assert read_records(tmp_path / "out", "dead_letters") == []
    assert _reconciliation(result.stderr) == ("yes", (1, 1, 0, 0))


def test_malformed_lines_become_dead_letters_and_the_run_reconciles(tmp_path, pipeline_runner):
    lines = [
        json.dumps({"id": "ok-1", "text": "أطلقت روسيا صواريخ على أوكرانيا.", "published": "2024-01-10T08:00:00Z"},
                   ensure_ascii=False).encode(),
        b"{not json",
        json.dumps(["a", "list"]).encode(),
        json.dumps({"id": "no-text"}).encode(),
        "أدانت مصر الهجوم".encode("cp1256"),
        json.dumps({"id": "ok-2", "text": "أدانت قطر الهجوم.", "published": "2024-01-11T08:00:00Z"},
                   ensure_ascii=False).encode(),
    ]
    (tmp_path / "in.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    result = pipeline_runner("--input", tmp_path / "in.jsonl", "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    dead = read_records(tmp_path / "out", "dead_letters")
    assert sorted(d["origin"].rsplit(":", 1)[1] for d in dead) == ["2", "3", "4", "5"]
    assert {d["stage"] for d in dead} == {"parse"}
    assert {d["raw"] for d in dead} == set(lines[1:5])  # the bytes as read, not a lossy decode
    events = read_records(tmp_path / "out", "events")
    assert sorted(e["article_id"] for e in events) == ["ok-1", "ok-2"]
    status, (read, processed, dead_n, skipped) = _reconciliation(result.stderr)
    assert status == "yes" and (read, processed, dead_n) == (6, 2, 4)


def test_dev_set_through_the_pipeline_meets_the_targets(tmp_path, pipeline_runner):
    result = pipeline_runner("--input", DATA / "dev.jsonl", "--output", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    gold = [json.loads(line) for line in (DATA / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
    scores = score(gold, *predictions_from_avro(str(tmp_path / "out")))
    assert scores["tuple"]["f1"] >= 0.95
    assert scores["tuple"]["precision"] >= 0.97
    assert scores["projectile_accuracy"] >= 0.95


def test_bad_flag_values_fail_with_a_clear_message(tmp_path, pipeline_runner):
    result = pipeline_runner("--window", "1 week", "--output", tmp_path / "out")
    assert result.returncode != 0
    assert "not a duration" in result.stderr


def test_a_gzipped_archive_on_two_worker_processes(tmp_path, pipeline_runner):
    """Each worker process reads its share of the lines of a .jsonl.gz: every
    article is extracted once, the truncated tail is one dead letter, and the
    run reconciles."""
    import gzip

    lines = []
    for i in range(1, 241):
        text = "أطلقت روسيا صواريخ على أوكرانيا." if i % 3 == 0 else "خبر عادي عن الطقس والأسواق. " * 20
        lines.append(json.dumps({"id": f"g{i}", "text": text, "published": "2024-01-10T08:00:00Z"},
                                ensure_ascii=False).encode())
    lines[9] = b"{broken"
    data = gzip.compress(b"\n".join(lines) + b"\n")
    (tmp_path / "archive.jsonl.gz").write_bytes(data[:-100])  # the stream ends early
    result = pipeline_runner("--input", tmp_path / "archive.jsonl.gz", "--output", tmp_path / "out",
                             "--direct_num_workers", "2", "--direct_running_mode", "multi_processing")
    assert result.returncode == 0, result.stderr
    dead = read_records(tmp_path / "out", "dead_letters")
    assert sorted(d["stage"] for d in dead) == ["parse", "read"]
    [cut] = [d for d in dead if d["stage"] == "read"]
    last_line = int(cut["origin"].rsplit(":", 1)[1])
    assert 200 < last_line <= 240  # the articles before the cut were read
    events = read_records(tmp_path / "out", "events")
    ids = sorted(e["article_id"] for e in events)
    assert ids == sorted(f"g{i}" for i in range(3, last_line, 3))  # each once
    status, (read, processed, dead_n, skipped) = _reconciliation(result.stderr)
    assert status == "yes" and read == last_line and dead_n == 2
