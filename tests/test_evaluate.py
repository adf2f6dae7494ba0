"""The evaluate command's scoring rules, and the extractor's score kept from falling."""

import pytest

from conftest import DATA
from pipeline.evaluate import main, match_article, score

FIELDS = ("type", "actor", "target")


def test_lists_stars_and_optional_events():
    gold = [{"type": "LAUNCH", "actor": ["RUS", None], "target": "UKR"},
            {"type": "CONDEMNATION", "actor": "*", "target": "*", "optional": True}]
    assert match_article(gold, {("LAUNCH", None, "UKR")}, FIELDS)[:3] == (1, 0, 0)
    assert match_article(gold, {("LAUNCH", "RUS", "UKR"), ("CONDEMNATION", "X", "Y")}, FIELDS)[:3] == (1, 0, 0)
    assert match_article(gold, {("LAUNCH", "RUS", "UKR"), ("LAUNCH", "RUS", None)}, FIELDS)[:3] == (1, 0, 1)
    assert match_article(gold, set(), FIELDS)[:3] == (0, 1, 0)


def test_predictions_for_unknown_articles_are_false_alarms():
    result = score([{"id": "a", "events": []}], {"b": {("LAUNCH", None, None)}}, {})
    assert result["tuple"]["fp"] == 1


@pytest.mark.parametrize("gold_file, f1, precision", [
    ("dev.jsonl", 1.0, 1.0), ("challenge.jsonl", 0.97, 0.97), ("challenge2.jsonl", 0.95, 0.95),
    ("challenge3.jsonl", 0.95, 0.95), ("challenge4.jsonl", 0.95, 0.95), ("challenge5.jsonl", 0.95, 0.95),
    ("challenge6.jsonl", 0.95, 0.95), ("challenge7.jsonl", 0.9, 0.9), ("challenge8.jsonl", 0.95, 0.95),
    ("challenge9.jsonl", 0.95, 0.95), ("challenge10.jsonl", 0.95, 0.95), ("challenge11.jsonl", 0.95, 0.95),
    ("challenge12.jsonl", 0.95, 0.95), ("challenge13.jsonl", 0.9, 0.9), ("challenge14.jsonl", 0.95, 0.95),
    ("challenge15.jsonl", 0.95, 0.95), ("challenge16.jsonl", 0.95, 0.95), ("challenge17.jsonl", 0.95, 0.95),
    ("challenge18.jsonl", 0.95, 0.95), ("challenge19.jsonl", 0.95, 0.95), ("challenge20.jsonl", 0.95, 0.95),
    ("challenge21.jsonl", 0.95, 0.95), ("challenge22.jsonl", 0.95, 0.95), ("challenge23.jsonl", 0.95, 0.95)])
def test_extractor_score_does_not_fall(gold_file, f1, precision, capsys):
    result = main([str(DATA / gold_file), "--extract"])
    assert result["tuple"]["f1"] >= f1, capsys.readouterr().out
    assert result["tuple"]["precision"] >= precision
    assert result["projectile_accuracy"] >= 0.95
