"""The tagging workbench shows a story candidate as a suggestion; story_id changes only when the
coder clicks, and nothing is written until the claim is saved."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import tagging as T
from helpers.stories import candidate_suggestion

pytest.importorskip("ipywidgets")

CODEBOOK = {
    "claim_types": {"call": {"definition": "call"}},
    "stances": ["asserted"],
    "date_precisions": ["day", "unknown"],
    "attribution_labels": ["unattributed"],
}


@pytest.fixture
def registry_dir(tmp_path):
    folder = tmp_path / "registry"
    folder.mkdir()
    pd.DataFrame({"canonical": ["William Burns"], "kind": ["person"], "aliases": ["Burns"]}).to_csv(
        folder / "actors.csv", index=False)
    return folder


def test_story_candidate_is_suggested_never_assigned_silently(tmp_path, registry_dir):
    articles = pd.DataFrame({"article_id": ["a1", "a2", "a3"], "source_path": ["1", "2", "3"],
                             "body": ["William Burns called.", "Burns called, NBC says.", "Other."]})
    candidates = pd.DataFrame({"article_id": ["a1", "a2", "a3"],
                               "story_candidate": ["story-001", "story-001", ""],
                               "label": ["NBC News · 2023-07-06", "Le Monde · 2023-07-07", "x"]})
    path = tmp_path / "story_candidates.csv"
    candidates.drop(columns="label").to_csv(path, index=False)
    store = tmp_path / "claims_A.csv"
    tagger = T.ClaimTagger(articles, registry_dir, CODEBOOK, store, coder="A", story_candidates=path)
    assert "story-001" in tagger.story_hint.value and "a2" in tagger.story_hint.value
    assert tagger.story_id.value == ""  # shown, not assigned
    tagger.use_suggested_story()
    assert tagger.story_id.value == "story-001" and not store.exists()
    tagger.article.value = "a3"
    assert tagger.story_hint.value == "" and tagger.story_button.layout.display == "none"
    assert candidate_suggestion(candidates, "a2") == (
        "suggested story story-001, with 1 other article(s): NBC News · 2023-07-06")


def test_without_candidates_the_form_shows_no_suggestion(tmp_path, registry_dir):
    articles = pd.DataFrame({"article_id": ["a1"], "source_path": ["1"], "body": ["Burns called."]})
    tagger = T.ClaimTagger(articles, registry_dir, CODEBOOK, tmp_path / "c.csv", coder="A")
    assert tagger.story_hint.value == "" and tagger.suggested_story("a1") == ""
