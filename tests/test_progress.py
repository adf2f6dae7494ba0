"""Progress on stderr: throttled lines, on by default, off with --no-progress."""
from __future__ import annotations

import io
import os
import re

import transforms.progress as progress
from pipeline.run import run
from transforms.progress import ARTICLES, EVENTS, ProgressReporter

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV = os.path.join(REPO, "tests", "data", "dev.jsonl")
LINE = re.compile(r"^progress: (\d+) articles read, (\d+) events found in \d+s \([\d.]+ articles/s\)$", re.M)


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_lines_are_throttled_to_one_per_interval():
    clock, out = FakeClock(), io.StringIO()
    reporter = ProgressReporter(interval=5, stream=lambda: out, clock=clock)
    for _ in range(1000):  # a burst: 1000 articles in one second
        clock.now += 0.001
        reporter.add(ARTICLES)
    assert out.getvalue() == ""
    clock.now += 4.5
    reporter.add(EVENTS, 3)
    reporter.add(ARTICLES)
    lines = out.getvalue().splitlines()
    assert lines == ["progress: 1000 articles read, 3 events found in 5s (181.8 articles/s)"]
    for _ in range(20):  # twenty seconds more at one article a second: four lines
        clock.now += 1
        reporter.add(ARTICLES)
    assert [int(a) for a, _ in LINE.findall(out.getvalue())] == [1000, 1006, 1011, 1016, 1021]


def test_a_log_file_gets_fewer_lines_than_a_terminal():
    class Tty(io.StringIO):
        def isatty(self):
            return True
    assert progress.default_interval(Tty()) == progress.TERMINAL_INTERVAL
    assert progress.default_interval(io.StringIO()) == progress.LOG_INTERVAL > progress.TERMINAL_INTERVAL


def test_a_run_reports_articles_and_events_and_no_progress_silences_it(tmp_path, capsys, monkeypatch,
                                                                      dev_event_count):
    monkeypatch.setattr(progress, "LOG_INTERVAL", 0.0)  # a line per element, to see the totals
    args = ["--runner", "FnApiRunner", "--input", DEV, "--output", str(tmp_path)]
    totals = run(args)
    seen = [(int(a), int(e)) for a, e in LINE.findall(capsys.readouterr().err)]
    assert seen, "no progress line"
    events = sum(v for k, v in totals.items() if k.startswith("events_"))
    assert max(a for a, _ in seen) == totals["articles_processed"] == 40
    assert max(e for _, e in seen) == events == dev_event_count

    run([*args, "--no-progress"])
    assert "progress:" not in capsys.readouterr().err
