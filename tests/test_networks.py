"""Tests for helpers.networks and helpers.claimdata on small hand-made claim tables."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from claim_tables import SEMANTICS, four_claims, make_claims, three_articles
from helpers.claimdata import (
    CLAIM_COLUMNS,
    InputError,
    date_bounds,
    load_actors,
    load_articles,
    load_claims,
    split_list,
)
from helpers.networks import (
    NO_OUTLET,
    actor_network,
    affiliation_network,
    centrality_table,
    citation_network,
    claim_pairs,
    co_occurrence_network,
    collapse_edges,
    community_table,
    congruence_network,
    edges_table,
    outlet_citation_network,
    outlet_ranking,
)
from helpers.stories import story_reports


@pytest.fixture
def claims() -> pd.DataFrame:
    return four_claims()


@pytest.fixture
def articles() -> pd.DataFrame:
    return three_articles()


@pytest.fixture
def registry() -> pd.DataFrame:
    return pd.DataFrame({"canonical": ["Alice", "Carol"], "kind": ["person", "person"],
                         "side": ["West", "East"], "country": ["US", "RU"]})


def test_actor_network_degrees_types_and_weights(claims, registry):
    graph = actor_network(claims, SEMANTICS, registry)
    assert isinstance(graph, nx.MultiGraph) and not graph.is_directed()
    assert sorted(graph.nodes) == ["Alice", "Bob", "Carol", "Dave"]
    assert dict(graph.degree()) == {"Alice": 3, "Bob": 3, "Carol": 2, "Dave": 0}
    meeting = graph.edges["Alice", "Carol", "meeting"]
    assert (meeting["weight"], meeting["n_articles"]) == (2, 2)
    assert meeting["article_ids"] == "a1;a2" and meeting["claim_ids"] == "c1;c2"
    assert meeting["n_hedged"] == 1 and meeting["polarity"] == "affirmed"
    assert meeting["first_event"] == "2023-04-01" and meeting["last_event"] == "2023-04-30"
    assert set(graph["Alice"]["Bob"]) == {"meeting", "call"}
    assert graph.edges["Alice", "Bob", "call"]["polarity"] == "denied"
    assert graph.nodes["Alice"]["side"] == "West" and graph.nodes["Bob"]["side"] == "unknown"
    assert graph.nodes["Dave"]["n_claims"] == 1


def test_directed_network_points_from_actor_to_target(claims):
    graph = actor_network(claims, SEMANTICS, directed=True)
    assert graph.has_edge("Alice", "Carol") and not graph.has_edge("Carol", "Alice")
    # co-actors of one claim are linked both ways
    assert graph.has_edge("Alice", "Bob") and graph.has_edge("Bob", "Alice")


@pytest.mark.parametrize("qualifier, expected_claims", [("all", 4), ("agreement", 2), ("conflict", 2)])
def test_qualifier_keeps_stances(claims, qualifier, expected_claims):
    assert actor_network(claims, SEMANTICS, qualifier=qualifier).graph["n_claims"] == expected_claims


def test_conflict_network_keeps_only_denied_links(claims):
    graph = actor_network(claims, SEMANTICS, qualifier="conflict")
    assert [(u, v, k) for u, v, k in graph.edges(keys=True)] == [("Alice", "Bob", "call")]


def test_time_window_drops_undated_and_outside(claims):
    graph = actor_network(claims, SEMANTICS, window=("2023-01-01", "2023-12-31"))
    assert graph.graph["n_claims"] == 2  # c1, c2 (c4 is 2022, c3 undated)
    assert graph.graph["n_undated_dropped"] == 1
    assert not graph.has_edge("Alice", "Bob", "call")


def test_time_window_on_publication_dates(claims, articles):
    graph = actor_network(claims, SEMANTICS, window=("2023-07-11", ""), date_basis="published",
                          articles=articles)
    assert graph.graph["n_claims"] == 2  # a2's claims; a3 undated
    assert graph.graph["n_undated_dropped"] == 1


def test_claim_pairs_ignore_self_pairs():
    pairs = claim_pairs(make_claims([dict(claim_id="x", actors="A;B", target_actors="A")]), SEMANTICS)
    assert sorted(zip(pairs["source"], pairs["target"])) == [("A", "B")]


def test_collapse_edges_sums_types(claims):
    simple = collapse_edges(actor_network(claims, SEMANTICS))
    edge = simple.edges["Alice", "Bob"]
    assert edge["weight"] == 2 and edge["claim_types"] == "call;meeting"
    assert edge["polarity"] == "contested"


def test_affiliation_and_co_occurrence(claims):
    affiliation = affiliation_network(claims, by="story_id")
    assert nx.is_bipartite(affiliation)
    assert affiliation.edges["Alice", "story_id:s1"]["weight"] == 2
    co = co_occurrence_network(claims, by="article_id")
    assert co.edges["Alice", "Carol"]["weight"] == 2
    assert co.edges["Alice", "Carol"]["shared"] == "a1;a2"
    assert co.edges["Alice", "Dave"]["weight"] == 1  # both named in a2
    assert not co.has_edge("Bob", "Dave")


def test_congruence_network_agreement_and_conflict(claims):
    graph = congruence_network(claims, SEMANTICS)
    assert graph.edges["Dave", "Outlet X"]["relation"] == "conflict"
    assert graph.edges["Dave", "Outlet X"]["conflict_on"] == "s1"
    assert not graph.has_edge("Outlet X", "anonymous sources")  # different stories


def test_citation_network_and_outlet_level(claims, articles):
    mentions = pd.DataFrame({"article_id": ["a1", "a3"], "kind": ["outlet", "outlet"],
                             "canonical": ["Outlet Y", "Outlet X"],
                             "role": ["cited-source", "cited-source"]})
    graph = citation_network(claims, articles, mentions)
    assert graph.is_directed()
    assert sorted(graph.successors("a1")) == ["Outlet X", "Outlet Y"]
    assert graph.edges["a1", "Outlet X"]["n_claims"] == 1
    assert graph.edges["a1", "Outlet Y"]["n_mentions"] == 1
    assert graph.nodes["Outlet X"]["node_type"] == "outlet"
    assert graph.nodes["anonymous sources"]["node_type"] == "other source"
    assert graph.nodes["a3"]["outlet"] == "unknown" and "start" not in graph.nodes["a3"]
    assert graph.nodes["a1"]["start"] == "2023-07-10"
    outlets = outlet_citation_network(graph)
    assert outlets.edges["Paper A", "Outlet X"]["n_articles"] == 1
    # An article without an outlet is pooled as "(no outlet)", not ranked as a publisher.
    assert outlets.edges[NO_OUTLET, "Outlet X"]["article_ids"] == "a3"
    assert outlets.nodes[NO_OUTLET]["role"] == NO_OUTLET and "unknown" not in outlets
    assert outlets.nodes["Outlet X"]["role"] == "cited source"
    ranking = outlet_ranking(outlets)
    assert NO_OUTLET not in set(ranking["node"])
    assert set(ranking["node"]) == {"Paper A", "Paper B", "Outlet X", "Outlet Y", "anonymous sources"}
    # Outlet X is cited by Papers A and B and by the pool: only the two papers count.
    assert outlets.in_degree("Outlet X") == 3
    assert ranking.set_index("node").loc["Outlet X", "in_degree"] == 2


def test_centrality_and_communities_on_known_graph():
    graph = nx.Graph()
    graph.add_edges_from([("a", "b"), ("a", "c"), ("b", "c"), ("d", "e"), ("d", "f"),
                          ("e", "f"), ("c", "d")], weight=1)
    table = centrality_table(graph).set_index("node")
    assert table.loc["c", "degree"] == 3 and table.loc["a", "degree"] == 2
    assert table.loc["c", "betweenness"] == pytest.approx(0.6)
    communities = community_table(graph, seed=1)
    assert communities.groupby("community")["node"].apply(list).tolist() == [["a", "b", "c"], ["d", "e", "f"]]
    assert communities.attrs["modularity"] > 0.3
    assert community_table(graph, method="greedy")["community"].nunique() == 2


def test_centrality_of_empty_and_edgeless_graphs():
    assert centrality_table(nx.Graph()).empty
    lonely = nx.Graph()
    lonely.add_node("x")
    assert community_table(lonely)["community"].tolist() == [1]
    assert centrality_table(lonely).loc[0, "degree"] == 0


def test_edges_table_sorted(claims):
    table = edges_table(actor_network(claims, SEMANTICS))
    assert list(table[["source", "target", "claim_type"]].itertuples(index=False, name=None))[:2] == [
        ("Alice", "Bob", "call"), ("Alice", "Bob", "meeting")]


# --- loading -------------------------------------------------------------------------------


def test_missing_files_give_empty_tables(tmp_path):
    assert load_claims(tmp_path).empty and list(load_claims(tmp_path).columns) == CLAIM_COLUMNS
    assert load_articles(tmp_path).empty and load_actors(tmp_path).empty
    assert actor_network(load_claims(tmp_path), SEMANTICS).number_of_nodes() == 0
    assert story_reports(load_claims(tmp_path), load_articles(tmp_path)).empty


def test_articles_without_new_columns_are_undated_unknown_outlet(tmp_path):
    pd.DataFrame({"article_id": ["a"], "source_path": ["a.txt"], "body": ["body"]}).to_csv(
        tmp_path / "articles.csv", index=False)
    articles = load_articles(tmp_path)
    assert articles.loc[0, "outlet"] == "unknown" and articles.loc[0, "body"] == "body"
    claims = make_claims([dict(claim_id="c", article_id="a", story_id="s")])
    assert story_reports(claims, articles)["role"].tolist() == ["undated"]


def test_duplicate_claim_id_is_named(tmp_path):
    row = dict(claim_id="c001", coder="A", quote="q", start="0", end="1", attributed_to="X",
               hedged="no", date_precision="unknown")
    make_claims([row, row]).to_csv(tmp_path / "claims.csv", index=False)
    with pytest.raises(InputError, match=r"row 3 \(c001\), claim_id: duplicate of row 2"):
        load_claims(tmp_path)


def test_articles_without_body_are_refused(tmp_path):
    pd.DataFrame({"article_id": ["a"], "text": ["only the raw text"]}).to_csv(
        tmp_path / "articles.csv", index=False)
    with pytest.raises(InputError, match="missing column.s. body"):
        load_articles(tmp_path)


def test_bad_event_date_names_the_claim(claims):
    claims.loc[0, "event_start"] = "last spring"
    with pytest.raises(InputError, match="claim c1: 'last spring' is not an ISO date"):
        actor_network(claims, SEMANTICS)


@pytest.mark.parametrize("start, end, precision, lower, upper", [
    ("2023-04-27", "", "day", "2023-04-27", "2023-04-27"),
    ("2023-04", "", "", "2023-04-01", "2023-04-30"),
    ("2023-04-27", "", "month", "2023-04-01", "2023-04-30"),
    ("2023-06", "", "season", "2023-06-01", "2023-08-31"),
    ("2023", "", "", "2023-01-01", "2023-12-31"),
    ("2023-03-15", "", "year", "2023-01-01", "2023-12-31"),
    ("2023-06-26", "", "week", "2023-06-26", "2023-07-02"),
    ("2023-10", "2023-12", "season", "2023-10-01", "2023-12-31"),
    ("", "2023-05", "", None, "2023-05-31"),
    ("", "", "unknown", None, None),
])
def test_date_bounds(start, end, precision, lower, upper):
    bounds = date_bounds(start, end, precision)
    assert (None if pd.isna(bounds.lower) else str(bounds.lower.date())) == lower
    assert (None if pd.isna(bounds.upper) else str(bounds.upper.date())) == upper


@pytest.mark.parametrize("value", ["2024-02-14T00:44:00", "20230101", "2023-W05", "2023-4-1"])
def test_date_bounds_accepts_only_strict_iso(value):
    with pytest.raises(InputError, match="is not an ISO date"):
        date_bounds(value, "", "day", where="row 2")


def test_date_bounds_rejects_reversed_interval():
    with pytest.raises(InputError, match="before start"):
        date_bounds("2023-05", "2023-04", where="row 2")


def test_split_list():
    assert split_list(" A ; B;;A; ") == ["A", "B"]
    assert split_list("") == []


@pytest.mark.parametrize("qualifier, story, years, expected_edges", [
    ("all", "(all)", None, 4), ("conflict", "(all)", None, 1), ("all", "s2", None, 1),
    ("all", "(all)", (2023, 2023), 3),
])
def test_actor_network_view_and_explorer(claims, registry, qualifier, story, years, expected_edges):
    import matplotlib

    matplotlib.use("Agg")
    from helpers.figures import actor_network_explorer, actor_network_view

    fig = actor_network_view(claims, SEMANTICS, registry, qualifier=qualifier, story=story, years=years)
    assert f", {expected_edges} edges" in fig.axes[0].get_title()
    box = actor_network_explorer(claims, SEMANTICS, registry)
    assert box.children[0].children[1].options == ("(all)", "s1", "s2")


def test_codebook_claim_types_follow_the_codebook(tmp_path):
    from helpers.claimdata import codebook_claim_types

    from helpers.paths import ANNOTATIONS_DIR

    text = (ANNOTATIONS_DIR / "codebook.yml").read_text(encoding="utf-8")
    (tmp_path / "codebook.yml").write_text(text, encoding="utf-8")
    assert codebook_claim_types(tmp_path)[:3] == ["meeting", "call", "contact"]
    (tmp_path / "codebook.yml").write_text("claim_types: [meeting]\n", encoding="utf-8")
    with pytest.raises(InputError, match="no 'fields' section"):
        codebook_claim_types(tmp_path)


def test_codebook_absent_gives_no_types(tmp_path):
    from helpers.claimdata import codebook_claim_types

    assert codebook_claim_types(tmp_path) == []


def test_claim_type_colours_follow_the_given_order():
    from helpers.figures import CLAIM_TYPE_PALETTE, category_colours

    order = ["meeting", "call", "denial"]
    only_denial = category_colours(["denial"], palette=CLAIM_TYPE_PALETTE, order=order)
    everything = category_colours(order, palette=CLAIM_TYPE_PALETTE, order=order)
    assert only_denial["denial"] == everything["denial"] == CLAIM_TYPE_PALETTE[2]


@pytest.mark.parametrize("precision, start, end, lower, upper", [
    ("before", "", "2023-07-28", None, "2023-07-28"),
    ("after", "2023-04-20", "", "2023-04-20", None),
    ("part_of_month", "2023-04-21", "2023-04-30", "2023-04-21", "2023-04-30"),
])
def test_open_and_partial_precisions(precision, start, end, lower, upper):
    bounds = date_bounds(start, end, precision)
    assert (None if pd.isna(bounds.lower) else str(bounds.lower.date())) == lower
    assert (None if pd.isna(bounds.upper) else str(bounds.upper.date())) == upper


def test_open_interval_reaches_into_windows():
    claims = make_claims([dict(claim_id="b", actors="A", target_actors="B", claim_type="meeting",
                               event_end="2023-07-28", date_precision="before")])
    assert actor_network(claims, SEMANTICS, window=("2020-01-01", "2020-12-31")).number_of_edges() == 1
    assert actor_network(claims, SEMANTICS, window=("2024-01-01", "2024-12-31")).number_of_edges() == 0


def test_speech_claim_co_actors_are_not_paired():
    claims = make_claims([dict(claim_id="d", actors="White House;Spokeswoman", claim_type="confirmation",
                               stance="confirmed"),
                          dict(claim_id="m", actors="X;Y", claim_type="meeting")])
    graph = actor_network(claims, SEMANTICS)
    assert list(graph.edges()) == [("X", "Y")]
    assert graph.number_of_nodes() == 4


@pytest.mark.parametrize("directed", [False, True])
def test_igraph_gives_the_networkx_centralities(directed, monkeypatch):
    """Above the threshold igraph computes betweenness and closeness: the same table as
    networkx on graphs with weights, several components, an isolated node and one-way links."""
    import random

    from helpers import rules

    rng = random.Random(7)
    graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(f"n{i:02d}" for i in range(40))
    for _ in range(90):
        u, v = rng.sample(range(36), 2)  # n36-n39 stay apart; n36.. get one small component below
        graph.add_edge(f"n{u:02d}", f"n{v:02d}", weight=rng.choice([1, 1, 2, 4]))  # 1/weight exact in binary: ties are ties for both
    graph.add_edge("n37", "n38", weight=2)
    exact = centrality_table(graph)
    assert graph.number_of_edges() > 50
    import dataclasses

    shipped = rules.thresholds()
    assert shipped.centrality_exact_max_edges > graph.number_of_edges()  # networkx computed `exact`
    monkeypatch.setattr(rules, "thresholds", lambda: dataclasses.replace(shipped, centrality_exact_max_edges=10))
    fast = centrality_table(graph)
    pd.testing.assert_frame_equal(fast, exact, atol=2e-6, rtol=0)
    assert fast["betweenness"].gt(0).sum() > 10 and (fast.set_index("node").loc["n39", "closeness"] == 0)
