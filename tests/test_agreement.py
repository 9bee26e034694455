"""Tests for helpers.agreement: Krippendorff's published examples, k coders, blanks as missing,
matching claims into units, adjudication into a gold store, the ``claims agreement`` command."""

from __future__ import annotations

import argparse
import math

import numpy as np
import pandas as pd
import pytest

from helpers import agreement as A
from helpers import claims as C

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers x 12
# units, values 1-5, blanks where an observer did not code the unit.
_ = ""
FOUR_CODERS = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
    [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
]
# Section A: two observers, binary values, ten units.
BINARY = [[0, 1, 0, 0, 0, 0, 0, 0, 1, 0], [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]]


@pytest.mark.parametrize("level, published", [
    ("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)])
def test_published_four_coder_example(level, published):
    assert A.krippendorff_alpha(*FOUR_CODERS, level=level) == pytest.approx(published, abs=5e-4)


def test_published_binary_two_coder_example():
    assert A.krippendorff_alpha(*BINARY) == pytest.approx(0.095, abs=5e-4)


def test_the_four_coder_example_as_text_labels_gives_the_same_nominal_alpha():
    names = {1: "meeting", 2: "call", 3: "denial", 4: "visit", 5: "report"}
    labelled = [[names.get(v, "") for v in row] for row in FOUR_CODERS]
    assert A.krippendorff_alpha(*labelled) == pytest.approx(0.743, abs=5e-4)


def test_blanks_are_missing_values_not_a_category():
    matrix = A.reliability_matrix([["a", "", None], ["a", "b", float("nan")]])
    assert np.isnan(matrix[0, 1]) and np.isnan(matrix[0, 2]) and np.isnan(matrix[1, 2])
    # A blank counted as a category would make these disagree on unit 3; as missing, unit 3
    # drops out and the result equals the alpha of the first two units' pairs.
    with_blank = A.krippendorff_alpha(["a", "b", "a", ""], ["a", "b", "b", "b"])
    without = A.krippendorff_alpha(["a", "b", "a"], ["a", "b", "b"])
    assert with_blank == pytest.approx(without)
    assert with_blank != pytest.approx(A.krippendorff_alpha(["a", "b", "a", "-"], ["a", "b", "b", "b"]))


def test_numeric_levels_name_a_value_that_is_not_a_number():
    with pytest.raises(ValueError, match="interval alpha needs numbers; coder 2, unit 1 has 'call'"):
        A.krippendorff_alpha([1, 2], ["call", 2], level="interval")


@pytest.mark.parametrize(
    "values_1, values_2, expected",
    [
        (["a", "b", "a", "c"], ["a", "b", "a", "c"], 1.0),
        # coincidences: aa=2, ab=ba=1, bb=4 -> alpha = 1 - (2/8) / (30/56) = 8/15
        (["a", "a", "b", "b"], ["a", "b", "b", "b"], 8 / 15),
        # systematic swap: D_o = 1, D_e = 8/12 -> alpha = -0.5
        (["a", "b"], ["b", "a"], -0.5),
        (["a", "a"], ["a", "a"], math.nan),  # one value only: alpha undefined
        (["a"], ["b"], math.nan),  # one unit: undefined
    ],
)
def test_krippendorff_alpha_on_hand_made_cases(values_1, values_2, expected):
    alpha = A.krippendorff_alpha(values_1, values_2)
    if math.isnan(expected):
        assert math.isnan(alpha)
    else:
        assert alpha == pytest.approx(expected)


# ------------------------------------------------------------------ claims

BODY = (
    "Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023.\n\n"
    "La Maison Blanche a nié ces contacts.\n\n"
    "Des réunions ont eu lieu. Des réunions ont eu lieu."
)


def span_claim(claim_id: str, start: int, end: int, coder: str = "A", **fields) -> dict:
    claim = {column: "" for column in C.CLAIM_COLUMNS}
    claim.update(claim_id=claim_id, article_id="art1", coder=coder, quote=BODY[start:end], start=str(start),
                 end=str(end), claim_type="call", actors="William Burns", attributed_to="NBC News",
                 hedged="yes", stance="asserted", date_precision="unknown")
    claim.update(fields)
    return claim


def frame(*claims: dict) -> pd.DataFrame:
    return pd.DataFrame(list(claims), columns=C.CLAIM_COLUMNS)


def test_claims_match_by_article_and_overlapping_span_one_to_one():
    first = frame(span_claim("c001", 0, 40), span_claim("c002", 82, 119))
    second = frame(span_claim("b001", 10, 45), span_claim("b002", 12, 30), span_claim("b003", 130, 150))
    pairs = A.match_claims(first, second)
    assert pairs[["claim_id_1", "claim_id_2"]].values.tolist() == [
        ["", "b002"], ["", "b003"], ["c001", "b001"], ["c002", ""]]
    assert pairs.loc[2, "overlap"] == pytest.approx(30 / 45, abs=1e-3)


def test_agreement_and_disagreement_tables_for_two_coders():
    first = frame(
        span_claim("c001", 0, 40, claim_type="call", actors="William Burns; Kremlin", hedged="yes"),
        span_claim("c002", 82, 119, claim_type="denial", stance="denied", actors="White House", hedged="no"),
        span_claim("c003", 121, 146, claim_type="meeting", actors="", hedged="no"),
        span_claim("c004", 147, 172, claim_type="meeting", actors="", hedged="yes"),
    )
    second = frame(
        span_claim("b001", 0, 42, "B", claim_type="call", actors="Kremlin; William Burns", hedged="yes"),
        span_claim("b002", 82, 119, "B", claim_type="statement", stance="asserted", actors="White House", hedged="no"),
        span_claim("b003", 121, 146, "B", claim_type="meeting", actors="", hedged="no"),
        span_claim("b004", 147, 172, "B", claim_type="meeting", actors="Kremlin", hedged="yes"),
    )
    table = A.agreement_table(first, second, fields=["claim_type", "actors", "hedged"]).set_index("field")
    # actors: blanks are "not coded", so only units 1, 2 and (b004 against a blank) ... unit 3
    # has no value at all and unit 4 a single one: 2 shared units, both agreeing as sets.
    assert table.loc["actors", ["n_shared", "n_agree"]].tolist() == [2, 2]
    assert table.loc["hedged", "alpha"] == 1.0
    assert table.loc["claim_type", ["n_shared", "n_agree", "percent_agreement"]].tolist() == [4, 3, 75.0]
    # by hand: n = 8 values (call 2, denial 1, statement 1, meeting 4); D_o = 2/8,
    # D_e = (64 - (4 + 1 + 1 + 16)) / 56 = 42/56 -> alpha = 1 - 0.25 / 0.75 = 2/3
    assert table.loc["claim_type", "alpha"] == pytest.approx(0.667)
    differences = A.disagreement_table(first, second, fields=["claim_type", "stance", "actors"])
    assert differences[["claim_id_1", "claim_id_2", "field", "value_1", "value_2"]].values.tolist() == [
        ["c002", "b002", "claim_type", "denial", "statement"],
        ["c002", "b002", "stance", "denied", "asserted"],
        ["c004", "b004", "actors", "", "Kremlin"],
    ]


def test_claims_only_one_coder_saw_appear_in_the_disagreements():
    first = frame(span_claim("c001", 0, 40))
    second = frame(span_claim("b001", 0, 40, "B"), span_claim("b002", 82, 119, "B"))
    differences = A.disagreement_table(first, second, fields=["claim_type"])
    assert differences[["claim_id_2", "field", "value_1", "value_2"]].values.tolist() == [
        ["b002", "(claim)", "not coded", "coded"]]


def three_coders() -> pd.DataFrame:
    """Three coders, stacked in one table: A and B agree on the types, C differs on one."""
    return frame(
        span_claim("a001", 0, 40, "A", claim_type="call"),
        span_claim("a002", 82, 119, "A", claim_type="denial"),
        span_claim("a003", 121, 146, "A", claim_type="meeting", place="Ankara"),
        span_claim("b001", 0, 42, "B", claim_type="call"),
        span_claim("b002", 82, 119, "B", claim_type="denial"),
        span_claim("b003", 121, 146, "B", claim_type="meeting", place="Istanbul"),
        span_claim("c001", 2, 40, "C", claim_type="call"),
        span_claim("c002", 82, 110, "C", claim_type="statement"),
        span_claim("c003", 121, 146, "C", claim_type="meeting", place="Ankara"),
        span_claim("c004", 147, 172, "C", claim_type="meeting"),
    )


def test_a_third_coder_in_a_stacked_table_is_counted():
    stacked = three_coders()
    assert list(A.split_coders(stacked)) == ["A", "B", "C"]
    units = A.match_units(A.split_coders(stacked))
    assert units[["A", "B", "C"]].values.tolist() == [
        ["", "", "c004"], ["a001", "b001", "c001"], ["a002", "b002", "c002"], ["a003", "b003", "c003"]]
    table = A.agreement_table(stacked, fields=["claim_type", "place"]).set_index("field")
    assert table.loc["claim_type", ["n_shared", "n_agree"]].tolist() == [3, 2]
    values = [["call", "denial", "meeting"], ["call", "denial", "meeting"], ["call", "statement", "meeting"]]
    assert table.loc["claim_type", "alpha"] == pytest.approx(round(A.krippendorff_alpha(*values), 3))
    two_only = A.agreement_table(stacked[stacked["coder"] != "C"], fields=["claim_type"]).set_index("field")
    assert two_only.loc["claim_type", "alpha"] == 1.0, "without C the types agree: C was counted above"
    assert table.loc["place", ["n_shared", "n_agree"]].tolist() == [1, 0], "units whose place is blank for everyone drop out"
    # the same coders given as separate stores give the same table
    separate = [stacked[stacked["coder"] == coder] for coder in "ABC"]
    pd.testing.assert_frame_equal(A.agreement_table(*separate, fields=["claim_type", "place"]),
                                  table.reset_index())


def test_adjudication_records_every_decision():
    stacked = three_coders()
    manual = pd.DataFrame({"unit": ["u004"], "field": ["place"], "chosen": ["Istanbul"]})
    gold, decisions = A.adjudicate(stacked, manual=manual)
    assert gold["claim_id"].tolist() == ["g001", "g002", "g003"], "u001 (C only) is outvoted 2 to 1"
    assert set(gold["coder"]) == {"gold"}
    by = decisions.set_index(["unit", "field"])
    assert by.loc[("u001", "(claim)"), ["value_A", "value_B", "value_C", "chosen", "rule"]].tolist() == [
        "not coded", "not coded", "coded", "not coded", "majority"]
    assert by.loc[("u003", "claim_type"), ["chosen", "rule"]].tolist() == ["denial", "majority"]
    assert by.loc[("u002", "span"), ["value_A", "value_B", "value_C", "chosen", "rule"]].tolist() == [
        "0-40", "0-42", "2-40", "0-40", "coder-A-default"]
    assert by.loc[("u004", "place"), ["chosen", "rule"]].tolist() == ["Istanbul", "manual"]
    assert by.loc[("u002", "hedged"), "rule"] == "unanimous"
    assert set(decisions["field"]) == set(A.ADJUDICATED_FIELDS)
    row = gold.set_index("claim_id").loc["g001"]
    assert (row["quote"], row["start"], row["end"]) == (BODY[0:40], "0", "40")
    assert gold.set_index("claim_id").loc["g003", "place"] == "Istanbul"
    # B as default coder takes B's span on the three-way tie
    gold_b, _ = A.adjudicate(stacked, default_coder="B")
    assert gold_b.loc[0, ["start", "end"]].tolist() == ["0", "42"]


def test_command_line_agreement_and_adjudicate(tmp_path, capsys):
    stacked = three_coders()
    paths = []
    for coder in "ABC":
        path = tmp_path / f"claims_{coder}.csv"
        stacked[stacked["coder"] == coder].to_csv(path, index=False)
        paths.append(str(path))
    parser = argparse.ArgumentParser()
    C.add_claims_command(parser.add_subparsers(dest="command"))
    out = tmp_path / "agreement.csv"
    args = parser.parse_args(["claims", "agreement", *paths, "--out", str(out), "--fields", "claim_type,place"])
    assert args.run(args) == 0
    printed = capsys.readouterr().out
    assert "3 coders (A, B, C), 4 units (3 coded by all)" in printed
    written = pd.read_csv(out)
    assert written["field"].tolist() == ["claim_type", "place"]
    assert written["n_shared"].tolist() == [3, 1]
    gold, decisions = tmp_path / "gold.csv", tmp_path / "decisions.csv"
    args = parser.parse_args(["claims", "adjudicate", *paths, "--gold", str(gold), "--decisions", str(decisions)])
    assert args.run(args) == 0
    assert "3 gold claims from 4 units" in capsys.readouterr().out
    assert C.read_claims(gold)["claim_id"].tolist() == ["g001", "g002", "g003"]
    with pytest.raises(ValueError, match="gold.csv exists"):
        args.run(args)


def test_span_agreement_measures_how_alike_coders_segment():
    first = frame(span_claim("a001", 0, 40), span_claim("a002", 82, 119))
    second = frame(span_claim("b001", 0, 40, "B"), span_claim("b002", 82, 100, "B"), span_claim("b003", 121, 146, "B"))
    table = A.span_agreement(first, second)
    row = table.iloc[0]
    assert (row["coder_1"], row["coder_2"], row["n_units"], row["n_both"]) == ("A", "B", 3, 2)
    assert row["unit_agreement"] == pytest.approx(0.667)
    assert row["mean_overlap"] == pytest.approx(round((1 + 18 / 37) / 2, 3))
    # characters: A marks 40 + 37, B 40 + 18 + 25; both 40 + 18; either 40 + 37 + 25
    assert row["char_agreement"] == pytest.approx(round(58 / 102, 3))
    assert len(A.span_agreement(three_coders())) == 3, "one row per pair of coders"
