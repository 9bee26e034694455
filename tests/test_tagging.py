"""Tests for helpers.tagging: the form validates like ``claims validate``, resolves aliases,
refuses duplicates, clears after a save, edits and deletes with history, writes the coder's own
store (never the shipped one unless asked) and escapes every text it shows as HTML."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from helpers import claims as C
from helpers import claimstore as S
from helpers import paths
from helpers import tagging as T

BODY = ("Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023.\n\n"
        "La Maison Blanche a nié.\n\nSergueï Lavrov a parlé à William Burns.")
CALL_QUOTE = "William Burns aurait téléphoné à Sergey Naryshkin"
LAVROV_QUOTE = "Sergueï Lavrov a parlé à William Burns."
CODEBOOK = {
    "claim_types": {name: {"definition": name} for name in ("meeting", "call", "denial", "confirmation", "statement")},
    "stances": ["asserted", "denied", "confirmed"],
    "date_precisions": ["day", "week", "month", "part_of_month", "part_of_year", "year", "range", "before",
                        "after", "unknown"],
    "attribution_labels": ["unattributed", "anonymous sources", "unnamed media"],
}

pytest.importorskip("ipywidgets")


@pytest.fixture
def registry_dir(tmp_path):
    """A registry folder as chapter 2 writes it: actors with aliases, and outlets."""
    folder = tmp_path / "registry"
    folder.mkdir()
    pd.DataFrame({"canonical": ["William Burns", "Sergey Naryshkin", "White House", "Sergei Lavrov"],
                  "kind": ["person", "person", "organisation", "person"],
                  "aliases": ["Bill Burns", "", "Maison Blanche", "Lavrov;Sergueï Lavrov"]}).to_csv(
        folder / "actors.csv", index=False)
    pd.DataFrame({"outlet": ["NBC News", "Le Monde"], "aliases": ["NBC", ""],
                  "domains": ["nbcnews.com", "lemonde.fr"], "country": ["US", "FR"],
                  "state_affiliated": ["no", "no"], "notes": ["", ""]}).to_csv(folder / "outlets.csv", index=False)
    return folder


@pytest.fixture
def articles():
    return pd.DataFrame({"article_id": ["art1"], "body": [BODY], "source_path": ["a.txt"]})


@pytest.fixture
def tagger(tmp_path, articles, registry_dir):
    return T.ClaimTagger(articles, registry_dir, CODEBOOK, tmp_path / "claims_A.csv", coder="A")


def fill_call(tagger: T.ClaimTagger) -> None:
    tagger.quote.value = CALL_QUOTE
    tagger.claim_type.value = "call"
    tagger.actors.value = ["William Burns"]
    tagger.target_actors.value = ["Sergey Naryshkin"]
    tagger.attributed_to.value = ["NBC News"]
    tagger.period.value = "avril 2023"
    tagger.story_id.value = "burns_call"


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


def test_displaying_the_tagger_writes_nothing_and_has_a_text_fallback(tmp_path, tagger):
    bundle = tagger._repr_mimebundle_()
    assert bundle["text/plain"].startswith("ClaimTagger: 1 articles, 5 claim types, 4 actors; coder A saves to claims_A.csv")
    assert not tagger.store_path.exists()


def test_save_validates_then_clears_the_form_keeping_article_and_story(tagger):
    tagger.sentences.value = tagger.sentences.options[0][1]
    assert tagger.hedged.value == "yes", "'Selon' and 'aurait' suggest hedging"
    fill_call(tagger)
    assert tagger.date_precision.value == "month"
    row = tagger.save()
    assert row["claim_id"] == "c001" and "saved c001" in tagger.message.value
    assert (row["actors"], row["attributed_to"], row["event_end"]) == ("William Burns", "NBC News", "2023-04-30")
    assert (tagger.quote.value, tagger.actors.value, tagger.period.value, tagger.event_start.value) == ("", [], "", "")
    assert (tagger.date_precision.value, tagger.hedged.value, tagger.sentences.value) == ("unknown", "no", None)
    assert (tagger.article.value, tagger.story_id.value) == ("art1", "burns_call")
    assert "burns_call" in tagger.story_id.options
    fill_call(tagger)
    tagger.event_start.value = "2023-05-01"
    assert tagger.save() is None and "is after end" in tagger.message.value
    assert C.read_claims(tagger.store_path)["claim_id"].tolist() == ["c001"]


def test_a_second_identical_save_is_refused(tagger):
    fill_call(tagger)
    tagger.hedged.value = "yes"
    assert tagger.save()["claim_id"] == "c001"
    fill_call(tagger)
    tagger.hedged.value = "yes"
    assert tagger.save() is None
    assert "already in the store as c001" in tagger.message.value
    assert len(C.read_claims(tagger.store_path)) == 1


def test_an_actor_in_the_articles_spelling_resolves_through_the_aliases(tagger):
    tagger.quote.value = LAVROV_QUOTE
    tagger.claim_type.value = "call"
    tagger.actors.value = ["Sergueï Lavrov"]
    assert tagger.actors.value == ["Sergei Lavrov"], "an alias becomes the canonical name"
    tagger.target_actors.value = ["william burns"]
    assert tagger.target_actors.value == ["William Burns"], "case is ignored"
    tagger.attributed_to.value = ["unattributed"]
    row = tagger.save()
    assert (row["actors"], row["target_actors"]) == ("Sergei Lavrov", "William Burns")


def test_an_unknown_actor_or_source_blocks_the_save_and_offers_the_nearest_names(tagger):
    fill_call(tagger)
    tagger.actors.value = ["Wiliam Burnz"]
    tagger.attributed_to.value = ["NBC Nwes"]
    assert "'Wiliam Burnz' is not registered; nearest: William Burns" in tagger.names.value
    assert tagger.save() is None
    assert "'Wiliam Burnz' is not in the actors registry" in tagger.message.value
    assert "'NBC Nwes' is neither an outlet" in tagger.message.value, "sources checked as claims validate does"
    assert not tagger.store_path.exists()
    choices = {button.description: button for button in tagger.suggestions.children}
    assert "Wiliam Burnz → William Burns" in choices and "NBC Nwes → NBC News" in choices
    choices["Wiliam Burnz → William Burns"].click()
    choices["NBC Nwes → NBC News"].click()
    assert (tagger.actors.value, tagger.attributed_to.value) == (["William Burns"], ["NBC News"])
    assert tagger.save()["claim_id"] == "c001"


def test_form_and_validator_agree_on_sources_when_built_from_the_registry_folder(tmp_path, articles, registry_dir):
    """Built as exercise E1 builds it (registry folder, no outlet list): sources are checked."""
    tagger = T.ClaimTagger(articles, registry_dir, CODEBOOK, tmp_path / "mine.csv", coder="me")
    assert tagger.outlet_names == C.load_outlet_names(registry_dir)
    fill_call(tagger)
    tagger.attributed_to.value = ["Some Blog"]
    assert tagger.save() is None and "'Some Blog' is neither an outlet" in tagger.message.value


def test_edit_and_delete_from_the_form_keep_the_history(tagger):
    fill_call(tagger)
    tagger.save()
    tagger.show_article("art1")
    assert tagger.my_claims.options[0][1] == "c001"
    tagger.load_claim("c001")
    assert (tagger.quote.value, tagger.actors.value, tagger.save_button.description) == (
        CALL_QUOTE, ["William Burns"], "Update c001")
    tagger.quote.value = "William Burns aurait téléphoné"
    row = tagger.save()
    assert row["claim_id"] == "c001" and row["end"] == str(BODY.index("William") + 30)
    assert "updated c001" in tagger.message.value
    removed = tagger.delete("c001")
    assert removed["quote"] == "William Burns aurait téléphoné"
    assert C.read_claims(tagger.store_path).empty
    history = S.read_history(tagger.store_path)
    assert history[["action", "version", "claim_id"]].values.tolist() == [
        ["add", "after", "c001"], ["edit", "before", "c001"], ["edit", "after", "c001"], ["delete", "before", "c001"]]


def test_coded_spans_are_highlighted_and_next_uncoded_sentence_skips_them(tagger):
    fill_call(tagger)
    tagger.save()
    assert '<mark title="c001">William Burns aurait téléphoné à Sergey Naryshkin</mark>' in tagger.article_view.value
    start, end = tagger.next_uncoded_sentence()
    assert BODY[start:end].startswith("La Maison Blanche")


def test_the_shipped_coding_is_read_only_for_the_form(articles, registry_dir, tmp_path):
    with pytest.raises(ValueError, match="shipped reference coding, read-only"):
        T.ClaimTagger(articles, registry_dir, CODEBOOK, paths.ANNOTATIONS_DIR / "claims.csv", coder="A")
    with pytest.raises(ValueError, match="read-only"):
        T.ClaimTagger(articles, registry_dir, CODEBOOK, paths.ANNOTATIONS_DIR / "agreement" / "claims_B.csv", coder="B")
    allowed = T.ClaimTagger(articles, registry_dir, CODEBOOK, paths.ANNOTATIONS_DIR / "claims.csv", coder="A",
                            allow_reference_edit=True)
    assert allowed.store_path.name == "claims.csv"
    own = T.ClaimTagger(articles, registry_dir, CODEBOOK, coder="Zoé B", annotations_dir=tmp_path)
    assert own.store_path == tmp_path / "claims_Zoé_B.csv"
    with pytest.raises(ValueError, match="say who is coding"):
        T.ClaimTagger(articles, registry_dir, CODEBOOK, tmp_path / "x.csv", coder="")


HOSTILE = ('Selon <script>alert(1)</script> NBC, William Burns aurait <img src=x onerror="alert(2)"> '
           'téléphoné.\n\nLa <b>Maison</b> Blanche a nié.')


def test_an_article_with_script_and_img_onerror_is_escaped_in_every_html_widget(tmp_path, registry_dir):
    articles = pd.DataFrame({"article_id": ["evil"], "body": [HOSTILE], "source_path": ["<script>x</script>.txt"]})
    tagger = T.ClaimTagger(articles, registry_dir, CODEBOOK, tmp_path / "claims_A.csv", coder="<img src=x onerror=alert(3)>")
    seen: dict[str, list[str]] = {}

    def collect() -> None:
        for name, value in tagger.html_values().items():
            seen.setdefault(name, []).append(value)

    collect()  # the article view
    tagger.sentences.value = tagger.sentences.options[0][1]
    collect()  # markers of a quote holding the markup
    tagger.quote.value = 'William Burns aurait <img src=x onerror="alert(2)"> telephone'
    tagger.claim_type.value = "call"
    tagger.attributed_to.value = ["<script>alert(4)</script>"]
    tagger.actors.value = ['<img src=y onerror="alert(5)">']
    assert tagger.save() is None
    collect()  # near-miss quote: the closest passage of the article, unknown names
    tagger.actors.value = ["William Burns"]
    tagger.attributed_to.value = ["unattributed"]
    tagger.quote.value = HOSTILE.split("\n")[0]
    tagger.notes.value = "<script>alert(6)</script>"
    assert tagger.save() is not None, tagger.message.value
    collect()  # saved: message, article view with the coded span
    assert {"article_view", "markers", "message", "names"} <= set(seen)
    for name, values in seen.items():
        for value in values:
            lowered = value.lower()
            assert "<script" not in lowered and "<img" not in lowered and "<b>maison" not in lowered, (name, value)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in seen["article_view"][0]
    assert any("closest passage" in value and "&lt;img src=x onerror=" in value for value in seen["message"])
    assert any("&lt;img src=y onerror=" in value for value in seen["names"])
