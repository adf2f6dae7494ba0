"""Merging within an article: one event per tuple, and no event another one makes redundant.

GDELT's best-known failure is duplicates: an article that tells one launch
three times, once without its firer, yields three events. Here repeats of a
tuple become one event that counts its mentions, and a launch missing its
actor or target is dropped when another launch of the article says the same
with more. A launch at a state is dropped when the same sentence tells a
launch by the same firer at an armed group based there (قصف مواقع داعش في
سوريا): one launch, named once by its target and once by where it fell.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Collection, Dict, List, Mapping, Optional, Sequence, Tuple

from transforms.extractor.events import CONDEMNATION, LAUNCH, Event


def merge_article_events(events: Sequence[Event],
                         group_bases: Optional[Mapping[str, Collection[str]]] = None) -> List[Event]:
    """Merge repeats of a tuple and drop events another one makes redundant.

    Events with the same (type, modality, actor, target) become one, keeping
    the first mention's provenance and counting the mentions. A launch with
    no actor or no target is dropped when a launch of the same article and
    modality agrees on every field it does name; for condemnations the same
    holds within a sentence, since an article often reports one state
    condemning several acts. ``group_bases`` maps an armed group to the
    states it is based in; a launch at such a state is dropped when a launch
    of the same sentence, modality and firer targets the group.
    """
    merged: Dict[Tuple, Event] = {}
    for e in events:
        key = (e.event_type, e.modality, e.actor_code, e.target_code)
        if key in merged:
            first = merged[key]
            merged[key] = replace(first, mentions=first.mentions + 1,
                                  projectile=first.projectile or e.projectile,
                                  event_date=first.event_date or e.event_date)
        else:
            merged[key] = e
    kept = list(merged.values())

    def covers(a: Event, b: Event) -> bool:
        """a says everything b says, and more."""
        if a is b or a.event_type != b.event_type or a.modality != b.modality:
            return False
        if b.event_type == CONDEMNATION and a.sentence_index != b.sentence_index:
            return False
        if (b.actor_code is not None and a.actor_code != b.actor_code) or (
                b.target_code is not None and a.target_code != b.target_code):
            return False
        return (a.actor_code, a.target_code) != (b.actor_code, b.target_code)

    def names_where(a: Event, b: Event) -> bool:
        """b is a's launch at a group, told again by the state it is based in."""
        return (a.event_type == b.event_type == LAUNCH and a.modality == b.modality
                and a.sentence_index == b.sentence_index and a.actor_code == b.actor_code
                and a.target_code is not None and b.target_code is not None
                and b.target_code in (group_bases or {}).get(a.target_code, ()))

    return [b for b in kept if not any(covers(a, b) or names_where(a, b) for a in kept)]
