"""The learned role scorer: its arithmetic, where it may fill a slot, and its training."""
import json
import math

from tests.extractor.conftest import codes
from pipeline.train_roles import examples_from_article, main as train_main, train
from transforms.extractor.roles import ACTOR, NONE, TARGET, RoleScorer, load_role_scorer, pair_features
from transforms.extractor.sentence import Party


def test_probabilities_are_a_softmax_of_summed_weights():
    scorer = RoleScorer({"a": {"actor": 1.0}, "b": {"target": 2.0, "none": -1.0}}, {})
    p = scorer.probabilities(["a", "b", "unknown"])
    z = math.exp(1.0) + math.exp(2.0) + math.exp(-1.0)
    assert math.isclose(p[ACTOR], math.exp(1.0) / z)
    assert math.isclose(p[TARGET], math.exp(2.0) / z)
    assert math.isclose(sum(p.values()), 1.0)


def _always(label):
    """A scorer that rates every pair as ``label`` with probability ~1."""
    return RoleScorer({"bias": {label: 20.0}}, {ACTOR: 0.85, TARGET: 0.85}, {"LAUNCH": [ACTOR, TARGET]})


def test_fill_only_empty_slots_and_only_in_the_trigger_clause(sent):
    s = sent("أطلقت إيران صواريخ باتجاه إسرائيل.")
    trig = s.triggers[0]
    after_towards = RoleScorer({"after|gov=target": {TARGET: 20.0}}, {TARGET: 0.85}, {"LAUNCH": [TARGET]})
    actors, targets = after_towards.fill(s, trig, [], [])
    assert codes(targets) == ["ISR"] and actors == []
    kept = after_towards.fill(s, trig, [], [Party("LBN", 0, 1)])[1]
    assert codes(kept) == ["LBN"]  # a slot the rules filled is never replaced
    # past another trigger or a complementiser, a mention is not a candidate
    s = sent("أعلنت كوريا الجنوبية أن بيونغ يانغ أطلقت صاروخا.")
    assert _always(TARGET).fill(s, s.triggers[-1], [], [])[1] == []


def test_no_target_through_an_origin_or_for_a_satellite(sent):
    s = sent("أطلقت صواريخ من لبنان.")
    assert _always(TARGET).fill(s, s.triggers[0], [], [])[1] == []
    s = sent("أطلقت فرنسا قمرا صناعيا من غويانا الفرنسية.")
    assert _always(TARGET).fill(s, s.triggers[0], [], [], "SATELLITE")[1] == []


def test_below_threshold_or_outside_its_slots_nothing_is_filled(sent):
    s = sent("أطلقت إيران صواريخ باتجاه إسرائيل.")
    unsure = RoleScorer({"bias": {TARGET: 0.5}}, {ACTOR: 0.85, TARGET: 0.85}, {"LAUNCH": [TARGET]})
    assert unsure.fill(s, s.triggers[0], [], [])[1] == []
    condemnations_only = RoleScorer({"bias": {TARGET: 20.0}}, {TARGET: 0.85}, {"CONDEMNATION": [TARGET]})
    assert condemnations_only.fill(s, s.triggers[0], [], [])[1] == []


def test_training_examples_are_labelled_from_gold_codes(lx):
    article = {"id": "x", "text": "أطلقت إيران صواريخ باتجاه إسرائيل.",
               "events": [{"type": "LAUNCH", "actor": "IRN", "target": ["ISR", None]}]}
    labels = [label for _, label in examples_from_article(article, lx)]
    assert labels == [ACTOR, TARGET]


def test_training_learns_to_tell_target_from_origin(lx):
    texts = [("أطلقت صواريخ باتجاه {}.", TARGET), ("أطلقت صواريخ من {}.", NONE)]
    examples = []
    for place in ("إسرائيل", "لبنان", "سوريا", "العراق", "إيران", "تركيا"):
        for template, label in texts:
            article = {"id": place, "text": template.format(place), "events": [
                {"type": "LAUNCH", "actor": None, "target": None if label == NONE else "*"}]}
            for feats, _ in examples_from_article(article, lx):
                examples.append((feats, label))
    scorer = RoleScorer(train(examples, epochs=20), {})
    from transforms.extractor.sentence import analyse
    s = analyse(lx, "أطلقت صواريخ باتجاه اليمن.")
    assert scorer.probabilities(pair_features(s, s.triggers[0], s.actors[0]))[TARGET] > 0.8
    s = analyse(lx, "أطلقت صواريخ من اليمن.")
    assert scorer.probabilities(pair_features(s, s.triggers[0], s.actors[0]))[NONE] > 0.8


def test_the_training_command_writes_a_model_that_loads(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps({"id": f"g{i}", "text": "أطلقت إيران صواريخ باتجاه إسرائيل.",
                                          "events": [{"type": "LAUNCH", "actor": "IRN", "target": "ISR"}]},
                                         ensure_ascii=False) for i in range(3)), encoding="utf-8")
    out = tmp_path / "roles.json"
    train_main([str(gold), "--out", str(out), "--epochs", "5"])
    scorer = RoleScorer.from_json(out.read_text(encoding="utf-8"))
    assert scorer.slots == {"LAUNCH": [TARGET]} and scorer.thresholds[TARGET] == 0.85
    assert scorer.weights


def test_the_shipped_model_fills_launch_targets_only():
    scorer = load_role_scorer()
    assert scorer is not None and scorer.slots == {"LAUNCH": [TARGET]}
    assert len(scorer.weights) > 100
