"""Score events against a gold file that follows the annotation guidelines.

    python -m pipeline.evaluate GOLD.jsonl OUT_DIR        # the pipeline's Avro output
    python -m pipeline.evaluate GOLD.jsonl --extract      # run the extractor in-process

Events reduce to (type, actor, target) tuples, once per article. In the gold,
a list accepts any of its values, "*" accepts anything, and an ``optional``
event is neither missed when absent nor wrong when present. Records whose
modality is not ASSERTED are ignored. Prints precision, recall and F1 per
level and per type, projectile accuracy, and with ``--errors`` the articles
that have a miss or a false alarm.
"""
from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys
from collections import defaultdict
from datetime import date
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

import fastavro

Tuple3 = Tuple[str, Optional[str], Optional[str]]
LEVELS = {"tuple": ("type", "actor", "target"), "type_actor": ("type", "actor"), "type": ("type",)}


def id_half(article_id: str) -> str:
    """"A" or "B": a fixed split of a gold set into two halves by a hash of the id,
    one to tune on and one kept for a first-contact estimate."""
    return "A" if int(hashlib.sha256(article_id.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def accepts(gold_value: Any, value: Optional[str]) -> bool:
    if gold_value == "*":
        return True
    if isinstance(gold_value, list):
        return value in gold_value
    return value == gold_value


def _project(event: Dict[str, Any], fields: Sequence[str]) -> Tuple:
    return tuple(json.dumps(event.get(f), sort_keys=True) for f in fields)


def _max_matching(golds: List[Dict[str, Any]], preds: List[Tuple], fields: Sequence[str]) -> Dict[int, int]:
    """Maximum bipartite matching gold → prediction (Kuhn's algorithm); returns pred → gold."""
    owner: Dict[int, int] = {}

    def fits(g, p):
        return all(accepts(g.get(f), v) for f, v in zip(fields, p))

    def augment(gi: int, seen: Set[int]) -> bool:
        for pi, p in enumerate(preds):
            if pi in seen or not fits(golds[gi], p):
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(golds)):
        augment(gi, set())
    return owner


def _distinct(events: Iterable[Dict[str, Any]], fields: Sequence[str]) -> List[Dict[str, Any]]:
    seen, out = set(), []
    for e in events:
        key = _project(e, fields)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return out


def match_article(gold: List[Dict[str, Any]], predicted: Set[Tuple], fields: Sequence[str]):
    """(tp, fn, fp, pairs) for one article at one level; pairs maps gold event → predicted tuple."""
    preds = sorted(predicted, key=repr)
    required = _distinct([g for g in gold if not g.get("optional")], fields)
    optional = _distinct([g for g in gold if g.get("optional")], fields)
    owner = _max_matching(required, preds, fields)
    leftover = [p for i, p in enumerate(preds) if i not in owner]
    absorbed = _max_matching(optional, leftover, fields)
    pairs = [(required[gi], preds[pi]) for pi, gi in owner.items()]
    return len(owner), len(required) - len(owner), len(leftover) - len(absorbed), pairs


def prf(tp: int, fn: int, fp: int) -> Tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: List[Dict[str, Any]], predictions: Dict[str, Set[Tuple3]],
          projectiles: Dict[Tuple, Set[str]]) -> Dict[str, Any]:
    """Scores of ``predictions`` (article → tuples) against ``gold`` articles."""
    totals = {name: [0, 0, 0] for name in LEVELS}
    per_type = {t: [0, 0, 0] for t in ("CONDEMNATION", "LAUNCH")}
    proj_ok = proj_n = 0
    errors = []
    gold_ids = {g["id"] for g in gold}
    for g in gold:
        events = g.get("events", [])
        pred = predictions.get(g["id"], set())
        for name, fields in LEVELS.items():
            tp, fn, fp, pairs = match_article(events, {p[:len(fields)] for p in pred}, fields)
            for i, v in enumerate((tp, fn, fp)):
                totals[name][i] += v
            if name != "tuple":
                continue
            if fn or fp:
                errors.append({"id": g["id"], "gold": events, "predicted": sorted(map(list, pred), key=repr)})
            for gold_event, p in pairs:
                if gold_event["type"] == "LAUNCH" and gold_event.get("projectile"):
                    proj_n += 1
                    if any(accepts(gold_event["projectile"], v) for v in projectiles.get((g["id"],) + p, ())):
                        proj_ok += 1
        for t in per_type:
            tp, fn, fp, _ = match_article([e for e in events if e["type"] == t],
                                          {p for p in pred if p[0] == t}, LEVELS["tuple"])
            for i, v in enumerate((tp, fn, fp)):
                per_type[t][i] += v
    for art, tuples in predictions.items():
        if art not in gold_ids:
            totals["tuple"][2] += len(tuples)
    result: Dict[str, Any] = {}
    for name, (tp, fn, fp) in list(totals.items()) + [(t, v) for t, v in per_type.items()]:
        p, r, f = prf(tp, fn, fp)
        result[name] = {"precision": p, "recall": r, "f1": f, "tp": tp, "fn": fn, "fp": fp}
    result["projectile_accuracy"] = proj_ok / proj_n if proj_n else None
    result["articles"] = len(gold)
    result["errors"] = errors
    return result


def predictions_from_avro(out_dir: str):
    preds: Dict[str, Set[Tuple3]] = defaultdict(set)
    projectiles: Dict[Tuple, Set[str]] = defaultdict(set)
    files = sorted(glob.glob(os.path.join(out_dir, "**", "events*.avro"), recursive=True))
    if not files:
        raise SystemExit(f"evaluate: no events*.avro under {out_dir}")
    for path in files:
        with open(path, "rb") as fh:
            for rec in fastavro.reader(fh):
                if rec.get("modality", "ASSERTED") != "ASSERTED":
                    continue
                key = (rec["event_type"], rec.get("actor_code"), rec.get("target_code"))
                preds[rec["article_id"]].add(key)
                if rec.get("projectile"):
                    projectiles[(rec["article_id"],) + key].add(rec["projectile"])
    return preds, projectiles


def predictions_from_extractor(gold: List[Dict[str, Any]], use_role_scorer: bool = True):
    from transforms.extractor import ASSERTED, default_extractor

    extractor = default_extractor(use_role_scorer)
    preds: Dict[str, Set[Tuple3]] = defaultdict(set)
    projectiles: Dict[Tuple, Set[str]] = defaultdict(set)
    for g in gold:
        published = date.fromisoformat(g["published"][:10]) if g.get("published") else None
        for e in extractor.extract(g["text"], published):
            if e.modality != ASSERTED:
                continue
            preds[g["id"]].add(e.tuple)
            if e.projectile:
                projectiles[(g["id"],) + e.tuple].add(e.projectile)
    return preds, projectiles


def format_result(result: Dict[str, Any]) -> str:
    lines = [f"articles={result['articles']}"]
    for name in list(LEVELS) + ["CONDEMNATION", "LAUNCH"]:
        r = result[name]
        lines.append(f"{name:>12}: P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                     f"(tp={r['tp']} fn={r['fn']} fp={r['fp']})")
    pa = result["projectile_accuracy"]
    lines.append("projectile_accuracy=" + ("n/a" if pa is None else f"{pa:.3f}"))
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> Dict[str, Any]:
    ap = argparse.ArgumentParser(description="Score events against a gold JSON Lines file.")
    ap.add_argument("gold")
    ap.add_argument("output_dir", nargs="?", help="directory holding events*.avro")
    ap.add_argument("--extract", action="store_true", help="run the extractor on the gold texts instead")
    ap.add_argument("--errors", action="store_true", help="print articles with a miss or a false alarm")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--half", choices=("A", "B"), help="score one half of the gold set (split by a hash of the id)")
    ap.add_argument("--no-role-scorer", action="store_true", help="with --extract: the rules alone")
    args = ap.parse_args(argv)
    if not args.extract and not args.output_dir:
        ap.error("give OUTPUT_DIR or --extract")
    with open(args.gold, encoding="utf-8") as fh:
        gold = [json.loads(line) for line in fh if line.strip()]
    if args.half:
        gold = [g for g in gold if id_half(g["id"]) == args.half]
    preds, projectiles = (predictions_from_extractor(gold, not args.no_role_scorer) if args.extract
                          else predictions_from_avro(args.output_dir))
    result = score(gold, preds, projectiles)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if args.errors or k != "errors"},
                         ensure_ascii=False, indent=2))
    else:
        print(format_result(result))
        if args.errors:
            for e in result["errors"]:
                print(json.dumps(e, ensure_ascii=False))
    return result


if __name__ == "__main__":
    main()
    sys.exit(0)
