"""Shared figure style for chapters 4 and 5: print-friendly, colour-blind safe, stable bytes.

Reads nothing; :func:`save_figure` writes a figure as PNG and SVG whose bytes only change when
the figure does (fixed SVG hash salt, no dates or software stamps in the metadata).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import networkx as nx
from matplotlib import patheffects
from matplotlib.lines import Line2D

#: Okabe & Ito (2008) colours, distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
             "#000000"]
#: The same colours in another order, for claim types and other edge categories: they stay
#: distinct from node colours in one figure and identical across chapters' figures.
#: Beyond Okabe-Ito's eight, four dark colours of Paul Tol's colour-blind safe "muted" scheme
#: (indigo, wine, olive, teal), so a codebook of up to twelve claim types needs no repeats.
CLAIM_TYPE_PALETTE = ["#CC79A7", "#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9",
                      "#F0E442", "#000000", "#332288", "#882255", "#999933", "#44AA99"]
#: For "unknown"/"other" categories.
NEUTRAL = "#999999"

STYLE = {
    "svg.hashsalt": "backchannel",
    "svg.fonttype": "none",  # text stays text in SVG: searchable, editable, small
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.labelsize": 10,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
}


@contextmanager
def print_style():
    """Context in which figures get the shared style (restored afterwards)."""
    # Jupyter's inline backend is loaded with the first figure and switches "interactive" on;
    # if that happens inside the context, leaving it must not switch it off again (later
    # figures would silently not be shown).
    interactive = mpl.is_interactive()
    try:
        with mpl.rc_context(STYLE):
            try:
                yield
            finally:
                interactive = mpl.is_interactive()
    finally:
        mpl.interactive(interactive)


def category_colours(categories: Iterable[str], unknown: Iterable[str] = ("unknown", ""),
                     palette: list[str] | None = None, order: Iterable[str] | None = None) -> dict:
    """Stable colour per category: palette colours in ``order`` (default: sorted), grey for
    unknown ones. Passing the same ``order`` (e.g. the codebook's claim types) gives a category
    the same colour in every figure. More categories than colours cycle through the palette.
    """
    palette = palette or OKABE_ITO
    unknown = set(unknown)
    categories = set(categories)
    ranked = [c for c in dict.fromkeys(order or []) if c not in unknown]
    ranked += sorted(c for c in categories if c not in unknown and c not in ranked)
    colours = {c: palette[ranked.index(c) % len(palette)] for c in categories if c not in unknown}
    colours.update({c: NEUTRAL for c in categories & unknown})
    return colours


def save_figure(fig: plt.Figure, folder: Path | str, stem: str) -> list[Path]:
    """Write ``stem.png`` and ``stem.svg`` into ``folder`` (via temporary files); returns paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for extension, metadata in (("png", {"Software": None}), ("svg", {"Date": None})):
        path = folder / f"{stem}.{extension}"
        temporary = folder / f".{stem}.tmp.{extension}"
        # Legends placed outside the axes are not all counted by the tight bounding box.
        legends = [child for ax in fig.axes for child in ax.get_children()
                   if isinstance(child, mpl.legend.Legend)] + list(fig.legends)
        with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
            fig.savefig(temporary, format=extension, metadata=metadata, bbox_inches="tight",
                        bbox_extra_artists=legends)
        os.replace(temporary, path)
        paths.append(path)
    return paths


def halo(width: float = 3) -> list:
    """White outline so labels stay legible over edges."""
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def draw_network(
    graph: nx.Graph,
    ax: plt.Axes,
    node_colour_by: str = "side",
    edge_colour_by: str | None = "claim_type",
    seed: int = 7,
    title: str = "",
    label_nodes: bool = True,
    node_label: str = "label",
    edge_order: Iterable[str] | None = None,
) -> dict:
    """Draw ``graph`` on ``ax``: node colour by a node attribute, size by weighted degree, edge
    colour by an edge attribute and width by weight; seeded spring layout; legends for both.

    Multigraph edges of the same pair are drawn as separate arcs. ``edge_order`` (e.g. all
    claim types of the codebook) fixes which colour each edge category gets. Returns the layout.
    """
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    if graph.number_of_nodes() == 0:
        ax.text(0.5, 0.5, "no nodes", ha="center", va="center", transform=ax.transAxes)
        return {}
    simple = nx.Graph(graph.to_undirected()) if graph.is_multigraph() else graph
    # ForceAtlas2 with strong gravity keeps separate components and isolates close by; the seed
    # makes the picture the same on every run.
    positions = nx.forceatlas2_layout(simple, seed=seed, max_iter=400, strong_gravity=True,
                                      gravity=0.5, scaling_ratio=4.0)
    positions = {n: (round(float(x), 4), round(float(y), 4)) for n, (x, y) in positions.items()}
    node_values = [str(graph.nodes[n].get(node_colour_by, "unknown")) for n in graph]
    node_palette = category_colours(node_values)
    strength = dict(graph.degree(weight="weight"))
    size_of = {n: 250 + 120 * strength[n] for n in graph}
    sizes = [size_of[n] for n in graph]
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=node_palette[v],
                      label=f"{v}") for v in sorted(node_palette, key=lambda v: (v == "unknown", v))]
    if edge_colour_by:
        edge_values = [str(d.get(edge_colour_by, "")) for *_, d in graph.edges(data=True)]
        edge_palette = category_colours(edge_values, palette=CLAIM_TYPE_PALETTE,
                                        order=edge_order)
        edge_palette = dict(sorted(edge_palette.items()))
    arc = {}
    edges = graph.edges(keys=True, data=True) if graph.is_multigraph() else \
        ((u, v, None, d) for u, v, d in graph.edges(data=True))
    for u, v, _key, data in edges:
        pair = tuple(sorted((u, v)))
        arc[pair] = arc.get(pair, -1) + 1
        colour = edge_palette[str(data.get(edge_colour_by, ""))] if edge_colour_by else NEUTRAL
        one = nx.DiGraph([(u, v)])  # one edge at a time, so parallel edges get their own arc
        nx.draw_networkx_edges(
            one, positions, ax=ax, edge_color=colour, alpha=0.85, arrows=True,
            arrowstyle="-|>" if graph.is_directed() else "-", arrowsize=14,
            width=1 + 1.2 * float(data.get("weight", 1)),
            style="dashed" if data.get("polarity") == "denied" or data.get("relation") == "conflict"
            else "solid",
            connectionstyle=f"arc3,rad={0.18 * arc[pair]}", node_size=size_of[v],
        )
    nx.draw_networkx_nodes(graph, positions, ax=ax, node_size=sizes,
                           node_color=[node_palette[v] for v in node_values],
                           edgecolors="black", linewidths=0.6)
    if label_nodes:
        for node, (x, y) in positions.items():
            ax.annotate(str(graph.nodes[node].get(node_label, node)), (x, y), fontsize=8.5,
                        xytext=(0, -(size_of[node] ** 0.5) / 2 - 2), textcoords="offset points",
                        ha="center", va="top", path_effects=halo(), zorder=5)
    legend = ax.legend(handles=handles, title=node_colour_by.replace("_", " "),
                       loc="upper left", bbox_to_anchor=(1.0, 1.0))
    ax.add_artist(legend)
    if edge_colour_by:
        edge_handles = [Line2D([], [], color=c, linewidth=2.5, label=v or "(none)")
                        for v, c in edge_palette.items()]
        if any(d.get("polarity") == "denied" or d.get("relation") == "conflict"
               for *_, d in graph.edges(data=True)):
            edge_handles.append(Line2D([], [], color=NEUTRAL, linestyle="dashed", linewidth=2,
                                       label="denied / conflict"))
        ax.legend(handles=edge_handles, title=edge_colour_by.replace("_", " "),
                  loc="lower left", bbox_to_anchor=(1.0, 0.0))
    ax.margins(0.12)
    return positions


def actor_network_view(claims, registry=None, articles=None, qualifier: str = "all",
                       story: str = "(all)", directed: bool = False,
                       years: tuple[int, int] | None = None, seed: int = 7) -> plt.Figure:
    """The actor network for one story (or all), one stance qualifier and optionally a period
    of event years, drawn with :func:`draw_network`; the title gives claim and edge counts."""
    from helpers.networks import actor_network

    chosen = claims if story == "(all)" else claims[claims["story_id"] == story]
    window = (f"{years[0]}-01-01", f"{years[1]}-12-31") if years else None
    graph = actor_network(chosen, registry, directed=directed, qualifier=qualifier,
                          window=window, articles=articles)
    left_out = graph.graph["n_undated_dropped"]
    with print_style():
        fig, ax = plt.subplots(figsize=(9, 6))
        draw_network(graph, ax, seed=seed, edge_order=sorted(set(claims["claim_type"])), title=(
            f"{graph.graph['n_claims']} claims, {graph.number_of_edges()} edges"
            + (f" ({left_out} undated claims left out)" if window else "")))
    return fig


def actor_network_explorer(claims, registry=None, articles=None, seed: int = 7):
    """Interactive view (ipywidgets) of :func:`actor_network_view`: choose stance qualifier,
    story, direction and a period of event years; the drawing updates.

    Returns the widget box to display in a notebook (its output is not reproducible text, so
    tag the cell ``# NBVAL_IGNORE_OUTPUT``).
    """
    import ipywidgets as widgets

    from helpers.networks import QUALIFIERS

    years = sorted({int(v[:4]) for v in claims["event_start"] if str(v)[:4].isdigit()})
    stories = ["(all)"] + sorted(s for s in set(claims["story_id"]) if s)
    qualifier = widgets.Dropdown(options=QUALIFIERS, value="all", description="stance")
    story = widgets.Dropdown(options=stories, value="(all)", description="story")
    directed = widgets.Checkbox(value=False, description="directed")
    period = widgets.IntRangeSlider(value=(years[0], years[-1]) if years else (0, 0),
                                    min=years[0] if years else 0, max=years[-1] if years else 0,
                                    description="years", disabled=not years)
    use_period = widgets.Checkbox(value=False, description="only this period",
                                  disabled=not years)

    def show(qualifier, story, directed, period, use_period):
        actor_network_view(claims, registry, articles, qualifier, story, directed,
                           period if use_period else None, seed)
        plt.show()

    output = widgets.interactive_output(show, dict(
        qualifier=qualifier, story=story, directed=directed, period=period, use_period=use_period))
    return widgets.VBox([widgets.HBox([qualifier, story, directed]),
                         widgets.HBox([period, use_period]), output])


def new_figure(width: float = 7.0, height: float = 3.5) -> tuple[plt.Figure, plt.Axes]:
    """A figure and axes in the shared style (for chapters that draw one simple chart)."""
    with print_style():
        return plt.subplots(figsize=(width, height), layout="constrained")
