"""Soak: 200 polls of a feed that grows at every poll, in one streaming run.

Memory must stay flat (all state is bounded), every entry's events must be
written exactly once, and the run must end with exit status 0 and its summary.
The feed is a real HTTP server on 127.0.0.1; the pipeline is a subprocess on
the FnApiRunner, as a user runs it.

Memory is the resident set of the pipeline's process and its children, sampled
every 0.2 s and tied to the poll the server saw last. Flat means: the peak over
the last 40 polls is at most ``TOLERANCE_MB`` above the peak over polls 20 to
60 (the first 20 are warm-up: imports, the first bundles, the extractor's
lexicons). For scale: with the FnApiRunner's metrics left unmerged until the
run ends (as Beam 2.77 does without ``pipeline.fn_api_metrics``) the same run
grew by 26 MB between the two spans, about 185 KB a poll.
"""
from __future__ import annotations

import collections
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from avro_helpers import count_events, latest_counts, read_records
from feed_server import FeedServer, GrowingFeed

ROOT = Path(__file__).resolve().parents[1]
POLLS, INTERVAL = 200, 0.3
TOLERANCE_MB = 5.0


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants, in KB (0 once it has gone)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/status") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
        except OSError:
            pass
    return total


def test_two_hundred_polls_flat_memory_every_entry_once_exit_0(tmp_path):
    out = tmp_path / "out"
    feed = GrowingFeed(every=INTERVAL, keep=20)
    samples = []  # (polls so far, RSS in KB)
    with FeedServer() as server:
        server.routes["/feed.rss"] = feed
        command = [sys.executable, "-m", "pipeline.run", "--streaming", "--runner", "FnApiRunner",
                   "--rss", server.url("/feed.rss"), "--allow-private-hosts", "--poll-interval", f"{INTERVAL}s",
                   "--max-polls", str(POLLS), "--window", "10s", "--output", str(out), "--no-progress"]
        proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                env=dict(os.environ, PYTHONWARNINGS="ignore"))
        stderr = []
        reader = threading.Thread(target=lambda: stderr.append(proc.stderr.read()), daemon=True)
        reader.start()
        try:
            while proc.poll() is None:
                rss = tree_rss_kb(proc.pid)
                if rss:
                    samples.append((server.hits.get("/feed.rss", 0), rss))
                time.sleep(0.2)
            proc.wait(timeout=180)
        finally:
            if proc.poll() is None:
                proc.kill()
        reader.join(timeout=10)
        polls = server.hits.get("/feed.rss", 0)
    err = "".join(stderr)
    assert proc.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    assert "reconciled:         yes" in err and f"articles read:        {len(feed.first_served)}" in err
    assert polls == POLLS

    early = [kb for n, kb in samples if 20 <= n < 60]
    late = [kb for n, kb in samples if n >= POLLS - 40]
    assert len(early) > 20 and len(late) > 20
    print(f"\nsoak: {polls} polls, {len(feed.first_served)} entries, peak RSS polls 20-60 {max(early) / 1024:.1f} MB,"
          f" last 40 polls {max(late) / 1024:.1f} MB")
    assert max(late) <= max(early) + TOLERANCE_MB * 1024, (max(early), max(late))

    events = read_records(out, "events")
    by_id = collections.Counter(e["event_id"] for e in events)
    assert max(by_id.values()) == 1, [k for k, n in by_id.items() if n > 1]
    assert {e["article_id"] for e in events} == set(feed.first_served)  # every entry served, exactly once
    assert len(events) == len(feed.first_served) > POLLS - 10
    assert read_records(out, "dead_letters") == []
    tally = count_events(events)
    latest = latest_counts(read_records(out, "counts"))
    assert sum(r["events"] for r in latest.values()) == len(events)
    for key, record in latest.items():
        assert record["events"] == tally(key[0], key[1])[key], key
