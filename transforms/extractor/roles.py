"""A learned role scorer: is a coded mention the actor of a trigger, its target, or neither?

The frames read roles from clause structure and leave a slot empty (null)
when no rule reaches the party that fills it. Real press often names that
party in a shape no rule foresaw, so where the frames leave a slot empty, the
scorer may fill it with the mention of the sentence it rates most likely for
that role, if it is sure enough (``RoleScorer.fill``). It never replaces what
the rules found.

The model is a multinomial logistic regression over indicator features of
the (trigger, mention) pair: direction and distance, the preposition
governing the mention, the function words around it, what stands between
(commas, relative pronouns, reporting verbs, other triggers). Its weights are
data, in ``transforms/data/models/roles.json``, written by
``python -m pipeline.train_roles`` from annotated sentences; no network, no
numerical library.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from typing import Dict, List, Optional, Sequence, Tuple

from transforms.gazetteer import NISBA_PL, NISBA_SG, PLACE
from transforms.lexicon import DATA_PACKAGE, Match
from transforms.extractor.parties import coordinated
from transforms.extractor.sentence import PUNCT_BOUNDARY, Party, Sentence, Trigger, governed
from transforms.extractor.targets import craft_owner

NONE, ACTOR, TARGET = "none", "actor", "target"
LABELS = (NONE, ACTOR, TARGET)
MODEL_PATH = "models/roles.json"

_DISTANCE_BUCKETS = (1, 2, 3, 5, 8, 12, 20)
_CLAUSE_BREAKS = {".", "؛", ";", ":", "!", "؟", "?", "ان", "وان", "بان", "لان", "فان"}


def _bucket(distance: int) -> str:
    for b in _DISTANCE_BUCKETS:
        if distance <= b:
            return str(b)
    return "far"


def _roles(s: Sentence, k: int) -> str:
    if k < 0 or k >= len(s.words):
        return "edge"
    if s.words[k] in PUNCT_BOUNDARY:
        return "punct"
    return "+".join(sorted(s.roles.get(k, ()))) or "plain"


def _same_clause(s: Sentence, trig: Trigger, m: Match) -> bool:
    """No other trigger, clause-starting word, reporting verb, complementiser
    (أعلنت كوريا الجنوبية أن بيونغ يانغ أطلقت) or full stop between the two."""
    lo, hi = (trig.index + 1, m.start) if m.start > trig.index else (m.end, trig.index)
    return not any(t.index in range(lo, hi) for t in s.triggers) and not any(
        s.has_role(k, "boundary") or s.has_role(k, "report") or s.words[k] in _CLAUSE_BREAKS
        for k in range(lo, hi))


def _may_be_fired_at(s: Sentence, trig: Trigger, m: Match) -> bool:
    """A target is named after the act and not past من; before it only as the
    place where people were hit (قتل ثلاثة في مدينة عربين نتيجة قصف); never as
    the nisba on the weapon."""
    if m.value.kind in (NISBA_SG, NISBA_PL) and m.start > 0 and s.in_projectile(m.start - 1):
        return False  # صاروخ روسي الصنع، مسيرة إيرانية: the weapon's maker or firer
    if m.start < trig.index:
        # خلال تسليم الطائرة السعودية المساعدات، واستهدفت صواريخ المطار: the
        # craft's owner, in a phrase of time, is not where the fire fell.
        return m.value.kind == PLACE or (governed(s, m.start) == "location" and not craft_owner(s, m))
    return not any(s.has_role(k, "origin") for k in range(trig.index + 1, m.start))


def pair_features(s: Sentence, trig: Trigger, m: Match) -> List[str]:
    """Indicator features of the pair (trigger, mention) in sentence ``s``."""
    i = trig.index
    after = m.start > i
    direction = "after" if after else "before"
    lo, hi = (i + 1, m.start) if after else (m.end, i)
    distance = (m.start - i) if after else (i - m.end + 1)
    between = range(lo, hi)
    commas = sum(1 for k in between if s.words[k] in "،,")
    rank = sum(1 for other in s.actors if (lo <= other.start < hi))
    gov = governed(s, m.start) or "none"
    kind = m.value.kind
    category = ("nisba" if kind in (NISBA_SG, NISBA_PL) else kind)
    state = "state" if m.value.code in s.lx.gazetteer.state_codes else "org"
    base = f"{trig.event_type}|{trig.pos}"
    feats = [
        "bias", base, f"{base}|{direction}", f"{direction}|{_bucket(distance)}",
        f"{base}|{direction}|{_bucket(distance)}", f"kind={category}", f"{direction}|kind={category}",
        f"{base}|kind={category}", f"who={state}", f"{base}|{direction}|who={state}",
        f"prep={m.reading.prep or '-'}", f"{direction}|prep={m.reading.prep or '-'}",
        f"gov={gov}", f"{direction}|gov={gov}", f"{base}|{direction}|gov={gov}",
        f"prev={_roles(s, m.start - 1)}", f"{direction}|prev={_roles(s, m.start - 1)}",
        f"next={_roles(s, m.end)}", f"prev_word={s.words[m.start - 1] if m.start else '^'}",
        f"rank={min(rank, 3)}", f"{direction}|rank={min(rank, 3)}", f"{base}|{direction}|rank={min(rank, 3)}",
        f"commas={min(commas, 2)}", f"{direction}|commas={min(commas, 2)}",
        f"trigger_suffix={bool(trig.reading.suffix)}", f"{base}|trigger_conj={trig.reading.conj or '-'}",
    ]
    for name, hit in (
            ("relative", any(s.has_role(k, "relative") for k in between)),
            ("report", any(s.has_role(k, "report") for k in between)),
            ("complementiser", any(s.words[k] in ("ان", "وان", "بان") for k in between)),
            ("trigger", any(t.index in between for t in s.triggers)),
            ("projectile", any(lo <= p.start < hi for p in s.projectiles)),
            ("boundary", any(s.has_role(k, "boundary") for k in between)),
            ("target_prep", any(s.has_role(k, "target") for k in between)),
            ("origin_prep", any(s.has_role(k, "origin") for k in between))):
        if hit:
            feats.append(f"{direction}|between={name}")
            feats.append(f"{base}|{direction}|between={name}")
    return feats


class RoleScorer:
    """Multinomial logistic regression over ``pair_features``."""

    def __init__(self, weights: Dict[str, Dict[str, float]], thresholds: Dict[str, float],
                 slots: Optional[Dict[str, Sequence[str]]] = None) -> None:
        self.weights = weights  # feature -> label -> weight
        self.thresholds = thresholds  # label -> least probability to fill a slot
        self.slots = slots or {}  # event type -> the slots the scorer may fill

    @classmethod
    def from_json(cls, text: str) -> "RoleScorer":
        model = json.loads(text)
        return cls(model["weights"], model["thresholds"], model.get("slots"))

    def probabilities(self, feats: Sequence[str]) -> Dict[str, float]:
        scores = {label: 0.0 for label in LABELS}
        for f in feats:
            w = self.weights.get(f)
            if w:
                for label, value in w.items():
                    scores[label] += value
        top = max(scores.values())
        exp = {label: math.exp(v - top) for label, v in scores.items()}
        total = sum(exp.values())
        return {label: v / total for label, v in exp.items()}

    def best(self, s: Sentence, trig: Trigger, label: str, exclude: Sequence[Party]) -> Optional[Tuple[Match, float]]:
        """The mention rated most likely to fill ``label``, with its probability.

        Only mentions of the trigger's own clause are candidates: none past
        another trigger or a clause boundary, and none where something is
        fired from (من لبنان)."""
        best: Optional[Tuple[Match, float]] = None
        for m in s.actors:
            if label == ACTOR and not m.value.can_act:
                continue
            if any(p.start <= m.start < p.end or p.code == m.value.code for p in exclude):
                continue
            if not _same_clause(s, trig, m) or governed(s, m.start) == "origin":
                continue
            if label == TARGET and not _may_be_fired_at(s, trig, m):
                continue
            p = self.probabilities(pair_features(s, trig, m))[label]
            if best is None or p > best[1]:
                best = (m, p)
        return best

    def fill(self, s: Sentence, trig: Trigger, actors: List[Party], targets: List[Party],
             projectile: Optional[str] = None) -> Tuple[List[Party], List[Party]]:
        """Fill an empty actor or target slot, of the slots the model fills for
        this event type, when the scorer is sure enough. A satellite launch
        has no target to fill."""
        slots = self.slots.get(trig.event_type, ())
        if not actors and ACTOR in slots:
            found = self.best(s, trig, ACTOR, targets)
            if found and found[1] >= self.thresholds[ACTOR]:
                actors = coordinated(s, found[0], acting=True)[0]
        if not targets and TARGET in slots and projectile != "SATELLITE":
            found = self.best(s, trig, TARGET, actors)
            if found and found[1] >= self.thresholds[TARGET]:
                targets = coordinated(s, found[0], acting=False)[0]
        return actors, targets


@lru_cache(maxsize=1)
def load_role_scorer() -> Optional[RoleScorer]:
    """The shipped model, or None when the package carries none."""
    ref = resources.files(DATA_PACKAGE).joinpath(MODEL_PATH)
    if not ref.is_file():
        return None
    return RoleScorer.from_json(ref.read_text(encoding="utf-8"))
