"""Small hand-made claim tables for the network and timeline tests."""

from __future__ import annotations

import pandas as pd

from helpers.claimdata import CLAIM_COLUMNS
from helpers.claims import load_codebook
from helpers.paths import ANNOTATIONS_DIR
from helpers.semantics import claim_semantics

#: The meanings of the shipped codebook's claim types and stances.
SEMANTICS = claim_semantics(load_codebook(ANNOTATIONS_DIR / "codebook.yml"))


def make_claims(rows: list[dict]) -> pd.DataFrame:
    """A claims table with every column, blanks where a row says nothing, stance 'asserted'."""
    frame = pd.DataFrame([{column: row.get(column, "") for column in CLAIM_COLUMNS} for row in rows],
                         columns=CLAIM_COLUMNS)
    frame["stance"] = frame["stance"].replace("", "asserted")
    return frame


def four_claims() -> pd.DataFrame:
    """Four claims over three articles and two stories (dated, undated, denied), for the
    network and story tests."""
    return make_claims([
        dict(claim_id="c1", article_id="a1", story_id="s1", claim_type="meeting",
             actors="Alice;Bob", target_actors="Carol", event_start="2023-04",
             date_precision="month", attributed_to="Outlet X", hedged="yes", quote="they met"),
        dict(claim_id="c2", article_id="a2", story_id="s1", claim_type="meeting",
             actors="Alice", target_actors="Carol", event_start="2023-04-20",
             event_end="2023-04-30", date_precision="day", attributed_to="Outlet X",
             hedged="no", quote="met again"),
        dict(claim_id="c3", article_id="a2", story_id="s1", claim_type="denial",
             actors="Dave", stance="denied", quote="never happened"),
        dict(claim_id="c4", article_id="a3", story_id="s2", claim_type="call",
             actors="Alice", target_actors="Bob", event_start="2022", date_precision="year",
             attributed_to="anonymous sources", stance="denied", quote="no call"),
    ])


def three_articles() -> pd.DataFrame:
    """The three articles of :func:`four_claims`: two dated, one without outlet or date."""
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3"],
        "outlet": ["Paper A", "Paper B", ""],
        "title": ["t1", "t2", "t3"],
        "body": ["", "", ""],
        "published": ["2023-07-10", "2023-07-12", ""],
        "published_precision": ["day", "day", ""],
    })
