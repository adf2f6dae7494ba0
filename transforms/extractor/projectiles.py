"""Projectiles: which word names what was fired, and its class.

Classes and modifiers come from ``lexicons/projectiles.tsv``; a modifier
after a plain missile refines it (صاروخ باليستي → BALLISTIC_MISSILE).
"""
from __future__ import annotations

from typing import List, Optional

from transforms.gazetteer import NISBA_PL, NISBA_SG
from transforms.lexicon import Match, cue_words
from transforms.extractor.parties import party
from transforms.extractor.sentence import Party, Sentence, mention_at


def projectile_class(s: Sentence, m: Match) -> str:
    """The class of the projectile word ``m``, refined by what follows it:
    a type named after من نوع / من طراز (قذيفة من نوع كاتيوشا → ROCKET), or
    for a plain missile a modifier (صاروخ باليستي)."""
    cls = m.value[0]
    if m.end + 2 < len(s.words) and s.words[m.end] == "من" and s.words[m.end + 1] in ("نوع", "طراز"):
        named = next((p for p in s.projectiles if p.start == m.end + 2 and p.value[1] == "noun"), None)
        if named is not None:
            return named.value[0]
    if cls != "MISSILE":
        return cls
    # A modifier within the next few words refines a plain missile.
    for other in s.projectiles:
        if other.value[1] == "modifier" and m.end <= other.start <= m.end + 3:
            return other.value[0]
        if other.value[1] == "modifier" and m.start <= other.start < m.end:
            return other.value[0]
    return cls


_INSTRUMENT_REACH = 20  # words from a trigger to a ب-projectile of its clause


def _instrument(s: Sentence, m: Match) -> bool:
    """The projectile is introduced by ب, directly or through a quantity
    (بالمدفعية، بأكثر من 14 قذيفة، بعشرات القذائف)."""
    if m.reading.prep == "ب":
        return True
    return any(s.words[k].startswith(("ب", "وب")) and not s.roles.get(k)
               for k in range(max(0, m.start - 3), m.start))


def projectile_after(s: Sentence, i: int, window: int) -> Optional[Match]:
    """The first projectile word after ``i`` within ``window`` words; one
    introduced by ب (بالمسيرات، بالمدفعية) may stand further, after the doer
    and the object (قصفت المنطقة العسكرية الثالثة الموالية للرئيس هادي مواقع
    الحوثيين بالمدفعية), within the clause."""
    hard_end = min(len(s.words), i + 1 + max(window, _INSTRUMENT_REACH))
    for m in s.projectiles:
        if m.value[1] != "noun" or m.start <= i:
            continue
        if m.start >= hard_end:
            break
        if m.start >= i + 1 + window and not _instrument(s, m):
            continue
        if any((s.is_boundary(k) and s.words[k] not in "،,\"") or s.has_role(k, "report")
               for k in range(i + 1, m.start)):
            break  # not past a full stop or into another report (… ، وأضافت أن)
        return m
    return None


def projectile_before(s: Sentence, i: int, window: int) -> Optional[Match]:
    best = None
    for m in s.projectiles:
        if m.value[1] == "noun" and i - window <= m.start < i:
            best = m
    return best


_MADE = cue_words("made")


def projectile_nisba(s: Sentence, proj: Optional[Match]) -> List[Party]:
    """طائرة مسيرة أوكرانية: the nisba on a projectile, when nothing better names the firer."""
    if proj is None or proj.value[0] == "SATELLITE":
        return []  # خمسة أقمار صناعية بريطانية أطلقتها الهند: a satellite's nisba is its owner
    for j in range(proj.end, min(len(s.words), proj.end + 2)):
        m = mention_at(s, j)
        if m is not None and m.value.can_act and m.value.kind in (NISBA_SG, NISBA_PL):
            if m.end < len(s.words) and s.words[m.end] in _MADE:
                return []  # بصاروخ روسي الصنع: where it was made, not who fired it
            return [party(m)]
    return []


def air_defence_near(s: Sentence, i: int) -> bool:
    lo, hi = max(0, i - 8), min(len(s.words), i + 8)
    return any(s.has_role(k, "air") for k in range(lo, hi))
