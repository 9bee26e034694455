"""Write any network of chapter 4 as files other tools open: GEXF 1.2 and GraphML.

Reads a networkx graph (from :mod:`helpers.networks`) and writes ``<stem>.gexf`` and
``<stem>.graphml`` into a folder. Both files validate against the official schemas (GEXF
1.2draft, GraphML 1.1), so Gephi, igraph, graphology, Cytoscape and networkx all open them:

* node ids are stable slugs without spaces (``"Jake Sullivan"`` -> ``jake-sullivan``); the
  readable name is the node's ``label`` and its name in the tables is kept as ``name``;
* every edge has its own id (``<source>--<target>``, plus ``--<key>`` in a multigraph), never a
  bare multigraph key shared by several edges;
* attributes are kept as scalars (lists and dicts as JSON, see :func:`scalar`); in GEXF an edge's
  dated ``intervals`` become time *spells* and a node's ``start``/``end`` its lifetime;
* the graph's own attributes (name, qualifier, window...) go in GEXF's ``<meta><description>``
  (the schema has no ``name`` on ``<graph>``) and in GraphML's graph ``<data>``.

Bytes depend on the graph only (no modification date), so re-runs leave the files unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Hashable, Iterable
from pathlib import Path

import networkx as nx
from networkx.readwrite.graphml import GraphMLWriter

#: Runs of characters that cannot appear in a slug (GraphML ids are XML NMTOKENs).
NOT_SLUG = re.compile(r"[^a-z0-9]+")


def scalar(value):
    """A GraphML/GEXF-safe attribute value: lists/dicts become JSON, None/NaN become ""."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (list, tuple, set, dict)):
        return json.dumps(sorted(value) if isinstance(value, set) else value, ensure_ascii=False)
    if isinstance(value, (bool, int, float, str)):
        return value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return str(value)


def slug(text: object) -> str:
    """Lower-case ASCII letters and digits joined by single hyphens (``"Jake Sullivan"`` ->
    ``"jake-sullivan"``); text without any Latin letter or digit (a name in Cyrillic, say) gets
    ``n-`` and a short hash of itself, so the id stays stable and non-empty."""
    folded = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    made = NOT_SLUG.sub("-", folded.lower()).strip("-")
    return made or "n-" + hashlib.sha1(str(text).encode("utf-8")).hexdigest()[:10]


def unique_slugs(names: Iterable[Hashable]) -> dict[Hashable, str]:
    """One distinct slug per name, in sorted order of the names so ids do not depend on the
    order a graph was built in; a clash gets ``-2``, ``-3``... (``"A. B"`` and ``"A B"``)."""
    taken: set[str] = set()
    slugs = {}
    for name in sorted(names, key=str):
        base = candidate = slug(name)
        number = 1
        while candidate in taken:
            number += 1
            candidate = f"{base}-{number}"
        taken.add(candidate)
        slugs[name] = candidate
    return slugs


def exportable(graph: nx.Graph, spells: bool = False) -> nx.Graph:
    """A copy ready to write: slug node ids, unique edge ids, scalar attributes.

    Each node keeps ``label`` (its own label, else its name) and ``name`` (its id in the tables).
    Each edge gets ``id``. With ``spells`` (GEXF) an edge's ``intervals`` (JSON list of
    [start, end] dates) become GEXF ``spells`` and empty ``start``/``end`` are dropped (unknown
    is not "always"); without (GraphML, which has no time) ``start``/``end`` are dropped, the
    dates staying in the other attributes.
    """
    ids = unique_slugs(graph.nodes)
    copy = graph.__class__()
    copy.graph.update({key: scalar(value) for key, value in graph.graph.items()})

    def clean(data: dict) -> dict:
        out = {key: scalar(value) for key, value in data.items()}
        for bound in ("start", "end"):
            if out.get(bound) == "":
                out.pop(bound)
        if spells:
            intervals = [pair for pair in json.loads(out.get("intervals") or "[]")
                         if pair[0] or pair[1]]
            if intervals:
                out["spells"] = [(start or None, end or None) for start, end in intervals]
        else:
            out.pop("start", None), out.pop("end", None)
        return out

    for node, data in sorted(graph.nodes(data=True), key=lambda item: ids[item[0]]):
        copy.add_node(ids[node], **{**clean(data), "label": str(data.get("label", node)),
                                    "name": str(node)})
    edges = (graph.edges(keys=True, data=True) if graph.is_multigraph()
             else ((u, v, None, data) for u, v, data in graph.edges(data=True)))
    edge_ids: set[str] = set()
    for u, v, key, data in edges:
        base = f"{ids[u]}--{ids[v]}" + ("" if key is None else f"--{slug(key)}")
        edge_id, number = base, 1
        while edge_id in edge_ids:  # two keys with the same slug ("a|b", "a b")
            number += 1
            edge_id = f"{base}-{number}"
        edge_ids.add(edge_id)
        attributes = {**clean(data), "id": edge_id}
        if key is None:
            copy.add_edge(ids[u], ids[v], **attributes)
        else:
            copy.add_edge(ids[u], ids[v], key=key, **attributes)
    return copy


def graph_description(graph: nx.Graph) -> str:
    """The graph's name and attributes in one line (``"actor network; qualifier: all; ..."``)."""
    details = [f"{key}: {scalar(value)}" for key, value in graph.graph.items()
               if key != "name" and scalar(value) != ""]
    return "; ".join([str(graph.graph.get("name", "network"))] + details)


def _replace(path: Path, write) -> None:
    """Write through a temporary file so a reader never sees half a file."""
    temporary = path.with_name(path.name + ".tmp")
    write(temporary)
    os.replace(temporary, path)


def write_gexf(graph: nx.Graph, path: Path) -> None:
    """GEXF 1.2draft, dynamic (``timeformat="date"``) when any date is known."""
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(graph=exportable(graph, spells=True), encoding="utf-8", prettyprint=True)
    # The schema has no `name` on <graph>: the name goes to the description instead.
    writer.graph_element.attrib.pop("name", None)
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)  # bytes change only when the graph does
    description = meta.makeelement("description", {})
    description.text = graph_description(graph)
    meta.append(description)

    def save(target: Path) -> None:
        with open(target, "wb") as handle:
            writer.write(handle)

    _replace(path, save)


class _GraphMLWriter(GraphMLWriter):
    """networkx's GraphML writer, with an edge's ``id`` written once, as the edge's GraphML id:
    written again as a data key it clashes with the id in igraph's reader."""

    def add_attributes(self, scope, xml_obj, data, default):
        if scope == "edge":
            data = {key: value for key, value in data.items() if key != "id"}
        super().add_attributes(scope, xml_obj, data, default)


def write_graphml(graph: nx.Graph, path: Path) -> None:
    """GraphML with each edge's own ``id`` (networkx would otherwise use the multigraph key)."""
    writer = _GraphMLWriter(encoding="utf-8", prettyprint=True, edge_id_from_attribute="id")
    writer.add_graph_element(exportable(graph))
    _replace(path, writer.dump)


def export_graph(graph: nx.Graph, folder: Path | str, stem: str) -> list[Path]:
    """Write ``stem.gexf`` and ``stem.graphml`` into ``folder``; returns the two paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    gexf_path, graphml_path = folder / f"{stem}.gexf", folder / f"{stem}.graphml"
    write_gexf(graph, gexf_path)
    write_graphml(graph, graphml_path)
    return [gexf_path, graphml_path]
