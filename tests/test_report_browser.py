"""The HTML report of the dev set in a real headless Chromium (Debian's
``chromium``; ``.ci/run`` installs it): it loads from disk with no console
message, its charts have one series per event type and one bar per top pair,
the Arabic sentences render right to left, and a screenshot is taken."""
from __future__ import annotations

import os
import re
import struct
import subprocess
from collections import Counter
from html.parser import HTMLParser

import pytest

from pipeline.report import TOP_N, main
from pipeline.run import run
from avro_helpers import read_avro

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(REPO, "tests", "data", "dev.jsonl")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-quic", "--enable-logging=stderr", "--v=0"]
# Chromium logs every console message of the page (errors, CSP violations) to stderr like this.
CONSOLE = re.compile(r":CONSOLE[:(]\d+\)?\] (.*)")


def chromium(tmp_path, url, *args):
    """Run headless Chromium on ``url`` with a fresh profile; → (stdout, console messages)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium; "
                    ".ci/run does it) or set CHROMIUM to a Chromium binary")
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args, url],
                          capture_output=True, text=True, timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout, CONSOLE.findall(proc.stderr)


class Elements(HTMLParser):
    """Start tags with their attributes, in document order."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse(html):
    p = Elements()
    p.feed(html)
    return p.tags


@pytest.fixture(scope="module")
def dev_report(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("dev_report")
    out = tmp / "out"
    run(["--runner", "FnApiRunner", "--no-progress", "--input", DEV, "--output", str(out)])
    page = tmp / "report.html"
    assert main([str(out), "--html", str(page)]) == 0
    return out, page


def test_the_page_loads_from_disk_with_no_console_message_and_draws_the_charts(dev_report, tmp_path):
    out, page = dev_report
    dom, console = chromium(tmp_path, page.as_uri(), "--dump-dom")
    assert console == []
    tags = parse(dom)
    series = [a["data-series"] for t, a in tags if t == "g" and "data-series" in a]
    bars = [a for t, a in tags if t == "rect" and "data-bar" in a]

    counts = read_avro(str(out / "counts-*.avro"))
    asserted = [e for e in read_avro(str(out / "events-*.avro")) if e["modality"] == "ASSERTED"]
    assert sorted(series) == sorted({c["event_type"] for c in counts}) == ["CONDEMNATION", "LAUNCH"]
    pairs = Counter(f"{e['actor_code'] or '?'}→{e['target_code'] or '?'}" for e in asserted)
    assert len(bars) == min(TOP_N, len(pairs))
    assert [int(b["data-value"]) for b in bars] == sorted((n for n in pairs.values()), reverse=True)[:len(bars)]
    assert all(pairs[b["data-pair"]] == int(b["data-value"]) for b in bars)
    # One point per window of each type.
    points = sum(1 for t, a in tags if t == "circle" and "data-point" in a)
    assert points == len({(c["event_type"], c["window_start"]) for c in counts})
    # Nothing on the page is fetched: no element with a source, no stylesheet link.
    assert not [t for t, a in tags if "src" in a or "srcset" in a or (t == "link" and a.get("rel") != "noopener")]


def test_the_arabic_sentences_render_right_to_left(dev_report, tmp_path):
    """A copy of the page with a probe that measures the layout: the report
    itself has no script, and its policy would block one."""
    _, page = dev_report
    html = page.read_text(encoding="utf-8")
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    probe = """<script>
    const cells = [...document.querySelectorAll('td.sentence')];
    const out = cells.map(td => {
      const s = getComputedStyle(td), r = td.getBoundingClientRect();
      const walk = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
      let text = walk.nextNode();
      while (text && !text.textContent.trim()) text = walk.nextNode();
      const range = document.createRange();
      const i = text.textContent.search(/\\S/);
      range.setStart(text, i); range.setEnd(text, i + 1);
      const c = range.getClientRects()[0];
      const mark = td.querySelector('mark.trigger');
      return [s.direction, s.textAlign, Math.round(r.right - c.right), Math.round(c.left - r.left),
              mark ? Math.round(mark.getBoundingClientRect().width) : -1].join(',');
    });
    document.body.setAttribute('data-probe', out.join(';'));
    </script></body>"""
    harness = tmp_path / "harness.html"
    harness.write_text(html.replace("</body>", probe), encoding="utf-8")
    dom, console = chromium(tmp_path, harness.as_uri(), "--dump-dom", "--window-size=1280,1600")
    assert console == []
    probe_attr = dict(parse(dom)[[t for t, _ in parse(dom)].index("body")][1])["data-probe"]
    cells = [c.split(",") for c in probe_attr.split(";")]
    assert len(cells) == 30
    for direction, align, gap_right, gap_left, mark_width in cells:
        assert (direction, align) == ("rtl", "right")
        # The first letter of the sentence sits at the cell's right edge (its padding away), not its left.
        assert int(gap_right) <= 12 < int(gap_left)
    assert sum(int(c[4]) > 0 for c in cells) >= 25  # the trigger is highlighted where it is in the sentence


def test_a_screenshot_of_the_page(dev_report, tmp_path):
    _, page = dev_report
    shot = tmp_path / "report.png"
    _, console = chromium(tmp_path, page.as_uri(), f"--screenshot={shot}", "--window-size=1200,1800",
                          "--hide-scrollbars")
    assert console == []
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1200, 1800)
    assert len(data) > 50_000  # charts and text, not a blank page
    print(f"screenshot: {shot}")


def test_the_console_check_sees_an_error_and_a_blocked_fetch(tmp_path):
    """The check above is not vacuous: a page that logs an error, and one that
    tries to fetch under the report's policy, are both caught."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><meta charset="utf-8"><script>console.error("broken")</script>', encoding="utf-8")
    _, console = chromium(tmp_path, bad.as_uri(), "--dump-dom")
    assert any("broken" in m for m in console)
    fetch = tmp_path / "fetch.html"
    fetch.write_text('<!DOCTYPE html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" '
                     'content="default-src \'none\'"><img src="http://127.0.0.1:9/x.png">', encoding="utf-8")
    _, console = chromium(tmp_path, fetch.as_uri(), "--dump-dom")
    assert any("Content Security Policy" in m for m in console)
