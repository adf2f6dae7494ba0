"""An analyst's report of a run: ``python -m pipeline.report OUT_DIR [--html report.html]``.

Reads the Avro outputs under OUT_DIR (``events-*.avro``, ``counts-*.avro``,
``dead_letters-*.avro``; batch shards and streaming pane files alike) and
nothing else. Prints totals by event type, the top actors and targets, the
busiest windows and the dead letters by stage and reason. With ``--html`` it
also writes one self-contained page: inline SVG charts (counts per event type
per window; top actor→target pairs) and the latest events with their Arabic
sentence, trigger highlighted, right to left, linked to the article. The page
has no script and fetches nothing: its Content-Security-Policy forbids it.
"""
from __future__ import annotations

import argparse
import glob
import os
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone
from html import escape
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

import fastavro

ASSERTED = "ASSERTED"
UNKNOWN = "?"
TOP_N = 10
LATEST_N = 30
# One colour per event type; types beyond these cycle through them.
PALETTE = ("#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#566573")

Record = Dict[str, Any]


@dataclass
class Outputs:
    """The records of one run's output directory."""
    events: List[Record] = field(default_factory=list)
    counts: List[Record] = field(default_factory=list)
    dead_letters: List[Record] = field(default_factory=list)


def _read(pattern: str) -> List[Record]:
    records: List[Record] = []
    for path in sorted(glob.glob(pattern)):
        with open(path, "rb") as fh:
            records.extend(fastavro.reader(fh))
    return records


def load_outputs(out_dir: str) -> Outputs:
    """Every events, counts and dead-letter file under ``out_dir``.

    Events are kept once per ``event_id``; of the panes of one count key the
    latest (highest ``pane_index``) is kept, as a database sink would hold it.
    """
    if not os.path.isdir(out_dir):
        raise FileNotFoundError(f"no such directory: {out_dir}")
    events = {e["event_id"]: e for e in _read(os.path.join(out_dir, "events-*.avro"))}
    counts: Dict[Tuple, Record] = {}
    for c in _read(os.path.join(out_dir, "counts-*.avro")):
        key = (c["window_start"], c["window_end"], c["event_type"], c["actor_code"], c["target_code"])
        if key not in counts or c.get("pane_index", 0) >= counts[key].get("pane_index", 0):
            counts[key] = c
    return Outputs(list(events.values()), list(counts.values()),
                   _read(os.path.join(out_dir, "dead_letters-*.avro")))


# -- what the report says ---------------------------------------------------

@dataclass
class Summary:
    event_types: List[str]
    totals: Dict[str, Tuple[int, int]]                       # type → (all events, asserted)
    articles: int
    top_actors: List[Tuple[str, str, int]]                   # (code, name, asserted events)
    top_targets: List[Tuple[str, str, int]]
    busiest_windows: List[Tuple[datetime, datetime, int, Dict[str, int]]]
    dead_letters: List[Tuple[str, str, int]]                 # (stage, reason, n)
    series: Dict[str, List[Tuple[datetime, int]]]            # type → [(window start, events)]
    pairs: List[Tuple[str, str, int]]                        # (actor code, target code, asserted events)
    names: Dict[str, str]                                    # code → most common name as written
    latest: List[Record]


def _code(value: Optional[str]) -> str:
    return value if value else UNKNOWN


def _names(events: Iterable[Record]) -> Dict[str, str]:
    seen: Dict[str, Counter] = defaultdict(Counter)
    for e in events:
        for code, text in ((e["actor_code"], e["actor_text"]), (e["target_code"], e["target_text"])):
            if code and text:
                seen[code][text] += 1
    return {code: texts.most_common(1)[0][0] for code, texts in seen.items()}


def summarise(outputs: Outputs, top_n: int = TOP_N, latest_n: int = LATEST_N) -> Summary:
    """The numbers the report shows. Actors, targets and pairs count ASSERTED
    events; the windows and the time series come from the window counts."""
    events, counts = outputs.events, outputs.counts
    types = sorted({e["event_type"] for e in events} | {c["event_type"] for c in counts})
    all_by_type = Counter(e["event_type"] for e in events)
    asserted = [e for e in events if e["modality"] == ASSERTED]
    asserted_by_type = Counter(e["event_type"] for e in asserted)
    names = _names(events)

    def top(codes: Iterable[str]) -> List[Tuple[str, str, int]]:
        ranked = sorted(Counter(codes).items(), key=lambda kv: (-kv[1], kv[0]))[:top_n]
        return [(code, names.get(code, ""), n) for code, n in ranked]

    windows: Dict[Tuple[datetime, datetime], Counter] = defaultdict(Counter)
    series: Dict[str, Counter] = {t: Counter() for t in types}
    for c in counts:
        windows[(c["window_start"], c["window_end"])][c["event_type"]] += c["events"]
        series[c["event_type"]][c["window_start"]] += c["events"]
    busiest = sorted(((s, e, sum(by.values()), dict(sorted(by.items()))) for (s, e), by in windows.items()),
                     key=lambda w: (-w[2], w[0]))[:top_n]

    pairs = sorted(Counter((_code(e["actor_code"]), _code(e["target_code"])) for e in asserted).items(),
                   key=lambda kv: (-kv[1], kv[0]))[:top_n]
    dead = sorted(Counter((d["stage"], d["error_class"]) for d in outputs.dead_letters).items(),
                  key=lambda kv: (-kv[1], kv[0]))
    latest = sorted(events, key=lambda e: (e["published"], e["event_id"]), reverse=True)[:latest_n]
    return Summary(
        event_types=types,
        totals={t: (all_by_type[t], asserted_by_type[t]) for t in types},
        articles=len({e["article_id"] for e in events}),
        top_actors=top(_code(e["actor_code"]) for e in asserted),
        top_targets=top(_code(e["target_code"]) for e in asserted),
        busiest_windows=busiest,
        dead_letters=[(stage, reason, n) for (stage, reason), n in dead],
        series={t: sorted(series[t].items()) for t in types if series[t]},
        pairs=[(a, t, n) for (a, t), n in pairs],
        names=names,
        latest=latest,
    )


def _when(value: datetime) -> str:
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M")


def text_report(s: Summary) -> str:
    """The plain-text report."""
    lines = [f"events: {sum(a for a, _ in s.totals.values())} "
             f"({sum(b for _, b in s.totals.values())} asserted) in {s.articles} articles", "",
             "totals by event type:", f"  {'type':<16}{'all':>6}{'asserted':>10}"]
    lines += [f"  {t:<16}{a:>6}{b:>10}" for t, (a, b) in s.totals.items()]
    for title, rows in (("top actors (asserted events):", s.top_actors),
                        ("top targets (asserted events):", s.top_targets)):
        width = max([8] + [len(code) + 2 for code, _, _ in rows])
        lines += ["", title]
        lines += [f"  {code:<{width}}{n:>5}  {name}".rstrip() for code, name, n in rows] or ["  (none)"]
    lines += ["", "busiest windows (asserted events):"]
    lines += [f"  {_when(start)} – {_when(end)}{n:>6}  "
              + ", ".join(f"{t} {k}" for t, k in by.items()) for start, end, n, by in s.busiest_windows] \
        or ["  (none)"]
    lines += ["", f"dead letters: {sum(n for _, _, n in s.dead_letters)}"]
    lines += [f"  {stage:<10}{reason:<28}{n:>5}" for stage, reason, n in s.dead_letters]
    return "\n".join(lines)


# -- the HTML page -----------------------------------------------------------

def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


def _ticks(top: int, n: int = 4) -> List[int]:
    step = max(1, -(-top // n))
    return list(range(0, top + 1, step))


def timeseries_svg(s: Summary, width: int = 900, height: int = 300) -> str:
    """Events per window, one polyline (and its points) per event type."""
    if not s.series:
        return '<p class="empty">No window counts.</p>'
    left, right, top, bottom = 48, 48, 16, 40
    starts = sorted({t for points in s.series.values() for t, _ in points})
    t0, t1 = starts[0].timestamp(), starts[-1].timestamp()
    peak = max(n for points in s.series.values() for _, n in points)
    ymax = max(_ticks(peak)[-1], peak, 1)

    def x(t: datetime) -> float:
        if t1 == t0:
            return left + (width - left - right) / 2
        return left + (t.timestamp() - t0) / (t1 - t0) * (width - left - right)

    def y(n: int) -> float:
        return height - bottom - n / ymax * (height - top - bottom)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" data-chart="timeseries" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             '<title>Asserted events per window and event type</title>']
    for tick in _ticks(ymax):
        parts.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                     f'<text class="axis" x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}</text>')
    label_every = max(1, -(-len(starts) // 8))
    for i, t in enumerate(starts):
        if i % label_every == 0 or i == len(starts) - 1:
            parts.append(f'<text class="axis" x="{x(t):.1f}" y="{height - bottom + 18}" '
                         f'text-anchor="middle">{escape(t.strftime("%Y-%m-%d"))}</text>')
    for i, event_type in enumerate(s.event_types):
        points = s.series.get(event_type)
        if not points:
            continue
        c = colour(i)
        coords = " ".join(f"{x(t):.1f},{y(n):.1f}" for t, n in points)
        parts.append(f'<g class="series" data-series="{escape(event_type)}" data-points="{len(points)}">'
                     f'<polyline fill="none" stroke="{c}" stroke-width="2" points="{coords}"/>')
        for t, n in points:
            parts.append(f'<circle data-point="" cx="{x(t):.1f}" cy="{y(n):.1f}" r="3.5" fill="{c}">'
                         f'<title>{escape(event_type)} {escape(_when(t))}: {n}</title></circle>')
        parts.append("</g>")
    parts.append("</svg>")
    legend = "".join(f'<span class="key"><span class="swatch" style="background:{colour(i)}"></span>'
                     f'{escape(t)}</span>' for i, t in enumerate(s.event_types) if t in s.series)
    return "".join(parts) + f'<div class="legend">{legend}</div>'


def pairs_svg(s: Summary, width: int = 900, bar: int = 22, gap: int = 8) -> str:
    """One horizontal bar per actor→target pair, longest first."""
    if not s.pairs:
        return '<p class="empty">No asserted events.</p>'
    label_w, right = 170, 48
    height = len(s.pairs) * (bar + gap) + gap
    peak = max(n for _, _, n in s.pairs)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" data-chart="pairs" role="img" '
             f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
             '<title>Top actor → target pairs by asserted events</title>']
    for i, (actor, target, n) in enumerate(s.pairs):
        top = gap + i * (bar + gap)
        length = max(2.0, n / peak * (width - label_w - right))
        pair = f"{actor}→{target}"
        names = f"{s.names.get(actor, actor)} → {s.names.get(target, target)}"
        parts.append(
            f'<text class="axis" x="{label_w - 8}" y="{top + bar * 0.7:.1f}" text-anchor="end">'
            f'{escape(actor)} → {escape(target)}</text>'
            f'<rect data-bar="" data-pair="{escape(pair)}" data-value="{n}" x="{label_w}" y="{top}" '
            f'width="{length:.1f}" height="{bar}" fill="{colour(1)}">'
            f'<title>{escape(names)}: {n}</title></rect>'
            f'<text class="value" x="{label_w + length + 6:.1f}" y="{top + bar * 0.7:.1f}">{n}</text>')
    parts.append("</svg>")
    return "".join(parts)


def highlight_trigger(sentence: str, trigger: str) -> str:
    """The sentence as HTML with the trigger in ``<mark>``. The trigger's
    offsets are into the article, not the sentence, so it is found by its
    text; a sentence without it (truncated, say) is shown unmarked."""
    at = sentence.find(trigger) if trigger else -1
    if at < 0:
        return escape(sentence)
    return (escape(sentence[:at]) + '<mark class="trigger">' + escape(trigger) + "</mark>"
            + escape(sentence[at + len(trigger):]))


def _link(event: Record) -> str:
    url, label = event.get("url"), event.get("source") or event["article_id"]
    if url and url.lower().startswith(("https://", "http://")):
        return f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer">{escape(label)}</a>'
    return escape(label)


def _party(code: Optional[str], text: Optional[str]) -> str:
    shown = escape(code or UNKNOWN)
    return f'{shown} <bdi lang="ar">{escape(text)}</bdi>' if text else shown


def events_table(s: Summary) -> str:
    if not s.latest:
        return '<p class="empty">No events.</p>'
    rows = []
    for e in s.latest:
        rows.append(
            f'<tr data-event="{escape(e["event_id"], quote=True)}">'
            f'<td class="when">{escape(_when(e["published"]))}</td>'
            f'<td>{escape(e["event_type"])}<br><small>{escape(e["modality"])}</small></td>'
            f'<td>{_party(e["actor_code"], e["actor_text"])} → {_party(e["target_code"], e["target_text"])}</td>'
            f'<td class="sentence" dir="rtl" lang="ar">{highlight_trigger(e["sentence"], e["trigger"])}</td>'
            f'<td>{_link(e)}</td></tr>')
    return ('<table class="events"><thead><tr><th>published (UTC)</th><th>type</th><th>actor → target</th>'
            '<th>sentence</th><th>article</th></tr></thead><tbody>' + "".join(rows) + "</tbody></table>")


CSS = """
body{font-family:system-ui,"Noto Sans","Noto Naskh Arabic","DejaVu Sans",sans-serif;margin:2rem;color:#1c2833}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d5d8dc;border-radius:6px;padding:.6rem 1rem}
.card b{display:block;font-size:1.4rem}
svg{max-width:100%;height:auto;font-size:12px}.grid{stroke:#e5e8e8}.axis,.value{fill:#566573}
.legend{margin:.3rem 0 0 48px}.key{margin-right:1.2rem}.swatch{display:inline-block;width:.8rem;height:.8rem;
margin-right:.3rem;vertical-align:middle}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #e5e8e8;padding:.4rem;vertical-align:top;
text-align:left}td.when{white-space:nowrap}
td.sentence{text-align:right;font-size:1.1rem;line-height:1.7;font-family:"Noto Naskh Arabic","Noto Sans Arabic",
"DejaVu Sans",serif}
mark.trigger{background:#f9e79f;padding:0 .15em;border-radius:3px}.empty{color:#808b96}
"""

# No script, no fetch: everything the page needs is in it.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def html_report(s: Summary, out_dir: str) -> str:
    """One self-contained HTML page of the summary."""
    cards = [("events", sum(a for a, _ in s.totals.values())),
             ("asserted", sum(b for _, b in s.totals.values())),
             ("articles", s.articles), ("dead letters", sum(n for _, _, n in s.dead_letters))]
    cards += [(t, a) for t, (a, _) in s.totals.items()]
    dead = "".join(f"<tr><td>{escape(st)}</td><td>{escape(r)}</td><td>{n}</td></tr>" for st, r, n in s.dead_letters)
    dead_table = (f"<table><thead><tr><th>stage</th><th>reason</th><th>n</th></tr></thead><tbody>{dead}</tbody></table>"
                  if dead else '<p class="empty">None.</p>')
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Arabic events: {escape(os.path.basename(os.path.abspath(out_dir)))}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>Arabic events <small>{escape(os.path.abspath(out_dir))}</small></h1>",
        '<div class="cards">' + "".join(f'<div class="card">{escape(k)}<b>{v}</b></div>' for k, v in cards)
        + "</div>",
        "<h2>Asserted events per window</h2>", timeseries_svg(s),
        "<h2>Top actor → target pairs (asserted events)</h2>", pairs_svg(s),
        f"<h2>Latest events ({len(s.latest)})</h2>", events_table(s),
        "<h2>Dead letters by stage and reason</h2>", dead_table,
        "</body></html>", ""])


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.report", description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", metavar="OUT_DIR", help="the pipeline's --output directory")
    parser.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report here")
    parser.add_argument("--top", type=int, default=TOP_N, help=f"rows in each top list (default {TOP_N})")
    args = parser.parse_args(argv)
    try:
        outputs = load_outputs(args.out_dir)
    except (OSError, ValueError) as exc:
        print(f"pipeline.report: {exc}", file=sys.stderr)
        return 2
    if not (outputs.events or outputs.counts or outputs.dead_letters) \
            and not glob.glob(os.path.join(args.out_dir, "*.avro")):
        print(f"pipeline.report: no Avro outputs under {args.out_dir}", file=sys.stderr)
        return 2
    summary = summarise(outputs, top_n=args.top)
    print(text_report(summary))
    if args.html:
        with open(args.html, "w", encoding="utf-8") as fh:
            fh.write(html_report(summary, args.out_dir))
        print(f"wrote {os.path.abspath(args.html)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
