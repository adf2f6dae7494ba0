"""Merging within an article."""
from transforms.extractor import Event, merge_article_events


def _event(actor, target, sentence_index=0, event_type="LAUNCH"):
    return Event(event_type=event_type, modality="ASSERTED", actor_code=actor, actor_text=actor,
                 target_code=target, target_text=target, projectile="MISSILE", trigger="أطلق",
                 trigger_start=0, trigger_end=4, sentence="", sentence_index=sentence_index)


def test_repeats_become_one_event_counting_mentions():
    merged = merge_article_events([_event("RUS", "UKR"), _event("RUS", "UKR", 3)])
    assert [(e.tuple, e.mentions, e.sentence_index) for e in merged] == [(("LAUNCH", "RUS", "UKR"), 2, 0)]


def test_a_launch_missing_a_side_is_dropped_when_another_says_more():
    merged = merge_article_events([_event(None, "UKR"), _event("RUS", "UKR", 2), _event("RUS", None, 4)])
    assert [e.tuple for e in merged] == [("LAUNCH", "RUS", "UKR")]


def test_condemnations_merge_only_within_a_sentence():
    merged = merge_article_events([_event("FRA", None, 0, "CONDEMNATION"), _event("FRA", "RUS", 1, "CONDEMNATION")])
    assert {e.tuple for e in merged} == {("CONDEMNATION", "FRA", None), ("CONDEMNATION", "FRA", "RUS")}


BASES = {"ISIS": {"SYR", "IRQ"}}


def test_a_launch_at_the_state_a_targeted_group_is_based_in_is_the_same_launch():
    merged = merge_article_events([_event("TUR", "SYR"), _event("TUR", "ISIS"), _event("TUR", "SAU")], BASES)
    assert {e.tuple for e in merged} == {("LAUNCH", "TUR", "ISIS"), ("LAUNCH", "TUR", "SAU")}


def test_the_group_and_its_state_stay_apart_across_sentences_or_firers():
    merged = merge_article_events([_event("TUR", "ISIS", 0), _event("TUR", "SYR", 1), _event("RUS", "SYR", 0)], BASES)
    assert {e.tuple for e in merged} == {("LAUNCH", "TUR", "ISIS"), ("LAUNCH", "TUR", "SYR"), ("LAUNCH", "RUS", "SYR")}
    assert len(merge_article_events([_event("TUR", "ISIS"), _event("TUR", "SYR")])) == 2  # no bases given
