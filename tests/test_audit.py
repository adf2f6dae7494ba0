"""The audit command: reservoir sampling, Wilson intervals, kappa, scoring of
judged samples, and ``sample`` / ``score`` run end to end on small files."""

import gzip
import io
import json
import math
from collections import Counter
from types import SimpleNamespace

import pytest

from pipeline.agreement import cohen_kappa, percent_agreement, wilson_interval
from pipeline.audit import (AuditError, Reservoir, check_row, draw_sample, error_kinds, main, read_corpus,
                            read_judged, score_sample, write_sample)


# ---------------------------------------------------------------- Wilson interval

def test_wilson_interval_by_hand():
    # z = 2: centre (p + z²/2n) / (1 + z²/n), half z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)
    assert wilson_interval(0, 4, z=2) == pytest.approx((0.0, 0.5))      # centre 0.25, half 0.25
    assert wilson_interval(4, 4, z=2) == pytest.approx((0.5, 1.0))
    assert wilson_interval(2, 4, z=2) == pytest.approx((0.5 - 1 / math.sqrt(8), 0.5 + 1 / math.sqrt(8)))
    assert wilson_interval(1, 2, z=2) == pytest.approx((0.5 - math.sqrt(1 / 6), 0.5 + math.sqrt(1 / 6)))


def test_wilson_interval_at_95_percent():
    z2 = 1.959963984540054 ** 2
    assert wilson_interval(0, 10) == pytest.approx((0.0, z2 / (10 + z2)))   # 0.27753
    assert wilson_interval(0, 10)[1] == pytest.approx(0.27753, abs=1e-5)
    assert wilson_interval(10, 10)[0] == pytest.approx(10 / (10 + z2))       # 0.72247


def test_wilson_interval_edges():
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(3, 2)
    with pytest.raises(ValueError):
        wilson_interval(-1, 2)


# ---------------------------------------------------------------- agreement

def test_kappa_and_percent_agreement_by_hand():
    # 4 both yes, 3 both no, 2 yes/no, 1 no/yes: p_o = 7/10;
    # reader A says yes 6/10, reader B 5/10: p_e = .6·.5 + .4·.5 = .5; kappa = (.7 − .5)/(1 − .5) = .4
    a = [True] * 4 + [False] * 3 + [True] * 2 + [False]
    b = [True] * 4 + [False] * 3 + [False] * 2 + [True]
    assert percent_agreement(a, b) == pytest.approx(0.7)
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_kappa_edges():
    assert cohen_kappa([True, False], [False, True]) == pytest.approx(-1.0)   # p_o 0, p_e .5
    assert cohen_kappa([True, False], [True, False]) == pytest.approx(1.0)
    assert cohen_kappa([True, True], [True, True]) is None                     # p_e = 1: undefined
    assert cohen_kappa([], []) is None
    assert percent_agreement([], []) is None
    with pytest.raises(ValueError, match="1 and 2"):
        cohen_kappa([True], [True, False])


# ---------------------------------------------------------------- reservoir sampling

class ScriptedRng:
    """Returns the given numbers from randrange and records what it was asked."""

    def __init__(self, *values):
        self.values = list(values)
        self.asked = []

    def randrange(self, n):
        self.asked.append(n)
        return self.values.pop(0)


def test_reservoir_replaces_a_slot_when_the_draw_falls_inside():
    rng = ScriptedRng(0, 3, 1)
    reservoir = Reservoir(2, rng)
    for item in "abcde":
        reservoir.offer(item)
    # c (index 2) draws 0 → replaces a; d draws 3 ≥ 2 → dropped; e draws 1 → replaces b
    assert rng.asked == [3, 4, 5]
    assert reservoir.items() == ["c", "e"]
    assert reservoir.seen == 5


def test_reservoir_keeps_stream_order_whatever_the_slots():
    reservoir = Reservoir(2, ScriptedRng(1, 0))
    for item in "abcd":
        reservoir.offer(item)
    # c replaces b (slot 1), d replaces a (slot 0): slots hold [d, c], the sample reads c, d
    assert reservoir.items() == ["c", "d"]


def test_reservoir_keeps_everything_when_the_stream_is_short():
    rng = ScriptedRng()
    reservoir = Reservoir(5, rng)
    for item in "abc":
        reservoir.offer(item)
    assert reservoir.items() == ["a", "b", "c"]
    assert rng.asked == []
    assert Reservoir(0, ScriptedRng(0, 0)).items() == []
    with pytest.raises(ValueError):
        Reservoir(-1, rng)


def event(event_type, modality="ASSERTED", actor="AAA", target=None):
    return SimpleNamespace(event_type=event_type, modality=modality, actor_code=actor, target_code=target,
                           actor_text="a", target_text=None, projectile=None, trigger="t", sentence="s")


def test_draw_sample_keeps_asserted_events_and_numbers_the_sample():
    articles = [{"id": "1", "source": "x", "url": None},
                {"id": "2", "source": "x", "url": "u"},
                {"id": "3", "source": None, "url": None}]
    events = {"1": [event("LAUNCH"), event("CONDEMNATION", "NEGATED")],
              "2": [event("CONDEMNATION", actor="FRA"), event("LAUNCH", "THREATENED")],
              "3": [event("LAUNCH", actor="RUS", target="UKR")]}
    run = draw_sample(articles, lambda a: events[a["id"]], per_type=5, seed=13)
    assert run.articles == 3
    assert dict(run.asserted) == {"LAUNCH": 2, "CONDEMNATION": 1}
    # CONDEMNATION first, then LAUNCH, each in corpus order
    assert [(r["id"], r["article_id"], r["event"]["type"], r["event"]["actor"]) for r in run.sample] == [
        ("audit-001", "2", "CONDEMNATION", "FRA"), ("audit-002", "1", "LAUNCH", "AAA"),
        ("audit-003", "3", "LAUNCH", "RUS")]
    assert run.sample[0] == {"id": "audit-001", "article_id": "2", "source": "x", "url": "u", "sentence": "s",
                             "event": {"type": "CONDEMNATION", "actor": "FRA", "target": None,
                                       "projectile": None, "trigger": "t", "actor_text": "a",
                                       "target_text": None},
                             "judges": []}


def test_draw_sample_is_the_same_for_the_same_seed():
    articles = [{"id": str(i), "source": None, "url": None} for i in range(40)]
    extract = lambda a: [event("LAUNCH", actor=a["id"]), event("CONDEMNATION", actor=a["id"])]
    first = draw_sample(articles, extract, per_type=3, seed=13).sample
    again = draw_sample(articles, extract, per_type=3, seed=13).sample
    assert first == again
    assert [r["event"]["type"] for r in first] == ["CONDEMNATION"] * 3 + ["LAUNCH"] * 3
    others = [draw_sample(articles, extract, per_type=3, seed=s).sample for s in range(1, 6)]
    assert any(o != first for o in others)


# ---------------------------------------------------------------- judged rows and scoring

def judged(row_id, event_type, actor, target, *judges):
    """A judged row; each judge is 'EAT' flags, e.g. 'TTF' = event ok, actor ok, target wrong."""
    marks = []
    for flags, why in judges:
        e, a, t = (f == "T" for f in flags)
        marks.append({"event_ok": e, "actor_ok": a, "target_ok": t, "tuple_ok": e and a and t, "why": why})
    return {"id": row_id, "sentence": "s", "event": {"type": event_type, "actor": actor, "target": target,
                                                     "projectile": None, "trigger": "t", "actor_text": None,
                                                     "target_text": None}, "judges": marks}


ROWS = [
    judged("r1", "CONDEMNATION", "FRA", "RUS", ("TTT", ""), ("TTT", "")),
    judged("r2", "CONDEMNATION", "FRA", None, ("TTF", "target is RUS"), ("TTT", "")),
    judged("r3", "CONDEMNATION", None, None, ("FFT", "a court's verdict"), ("FTT", "a conviction")),
    judged("r4", "LAUNCH", "RUS", None, ("TTF", "target is UKR"), ("TTF", "kyiv is UKR")),
    judged("r5", "LAUNCH", "RUS", "UKR", ("TTT", ""), ("TTT", "")),
    judged("r6", "LAUNCH", None, "ISR", ("TFT", "firer named"), ("TFF", "firer named; wrong place")),
]


def test_error_kinds_name_the_slot_and_whether_it_was_left_null():
    assert error_kinds(ROWS[1], ROWS[1]["judges"][0]) == ["CONDEMNATION: target left null"]
    assert error_kinds(ROWS[2], ROWS[2]["judges"][0]) == ["CONDEMNATION: not an event"]
    assert error_kinds(ROWS[5], ROWS[5]["judges"][1]) == ["LAUNCH: actor left null", "LAUNCH: wrong target"]
    assert error_kinds(ROWS[0], ROWS[0]["judges"][0]) == []


def test_score_sample_by_hand():
    result = score_sample([check_row(r, f"line {i}") for i, r in enumerate(ROWS, 1)])
    assert result["events"] == 6 and result["readers"] == 2
    every = result["all"]
    # events: r3 is no event for both readers → 5/6 for each and for both
    assert [p["right"] for p in [every["event_ok"]["all_readers"]] + every["event_ok"]["readers"]] == [5, 5, 5]
    # tuples: reader 1 r1, r5; reader 2 r1, r2, r5; both r1, r5
    assert every["tuple_ok"]["all_readers"]["right"] == 2
    assert [p["right"] for p in every["tuple_ok"]["readers"]] == [2, 3]
    assert every["tuple_ok"]["all_readers"]["n"] == 6
    assert every["tuple_ok"]["all_readers"]["share"] == pytest.approx(1 / 3)
    low, high = wilson_interval(2, 6)
    assert (every["tuple_ok"]["all_readers"]["low"], every["tuple_ok"]["all_readers"]["high"]) == (low, high)
    # agreement on tuple_ok: they differ on r2 only: 5/6; A yes 2/6, B yes 3/6:
    # p_e = 1/3·1/2 + 2/3·1/2 = 1/2, kappa = (5/6 − 1/2)/(1/2) = 2/3
    pair = every["agreement_tuple_ok"][0]
    assert pair["readers"] == [1, 2] and pair["agree"] == 5
    assert pair["percent_agreement"] == pytest.approx(5 / 6)
    assert pair["kappa"] == pytest.approx(2 / 3)
    condemnation = result["types"]["CONDEMNATION"]
    assert condemnation["n"] == 3
    assert condemnation["event_ok"]["all_readers"]["right"] == 2
    assert [p["right"] for p in condemnation["tuple_ok"]["readers"]] == [1, 2]
    # CONDEMNATION: both 1/3, A yes 1/3, B yes 2/3: p_o 2/3, p_e 1/3·2/3 + 2/3·1/3 = 4/9, kappa (2/3−4/9)/(5/9) = 2/5
    assert condemnation["agreement_tuple_ok"][0]["kappa"] == pytest.approx(0.4)
    launch = result["types"]["LAUNCH"]
    assert launch["tuple_ok"]["all_readers"]["right"] == 1
    assert launch["agreement_tuple_ok"][0]["kappa"] == pytest.approx(1.0)
    kinds = [(k["kind"], k["readers"], k["all_readers"]) for k in result["error_kinds"]]
    assert kinds == [
        ("CONDEMNATION: not an event", [1, 1], 1),
        ("LAUNCH: actor left null", [1, 1], 1),
        ("LAUNCH: target left null", [1, 1], 1),
        ("CONDEMNATION: target left null", [1, 0], 0),
        ("LAUNCH: wrong target", [0, 1], 0),
    ]
    assert result["error_kinds"][0]["examples"] == [{"id": "r3", "why": "a court's verdict"}]


@pytest.mark.parametrize("change, message", [
    (lambda r: r.update(judges=[]), "line 7: not judged"),
    (lambda r: r.pop("event"), "line 7: no event type"),
    (lambda r: r["judges"][1].update(tuple_ok=False), "line 7, judge 2: tuple_ok is false but"),
    (lambda r: r["judges"][0].pop("actor_ok"), "line 7, judge 1: actor_ok is missing"),
    (lambda r: r["judges"][0].update(event_ok="perhaps"), "line 7, judge 1: event_ok must be true or false"),
    (lambda r: r["judges"][0].update(why=3), "line 7, judge 1: why must be text"),
])
def test_check_row_names_the_line_and_the_fault(change, message):
    row = judged("r", "LAUNCH", "RUS", "UKR", ("TTT", ""), ("TTT", ""))
    change(row)
    with pytest.raises(AuditError, match=message):
        check_row(row, "line 7")


def write_lines(path, rows):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in rows), encoding="utf-8")
    return path


def test_read_judged_names_the_line_of_a_bad_row(tmp_path):
    bad_json = write_lines(tmp_path / "a.jsonl", [ROWS[0], "", "{not json"])
    with pytest.raises(AuditError, match=r"a\.jsonl:3: malformed JSON"):
        read_judged(str(bad_json))
    one_reader = dict(ROWS[1], judges=ROWS[1]["judges"][:1])
    uneven = write_lines(tmp_path / "b.jsonl", [ROWS[0], one_reader])
    with pytest.raises(AuditError, match=r"b\.jsonl:2: 1 judgement\(s\), but the first row has 2"):
        read_judged(str(uneven))
    with pytest.raises(AuditError, match="no such file"):
        read_judged(str(tmp_path / "missing.jsonl"))
    with pytest.raises(AuditError, match="no judged rows"):
        read_judged(str(write_lines(tmp_path / "c.jsonl", [])))


def test_csv_sample_round_trips_through_score(tmp_path):
    unjudged = [dict(r, judges=[]) for r in ROWS]
    out = io.StringIO()
    write_sample(unjudged, out, "csv")
    lines = out.getvalue().splitlines()
    assert lines[0] == ("id,article_id,source,url,type,actor,target,projectile,trigger,actor_text,target_text,"
                        "sentence,judge1_event_ok,judge1_actor_ok,judge1_target_ok,judge1_tuple_ok,judge1_why,"
                        "judge2_event_ok,judge2_actor_ok,judge2_target_ok,judge2_tuple_ok,judge2_why")
    assert lines[1] == "r1,,,,CONDEMNATION,FRA,RUS,,t,,,s,,,,,,,,,,"
    # a reviewer fills the judge columns in a spreadsheet
    filled = [lines[0]]
    for line, row in zip(lines[1:], ROWS):
        cells = []
        for j in row["judges"]:
            cells += ["yes" if j[m] else "no" for m in ("event_ok", "actor_ok", "target_ok", "tuple_ok")]
            cells.append(j["why"])
        filled.append(line.rstrip(",") + "," * (12 - line.rstrip(",").count(",")) + ",".join(cells))
    path = tmp_path / "judged.csv"
    path.write_text("\ufeff" + "\n".join(filled) + "\n", encoding="utf-8")
    from_csv = score_sample(read_judged(str(path)))
    from_jsonl = score_sample(read_judged(str(write_lines(tmp_path / "judged.jsonl", ROWS))))
    assert from_csv["all"] == from_jsonl["all"]
    assert from_csv["error_kinds"] == from_jsonl["error_kinds"]


def test_csv_with_a_half_judged_row_names_the_line(tmp_path):
    path = tmp_path / "judged.csv"
    path.write_text("id,type,judge1_event_ok,judge1_actor_ok,judge1_target_ok,judge1_tuple_ok,judge1_why\n"
                    "r1,LAUNCH,true,true,true,true,\n"
                    "r2,LAUNCH,true,,true,false,no actor\n", encoding="utf-8")
    with pytest.raises(AuditError, match=r"judged\.csv:3, judge 1: actor_ok is empty"):
        read_judged(str(path))


# ---------------------------------------------------------------- the commands end to end

# Made-up newspaper-style sentences, one article each.
CORPUS = [
    {"id": "a1", "published": "2024-03-01T08:00:00Z", "source": "paper1", "url": "https://example.org/a1",
     "text": "أدانت فرنسا الهجوم الصاروخي الذي شنته روسيا على كييف."},
    {"id": "a2", "text": "أدانت ألمانيا بشدة إطلاق كوريا الشمالية صاروخا باليستيا باتجاه اليابان."},
    {"id": "a3", "source": "paper2", "text": "ندد الأردن بالقصف الذي نفذته إسرائيل على مدينة غزة."},
    "{this line is not JSON",
    {"id": "a4", "text": "أطلق الحوثيون طائرة مسيرة باتجاه جازان."},
    {"id": "a5", "text": "استنكرت مصر الاعتداء الذي نفذه تنظيم داعش على قرية في العراق."},
    {"id": "a6", "text": "هددت إيران بإطلاق صواريخ على إسرائيل."},
    {"id": "a7", "text": "لم تدن الصين التجربة الصاروخية."},
    {"id": "en", "text": "An article with no Arabic in it."},
    {"id": "a8", "text": "أطلقت الشرطة سراح المتهمين بعد التحقيق."},
    {"id": "a9", "text": "أطلقت روسيا صواريخ كروز على أوكرانيا."},
    {"id": "a10", "text": "شجبت تركيا القصف الذي نفذته القوات السورية على إدلب."},
]


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for record in CORPUS:
            fh.write((record if isinstance(record, str) else json.dumps(record, ensure_ascii=False)) + "\n")
    return path


def test_sample_end_to_end(corpus, tmp_path, capsys):
    out = tmp_path / "sample.jsonl"
    main(["sample", str(corpus), "--out", str(out), "--per-type", "50"])
    printed = capsys.readouterr().out
    assert "articles read:    12\n" in printed
    assert "  extracted:      10\n" in printed
    assert "  left out:       2 (malformed 1, not_arabic 1)\n" in printed
    assert "asserted events:  CONDEMNATION 5, LAUNCH 4\n" in printed
    assert "sample:           CONDEMNATION 5, LAUNCH 4 (up to 50 per type, seed 13)" in printed
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["article_id"], r["event"]["type"], r["event"]["actor"], r["event"]["target"])
            for r in rows] == [
        ("audit-001", "a1", "CONDEMNATION", "FRA", "RUS"), ("audit-002", "a2", "CONDEMNATION", "DEU", "PRK"),
        ("audit-003", "a3", "CONDEMNATION", "JOR", "ISR"), ("audit-004", "a5", "CONDEMNATION", "EGY", "ISIS"),
        ("audit-005", "a10", "CONDEMNATION", "TUR", "SYR"), ("audit-006", "a1", "LAUNCH", "RUS", "UKR"),
        ("audit-007", "a2", "LAUNCH", "PRK", "JPN"), ("audit-008", "a4", "LAUNCH", "HOUTHIS", "SAU"),
        ("audit-009", "a9", "LAUNCH", "RUS", "UKR")]
    assert rows[5] == {
        "id": "audit-006", "article_id": "a1", "source": "paper1", "url": "https://example.org/a1",
        "sentence": "أدانت فرنسا الهجوم الصاروخي الذي شنته روسيا على كييف.",
        "event": {"type": "LAUNCH", "actor": "RUS", "target": "UKR", "projectile": "MISSILE",
                  "trigger": "الهجوم", "actor_text": "روسيا", "target_text": "كييف"},
        "judges": []}


def test_sample_is_deterministic_and_limited(corpus, tmp_path, capsys):
    first, again, other = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "3.jsonl"
    main(["sample", str(corpus), "--out", str(first), "--per-type", "2", "--seed", "7"])
    main(["sample", str(corpus), "--out", str(again), "--per-type", "2", "--seed", "7"])
    capsys.readouterr()
    assert first.read_bytes() == again.read_bytes()
    rows = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert [r["event"]["type"] for r in rows] == ["CONDEMNATION", "CONDEMNATION", "LAUNCH", "LAUNCH"]
    assert [r["id"] for r in rows] == ["audit-001", "audit-002", "audit-003", "audit-004"]
    main(["sample", str(corpus), "--out", str(other), "--limit-articles", "5"])
    printed = capsys.readouterr().out
    assert "articles read:    5\n" in printed                       # a1, a2, a3, the bad line, a4
    assert "asserted events:  CONDEMNATION 3, LAUNCH 3\n" in printed


def test_sample_csv_then_score_refuses_it_unjudged(corpus, tmp_path, capsys):
    out = tmp_path / "sample.csv"
    main(["sample", str(corpus), "--out", str(out), "--format", "csv"])
    assert out.read_bytes().startswith("\ufeffid,article_id,".encode("utf-8"))
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) == 10
    with pytest.raises(SystemExit):
        main(["score", str(out)])
    assert "sample.csv:2: not judged (judges is empty)" in capsys.readouterr().err


def test_read_corpus_leaves_out_lines_over_the_cap_without_reading_them_whole(tmp_path, monkeypatch):
    monkeypatch.setattr("pipeline.audit.MAX_ARTICLE_BYTES", 100)
    line = lambda i, text: json.dumps({"id": i, "text": text}, ensure_ascii=False)
    path = tmp_path / "c.jsonl"
    path.write_text(line("x", "أ" * 500) + "\n" + line("y", "أدانت فرنسا الهجوم.") + "\n\n"
                    + line("z", "ب" * 500), encoding="utf-8")          # the last line has no newline
    skipped = Counter()
    assert [a["id"] for a in read_corpus([str(path)], skipped)] == ["y"]
    assert skipped == {"too large": 2}


def test_sample_of_a_missing_corpus_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["sample", str(tmp_path / "nowhere.jsonl"), "--out", str(tmp_path / "s.jsonl")])
    assert "nowhere.jsonl: no such file" in capsys.readouterr().err
    assert not (tmp_path / "s.jsonl").exists()


def test_score_end_to_end(tmp_path, capsys):
    path = write_lines(tmp_path / "judged.jsonl", ROWS)
    result = main(["score", str(path)])
    assert result["all"]["tuple_ok"]["all_readers"]["right"] == 2
    printed = capsys.readouterr().out.splitlines()
    assert printed[0] == "events judged: 6 (CONDEMNATION 3, LAUNCH 3); readers: 2"
    # 2/6 with z = 1.96: centre (1/3 + z²/12)/(1 + z²/6), half z·√(2/9/6 + z²/144)/(1 + z²/6)
    assert printed[4] == ("all types     both readers  5/6 0.833 [0.436, 0.970]        "
                          "2/6 0.333 [0.097, 0.700]")
    assert printed[6] == ("              reader 2      5/6 0.833 [0.436, 0.970]        "
                          "3/6 0.500 [0.188, 0.812]")
    assert "all types     readers 1 and 2: 5/6 agree (0.833), Cohen's kappa 0.667" in printed
    assert "LAUNCH        readers 1 and 2: 3/3 agree (1.000), Cohen's kappa 1.000" in printed
    assert "  CONDEMNATION: not an event                        1         1             1" in printed
    assert "      e.g. r3: a court's verdict" in printed
