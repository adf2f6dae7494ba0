"""Train the role scorer (``transforms/extractor/roles.py``) from annotated sentences.

    python -m pipeline.train_roles GOLD.jsonl [GOLD.jsonl …] --out transforms/data/models/roles.json

Gold files follow the annotation guidelines (``events`` with ``type``,
``actor``, ``target``). Every trigger of a sentence whose article has a gold
event of the trigger's type yields one example per coded mention of the
sentence: ``actor`` when the mention's code is an accepted actor of such an
event, ``target`` when it is an accepted target, ``none`` otherwise (a code
that is both is left out). The model is a multinomial logistic regression
trained by stochastic gradient descent with L2 regularisation; the run is
deterministic for a given seed. Prints the examples per label and the
training accuracy, and writes the weights as JSON.
"""
from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from typing import Dict, Iterable, List, Optional, Sequence, Set, Tuple

from pipeline.evaluate import id_half
from transforms.extractor import default_extractor
from transforms.extractor.roles import ACTOR, LABELS, NONE, TARGET, RoleScorer, pair_features
from transforms.extractor.sentence import analyse
from transforms.sentences import split_sentences

Example = Tuple[List[str], str]


def _accepted(value) -> Set[str]:
    values = value if isinstance(value, list) else [value]
    return {v for v in values if v not in (None, "*")}


def examples_from_article(article: Dict, lexicons) -> List[Example]:
    """(features, label) for every coded mention and trigger of the article's sentences."""
    by_type: Dict[str, Tuple[Set[str], Set[str]]] = {}
    for e in article.get("events", []):
        actors, targets = by_type.setdefault(e["type"], (set(), set()))
        actors |= _accepted(e.get("actor"))
        targets |= _accepted(e.get("target"))
    out: List[Example] = []
    text = article["text"]
    for start, end in split_sentences(text):
        s = analyse(lexicons, text[start:end], start)
        for trig in s.triggers:
            if trig.event_type not in by_type:
                continue
            actors, targets = by_type[trig.event_type]
            for m in s.actors:
                code = m.value.code
                if code in actors and code in targets:
                    continue
                label = ACTOR if code in actors else TARGET if code in targets else NONE
                out.append((pair_features(s, trig, m), label))
    return out


def train(examples: Sequence[Example], epochs: int = 30, rate: float = 0.1, l2: float = 1e-3,
          seed: int = 13) -> Dict[str, Dict[str, float]]:
    """Weights feature → label → weight of a multinomial logistic regression."""
    weights: Dict[str, Dict[str, float]] = {}
    order = list(range(len(examples)))
    rng = random.Random(seed)
    scorer = RoleScorer(weights, {})
    for epoch in range(epochs):
        rng.shuffle(order)
        step = rate / (1 + epoch * 0.2)
        for n in order:
            feats, label = examples[n]
            probs = scorer.probabilities(feats)
            for f in feats:
                w = weights.setdefault(f, {lab: 0.0 for lab in LABELS})
                for lab in LABELS:
                    gradient = (1.0 if lab == label else 0.0) - probs[lab]
                    w[lab] += step * (gradient - l2 * w[lab])
    return {f: {lab: round(v, 4) for lab, v in w.items() if abs(v) >= 1e-4}
            for f, w in sorted(weights.items()) if any(abs(v) >= 1e-4 for v in w.values())}


def accuracy(scorer: RoleScorer, examples: Iterable[Example]) -> float:
    right = total = 0
    for feats, label in examples:
        probs = scorer.probabilities(feats)
        right += max(probs, key=probs.get) == label
        total += 1
    return right / total if total else math.nan


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description="Train the role scorer from gold JSON Lines files.")
    ap.add_argument("gold", nargs="+")
    ap.add_argument("--out", required=True, help="where to write the model (JSON)")
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--rate", type=float, default=0.1)
    ap.add_argument("--l2", type=float, default=1e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threshold-actor", type=float, default=0.85)
    ap.add_argument("--threshold-target", type=float, default=0.85)
    ap.add_argument("--fill", action="append", default=None, metavar="TYPE:SLOT",
                    help="a slot the scorer may fill, e.g. LAUNCH:target (repeatable; default LAUNCH:target)")
    ap.add_argument("--half", action="append", default=None, metavar="FILE=A|B",
                    help="use only one half of a gold file, split by a hash of the id (see pipeline.evaluate)")
    args = ap.parse_args(argv)
    halves = dict(h.split("=", 1) for h in (args.half or []))
    lexicons = default_extractor(use_role_scorer=False).lexicons
    examples: List[Example] = []
    for path in args.gold:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                if not line.strip():
                    continue
                article = json.loads(line)
                if path in halves and id_half(article["id"]) != halves[path]:
                    continue
                examples.extend(examples_from_article(article, lexicons))
    counts = Counter(label for _, label in examples)
    weights = train(examples, args.epochs, args.rate, args.l2, args.seed)
    thresholds = {ACTOR: args.threshold_actor, TARGET: args.threshold_target}
    slots: Dict[str, List[str]] = {}
    for item in args.fill or ["LAUNCH:target"]:
        event_type, slot = item.split(":", 1)
        slots.setdefault(event_type, []).append(slot)
    scorer = RoleScorer(weights, thresholds, slots)
    trained_on = [p.rsplit("/", 1)[-1] + (f" (half {halves[p]})" if p in halves else "") for p in args.gold]
    model = {"model": "multinomial logistic regression over roles.pair_features",
             "trained_on": trained_on, "examples": dict(sorted(counts.items())), "epochs": args.epochs,
             "rate": args.rate, "l2": args.l2, "seed": args.seed, "slots": slots, "thresholds": thresholds,
             "weights": weights}
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(model, fh, ensure_ascii=False, indent=0, sort_keys=False)
        fh.write("\n")
    print(f"examples: {dict(sorted(counts.items()))}")
    print(f"features: {len(weights)}")
    print(f"training accuracy: {accuracy(scorer, examples):.3f}")
    print(f"written: {args.out}")


if __name__ == "__main__":
    main()
