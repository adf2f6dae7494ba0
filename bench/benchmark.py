"""Benchmark: the whole pipeline on the DirectRunner against a bare loop.

For every corpus size it generates (once, cached) a seeded corpus of Arabic
news articles with ``bench.corpus`` and measures, each in a fresh process:

* ``bare loop``: read the file line by line, parse the JSON and run the
  project's normalisation (``transforms.arabic.normalise``) on every article's
  text, in one process — the floor any pipeline over this corpus pays;
* ``pipeline 1 proc``: ``pipeline.run.run`` with the DirectRunner in process;
* ``pipeline 2 procs``: the same with ``--direct_num_workers 2
  --direct_running_mode multi_processing``.

It prints articles/s, MB/s (input bytes), peak memory and the ratio of each
run's throughput to the bare loop's. Times are wall-clock from the start of
the work to the end (pipeline construction, worker start-up and writing the
Avro files included; interpreter start-up and imports excluded).

Peak memory is the largest sum of resident set sizes over the measured
process and all its descendants (the SDK worker processes in
multi-processing mode), sampled from ``/proc`` every 0.1 s. A sum of RSS
counts pages shared between processes more than once, so it errs high.
``getrusage(RUSAGE_CHILDREN)`` is not used for this: it reports the largest
single process, not the tree. Where ``/proc`` is missing the figure falls back
to that largest single process and is marked with ``*``.

    python -m bench.benchmark --sizes 10000 50000 100000
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from typing import Dict, List, Optional, Tuple

from bench import corpus

MODES = {
    "bare": ("bare loop", []),
    "direct": ("pipeline 1 proc", ["--runner", "DirectRunner"]),
    "multi": ("pipeline 2 procs", ["--runner", "DirectRunner", "--direct_num_workers", "2",
                                   "--direct_running_mode", "multi_processing"]),
}


# ---------------------------------------------------------------- the work

def bare_loop(path: str) -> int:
    """Read ``path`` and normalise every article's text; return the articles seen."""
    import json as _json

    from transforms.arabic import normalise

    n = 0
    with open(path, "rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            n += 1
            try:
                record = _json.loads(line)
            except ValueError:
                continue
            text = record.get("text") if isinstance(record, dict) else None
            if isinstance(text, str):
                normalise(text)
    return n


def child(mode: str, path: str, output: str) -> None:
    """Run one measurement in this process and print its result as JSON."""
    if mode == "bare":
        start = time.perf_counter()
        articles = bare_loop(path)
        elapsed = time.perf_counter() - start
        events = None
    else:
        import logging

        from pipeline.run import run

        logging.getLogger().setLevel(logging.WARNING)
        argv = ["--input", path, "--output", output, "--no-progress", *MODES[mode][1]]
        start = time.perf_counter()
        totals = run(argv)
        elapsed = time.perf_counter() - start
        articles = totals.get("articles_read", 0)
        events = sum(v for k, v in totals.items() if k.startswith("events_"))
    print(json.dumps({"elapsed": elapsed, "articles": articles, "events": events}))


# ---------------------------------------------------------- the measuring

def _process_tree_rss(root: int) -> Optional[int]:
    """Sum of RSS in bytes of ``root`` and its descendants, from /proc."""
    if not os.path.isdir("/proc"):
        return None
    parents: Dict[int, int] = {}
    rss: Dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                stat = fh.read()
            with open(f"/proc/{name}/statm", "rb") as fh:
                resident = int(fh.read().split()[1])
        except OSError:
            continue
        fields = stat[stat.rindex(b")") + 2:].split()
        parents[int(name)] = int(fields[1])
        rss[int(name)] = resident * page
    children: Dict[int, List[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    tree, frontier = {root}, [root]
    while frontier:
        for pid in children.get(frontier.pop(), []):
            if pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in tree)


def measure(mode: str, path: str, output: str, log_path: str) -> Dict[str, float]:
    """Run ``mode`` in a child process; its result plus the peak memory of its tree."""
    cmd = [sys.executable, "-m", "bench.benchmark", "--child", mode, "--input", path, "--output", output]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
        peak = [0]
        sampled = [True]

        def sample() -> None:
            while proc.poll() is None:
                value = _process_tree_rss(proc.pid)
                if value is None:
                    sampled[0] = False
                    return
                peak[0] = max(peak[0], value)
                time.sleep(0.1)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        out, _ = proc.communicate()
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed (exit {proc.returncode}); see {log_path}")
    result = json.loads(out.decode().strip().splitlines()[-1])
    children_max = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
    result["peak"] = peak[0] if sampled[0] else children_max
    result["peak_exact"] = sampled[0]
    return result


def corpus_file(workdir: str, count: int, seed: int, mean_bytes: int) -> Tuple[str, int]:
    path = os.path.join(workdir, f"corpus-{count}-s{seed}-b{mean_bytes}.jsonl")
    if not os.path.exists(path):
        tmp = path + ".tmp"
        corpus.write(tmp, count, seed, mean_bytes)
        os.replace(tmp, path)
    return path, os.path.getsize(path)


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the pipeline against a bare normalisation loop.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=list(MODES))
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--mean-bytes", type=int, default=2800, help="mean article text size")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "arabic-events-bench"))
    parser.add_argument("--child", choices=list(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.input, args.output)
        return

    os.makedirs(args.workdir, exist_ok=True)
    log_path = os.path.join(args.workdir, "benchmark.log")
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  workdir: {args.workdir}")
    header = (f"{'articles':>8}  {'MB':>6}  {'run':<17} {'seconds':>8} {'articles/s':>10} "
              f"{'MB/s':>6} {'peak MB':>8} {'ratio':>6} {'events':>7}")
    rows = []
    for count in args.sizes:
        path, size = corpus_file(args.workdir, count, args.seed, args.mean_bytes)
        bare_rate = None
        for mode in args.modes:
            output = os.path.join(args.workdir, f"out-{count}-{mode}")
            r = measure(mode, path, output, log_path)
            rate = r["articles"] / r["elapsed"]
            if mode == "bare":
                bare_rate = rate
            ratio = f"{rate / bare_rate:.2f}" if bare_rate else "-"
            peak = f"{r['peak'] / 2**20:.0f}" + ("" if r["peak_exact"] else "*")
            row = (f"{r['articles']:>8}  {size / 1e6:>6.1f}  {MODES[mode][0]:<17} {r['elapsed']:>8.1f} "
                   f"{rate:>10.0f} {size / 1e6 / r['elapsed']:>6.2f} {peak:>8} {ratio:>6} "
                   f"{'' if r['events'] is None else r['events']:>7}")
            rows.append(row)
            if len(rows) == 1:
                print(header)
            print(row, flush=True)


if __name__ == "__main__":
    main()
