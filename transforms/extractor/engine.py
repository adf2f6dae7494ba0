"""``EventExtractor``: an article's text in, its events out.

The article is split into sentences; each sentence that may hold a trigger
is analysed (``sentence``), every trigger is read by its frame (``launch``,
``condemnation``), the filled frames become one ``Event`` per actor/target
pair, and the article's events are merged (``merge``). No I/O, no Beam.
"""
from __future__ import annotations

from datetime import date
import threading
from functools import lru_cache
from typing import Dict, List, Optional, Tuple

from transforms.candidates import CandidateFilter
from transforms.dates import resolve_event_date
from transforms.gazetteer import Gazetteer
from transforms.extractor.condemnation import condemnation, named_body_after
from transforms.extractor.events import ASSERTED, CONDEMNATION, LAUNCH, Event
from transforms.extractor.launch import anaphoric_launch, answered_fire, exchange_sides, fired_at_parties, launch
from transforms.extractor.lexicons import Lexicons
from transforms.extractor.merge import merge_article_events
from transforms.extractor.roles import RoleScorer, load_role_scorer
from transforms.extractor.sentence import Party, analyse
from transforms.lexicon import cue_words


# Words that tell a launch as going along with the one before (وسط قصف، مع قصف).
_ALONGSIDE = cue_words("alongside")


def _told_again(s, trig) -> bool:
    """وهو القصف الذي دشنته الولايات المتحدة: a launch noun after وهو / وهي is the
    launch the sentence told before, and keeps its target."""
    return trig.pos == "noun" and trig.reading.article and trig.index > 0 and \
        s.words[trig.index - 1] in ("وهو", "وهي", "هو", "هي")


class EventExtractor:
    """Extract events from article text. Build once per worker; it is immutable."""

    def __init__(self, gazetteer: Optional[Gazetteer] = None,
                 role_scorer: Optional[RoleScorer] = None, use_role_scorer: bool = True) -> None:
        self.lexicons = Lexicons(gazetteer)
        self.role_scorer = (role_scorer or load_role_scorer()) if use_role_scorer else None
        self.candidates = CandidateFilter.from_lexicon(self.lexicons.gazetteer)

    @property
    def gazetteer(self) -> Gazetteer:
        return self.lexicons.gazetteer

    def extract(self, text: str, published: Optional[date] = None) -> List[Event]:
        """All events of an article, merged within the article."""
        # Most news articles hold no trigger at all, and most sentences of the
        # rest none either: the candidate filter finds, with one compiled
        # expression over the folded text, the sentences holding a word that
        # may start a trigger, and only those are analysed.
        events: List[Event] = []
        for index, start, end in self.candidates.candidate_sentences(text):
            events.extend(self.extract_sentence(text[start:end], start, index, published))
        return merge_article_events(events, self.lexicons.group_bases)

    def extract_sentence(self, sentence: str, offset: int = 0, index: int = 0,
                         published: Optional[date] = None) -> List[Event]:
        """Events of one sentence, before article-level merging."""
        s = analyse(self.lexicons, sentence, offset, index, published)
        if not s.triggers:
            return []
        out: List[Event] = []
        inherited_target: Dict[int, List[Party]] = {}
        launch_actor_before: List[Tuple[int, Party]] = []
        event_date: Optional[date] = None
        date_done = False
        for trig in s.triggers:
            if trig.event_type == LAUNCH:
                found = launch(s, trig, inherited_target)
            else:
                found = condemnation(s, trig, launch_actor_before)
            if not found:
                continue
            actors, targets, projectile, modality = found
            if trig.event_type == LAUNCH and modality == ASSERTED:
                launch_actor_before.extend((trig.index, a) for a in actors)
                if targets:
                    # شن طيران النظام غارات على مدينة الزبداني، وسط قصف مدفعي لقوات
                    # النظام: a launch told as going with this one shares its target.
                    for later in s.triggers:
                        if later.index > trig.index and later.event_type == LAUNCH and (
                                s.words[later.index - 1] in _ALONGSIDE or _told_again(s, later)):
                            inherited_target.setdefault(later.index, targets)
            if trig.event_type == CONDEMNATION and not actors and not named_body_after(s, trig):
                # A body or person with no state named condemns as actor null (ندد الأزهر،
                # أدان الأمير تركي الفيصل); nobody named (وسط إدانة دولية), an unnamed
                # group (وأدانت الدول) or a dropped pronoun gives no event.
                continue
            if trig.event_type == LAUNCH and not actors and not targets and anaphoric_launch(s, trig):
                continue  # أدانت واشنطن إطلاق الصاروخ: the launch an earlier sentence told
            sides = exchange_sides(s, trig) if trig.event_type == LAUNCH and found else None
            if sides is not None:
                # تبادلت X مع Y القصف: X fired at Y and Y at X.
                a_side, b_side = sides
                pairs = [(a, b) for a in a_side or [None] for b in b_side or [None]]
                pairs += [(b, a) for a, b in pairs]
            else:
                if self.role_scorer is not None:
                    actors, targets = self.role_scorer.fill(s, trig, actors, targets, projectile)
                    if trig.event_type == LAUNCH:
                        targets = fired_at_parties(s, targets)
                pairs = [(a, t) for a in actors or [None] for t in targets or [None]]
                # ردت المدفعية السعودية على قذائف الغدر الحوثية: the fire answered was launched too.
                pairs += [(d, a) for d in answered_fire(s, trig) for a in actors or [None]]
            if not date_done:
                event_date = resolve_event_date(s.norm.key, published)
                date_done = True
            t_start, t_end, t_text = s.original(trig.index, trig.index + 1)
            for actor, target in pairs:
                if actor and target and actor.code == target.code and trig.event_type == CONDEMNATION:
                    continue  # a state does not condemn itself; it may shell its own towns
                out.append(Event(
                    event_type=trig.event_type, modality=modality,
                    actor_code=actor.code if actor else None,
                    actor_text=s.party_text(actor) if actor else None,
                    target_code=target.code if target else None,
                    target_text=s.party_text(target) if target else None,
                    projectile=projectile if trig.event_type == LAUNCH else None,
                    trigger=t_text, trigger_start=t_start, trigger_end=t_end,
                    sentence=sentence, sentence_index=index, event_date=event_date,
                ))
        return out


_building = threading.Lock()


def default_extractor(use_role_scorer: bool = True) -> EventExtractor:
    """One extractor per process: lexicons are loaded once, not per element.
    A call made while another thread builds it waits for that build."""
    with _building:
        return _build_extractor(use_role_scorer)


@lru_cache(maxsize=2)
def _build_extractor(use_role_scorer: bool) -> EventExtractor:
    return EventExtractor(use_role_scorer=use_role_scorer)
