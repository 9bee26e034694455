"""Tests for helpers.timeline (and the figure helpers) on small hand-made tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd
import pytest

from claim_tables import SEMANTICS, make_claims
from helpers.figures import category_colours, lag_figure, print_style, save_figure, timeline_figure
from helpers.timeline import (
    event_intervals,
    first_reports,
    report_lags,
    stance_sequence,
)


@pytest.fixture
def claims() -> pd.DataFrame:
    return make_claims([
        dict(claim_id="c1", article_id="late", story_id="talks", claim_type="meeting",
             actors="A", target_actors="B", event_start="2023-04", date_precision="month",
             attributed_to="Wire"),
        dict(claim_id="c2", article_id="late", story_id="talks", claim_type="denial",
             actors="Spokesman", stance="denied", event_start="2023-07-20",
             date_precision="day"),
        dict(claim_id="c3", article_id="early", story_id="talks", claim_type="meeting",
             actors="A", target_actors="B", event_start="2023-04", date_precision="month",
             attributed_to="Wire", hedged="yes"),
        dict(claim_id="c4", article_id="nodate", story_id="call", claim_type="call",
             actors="B", target_actors="C", event_start="2023-06-26", date_precision="week"),
        dict(claim_id="c5", article_id="early", story_id="call", claim_type="confirmation",
             actors="Aide", stance="confirmed"),
        dict(claim_id="c6", article_id="same", story_id="talks", claim_type="meeting",
             actors="A", target_actors="B", event_start="2023-07-28", date_precision="day"),
    ])


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["early", "late", "nodate", "same"],
        "outlet": ["First Paper", "Relay Site", "Blog", "Daily"],
        "title": ["", "", "", ""],
        "published": ["2023-07-10", "2023-07-28", "", "2023-07-28"],
        "published_precision": ["day", "day", "unknown", "day"],
    })


def test_event_intervals_keep_precision_and_undated(claims):
    events = event_intervals(claims).set_index("claim_id")
    assert str(events.loc["c1", "event_lower"].date()) == "2023-04-01"
    assert events.loc["c1", "event_days"] == 30
    assert events.loc["c4", "event_days"] == 7
    assert not events.loc["c5", "dated"] and pd.isna(events.loc["c5", "event_days"])
    assert events.loc["c1", "pair"] == "A – B"


def test_report_lags_ranges_and_status(claims, articles):
    lags = report_lags(claims, articles).set_index("claim_id")
    # April 2023 reported on 28 July: 89 days after 30 April at least, 118 after 1 April at most
    assert (lags.loc["c1", "lag_min_days"], lags.loc["c1", "lag_max_days"]) == (89, 118)
    assert (lags.loc["c6", "lag_min_days"], lags.loc["c6", "lag_max_days"]) == (0, 0)
    assert lags.loc["c4", "lag_status"] == "article undated" and pd.isna(lags.loc["c4", "lag_min_days"])
    assert lags.loc["c5", "lag_status"] == "event undated"
    assert (lags["lag_min_days"].dropna() >= 0).all()


def test_overlapping_event_and_publication_give_zero_minimum():
    claims = make_claims([dict(claim_id="c", article_id="a", story_id="s",
                               event_start="2022", date_precision="year")])
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "title": [""],
                             "published": ["2022-11"], "published_precision": ["month"]})
    lag = report_lags(claims, articles).iloc[0]
    assert (lag["lag_min_days"], lag["lag_max_days"], lag["lag_status"]) == (0, 333, "ok")


def test_publication_before_event_is_flagged():
    claims = make_claims([dict(claim_id="c", article_id="a", story_id="s",
                               event_start="2024-01-05", date_precision="day")])
    articles = pd.DataFrame({"article_id": ["a"], "outlet": ["X"], "title": [""],
                             "published": ["2023-12-01"], "published_precision": ["day"]})
    assert report_lags(claims, articles).iloc[0]["lag_status"] == "published before event?"


def test_first_reports(claims, articles):
    first = first_reports(claims, articles).set_index("story_id")
    assert first.loc["talks", "first_article"] == "early"
    assert first.loc["talks", "first_outlet"] == "First Paper"
    assert first.loc["talks", "first_published"] == "2023-07-10"
    assert (first.loc["talks", "lag_min_days"], first.loc["talks", "lag_max_days"]) == (71, 100)
    assert first.loc["talks", "n_articles"] == 3 and first.loc["talks", "n_undated"] == 0
    # the only dated report of "call" is "early"; the undated one is counted, not placed
    assert first.loc["call", "first_article"] == "early" and first.loc["call", "n_undated"] == 1


def test_stance_sequence_orders_denials_by_their_own_date(claims, articles):
    sequence = stance_sequence(claims, articles, SEMANTICS)
    talks = sequence[sequence["story_id"] == "talks"]
    assert talks["claim_id"].tolist() == ["c3", "c2", "c1", "c6"]
    assert talks["when_basis"].tolist() == ["publication", "statement date", "publication",
                                            "publication"]
    assert talks["stance_change"].tolist() == [False, True, True, False]
    call = sequence[sequence["story_id"] == "call"]
    assert call["claim_id"].tolist() == ["c5", "c4"]
    assert call["when_basis"].tolist() == ["publication", "undated"]
    assert pd.isna(call["step"].iloc[1])


def test_empty_inputs_give_empty_tables():
    claims, articles = make_claims([]), pd.DataFrame(columns=["article_id"])
    assert event_intervals(claims).empty and report_lags(claims, articles).empty
    assert first_reports(claims, articles).empty and stance_sequence(claims, articles, SEMANTICS).empty


@pytest.mark.parametrize("lane", ["story_id", "pair"])
def test_timeline_figure_shows_undated(claims, articles, lane, tmp_path):
    with print_style():
        fig = timeline_figure(claims, articles, SEMANTICS, lane=lane)
        main, undated = fig.axes
        labels = [tick.get_text() for tick in main.get_yticklabels()]
        assert undated.get_title() == "undated"
        if lane == "story_id":
            assert labels == ["talks", "call"]  # ordered by earliest date
            assert len(undated.collections) == 2  # nodate's publication + c5 (undated event)
        paths = save_figure(fig, tmp_path, "timeline")
        first = [path.read_bytes() for path in paths]
        save_figure(fig, tmp_path, "timeline")
        assert [path.read_bytes() for path in paths] == first
        assert b"<dc:date>" not in first[1]


def test_timeline_figure_with_only_undated_articles():
    claims = make_claims([dict(claim_id="c", article_id="a", story_id="s")])
    articles = pd.DataFrame({"article_id": ["a"], "published": [""]})
    fig = timeline_figure(claims, articles, SEMANTICS)
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["s"]


def test_lag_figure_counts_unplaced(claims, articles):
    fig = lag_figure(report_lags(claims, articles))
    assert "2 without a usable date" in fig.axes[0].get_title()


def test_category_colours_stable_and_unknown_grey():
    colours = category_colours(["b", "a", "unknown", "a"])
    assert colours == category_colours(["a", "unknown", "b"])
    assert colours["unknown"] == "#999999" and colours["a"] != colours["b"]


def test_print_style_keeps_interactive_mode_switched_on_inside():
    import matplotlib as mpl

    before = mpl.is_interactive()
    try:
        mpl.interactive(False)
        with print_style():
            mpl.interactive(True)  # what Jupyter's inline backend does with the first figure
        assert mpl.is_interactive()
        with print_style():
            assert mpl.rcParams["svg.hashsalt"] == "backchannel"
        assert mpl.rcParams["svg.hashsalt"] != "backchannel"
    finally:
        mpl.interactive(before)


def test_open_intervals_before_and_after(articles):
    claims = make_claims([
        dict(claim_id="b", article_id="late", story_id="s", claim_type="meeting",
             event_end="2023-07-01", date_precision="before"),
        dict(claim_id="a", article_id="late", story_id="s", claim_type="meeting",
             event_start="2023-07-20", date_precision="after"),
        dict(claim_id="r", article_id="late", story_id="s", claim_type="meeting",
             event_start="2023-04-21", event_end="2023-04-30", date_precision="part_of_month"),
    ])
    events = event_intervals(claims).set_index("claim_id")
    assert pd.isna(events.loc["b", "event_lower"]) and bool(events.loc["b", "open_interval"])
    assert pd.isna(events.loc["a", "event_upper"]) and bool(events.loc["a", "open_interval"])
    assert events.loc["r", "event_days"] == 10 and not events.loc["r", "open_interval"]
    lags = report_lags(claims, articles).set_index("claim_id")  # published 2023-07-28
    assert lags.loc["b", "lag_min_days"] == 27 and pd.isna(lags.loc["b", "lag_max_days"])
    assert (lags.loc["a", "lag_min_days"], lags.loc["a", "lag_max_days"]) == (0, 8)
    assert set(lags["lag_status"]) == {"ok"}
    fig = timeline_figure(claims, articles, SEMANTICS)
    assert "only one bound (before / after)" in [t.get_text() for t in fig.axes[1].get_legend().get_texts()]
    assert "3 claims" in lag_figure(report_lags(claims, articles)).axes[0].get_title()
