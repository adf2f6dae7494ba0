"""The benchmark's corpus: a given JSON Lines file repeated with fresh ids up to a size."""
import gzip
import json

from bench.benchmark import corpus_files, summarise, texts


def test_a_corpus_is_repeated_with_fresh_ids_in_both_formats(tmp_path):
    source = tmp_path / "src.jsonl.gz"
    records = [{"id": f"a{i}", "text": f"نص {i}", "source": "s"} for i in range(3)]
    with gzip.open(source, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n\n")
    files = corpus_files(str(tmp_path / "work"), str(source), 8, seed=6, mean_bytes=100)
    for path, size in files.values():
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as fh:
            got = [json.loads(line) for line in fh]
        assert [r["id"] for r in got] == ["a0", "a1", "a2", "a0~1", "a1~1", "a2~1", "a0~2", "a1~2"]
        assert [r["text"] for r in got] == [records[i % 3]["text"] for i in range(8)]
        assert list(texts(path)) == [r["text"] for r in got]


def test_without_a_corpus_the_generated_one_is_used(tmp_path):
    files = corpus_files(str(tmp_path), None, 20, seed=6, mean_bytes=400)
    assert len(list(texts(files["jsonl"][0]))) == 20
    assert len(list(texts(files["gz"][0]))) == 20


def _run(elapsed, articles=1000, peak=100 * 2**20):
    return {"elapsed": elapsed, "articles": articles, "events": 5, "peak": peak, "peak_exact": True,
            "cpu": elapsed, "cpu_max": elapsed}


def test_rounds_give_medians_and_ratios_taken_within_each_round():
    files = {"jsonl": ("/w/c.jsonl", 2_000_000), "gz": ("/w/c.jsonl.gz", 500_000)}
    runs = {
        # A slow spell in round 2 slows both runs of that round.
        "bare": [_run(1.0), _run(2.0), _run(1.1)],
        "pipeline-jsonl-2": [_run(0.8), _run(1.6), _run(1.0, peak=300 * 2**20)],
    }
    bare, pipeline = summarise(runs, files)
    assert bare.split() == ["1000", "jsonl", "2.0", "bare", "loop", "1.1", "909", "100", "1.00", "5", "1.1", "1.1"]
    # Median time 1.0 s; the rounds' ratios 1.25, 1.25, 1.10: median 1.25, range 1.10-1.25.
    assert pipeline.split() == ["1000", "jsonl", "2.0", "pipeline", "2", "1.0", "1000", "300", "1.25", "1.10-1.25",
                                "5", "1.0", "1.0"]


def test_one_round_has_no_range():
    files = {"jsonl": ("/w/c.jsonl", 2_000_000), "gz": ("/w/c.jsonl.gz", 500_000)}
    lines = summarise({"bare": [_run(1.0)], "extract": [_run(2.0)]}, files)
    assert lines[1].split() == ["1000", "jsonl", "2.0", "extract", "2.0", "500", "100", "0.50", "5", "2.0", "2.0"]
