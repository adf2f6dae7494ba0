"""``PhraseMatcher.longest`` and ``tokenize`` against plain references."""
from hypothesis import given, settings
from hypothesis import strategies as st

from transforms.lexicon import PhraseMatcher
from transforms.tokens import Token, tokenize


def longest_by_every_token(matcher, words):
    """The longest matches found by trying every token in turn."""
    out = []
    i = 0
    while i < len(words):
        ms = matcher.matches_at(words, i)
        if ms:
            best = ms[0]
            out.extend(m for m in ms if (m.start, m.end, m.reading) == (best.start, best.end, best.reading))
            i = best.end
        else:
            i += 1
    return out


def _matcher():
    matcher = PhraseMatcher(allow_prefix=True, allow_suffix=True, allow_article=True)
    for phrase, value in [("صاروخ", "R"), ("صاروخ باليستي", "B"), ("طائرة مسيرة", "D"), ("مسيرة", "M"),
                          ("القمر الصناعي", "S"), ("قمر", "Q"), ("هجوم", "A"), ("هجوم صاروخي", "H")]:
        matcher.add(phrase, value)
    return matcher


_WORDS = ["صاروخ", "باليستي", "وبالصاروخ", "صاروخها", "طائرة", "مسيرة", "الطائرة", "المسيرة", "القمر",
          "الصناعي", "قمرها", "قمر", "هجوم", "صاروخي", "وهجوم", "في", "امس", "،", "12"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_longest_equals_trying_every_token(words):
    matcher = _matcher()
    assert matcher.longest(words) == longest_by_every_token(matcher, words)
    assert matcher.longest(words) == longest_by_every_token(_matcher(), words)  # cache filled or empty


def test_longest_takes_the_longest_phrase_and_skips_its_words():
    words = ["وبالصاروخ", "باليستي", "طائرة", "مسيرة", "مسيرة"]
    got = [(m.start, m.end, m.value) for m in _matcher().longest(words)]
    assert got == [(0, 2, "B"), (2, 4, "D"), (4, 5, "M")]


def test_tokens_are_named_spans_of_the_key():
    tokens = tokenize("أطلق «حزب الله» 12.5 صاروخا.")
    assert [(t.text, t.start, t.end) for t in tokens] == [
        ("أطلق", 0, 4), ("حزب", 6, 9), ("الله", 10, 14), ("12.5", 16, 20), ("صاروخا", 21, 27), (".", 27, 28)]
    assert tokens[0] == Token("أطلق", 0, 4)
    assert [t.is_word for t in tokens] == [True, True, True, False, True, False]


@settings(max_examples=500, deadline=None)
@given(st.sampled_from(_WORDS + ["للقمر", "فسيطلقون", "والصاروخين"]), st.booleans(), st.booleans(), st.booleans())
def test_starts_are_the_allowed_readings_whose_stem_begins_a_phrase(word, prefix, suffix, article):
    matcher = PhraseMatcher(allow_prefix=prefix, allow_suffix=suffix, allow_article=article)
    for phrase in ["صاروخ", "قمر", "الصاروخين", "يطلقون", "صناعي"]:
        matcher.add(phrase, phrase)
    expected = tuple(r for r in matcher._readings(word) if r.stem in matcher._trie)
    assert matcher._starts(word) == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_beginnings_hold_every_token_where_a_phrase_starts(words):
    matcher = _matcher()
    begins = matcher.beginnings(words)
    assert begins == [i for i, w in enumerate(words) if matcher._starts(w)]
    assert [i for i in range(len(words)) if matcher.matches_at(words, i)] == \
        [i for i in begins if matcher.matches_at(words, i)]


def test_start_cache_stops_growing_and_still_answers(monkeypatch):
    import transforms.lexicon as lexicon

    monkeypatch.setattr(lexicon, "_START_CACHE_MAX", 3)
    matcher = _matcher()
    words = ["في", "امس", "قمر", "وبالصاروخ", "باليستي", "صاروخها", "هجوم", "صاروخي"]
    expected = longest_by_every_token(_matcher(), words)
    assert matcher.longest(words) == expected
    assert len(matcher._starts_index) == 3
    assert matcher.longest(words) == expected
    assert matcher.beginnings(words) == [2, 3, 5, 6]


def analyses_by_every_suffix(word):
    """The clitic readings, trying each suffix on each reading (``analyses`` skips the words that end in none)."""
    from transforms.tokens import ARTICLE, CONJUNCTIONS, FUTURE, MIN_STEM, PREPOSITIONS, PRONOUN_SUFFIXES, Reading

    out = [Reading(word)]
    fronts = [("", word)]
    if len(word) > MIN_STEM and word[0] in CONJUNCTIONS:
        fronts.append((word[0], word[1:]))
    for conj, rest in list(fronts):
        if len(rest) > MIN_STEM + 1 and rest[0] in PREPOSITIONS + (FUTURE,):
            prep, stem = rest[0], rest[1:]
            out.append(Reading(stem, conj, prep))
            if prep == "ل" and stem.startswith("ل") and len(stem) > MIN_STEM + 1:
                out.append(Reading("ا" + stem, conj, prep))
        if conj:
            out.append(Reading(rest, conj))
    with_suffix = []
    for r in out:
        for suf in PRONOUN_SUFFIXES:
            if r.stem.endswith(suf) and len(r.stem) - len(suf) >= MIN_STEM:
                base = r.stem[: -len(suf)]
                with_suffix.append(Reading(base, r.conj, r.prep, suf))
                if base.endswith("ت"):
                    with_suffix.append(Reading(base[:-1] + "ة", r.conj, r.prep, suf))
    with_article = [Reading(r.stem[2:], r.conj, r.prep, r.suffix, True) for r in out + with_suffix
                    if r.stem.startswith(ARTICLE) and len(r.stem) - 2 >= MIN_STEM + 1]
    return tuple(dict.fromkeys(out + with_suffix + with_article))


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet="وفبلكسالةتهمنيكصرخدط", min_size=1, max_size=10))
def test_analyses_equal_trying_every_suffix(word):
    from transforms.tokens import analyses

    assert analyses(word) == analyses_by_every_suffix(word)


def test_analyses_of_a_word_with_all_its_clitics():
    from transforms.tokens import Reading, analyses

    readings = analyses("وللهجومها")
    assert readings[0] == Reading("وللهجومها")
    assert Reading("هجوم", "و", "ل", "ها", True) in readings
    assert Reading("الهجوم", "و", "ل", "ها") in readings


def test_matchers_sharing_a_start_index_answer_as_alone():
    from transforms.lexicon import StartIndex

    alone = [_matcher(), PhraseMatcher(allow_prefix=False), PhraseMatcher(allow_prefix=True, allow_article=True)]
    shared = [_matcher(), PhraseMatcher(allow_prefix=False), PhraseMatcher(allow_prefix=True, allow_article=True)]
    index = StartIndex()
    for matcher in shared:
        matcher.share_starts(index)
    for group in (alone, shared):
        group[1].add("في", "in")
        group[2].add("القمر", "moon")  # added after sharing: the index is refilled
    words = ["في", "وفي", "القمر", "وبالقمر", "الصناعي", "صاروخها", "هجوم", "صاروخي"]
    for a, b in zip(alone, shared):
        assert b.longest(words) == a.longest(words)
        assert b.beginnings(words) == a.beginnings(words)
    assert len(index) == len(set(words))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_WORDS + ["وفي", "القمر", "وبالقمر"]), max_size=30))
def test_words_looked_up_once_serve_every_matcher_of_the_index(words):
    from transforms.lexicon import StartIndex

    matchers = [_matcher(), PhraseMatcher(allow_prefix=False), PhraseMatcher(allow_prefix=True, allow_article=True)]
    index = StartIndex()
    for matcher in matchers:
        matcher.share_starts(index)
    matchers[1].add("في", "in")
    matchers[2].add("القمر", "moon")
    starts = index.look_up(words)
    assert starts.some == [i for i, w in enumerate(words) if any(index[w])]
    for matcher in matchers:
        assert matcher.beginnings(words, starts) == matcher.beginnings(words)
        assert matcher.longest(words, starts) == matcher.longest(words)
    other = StartIndex().look_up(words)  # another index's look-up is not used
    assert matchers[0].beginnings(words, other) == matchers[0].beginnings(words)


def test_matches_are_named_tuples():
    from transforms.lexicon import Match

    m = _matcher().longest(["هجوم", "صاروخي"])[0]
    assert (m.start, m.end, m.value) == (0, 2, "H")
    assert m == Match(0, 2, "H", m.reading)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=list("اب تث12.,،«»\"'_ \n٣xY؟-") + ["𝐀", "\u064b"], max_size=40))
def test_tokenize_equals_the_token_expression_run_over_the_key(key):
    from transforms.tokens import _TOKEN

    assert tokenize(key) == [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(key)]


def test_always_within_asks_every_phrase_that_may_span_the_word():
    matcher = _matcher()
    accepted = lambda values: "X" not in values  # noqa: E731
    assert matcher.always_within("هجوم", accepted) and matcher.always_within("وهجوم", accepted)
    assert not matcher.always_within("باليستي", accepted)  # begins no phrase of its own
    assert not matcher.always_within("مسيرة", lambda values: values != ["D"])  # طائرة مسيرة may span it
    matcher.add("هجوم مضاد", "X")  # a phrase the word may begin
    assert not matcher.always_within("هجوم", accepted)
    matcher.add("قمر", "X")
    assert not matcher.always_within("الصناعي", accepted)
    # الطائرة المسيرة: after a definite first word, a phrase goes on with the word without its article.
    assert matcher.always_within("المسيرة", accepted)
    assert not matcher.always_within("المسيرة", lambda values: values != ["D"])


def test_cue_word_sets_are_read_normalised_and_an_unknown_name_is_an_error():
    import pytest

    from transforms.lexicon import cue_sequence, cue_words

    assert cue_sequence("itlaq_stems")[0] == "اطلق"  # the file's order, for str.startswith
    assert {"ل"} == cue_words("bare_lam")  # لـ and ل are one key
    assert "يتصدي" in cue_words("imperfect_intercept")  # written يتصدى
    with pytest.raises(KeyError, match="no set 'nonexistent'"):
        cue_words("nonexistent")
