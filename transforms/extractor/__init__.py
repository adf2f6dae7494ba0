"""Rule-based extraction of CONDEMNATION and LAUNCH events from Arabic text.

``default_extractor().extract(text, published)`` returns the ``Event``s of an
article; it does no I/O and knows nothing of Beam. The rules follow the
annotation guidelines (one event per actor/target pair, provenance for each)
and are split by role:

* ``lexicons``: the data files under ``transforms/data``, loaded once;
* ``sentence``: sentence analysis (tokens, mentions, triggers, roles) and clause structure;
* ``parties``: who acts: subjects, doers of act nouns, coordinated groups;
* ``targets``: at whom a launch was aimed, whose act a condemnation targets, places;
* ``projectiles``: what was fired and its class;
* ``modality``: asserted, negated, requested, threatened, future, hypothetical, denied;
* ``launch`` and ``condemnation``: the two event frames;
* ``merge``: one event per tuple within an article, redundant events dropped;
* ``engine``: ``EventExtractor``, which runs them in that order.
"""
from transforms.extractor.engine import EventExtractor, default_extractor
from transforms.extractor.events import (
    ASSERTED, CAMEO, CAMEO_SHELLING, CONDEMNATION, EXTRACTOR_VERSION, LAUNCH, PLOVER, Event)
from transforms.extractor.merge import merge_article_events

__all__ = ["ASSERTED", "CAMEO", "CAMEO_SHELLING", "CONDEMNATION", "EXTRACTOR_VERSION", "LAUNCH", "PLOVER",
           "Event", "EventExtractor", "default_extractor", "merge_article_events"]
