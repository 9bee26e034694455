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


def test_directed_reuse_orders_pairs_and_flags_near_duplicates():
    from helpers.stories import directed_reuse, near_duplicates

    pairs = pd.DataFrame({"article_a": ["a", "a"], "article_b": ["b", "c"], "n_passages": [1, 1],
                          "longest_words": [40, 12], "share_a": [0.2, 0.1], "share_b": [0.8, 0.2],
                          "passage": ["", ""]})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "body": ["", "", ""],
                             "published": ["2023-07-09", "2023-07-06", "2023-07"],
                             "published_precision": ["day", "day", "month"]})
    reuse = directed_reuse(pairs, articles)
    rows = reuse.set_index(["earlier_article_id", "later_article_id"])
    # b (6 July) is certainly earlier than a (9 July): listed first, each share kept with its article.
    assert rows.loc[("b", "a"), "order_uncertain"] == "no"
    assert (rows.loc[("b", "a"), "share_earlier"], rows.loc[("b", "a"), "share_later"]) == (0.8, 0.2)
    assert rows.loc[("b", "a"), "near_duplicate"] == "yes"
    # c is dated to July only: the order with a is uncertain; c's earliest possible day comes first.
    assert rows.loc[("c", "a"), "order_uncertain"] == "yes" and rows.loc[("c", "a"), "near_duplicate"] == "no"
    # b is mostly inside a, but b came first: the later a expanded it, b is no copy of a.
    assert near_duplicates(reuse, ["a", "b", "c"]).to_dict() == {"a": "", "b": "", "c": ""}
    swapped = reuse.assign(share_earlier=reuse["share_later"], share_later=reuse["share_earlier"])
    assert near_duplicates(swapped, ["a", "b", "c"]).to_dict() == {"a": "b", "b": "", "c": ""}


def test_publication_bounds_read_optional_bound_columns():
    from helpers.stories import publication_bounds, settled_order

    articles = pd.DataFrame({"article_id": ["x", "y"], "body": ["", ""], "published": ["", "2023-07-06"],
                             "published_precision": ["", "day"],
                             "published_not_before": ["2023-07-01", ""],
                             "published_not_after": ["2023-07-03", ""]})
    bounds = publication_bounds(articles)
    assert not bounds.loc["x", "dated"] and bounds.loc["x", "bounded"]
    assert str(bounds.loc["x", "upper"].date()) == "2023-07-03"
    assert settled_order(bounds.loc["x"], bounds.loc["y"]) == -1
    plain = publication_bounds(articles.drop(columns=["published_not_before", "published_not_after"]))
    assert settled_order(plain.loc["x"], plain.loc["y"]) == 0
