"""A network a reader can explore: one standalone HTML page per graph, working offline.

Reads a networkx graph (from :mod:`helpers.networks`) and writes ``<stem>.html`` beside its GEXF
and GraphML files: the graph drawn in SVG with a seeded layout, zoom and pan (wheel, drag,
buttons), a search box over node labels, a tooltip on hover, and a details panel on click with
every attribute of the node or edge and, for an edge, the claims behind it with their quotes.

Why not ipysigma: its ``write_html`` embeds the widget through ipywidgets' HTML manager, which
loads require.js, the manager and the widget's code from public CDNs when the page opens, so the
page is blank offline. Here the page carries everything it needs: its script and style are in
the page and the graph is JSON in a ``<script type="application/json">`` element, with ``<``,
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
#: Where the page's text goes.
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
    span = max(max(xs) - min(xs), (max(ys) - min(ys)) * (WIDTH - 2 * MARGIN) / (HEIGHT - 2 * MARGIN),
               1e-9)
    scale = (WIDTH - 2 * MARGIN) / span
    return {node: (round(MARGIN + (px - min(xs)) * scale, 1), round(MARGIN + (py - min(ys)) * scale, 1))
            for node, (px, py) in positions.items()}


def view_data(graph: nx.Graph, seed: int = 7) -> dict:
    """The graph as the page's JSON: nodes (id, label, x, y, size, colour, attributes), edges
    (id, source, target, colour, width, attributes, quotes) and the colour legends."""
    copy = exportable(graph)
    # exportable() leaves time to GEXF; a node's own dates (an article's publication) are shown.
    for node, slug in unique_slugs(graph.nodes).items():
        copy.nodes[slug].update({bound: scalar(graph.nodes[node][bound]) for bound in ("start", "end")
                                 if graph.nodes[node].get(bound) not in (None, "")})
    positions = layout(copy, seed)
    node_items = [dict(data) for _, data in copy.nodes(data=True)]
    edge_items = [dict(data) for *_, data in copy.edges(data=True)]
    node_by = _colour_attribute(node_items, NODE_COLOUR_ATTRIBUTES)
    edge_by = _colour_attribute(edge_items, EDGE_COLOUR_ATTRIBUTES)
    node_colours = category_colours(str(item.get(node_by, "unknown")) for item in node_items) \
        if node_by else {}
    edge_colours = category_colours((str(item.get(edge_by, "")) for item in edge_items),
                                    palette=CLAIM_TYPE_PALETTE) if edge_by else {}
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
    separators JavaScript treats as line ends are escaped, so ``</script>`` in a quote stays text."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for character, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                               ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(character, escaped)
    return text


def render_page(graph: nx.Graph, title: str, files: list[str] | None = None, seed: int = 7) -> str:
    """The whole page as text (see the module docstring). ``files``: names of the graph's data
    files in the same folder, linked for download."""
    data = view_data(graph, seed)
    data["files"] = list(files or [])
    filled = {
        "TITLE": html.escape(title),
        "SUMMARY": html.escape(f"{graph.number_of_nodes()} nodes, {graph.number_of_edges()} "
                               f"edges. {data['description']}"),
        "DATA": script_json(data),
    }
    # One pass, so a title containing "__DATA__" is not filled in again.
    return PLACEHOLDER.sub(lambda match: filled[match.group(1)], PAGE)


def write_network_view(graph: nx.Graph, path: Path | str, title: str | None = None,
                       seed: int = 7) -> Path:
    """Write the page to ``path`` (through a temporary file), linking the ``.gexf`` and
    ``.graphml`` files of the same stem when they are beside it. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files = [path.with_suffix(suffix).name for suffix in (".gexf", ".graphml")
             if path.with_suffix(suffix).exists()]
    page = render_page(graph, title or path.stem.replace("_", " "), files, seed)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(page, encoding="utf-8")
    os.replace(temporary, path)
    return path


#: The page: its own style and script, nothing loaded from elsewhere.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>__TITLE__</title>
<style>
body{margin:0;font-family:system-ui,sans-serif;color:#222;display:flex;flex-direction:column;height:100vh}
header{padding:8px 16px;border-bottom:1px solid #ccc;background:#f7f7f7}
header h1{font-size:1.2em;margin:0 0 4px}
header p{margin:2px 0;font-size:.85em;color:#444}
.tools{display:flex;gap:8px;align-items:center;flex-wrap:wrap;margin-top:6px}
.tools input{font-size:1em;padding:3px 6px;width:18em}
.tools button{font-size:1em}
main{flex:1;display:flex;min-height:0}
#canvas{flex:1;position:relative;min-width:0}
svg{width:100%;height:100%;background:#fff;cursor:grab;display:block}
svg.dragging{cursor:grabbing}
.edge{fill:none;stroke-opacity:.75}
.edge-hit{fill:none;stroke:transparent;stroke-width:10;cursor:pointer}
.node circle{stroke:#fff;stroke-width:1.5;cursor:pointer}
.node text{font-size:11px;pointer-events:none;paint-order:stroke;stroke:#fff;stroke-width:3px}
.faded{opacity:.12}
.match circle{stroke:#000;stroke-width:3}
.selected{stroke:#000 !important;stroke-opacity:1}
#tooltip{position:absolute;pointer-events:none;background:#fffff0;border:1px solid #999;padding:4px 8px;font-size:.85em;min-width:14em;max-width:28em;display:none;box-shadow:0 1px 3px #0003}
aside{width:26em;border-left:1px solid #ccc;overflow:auto;padding:8px 12px;font-size:.9em}
aside table{border-collapse:collapse;width:100%}
aside th,aside td{border-bottom:1px solid #eee;text-align:left;vertical-align:top;padding:2px 4px;word-break:break-word}
aside blockquote{margin:6px 0;padding:4px 8px;border-left:3px solid #999;background:#f5f5f5}
.legend span{display:inline-block;margin-right:10px;font-size:.85em}
.legend i{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:4px;vertical-align:middle}
.legend b{font-weight:600;margin-right:6px}
</style>
</head>
<body>
<header>
<h1>__TITLE__</h1>
<p id="summary">__SUMMARY__</p>
<div class="tools">
<input id="search" type="search" placeholder="Search a node (name)" aria-label="Search a node" list="names">
<datalist id="names"></datalist>
<button id="zoom-in" title="Zoom in">+</button><button id="zoom-out" title="Zoom out">&minus;</button>
<button id="reset" title="Show the whole network">Reset</button>
<span id="found" aria-live="polite"></span>
<span id="files"></span>
</div>
<div class="legend" id="legend-nodes"></div>
<div class="legend" id="legend-edges"></div>
</header>
<main>
<div id="canvas">
<svg id="graph" viewBox="0 0 1000 700" role="img" aria-label="Network drawing">
<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#777"></path></marker></defs>
<g id="viewport"><g id="edges"></g><g id="nodes"></g></g>
</svg>
<div id="tooltip"></div>
</div>
<aside id="details"><p>Hover over a node or an edge to see it; click to see all its attributes and, for an edge, the claims and quotes behind it. Scroll to zoom, drag to move, search a name above.</p></aside>
</main>
<script type="application/json" id="network-data">__DATA__</script>
<script>
"use strict";
(function () {
  const data = JSON.parse(document.getElementById("network-data").textContent);
  const NS = "http://www.w3.org/2000/svg";
  const svg = document.getElementById("graph");
  const edgeLayer = document.getElementById("edges");
  const nodeLayer = document.getElementById("nodes");
  const tooltip = document.getElementById("tooltip");
  const details = document.getElementById("details");
  const nodes = new Map(data.nodes.map(n => [n.id, n]));
  const FULL = {x: 0, y: 0, w: 1000, h: 700};
  let view = Object.assign({}, FULL);

  function el(name, attributes, parent) {
    const made = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes || {})) made.setAttribute(key, value);
    if (parent) parent.appendChild(made);
    return made;
  }
  function html(name, text, parent) {
    const made = document.createElement(name);
    if (text !== undefined) made.textContent = String(text);
    if (parent) parent.appendChild(made);
    return made;
  }
  function setView() { svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" ")); }

  // Several edges between one pair (one per claim type) are drawn as separate arcs.
  const pairs = new Map();
  for (const e of data.edges) {
    const key = [e.source, e.target].sort().join(" ");
    if (!pairs.has(key)) pairs.set(key, []);
    pairs.get(key).push(e);
  }
  for (const group of pairs.values()) {
    group.forEach((e, i) => {
      const a = nodes.get(e.source), b = nodes.get(e.target);
      const bend = (i - (group.length - 1) / 2) * 18 * (e.source < e.target ? 1 : -1);
      const mx = (a.x + b.x) / 2, my = (a.y + b.y) / 2;
      const dx = b.x - a.x, dy = b.y - a.y, length = Math.hypot(dx, dy) || 1;
      const cx = mx - dy / length * bend, cy = my + dx / length * bend;
      // Directed edges stop at the target's rim so the arrow shows.
      const back = data.directed ? (b.size + 2) / length : 0;
      const ex = b.x - (b.x - cx) * back, ey = b.y - (b.y - cy) * back;
      const d = e.source === e.target
        ? `M${a.x},${a.y} c 30,-40 60,0 0,0`
        : `M${a.x},${a.y} Q${cx},${cy} ${ex},${ey}`;
      const line = el("path", {d: d, class: "edge", stroke: e.colour, "stroke-width": e.width,
                               "data-id": e.id}, edgeLayer);
      if (data.directed) line.setAttribute("marker-end", "url(#arrow)");
      const hit = el("path", {d: d, class: "edge-hit", "data-id": e.id}, edgeLayer);
      e.line = line;
      hit.addEventListener("mouseenter", ev => showTip(ev, edgeTitle(e), edgeSummary(e)));
      hit.addEventListener("mousemove", moveTip);
      hit.addEventListener("mouseleave", hideTip);
      hit.addEventListener("click", () => showEdge(e));
    });
  }
  for (const n of data.nodes) {
    const group = el("g", {class: "node", transform: `translate(${n.x},${n.y})`, "data-id": n.id}, nodeLayer);
    el("circle", {r: n.size, fill: n.colour}, group);
    const label = el("text", {x: n.size + 3, y: 4}, group);
    label.textContent = n.label;
    if (!n.labelled) label.style.display = "none";
    n.group = group; n.text = label;
    group.addEventListener("mouseenter", ev => { showTip(ev, n.label, nodeSummary(n)); focus(n); });
    group.addEventListener("mousemove", moveTip);
    group.addEventListener("mouseleave", () => { hideTip(); focus(null); });
    group.addEventListener("click", () => showNode(n));
  }

  function nodeSummary(n) {
    const a = n.attributes;
    return ["side", "kind", "country", "node_type", "role", "n_claims", "n_articles"]
      .filter(k => a[k] !== undefined && a[k] !== "").map(k => `${k}: ${a[k]}`).join(" · ");
  }
  function edgeTitle(e) {
    const kind = e.attributes.claim_type || e.attributes.relation || e.attributes.label || "";
    return `${nodes.get(e.source).label} ${data.directed ? "→" : "—"} ${nodes.get(e.target).label}` +
      (kind ? ` (${kind})` : "");
  }
  function edgeSummary(e) {
    const a = e.attributes, parts = [];
    for (const k of ["weight", "polarity", "n_articles", "story_ids"]) {
      if (a[k] !== undefined && a[k] !== "") parts.push(`${k}: ${a[k]}`);
    }
    if (e.quotes.length) parts.push(`“${e.quotes[0].quote}”` + (e.quotes.length > 1 ? ` (+${e.quotes.length - 1} more)` : ""));
    return parts.join(" · ");
  }
  function showTip(ev, title, summary) {
    tooltip.replaceChildren();
    html("strong", title, tooltip);
    if (summary) { html("br", undefined, tooltip); html("span", summary, tooltip); }
    tooltip.style.display = "block";
    moveTip(ev);
  }
  function moveTip(ev) {
    // Kept inside the drawing: flipped to the left of / above the pointer near the far edges.
    const box = svg.getBoundingClientRect();
    let left = ev.clientX - box.left + 12, top = ev.clientY - box.top + 12;
    if (left + tooltip.offsetWidth > box.width) left = Math.max(0, left - tooltip.offsetWidth - 24);
    if (top + tooltip.offsetHeight > box.height) top = Math.max(0, top - tooltip.offsetHeight - 24);
    tooltip.style.left = left + "px";
    tooltip.style.top = top + "px";
  }
  function hideTip() { tooltip.style.display = "none"; }
  function focus(n) {
    const near = new Set(n ? [n.id] : []);
    if (n) for (const e of data.edges) {
      if (e.source === n.id) near.add(e.target);
      if (e.target === n.id) near.add(e.source);
    }
    for (const m of data.nodes) {
      m.group.classList.toggle("faded", !!n && !near.has(m.id));
      m.text.style.display = (m.labelled || (n && near.has(m.id)) || m.group.classList.contains("match")) ? "" : "none";
    }
    for (const e of data.edges) e.line.classList.toggle("faded", !!n && e.source !== n.id && e.target !== n.id);
  }
  function table(attributes, parent) {
    const t = html("table", undefined, parent);
    for (const [key, value] of Object.entries(attributes)) {
      const row = html("tr", undefined, t);
      html("th", key, row); html("td", value, row);
    }
  }
  function select(line) {
    for (const e of data.edges) e.line.classList.remove("selected");
    if (line) line.classList.add("selected");
  }
  function showNode(n) {
    select(null);
    details.replaceChildren();
    html("h2", n.label, details);
    table(n.attributes, details);
    const own = data.edges.filter(e => e.source === n.id || e.target === n.id);
    html("h3", `${own.length} edge${own.length === 1 ? "" : "s"}`, details);
    const list = html("ul", undefined, details);
    for (const e of own) {
      const item = html("li", undefined, list);
      const link = html("a", edgeTitle(e), item);
      link.href = "#";
      link.addEventListener("click", ev => { ev.preventDefault(); showEdge(e); });
    }
  }
  function showEdge(e) {
    select(e.line);
    details.replaceChildren();
    html("h2", edgeTitle(e), details);
    table(e.attributes, details);
    if (e.quotes.length) {
      html("h3", `The claim${e.quotes.length === 1 ? "" : "s"} behind this edge`, details);
      for (const q of e.quotes) {
        const quote = html("blockquote", q.quote, details);
        quote.className = "quote";
        html("p", `claim ${q.claim_id}, article ${q.article_id}`, details).className = "source";
      }
    }
  }

  // Search: every node whose label contains the text is marked; Enter centres on the first.
  const search = document.getElementById("search");
  const found = document.getElementById("found");
  const names = document.getElementById("names");
  for (const n of [...data.nodes].sort((a, b) => a.label.localeCompare(b.label))) {
    const option = html("option", undefined, names);
    option.value = n.label;
  }
  function runSearch(centre) {
    const text = search.value.trim().toLowerCase();
    const hits = text ? data.nodes.filter(n => n.label.toLowerCase().includes(text)) : [];
    for (const n of data.nodes) n.group.classList.toggle("match", hits.includes(n));
    focus(null);
    found.textContent = text ? `${hits.length} found` : "";
    if (centre && hits.length) {
      const n = hits[0];
      view = {w: FULL.w / 3, h: FULL.h / 3, x: n.x - FULL.w / 6, y: n.y - FULL.h / 6};
      setView();
      showNode(n);
    }
  }
  search.addEventListener("input", () => runSearch(false));
  search.addEventListener("keydown", ev => { if (ev.key === "Enter") runSearch(true); });
  search.addEventListener("change", () => runSearch(true));

  // Zoom and pan by moving the viewBox.
  function zoom(factor, cx, cy) {
    cx = cx === undefined ? view.x + view.w / 2 : cx;
    cy = cy === undefined ? view.y + view.h / 2 : cy;
    view = {x: cx - (cx - view.x) * factor, y: cy - (cy - view.y) * factor, w: view.w * factor, h: view.h * factor};
    setView();
    for (const n of data.nodes) {
      if (!n.labelled && view.w < FULL.w / 2.5) n.text.style.display = "";
    }
  }
  function point(ev) {
    const box = svg.getBoundingClientRect();
    const scale = Math.max(view.w / box.width, view.h / box.height);
    return {x: view.x + (ev.clientX - box.left) * scale, y: view.y + (ev.clientY - box.top) * scale};
  }
  svg.addEventListener("wheel", ev => {
    ev.preventDefault();
    const p = point(ev);
    zoom(ev.deltaY > 0 ? 1.2 : 1 / 1.2, p.x, p.y);
  }, {passive: false});
  let drag = null;
  svg.addEventListener("mousedown", ev => { drag = {x: ev.clientX, y: ev.clientY, view: Object.assign({}, view)}; svg.classList.add("dragging"); });
  window.addEventListener("mousemove", ev => {
    if (!drag) return;
    const box = svg.getBoundingClientRect();
    const scale = Math.max(view.w / box.width, view.h / box.height);
    view.x = drag.view.x - (ev.clientX - drag.x) * scale;
    view.y = drag.view.y - (ev.clientY - drag.y) * scale;
    setView();
  });
  window.addEventListener("mouseup", () => { drag = null; svg.classList.remove("dragging"); });
  document.getElementById("zoom-in").addEventListener("click", () => zoom(1 / 1.5));
  document.getElementById("zoom-out").addEventListener("click", () => zoom(1.5));
  document.getElementById("reset").addEventListener("click", () => {
    view = Object.assign({}, FULL); setView(); search.value = ""; runSearch(false);
  });

  function legend(target, part) {
    const box = document.getElementById(target);
    const entries = Object.entries(part.colours);
    if (!part.by || !entries.length) return;
    html("b", part.by.replace(/_/g, " ") + ":", box);
    for (const [name, colour] of entries) {
      const item = html("span", undefined, box);
      const dot = html("i", undefined, item);
      dot.style.background = colour;
      item.appendChild(document.createTextNode(name || "unspecified"));
    }
  }
  legend("legend-nodes", data.legend.nodes);
  legend("legend-edges", data.legend.edges);
  const files = document.getElementById("files");
  if (data.files.length) files.appendChild(document.createTextNode("Download: "));
  for (const name of data.files) {
    const link = html("a", name, files);
    link.href = encodeURI(name);
    link.setAttribute("download", "");
    files.appendChild(document.createTextNode(" "));
  }
  if (!data.nodes.length) details.replaceChildren(html("p", "This network is empty: no node to show."));
  window.networkView = {data: data, showEdge: showEdge, showNode: showNode};
})();
</script>
</body>
</html>
"""
