"""Every figure of the chapters, in one place: one style, one palette per category, one save.

Reads the tables the chapters build (articles, problems, mention counts, hedging shares,
graphs, claims) and returns matplotlib figures; :func:`save_figure` is the only writer: PNG at
200 dpi (as the data dictionary promises) and SVG, whose bytes only change when the figure does
(fixed SVG hash salt, no dates or software stamps in the metadata).

A category keeps its colour in every figure and view: claim types are coloured in the
codebook's order (:data:`CLAIM_TYPE_PALETTE`), sides in the registry's order (:data:`OKABE_ITO`),
whatever subset a figure shows.

* chapter 1 (ingest): :func:`plot_corpus_overview`
* chapter 2 (actors): :func:`plot_actor_heatmap`, with :func:`article_labels`
* chapter 3 (claims): :func:`plot_hedging_profile`
* chapter 4 (networks): :func:`draw_network`, :func:`actor_network_view`,
  :func:`actor_network_explorer`; stories: :func:`plot_outlet_reuse`, :func:`plot_relays`
* chapter 5 (timeline): :func:`timeline_figure`, :func:`lag_figure`
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import matplotlib as mpl
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.claimdata import UNKNOWN
from helpers.networks import NO_OUTLET, QUALIFIERS, actor_network
from helpers.semantics import ClaimSemantics, check_claims
from helpers.stories import short_title
from helpers.timeline import LANE_KINDS, event_intervals, publication_points

#: Okabe & Ito (2008) colours, distinguishable with the common colour-vision deficiencies; the
#: palette of node categories (sides, roles). Yellow comes late: it is faint on white paper.
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442",
             "#000000"]
#: The same colours in another order, for claim types and other edge categories: they stay
#: distinct from node colours in one figure and identical across chapters' figures.
#: Beyond Okabe-Ito's eight, four dark colours of Paul Tol's colour-blind safe "muted" scheme
#: (indigo, wine, olive, teal), so a codebook of up to twelve claim types needs no repeats;
#: yellow (faint as a line) last.
CLAIM_TYPE_PALETTE = ["#CC79A7", "#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9",
                      "#000000", "#332288", "#882255", "#999933", "#44AA99", "#F0E442"]
#: For "unknown"/"other" categories.
NEUTRAL = "#999999"
#: Category values that mean "not known" and are drawn in :data:`NEUTRAL` grey.
UNKNOWN_CATEGORIES = ("unknown", "", "unspecified", NO_OUTLET)
#: Longest article title kept in a figure label (cut at a word, with an ellipsis).
TITLE_CHARS = 32

#: Resolution of every saved PNG (the data dictionary promises 200 dpi).
SAVE_DPI = 200

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
    "savefig.dpi": SAVE_DPI,
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


def category_colours(categories: Iterable[str], unknown: Iterable[str] = UNKNOWN_CATEGORIES,
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


def side_order(registry: pd.DataFrame | None) -> list[str]:
    """Every side of the registry's actors, sorted: the order that fixes each side's colour in
    all figures and views, whichever actors one of them shows."""
    if registry is None or "side" not in registry:
        return []
    return sorted({str(side) for side in registry["side"]} - set(UNKNOWN_CATEGORIES))


def save_figure(fig: plt.Figure, folder: Path | str, stem: str) -> list[Path]:
    """Write ``stem.png`` (200 dpi) and ``stem.svg`` into ``folder`` (via temporary files).

    The resolution is set here, not taken from the style, so a figure saved outside
    :func:`print_style` gets the same 200 dpi. Returns the two paths.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for extension, metadata in (("png", {"Software": None}), ("svg", {"Date": None})):
        path = folder / f"{stem}.{extension}"
        temporary = folder / f".{stem}.tmp.{extension}"
        # Legends placed outside the axes, and notes or labels beyond them, are not all counted
        # by the tight bounding box unless named.
        legends = [child for ax in fig.axes for child in ax.get_children()
                   if isinstance(child, mpl.legend.Legend)] + list(fig.legends)
        extra = list(dict.fromkeys(fig.get_default_bbox_extra_artists() + legends))
        with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
            fig.savefig(temporary, format=extension, metadata=metadata, bbox_inches="tight",
                        bbox_extra_artists=extra, dpi=SAVE_DPI)
        os.replace(temporary, path)
        paths.append(path)
    return paths


def discard_figure(folder: Path | str, stem: str) -> list[Path]:
    """Delete ``stem.png`` and ``stem.svg`` from ``folder`` if present (a figure a re-run no
    longer draws must not linger from an earlier run); returns the paths deleted."""
    deleted = []
    for extension in ("png", "svg"):
        path = Path(folder) / f"{stem}.{extension}"
        if path.exists():
            path.unlink()
            deleted.append(path)
    return deleted


def halo(width: float = 3) -> list:
    """White outline so labels stay legible over edges."""
    return [patheffects.withStroke(linewidth=width, foreground="white")]


def new_figure(width: float = 7.0, height: float = 3.5) -> tuple[plt.Figure, plt.Axes]:
    """A figure and axes in the shared style (for chapters that draw one simple chart)."""
    with print_style():
        return plt.subplots(figsize=(width, height), layout="constrained")



# --------------------------------------------------------------------------- chapter 1: ingest


def plot_corpus_overview(articles: pd.DataFrame, problems: pd.DataFrame) -> plt.Figure:
    """Bar chart of article lengths by source file, with the problem count in the title."""
    figure, axes = new_figure(7, 0.45 * max(len(articles), 2) + 1.2)
    ordered = articles.sort_values("source_path", ascending=False)
    colours = [NEUTRAL if dup else "#0072B2" for dup in ordered["duplicate_of"].fillna("").ne("")]
    axes.barh(ordered["source_path"], ordered["n_chars"], color=colours)
    axes.set_xlabel("characters after decoding (title, body, comments and boilerplate)")
    axes.set_title(
        f"{len(articles)} articles ingested, {int((problems['status'] == 'problem').sum())} problems, "
        f"{int((problems['status'] == 'skipped').sum())} skipped"
    )
    return figure


# --------------------------------------------------------------------------- chapter 2: actors


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """A readable label per article for figures: "outlet · date", or "outlet · short title" when
    undated; "(no outlet)" when the outlet is unknown. Labels two articles would share get the
    short title (then the id) added, so every label is unique."""
    def cell(row: dict, column: str) -> str:
        value = row.get(column, "")
        return "" if pd.isna(value) else str(value).strip()

    rows = articles.to_dict("records")
    labels = {}
    for row in rows:
        outlet = cell(row, "outlet")
        outlet = outlet if outlet and outlet != UNKNOWN else NO_OUTLET
        labels[cell(row, "article_id")] = f"{outlet} · " + (
            cell(row, "published")[:10] or short_title(cell(row, "title"), TITLE_CHARS) or "undated")
    for extra in ("title", "article_id"):
        counts = pd.Series(list(labels.values())).value_counts()
        for row in rows:
            article_id = cell(row, "article_id")
            if counts.get(labels[article_id], 0) > 1:
                addition = short_title(cell(row, "title"), 20) if extra == "title" else article_id[:8]
                if addition and addition not in labels[article_id]:
                    labels[article_id] += f" · {addition}"
    return labels


def plot_actor_heatmap(by_article: pd.DataFrame, labels: dict[str, str] | None = None,
                       title: str = "Who appears where: mentions of each actor per article") -> plt.Figure:
    """Heat map of an actors × articles count table (``actor_article_matrix``), counts written in
    the cells; cividis is readable in grey and by colour-blind readers. Columns are labelled
    with ``labels`` (article_id -> label, see :func:`article_labels`) when given."""
    counts = by_article.to_numpy()
    labels = labels or {}
    with print_style():
        figure, axes = plt.subplots(figsize=(7.5, 0.28 * len(by_article) + 1.8), layout="constrained")
        image = axes.imshow(counts, cmap="cividis", aspect="auto")
        axes.set_xticks(range(by_article.shape[1]),
                        [labels.get(article_id, article_id) for article_id in by_article.columns],
                        rotation=30, ha="right")
        axes.set_yticks(range(by_article.shape[0]), by_article.index)
        peak = counts.max() if counts.size else 0
        for (row, column), count in np.ndenumerate(counts):
            if count:
                axes.text(column, row, str(count), ha="center", va="center", fontsize=8,
                          color="black" if count > peak / 2 else "white")
        axes.set_title(title)
        axes.set_xlabel("article (outlet · publication date, or title when undated)" if labels
                        else "article (article_id)")
        axes.set_ylabel("actor (canonical name)")
        figure.colorbar(image, ax=axes, label="mentions", shrink=0.6, ticks=range(int(peak) + 1))
    return figure


# --------------------------------------------------------------------------- chapter 3: claims


def plot_hedging_profile(table: pd.DataFrame, title: str = "Hedging by outlet") -> plt.Figure:
    """Grouped bars per group (``hedging_by_group``): share of sentences with hedging markers
    vs share of hand-coded claims marked hedged. Articles without an outlet (blank group) are
    labelled "(no outlet)" and shown last: a pool of articles, not an outlet."""
    colours = ["#0072B2", "#E69F00"]  # Okabe-Ito blue and orange (colour-blind safe)
    pooled = table["group"].fillna("").astype(str).str.strip().isin(["", UNKNOWN])
    table = pd.concat([table[~pooled], table[pooled].assign(group=NO_OUTLET)])
    positions = np.arange(len(table))
    figure, axes = new_figure(8, 4)
    axes.bar(positions - 0.2, table["marker_share"], 0.4, label="sentences with hedging markers",
             color=colours[0])
    axes.bar(positions + 0.2, table["coded_share"], 0.4, label="hand-coded claims marked hedged",
             color=colours[1])
    axes.set_xticks(positions, table["group"], rotation=20, ha="right")
    axes.set_ylim(0, 1)
    axes.set_ylabel("share")
    axes.set_xlabel("outlet (or article file when outlets are not resolved)")
    axes.set_title(title)
    axes.legend(loc="upper right", fontsize="small")
    return figure


# --------------------------------------------------------------------------- chapter 4: networks


def _boxes_overlap(a, b, pad: float = 2.0) -> bool:
    return not (a.x1 + pad < b.x0 or b.x1 + pad < a.x0 or a.y1 + pad < b.y0 or b.y1 + pad < a.y0)


def place_labels(ax: plt.Axes, positions: dict, labels: dict, radius_points: dict,
                 order: Iterable) -> list:
    """Label nodes without overlap: each label (strongest node first, as ``order`` gives
    them) goes below, above, right or left of its node or at one of its corners, at the first
    place where it covers no other label and no node. The strongest fifth of the nodes (at least
    three), which a reader looks for first, may cover another node when nothing else is free;
    a label with no free place is left out. White halo over edges.

    ``radius_points`` is each node's marker radius in points. Returns the nodes left unlabelled.
    """
    figure = ax.figure
    renderer = figure.canvas.get_renderer()
    to_pixels = ax.transData.transform
    scale = figure.dpi / 72
    node_boxes = []
    for node, (x, y) in positions.items():
        cx, cy = to_pixels((x, y))
        r = radius_points[node] * scale
        node_boxes.append((node, mpl.transforms.Bbox([[cx - r, cy - r], [cx + r, cy + r]])))
    placed, left_out = [], []
    order = list(order)
    n_strongest = max(3, len(order) // 5)
    for rank, node in enumerate(order):
        gap = radius_points[node] + 2
        corner = gap * 0.75
        candidates = [((0, -gap), "center", "top"), ((0, gap), "center", "bottom"),
                      ((gap, 0), "left", "center"), ((-gap, 0), "right", "center"),
                      ((corner, -corner), "left", "top"), ((-corner, -corner), "right", "top"),
                      ((corner, corner), "left", "bottom"), ((-corner, corner), "right", "bottom")]
        passes = (True, False) if rank < n_strongest else (True,)
        for avoid_nodes in passes:
            for offset, ha, va in candidates:
                text = ax.annotate(labels[node], positions[node], xytext=offset,
                                   textcoords="offset points", ha=ha, va=va, fontsize=8.5,
                                   path_effects=halo(), zorder=5)
                box = text.get_window_extent(renderer)
                clash = any(_boxes_overlap(box, other) for other in placed) or avoid_nodes and any(
                    _boxes_overlap(box, other, pad=0) for name, other in node_boxes if name != node)
                if not clash:
                    placed.append(box)
                    break
                text.remove()
            else:
                continue
            break
        else:
            left_out.append(node)
    return left_out



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
    node_order: Iterable[str] | None = None,
) -> dict:
    """Draw ``graph`` on ``ax``: node colour by a node attribute, size by weighted degree, edge
    colour by an edge attribute and width by weight; seeded spring layout; legends for both.

    Multigraph edges of the same pair are drawn as separate arcs. ``edge_order`` (e.g. all
    claim types of the codebook) and ``node_order`` (e.g. all sides of the registry, see
    :func:`side_order`) fix which colour each category gets, so it is the same in every figure
    and view. Returns the layout.
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
    node_palette = category_colours(node_values, order=node_order)
    strength = dict(graph.degree(weight="weight"))
    size_of = {n: 250 + 120 * strength[n] for n in graph}
    ax.update_datalim(list(positions.values()))
    ax.margins(0.12)
    ax.autoscale_view()  # fix the limits now: label placement needs the final coordinates
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
        labels = {node: str(graph.nodes[node].get(node_label, node)) for node in graph}
        strongest_first = sorted(graph, key=lambda node: (-strength[node], labels[node]))
        left_out = place_labels(ax, positions, labels, {n: size_of[n] ** 0.5 / 2 for n in graph},
                                strongest_first)
        if left_out:
            # Name the unlabelled nodes while that stays short; the tables list every node.
            names = "; ".join(labels[node] for node in left_out) if len(left_out) <= 4 else \
                f"{len(left_out)} of {len(labels)} nodes"
            ax.text(0.0, -0.02, f"Not labelled (no free place beside the node): {names}",
                    transform=ax.transAxes, fontsize=8, color="#555555", va="top")
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
    return positions


def actor_network_view(claims: pd.DataFrame, semantics: ClaimSemantics,
                       registry: pd.DataFrame | None = None, articles: pd.DataFrame | None = None,
                       qualifier: str = "all", story: str = "(all)", directed: bool = False,
                       years: tuple[int, int] | None = None, seed: int = 7) -> plt.Figure:
    """The actor network for one story (or all), one stance qualifier and optionally a period
    of event years, drawn with :func:`draw_network`; the title gives claim and edge counts.

    Sides and claim types keep the colours of the chapter's static figure (registry order,
    codebook order), whichever story or period is shown.
    """
    chosen = claims if story == "(all)" else claims[claims["story_id"] == story]
    window = (f"{years[0]}-01-01", f"{years[1]}-12-31") if years else None
    graph = actor_network(chosen, semantics, registry, directed=directed, qualifier=qualifier,
                          window=window, articles=articles)
    left_out = graph.graph["n_undated_dropped"]
    with print_style():
        fig, ax = plt.subplots(figsize=(9, 6))
        draw_network(graph, ax, seed=seed, node_order=side_order(registry),
                     edge_order=semantics.claim_types, title=(
                         f"{graph.graph['n_claims']} claims, {graph.number_of_edges()} edges"
                         + (f" ({left_out} undated claims left out)" if window else "")))
    return fig


def actor_network_explorer(claims: pd.DataFrame, semantics: ClaimSemantics,
                           registry: pd.DataFrame | None = None,
                           articles: pd.DataFrame | None = None, seed: int = 7):
    """Interactive view (ipywidgets) of :func:`actor_network_view`: choose stance qualifier,
    story, direction and a period of event years; the drawing updates.

    Returns the widget box to display in a notebook (its output is not reproducible text, so
    tag the cell ``# NBVAL_IGNORE_OUTPUT``).
    """
    import ipywidgets as widgets

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
        actor_network_view(claims, semantics, registry, articles, qualifier, story, directed,
                           period if use_period else None, seed)
        plt.show()

    output = widgets.interactive_output(show, dict(
        qualifier=qualifier, story=story, directed=directed, period=period, use_period=use_period))
    return widgets.VBox([widgets.HBox([qualifier, story, directed]),
                         widgets.HBox([period, use_period]), output])



# --------------------------------------------------------------------------- chapter 5: timeline


def _lane_order(events: pd.DataFrame, reports: pd.DataFrame, lane: str) -> list[str]:
    """Lanes sorted by their earliest known date (events or reports), undated lanes last."""
    first: dict[str, pd.Timestamp] = {}
    for name, group in events.groupby(lane):
        first[name] = group["event_lower"].min()
    for name, group in reports.groupby("lane"):
        value = group["published_lower"].min()
        if name not in first or pd.isna(first[name]) or (not pd.isna(value) and value < first[name]):
            first[name] = value
    far = pd.Timestamp.max
    return sorted(first, key=lambda name: (far if pd.isna(first[name]) else first[name], name))


def timeline_figure(claims: pd.DataFrame, articles: pd.DataFrame, semantics: ClaimSemantics,
                    lane: str = "story_id", title: str = "Events and reports") -> plt.Figure:
    """Timeline: one lane per story (``lane="story_id"``) or actor pair (``"pair"``).

    Each coded event is a bar from its earliest to its latest possible day (colour = claim
    type, in the codebook's order as in every figure; hatched when its stance denies);
    publications of the articles reporting it are markers above the bars (a line shows a
    publication date known only to the month or year). Events and articles without a date
    appear in an "undated" column on the right.
    """
    if lane not in LANE_KINDS:
        raise ValueError(f"lane must be one of {LANE_KINDS}, not {lane!r}")
    check_claims(claims, semantics)
    claim_types = list(semantics.claim_types)
    events = event_intervals(claims)
    dates = publication_points(articles).set_index("article_id")
    report_rows = []
    for (name, article_id), _ in events.groupby([lane, "article_id"], sort=True):
        info = dates.loc[article_id] if article_id in dates.index else None
        report_rows.append({
            "lane": name, "article_id": article_id,
            "outlet": info["outlet"] if info is not None else UNKNOWN,
            "published_lower": info["published_lower"] if info is not None else pd.NaT,
            "published_upper": info["published_upper"] if info is not None else pd.NaT,
        })
    reports = pd.DataFrame(report_rows, columns=["lane", "article_id", "outlet",
                                                 "published_lower", "published_upper"])
    reports["published_lower"] = pd.to_datetime(reports["published_lower"])
    reports["published_upper"] = pd.to_datetime(reports["published_upper"])
    lanes = _lane_order(events, reports, lane)
    y_of = {name: index for index, name in enumerate(lanes)}
    type_colours = category_colours(events["claim_type"].replace("", UNKNOWN),
                                    palette=CLAIM_TYPE_PALETTE, order=claim_types)
    outlets = sorted(set(reports["outlet"]))
    # One marker per outlet while a reader can tell them apart; beyond that, one for all.
    shapes = ["v", "D", "s", "^", "P", "X", "*", "<"]
    outlet_markers = dict(zip(outlets, shapes)) if len(outlets) <= len(shapes) else \
        {outlet: "v" for outlet in outlets}

    height = max(2.5, 0.7 * len(lanes) + 1.6)
    fig, (ax, undated_ax) = plt.subplots(
        1, 2, figsize=(11, height), sharey=True, gridspec_kw={"width_ratios": [9, 1]})
    ax.set_title(title)
    known = pd.concat([events["event_lower"], events["event_upper"], reports["published_lower"],
                       reports["published_upper"]]).dropna()
    span_days = (known.max() - known.min()).days if len(known) else 0
    # Day-precise events would be invisible hairlines on a multi-year axis: give bars a minimum
    # visible width (centred on the day), wide enough to see, far narrower than a month.
    min_width = max(1.0, span_days / 200)
    for name, group in events.groupby(lane, sort=True):
        y = y_of[name]
        dated = group[group["dated"]].reset_index(drop=True)
        for i, event in dated.iterrows():
            offset = -0.32 + 0.3 * (i / max(1, len(dated) - 1)) if len(dated) > 1 else -0.17
            colour = type_colours[event["claim_type"] or UNKNOWN]
            if event["open_interval"]:
                # Only one bound is known: a dotted line from that bound to the edge of the
                # period shown, ending in a tick at the known bound.
                bound = event["event_upper"] if pd.isna(event["event_lower"]) else event["event_lower"]
                edge = known.min() if pd.isna(event["event_lower"]) else known.max()
                ax.plot([edge, bound], [y + offset] * 2, linestyle=":", linewidth=2.2, color=colour)
                ax.plot([bound], [y + offset], marker="|", markersize=9, color=colour)
                continue
            lower, upper = event["event_lower"], event["event_upper"]
            width = (upper - lower).days + 1
            left = lower if width >= min_width else lower - pd.Timedelta(days=(min_width - width) / 2)
            ax.barh(y + offset, max(width, min_width), left=left, height=0.14,
                    color=colour, alpha=0.85,
                    hatch="///" if event["stance"] in semantics.denying else None,
                    edgecolor="black", linewidth=0.4)
        n_undated = int((~group["dated"]).sum())
        if n_undated:
            undated_ax.scatter([0.3], [y - 0.17], marker="s", s=60, color=NEUTRAL,
                               edgecolors="black", linewidths=0.5)
            undated_ax.annotate(f"{n_undated} event{'s' * (n_undated > 1)}", (0.3, y - 0.17),
                                xytext=(6, 0), textcoords="offset points", va="center",
                                fontsize=8)
    undated_seen: dict[str, int] = {}
    for report in reports.itertuples(index=False):
        y = y_of[report.lane] + 0.22
        marker = outlet_markers[report.outlet]
        if pd.isna(report.published_lower):
            # Side by side, so several undated articles of one lane stay countable.
            slot = undated_seen[report.lane] = undated_seen.get(report.lane, -1) + 1
            undated_ax.scatter([0.3 + 0.22 * slot], [y], marker=marker, s=45, facecolors="white",
                               edgecolors="black", linewidths=1.0)
            continue
        if report.published_upper > report.published_lower:
            ax.plot([report.published_lower, report.published_upper + pd.Timedelta(days=1)],
                    [y, y], color="black", linewidth=1.2)
        ax.scatter([report.published_lower], [y], marker=marker, s=45, color="black", zorder=4)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(len(lanes) - 0.5, -0.6)
    ax.set_xlabel("date (bars: when the event can have happened; markers: publication)")
    ax.set_ylabel("story" if lane == "story_id" else "actors")
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    undated_ax.set_title("undated", fontsize=10)
    undated_ax.set_xlim(0, max(1.6, 0.6 + 0.22 * max(undated_seen.values(), default=0)))
    undated_ax.set_xticks([])
    undated_ax.tick_params(axis="y", left=False)
    undated_ax.spines["left"].set_visible(False)
    handles = [Patch(facecolor=c, edgecolor="black", linewidth=0.4, label=t)
               for t, c in sorted(type_colours.items())]
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="///",
                         label=" / ".join(sorted(semantics.denying)) or "denied"))
    if events["open_interval"].any():
        handles.append(Line2D([], [], linestyle=":", linewidth=2.2, color="black",
                              label="only one bound (before / after)"))
    if len(set(outlet_markers.values())) > 1:
        handles += [Line2D([], [], marker=outlet_markers[o], linestyle="", color="black",
                           label=f"published: {o}") for o in outlets]
    else:
        handles.append(Line2D([], [], marker="v", linestyle="", color="black",
                              label="publication"))
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                          markeredgecolor="black", label="publication undated"))
    undated_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.05, 1.0),
                      title="claim type / report")
    return fig


def lag_figure(lags: pd.DataFrame, title: str = "Lag from event to report",
               claim_types: list[str] | None = None) -> plt.Figure:
    """One row per dated claim: a bar from the shortest to the longest possible lag in days,
    coloured by claim type (colours fixed by ``claim_types`` as in :func:`timeline_figure`);
    claims that cannot be placed are counted in the subtitle."""
    usable = lags[(lags["lag_status"] == "ok") & lags["lag_min_days"].notna()]\
        .sort_values(["story_id", "claim_id"])
    colours = category_colours(lags["claim_type"].replace("", UNKNOWN),
                               palette=CLAIM_TYPE_PALETTE, order=claim_types)
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.3 * len(usable) + 1.5)))
    labels = []
    longest = max([int(v) for v in usable["lag_max_days"].dropna()] +
                  [int(v) for v in usable["lag_min_days"]], default=1)
    min_width = max(0.8, longest / 150)  # a same-day report stays visible
    for y, row in enumerate(usable.itertuples(index=False)):
        low = int(row.lag_min_days)
        if pd.isna(row.lag_max_days):  # event only known to be "before" a date: no maximum
            ax.plot([low, max(longest, low + min_width) * 1.05], [y, y], linestyle=":",
                    linewidth=3, color=colours[row.claim_type or UNKNOWN])
            ax.plot([low], [y], marker="|", markersize=10, color=colours[row.claim_type or UNKNOWN])
            labels.append(f"{row.story_id} · {row.claim_id}")
            continue
        high = int(row.lag_max_days)
        ax.barh(y, max(high - low, min_width), left=low, height=0.6,
                color=colours[row.claim_type or UNKNOWN], edgecolor="black", linewidth=0.4)
        labels.append(f"{row.story_id} · {row.claim_id}")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    n_unplaced = len(lags) - len(usable)
    ax.set_title(f"{title}\n({len(usable)} claims; {n_unplaced} without a usable date not shown)")
    ax.set_xlabel("days between event and publication (bar = possible range)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.legend(handles=[Patch(facecolor=c, edgecolor="black", linewidth=0.4, label=t)
                       for t, c in sorted(colours.items())], title="claim type",
              loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig


# --------------------------------------------------------------------------- chapter 4: stories


def plot_outlet_reuse(reuse: pd.DataFrame, articles: pd.DataFrame,
                      title: str = "Text reuse between outlets") -> plt.Figure:
    """Heat map of :func:`helpers.stories.directed_reuse` aggregated to publishers: rows the
    outlet (or domain) of the earlier article, columns that of the later one; the colour is the
    number of article pairs, each cell says it with the largest share of the later article's
    words in shared passages (and near-duplicates, if any). Pairs whose order the dates do not
    settle are counted in their listed order and marked with "?"."""
    from helpers.stories import publishers

    names = publishers(articles)
    table = reuse.assign(earlier=reuse["earlier_article_id"].map(names),
                         later=reuse["later_article_id"].map(names))
    rows = sorted(set(table["earlier"]), key=lambda v: (v == NO_OUTLET, v))
    columns = sorted(set(table["later"]), key=lambda v: (v == NO_OUTLET, v))
    counts = np.zeros((len(rows), len(columns)), dtype=int)
    with print_style():
        figure, axes = plt.subplots(figsize=(1.6 * len(columns) + 3.5, 0.6 * len(rows) + 2.2),
                                    layout="constrained")
        for (earlier, later), group in table.groupby(["earlier", "later"]):
            counts[rows.index(earlier), columns.index(later)] = len(group)
        image = axes.imshow(counts, cmap="cividis", aspect="auto", vmin=0)
        peak = counts.max() if counts.size else 0
        for (earlier, later), group in table.groupby(["earlier", "later"]):
            text = f"{len(group)} pair{'s' if len(group) > 1 else ''}\nup to {group['share_later'].max():.0%}"
            n_duplicates = int((group["near_duplicate"] == "yes").sum())
            if n_duplicates:
                text += f"\n{n_duplicates} near-dup."
            if (group["order_uncertain"] == "yes").any():
                text += " ?"
            count = counts[rows.index(earlier), columns.index(later)]
            axes.text(columns.index(later), rows.index(earlier), text, ha="center", va="center",
                      fontsize=8, color="black" if count > peak / 2 else "white")
        axes.set_xticks(range(len(columns)), columns, rotation=30, ha="right")
        axes.set_yticks(range(len(rows)), rows)
        axes.set_xlabel("later article's outlet (or domain)")
        axes.set_ylabel("earlier article's outlet (or domain)")
        uncertain = (table["order_uncertain"] == "yes").any()
        axes.set_title(title + ("\n(? = the dates do not settle which came first)" if uncertain else ""))
        figure.colorbar(image, ax=axes, label="article pairs sharing passages", shrink=0.7,
                        ticks=range(int(peak) + 1))
    return figure


def plot_relays(graph: nx.DiGraph, seed: int = 7,
                title: str = "Who relayed whom: origin -> relay (credit or copy)") -> plt.Figure:
    """The relay network of :func:`helpers.stories.relay_network`: articles labelled
    "outlet · date · title", coloured by language, arrows from origin to relay coloured by how
    (credit or copy)."""
    with print_style():
        figure, axes = plt.subplots(figsize=(10, 6))
        draw_network(graph, axes, node_colour_by="language", edge_colour_by="how", seed=seed,
                     title=title)
    return figure
