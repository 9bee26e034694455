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
