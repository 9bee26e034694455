"""A network a reader can explore: one standalone HTML page per graph, working offline.

Reads a networkx graph (from :mod:`helpers.networks`) and writes ``<stem>.html`` beside its GEXF
and GraphML files: the graph drawn in SVG with a seeded layout, zoom and pan (wheel, drag,
buttons), a search box over node labels, a tooltip on hover, and a details panel on click with
every attribute of the node or edge and, for an edge, the claims behind it with their quotes.

Why not ipysigma: its ``write_html`` embeds the widget through ipywidgets' HTML manager, which
loads require.js, the manager and the widget's code from public CDNs when the page opens, so the
page is blank offline. Here the page carries everything it needs: its script and style (the
template ``network_view.html`` beside this module) are in the page, and the graph is JSON in a ``<script type="application/json">`` element, with ``<``,
``>`` and ``&`` written as ``\\u003c``... so no article text can close the element. The script
sets every text with ``textContent``, never as HTML, so a name such as ``<img onerror=...>`` is
shown, not run. Node ids and edge ids are those of the GEXF/GraphML files (see
:mod:`helpers.export`), so a node found here is found in Gephi under the same id.

Colours are those of the static figures (:func:`helpers.figures.category_colours`): nodes by
side (or role, or node type), edges by claim type (or relation).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from helpers.export import exportable, graph_description, scalar, unique_slugs
from helpers.figures import CLAIM_TYPE_PALETTE, NEUTRAL, category_colours

#: Node attributes that choose node colours, first found wins (as in chapter 4's figures).
NODE_COLOUR_ATTRIBUTES = ("side", "role", "node_type")
#: Edge attributes that choose edge colours, first found wins.
EDGE_COLOUR_ATTRIBUTES = ("claim_type", "relation")
#: Drawing area of the layout, in SVG units.
WIDTH, HEIGHT, MARGIN = 1000.0, 700.0, 60.0
#: The page: its own style and script, nothing loaded from elsewhere; the page's text goes
#: where the placeholders are.
TEMPLATE = Path(__file__).with_name("network_view.html")
PLACEHOLDER = re.compile(r"__(TITLE|SUMMARY|DATA)__")
#: Above this many nodes only the best-connected ones are labelled until one zooms or hovers.
MAX_LABELS = 40


def _colour_attribute(items: list[dict], candidates: tuple[str, ...]) -> str | None:
    """The first of ``candidates`` that some item carries."""
    return next((name for name in candidates if any(name in item for item in items)), None)


def layout(graph: nx.Graph, seed: int = 7) -> dict:
    """Seeded spring layout, one connected component at a time, packed in rows (largest
    first) and scaled into the drawing area; rounded so the bytes are stable.

    One spring layout of the whole graph pushes isolated nodes and small components to the
    edges and crowds the main component into the middle; packing gives each its own room.
    """
    if graph.number_of_nodes() == 0:
        return {}
    undirected = nx.Graph(graph.to_undirected())
    components = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                        key=lambda c: (-len(c), str(c[0])))
    sides = [len(component) ** 0.5 for component in components]  # room grows with size
    row_width = max(max(sides), 1.3 * sum(side ** 2 for side in sides) ** 0.5)
    cells, x, y, row_height = [], 0.0, 0.0, 0.0
    for side in sides:
        if x > 0 and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        cells.append((x, y, side))
        x, row_height = x + side, max(row_height, side)
    positions = {}
    for component, (left, top, side) in zip(components, cells):
        # A subgraph *view* lists its nodes in set order, which changes with Python's hash
        # seed and so would the seeded layout: the component is copied in sorted order.
        part = nx.Graph()
        part.add_nodes_from(component)
        part.add_edges_from(undirected.edges(component))
        inner = nx.spring_layout(part, seed=seed, weight=None, center=(0.0, 0.0), scale=1.0) \
            if len(component) > 1 else {component[0]: (0.0, 0.0)}
        for node, (px, py) in inner.items():
            positions[node] = (left + side * (0.5 + 0.4 * px), top + side * (0.5 + 0.4 * py))
    xs = [px for px, _ in positions.values()]
    ys = [py for _, py in positions.values()]
    aspect = (WIDTH - 2 * MARGIN) / (HEIGHT - 2 * MARGIN)
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * aspect, 1e-9)
    scale = (WIDTH - 2 * MARGIN) / span
    return {node: (round(MARGIN + (px - min(xs)) * scale, 1),
                   round(MARGIN + (py - min(ys)) * scale, 1))
            for node, (px, py) in positions.items()}


def view_data(graph: nx.Graph, seed: int = 7, node_order: Iterable[str] = (),
              edge_order: Iterable[str] = ()) -> dict:
    """The graph as the page's JSON: nodes (id, label, x, y, size, colour, attributes), edges
    (id, source, target, colour, width, attributes, quotes) and the colour legends.

    ``node_order`` and ``edge_order`` fix the colours as in the static figures (the registry's
    sides, the codebook's claim types), so a category has one colour in every view."""
    copy = exportable(graph)
    # exportable() leaves time to GEXF; a node's own dates (an article's publication) are shown.
    for node, slug in unique_slugs(graph.nodes).items():
        copy.nodes[slug].update({bound: scalar(graph.nodes[node][bound])
                                 for bound in ("start", "end")
                                 if graph.nodes[node].get(bound) not in (None, "")})
    positions = layout(copy, seed)
    node_items = [dict(data) for _, data in copy.nodes(data=True)]
    edge_items = [dict(data) for *_, data in copy.edges(data=True)]
    node_by = _colour_attribute(node_items, NODE_COLOUR_ATTRIBUTES)
    edge_by = _colour_attribute(edge_items, EDGE_COLOUR_ATTRIBUTES)
    node_colours = category_colours((str(item.get(node_by, "unknown")) for item in node_items),
                                    order=node_order) if node_by else {}
    edge_colours = category_colours((str(item.get(edge_by, "")) for item in edge_items),
                                    palette=CLAIM_TYPE_PALETTE, order=edge_order) if edge_by else {}
    strength = dict(copy.degree(weight="weight"))
    top = max(strength.values(), default=0) or 1
    labelled = set(sorted(copy.nodes, key=lambda n: (-strength[n], n))[:MAX_LABELS])
    nodes = []
    for node, data in copy.nodes(data=True):
        attributes = {key: value for key, value in data.items() if key not in ("label",)}
        nodes.append({
            "id": node, "label": str(data.get("label", node)),
            "x": positions[node][0], "y": positions[node][1],
            "size": round(5 + 11 * (strength[node] / top) ** 0.5, 1),
            "colour": node_colours.get(str(data.get(node_by, "unknown")), NEUTRAL),
            "labelled": node in labelled, "attributes": attributes,
        })
    edges = []
    for u, v, data in copy.edges(data=True):
        quotes = json.loads(data["quotes"]) if data.get("quotes") else []
        edges.append({
            "id": data["id"], "source": u, "target": v,
            "colour": edge_colours.get(str(data.get(edge_by, "")), NEUTRAL),
            "width": round(1 + 1.5 * min(float(data.get("weight", 1) or 1), 6) ** 0.5, 1),
            "attributes": {key: value for key, value in data.items()
                           if key not in ("id", "quotes", "intervals")},
            "quotes": quotes,
        })
    return {
        "directed": copy.is_directed(),
        "description": graph_description(graph),
        "nodes": nodes, "edges": edges,
        "legend": {"nodes": {"by": node_by or "", "colours": node_colours},
                   "edges": {"by": edge_by or "", "colours": edge_colours}},
    }


def script_json(data: object) -> str:
    """JSON safe inside an HTML ``<script>`` element: ``<``, ``>``, ``&`` and the two line
    separators JavaScript treats as line ends are escaped, so ``</script>`` in a quote stays
    text."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                               ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escaped)
    return text


def render_page(graph: nx.Graph, title: str, files: list[str] | None = None, seed: int = 7,
                node_order: Iterable[str] = (), edge_order: Iterable[str] = ()) -> str:
    """The whole page as text (see the module docstring). ``files``: names of the graph's data
    files in the same folder, linked for download; the orders as in :func:`view_data`."""
    data = view_data(graph, seed, node_order, edge_order)
    data["files"] = list(files or [])
    filled = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
                               f"edges. {data['description']}"),
        "DATA": script_json(data),
    }
    # One pass, so a title containing "__DATA__" is not filled in again.
    template = TEMPLATE.read_text(encoding="utf-8")
    return PLACEHOLDER.sub(lambda match: filled[match.group(1)], template)


def write_network_view(graph: nx.Graph, path: Path | str, title: str | None = None,
                       seed: int = 7, node_order: Iterable[str] = (),
                       edge_order: Iterable[str] = ()) -> Path:
    """Write the page to ``path`` (through a temporary file), linking the ``.gexf`` and
    ``.graphml`` files of the same stem when they are beside it. Returns the path. The orders
    fix the colours as in the static figures (see :func:`view_data`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files = [path.with_suffix(suffix).name for suffix in (".gexf", ".graphml")
             if path.with_suffix(suffix).exists()]
    page = render_page(graph, title or path.stem.replace("_", " "), files, seed, node_order, edge_order)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, path)
    return path
