"""Helpers for testing the extractor's modules one by one, without Beam."""
import pytest

from transforms.extractor import default_extractor
from transforms.extractor.sentence import Sentence, analyse


@pytest.fixture(scope="session")
def lx():
    return default_extractor().lexicons


@pytest.fixture(scope="session")
def sent(lx):
    """``sent(text)`` → the analysed ``Sentence``."""

    def make(text: str) -> Sentence:
        return analyse(lx, text)

    return make


def codes(parties):
    return None if parties is None else [p.code for p in parties]


def word_index(s: Sentence, word: str) -> int:
    """Token index of the first token whose original text is ``word``."""
    for i in range(len(s.tokens)):
        if s.original(i, i + 1)[2] == word:
            return i
    raise AssertionError(f"{word!r} not in {s.words}")
