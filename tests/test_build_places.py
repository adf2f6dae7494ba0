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


# --- Administrative tables: COD-AB GeoJSON, open-admin-data JSON, Yemen-info SQLite -------------------

def cod_layer():
    """A made-up COD-AB layer of communities, in the older point form (NAME_ARA, ADMIN3_ARA…)."""
    def feature(pcode, name, adm3, adm3_ar, lat=35.0, lon=37.0):
        return {"type": "Feature", "geometry": {"type": "MultiPoint", "coordinates": [[lon, lat]]},
                "properties": {"NAME_EN": f"C{pcode}", "NAME_ARA": name, "PCODE": pcode,
                               "ADMIN3_COD": adm3, "ADMIN3_EN": "Sub", "ADMIN3_ARA": adm3_ar,
                               "ADMIN2_COD": adm3[:6], "ADMIN2_EN": "Dist", "ADMIN2_ARA": "مركز زرنوق",
                               "ADMIN1_COD": adm3[:4], "ADMIN1_EN": "Gov", "ADMIN1_ARA": "محافظة قرطال"}}
    return {"type": "FeatureCollection", "features": [
        feature("C1", "كفرزيتون", "SY090100", "زرنوق"),         # seen as a place a few times: kept
        feature("C2", "الطاولة", "SY090100", "زرنوق"),          # a word of the corpus: common
        feature("C3", "قريقير", "SY090100", "زرنوق"),           # a Saudi village's namesake: weak, no contest
        feature("C4", "نبع الفستق_عين الجوز", "SY090100", "زرنوق"),  # two names in one field, never seen: small
        feature("C5", "حزوان", "SY090200", "مركز حزوان"),        # مركز X is no name of its own
    ]}


def admin_tables(tmp_path):
    cod = tmp_path / "syr_admin4_point.geojson"
    cod.write_text(json.dumps(cod_layer(), ensure_ascii=False), encoding="utf-8")
    oad = tmp_path / "all-subdistrict.json"
    oad.write_text(json.dumps([
        {"id": "IQG99Q01N01", "level": 3, "name": {"local": "نهر الزعفران", "en": "Nahr"},
         "geo": {"lat": "33.1", "lon": "44.2"}},
    ], ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "yemen-info-.db"
    import sqlite3
    con = sqlite3.connect(db)
    con.executescript("""
        CREATE TABLE countries (country_id INTEGER, iso2 TEXT);
        CREATE TABLE governorates (governorate_id INTEGER, name_en TEXT, name_ar TEXT);
        CREATE TABLE districts (district_id INTEGER, name_en TEXT, name_ar TEXT);
        CREATE TABLE uzaal (uzaal_id INTEGER, name_en TEXT, name_ar TEXT);
        CREATE TABLE villages (villages_id INTEGER, name_en TEXT, name_ar TEXT);
        INSERT INTO countries VALUES (1, 'YE');
        INSERT INTO governorates VALUES (1, 'Gov', 'شرمدان');
        INSERT INTO districts VALUES (1, 'Dist', 'وادي قملان');
        INSERT INTO uzaal VALUES (1, 'Uzla', 'آل ثعلان');
        INSERT INTO villages VALUES (1, 'Village', 'قريقير');
    """)
    con.commit()
    con.close()
    return [str(cod), str(oad), str(db)]


def test_admin_tables_read_as_places_with_levels(tmp_path):
    from transforms.data.build_places import admin_places
    cod, oad, db = admin_tables(tmp_path)
    units = {p["geonameid"]: p for p in admin_places(cod)}
    assert units["C1"]["alternatenames"] == ["كفرزيتون"] and units["C1"]["level"] == 4
    assert units["C4"]["alternatenames"] == ["نبع الفستق", "عين الجوز"]
    assert units["SY090100"]["alternatenames"] == ["زرنوق"] and units["SY090100"]["level"] == 3
    assert units["SY090200"]["alternatenames"] == []                 # مركز حزوان
    assert units["SY0901"]["alternatenames"] == []                   # مركز زرنوق
    assert units["SY09"]["alternatenames"] == ["محافظة قرطال"] and units["SY09"]["countrycode"] == "SY"
    assert [(p["geonameid"], p["level"], p["countrycode"]) for p in admin_places(oad)] == [("IQG99Q01N01", 3, "IQ")]
    assert {(p["alternatenames"][0], p["level"]) for p in admin_places(db)} == {
        ("شرمدان", 1), ("وادي قملان", 2), ("آل ثعلان", 4), ("قريقير", 4)}


ADMIN_SENTENCES = (
    ["قصفت الطائرات بلدة كفرزيتون فجرا"] * 3 + ["وضع الكتاب على الطاولة ثم خرج"] * 12
    + ["زار الوفد قرية زرنوق"] * 1
)


def test_administrative_units_pass_the_same_filters(tmp_path):
    from transforms.data.build_places import admin_places
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        for i, text in enumerate(SENTENCES + ADMIN_SENTENCES):
            f.write(json.dumps({"id": str(i), "title": None, "text": text}, ensure_ascii=False) + "\n")
    cities = list(CITIES)
    for table in admin_tables(tmp_path):
        cities += admin_places(table)
    decisions = []
    rows, _, _ = build(cities, str(path), decisions)
    rule = {d[0]: d[-1] for d in decisions}
    assert rule["كفرزيتون"] == "kept"          # a community seen three times, each after بلدة
    assert rule["الطاولة"] == "common"         # a word
    assert rule["زرنوق"] == "small"            # a one-word sub-district seen once
    assert rule["نبع الفستق"] == "small"       # a community never seen
    assert rule["نهر الزعفران"] == "kept"      # a sub-district of two words
    assert rule["وادي قملان"] == "kept" and rule["شرمدان"] == "kept"   # a district, a governorate
    assert rule["ال ثعلان"] == "person"         # آل … (a family) with no evidence of a place
    # The Syrian and Yemeni communities called قريقير do not contest the Saudi village: still small.
    assert rule["قريقير"] == "small" and {d[1] for d in decisions if d[0] == "قريقير"} == {"SAU"}
    kept = {names[0]: (code, place["geonameid"]) for code, place, names in rows}
    assert kept["كفرزيتون"] == ("SYR", "C1") and kept["نهر الزعفران"] == ("IRQ", "IQG99Q01N01")


def test_a_far_larger_town_takes_a_shared_name(corpus):
    cities = CITIES + [city(20, "IR", 900_000, "زرقون"), city(21, "AF", 5_000, "زرقون"),
                       city(22, "IR", 90_000, "برقون"), city(23, "AF", 50_000, "برقون")]
    decisions = []
    rows, _, _ = build(cities, corpus, decisions)
    rule = {d[0]: d[-1] for d in decisions}
    assert rule["زرقون"] == "kept" and rule["برقون"] == "shared"
    assert [(code, place["geonameid"]) for code, place, names in rows if names == ["زرقون"]] == [("IRN", 20)]


def test_main_writes_the_administrative_names_apart_with_their_sources(corpus, tmp_path):
    out, admin_out = tmp_path / "places.tsv", tmp_path / "admin.tsv"
    cities = tmp_path / "cities.json"
    cities.write_text(json.dumps({str(c["geonameid"]): c for c in CITIES}), encoding="utf-8")
    args = ["--corpus", corpus, "--cities", str(cities), "--out", str(out), "--admin-out", str(admin_out)]
    for table in admin_tables(tmp_path):
        args += ["--admin", table]
    main(args)
    text = admin_out.read_text(encoding="utf-8")
    assert "OCHA" in text and "CC BY 3.0 IGO" in text and "CC BY 4.0" in text and "MIT" in text
    body = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    rows = list(csv.DictReader(io.StringIO(body), delimiter="\t"))
    assert {(r["code"], r["names"], r["level"]) for r in rows} >= {
        ("IRQ", "نهر الزعفران", "3"), ("YEM", "شرمدان", "1"), ("YEM", "وادي قملان", "2")}
    geonames = out.read_text(encoding="utf-8")
    assert "نهر الزعفران" not in geonames and "زرقوان" in geonames
