"""Tests for helpers.claims: validation, offsets, dates, the command line. Saving is tested in
test_claimstore.py, agreement in test_agreement.py."""

from __future__ import annotations

import unicodedata
from datetime import date

import pandas as pd
import pytest
import yaml

from helpers import claims as C
from helpers import claimstore

BODY = (
    "Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023.\n\n"
    "La Maison Blanche a nié ces contacts.\n\n"
    "Des réunions ont eu lieu. Des réunions ont eu lieu."
)
CALL_QUOTE = "William Burns aurait téléphoné à Sergey Naryshkin"
DENIAL_QUOTE = "La Maison Blanche a nié ces contacts."

CODEBOOK = {
    "claim_types": {
        "meeting": {"definition": "met"},
        "call": {"definition": "phoned"},
        "denial": {"definition": "denied", "stance": "denied"},
        "confirmation": {"definition": "confirmed", "stance": "confirmed"},
        "statement": {"definition": "said"},
    },
    "fields": {"quote": "verbatim"},
    "stances": ["asserted", "denied", "confirmed"],
    "date_precisions": ["day", "week", "month", "part_of_month", "part_of_year", "year", "range",
                        "before", "after", "unknown"],
    "attribution_labels": ["unattributed", "anonymous sources", "unnamed media"],
}


@pytest.fixture
def registry(tmp_path):
    path = tmp_path / "registry"
    path.mkdir()
    pd.DataFrame({
        "canonical": ["William Burns", "Sergey Naryshkin", "White House", "Kremlin"],
        "kind": ["person", "person", "organisation", "organisation"],
        "aliases": ["Bill Burns|Guillaume Brûle", "Sergueï Narychkine", "Maison Blanche", ""],
    }).to_csv(path / "actors.csv", index=False)
    return path


@pytest.fixture
def articles():
    return pd.DataFrame({"article_id": ["art1"], "body": [BODY]})


def make_claim(**changes) -> dict[str, str]:
    start = BODY.index(CALL_QUOTE)
    claim = {
        "claim_id": "c001", "article_id": "art1", "coder": "A", "story_id": "burns_call",
        "quote": CALL_QUOTE, "start": str(start), "end": str(start + len(CALL_QUOTE)),
        "claim_type": "call", "actors": "William Burns", "target_actors": "Sergey Naryshkin",
        "place": "", "event_start": "2023-04-01", "event_end": "2023-04-30",
        "date_precision": "month", "attributed_to": "NBC News", "hedged": "yes",
        "stance": "asserted", "notes": "",
    }
    claim.update(changes)
    return claim


def make_frame(*claims: dict) -> pd.DataFrame:
    return pd.DataFrame(list(claims), columns=C.CLAIM_COLUMNS)


def test_valid_claim_has_no_problems(articles, registry):
    assert C.validate_claims(make_frame(make_claim()), articles, registry, CODEBOOK) == []


DENIAL_START = BODY.index(DENIAL_QUOTE)
DUPLICATE_START = BODY.index("Des réunions ont eu lieu.")


@pytest.mark.parametrize(
    "changes, field, fragment",
    [
        ({"quote": "William Burns a appelé Sergey Naryshkin"}, "quote", "does not occur verbatim"),
        ({"quote": "William Burns aurait telephone a Sergey Naryshkin"}, "quote", "closest passage"),
        ({"start": "0", "end": str(len(CALL_QUOTE))}, "quote", "relocate_offsets"),
        ({"quote": "Des réunions ont eu lieu.", "start": "3", "end": "28"}, "quote", "occurs 2 times"),
        ({"start": "x"}, "start/end", "not whole numbers"),
        ({"article_id": "nope"}, "article_id", "not in the articles table"),
        ({"quote": ""}, "quote", "empty"),
        ({"quote": "Naryshkin en avril 2023.\n\nLa Maison", "start": str(BODY.index("Naryshkin en")),
          "end": str(BODY.index("Naryshkin en") + 36)}, "quote", "spans a line break"),
        ({"actors": "Bill Burns"}, "actors", "nearest: 'William Burns'"),
        ({"target_actors": "Sergey Narishkin"}, "target_actors", "nearest: 'Sergey Naryshkin'"),
        ({"actors": "Zzyzx Qwerty"}, "actors", "add it to data/registry/actors.csv"),
        ({"claim_type": "cal"}, "claim_type", "did you mean 'call'"),
        ({"stance": "maybe"}, "stance", "is not one of"),
        ({"hedged": "perhaps"}, "hedged", "must be yes or no"),
        ({"quote": DENIAL_QUOTE, "start": str(DENIAL_START), "end": str(DENIAL_START + len(DENIAL_QUOTE)),
          "claim_type": "denial", "stance": "asserted"}, "stance", "must have stance 'denied'"),
        ({"event_start": "2023-02-30"}, "event_start", "not a valid date"),
        ({"event_end": "April 2023"}, "event_end", "not an ISO date"),
        # Strict ISO: what date.fromisoformat accepts on some Python versions is refused here.
        ({"event_start": "20230101"}, "event_start", "not an ISO date (YYYY-MM-DD)"),
        ({"event_start": "2023-W05"}, "event_start", "not an ISO date (YYYY-MM-DD)"),
        ({"event_start": "2023-04"}, "event_start", "not an ISO date (YYYY-MM-DD)"),
        ({"start": "-5"}, "start/end", "not whole numbers of 0 or more"),
        ({"start": "30", "end": "30"}, "start/end", "is not before end"),
        ({"event_start": "2023-05-01"}, "event_start/event_end", "is after end"),
        ({"date_precision": "unknown"}, "date_precision", "'unknown' but dates are given"),
        ({"event_end": ""}, "date_precision", "needs both event_start and event_end"),
        ({"date_precision": "before"}, "date_precision", "needs event_end only"),
        ({"date_precision": "decade"}, "date_precision", "is not one of"),
        ({"attributed_to": ""}, "attributed_to", "empty"),
        ({"claim_id": "first"}, "claim_id", "not a claim id"),
        ({"coder": ""}, "coder", "empty"),
    ],
)
def test_each_bad_row_kind_is_reported(articles, registry, changes, field, fragment):
    good = make_claim(claim_id="c002")
    frame = make_frame(good, make_claim(**changes))
    problems = C.validate_claims(frame, articles, registry, CODEBOOK)
    assert problems, "the bad row must be reported"
    assert all(p.row == 3 for p in problems), "the good row (spreadsheet row 2) has no problem"
    assert any(p.field == field and fragment in p.message for p in problems), [str(p) for p in problems]
    assert f"row 3 (" in str(problems[0])


def test_duplicate_claim_ids_are_reported(articles, registry):
    problems = C.validate_claims(make_frame(make_claim(), make_claim()), articles, registry, CODEBOOK)
    assert [(p.row, p.field) for p in problems] == [(3, "claim_id")]
    assert "duplicate of row 2" in problems[0].message


def test_attributed_to_checked_against_outlets_when_known(articles, registry):
    claim = make_claim(attributed_to="NBC Newz")
    problems = C.validate_claims(make_frame(claim), articles, registry, CODEBOOK, outlet_names=["NBC News"])
    assert [p.field for p in problems] == ["attributed_to"]
    ok = make_claim(attributed_to="NBC News; unnamed media; Kremlin")
    assert C.validate_claims(make_frame(ok), articles, registry, CODEBOOK, outlet_names=["NBC News"]) == []


def test_missing_registry_is_a_clear_error(articles, tmp_path):
    with pytest.raises(C.ClaimStoreError, match="actors registry .* does not exist"):
        C.validate_claims(make_frame(make_claim()), articles, tmp_path / "nowhere", CODEBOOK)


def test_wrong_columns_are_rejected(tmp_path):
    path = tmp_path / "claims.csv"
    make_frame(make_claim()).drop(columns=["stance"]).assign(extra="x").to_csv(path, index=False)
    with pytest.raises(C.ClaimStoreError, match="missing: stance; unexpected: extra"):
        C.read_claims(path)


def test_codebook_file_loads_and_missing_section_is_named(tmp_path):
    path = tmp_path / "codebook.yml"
    path.write_text(yaml.safe_dump(CODEBOOK, sort_keys=False), encoding="utf-8")
    assert C.claim_types(C.load_codebook(path)) == ["meeting", "call", "denial", "confirmation", "statement"]
    path.write_text(yaml.safe_dump({"claim_types": {}}), encoding="utf-8")
    with pytest.raises(C.ClaimStoreError, match="no 'fields' section"):
        C.load_codebook(path)


# ------------------------------------------------------------------ offsets and normalisation


def test_offsets_count_in_nfc_lf_text_even_when_article_and_quote_are_not():
    nfc_body = "Titre\n\nLe ministre Sergueï Lavrov aurait participé à la réunion.\n"
    raw_body = unicodedata.normalize("NFD", nfc_body).replace("\n", "\r\n")
    assert raw_body != nfc_body
    bodies = C.article_bodies(pd.DataFrame({"article_id": ["a"], "body": [raw_body]}))
    assert bodies["a"] == nfc_body
    pasted = unicodedata.normalize("NFD", "Sergueï Lavrov aurait participé") + "\r\n"
    start, end = C.locate_quote(bodies["a"], pasted)
    assert nfc_body[start:end] == "Sergueï Lavrov aurait participé"
    assert start == nfc_body.index("Sergueï")


def test_validation_accepts_a_crlf_nfd_body_with_nfc_offsets(registry):
    nfc_body = "Titre\n\nWilliam Burns aurait téléphoné.\n"
    quote = "William Burns aurait téléphoné."
    articles = pd.DataFrame({"article_id": ["a"], "body": [unicodedata.normalize("NFD", nfc_body).replace("\n", "\r\n")]})
    claim = make_claim(article_id="a", quote=quote, start=str(nfc_body.index(quote)),
                       end=str(nfc_body.index(quote) + len(quote)), target_actors="")
    assert C.validate_claims(make_frame(claim), articles, registry, CODEBOOK) == []


def test_offsets_point_into_body_and_a_table_without_body_is_refused():
    articles = pd.DataFrame({"article_id": ["a"], "text": ["TITLE\n\nbody text"], "body": ["body text"]})
    assert C.article_bodies(articles) == {"a": "body text"}
    with pytest.raises(C.ClaimStoreError, match="no 'body' column"):
        C.article_bodies(articles.drop(columns="body"))


def test_relocate_offsets_after_the_body_changed(articles):
    claims = make_frame(
        make_claim(),
        make_claim(claim_id="c002", quote="Des réunions ont eu lieu.", start="0", end="25"),
        make_claim(claim_id="c003", quote="not there at all", start="0", end="16"),
    )
    new_body = BODY.replace("Selon NBC News, ", "")  # the cleaned body dropped a prefix
    with pytest.warns(UserWarning) as caught:
        relocated = C.relocate_offsets(claims, {"art1": new_body})
    start = new_body.index(CALL_QUOTE)
    assert relocated.loc[0, ["start", "end"]].tolist() == [str(start), str(start + len(CALL_QUOTE))]
    assert relocated.loc[1, "start"] == "0" and relocated.loc[2, "start"] == "0"
    messages = sorted(str(w.message) for w in caught)
    assert messages == ["claim c002: quote ambiguous, offsets not changed",
                        "claim c003: quote missing, offsets not changed"]
    report = C.relocation_report(claims, {"art1": new_body})
    assert report["status"].tolist() == ["moved", "ambiguous", "missing"]


# ------------------------------------------------------------------ dates


@pytest.mark.parametrize(
    "text, start, end, precision",
    [
        ("April 2023", date(2023, 4, 1), date(2023, 4, 30), "month"),
        ("avril 2023", date(2023, 4, 1), date(2023, 4, 30), "month"),
        ("April 2024", date(2024, 4, 1), date(2024, 4, 30), "month"),
        ("février 2024", date(2024, 2, 1), date(2024, 2, 29), "month"),
        ("2023", date(2023, 1, 1), date(2023, 12, 31), "year"),
        ("fin 2023", date(2023, 10, 1), date(2023, 12, 31), "part_of_year"),
        ("Ende 2023", date(2023, 10, 1), date(2023, 12, 31), "part_of_year"),
        ("late 2023", date(2023, 10, 1), date(2023, 12, 31), "part_of_year"),
        ("début 2022", date(2022, 1, 1), date(2022, 3, 31), "part_of_year"),
        ("mid-2022", date(2022, 5, 1), date(2022, 8, 31), "part_of_year"),
        ("fin avril 2023", date(2023, 4, 21), date(2023, 4, 30), "part_of_month"),
        ("Anfang März 2024", date(2024, 3, 1), date(2024, 3, 10), "part_of_month"),
        ("12 avril 2023", date(2023, 4, 12), date(2023, 4, 12), "day"),
        ("12. April 2023", date(2023, 4, 12), date(2023, 4, 12), "day"),
        ("März 2022", date(2022, 3, 1), date(2022, 3, 31), "month"),
    ],
)
def test_parse_period_in_three_languages(text, start, end, precision):
    assert C.parse_period(text) == C.Period(start, end, precision)


def test_relative_dates_need_a_publication_date():
    assert C.parse_period("janvier") is None
    assert C.parse_period("janvier", reference=date(2024, 2, 14)) == C.Period(date(2024, 1, 1), date(2024, 1, 31), "month")
    assert C.parse_period("fin avril", reference=date(2023, 7, 28)).start == date(2023, 4, 21)
    assert C.parse_period("nonsense words") is None


def test_command_line_validate_and_relocate(tmp_path, registry, capsys):
    import argparse

    articles_path = tmp_path / "articles.csv"
    pd.DataFrame({"article_id": ["art1"], "body": [BODY]}).to_csv(articles_path, index=False)
    codebook_path = tmp_path / "codebook.yml"
    codebook_path.write_text(yaml.safe_dump(CODEBOOK, sort_keys=False), encoding="utf-8")
    store = tmp_path / "claims.csv"
    C.write_claims_atomic(make_frame(make_claim(), make_claim(claim_id="c002", start="1", end="51")), store)
    parser = argparse.ArgumentParser()
    C.add_claims_command(parser.add_subparsers(dest="command"))
    common = ["--articles", str(articles_path)]
    validate = parser.parse_args(["claims", "validate", str(store), *common, "--registry", str(registry),
                                  "--codebook", str(codebook_path)])
    assert validate.run(validate) == 1
    assert "row 3 (c002), quote: not at offsets 1-51" in capsys.readouterr().out
    relocate = parser.parse_args(["claims", "relocate", str(store), *common])
    assert relocate.run(relocate) == 0
    assert "1 moved, 1 ok" in capsys.readouterr().out
    moved = claimstore.read_history(store)
    assert moved[["action", "version", "claim_id", "start", "changed_by"]].values.tolist() == [
        ["edit", "before", "c002", "1", "claims relocate"],
        ["edit", "after", "c002", str(BODY.index(CALL_QUOTE)), "claims relocate"]]
    assert validate.run(validate) == 0


def test_story_table_coder_files_groups_and_codebook_markdown(tmp_path):
    frame = make_frame(make_claim(), make_claim(claim_id="c002", article_id="art2", attributed_to="CNN; NBC News"),
                       make_claim(claim_id="c003", story_id=""))
    from helpers.stories import story_table

    stories = story_table(frame)
    assert stories.to_dict("index") == {"burns_call": {"claims": 2, "articles": 2, "sources": "CNN; NBC News"}}
    C.write_claims_atomic(frame.iloc[:1], tmp_path / "a.csv")
    C.write_claims_atomic(frame.iloc[1:].assign(coder="B"), tmp_path / "b.csv")
    both = C.read_coder_files([tmp_path / "a.csv", tmp_path / "b.csv"])
    assert both["coder"].tolist() == ["A", "B", "B"]
    articles = pd.DataFrame({"article_id": ["art1", "art2"], "source_path": ["x.txt", "y.txt"]})
    assert C.add_group_column(frame, articles)["group"].tolist() == ["x.txt", "y.txt", "x.txt"]
    with_outlets = articles.assign(outlet=["NBC News", "CNN"])
    assert C.add_group_column(frame, with_outlets)["group"].tolist() == ["NBC News", "CNN", "NBC News"]
    text = C.codebook_markdown({**CODEBOOK, "coding_rules": ["Quote verbatim."]})
    assert "| **denial** | denied *(stance always denied)* |" in text
    assert "1. Quote verbatim." in text


def test_shipped_sample_coding_is_complete_and_valid():
    """The sample's hand coding: at least 30 claims over all five articles, every row valid
    against the cleaned bodies, the registry and the codebook."""
    from helpers import ingest
    from helpers.clean import describe_articles
    from helpers.outlets import load_outlets
    from helpers.paths import ANNOTATIONS_DIR, RAW_DIR, REGISTRY_DIR

    articles, _ = ingest.ingest_folder(RAW_DIR)
    articles = describe_articles(articles, load_outlets(REGISTRY_DIR / "outlets.csv"))
    codebook = C.load_codebook(ANNOTATIONS_DIR / "codebook.yml")
    outlets = C.load_outlet_names(REGISTRY_DIR)
    primary = C.read_claims(ANNOTATIONS_DIR / "claims.csv")
    second = C.read_claims(ANNOTATIONS_DIR / "agreement" / "claims_B.csv")
    assert len(primary) >= 30
    assert set(primary["article_id"]) == set(articles["article_id"])
    assert second["article_id"].nunique() == 2
    for store in (primary, second):
        assert C.validate_claims(store, articles, REGISTRY_DIR, codebook, outlets) == []
