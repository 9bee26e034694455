"""helpers.tables: the one reader of ``;``-separated list cells used by every stage."""

from __future__ import annotations

import math

import pytest

from helpers import claimdata, claims, outlets, registry
from helpers.tables import split_list


@pytest.mark.parametrize(
    "cell, items",
    [(" A ; B;;A; ", ["A", "B"]), ("Interfax; RIA Novosti", ["Interfax", "RIA Novosti"]),
     ("", []), (" ; ", []), (None, []), (math.nan, []), ("B; A", ["B", "A"])],
)
def test_split_list(cell, items):
    assert split_list(cell) == items


def test_every_stage_reads_list_cells_the_same_way():
    assert {claims.split_list, claimdata.split_list, outlets.split_list, registry.split_list} == {split_list}
