"""The benchmark's corpus: a given JSON Lines file repeated with fresh ids up to a size."""
import gzip
import json

from bench.benchmark import corpus_files, texts


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
