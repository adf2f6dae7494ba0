"""``pipeline.report``: the text report of a real pipeline run, and the pieces
of the HTML page that must be right whatever the input."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone

import fastavro
import pytest

from pipeline.report import (Outputs, highlight_trigger, html_report, load_outputs, main, summarise,
                             text_report)
from pipeline.run import run
from schemas import WINDOW_COUNT, parsed_schema
from avro_helpers import read_avro

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(REPO, "tests", "data", "dev.jsonl")
UTC = timezone.utc




@pytest.fixture(scope="module")
def small_run(tmp_path_factory):
    """Eight dev articles with URLs, plus one line that is not JSON, through the real pipeline."""
    tmp = tmp_path_factory.mktemp("small_run")
    lines = []
    with open(DEV, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i == 8:
                break
            article = json.loads(line)
            article["url"] = f"https://news.example/{article['id']}?a=1&b=2"
            article["source"] = f"source-{i % 3}"
            lines.append(json.dumps(article, ensure_ascii=False))
    lines.insert(3, "{not json")
    src = tmp / "small.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp / "out"
    run(["--runner", "FnApiRunner", "--no-progress", "--input", str(src), "--output", str(out)])
    return out


def test_the_text_report_of_a_real_run(small_run, capsys):
    assert main([str(small_run)]) == 0
    text = capsys.readouterr().out
    events = read_avro(str(small_run / "events-*.avro"))
    counts = read_avro(str(small_run / "counts-*.avro"))
    assert events and counts
    asserted = [e for e in events if e["modality"] == "ASSERTED"]

    assert f"events: {len(events)} ({len(asserted)} asserted) in {len({e['article_id'] for e in events})} articles" \
        in text
    by_type = Counter(e["event_type"] for e in events)
    asserted_by_type = Counter(e["event_type"] for e in asserted)
    for event_type, n in by_type.items():
        assert re.search(rf"^  {event_type} +{n} +{asserted_by_type[event_type]}$", text, re.M), event_type
    # The top actor and target, with its name as written.
    section = text.split("top actors (asserted events):\n")[1].split("\n\n")[0].splitlines()
    top_code, top_n = Counter(e["actor_code"] or "?" for e in asserted).most_common(1)[0]
    assert re.match(rf"  \S+ +{top_n}\b", section[0]) and int(section[0].split()[1]) == top_n
    assert any(line.split()[0] == top_code for line in section)
    assert "top targets (asserted events):" in text
    # The busiest window is the one with most events in the counts file.
    per_window = Counter()
    for c in counts:
        per_window[c["window_start"]] += c["events"]
    start, n = max(per_window.items(), key=lambda kv: (kv[1], -kv[0].timestamp()))
    busiest = text.split("busiest windows (asserted events):\n")[1].splitlines()[0]
    assert busiest.startswith(f"  {start:%Y-%m-%d %H:%M} – ") and re.search(rf"\s{n}\s", busiest)
    # The line that is not JSON, by stage and reason.
    assert "dead letters: 1" in text
    assert re.search(r"^  parse +ArticleError +1$", text, re.M)


def test_the_page_links_articles_and_escapes_their_text(small_run, tmp_path):
    page = tmp_path / "report.html"
    assert main([str(small_run), "--html", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert 'href="https://news.example/dev-000?a=1&amp;b=2"' in html
    assert 'dir="rtl" lang="ar"' in html and '<mark class="trigger">' in html
    # Self-contained: no script, no external resource, a policy that forbids fetching.
    assert "<script" not in html and not re.search(r"""\s(src|srcset)=""", html)
    assert not re.search(r"<link\b", html)
    assert "default-src 'none'" in html


def test_the_report_runs_as_a_module(small_run):
    proc = subprocess.run([sys.executable, "-m", "pipeline.report", str(small_run)], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("events: ")


def test_a_directory_without_outputs_is_an_error(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "no Avro outputs" in capsys.readouterr().err
    assert main([str(tmp_path / "missing")]) == 2


def test_the_trigger_is_found_in_the_sentence_by_its_text():
    assert highlight_trigger("قالت مصر إنها أدانت القصف.", "أدانت") == \
        'قالت مصر إنها <mark class="trigger">أدانت</mark> القصف.'
    # Not there (a truncated sentence, say): shown unmarked, and always escaped.
    assert highlight_trigger("<b>أدان</b> & …", "استنكر") == "&lt;b&gt;أدان&lt;/b&gt; &amp; …"
    assert highlight_trigger("<i>x</i> أدانت", "أدانت") == '&lt;i&gt;x&lt;/i&gt; <mark class="trigger">أدانت</mark>'


def _event(i, **kw):
    e = {"event_id": f"e{i}", "article_id": f"a{i}", "source": "s", "url": None,
         "published": datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=i), "event_type": "LAUNCH",
         "modality": "ASSERTED", "actor_code": "IRN", "actor_text": "إيران", "target_code": "ISR",
         "target_text": "إسرائيل", "trigger": "أطلقت", "sentence": "أطلقت إيران صواريخ.", "trigger_start": 0,
         "trigger_end": 5}
    e.update(kw)
    return e


def test_hostile_text_and_urls_do_not_become_markup():
    hostile = _event(1, url="javascript:alert(1)", sentence='<script>alert(1)</script> أطلقت',
                     actor_text='"><img src=x>', source="<b>src</b>")
    html = html_report(summarise(Outputs(events=[hostile])), "/tmp/x")
    assert "<script" not in html and "<img" not in html and "<b>src" not in html
    assert "javascript:" not in html


def test_a_later_pane_of_a_window_replaces_the_earlier_in_the_report(tmp_path):
    start = datetime(2024, 1, 1, tzinfo=UTC)
    base = {"window_start": start, "window_end": start + timedelta(days=1), "event_type": "LAUNCH",
            "actor_code": None, "target_code": "ISR", "articles": 1, "sources": 1}
    for name, panes in (("counts-a.avro", [dict(base, events=2, is_final=False, pane_index=0)]),
                        ("counts-b.avro", [dict(base, events=5, is_final=True, pane_index=1)])):
        with open(tmp_path / name, "wb") as fh:
            fastavro.writer(fh, parsed_schema(WINDOW_COUNT), panes)
    outputs = load_outputs(str(tmp_path))
    assert [(c["events"], c["pane_index"]) for c in outputs.counts] == [(5, 1)]
    s = summarise(outputs)
    assert s.series == {"LAUNCH": [(start, 5)]}
    assert "2024-01-01 00:00 – 2024-01-02 00:00     5  LAUNCH 5" in text_report(s)


def test_the_charts_have_one_series_per_type_and_one_bar_per_pair():
    events = [_event(i) for i in range(3)] + [_event(10, event_type="CONDEMNATION", actor_code="EGY")]
    start = datetime(2024, 1, 1, tzinfo=UTC)
    counts = [{"window_start": start + timedelta(days=d), "window_end": start + timedelta(days=d + 1),
               "event_type": t, "actor_code": None, "target_code": None, "events": d + 1, "articles": 1,
               "sources": 1, "is_final": True, "pane_index": 0}
              for d in range(3) for t in ("LAUNCH", "CONDEMNATION")]
    html = html_report(summarise(Outputs(events=events, counts=counts)), "/tmp/x")
    assert len(re.findall(r'<g class="series" data-series="', html)) == 2
    assert len(re.findall(r"<circle data-point", html)) == 6
    assert re.findall(r'data-pair="([^"]+)" data-value="(\d+)"', html) == [("IRN→ISR", "3"), ("EGY→ISR", "1")]
