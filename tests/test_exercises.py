"""Feedback functions of the teaching exercises, on small hand-made tables."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import exercises
from helpers.claims import CLAIM_COLUMNS


def claim(claim_id, article_id, start, end, **fields):
    row = {column: "" for column in CLAIM_COLUMNS}
    row.update(claim_id=claim_id, article_id=article_id, coder="A", quote="q", start=str(start),
               end=str(end), claim_type="meeting", stance="asserted", hedged="no")
    row.update(fields)
    return row


def test_exercise_article_is_the_shortest_coded_one():
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "body": ["x" * 50, "x" * 10, "x" * 5]})
    coded = pd.DataFrame([claim("c1", "a", 0, 1), claim("c2", "b", 0, 1)])
    assert exercises.exercise_article(articles, coded)["article_id"] == "b"
    with pytest.raises(ValueError, match="no article has coded claims"):
        exercises.exercise_article(articles, coded.iloc[0:0])


def test_compare_with_an_empty_student_file_lists_every_reference_claim_as_missed():
    reference = pd.DataFrame([claim("c1", "a", 0, 10), claim("c2", "a", 20, 30), claim("c3", "b", 0, 5)])
    empty = reference.iloc[0:0]
    agreement, disagreements = exercises.compare_with_reference(empty, reference, "a")
    assert set(agreement["n_shared"]) == {0}
    assert list(disagreements["claim_id_1"]) == ["c1", "c2"]
    assert set(disagreements["value_2"]) == {"not coded"}


def test_compare_counts_a_stance_disagreement_on_a_shared_claim():
    reference = pd.DataFrame([claim("c1", "a", 0, 10)])
    mine = pd.DataFrame([claim("s1", "a", 2, 10, coder="student", stance="denied")])
    agreement, disagreements = exercises.compare_with_reference(mine, reference, "a")
    stance = agreement.set_index("field").loc["stance"]
    assert (stance["n_shared"], stance["n_agree"]) == (1, 0)
    assert disagreements[["field", "value_1", "value_2"]].values.tolist() == [["stance", "asserted", "denied"]]


REPORTS = pd.DataFrame({
    "story_id": ["s", "s", "s"],
    "article_id": ["early", "late", "nodate"],
    "role": ["first report", "relay", "undated"],
})


@pytest.mark.parametrize("answer, expected", [
    (None, "No answer yet"),
    ("early", "Right"),
    ("late", "Not quite"),
    ("nodate", "undated"),
    ("elsewhere", "does not carry this story"),
])
def test_story_origin_feedback_never_names_the_answer(answer, expected):
    feedback = exercises.check_story_origin(answer, REPORTS, "s")
    assert expected in feedback
    if answer != "early":
        assert "early" not in feedback.replace("earlier", "")


def test_hedged_sentences_compared_with_markers():
    sentences = pd.DataFrame({"sentence_id": [0, 1, 2, 3], "hedged_suggested": [True, False, True, False],
                              "markers": ["aurait", "", "selon", ""]})
    table = exercises.check_hedged_sentences([0, 1], sentences)
    assert table.values.tolist() == [[0, True, True, "aurait"], [1, True, False, ""], [2, False, True, "selon"]]
    with pytest.raises(ValueError, match=r"\[9\]"):
        exercises.check_hedged_sentences([9], sentences)
