"""Tests for helpers.semantics: the codebook is the only source of claim-type and stance meaning.

Each test edits a copy of the shipped codebook the way a study would (renaming a type or a
stance, changing a meaning) and checks that networks and the timeline follow it.
"""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from claim_tables import make_claims
from helpers.claims import load_codebook
from helpers.networks import actor_network, claim_pairs, congruence_network
from helpers.paths import ANNOTATIONS_DIR
from helpers.semantics import CodebookError, check_claims, claim_semantics
from helpers.timeline import stance_sequence

SHIPPED = load_codebook(ANNOTATIONS_DIR / "codebook.yml")


def renamed_type(codebook: dict, old: str, new: str, speech_act: bool | None = None) -> dict:
    """A copy of ``codebook`` with claim type ``old`` called ``new`` (and its speech_act set)."""
    edited = copy.deepcopy(codebook)
    edited["claim_types"] = {(new if name == old else name): rule
                             for name, rule in edited["claim_types"].items()}
    if speech_act is not None:
        edited["claim_types"][new]["speech_act"] = speech_act
    return edited


def renamed_stance(codebook: dict, old: str, new: str, polarity: str | None = None) -> dict:
    """A copy of ``codebook`` with stance ``old`` called ``new`` (and its polarity set)."""
    edited = copy.deepcopy(codebook)
    edited["stances"] = [new if s == old else s for s in edited["stances"]]
    edited["stance_polarity"] = {(new if s == old else s): p
                                 for s, p in edited["stance_polarity"].items()}
    if polarity is not None:
        edited["stance_polarity"][new] = polarity
    return edited


def test_shipped_codebook_keeps_the_meanings_the_analysis_used():
    semantics = claim_semantics(SHIPPED)
    assert semantics.claim_types == tuple(SHIPPED["claim_types"])
    assert semantics.speech_acts == {"denial", "confirmation", "statement", "refusal"}
    assert semantics.affirming == {"asserted", "confirmed"} and semantics.denying == {"denied"}


def test_renamed_speech_act_type_changes_who_is_paired():
    claims = make_claims([dict(claim_id="r1", actors="Spokesman;Minister", target_actors="Envoy",
                               claim_type="rebuttal", stance="denied")])
    as_speech = claim_semantics(renamed_type(SHIPPED, "denial", "rebuttal"))
    as_contact = claim_semantics(renamed_type(SHIPPED, "denial", "rebuttal", speech_act=False))

    spoken = actor_network(claims, as_speech)
    met = actor_network(claims, as_contact)

    # A speech act's co-actors are one voice: only actor -> target pairs.
    assert sorted(spoken.edges()) == [("Envoy", "Minister"), ("Envoy", "Spokesman")]
    # The same claim type marked as a contact also pairs the co-actors with one another.
    assert ("Minister", "Spokesman") in met.edges()
    assert len(claim_pairs(claims, as_contact)) == len(claim_pairs(claims, as_speech)) + 1
    voices = congruence_network(claims, as_speech)
    assert sorted(voices.nodes) == ["Minister", "Spokesman"]
    assert sorted(congruence_network(claims, as_contact).nodes) == ["unattributed"]


def test_claim_type_missing_from_the_codebook_is_a_clear_error():
    claims = make_claims([dict(claim_id="c7", actors="A", target_actors="B", claim_type="rebuttal")])
    semantics = claim_semantics(SHIPPED)
    with pytest.raises(CodebookError, match=r"claim c7 has claim type 'rebuttal'.*does not define"):
        actor_network(claims, semantics)
    with pytest.raises(CodebookError, match="claim c7"):
        congruence_network(claims, semantics)
    with pytest.raises(CodebookError, match="claim c7"):
        stance_sequence(claims, pd.DataFrame(columns=["article_id"]), semantics)


def test_renamed_denying_stance_drives_conflict_and_polarity():
    claims = make_claims([
        dict(claim_id="a", story_id="s", actors="A", target_actors="B", claim_type="meeting",
             attributed_to="Paper"),
        dict(claim_id="b", story_id="s", actors="A", target_actors="B", claim_type="meeting",
             stance="rejected", attributed_to="Ministry"),
    ])
    denying = claim_semantics(renamed_stance(SHIPPED, "denied", "rejected"))
    neutral = claim_semantics(renamed_stance(SHIPPED, "denied", "rejected", polarity="neutral"))

    edge = actor_network(claims, denying).edges["A", "B", "meeting"]
    assert (edge["polarity"], edge["n_rejected"], edge["n_asserted"]) == ("contested", 1, 1)
    assert "n_denied" not in edge
    assert actor_network(claims, denying, qualifier="conflict").graph["n_claims"] == 1
    assert congruence_network(claims, denying).edges["Ministry", "Paper"]["relation"] == "conflict"

    assert actor_network(claims, neutral).edges["A", "B", "meeting"]["polarity"] == "affirmed"
    assert actor_network(claims, neutral, qualifier="conflict").graph["n_claims"] == 0
    assert congruence_network(claims, neutral).number_of_edges() == 0


def test_stance_missing_from_the_codebook_is_a_clear_error():
    claims = make_claims([dict(claim_id="c9", claim_type="meeting", stance="rumoured")])
    with pytest.raises(CodebookError, match=r"claim c9 has stance 'rumoured'"):
        check_claims(claims, claim_semantics(SHIPPED))


def test_speech_act_dates_the_stance_sequence_by_its_own_date():
    claims = make_claims([dict(claim_id="d", story_id="s", article_id="x", claim_type="rebuttal",
                               actors="Ministry", stance="denied", event_start="2023-05-02",
                               date_precision="day")])
    articles = pd.DataFrame({"article_id": ["x"], "published": ["2023-06-01"],
                             "published_precision": ["day"]})
    spoken = stance_sequence(claims, articles, claim_semantics(renamed_type(SHIPPED, "denial", "rebuttal")))
    reported = stance_sequence(claims, articles,
                               claim_semantics(renamed_type(SHIPPED, "denial", "rebuttal", False)))
    assert (spoken.loc[0, "when"], spoken.loc[0, "when_basis"]) == ("2023-05-02", "statement date")
    assert (reported.loc[0, "when"], reported.loc[0, "when_basis"]) == ("2023-06-01", "publication")
    assert spoken.loc[0, "voice"] == "Ministry" and reported.loc[0, "voice"] == "unattributed"


@pytest.mark.parametrize("edit, message", [
    (lambda c: c["claim_types"]["meeting"].pop("speech_act"), "claim type 'meeting' needs 'speech_act"),
    (lambda c: c["claim_types"]["call"].update(speech_act="yes"), "claim type 'call' needs 'speech_act"),
    (lambda c: c.pop("stance_polarity"), "'stance_polarity' must give each stance's polarity"),
    (lambda c: c["stance_polarity"].pop("confirmed"), "stance 'confirmed' needs a polarity"),
    (lambda c: c["stance_polarity"].update(denied="against"), "stance 'denied' needs a polarity"),
    (lambda c: c["stance_polarity"].update(hinted="affirm"), "names 'hinted', which is not one of"),
])
def test_codebook_without_a_meaning_names_the_entry(edit, message):
    codebook = copy.deepcopy(SHIPPED)
    edit(codebook)
    with pytest.raises(CodebookError, match=message):
        claim_semantics(codebook, source="study/codebook.yml")


def test_old_call_without_semantics_says_what_to_pass():
    claims = make_claims([dict(claim_id="c", actors="A", target_actors="B", claim_type="meeting")])
    registry = pd.DataFrame({"canonical": ["A"], "side": ["West"]})
    with pytest.raises(TypeError, match="ClaimSemantics"):
        actor_network(claims, registry)
