"""Tests for helpers.hedging: per-sentence marker suggestions in French, English, German."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import hedging as H


@pytest.mark.parametrize(
    "language, sentence, markers, hedged",
    [
        ("fr", "Lavrov aurait participé aux discussions.", ["aurait"], True),
        ("fr", "Un groupe mènerait des pourparlers secrets.", ["mènerait"], True),
        ("fr", "La réunion se serait tenue à Moscou.", ["serait"], True),
        ("fr", "Selon NBC News, Burns a appelé Narychkine.", ["Selon"], True),
        ("fr", "D’après le Washington Post, il est venu.", ["D’après"], True),
        ("fr", "Reuters citant trois sources affirme que Poutine a proposé un gel.", ["citant", "affirme"], False),
        ("fr", "Après le retrait des troupes, le portrait a changé.", [], False),
        ("en", "Burns reportedly met Naryshkin in Ankara.", ["reportedly"], True),
        ("en", "The talks were allegedly held in Turkey, according to Kommersant.", ["allegedly", "according to"], True),
        ("en", "Peskov said the talks took place.", ["said"], False),
        ("de", "Burns soll Naryschkin in Ankara getroffen haben.", ["soll"], True),
        ("de", "Laut Kommersant fand das Treffen angeblich in Ankara statt.", ["Laut", "angeblich"], True),
        ("de", "Peskow sagte, das Treffen habe stattgefunden.", ["sagte", "habe"], True),
        ("de", "Peskow sagte, das Treffen hat stattgefunden.", ["sagte"], False),
    ],
)
def test_markers_per_language(language, sentence, markers, hedged):
    found = H.find_markers(sentence, language)
    assert [m.text for m in found] == markers
    assert H.suggests_hedged(found) is hedged


def test_future_in_the_past_gets_a_caveat_and_is_not_suggested_as_hedging():
    sentence = "Une source a déclaré que Washington ne participerait pas aux négociations."
    found = H.find_markers(sentence, "fr")
    conditional = [m for m in found if m.kind == "conditional"]
    assert [m.text for m in conditional] == ["participerait"]
    assert "future-in-the-past" in conditional[0].caveat
    assert not H.suggests_hedged(found)


def test_marker_offsets_point_into_the_body():
    body = "Titre\n\nLe ministre aurait participé. Il a nié.\n"
    table = H.sentence_markers(body, "fr")
    assert table["sentence"].tolist() == ["Titre", "Le ministre aurait participé.", "Il a nié."]
    for row in table.to_dict("records"):
        assert body[row["start"]:row["end"]] == row["sentence"]
    assert table["hedged_suggested"].tolist() == [False, True, False]
    assert table.loc[2, "kinds"] == "denial"  # "a nié": a denial verb, not hedging


def test_article_share_and_profile():
    body = "Selon Reuters, Poutine aurait proposé un gel.\nLa Maison Blanche a refusé.\n"
    profile = H.article_hedging(body, "fr")
    assert profile["n_sentences"] == 2 and profile["n_hedged_sentences"] == 1
    assert profile["hedged_share"] == 0.5
    articles = pd.DataFrame({"article_id": ["b", "a"], "text": [body, "Burns reportedly met Naryshkin."],
                             "outlet": ["UNIAN", "CNN"]})
    table = H.hedging_profile(articles)
    assert table["article_id"].tolist() == ["a", "b"]
    assert table["language"].tolist() == ["en", "fr"]
    assert table["hedged_share"].tolist() == [1.0, 0.5]


@pytest.mark.parametrize("text, language", [
    ("Selon NBC News, des responsables américains auraient rencontré des proches du Kremlin.", "fr"),
    ("According to NBC News, former US officials reportedly met people close to the Kremlin.", "en"),
    ("Laut NBC News sollen ehemalige US-Beamte Vertraute des Kremls getroffen haben.", "de"),
])
def test_language_detection(text, language):
    assert H.detect_language(text) == language
