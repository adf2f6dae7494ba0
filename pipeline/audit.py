"""Precision audits on real news (the procedure of the evaluation's AUDIT.md).

    python -m pipeline.audit sample CORPUS [CORPUS ...] --out SAMPLE.jsonl [--per-type 50] [--seed 13]
    python -m pipeline.audit score SAMPLE.jsonl

``sample`` runs the extractor in-process over JSON Lines corpora (``.jsonl``
or gzipped), streaming: only the sample is held in memory. It keeps ASSERTED
events (one per tuple and article, as the pipeline writes them) and draws a
uniform random sample of ``--per-type`` events of each type by reservoir
sampling, one reservoir per type with a random generator seeded from
``--seed`` and the type, so the same corpora and seed give the same sample.
Each sampled event becomes a row for two readers to judge: JSON Lines with
``judges: []``, or with ``--format csv`` a spreadsheet row with empty judge
columns.

``score`` reads a judged sample (either format) and prints, per type and in
all, the events and tuples right out of the sample for each reader and for
all readers together (a tuple is right for the headline when every reader
says so), with 95% Wilson intervals; the readers' agreement on ``tuple_ok``
(percent agreement and Cohen's kappa); and the most common error kinds.
"""
from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import (Any, Callable, Dict, Generic, IO, Iterable, Iterator, List, Optional, Sequence,
                    Tuple, TypeVar)

from pipeline.agreement import cohen_kappa, percent_agreement, wilson_interval
from transforms.articles import (MAX_ARTICLE_BYTES, Article, ArticleError, article_from_json_line,
                                 skip_reason)

EVENT_TYPES = ("CONDEMNATION", "LAUNCH")
EVENT_FIELDS = ("type", "actor", "target", "projectile", "trigger", "actor_text", "target_text")
ROW_FIELDS = ("id", "article_id", "source", "url", "sentence")
CSV_ROW_FIELDS = ("id", "article_id", "source", "url")  # then the event, then the sentence
MARKS = ("event_ok", "actor_ok", "target_ok", "tuple_ok")
JUDGE_FIELDS = MARKS + ("why",)
CSV_READERS = 2
DEFAULT_PER_TYPE = 50
DEFAULT_SEED = 13
TOP_ERROR_KINDS = 5
PROGRESS_EVERY = 5000

_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}

T = TypeVar("T")


class AuditError(ValueError):
    """Input the audit cannot use; the message names the file and line."""


# ---------------------------------------------------------------- sampling


class Reservoir(Generic[T]):
    """A uniform random sample of at most ``size`` items of a stream of unknown
    length, in memory proportional to ``size`` (Vitter's algorithm R).

    ``rng`` needs only ``randrange(n)``. ``items()`` returns the sample in
    stream order.
    """

    def __init__(self, size: int, rng: Any) -> None:
        if size < 0:
            raise ValueError(f"sample size must not be negative: {size}")
        self.size = size
        self.rng = rng
        self.seen = 0
        self._kept: List[Tuple[int, T]] = []

    def offer(self, item: T) -> None:
        index = self.seen
        self.seen += 1
        if len(self._kept) < self.size:
            self._kept.append((index, item))
            return
        slot = self.rng.randrange(index + 1)
        if slot < self.size:
            self._kept[slot] = (index, item)

    def items(self) -> List[T]:
        return [item for _, item in sorted(self._kept, key=lambda kept: kept[0])]


def type_rng(seed: int, event_type: str) -> random.Random:
    """The generator of one type's reservoir: a type's sample does not depend on
    how many events of the other types the corpus holds."""
    return random.Random(f"{seed}:{event_type}")


def sample_row(article: Article, event: Any) -> Dict[str, Any]:
    """A sampled event as a row to judge (``id`` is set when the sample is written)."""
    return {
        "id": None,
        "article_id": article["id"],
        "source": article.get("source"),
        "url": article.get("url"),
        "sentence": event.sentence,
        "event": {"type": event.event_type, "actor": event.actor_code, "target": event.target_code,
                  "projectile": event.projectile, "trigger": event.trigger,
                  "actor_text": event.actor_text, "target_text": event.target_text},
        "judges": [],
    }


@dataclass
class SampleRun:
    """What ``draw_sample`` read and found."""

    articles: int = 0  # articles handed to the extractor
    skipped: Counter = field(default_factory=Counter)  # left out, by reason (filled by the command)
    asserted: Counter = field(default_factory=Counter)
    sample: List[Dict[str, Any]] = field(default_factory=list)


def draw_sample(articles: Iterable[Article], extract: Callable[[Article], Iterable[Any]],
                per_type: int, seed: int, asserted: str = "ASSERTED",
                progress: Optional[Callable[[SampleRun], None]] = None) -> SampleRun:
    """Run ``extract`` on each article, keep its events whose modality is
    ``asserted`` and sample ``per_type`` of each type. The sample lists the
    types in ``EVENT_TYPES`` order (others after, by name), each in corpus
    order, with ids ``audit-001`` … in that order."""
    run = SampleRun()
    reservoirs: Dict[str, Reservoir] = {}
    for article in articles:
        run.articles += 1
        for event in extract(article):
            if event.modality != asserted:
                continue
            run.asserted[event.event_type] += 1
            if event.event_type not in reservoirs:
                reservoirs[event.event_type] = Reservoir(per_type, type_rng(seed, event.event_type))
            reservoirs[event.event_type].offer(sample_row(article, event))
        if progress is not None:
            progress(run)
    order = list(EVENT_TYPES) + sorted(set(reservoirs) - set(EVENT_TYPES))
    for event_type in order:
        if event_type in reservoirs:
            run.sample.extend(reservoirs[event_type].items())
    for number, row in enumerate(run.sample, 1):
        row["id"] = f"audit-{number:03d}"
    return run


# ---------------------------------------------------------------- reading corpora


def _open_binary(path: str) -> IO[bytes]:
    with open(path, "rb") as fh:
        gzipped = fh.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # type: ignore[return-value]


def read_corpus(paths: Sequence[str], skipped: Counter, limit: Optional[int] = None) -> Iterator[Article]:
    """Articles of JSON Lines files (plain or gzipped), one line at a time, parsed
    as the pipeline parses them. Lines that are not articles are counted in
    ``skipped`` by reason (``malformed``, ``too large``, ``empty``,
    ``not_arabic``, ``unreadable end``) and left out. Stops after ``limit``
    records (articles and lines left out alike); blank lines are not records."""
    for path in paths:
        if not os.path.isfile(path):
            raise AuditError(f"{path}: no such file")
    records = 0
    for path in paths:
        fallback = datetime.fromtimestamp(os.path.getmtime(path), timezone.utc)
        with _open_binary(path) as fh:
            line_number = 0
            while True:
                if limit is not None and records >= limit:
                    return
                try:
                    # A line longer than the cap is read no further than the
                    # cap at a time, so one huge line cannot fill the memory.
                    raw = fh.readline(MAX_ARTICLE_BYTES + 2)
                    too_large = len(raw) > MAX_ARTICLE_BYTES and not raw.endswith(b"\n")
                    while too_large and raw and not raw.endswith(b"\n"):
                        raw = fh.readline(MAX_ARTICLE_BYTES)
                except (EOFError, OSError, zlib.error):
                    skipped["unreadable end"] += 1
                    break
                if too_large:
                    line_number += 1
                    records += 1
                    skipped["too large"] += 1
                    continue
                if not raw:
                    break
                line_number += 1
                raw = raw.rstrip(b"\r\n")
                if not raw.strip():
                    continue
                records += 1
                if len(raw) > MAX_ARTICLE_BYTES:
                    skipped["too large"] += 1
                    continue
                try:
                    article = article_from_json_line(raw, f"{path}:{line_number}", fallback)
                except ArticleError:
                    skipped["malformed"] += 1
                    continue
                reason = skip_reason(article["text"])
                if reason:
                    skipped[reason] += 1
                    continue
                article.pop("raw", None)
                yield article


# ---------------------------------------------------------------- writing samples


def csv_header(readers: int = CSV_READERS) -> List[str]:
    return (list(CSV_ROW_FIELDS) + list(EVENT_FIELDS) + ["sentence"]
            + [f"judge{r}_{name}" for r in range(1, readers + 1) for name in JUDGE_FIELDS])


def write_sample(rows: Sequence[Dict[str, Any]], out: IO[str], fmt: str = "jsonl") -> None:
    """Rows as JSON Lines, or as CSV with empty judge columns for two readers."""
    if fmt == "jsonl":
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    if fmt != "csv":
        raise ValueError(f"unknown format {fmt!r}")
    writer = csv.writer(out)
    header = csv_header()
    writer.writerow(header)
    for row in rows:
        flat = {**{k: row.get(k) for k in ROW_FIELDS}, **row["event"]}
        writer.writerow(["" if flat.get(name) is None else flat[name] for name in header])


# ---------------------------------------------------------------- reading judged samples


def _mark(value: Any, where: str, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    raise AuditError(f"{where}: {name} must be true or false, not {value!r:.40}")


def check_row(row: Any, where: str) -> Dict[str, Any]:
    """A judged row as read, checked: an ``event`` with a ``type``, and a non-empty
    list of judgements, each with the four marks as booleans (``tuple_ok`` true
    exactly when the other three are) and ``why`` text or nothing."""
    if not isinstance(row, dict):
        raise AuditError(f"{where}: a row must be an object, not {type(row).__name__}")
    event = row.get("event")
    if not isinstance(event, dict) or not isinstance(event.get("type"), str) or not event["type"]:
        raise AuditError(f"{where}: no event type (the row needs event.type)")
    judges = row.get("judges")
    if not isinstance(judges, list):
        raise AuditError(f"{where}: judges must be a list")
    if not judges:
        raise AuditError(f"{where}: not judged (judges is empty)")
    checked = []
    for n, judge in enumerate(judges, 1):
        at = f"{where}, judge {n}"
        if not isinstance(judge, dict):
            raise AuditError(f"{at}: a judgement must be an object")
        marks = {}
        for name in MARKS:
            if name not in judge:
                raise AuditError(f"{at}: {name} is missing")
            marks[name] = _mark(judge[name], at, name)
        if marks["tuple_ok"] != (marks["event_ok"] and marks["actor_ok"] and marks["target_ok"]):
            raise AuditError(f"{at}: tuple_ok is {str(marks['tuple_ok']).lower()} but event_ok, actor_ok, "
                             f"target_ok are {', '.join(str(marks[m]).lower() for m in MARKS[:3])}")
        why = judge.get("why")
        if why is not None and not isinstance(why, str):
            raise AuditError(f"{at}: why must be text")
        checked.append({**marks, "why": (why or "").strip()})
    return {**row, "judges": checked, "where": where}


def _rows_from_jsonl(path: str, fh: IO[str]) -> Iterator[Dict[str, Any]]:
    for line_number, line in enumerate(fh, 1):
        if not line.strip():
            continue
        where = f"{path}:{line_number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AuditError(f"{where}: malformed JSON: {exc.msg} at column {exc.colno}") from None
        yield check_row(row, where)


def _rows_from_csv(path: str, fh: IO[str]) -> Iterator[Dict[str, Any]]:
    reader = csv.DictReader(fh)
    columns = reader.fieldnames or []
    if "type" not in columns:
        raise AuditError(f"{path}:1: the header has no 'type' column")
    readers = sorted({int(c[5:].split("_", 1)[0]) for c in columns
                      if c.startswith("judge") and c[5:].split("_", 1)[0].isdigit()})
    if not readers:
        raise AuditError(f"{path}:1: the header has no judge columns (judge1_event_ok, …)")
    for record in reader:
        where = f"{path}:{reader.line_num}"
        if None in record:
            raise AuditError(f"{where}: more fields than the header has")
        event = {name: (record.get(name) or None) for name in EVENT_FIELDS}
        judges = []
        for r in readers:
            cells = {name: (record.get(f"judge{r}_{name}") or "").strip() for name in JUDGE_FIELDS}
            if not any(cells[name] for name in MARKS):
                if cells["why"]:
                    raise AuditError(f"{where}, judge {r}: a why but no marks")
                continue
            for name in MARKS:
                if not cells[name]:
                    raise AuditError(f"{where}, judge {r}: {name} is empty")
            judges.append(cells)
        row = {**{k: (record.get(k) or None) for k in ROW_FIELDS}, "event": event, "judges": judges}
        yield check_row(row, where)


def read_judged(path: str) -> List[Dict[str, Any]]:
    """The rows of a judged sample, JSON Lines or CSV (told by the ``.csv``
    ending). Every row must carry as many judgements as the first."""
    if not os.path.isfile(path):
        raise AuditError(f"{path}: no such file")
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = _rows_from_csv if path.lower().endswith(".csv") else _rows_from_jsonl
        rows = list(reader(path, fh))
    if not rows:
        raise AuditError(f"{path}: no judged rows")
    readers = len(rows[0]["judges"])
    for row in rows:
        if len(row["judges"]) != readers:
            raise AuditError(f"{row['where']}: {len(row['judges'])} judgement(s), but the first row has {readers}")
    return rows


# ---------------------------------------------------------------- scoring


def proportion(successes: int, n: int) -> Dict[str, Any]:
    """``successes``/``n`` with its share and 95% Wilson interval."""
    interval = wilson_interval(successes, n)
    return {"right": successes, "n": n, "share": successes / n if n else None,
            "low": interval[0] if interval else None, "high": interval[1] if interval else None}


def error_kinds(row: Dict[str, Any], judge: Dict[str, bool]) -> List[str]:
    """What a reader found wrong with an event, as kinds that compare across
    audits: ``TYPE: not an event``, else ``TYPE: actor left null`` / ``wrong
    actor`` and ``TYPE: target left null`` / ``wrong target`` (null when the
    extractor gave no code)."""
    event_type = row["event"]["type"]
    if not judge["event_ok"]:
        return [f"{event_type}: not an event"]
    kinds = []
    for slot in ("actor", "target"):
        if not judge[f"{slot}_ok"]:
            missing = row["event"].get(slot) is None
            kinds.append(f"{event_type}: {slot} left null" if missing else f"{event_type}: wrong {slot}")
    return kinds


def _figures(rows: Sequence[Dict[str, Any]], readers: int) -> Dict[str, Any]:
    out: Dict[str, Any] = {"n": len(rows)}
    for mark in ("event_ok", "tuple_ok"):
        per_reader = [proportion(sum(row["judges"][r][mark] for row in rows), len(rows)) for r in range(readers)]
        every = proportion(sum(all(j[mark] for j in row["judges"]) for row in rows), len(rows))
        out[mark] = {"all_readers": every, "readers": per_reader}
    pairs = []
    for a in range(readers):
        for b in range(a + 1, readers):
            marks_a = [row["judges"][a]["tuple_ok"] for row in rows]
            marks_b = [row["judges"][b]["tuple_ok"] for row in rows]
            pairs.append({"readers": [a + 1, b + 1], "agree": sum(x == y for x, y in zip(marks_a, marks_b)),
                          "percent_agreement": percent_agreement(marks_a, marks_b),
                          "kappa": cohen_kappa(marks_a, marks_b)})
    out["agreement_tuple_ok"] = pairs
    return out


def score_sample(rows: Sequence[Dict[str, Any]]) -> Dict[str, Any]:
    """Precision figures of checked judged rows (``check_row``): per type and
    over all types, ``event_ok`` and ``tuple_ok`` right out of the sample for
    each reader and for all readers at once, the pairwise agreement on
    ``tuple_ok``, and error kinds counted per reader and over events all
    readers agree on (with the readers' ``why`` lines as examples)."""
    readers = len(rows[0]["judges"]) if rows else 0
    types = [t for t in EVENT_TYPES if any(r["event"]["type"] == t for r in rows)]
    types += sorted({r["event"]["type"] for r in rows} - set(types))
    result: Dict[str, Any] = {"events": len(rows), "readers": readers,
                              "all": _figures(rows, readers),
                              "types": {t: _figures([r for r in rows if r["event"]["type"] == t], readers)
                                        for t in types}}
    kinds: Dict[str, Dict[str, Any]] = {}
    for row in rows:
        per_reader = [set(error_kinds(row, judge)) for judge in row["judges"]]
        for r, found in enumerate(per_reader):
            for kind in found:
                entry = kinds.setdefault(kind, {"kind": kind, "readers": [0] * readers, "all_readers": 0,
                                                "examples": []})
                entry["readers"][r] += 1
                why = row["judges"][r]["why"]
                if why and len(entry["examples"]) < 2 and all(e["id"] != row.get("id") for e in entry["examples"]):
                    entry["examples"].append({"id": row.get("id"), "why": why})
        for kind in set.intersection(*per_reader) if per_reader else ():
            kinds[kind]["all_readers"] += 1
    result["error_kinds"] = sorted(kinds.values(), key=lambda k: (-k["all_readers"], -sum(k["readers"]), k["kind"]))
    return result


def _fmt_share(p: Dict[str, Any]) -> str:
    if not p["n"]:
        return "0/0"
    return f"{p['right']}/{p['n']} {p['share']:.3f} [{p['low']:.3f}, {p['high']:.3f}]"


def _fmt_optional(value: Optional[float]) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_score(result: Dict[str, Any], top: int = TOP_ERROR_KINDS) -> str:
    readers = result["readers"]
    by_type = ", ".join(f"{t} {f['n']}" for t, f in result["types"].items())
    lines = [f"events judged: {result['events']} ({by_type}); readers: {readers}",
             f"right when {'both readers say' if readers == 2 else 'every reader says'} so; "
             "each reader's own figures below",
             "",
             f"{'':14}{'':14}{'events right (95% Wilson)':32}tuples right (95% Wilson)"]
    together = "both readers" if readers == 2 else "all readers"
    for name, figures in [("all types", result["all"])] + list(result["types"].items()):
        labels = [together] + [f"reader {r + 1}" for r in range(readers)]
        events = [figures["event_ok"]["all_readers"]] + figures["event_ok"]["readers"]
        tuples = [figures["tuple_ok"]["all_readers"]] + figures["tuple_ok"]["readers"]
        for i, (label, e, t) in enumerate(zip(labels, events, tuples)):
            lines.append(f"{name if i == 0 else '':14}{label:14}{_fmt_share(e):32}{_fmt_share(t)}")
    lines.append("")
    lines.append("agreement on tuple_ok")
    for name, figures in [("all types", result["all"])] + list(result["types"].items()):
        for pair in figures["agreement_tuple_ok"]:
            a, b = pair["readers"]
            lines.append(f"{name:14}readers {a} and {b}: {pair['agree']}/{figures['n']} agree "
                         f"({_fmt_optional(pair['percent_agreement'])}), "
                         f"Cohen's kappa {_fmt_optional(pair['kappa'])}")
    if readers < 2:
        lines.append("  (one reader: no agreement to measure)")
    lines.append("")
    reader_cols = "".join(f"{'reader ' + str(r + 1):>10}" for r in range(readers))
    lines.append(f"most common error kinds{'':20}{reader_cols}{together:>14}")
    for entry in result["error_kinds"][:top]:
        counts = "".join(f"{c:>10}" for c in entry["readers"])
        lines.append(f"  {entry['kind']:41}{counts}{entry['all_readers']:>14}")
        for example in entry["examples"]:
            lines.append(f"      e.g. {example['id']}: {example['why']}")
    if not result["error_kinds"]:
        lines.append("  none")
    return "\n".join(lines)


# ---------------------------------------------------------------- the command


def _format_counts(counts: Counter, keys: Sequence[str]) -> str:
    keys = list(keys) + sorted(set(counts) - set(keys))
    return ", ".join(f"{k} {counts[k]}" for k in keys)


def run_sample(args: argparse.Namespace) -> SampleRun:
    from transforms.extractor import ASSERTED, default_extractor

    extractor = default_extractor()
    skipped: Counter = Counter()
    failed: Counter = Counter()
    started = time.monotonic()

    def extract(article: Article):
        try:
            return extractor.extract(article["text"], article["published"].date())
        except Exception:  # the pipeline dead-letters such an article; the audit counts it
            failed["extraction failed"] += 1
            return []

    def progress(run: SampleRun) -> None:
        if run.articles % PROGRESS_EVERY == 0:
            print(f"audit: {run.articles} articles read, asserted events: "
                  f"{_format_counts(run.asserted, EVENT_TYPES)}", file=sys.stderr)

    run = draw_sample(read_corpus(args.corpus, skipped, args.limit_articles), extract,
                      args.per_type, args.seed, ASSERTED, progress)
    run.skipped = skipped + failed
    sample_counts = Counter(row["event"]["type"] for row in run.sample)
    out_dir = os.path.dirname(os.path.abspath(args.out))
    os.makedirs(out_dir, exist_ok=True)
    # newline="" lets the csv module end rows with \r\n as spreadsheets expect;
    # the byte-order mark tells spreadsheet programs the file is UTF-8.
    encoding = "utf-8-sig" if args.format == "csv" else "utf-8"
    with open(args.out, "w", encoding=encoding, newline="") as out:
        write_sample(run.sample, out, args.format)
    seconds = time.monotonic() - started
    left_out = run.skipped
    reasons = f" ({_format_counts(left_out, [])})" if left_out else ""
    print(f"articles read:    {run.articles + sum(skipped.values())}")
    print(f"  extracted:      {run.articles - sum(failed.values())}")
    print(f"  left out:       {sum(left_out.values())}{reasons}")
    print(f"asserted events:  {_format_counts(run.asserted, EVENT_TYPES)}")
    print(f"sample:           {_format_counts(sample_counts, EVENT_TYPES)} "
          f"(up to {args.per_type} per type, seed {args.seed}) -> {args.out}")
    print(f"seconds:          {seconds:.1f}")
    return run


def run_score(args: argparse.Namespace) -> Dict[str, Any]:
    result = score_sample(read_judged(args.sample))
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_score(result, args.top))
    return result


def main(argv: Optional[List[str]] = None) -> Any:
    ap = argparse.ArgumentParser(prog="python -m pipeline.audit",
                                 description="Draw a precision audit sample, or score a judged one.")
    sub = ap.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="run the extractor over corpora and sample asserted events to judge")
    s.add_argument("corpus", nargs="+", help="JSON Lines files, plain or gzipped (id, text, published, source, url)")
    s.add_argument("--out", required=True, help="where the sample goes")
    s.add_argument("--per-type", type=int, default=DEFAULT_PER_TYPE, help="events per type (default 50)")
    s.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default 13)")
    s.add_argument("--limit-articles", type=int, default=None, metavar="N", help="stop after N articles")
    s.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="JSON Lines (default) or CSV")
    c = sub.add_parser("score", help="precision, agreement and error kinds of a judged sample")
    c.add_argument("sample", help="judged sample: JSON Lines, or CSV when it ends in .csv")
    c.add_argument("--top", type=int, default=TOP_ERROR_KINDS, help="error kinds to list (default 5)")
    c.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args(argv)
    if args.command == "sample":
        if args.per_type < 0:
            ap.error("--per-type must not be negative")
        if args.limit_articles is not None and args.limit_articles < 0:
            ap.error("--limit-articles must not be negative")
    try:
        return run_sample(args) if args.command == "sample" else run_score(args)
    except AuditError as exc:
        print(f"audit: {exc}", file=sys.stderr)
        raise SystemExit(2)


if __name__ == "__main__":
    main()
