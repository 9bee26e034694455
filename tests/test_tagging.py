"""Tests for helpers.tagging: the widget's plain-data path and that displaying writes nothing."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers import claims as C
from helpers import tagging as T

BODY = "Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023.\n\nLa Maison Blanche a nié."
CALL_QUOTE = "William Burns aurait téléphoné à Sergey Naryshkin"
CODEBOOK = {
    "claim_types": {name: {"definition": name} for name in ("meeting", "call", "denial", "confirmation", "statement")},
    "stances": ["asserted", "denied", "confirmed"],
    "date_precisions": ["day", "week", "month", "part_of_month", "part_of_year", "year", "range", "before",
                        "after", "unknown"],
    "attribution_labels": ["unattributed", "anonymous sources", "unnamed media"],
}


@pytest.fixture
def registry():
    return C.registry_from_names(["William Burns", "Sergey Naryshkin", "White House"])


@pytest.fixture
def articles():
    return pd.DataFrame({"article_id": ["art1"], "body": [BODY], "source_path": ["a.txt"]})


def test_form_to_claim_joins_lists_and_dates():
    claim = T.form_to_claim({"actors": ["William Burns", "White House"], "event_start": date(2023, 4, 1),
                             "notes": None, "quote": "  x  "})
    assert list(claim) == C.CLAIM_COLUMNS
    assert claim["actors"] == "William Burns; White House"
    assert claim["event_start"] == "2023-04-01" and claim["notes"] == "" and claim["quote"] == "x"


def test_period_fields():
    assert T.period_fields("fin 2023") == {"event_start": "2023-10-01", "event_end": "2023-12-31",
                                           "date_precision": "part_of_year"}
    assert T.period_fields("") == {"event_start": "", "event_end": "", "date_precision": "unknown"}


def test_displaying_the_tagger_writes_nothing_and_has_a_text_fallback(tmp_path, articles, registry):
    pytest.importorskip("ipywidgets")
    store = tmp_path / "claims.csv"
    tagger = T.ClaimTagger(articles, registry, CODEBOOK, store, coder="A")
    bundle = tagger._repr_mimebundle_()
    assert bundle["text/plain"].startswith("ClaimTagger: 1 articles, 5 claim types, 3 actors")
    assert not store.exists()


def test_tagger_save_goes_through_validation(tmp_path, articles, registry):
    pytest.importorskip("ipywidgets")
    store = tmp_path / "claims.csv"
    tagger = T.ClaimTagger(articles, registry, CODEBOOK, store, coder="A")
    tagger.sentences.value = tagger.sentences.options[0][1]
    assert tagger.hedged.value == "yes", "'Selon' and 'aurait' suggest hedging"
    tagger.quote.value = CALL_QUOTE
    tagger.claim_type.value = "call"
    tagger.actors.value = ["William Burns"]
    tagger.target_actors.value = ["Sergey Naryshkin"]
    tagger.attributed_to.value = ["NBC News"]
    tagger.period.value = "avril 2023"
    assert tagger.date_precision.value == "month"
    row = tagger.save()
    assert row["claim_id"] == "c001" and "saved c001" in tagger.message.value
    tagger.event_start.value = "2023-05-01"
    assert tagger.save() is None and "is after end" in tagger.message.value
    assert C.read_claims(store)["claim_id"].tolist() == ["c001"]
