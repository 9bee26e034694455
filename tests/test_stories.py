"""Tests for helpers.stories: story reports, origins, propagation, text reuse, story table."""

from __future__ import annotations

import pandas as pd
import pytest

from claim_tables import four_claims, make_claims, three_articles
from helpers.stories import (
    propagation_network,
    shared_passages,
    story_origins,
    story_reports,
    story_table,
)


@pytest.fixture
def claims() -> pd.DataFrame:
    return four_claims()


@pytest.fixture
def articles() -> pd.DataFrame:
    return three_articles()


def test_story_origin_relays_and_undated(claims, articles):
    reports = story_reports(claims, articles)
    s1 = reports[reports["story_id"] == "s1"].set_index("article_id")
    assert s1.loc["a1", "role"] == "first report" and s1.loc["a1", "order"] == 1
    assert s1.loc["a2", "role"] == "relay" and s1.loc["a2", "days_after_first"] == 2
    s2 = reports[reports["story_id"] == "s2"]
    assert list(s2["role"]) == ["undated"] and pd.isna(s2["order"].iloc[0])
    origins = story_origins(reports, claims).set_index("story_id")
    assert origins.loc["s1", "first_article"] == "a1"
    assert origins.loc["s1", "credited_origin"] == "Outlet X"
    assert origins.loc["s1", "relays"] == "Paper B"
    assert origins.loc["s2", "n_undated"] == 1 and origins.loc["s2", "first_article"] == ""
    graph = propagation_network(reports)
    assert [(u, v, d["days_after_first"]) for u, v, d in graph.edges(data=True)] == \
        [("Paper A", "Paper B", 2)]


def test_month_precise_publication_ties_with_day_precise():
    claims = make_claims([dict(claim_id="c1", article_id="m", story_id="s"),
                          dict(claim_id="c2", article_id="d", story_id="s")])
    articles = pd.DataFrame({"article_id": ["m", "d"], "outlet": ["M", "D"], "title": ["", ""],
                             "published": ["2022-11", "2022-11-14"],
                             "published_precision": ["month", "day"]})
    reports = story_reports(claims, articles).set_index("article_id")
    assert reports.loc["m", "role"] == reports.loc["d", "role"] == "first report"
    assert bool(reports.loc["d", "order_uncertain"])


def test_single_article_story_has_no_relays(articles):
    claims = make_claims([dict(claim_id="c1", article_id="a1", story_id="only")])
    reports = story_reports(claims, articles)
    assert list(reports["role"]) == ["first report"]
    assert propagation_network(reports).number_of_edges() == 0


def test_shared_passages_finds_reused_text():
    shared = "the secret meeting took place in ankara on monday morning"
    articles = pd.DataFrame({"article_id": ["x", "y", "z"], "body": [
        f"First report. {shared}. More words here.",
        f"Relay says: {shared.upper()} indeed.",
        "Nothing in common with the others at all.",
    ]})
    table = shared_passages(articles, n=5)
    assert list(zip(table["article_a"], table["article_b"])) == [("x", "y")]
    assert table.loc[0, "longest_words"] == 10
    assert table.loc[0, "passage"] == shared


def test_story_table_counts_claims_articles_and_sources(claims):
    table = story_table(claims)
    assert table.to_dict("index") == {
        "s1": {"claims": 3, "articles": 2, "sources": "Outlet X"},
        "s2": {"claims": 1, "articles": 1, "sources": "anonymous sources"},
    }
