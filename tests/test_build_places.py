"""The GeoNames place extractor: each filter on a small made-up GeoNames list and corpus."""
import csv
import gzip
import io
import json
from collections import Counter

import pytest

from transforms.data.build_places import build, candidates, main, render


def city(gid, cc, population, *arabic, latin=None, admin1="01", lat=25.0, lon=45.0):
    return {"geonameid": gid, "name": latin or f"Place{gid}", "countrycode": cc, "population": population,
            "admin1code": admin1, "latitude": lat, "longitude": lon,
            "alternatenames": [latin or f"Place{gid}", *arabic]}


CITIES = [
    city(1, "SA", 100_000, "زرقوان"),                         # unseen, large: kept
    city(2, "SA", 600, "قريقير"),                             # unseen, a village: small
    city(3, "YE", 100_000, "الفانوس"),                        # a word of the corpus: common
    city(4, "YE", 700, "الحارة"),                             # a village the corpus names as a place: kept
    city(5, "SA", 500_000, "نجران"),                          # in places.tsv already: known
    city(6, "EG", 9_000, "الرياض"),                           # a Saudi capital: actor
    city(7, "UA", 2_900_000, "كييف", "كيفو"),                 # a spelling of a capital: capital
    city(8, "SY", 30_000, "أبو زهرة"),                        # a person's name: person
    city(9, "SY", 20_000, "تل الزعتر"),                       # in two states: shared
    city(10, "LB", 20_000, "تل الزعتر"),
    city(11, "RU", 400_000, "فولوغدا"),                      # kept, with its ج spelling
    city(12, "UA", 300_000, "سيمفروبول", admin1="11"),        # Crimea: contested
    city(13, "IL", 7_000, "كتسرين", lat=32.99, lon=35.69),    # the Golan: contested
    city(14, "YE", 60_000, "صاروخ"),                          # a lexicon word: lexicon
    city(15, "YE", 60_000, "المدان"),                         # read and dropped: reviewed
    city(16, "SY", 20_000, "وادي البرتقال"),                  # two ordinary words: phrase
    city(17, "IR", 90_000, "تهرانچه"),                         # a Persian letter: shape
    city(18, "FR", 2_000_000, "باريسون"),                     # a state not covered: ignored
]

SENTENCES = (
    ["اشتعل الفانوس في البيت ليلا"] * 12
    + ["سقطت قذيفة على مدينة الحارة"] * 6 + ["زار الحارة وفد رسمي"] * 6
    + ["ذهبنا إلى وادي جميل وأكلنا البرتقال"] * 100
)


@pytest.fixture
def corpus(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i, text in enumerate(SENTENCES):
            f.write(json.dumps({"id": str(i), "title": None, "text": text}, ensure_ascii=False) + "\n")
    return str(path)


def test_candidates_keep_arabic_names_of_covered_states_and_drop_contested_ones():
    names, places, dropped = candidates(CITIES)
    assert "باريسون" not in names and "Place1" not in names
    assert "فولوجدا" in names and names["فولوجدا"] == names["فولوغدا"]
    assert "سيمفروبول" not in names and "كتسرين" not in names
    assert dropped["contested"] == 2 and dropped["shape"] == 1
    assert names["تل الزعتر"] == {("SYR", 9), ("LBN", 10)}


def test_each_filter_drops_what_it_says(corpus):
    decisions = []
    rows, dropped, per_code = build(CITIES, corpus, decisions)
    rule = {d[0]: d[-1] for d in decisions}
    assert rule == {
        "زرقوان": "kept", "قريقير": "small", "الفانوس": "common", "الحارة": "kept", "نجران": "known",
        "الرياض": "actor", "كييف": "known", "كيفو": "capital", "ابو زهرة": "person", "تل الزعتر": "shared",
        "فولوغدا": "kept", "فولوجدا": "kept", "صاروخ": "lexicon", "المدان": "reviewed",
        "وادي البرتقال": "phrase",
    }
    assert [(code, place["geonameid"], names) for code, place, names in rows] == [
        ("RUS", 11, ["فولوجدا", "فولوغدا"]), ("SAU", 1, ["زرقوان"]), ("YEM", 4, ["الحارة"])]
    assert per_code == {"RUS": 2, "SAU": 1, "YEM": 1}
    assert dropped["contested"] == 2 and dropped["shared"] == 1


def test_the_output_is_a_places_tsv_with_its_source(corpus, tmp_path):
    out = tmp_path / "places.tsv"
    cities = tmp_path / "cities.json"
    cities.write_text(json.dumps({str(c["geonameid"]): c for c in CITIES}), encoding="utf-8")
    main(["--corpus", corpus, "--cities", str(cities), "--out", str(out)])
    text = out.read_text(encoding="utf-8")
    assert "GeoNames" in text and "CC BY 4.0" in text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    assert [(r["code"], r["names"], r["geonameid"]) for r in rows] == [
        ("RUS", "فولوجدا|فولوغدا", "11"), ("SAU", "زرقوان", "1"), ("YEM", "الحارة", "4")]


def test_render_counts_every_rule():
    text = render([], Counter(small=3), Counter())
    assert "small=3" in text and "shared=0" in text
