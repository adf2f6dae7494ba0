"""The candidate filter never drops a sentence the extractor draws an event from.

Two references. The trigger-word expression (``key_may_hold_trigger``) must
keep every sentence the per-word check keeps: some word of the normalised key
has a clitic reading (``analyses``) whose stem is a trigger's first word. The
candidate sentences (``candidate_sentences``), which also leave out sentences
whose only trigger words need a projectile none of their words can start,
must include every sentence from which the extractor's full analysis draws an
event.
"""
import gzip
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.arabic import normalise_key
from transforms.candidates import (
    LONG_STEM_FRONTS, SHORT_STEM_FRONTS, SHORT_SUFFIXED_FRONTS, CandidateFilter, WordIndex, is_word_letter,
    projectile_first_words, standalone_first_words, trie_pattern, trigger_first_words, trigger_word_pattern,
    word_bodies)
from transforms.sentences import _MAX_SENTENCE, split_sentences
from transforms.tokens import CONJUNCTIONS, FUTURE, PREPOSITIONS, PRONOUN_SUFFIXES, analyses

DATA = Path(__file__).resolve().parent / "data"
SHARED = Path(__file__).resolve().parent.parent.parent / "shared"  # beside the repository
SAUDINEWS_SAMPLE = 2000  # articles of the real corpus checked sentence by sentence

_WORD = re.compile(r"[^\W\d_]+")
FIRSTS = frozenset(trigger_first_words())
FILTER = CandidateFilter.from_lexicon()
# The expressions whose words the filter's index finds: words that may start a
# trigger, and words that may start a standalone trigger or a projectile phrase.
EVENT_STEMS = (FIRSTS & standalone_first_words()) | projectile_first_words()
EXPRESSIONS = [re.compile(trigger_word_pattern(FIRSTS)), re.compile(trigger_word_pattern(EVENT_STEMS))]


def old_check(sentence: str) -> bool:
    """The per-word prefilter: some word has a reading whose stem starts a trigger."""
    return any(any(r.stem in FIRSTS for r in analyses(w))
               for w in set(_WORD.findall(normalise_key(sentence))))


def new_check(sentence: str) -> bool:
    return FILTER.key_may_hold_trigger(normalise_key(sentence))


def in_sentence(word: str) -> str:
    return f"وقال المتحدث إن {word} جاء بعد اجتماع طويل."


def test_first_words_are_the_extractors():
    from transforms.extractor import EventExtractor

    assert sorted(FIRSTS) == sorted(EventExtractor().lexicons.triggers.first_words())


def test_trie_pattern_matches_exactly_its_words():
    words = ["اطلق", "اطلقت", "اطلقتا", "اطلاق", "شن", "شنت"]
    pattern = re.compile(trie_pattern(words))
    for w in words:
        assert pattern.fullmatch(w)
    for w in ["اطل", "اطلقن", "ش", "شنتا", ""]:
        assert not pattern.fullmatch(w)


def _clitic_words(stem: str):
    """Every word ``analyses`` could read back to ``stem``: prefixes, article, suffixes, ة → ت."""
    bodies = [(stem, False)]
    if stem.endswith("ة"):
        bodies.append((stem[:-1] + "ت", True))  # the ت form is written before a suffix
    fronts = ["", *CONJUNCTIONS]
    middles = ["", *PREPOSITIONS, FUTURE]
    for conj, prep, article in itertools.product(fronts, middles, ["", "ال"]):
        for body, needs_suffix in bodies:
            for suffix in ([] if needs_suffix else [""]) + list(PRONOUN_SUFFIXES):
                yield conj + prep + article + body + suffix
                if prep == "ل" and article == "ال":
                    yield conj + "لل" + body + suffix  # ل + ال is written لل


def test_every_clitic_combination_of_every_trigger_word():
    kept_old = kept_new = 0
    for stem in sorted(FIRSTS):
        for word in _clitic_words(stem):
            sentence = in_sentence(word)
            old = old_check(sentence)
            new = new_check(sentence)
            assert new or not old, (stem, word)
            kept_old += old
            kept_new += new
    assert kept_old > 10_000  # the combinations did reach the readings
    print(f"clitic combinations: old check keeps {kept_old}, filter keeps {kept_new}")


@pytest.mark.parametrize("word", ["أدانت", "وأدانت", "فأدانها", "بإطلاق", "وبالإطلاق", "للهجوم", "وللهجمات",
                                  "إدانتها", "وإدانته", "سيطلقون", "الضربات", "وشن", "فشنها", "بشنها",
                                  "ـأدانـت", "أَدَانَت", "وٱستهدفت", "للاعتداءات"])
def test_trigger_words_under_their_clitics(word):
    sentence = in_sentence(word)
    assert old_check(sentence) and new_check(sentence)


@pytest.mark.parametrize("word", ["واشنطن", "السودان", "ميدان", "منفذ", "الشن", "بشن", "قصفة", "اطلقتم",
                                  "مدان", "بالتجريب"])
def test_words_that_only_look_like_triggers(word):
    """The expression keeps the limits of ``analyses`` where they cost nothing."""
    sentence = in_sentence(word)
    assert not old_check(sentence)
    assert not new_check(sentence)


# Letters of the trigger words and the clitics, and a few others, so random
# words often sit one letter away from a trigger.
_ALPHABET = sorted(set("".join(FIRSTS)) | set("وفبلكسالةتهمنيا") | set("ءئؤز"))


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET, min_size=1, max_size=9), min_size=1, max_size=6))
def test_random_words_never_dropped(words):
    sentence = " ".join(words)
    assert new_check(sentence) or not old_check(sentence)


@settings(max_examples=1000, deadline=None)
@given(st.sampled_from(sorted(FIRSTS)), st.text(alphabet=_ALPHABET, max_size=4),
       st.text(alphabet=_ALPHABET, max_size=4))
def test_random_affixes_on_trigger_words(stem, before, after):
    sentence = in_sentence(before + stem + after)
    assert new_check(sentence) or not old_check(sentence)


def _check_finders(key):
    """The filter's index finds, in one scan, the words each expression finds in the whole key."""
    expected = [[m.start() for m in expression.finditer(key)] for expression in EXPRESSIONS]
    found = FILTER.index.words(key)
    # Bits: a trigger word; a standalone trigger word; a projectile word.
    assert [[start for start, _, mask in found if mask & bits] for bits in (1, 2 | 4)] == expected, key
    assert all(_WORD.fullmatch(key, start, end) for start, end, _ in found), key
    assert FILTER.key_may_hold_trigger(key) == bool(expected[0]), key
    assert FILTER.key_may_hold_event(key) == bool(expected[0] and expected[1]), key


def test_word_finders_find_every_clitic_combination_of_every_trigger_word():
    for stem in sorted(FIRSTS):
        words = list(_clitic_words(stem))
        _check_finders(" ".join(words))
        _check_finders("".join(words))  # one long word: only a match at its end may count
        for word in words[::7]:
            _check_finders(normalise_key(in_sentence(word)))


BODIES = [word_bodies(stems) for stems in (FIRSTS, EVENT_STEMS)]


def _listed(bodies, word):
    """Whether ``word`` is a front and a body of ``bodies`` allowed after it."""
    return any(word[:k] in bodies.get(word[k:], ()) for k in range(len(word)))


def test_word_bodies_and_their_fronts_are_the_words_of_the_expression():
    for bodies, expression in zip(BODIES, EXPRESSIONS):
        for body, fronts in bodies.items():
            assert all(expression.fullmatch(front + body) for front in fronts), body
    for stem in sorted(FIRSTS | EVENT_STEMS):
        for word in _clitic_words(stem):
            for bodies, expression in zip(BODIES, EXPRESSIONS):
                assert _listed(bodies, word) == bool(expression.fullmatch(word)), word


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, min_size=1, max_size=10))
def test_word_bodies_on_random_words(word):
    for bodies, expression in zip(BODIES, EXPRESSIONS):
        assert _listed(bodies, word) == bool(expression.fullmatch(word)), word


def test_word_bodies_of_short_and_long_stems():
    assert word_bodies(["شن"]) == {"شن": SHORT_STEM_FRONTS,
                                   **{"شن" + suffix: SHORT_SUFFIXED_FRONTS for suffix in PRONOUN_SUFFIXES}}
    bodies = word_bodies(["ضربة"])
    assert bodies["ضربة"] is bodies["ضربتها"] is LONG_STEM_FRONTS
    assert {"", "و", "فلل", "وبال", "س"} <= LONG_STEM_FRONTS
    assert "ب" not in SHORT_STEM_FRONTS and {"ب", "وس"} <= SHORT_SUFFIXED_FRONTS  # بشنها, not بشن
    # شنه is شن + ه and a stem of its own: every front of either.
    assert word_bodies(["شن", "شنه"])["شنه"] == SHORT_SUFFIXED_FRONTS | LONG_STEM_FRONTS


def test_is_word_letter_is_the_word_pattern():
    letter = re.compile(r"[^\W\d_]")
    assert all(is_word_letter(chr(cp)) == bool(letter.match(chr(cp))) for cp in range(0x110000))


def test_word_index_finds_whole_words_only():
    index = WordIndex([["شن", "شنت"], ["شنت", "صاروخ"]])
    assert index.words("شن وشنت بالصاروخ") == [(0, 2, 1), (3, 7, 3), (8, 16, 2)]
    assert index.words("واشنطن شنتا صواريخ بشن") == []  # inside, or longer than, a word; بشن: no preposition
    # Digits and _ are no letters.
    assert index.words("(شنت)، 3صاروخ_ صاروخ1") == [(1, 4, 3), (8, 13, 2), (15, 20, 2)]
    assert index.words("ووبالصاروخ") == []  # more clitics than a front has
    assert index.words("𝐀صاروخ 𝐀 صاروخها") == [(9, 16, 2)]  # a letter outside the BMP, and offsets past it
    assert index.words("") == []
    assert WordIndex([[], []]).words("شن") == []


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.text(alphabet=_ALPHABET + [" ", ".", "،", "1", "_", "𝐀", "\u064b"], min_size=1, max_size=9),
                min_size=1, max_size=8))
def test_word_finders_on_random_words(words):
    _check_finders(" ".join(words))
    _check_finders("".join(words))


# Sentences ending in every way split_sentences ends them, with diacritics
# (dropped by the key) and words that may start a trigger or name a projectile.
_PIECES = ["أدانت", "وأدانَتْ", "الهجوم", "للهجوم", "صواريخ", "بالصواريخ", "قصفت", "شنت", "أطلقت",
           "إطلاق", "مسيرة", "القوات", "واشنطن", "السودان", "ـ", "\u064b", "\u200f", "ﻷ", "٣٥", "12.5",
           " ", " ", " ", ". ", ".", "؟", "!", "؛ حيث ", "\n", "«", "»", ")", "د. ", "e.g. "]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_candidate_sentences_equal_the_sentence_by_sentence_check(pieces):
    text = "".join(pieces)
    assert FILTER.candidate_sentences(text) == FILTER._sentence_candidates(text)


def test_candidate_sentences_are_numbered_as_split_sentences_numbers_them():
    text = ("ارتفعت أسعار النفط اليوم. وقال الوزير إن الموسم جيد.\n"
            "وأدانت الخارجية الهجوم على المدينة. وهطلت أمطار غزيرة؟ ثم أطلقت القوات صواريخ.")
    spans = split_sentences(text)
    got = FILTER.candidate_sentences(text)
    assert got == [(2, *spans[2]), (4, *spans[4])]
    assert FILTER.article_may_hold_event(text)


def test_article_without_trigger():
    text = "ارتفعت أسعار النفط اليوم. وقال الوزير إن الموسم الزراعي جيد في السودان وواشنطن."
    assert not FILTER.article_may_hold_event(text)
    assert FILTER.candidate_sentences(text) == []


def test_a_trigger_that_needs_a_projectile_keeps_no_sentence_alone():
    """وجه، أرسل، رد and the other triggers that need a weapon (needs
    projectile or projectile+target) keep a sentence only with a projectile word."""
    text = "ووجه الرئيس رسالة إلى الوزراء. وأرسلت الوزارة وفدا إلى القاهرة. ورد المتحدث على الأسئلة."
    assert FILTER.candidate_sentences(text) == []
    with_weapon = "وواصل المسلحون إرسال قذائفهم على المدينة."
    assert [c[0] for c in FILTER.candidate_sentences(with_weapon)] == [0]


def test_word_cut_by_a_long_sentence_is_still_seen():
    """A sentence with no space in its second half is cut mid-word: مثل|أدان."""
    text = "ب" * (_MAX_SENTENCE - 3) + "مثلأدان" + " كلام آخر"
    spans = split_sentences(text)
    assert text[spans[1][0]:].startswith("أدان")
    assert not new_check(text)  # as one word, مثلأدان reads as no trigger
    assert FILTER.article_may_hold_event(text)
    assert [c[0] for c in FILTER.candidate_sentences(text)] == [1]


# ------------------------------------------------------------ real sentences

def _texts_of_jsonl(path: Path, limit=None):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            if line.strip():
                text = json.loads(line).get("text")
                if isinstance(text, str):
                    yield text


def _check_sentences(texts):
    """Every sentence of every text: the trigger expression keeps what the per-word
    check keeps, the candidates include every sentence that gives an event, with
    the extractor's filter (which knows its gazetteer) and without, and the
    candidates found in the whole text are those found sentence by sentence."""
    from transforms.extractor import default_extractor

    extractor = default_extractor()
    sentences = kept_old = kept_new = with_events = 0
    for text in texts:
        found = FILTER.candidate_sentences(text)
        assert found == FILTER._sentence_candidates(text)
        named = extractor.candidates.candidate_sentences(text)
        assert named == extractor.candidates._sentence_candidates(text)
        assert set(named) <= set(found)
        _check_finders(normalise_key(text))
        candidates = {index for index, _, _ in named}
        for index, (start, end) in enumerate(split_sentences(text)):
            sentence = text[start:end]
            old = old_check(sentence)
            assert new_check(sentence) or not old, sentence
            events = bool(old and extractor.extract_sentence(sentence, start, index))
            assert index in candidates or not events, sentence
            sentences += 1
            kept_old += old
            kept_new += index in candidates
            with_events += events
    return sentences, kept_old, kept_new, with_events


def _report(name, counts, record_property):
    sentences, kept_old, kept_new, with_events = counts
    line = (f"{name}: {sentences} sentences; per-word check keeps {kept_old}, candidates {kept_new}, "
            f"sentences with events {with_events}")
    print(line)
    record_property(name, line)


def test_dev_sets_in_the_repository(record_property):
    counts = _check_sentences(t for path in sorted(DATA.glob("*.jsonl")) for t in _texts_of_jsonl(path))
    assert counts[1] > 100
    _report("tests/data", counts, record_property)


@pytest.mark.parametrize("relpath,limit", [("eval/dev_real.jsonl", None), ("eval/train_real.jsonl", None),
                                           ("corpus/saudinews-dev.jsonl.gz", SAUDINEWS_SAMPLE)])
def test_real_news(relpath, limit, record_property):
    path = SHARED / relpath
    if not path.exists():
        pytest.skip(f"{path} is absent: the real-news sets are not shipped with the repository "
                    "(SaudiNewsNet: github.com/parallelfold/SaudiNewsNet)")
    counts = _check_sentences(_texts_of_jsonl(path, limit))
    assert counts[0] > 0
    _report(relpath, counts, record_property)


@pytest.mark.parametrize("text", [
    "ب" * 2000 + " كلام" * 900,             # the run opens the text
    "كلام " * 900 + "ب" * 2000,             # closes it
    "كلام " * 900 + "ب" * 2000 + " كلام" * 10,
    "كلام " * 900 + "ب" * 1999 + " كلام" * 10,  # one short: no cut
    "ب" * 1999 + " " + "كلام " * 900,
    "ب" * 5000,
])
def test_may_cut_a_word_finds_every_run_without_a_space(text):
    from transforms.candidates import _NO_SPACE_RUN, _may_cut_a_word

    assert _may_cut_a_word(text) == (len(text) > _MAX_SENTENCE and _NO_SPACE_RUN.search(text) is not None)


def test_a_word_the_gazetteer_always_names_starts_no_trigger():
    """لندن reads as ل + ندن (we condemn), but a mention of the United Kingdom
    covers it wherever it stands, and the analysis looks no trigger up there."""
    from transforms.extractor import default_extractor

    extractor = default_extractor()
    named = extractor.candidates
    assert named.gazetteer is extractor.gazetteer
    text = "وقال مسؤول في لندن إن الوزير سيزور القاهرة. وأدانت لندن الهجوم."
    assert [c[0] for c in FILTER.candidate_sentences(text)] == [0, 1]
    assert [c[0] for c in named.candidate_sentences(text)] == [1]  # أدانت
    assert named.key_may_hold_trigger(normalise_key("في لندن"))  # still a trigger word, as the per-word check has it
    assert not named.key_may_hold_event(normalise_key("في لندن وفي ولندن"))
    assert not extractor.extract("وقال مسؤول في لندن إن الوزير سيزور القاهرة.")
