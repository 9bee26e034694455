"""Tests for helpers.figures: one save (200 dpi PNG + stable SVG), one colour per category in
every figure and view, readable labels, no overlapping node labels, no empty figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from PIL import Image

from claim_tables import SEMANTICS, make_claims
from helpers.figures import (
    NEUTRAL,
    actor_network_view,
    article_labels,
    discard_figure,
    draw_network,
    new_figure,
    plot_hedging_profile,
    print_style,
    save_figure,
    side_order,
    timeline_figure,
)
from helpers.networks import NO_OUTLET, actor_network
from helpers.paths import OUTPUTS_DIR
from helpers.stories import no_relay_reason, propagation_network, story_reports


@pytest.fixture
def claims() -> pd.DataFrame:
    return make_claims([
        dict(claim_id="c1", article_id="a1", story_id="s1", claim_type="meeting",
             actors="Alice", target_actors="Bob", event_start="2023-04", date_precision="month"),
        dict(claim_id="c2", article_id="a2", story_id="s2", claim_type="denial", actors="Carol",
             target_actors="Bob", stance="denied", event_start="2023-05-02", date_precision="day"),
        dict(claim_id="c3", article_id="a2", story_id="s2", claim_type="call", actors="Bob",
             target_actors="Dan", event_start="2023-05-01", date_precision="day"),
    ])


@pytest.fixture
def registry() -> pd.DataFrame:
    return pd.DataFrame({"canonical": ["Alice", "Bob", "Carol", "Dan"], "kind": "person",
                         "side": ["East", "West", "North", "West"], "country": ""})


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame({"article_id": ["a1", "a2"], "outlet": ["Paper", ""],
                         "title": ["Secret talks in Vienna between envoys", "Denial"],
                         "published": ["2023-06-01", ""], "published_precision": ["day", ""]})


def legend_colours(legend) -> dict[str, str]:
    """Label -> colour (hex) of a legend's markers or lines."""
    colours = {}
    for handle, text in zip(legend.legend_handles, legend.get_texts()):
        colour = handle.get_markerfacecolor() if handle.get_marker() not in (None, "None", "") \
            else handle.get_color()
        colours[text.get_text()] = to_hex(colour)
    return colours


def test_save_figure_writes_200_dpi_png_and_the_same_svg_bytes_twice(tmp_path):
    figure, axes = new_figure()
    axes.plot([0, 1], [0, 1])
    plt.close(figure)
    png, svg = save_figure(figure, tmp_path, "line")  # outside print_style: still 200 dpi
    assert Image.open(png).info["dpi"] == pytest.approx((200, 200), abs=0.1)
    first = svg.read_bytes()
    save_figure(figure, tmp_path, "line")
    assert svg.read_bytes() == first and b"<dc:date>" not in first
    assert discard_figure(tmp_path, "line") == [png, svg] and not png.exists()
    assert discard_figure(tmp_path, "line") == []


def test_every_committed_figure_is_200_dpi():
    pngs = sorted((OUTPUTS_DIR / "figures").glob("*.png"))
    assert pngs
    for path in pngs:
        assert Image.open(path).info["dpi"] == pytest.approx((200, 200), abs=0.1), path.name


def test_side_and_claim_type_keep_their_colour_in_every_figure_and_view(claims, registry, articles):
    with print_style():
        fig, ax = plt.subplots()
        draw_network(actor_network(claims, SEMANTICS, registry), ax, node_order=side_order(registry),
                     edge_order=SEMANTICS.claim_types)
    static_sides, static_types = (legend_colours(legend) for legend in
                                  [ax.artists[0] if ax.artists else None, ax.get_legend()])
    plt.close(fig)
    # The explorer's view of one story shows fewer sides and types: same colours.
    view = actor_network_view(claims, SEMANTICS, registry, story="s2")
    view_legends = [child for child in view.axes[0].get_children()
                    if isinstance(child, matplotlib.legend.Legend)]
    view_sides, view_types = (legend_colours(legend) for legend in view_legends)
    plt.close(view)
    assert set(view_sides) == {"North", "West"} and len(static_sides) == 3
    assert all(view_sides[side] == static_sides[side] for side in view_sides)
    assert set(view_types) == {"call", "denial", "denied / conflict"}
    assert all(view_types[t] == static_types[t] for t in ("call", "denial"))
    # The timeline colours claim types as the networks do.
    timeline = timeline_figure(claims, articles, SEMANTICS)
    bars = {to_hex(patch.get_facecolor()) for patch in timeline.axes[0].patches}
    plt.close(timeline)
    assert {static_types["meeting"], static_types["denial"], static_types["call"]} <= bars


def test_article_labels_are_readable_and_unique():
    articles = pd.DataFrame({
        "article_id": ["0123456789abcdef", "fedcba9876543210", "aaaa000011112222"],
        "outlet": ["RT", "", "RT"], "published": ["2023-07-28", "", "2023-07-28"],
        "title": ["Talks in Ankara", "Pourquoi le conseiller de Biden mène-t-il des entretiens",
                  "A second story the same day"]})
    labels = article_labels(articles)
    assert labels["fedcba9876543210"] == f"{NO_OUTLET} · Pourquoi le conseiller de Biden…"
    assert labels["0123456789abcdef"] == "RT · 2023-07-28 · Talks in Ankara"
    assert len(set(labels.values())) == 3
    assert not any(article_id in label for article_id, label in labels.items())


def test_hedging_bars_label_articles_without_outlet_and_put_them_last():
    table = pd.DataFrame({"group": ["", "RT", "7sur7"], "marker_share": [0.2, 0.3, 0.5],
                          "coded_share": [0.3, 0.2, 0.6]})
    figure = plot_hedging_profile(table)
    plt.close(figure)
    labels = [tick.get_text() for tick in figure.axes[0].get_xticklabels()]
    assert labels == ["RT", "7sur7", NO_OUTLET]


def test_network_labels_do_not_overlap_and_unplaced_ones_are_named():
    graph = nx.Graph()
    hub = "A rather long central node name"
    graph.add_node(hub, label=hub, side="x")
    for i in range(14):  # a crowded star: not every long label fits beside its node
        name = f"Satellite node with a long name {i}"
        graph.add_node(name, label=name, side="y")
        graph.add_edge(hub, name, weight=1)
    with print_style():
        fig, ax = plt.subplots(figsize=(4, 3))
        draw_network(graph, ax, edge_colour_by=None)
    renderer = fig.canvas.get_renderer()
    labels = [t for t in ax.texts if t.get_text() in {d["label"] for _, d in graph.nodes(data=True)}]
    boxes = [t.get_window_extent(renderer) for t in labels]
    assert labels and hub in [t.get_text() for t in labels]  # the strongest node keeps its label
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    notes = [t.get_text() for t in ax.texts if t.get_text().startswith("Not labelled")]
    if len(labels) < graph.number_of_nodes():
        assert len(notes) == 1
    plt.close(fig)


def test_no_outlet_pool_is_grey_and_propagation_without_relays_says_why(articles):
    claims = make_claims([dict(claim_id="c1", article_id="a1", story_id="s"),
                          dict(claim_id="c2", article_id="a2", story_id="s")])
    reports = story_reports(claims, articles)
    graph = propagation_network(reports)
    assert graph.number_of_edges() == 0 and NO_OUTLET in graph
    reason = no_relay_reason(reports)
    assert "(1 story: 0 without a dated report, 1 with one, 0 with several" in reason
    assert "1 undated report cannot be put in order" in reason
    with print_style():
        fig, ax = plt.subplots()
        draw_network(graph, ax, node_colour_by="node_type", edge_colour_by=None)
    colours = legend_colours(ax.get_legend())
    plt.close(fig)
    assert colours[NO_OUTLET] == NEUTRAL.lower()
    dated = articles.assign(outlet=["Paper", "Wire"], published=["2023-06-01", "2023-06-03"])
    assert no_relay_reason(story_reports(claims, dated)) == ""
