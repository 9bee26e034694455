"""helpers.language: py3langid's answers, with its tables laid out for speed."""

from __future__ import annotations

import random

import py3langid
import pytest

from helpers.clean import LANGUAGE_SAMPLE_CHARS, read_labelled_fixture
from helpers.language import language_identifier
from helpers.paths import ROOT

FIXTURES = sorted((ROOT / "tests" / "fixtures").glob("*/*.labelled.txt"))
OTHER_SCRIPTS = [
    "Бывшие американские чиновники встретились с представниками Кремля в Женеве",
    "Колишні американські посадовці зустрілися з представниками Кремля в Женеві",
    "Antiguos funcionarios estadounidenses se reunieron con allegados del Kremlin",
    "Ex funzionari americani hanno incontrato emissari del Cremlino a Ginevra",
    "前美国官员在日内瓦会见了克里姆林宫的代表",
    "مسؤولون أمريكيون سابقون التقوا بممثلين عن الكرملين في جنيف",
    "LES NÉGOCIATIONS SECRÈTES ONT REPRIS À GENÈVE",
]


def samples() -> list[str]:
    """Windows of every fixture page as cleaning reads them, plus other scripts and noise."""
    texts = [read_labelled_fixture(path)[0] for path in FIXTURES] + OTHER_SCRIPTS
    windows = [text[start:start + LANGUAGE_SAMPLE_CHARS] for text in texts
               for start in range(0, len(text), 61)]
    rng = random.Random(0)
    alphabet = "aeiouäöüéèàçnstrlkßñ .,;'’«»-0123456789ЖжЯя漢"
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 160))) for _ in range(300)]
    return windows + noise + ["", " ", "a", "2024", "\u00a0"]


def test_answers_like_py3langid():
    identifier = language_identifier()
    for sample in samples():
        assert identifier.classify(sample) == py3langid.classify(sample)[0], repr(sample)


def test_features_are_py3langids_visit_counts():
    """The packed walk finds the same features, counted the same, in the same order."""
    from py3langid.langid import visit_counts

    reference = py3langid.langid._get_identifier()
    identifier = language_identifier()
    for sample in samples():
        data = reference._encode(sample)
        expected = visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, data)
        found = identifier.features(data)
        assert list(found.items()) == list((expected or {}).items()), repr(sample)


def test_scores_are_py3langids():
    """Not only the winner: every column's score (float16 -> float32 is exact)."""
    import numpy as np

    reference = py3langid.langid._get_identifier()
    identifier = language_identifier()
    for sample in samples()[::7]:
        np.testing.assert_allclose(identifier.scores(sample), reference._decide(sample), rtol=1e-5)


def test_identifier_is_built_once():
    assert language_identifier() is language_identifier()


@pytest.mark.parametrize("sample", ["", "   "])
def test_featureless_text_gets_py3langids_fallback(sample):
    assert language_identifier().classify(sample) == py3langid.classify(sample)[0]
