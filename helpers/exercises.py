"""Feedback for the teaching exercises (notebooks/exercises/), without giving the answer away.

Each function compares a student's attempt with the shipped coding or with the automatic
analysis and returns a short table or a sentence of feedback. The answers themselves live in
``teaching/answer_key.md``, kept apart from the exercise notebooks.
"""

from __future__ import annotations

import pandas as pd

from helpers import claims as claim_store


def exercise_article(articles: pd.DataFrame, claims: pd.DataFrame) -> pd.Series:
    """The article for the tagging exercise: the shortest body among articles with coded claims.

    Chosen from the data, so a course with its own corpus and coding gets its own exercise.
    """
    coded = articles[articles["article_id"].isin(set(claims["article_id"]))]
    if coded.empty:
        raise ValueError("no article has coded claims yet: code some in chapter 3 first")
    lengths = coded["body"].fillna("").str.len()
    return coded.loc[lengths.sort_values(kind="stable").index[0]]


def compare_with_reference(
    mine: pd.DataFrame, reference: pd.DataFrame, article_id: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Agreement table and disagreement table between a student's claims and the reference
    coding, restricted to one article. Works with an empty student file (everything is then a
    claim the student has not coded yet)."""
    mine = mine[mine["article_id"] == article_id]
    reference = reference[reference["article_id"] == article_id]
    return (
        claim_store.agreement_table(reference, mine),
        claim_store.disagreement_table(reference, mine),
    )


def check_story_origin(answer: str | None, reports: pd.DataFrame, story_id: str) -> str:
    """One sentence of feedback on the student's choice of first report for ``story_id``.

    ``reports`` is :func:`helpers.stories.story_reports`' table. ``answer`` is an article_id or a source file name. The feedback says whether it is right and
    what to look at, never which article is.
    """
    story = reports[reports["story_id"] == story_id]
    if story.empty:
        return f"story {story_id!r} has no reports: check the story_id"
    if not answer:
        return "No answer yet: set MY_FIRST_REPORT to the article you think reported it first."
    first = set(story.loc[story["role"] == "first report", "article_id"])
    if answer in first:
        return "Right: that article is the earliest dated report of this story in the corpus."
    if answer not in set(story["article_id"]):
        return "That article does not carry this story: pick one of the articles in the table."
    role = story.loc[story["article_id"] == answer, "role"].iloc[0]
    if role == "undated":
        return "That article is undated: it cannot be shown to be first. Compare published dates."
    return "Not quite: another article was published earlier. Sort the table by published."


def check_hedged_sentences(my_sentence_ids: list[int], sentences: pd.DataFrame) -> pd.DataFrame:
    """Compare the sentences a student marked as hedged with the automatic marker suggestions.

    Returns one row per sentence either side flagged: ``you`` and ``markers`` (True/False) and
    the markers found, so the class can discuss where a human and the word list differ.
    """
    mine = set(my_sentence_ids)
    unknown = mine - set(sentences["sentence_id"])
    if unknown:
        raise ValueError(f"no sentence numbered {sorted(unknown)}: use the sentence_id column")
    flagged = sentences[sentences["hedged_suggested"].astype(bool) | sentences["sentence_id"].isin(mine)]
    table = pd.DataFrame(
        {
            "sentence_id": flagged["sentence_id"],
            "you": flagged["sentence_id"].isin(mine),
            "markers": flagged["hedged_suggested"].astype(bool),
            "marker_words": flagged["markers"],
        }
    )
    return table.reset_index(drop=True)
