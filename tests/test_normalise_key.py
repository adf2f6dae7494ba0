"""``normalise_key`` (a translate table) gives exactly ``normalise(...).key`` on any text."""
from __future__ import annotations

import random

from bench import corpus
from transforms.arabic import _KEY_TABLE_MAX, normalise, normalise_key


def test_key_equals_the_offset_keeping_normalisation_on_news_text():
    for line in corpus.lines(200, seed=3):
        text = line  # the JSON line holds Arabic, Latin, digits, escapes and punctuation
        assert normalise_key(text) == normalise(text).key


def test_key_equals_the_offset_keeping_normalisation_on_any_code_point():
    rng = random.Random(7)
    ranges = [(0, 0x80), (0x600, 0x700), (0x750, 0x780), (0xFB50, 0xFF00), (0x1D400, 0x1D800),
              (0xD800, 0xE000), (0, 0x110000)]
    for _ in range(2000):
        text = "".join(chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randint(0, 40)))
        assert normalise_key(text) == normalise(text).key, ascii(text)


def test_table_growth_is_bounded():
    rng = random.Random(8)
    text = "".join(chr(rng.randrange(0x4E00, 0x4E00 + 2 * _KEY_TABLE_MAX)) for _ in range(3 * _KEY_TABLE_MAX))
    assert normalise_key(text) == normalise(text).key
    from transforms.arabic import _KEY_TABLE
    assert len(_KEY_TABLE) <= _KEY_TABLE_MAX


def _random_texts(seed, count):
    rng = random.Random(seed)
    # The blocks the quick fold handles, their neighbours, and anything at all.
    ranges = [(0, 0x250), (0x600, 0x700), (0x2000, 0x2070), (0xFE70, 0xFF00), (0xFB50, 0xFE70), (0, 0x110000)]
    alphabet = "أإآٱىیکہـًٌٍَُِّْٰ٣۱\u200f\u200c\ufeffادنتﻷﺭ .،"
    for _ in range(count):
        if rng.random() < 0.5:
            yield "".join(chr(rng.randrange(*rng.choice(ranges))) for _ in range(rng.randint(0, 40)))
        else:
            yield "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))


def test_quick_fold_equals_the_character_by_character_normalisation():
    from transforms.arabic import _normalise_each

    texts = list(corpus.lines(200, seed=5)) + list(_random_texts(9, 5000))
    for text in texts:
        reference = _normalise_each(text)
        assert normalise_key(text) == reference.key, ascii(text)
        assert normalise(text) == reference, ascii(text)


def test_quick_fold_keeps_one_offset_per_character_only_when_nothing_is_dropped():
    n = normalise("أدانت مصطفى ٣٥")
    assert n.key == "ادانت مصطفي 35"
    assert n.origin == tuple(range(len(n.key)))
    n = normalise("أدانَتْ")
    assert n.key == "ادانت"
    assert n.origin == (0, 1, 2, 3, 5)


def test_text_offsets_are_the_origins_of_the_key_characters():
    from transforms.arabic import _QUICK_BLOCKS, text_offsets

    def handled(ch):
        return len(normalise_key(ch)) <= 1 and any(a <= ord(ch) < b for a, b in _QUICK_BLOCKS)

    for text in list(corpus.lines(50, seed=11)) + list(_random_texts(12, 2000)):
        reference = normalise(text)
        positions = list(range(len(reference.key) + 1))
        offsets = text_offsets(text, positions)
        if offsets is None:
            # Only a character whose key is longer than one character, or one the
            # quick fold leaves to the translate table, makes the offsets unknown.
            assert not all(handled(ch) for ch in text), ascii(text)
            continue
        assert offsets == list(reference.origin) + [len(text)], ascii(text)


def test_text_offsets_skip_dropped_characters():
    from transforms.arabic import text_offsets

    text = "أدانَتْ ـمصر"  # key: ادانت مصر
    assert text_offsets(text, [0, 4, 5, 6, 9]) == [0, 5, 7, 9, 12]
    assert text_offsets("ـًب", [0, 1]) == [2, 3]
    assert text_offsets("ﻻ", [0, 1]) is None


def test_characters_far_into_a_long_text_are_folded():
    """The changed characters are listed a piece of the text at a time; none is missed."""
    from transforms.arabic import _LIST_PIECE, _normalise_each, text_offsets

    for text in ["ب" * (_LIST_PIECE + 5) + "ـ" + "ً" + "ﻷ",
                 "ً" + "ب" * (2 * _LIST_PIECE) + "ۓ" + "ـ",
                 ("بً" * _LIST_PIECE)[:-1] + "ـ"]:
        reference = _normalise_each(text)
        assert normalise_key(text) == reference.key
        assert normalise(text) == reference
        positions = [0, len(reference.key) // 2, len(reference.key) - 1]
        offsets = text_offsets(text, positions)
        assert offsets is None or offsets == [reference.origin[k] for k in positions]
