"""Every article is accounted for: on a corpus holding every kind of bad input,
articles read = processed + dead-lettered + skipped, in the printed summary
and in the Avro outputs; and the dead letters replay as input."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import fastavro

from transforms.articles import MAX_ARTICLE_BYTES

ROOT = Path(__file__).resolve().parents[1]
CONDEMN = "أدانت المملكة العربية السعودية بشدة الهجوم الصاروخي الذي شنته ميليشيا الحوثي على مدينة جازان."
LAUNCH = "أطلقت كوريا الشمالية صاروخا باليستيا باتجاه بحر اليابان."


def jline(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def build_corpus(d: Path):
    """Files under ``d`` and what each record must become."""
    processed = [
        jline(id="ok1", text=CONDEMN, published="2024-01-10T08:00:00Z"),
        jline(id="ok2", text=LAUNCH, published="2024-01-10T08:00:00+02:00", source="s", url="u", title="t"),
        jline(id="future", text=CONDEMN, published="2999-01-01T00:00:00Z"),
        jline(id="old", text=CONDEMN, published="1900-01-01T00:00:00Z"),
        jline(id="naive", text=CONDEMN, published="2024-01-10T08:00:00"),
        jline(id="junk-date", text=CONDEMN, published="next Tuesday"),
        jline(id="cp1256", text=CONDEMN).decode().encode("cp1256"),
        b"\xef\xbb\xbf" + jline(id="bom", text=LAUNCH),
        b'{"id": "surrogate", "text": "\\ud800' + CONDEMN.encode() + b'"}',
        jline(id="mixed", text="Reuters: " + LAUNCH + " (AFP)"),
        jline(id="html", text=f"<p>{CONDEMN}</p><p>&quot;{LAUNCH}&quot;</p>"),
        jline(id="dup", text=CONDEMN),
    ]
    dead = [
        b'{"id": "broken", "text": ',
        b"[1, 2, 3]",
        jline(text=CONDEMN),
        jline(id="null-text", text=None),
        jline(id=12, text=CONDEMN),
        "Le Maroc a condamné l'attaque".encode("latin-1") + b"\xe9\xe8",
        jline(id="nul", text=CONDEMN).replace(b"\xd8\xa3", b"\x00", 1),
        jline(id="huge", text="ب" * (MAX_ARTICLE_BYTES // 2 + 10)),
    ]
    skipped = {
        "duplicate_id": [jline(id="dup", text=LAUNCH)],
        "empty": [jline(id="diacritics", text="\u064b\u064c\u0640\u0640 \u0651"), jline(id="blank", text=" \n ")],
        "not_arabic": [jline(id="latin", text="Saudi Arabia condemned the attack.")],
    }
    lines = processed + dead + [line for group in skipped.values() for line in group]
    (d / "mixed.jsonl").write_bytes(b"\n\n".join(lines) + b"\n")
    (d / "note.txt").write_bytes(CONDEMN.encode("utf-8"))
    (d / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    gz_lines = [jline(id=f"gz{i:04d}", text=LAUNCH) for i in range(3000)]
    whole = gzip.compress(b"\n".join(gz_lines) + b"\n")
    (d / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    return processed, dead, skipped


def read_avro(out: Path, name: str):
    records = []
    for path in sorted(out.glob(f"{name}-*.avro")):
        with open(path, "rb") as fh:
            records.extend(fastavro.reader(fh))
    return records


def test_read_equals_processed_plus_dead_lettered_plus_skipped(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    processed, dead, skipped = build_corpus(corpus)
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline.run", "--input", str(corpus / "*"),
                           "--output", str(out), "--no-progress"],
                          capture_output=True, text=True, cwd=ROOT, timeout=180)
    assert proc.returncode == 0, proc.stderr
    summary = proc.stderr
    m = re.search(r"reconciled:\s+(\w+) \((\d+) = (\d+) \+ (\d+) \+ (\d+)\)", summary)
    assert m, summary
    ok, read, n_processed, n_dead, n_skipped = m.group(1), *map(int, m.groups()[1:])
    assert ok == "yes" and read == n_processed + n_dead + n_skipped

    dead_letters = read_avro(out, "dead_letters")
    gz_kept = n_processed - len(processed) - 1  # the .txt note is processed too
    assert 0 < gz_kept < 3000
    # dead: the bad JSON lines, the binary .txt, and the truncated end of the gzip
    assert n_dead == len(dead) + 2 == len(dead_letters)
    assert n_skipped == sum(len(v) for v in skipped.values())
    assert read == len(processed) + 1 + gz_kept + n_dead + n_skipped
    for reason, group in skipped.items():
        assert re.search(rf"^\s+{reason.replace('_', ' ')}: {len(group)}$", summary, re.M), summary

    by_origin = {d["origin"].rsplit("/", 1)[1]: d for d in dead_letters}
    assert {o for o in by_origin if o.startswith("mixed.jsonl")} == {
        f"mixed.jsonl:{2 * (len(processed) + i) + 1}" for i in range(len(dead))}
    for i, raw in enumerate(dead):
        assert by_origin[f"mixed.jsonl:{2 * (len(processed) + i) + 1}"]["raw"] == raw
    assert by_origin["binary.txt"]["raw"] == (corpus / "binary.txt").read_bytes()
    cut = [d for o, d in by_origin.items() if o.startswith("cut.jsonl.gz:")]
    assert len(cut) == 1 and cut[0]["stage"] == "read" and cut[0]["error_class"] == "InputTruncated"

    events = read_avro(out, "events")
    with_events = {e["article_id"] for e in events}
    assert {"ok1", "ok2", "future", "old", "naive", "junk-date", "cp1256", "bom", "surrogate",
            "mixed", "html", "dup", "note"} <= with_events
    notes = {e["article_id"]: e["time_note"] for e in events}
    assert notes["ok1"] is None and notes["ok2"] is None
    assert all("file or fetch time used" in notes[a] for a in ("future", "old", "naive", "junk-date"))
    assert not with_events & {"latin", "diacritics", "blank", "broken", "nul", "huge"}

    # The dead letters replay as input: the JSON Lines ones byte for byte.
    replay = tmp_path / "replay.jsonl"
    proc = subprocess.run([sys.executable, "-m", "pipeline.replay", str(out / "dead_letters-*.avro"),
                           "--output", str(replay)], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert proc.returncode == 0, proc.stderr
    replayed = replay.read_bytes().split(b"\n")[:-1]
    assert sorted(replayed) == sorted(dead)
    assert "left out" in proc.stderr and "cut.jsonl.gz" in proc.stderr and "binary.txt" in proc.stderr
