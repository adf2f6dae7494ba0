"""Hostile and odd input: every case runs through the real read → extract
transforms on Beam's FnApiRunner (or the command line), and the test says
what becomes of it: an article, a skip with its reason, or a lossless dead
letter with origin, stage and error."""
from __future__ import annotations

import gzip
import hashlib
import json
import os
import subprocess
import sys
import time
import tracemalloc
from datetime import datetime, timezone
from pathlib import Path

import apache_beam as beam
import fastavro
import pytest
from apache_beam.testing.test_pipeline import TestPipeline
from apache_beam.testing.util import assert_that

from pipeline.run import counters
from transforms.articles import MAX_ARTICLE_BYTES, ArticleError, article_from_json_line, decode_bytes
from transforms.extract import ExtractEvents
from transforms.extractor import default_extractor
from transforms.read import ARTICLES, DEAD_LETTERS, ReadArticles
from transforms.write import CheckDeadLetterFn

ROOT = Path(__file__).resolve().parents[1]
FILE_TIME = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
CONDEMN = "أدانت المملكة العربية السعودية بشدة الهجوم الصاروخي الذي شنته ميليشيا الحوثي على مدينة جازان."
LAUNCH = "أطلقت كوريا الشمالية صاروخا باليستيا باتجاه بحر اليابان."


def jline(**fields) -> bytes:
    return json.dumps(fields, ensure_ascii=False).encode("utf-8")


def good(article_id: str, text: str = CONDEMN) -> bytes:
    return jline(id=article_id, text=text, published="2024-01-10T08:00:00Z")


def run_corpus(tmp_path: Path, data: bytes, name: str = "in.jsonl", articles=None, events=None, dead=None,
               max_article_bytes: int = MAX_ARTICLE_BYTES, pattern: str = ""):
    """Read ``data`` as file ``name`` (modified at FILE_TIME) and extract events
    on the FnApiRunner; each given check runs on its whole PCollection through
    ``assert_that``. Returns the run's counters."""
    path = tmp_path / name
    path.write_bytes(data)
    os.utime(path, (FILE_TIME.timestamp(), FILE_TIME.timestamp()))
    p = TestPipeline(runner="FnApiRunner")
    read = p | "Read" >> ReadArticles([str(tmp_path / pattern) if pattern else str(path)], None, max_article_bytes)
    extracted = read[ARTICLES] | "Extract" >> ExtractEvents()
    all_dead = ((read[DEAD_LETTERS], extracted[DEAD_LETTERS]) | "AllDead" >> beam.Flatten()
                | "CheckDead" >> beam.ParDo(CheckDeadLetterFn()))
    for label, pcoll, check in (("articles", read[ARTICLES], articles), ("events", extracted["events"], events),
                                ("dead", all_dead, dead)):
        if check is not None:
            assert_that(pcoll, check, label=f"Check_{label}")
    result = p.run()
    result.wait_until_finish()
    totals = counters(result)
    read_n = totals.get("articles_read", 0)
    accounted = (totals.get("articles_processed", 0) + totals.get("files_unreadable", 0)
                 + sum(v for k, v in totals.items() if k.startswith(("dead_letter_", "skipped_"))))
    assert read_n == accounted, totals
    return totals


def ids(expected):
    def check(actual):
        assert sorted(a["id"] for a in actual) == sorted(expected), [a["id"] for a in actual]
    return check


def dead_letters(*expected):
    """Each expected (origin suffix, stage, error fragment, raw bytes) matches one dead letter.

    The check holds digests of the bytes, not the bytes: Beam pickles it with the pipeline."""
    expected = [(suffix, stage, fragment, _digest(raw)) for suffix, stage, fragment, raw in expected]

    def check(actual):
        assert len(actual) == len(expected), [(d["origin"], d["error_message"]) for d in actual]
        for suffix, stage, fragment, raw in expected:
            found = [d for d in actual if d["origin"].endswith(suffix)]
            assert len(found) == 1, (suffix, [d["origin"] for d in actual])
            d = found[0]
            assert d["stage"] == stage, d["stage"]
            assert fragment in d["error_message"], d["error_message"]
            assert _digest(d["raw"]) == raw, (d["raw"][:80], raw)
    return check


def _digest(raw: bytes):
    return len(raw), hashlib.sha256(raw).hexdigest()


def test_malformed_json_is_dead_lettered_with_its_exact_bytes(tmp_path):
    bad = b'{"id": "x", "text": "\xd8\xa3\xd8\xaf\xd8\xa7\xd9\x86\xd8\xaa'
    totals = run_corpus(tmp_path, good("a") + b"\n" + bad + b"\n" + good("b") + b"\n",
                        articles=ids(["a", "b"]),
                        dead=dead_letters((":2", "parse", "malformed JSON", bad)))
    assert totals["dead_letter_parse"] == 1 and totals["articles_processed"] == 2


def test_a_50_mb_line_is_dead_lettered_whole_and_the_run_goes_on(tmp_path):
    huge = jline(id="huge", text="أ" * (25 * 1024 * 1024))
    assert len(huge) > 50 * 1024 * 1024
    data = good("a") + b"\n" + huge + b"\n" + good("b") + b"\n"
    started = time.monotonic()
    totals = run_corpus(tmp_path, data, articles=ids(["a", "b"]),
                        dead=dead_letters((":2", "read", "over the limit", huge)))
    assert totals["dead_letter_too_large"] == 1 and totals["articles_processed"] == 2
    assert time.monotonic() - started < 60


def test_a_json_value_that_is_not_an_object(tmp_path):
    values = [b"[1, 2]", b'"text"', b"42", b"null"]
    data = b"\n".join([good("a"), *values]) + b"\n"
    run_corpus(tmp_path, data, articles=ids(["a"]), dead=dead_letters(
        *((f":{i}", "parse", "not an object", v) for i, v in enumerate(values, start=2))))


@pytest.mark.parametrize("field", ["id", "text"])
def test_id_or_text_missing_null_or_not_a_string(tmp_path, field):
    other = {"id": "x", "text": CONDEMN}
    del other[field]
    lines = [jline(**other), jline(**other, **{field: None}), jline(**other, **{field: 7}),
             jline(**other, **{field: ["a"]}), jline(**other, **{field: True})]
    run_corpus(tmp_path, b"\n".join(lines) + b"\n", articles=ids([]), dead=dead_letters(
        *((f":{i}", "parse", f"{field} is missing or not a string", v) for i, v in enumerate(lines, start=1))))


def test_duplicate_ids_are_processed_once_and_counted(tmp_path):
    data = good("dup") + b"\n" + good("dup", LAUNCH) + b"\n" + good(" dup ") + b"\n" + good("other") + b"\n"

    def first_one_kept(actual):
        # Only the first copy's events: not the second copy's North Korean launch.
        dup = sorted((e["event_type"], e["actor_code"]) for e in actual if e["article_id"] == "dup")
        assert dup == [("CONDEMNATION", "SAU"), ("LAUNCH", "HOUTHIS")], dup

    totals = run_corpus(tmp_path, data, events=first_one_kept)
    assert totals["skipped_duplicate_id"] == 2 and totals["articles_processed"] == 2


@pytest.mark.parametrize("published, note", [
    ("2999-01-01T00:00:00Z", "published in the future (2999-01-01T00:00:00Z)"),
    ("1969-12-31T23:59:59Z", "published before 1970 (1969-12-31T23:59:59Z)"),
    ("0001-01-01T00:00:00+01:00", "published is not ISO 8601"),
    ("2024-01-10T08:00:00", "published has no timezone (2024-01-10T08:00:00)"),
    ("yesterday at noon", "published is not ISO 8601: 'yesterday at noon'"),
    (1704873600, "published is not an ISO 8601 string: 1704873600"),
    (None, "published missing"),
])
def test_published_unusable_falls_back_to_file_time_and_says_so(tmp_path, published, note):
    data = jline(id="t", text=CONDEMN, published=published)

    def fallback_noted(actual):
        assert actual, "the article yields events"
        for e in actual:
            assert e["published"] == FILE_TIME
            assert e["time_note"].startswith(note) and "file or fetch time used" in e["time_note"]

    run_corpus(tmp_path, data, events=fallback_noted)


def test_published_with_an_offset_is_converted_to_utc(tmp_path):
    def utc(actual):
        assert {e["published"] for e in actual} == {datetime(2024, 1, 10, 5, 0, tzinfo=timezone.utc)}
        assert {e["time_note"] for e in actual} == {None}

    run_corpus(tmp_path, jline(id="t", text=CONDEMN, published="2024-01-10T08:00:00+03:00"), events=utc)


def test_windows_1256_bytes_are_decoded_as_arabic(tmp_path):
    data = jline(id="w", text=CONDEMN, published="2024-01-10T08:00:00Z").decode().encode("cp1256")
    latin1 = jline(id="l", text="Le Maroc a condamné l'attaque.").decode().encode("latin-1")

    def decoded(actual):
        assert [a["text"] for a in actual] == [CONDEMN]

    def found(actual):
        assert {(e["event_type"], e["actor_code"]) for e in actual} >= {("CONDEMNATION", "SAU")}

    totals = run_corpus(tmp_path, data + b"\n" + latin1 + b"\n", articles=decoded, events=found,
                        dead=dead_letters((":2", "parse", "neither UTF-8 nor windows-1256", latin1)))
    assert totals["decoded_windows_1256"] == 1


def test_lone_surrogates_escaped_in_any_field_are_repaired_and_counted():
    fields = {"id": "x\ud800", "text": "نص \udc00 آخر", "title": "t\udbff", "source": "s", "url": "u\ud801"}
    counted = []
    for raw in (json.dumps(fields).encode(), json.dumps(fields).encode().replace(b"\\ud800", b"\\uD800")):
        article = article_from_json_line(raw, "f.jsonl:1", datetime(2024, 1, 1, tzinfo=timezone.utc), counted.append)
        assert (article["id"], article["text"], article["title"], article["url"]) == (
            "x\ufffd", "نص \ufffd آخر", "t\ufffd", "u\ufffd")
    assert counted == ["repaired_lone_surrogates"] * 8
    # An escaped pair is a character, not a lone surrogate: nothing to repair.
    paired = article_from_json_line(json.dumps({"id": "p", "text": "نص \U0001F600"}).encode(), "f.jsonl:2",
                                    datetime(2024, 1, 1, tzinfo=timezone.utc), counted.append)
    assert paired["text"] == "نص \U0001F600" and len(counted) == 8


def test_decoding_drops_one_leading_bom_as_the_utf8_sig_codec_does():
    for raw in (b"", b"\xef\xbb\xbf", "نص".encode(), b"\xef\xbb\xbf" + "نص".encode(),
                b"\xef\xbb\xbf\xef\xbb\xbf" + "نص".encode(), "نص\ufeffآخر".encode()):
        assert decode_bytes(raw) == raw.decode("utf-8-sig")
    with pytest.raises(ArticleError, match="at byte 5"):
        decode_bytes(b"\xef\xbb\xbfab\xff")


def test_utf8_bom_is_dropped_from_the_first_record_and_from_txt_files(tmp_path):
    (tmp_path / "note.txt").write_bytes(b"\xef\xbb\xbf" + CONDEMN.encode())

    def no_bom(actual):
        assert sorted(a["id"] for a in actual) == ["a", "note"]
        assert all(not a["text"].startswith("\ufeff") for a in actual)

    run_corpus(tmp_path, b"\xef\xbb\xbf" + good("a") + b"\n", pattern="*", articles=no_bom)


def test_nul_bytes_are_dead_lettered_losslessly(tmp_path):
    raw_nul = good("n1").replace(b"\xd8\xa3", b"\x00", 1)
    escaped_nul = jline(id="n2", text="أدانت\u0000 مصر")
    run_corpus(tmp_path, b"\n".join([raw_nul, escaped_nul, good("ok")]) + b"\n", articles=ids(["ok"]),
               dead=dead_letters((":1", "parse", "NUL byte", raw_nul), (":2", "parse", "NUL character", escaped_nul)))


def test_lone_surrogates_become_replacement_characters_and_the_article_is_written(tmp_path, capsys):
    raw = b'{"id": "s\\udc00", "text": "\\ud800' + CONDEMN.encode() + b'", "title": "\\ude00"}'

    def repaired(actual):
        assert len(actual) == 1
        a = actual[0]
        assert a["id"] == "s\ufffd" and a["title"] == "\ufffd" and a["text"] == "\ufffd" + CONDEMN

    def offsets_hold(actual):
        assert actual
        text = "\ufffd" + CONDEMN
        assert all(text[e["trigger_start"]:e["trigger_end"]] == e["trigger"] for e in actual)

    totals = run_corpus(tmp_path, raw + b"\n", articles=repaired, events=offsets_hold, dead=dead_letters())
    assert totals["repaired_lone_surrogates"] >= 1


def test_mixed_arabic_and_latin_text(tmp_path):
    text = "Breaking (Reuters): " + LAUNCH + " The missile was a Hwasong-18, AFP said. " + CONDEMN

    def found(actual):
        got = {(e["event_type"], e["actor_code"]) for e in actual}
        assert {("LAUNCH", "PRK"), ("CONDEMNATION", "SAU")} <= got, got
        assert all(text[e["trigger_start"]:e["trigger_end"]] == e["trigger"] for e in actual)

    run_corpus(tmp_path, jline(id="m", text=text, published="2024-01-10T08:00:00Z"), events=found)


def test_html_tags_and_entities_become_text(tmp_path):
    html_text = (f"<div class=\"story\"><h1>عاجل</h1><p>{LAUNCH}</p><script>var x = '<p>';</script>"
                 f"<!-- ad --><p>{CONDEMN.replace(' ', '&nbsp;', 1)}&#x200F;</p>"
                 "<p>Q&amp;A &lt;b&gt;</p></div>")

    def as_text(actual):
        (a,) = actual
        assert "<" not in a["text"].replace("<b>", "") and "&nbsp;" not in a["text"]
        assert "var x" not in a["text"] and "ad" not in a["text"].split()
        assert "Q&A <b>" in a["text"]
        assert LAUNCH in a["text"] and CONDEMN.replace(" ", "\xa0", 1) in a["text"]

    def found(actual):
        got = {(e["event_type"], e["actor_code"]) for e in actual}
        assert {("LAUNCH", "PRK"), ("CONDEMNATION", "SAU")} <= got, got
        assert all("<" not in e["sentence"] for e in actual)

    totals = run_corpus(tmp_path, jline(id="h", text=html_text, published="2024-01-10T08:00:00Z"),
                        articles=as_text, events=found)
    assert totals["converted_html"] == 1


def test_text_of_only_diacritics_or_tatweel_or_without_arabic_is_skipped_with_the_reason(tmp_path):
    lines = [jline(id="d", text="\u064e\u0650\u0651\u0652 \u0640\u0640\u0640\n\u200f"),
             jline(id="w", text="   \t "), jline(id="e", text=""),
             jline(id="l", text="Saudi Arabia condemned the Houthi attack."),
             good("ok")]
    totals = run_corpus(tmp_path, b"\n".join(lines) + b"\n", articles=ids(["ok"]), dead=dead_letters())
    assert totals["skipped_empty"] == 3 and totals["skipped_not_arabic"] == 1
    assert totals["articles_read"] == 5 and totals["articles_processed"] == 1


def _real_text_line(size: int) -> bytes:
    seed = (ROOT / "seeds" / "seed-article.ar.txt").read_text(encoding="utf-8") + "\n"
    text = seed * (size // len(seed.encode("utf-8")) + 1)
    return jline(id=f"big{size}", text=text, published="2024-01-10T08:00:00Z")


def test_a_5_mb_article_is_processed_in_bounded_memory_and_linear_time(tmp_path):
    extractor = default_extractor()
    costs = {}
    for size in (1_000_000, 5_000_000):
        raw = _real_text_line(size)
        started = time.perf_counter()
        events = extractor.extract(article_from_json_line(raw, "x:1", FILE_TIME)["text"])
        costs[size] = (time.perf_counter() - started, len(raw), events)
    (t1, n1, ev1), (t5, n5, ev5) = costs[1_000_000], costs[5_000_000]
    assert t5 < 3.0 * t1 * (n5 / n1) + 1.0, f"{t1:.2f}s for 1 MB, {t5:.2f}s for 5 MB"
    # The same facts repeated: a tuple is written once, with its mentions counted.
    assert {e.tuple for e in ev5} == {e.tuple for e in ev1}
    assert max(e.mentions for e in ev5) > 4 * max(e.mentions for e in ev1) - 4
    # Peak memory is a small multiple of the input (traced on 2 MB: tracing is slow).
    raw = _real_text_line(2_000_000)
    tracemalloc.start()
    extractor.extract(article_from_json_line(raw, "x:1", FILE_TIME)["text"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 8 * len(raw), f"peak {peak} bytes for an input of {len(raw)}"

    big = _real_text_line(5_000_000)
    assert len(big) < MAX_ARTICLE_BYTES

    def processed(actual):
        assert [len(a["text"]) for a in actual] == [len(json.loads(big)["text"])]

    totals = run_corpus(tmp_path, big + b"\n", articles=processed)
    assert totals["articles_processed"] == 1


def test_truncated_gzip_keeps_the_lines_before_and_dead_letters_the_rest(tmp_path):
    lines = [good(f"g{i:05d}") for i in range(4000)]
    whole = gzip.compress(b"\n".join(lines) + b"\n")
    truncated = whole[: len(whole) * 2 // 3]
    holder = {}

    def kept(actual):
        got = sorted(a["id"] for a in actual)
        assert got == [f"g{i:05d}" for i in range(len(got))] and 1000 < len(got) < 4000
        holder["n"] = len(got)

    def one_dead(actual):
        (d,) = actual
        assert d["stage"] == "read" and d["error_class"] == "InputTruncated"
        assert "EOFError" in d["error_message"] and "input unreadable after line" in d["error_message"]
        line = int(d["origin"].rsplit(":", 1)[1])
        assert d["raw"] == lines[line - 1][:len(d["raw"])], "the unfinished line's bytes are kept"

    totals = run_corpus(tmp_path, truncated, name="archive.jsonl.gz", articles=kept, dead=one_dead)
    assert totals["files_unreadable"] == 1
    assert totals["articles_read"] == totals["articles_processed"] + 1


def test_an_extraction_failure_is_dead_lettered_with_the_input_bytes(tmp_path, monkeypatch):
    class Broken:
        def extract(self, text, published=None):
            if "كوريا" in text:
                raise RuntimeError("extractor failed")
            return default_extractor().extract(text, published)

    monkeypatch.setattr("transforms.extract.default_extractor", lambda: Broken())
    bad = good("k", LAUNCH).replace(b'"id"', b'"extra": "kept", "id"')
    run_corpus(tmp_path, good("a") + b"\n" + bad + b"\n", articles=ids(["a", "k"]),
               dead=dead_letters((":2", "extract", "extractor failed", bad)))


def test_the_command_line_run_survives_a_hostile_corpus_and_writes_avro(tmp_path):
    corpus = tmp_path / "in.jsonl"
    corpus.write_bytes(b"\n".join([good("a"), b"{not json", b"\xff\xfe\x00", good("a"), good("b", LAUNCH)]) + b"\n")
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "pipeline.run", "--input", str(corpus), "--output", str(out),
                           "--no-progress"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "reconciled:         yes (5 = 2 + 2 + 1)" in proc.stderr

    def records(name):
        out_records = []
        for path in sorted(out.glob(f"{name}-*.avro")):
            with open(path, "rb") as fh:
                out_records.extend(fastavro.reader(fh))
        return out_records

    assert {r["article_id"] for r in records("events")} == {"a", "b"}
    assert sorted(r["raw"] for r in records("dead_letters")) == sorted([b"{not json", b"\xff\xfe\x00"])
