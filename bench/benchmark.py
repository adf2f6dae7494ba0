"""Benchmark: the pipeline and the extractor on a JSON Lines corpus, against a bare loop.

The corpus is ``--corpus PATH`` (``.jsonl`` or ``.jsonl.gz``, for instance
SaudiNewsNet converted to JSON Lines, github.com/parallelfold/SaudiNewsNet),
repeated with fresh ids (``<id>~<copy>``) up to each size of ``--sizes``;
without ``--corpus``, a seeded generated corpus (``bench.corpus``). Each size
is written once to the work directory as ``.jsonl`` and ``.jsonl.gz``.

Every figure comes from a fresh process, and the baseline runs in the same
invocation, on the same file, so the ratios compare like with like:

* ``bare loop``: read the file line by line, parse the JSON and run pyarabic's
  ``strip_tashkeel``, ``strip_tatweel`` and ``normalize_hamza`` on each text,
  in one process: the floor any pipeline over this corpus pays;
* ``pipeline N``: ``pipeline.run.run`` on the DirectRunner with N workers
  (``--direct_num_workers N --direct_running_mode multi_processing``; N = 1 is
  in process), on the ``.jsonl`` file (read in ranges) and on the ``.jsonl.gz``
  file (one share of its lines per worker process);
* ``no-extract N``: the same pipeline with its extraction step a pass-through
  that emits no events, so what Beam itself costs (reading, shuffles, Avro) is
  stated apart from extraction;
* ``gz no-spread N``: the ``.jsonl.gz`` pipeline read by one worker, without
  shares (``transforms.read.gzip_shares``) or the redistribution of records
  after the read, to price them (with one worker there are neither);
* ``extract``: ``EventExtractor.extract`` on every article in one process
  (reading and JSON included); its candidate filter
  (``transforms.candidates``) chooses the sentences that are analysed.

It prints articles/s, peak memory and the ratio of each run's throughput to
the bare loop's. Times are wall-clock from the start of the work to the end:
the imports each run needs (Beam's for the pipeline, pyarabic's for the bare
loop), pipeline construction, worker start-up and shut-down and writing the
Avro files included; only the interpreter's own start-up is left out.

With ``--repeat ROUNDS`` every run is made that many times, in rounds (the
bare loop, then each run, then the next round), and each line gives medians:
on a machine shared with other work one run can be a tenth slower than the
next, and a ratio taken within a round compares runs made side by side.
The ``range`` column holds the lowest and highest of the rounds' ratios.

Peak memory is the largest sum of resident set sizes over the measured
process and all its descendants (the SDK worker processes in
multi-processing mode), sampled from ``/proc`` every 0.1 s. A sum of RSS
counts pages shared between processes more than once, so it errs high.
Where ``/proc`` is missing the figure falls back to the largest single
process and is marked with ``*``.

    python -m bench.benchmark --corpus saudinews.jsonl.gz --sizes 10000 50000 100000 --repeat 3
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from statistics import median
from typing import Dict, Iterator, List, Optional, Tuple

from bench import corpus

WORKER_FLAGS = {1: ["--runner", "DirectRunner"],
                2: ["--runner", "DirectRunner", "--direct_num_workers", "2",
                    "--direct_running_mode", "multi_processing"]}
# mode -> (label, input format, workers)
MODES: Dict[str, Tuple[str, str, int]] = {
    "bare": ("bare loop", "jsonl", 1),
    "bare-gz": ("bare loop", "gz", 1),
    "extract": ("extract", "jsonl", 1),
}
for _fmt in ("jsonl", "gz"):
    for _n in (1, 2):
        MODES[f"pipeline-{_fmt}-{_n}"] = (f"pipeline {_n}", _fmt, _n)
        MODES[f"noextract-{_fmt}-{_n}"] = (f"no-extract {_n}", _fmt, _n)
# Each input format's bare loop: the baseline of that format's ratios.
BARE_OF = {"jsonl": "bare", "gz": "bare-gz"}
for _n in (1, 2):
    MODES[f"nospread-gz-{_n}"] = (f"gz no-spread {_n}", "gz", _n)
DEFAULT_MODES = ["bare", "extract",
                 "pipeline-jsonl-1", "pipeline-jsonl-2", "noextract-jsonl-1", "noextract-jsonl-2",
                 "bare-gz", "pipeline-gz-1", "pipeline-gz-2", "nospread-gz-2", "noextract-gz-1", "noextract-gz-2"]


# ---------------------------------------------------------------- the work

def _open(path: str):
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def texts(path: str) -> Iterator[Optional[str]]:
    """Each non-blank line's text (None when the line is not an article)."""
    with _open(path) as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                yield None
                continue
            text = record.get("text") if isinstance(record, dict) else None
            yield text if isinstance(text, str) else None


def bare_loop(path: str) -> Tuple[int, None]:
    """Parse every line and normalise its text with pyarabic; return the articles seen."""
    from pyarabic.araby import normalize_hamza, strip_tashkeel, strip_tatweel

    n = 0
    for text in texts(path):
        n += 1
        if text is not None:
            normalize_hamza(strip_tatweel(strip_tashkeel(text)))
    return n, None


def extract_loop(path: str) -> Tuple[int, int]:
    """Run the extractor on every article; return the articles and the events found."""
    from transforms.extractor import EventExtractor

    extract = EventExtractor().extract
    n = events = 0
    for text in texts(path):
        n += 1
        if text is not None:
            events += len(extract(text))
    return n, events


def run_pipeline(mode: str, path: str, output: str) -> Tuple[int, int]:
    """``pipeline.run.run`` on ``path``; for the bench-only variants, with one step changed."""
    import logging

    import transforms.extract
    import transforms.read
    from pipeline.run import run

    if mode.startswith("noextract"):
        # The graph is built here and its DoFns are pickled by reference, so the
        # workers of multi-processing mode run the pass-through too.
        from bench.passthrough import PassThroughOutcomeFn
        transforms.extract.ExtractOutcomeFn = PassThroughOutcomeFn
    if mode.startswith("nospread"):
        transforms.read.redistributes = lambda patterns: False
        transforms.read.gzip_shares = lambda pipeline: 1
    logging.getLogger().setLevel(logging.WARNING)
    argv = ["--input", path, "--output", output, "--no-progress", *WORKER_FLAGS[MODES[mode][2]]]
    totals = run(argv)
    return totals.get("articles_read", 0), sum(v for k, v in totals.items() if k.startswith("events_"))


def child(mode: str, path: str, output: str) -> None:
    """Run one measurement in this process and print its result as JSON."""
    start = time.perf_counter()
    if mode.startswith("bare"):
        articles, events = bare_loop(path)
    elif mode.startswith("extract"):
        articles, events = extract_loop(path)
    else:
        articles, events = run_pipeline(mode, path, output)
    elapsed = time.perf_counter() - start
    print(json.dumps({"elapsed": elapsed, "articles": articles, "events": events}))


# ---------------------------------------------------------- the measuring

def _process_tree(root: int) -> Optional[Tuple[int, Dict[int, float]]]:
    """Sum of RSS in bytes of ``root`` and its descendants, and the CPU seconds
    (user + system) each of them has used so far, from /proc."""
    if not os.path.isdir("/proc"):
        return None
    parents: Dict[int, int] = {}
    rss: Dict[int, int] = {}
    cpu: Dict[int, float] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    tick = os.sysconf("SC_CLK_TCK")
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
        cpu[int(name)] = (int(fields[11]) + int(fields[12])) / tick
    children: Dict[int, List[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    tree, frontier = {root}, [root]
    while frontier:
        for pid in children.get(frontier.pop(), []):
            if pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    return sum(rss.get(pid, 0) for pid in tree), {pid: cpu[pid] for pid in tree if pid in cpu}


def measure(mode: str, path: str, output: str, log_path: str) -> Dict[str, float]:
    """Run ``mode`` in a child process; its result plus the peak memory of its
    tree and the CPU seconds its processes used (all of them, and the busiest
    one: on a machine shared with other work, how the work was spread over the
    processes shows better in CPU time than in wall-clock time)."""
    cmd = [sys.executable, "-m", "bench.benchmark", "--child", mode, "--input", path, "--output", output]
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log)
        peak = [0]
        sampled = [True]
        cpu: Dict[int, float] = {}

        def sample() -> None:
            while proc.poll() is None:
                value = _process_tree(proc.pid)
                if value is None:
                    sampled[0] = False
                    return
                peak[0] = max(peak[0], value[0])
                for pid, seconds in value[1].items():
                    cpu[pid] = max(cpu.get(pid, 0.0), seconds)
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
    # Sampled every 0.1 s, so the last tenth of a second of each process is missed.
    result["cpu"] = sum(cpu.values()) if cpu else None
    result["cpu_max"] = max(cpu.values()) if cpu else None
    return result


def _records(source: Optional[str], count: int, seed: int, mean_bytes: int) -> Iterator[bytes]:
    """``count`` JSON Lines records: ``source`` repeated with fresh ids, or the generated corpus."""
    if source is None:
        for line in corpus.lines(count, seed, mean_bytes):
            yield line.encode("utf-8")
        return
    written, copy = 0, 0
    while written < count:
        before = written
        with _open(source) as fh:
            for line in fh:
                if written == count:
                    break
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if copy and isinstance(record, dict) and "id" in record:
                    record["id"] = f"{record['id']}~{copy}"
                    line = json.dumps(record, ensure_ascii=False).encode("utf-8")
                yield line.rstrip(b"\r\n")
                written += 1
        if written == before:
            raise SystemExit(f"{source}: no records")
        copy += 1


def corpus_files(workdir: str, source: Optional[str], count: int, seed: int,
                 mean_bytes: int) -> Dict[str, Tuple[str, int]]:
    """The corpus of ``count`` articles as .jsonl and .jsonl.gz: {format: (path, bytes)}, cached."""
    if source is None:
        stem = f"corpus-{count}-s{seed}-b{mean_bytes}"
    else:
        st = os.stat(source)
        base = os.path.basename(source).split(".")[0]
        stem = f"{base}-{count}-{st.st_size}-{int(st.st_mtime)}"
    paths = {"jsonl": os.path.join(workdir, stem + ".jsonl"), "gz": os.path.join(workdir, stem + ".jsonl.gz")}
    if not all(os.path.exists(p) for p in paths.values()):
        os.makedirs(workdir, exist_ok=True)
        tmp = {fmt: p + ".tmp" for fmt, p in paths.items()}
        with open(tmp["jsonl"], "wb") as plain, gzip.open(tmp["gz"], "wb", compresslevel=6) as packed:
            for record in _records(source, count, seed, mean_bytes):
                plain.write(record + b"\n")
                packed.write(record + b"\n")
        for fmt, p in paths.items():
            os.replace(tmp[fmt], p)
    return {fmt: (p, os.path.getsize(p)) for fmt, p in paths.items()}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Benchmark the pipeline and the extractor against a bare loop.")
    parser.add_argument("--corpus", help="a .jsonl or .jsonl.gz corpus (default: a generated one)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--modes", nargs="+", choices=list(MODES), default=DEFAULT_MODES,
                        help="runs at each size; the bare loop of a format runs before that format's runs")
    parser.add_argument("--compressed", action="store_true", help="only the .jsonl.gz runs")
    parser.add_argument("--repeat", type=int, default=1, metavar="ROUNDS",
                        help="run every mode this many times, in rounds; report medians")
    parser.add_argument("--seed", type=int, default=6, help="generated corpus only")
    parser.add_argument("--mean-bytes", type=int, default=2800, help="generated corpus only: mean article size")
    parser.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "arabic-events-bench"))
    parser.add_argument("--child", choices=list(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--input", help=argparse.SUPPRESS)
    parser.add_argument("--output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, args.input, args.output)
        return

    selected = [m for m in args.modes if not args.compressed or MODES[m][1] == "gz"]
    modes: List[str] = []
    for fmt, bare in BARE_OF.items():
        # Each format's bare loop runs first, so every ratio has its baseline.
        group = [m for m in selected if MODES[m][1] == fmt and not m.startswith("bare")]
        if group or bare in selected:
            modes += [bare, *group]

    os.makedirs(args.workdir, exist_ok=True)
    log_path = os.path.join(args.workdir, "benchmark.log")
    print(f"cpus: {os.cpu_count()}  python: {sys.version.split()[0]}  workdir: {args.workdir}")
    print(f"corpus: {args.corpus or 'generated (bench.corpus)'}  rounds: {args.repeat}")
    header = (f"{'articles':>8}  {'input':<11} {'MB':>6}  {'run':<17} {'seconds':>8} {'articles/s':>10} "
              f"{'peak MB':>8} {'ratio':>6} {'range':>9} {'events':>7} {'cpu s':>6} {'busiest':>7}")
    print(header)
    for count in args.sizes:
        files = corpus_files(args.workdir, args.corpus, count, args.seed, args.mean_bytes)
        runs: Dict[str, List[Dict[str, float]]] = {mode: [] for mode in modes}
        for _ in range(args.repeat):
            for mode in modes:
                path, _ = files[MODES[mode][1]]
                runs[mode].append(measure(mode, path, os.path.join(args.workdir, f"out-{count}-{mode}"), log_path))
        for row in summarise(runs, files):
            print(row, flush=True)


def summarise(runs: Dict[str, List[Dict[str, float]]], files: Dict[str, Tuple[str, int]]) -> List[str]:
    """One line per mode: the median over the rounds of its time, CPU and
    ratio to the bare loop, the largest peak, and the range of the ratios the
    rounds gave. A round's ratio compares its run with the bare loop of the
    same round (the runs of a round follow each other), so a slow spell of
    the machine weighs on both sides of it."""
    lines = []
    for mode, results in runs.items():
        label, fmt, _ = MODES[mode]
        path, size = files[fmt]
        articles = results[0]["articles"]
        elapsed = median([r["elapsed"] for r in results])
        bare = runs.get(BARE_OF[fmt])
        ratio, spread = "-", ""
        if bare and bare is not results:
            ratios = [(articles / r["elapsed"]) / (b["articles"] / b["elapsed"]) for r, b in zip(results, bare)]
            ratio = f"{median(ratios):.2f}"
            spread = f"{min(ratios):.2f}-{max(ratios):.2f}" if len(ratios) > 1 else ""
        elif bare:
            ratio = "1.00"
        peak = f"{max(r['peak'] for r in results) / 2**20:.0f}" + ("" if all(r["peak_exact"] for r in results) else "*")
        events = "" if results[0]["events"] is None else results[0]["events"]
        cpu = "-" if results[0]["cpu"] is None else f"{median([r['cpu'] for r in results]):.1f}"
        busiest = "-" if results[0]["cpu_max"] is None else f"{median([r['cpu_max'] for r in results]):.1f}"
        suffix = os.path.basename(path).split(".", 1)[1]
        lines.append(f"{articles:>8}  {suffix:<11} {size / 1e6:>6.1f}  {label:<17} {elapsed:>8.1f} "
                     f"{articles / elapsed:>10.0f} {peak:>8} {ratio:>6} {spread:>9} {events:>7} {cpu:>6} {busiest:>7}")
    return lines


if __name__ == "__main__":
    main()
