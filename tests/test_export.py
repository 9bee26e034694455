"""Network files every tool opens: GEXF and GraphML valid against the official schemas, unique
ids, attributes and time spells kept, read back by networkx and by igraph.

The schemas are in ``../shared/schemas`` beside the repository (GEXF 1.2draft and 1.3, GraphML
1.1, made to validate offline); without that folder the schema tests skip with a notice.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from lxml import etree

from claim_tables import SEMANTICS, make_claims
from helpers.export import export_graph, exportable, slug, unique_slugs
from helpers.networks import (
    actor_network,
    affiliation_network,
    citation_network,
    congruence_network,
)
from helpers.paths import ROOT
from helpers.stories import propagation_network, story_reports

#: ``../shared/schemas`` beside the repository, as CI lays it out (BACKCHANNEL_SCHEMAS overrides
#: it where the repository is checked out elsewhere, e.g. a git worktree).
SCHEMAS = Path(os.environ.get("BACKCHANNEL_SCHEMAS", ROOT.parent / "shared" / "schemas"))
GEXF_NS = "{http://www.gexf.net/1.2draft}"
GRAPHML_NS = "{http://graphml.graphdrawing.org/xmlns}"
COMMITTED = sorted((ROOT / "outputs" / "networks").glob("*.gexf")) + \
    sorted((ROOT / "outputs" / "networks").glob("*.graphml"))


def schema(kind: str) -> etree.XMLSchema:
    """The official schema for ``kind`` ("gexf" or "graphml"), or a skip with a notice."""
    path = SCHEMAS / ("gexf-1.2draft/gexf.xsd" if kind == "gexf" else "graphml-1.1/graphml.xsd")
    if not path.exists():
        pytest.skip(f"NOTICE: no schemas at {SCHEMAS} (clone the repository with ../shared beside "
                    "it): schema validation skipped")
    return etree.XMLSchema(etree.parse(str(path)))


def assert_valid(path: Path) -> None:
    """Validate one file against its schema; the error names the file, line and rule broken."""
    validator = schema("gexf" if path.suffix == ".gexf" else "graphml")
    document = etree.parse(str(path))
    if not validator.validate(document):
        error = validator.error_log.last_error
        pytest.fail(f"{path.name} line {error.line}: {error.message}")


def ids(path: Path, tag: str) -> list[str]:
    """The ``id`` of every ``<tag>`` element of a GEXF or GraphML file."""
    namespace = GEXF_NS if path.suffix == ".gexf" else GRAPHML_NS
    return [element.get("id") for element in etree.parse(str(path)).iter(f"{namespace}{tag}")]


@pytest.fixture
def claims() -> pd.DataFrame:
    return make_claims([
        dict(claim_id="c1", article_id="a1", story_id="s1", claim_type="meeting",
             actors="Jake Sullivan;Yuri Ushakov", target_actors="Sergei <Lavrov>",
             event_start="2023-04", date_precision="month", attributed_to="Outlet X",
             quote="they met </script> twice"),
        dict(claim_id="c2", article_id="a2", story_id="s1", claim_type="meeting",
             actors="Jake Sullivan", target_actors="Yuri Ushakov", event_start="2023-04-20",
             event_end="2023-04-30", date_precision="day", quote="met again"),
        dict(claim_id="c3", article_id="a2", story_id="s1", claim_type="call",
             actors="Jake Sullivan", target_actors="Yuri Ushakov", stance="denied",
             quote="no call"),
        dict(claim_id="c4", article_id="a3", story_id="s2", claim_type="meeting",
             actors="Юрий Ушаков", target_actors="Jake Sullivan", quote="встреча"),
    ])


@pytest.fixture
def articles() -> pd.DataFrame:
    return pd.DataFrame({
        "article_id": ["a1", "a2", "a3"], "outlet": ["Paper A", "Paper B", "Paper A"],
        "title": ["t1", "t2", "t3"], "body": ["", "", ""],
        "published": ["2023-07-10", "2023-07-12", "2023-08"],
        "published_precision": ["day", "day", "month"],
    })


def every_graph(claims: pd.DataFrame, articles: pd.DataFrame) -> dict[str, nx.Graph]:
    """One graph of each kind chapter 4 exports (multi, directed, bipartite, dated)."""
    return {
        "actors": actor_network(claims, SEMANTICS),
        "actors_directed": actor_network(claims, SEMANTICS, directed=True),
        "affiliation": affiliation_network(claims, by="story_id"),
        "congruence": congruence_network(claims, SEMANTICS),
        "citations": citation_network(claims, articles),
        "propagation": propagation_network(story_reports(claims, articles)),
        "empty": actor_network(make_claims([]), SEMANTICS),
    }


def test_slugs_are_stable_distinct_and_space_free():
    assert slug("Jake Sullivan") == "jake-sullivan"
    assert slug("Sergueï Lavrov") == "serguei-lavrov"
    assert slug("Юрий Ушаков") == slug("Юрий Ушаков") != slug("Сергей Лавров")
    assert slug("Юрий Ушаков").startswith("n-")
    assert unique_slugs(["A B", "A. B", "a-b"]) == {"A B": "a-b", "A. B": "a-b-2", "a-b": "a-b-3"}


def test_exportable_keeps_names_labels_and_gives_each_edge_its_id(claims):
    graph = actor_network(claims, SEMANTICS)
    copy = exportable(graph)
    assert " " not in "".join(copy.nodes)
    assert {data["name"] for _, data in copy.nodes(data=True)} == set(graph.nodes)
    assert copy.nodes["jake-sullivan"]["label"] == "Jake Sullivan"
    edge_ids = [data["id"] for _, _, data in copy.edges(data=True)]
    assert len(edge_ids) == len(set(edge_ids)) == graph.number_of_edges()
    assert "jake-sullivan--yuri-ushakov--call" in edge_ids


def test_every_export_validates_against_the_official_schemas(claims, articles, tmp_path):
    for stem, graph in every_graph(claims, articles).items():
        for path in export_graph(graph, tmp_path, stem):
            assert_valid(path)
            for tag in ("node", "edge"):
                found = ids(path, tag)
                assert len(found) == len(set(found)), f"{path.name}: repeated {tag} ids"
                assert not any(" " in value for value in found), f"{path.name}: {tag} id with a space"


def test_gexf_keeps_spells_attributes_and_graph_description(claims, articles, tmp_path):
    gexf, _ = export_graph(actor_network(claims, SEMANTICS), tmp_path, "actors")
    text = gexf.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and "lastmodifieddate" not in text
    assert '<spell start="2023-04-01" end="2023-04-30"' in text
    assert "<description>actor network; mode_of_links: interaction; qualifier: all" in text
    reread = nx.read_gexf(gexf)
    edge = reread.edges["jake-sullivan", "yuri-ushakov", "call"]  # networkx_key kept as key
    assert edge["polarity"] == "denied" and json.loads(edge["quotes"])[0]["quote"] == "no call"
    assert reread.nodes["sergei-lavrov"]["label"] == "Sergei <Lavrov>"
    citations, _ = export_graph(citation_network(claims, articles), tmp_path, "citations")
    assert nx.read_gexf(citations).nodes["a1"]["start"] == "2023-07-10"


def test_read_back_by_networkx_and_igraph(claims, articles, tmp_path):
    igraph = pytest.importorskip("igraph")
    for stem, graph in every_graph(claims, articles).items():
        gexf, graphml = export_graph(graph, tmp_path, stem)
        for reread in (nx.read_gexf(gexf), nx.read_graphml(graphml)):
            assert sorted(d["label"] for _, d in reread.nodes(data=True)) == \
                sorted(str(d.get("label", n)) for n, d in graph.nodes(data=True))
            assert reread.number_of_edges() == graph.number_of_edges()
            assert reread.is_directed() == graph.is_directed()
        other = igraph.Graph.Read_GraphML(str(graphml))
        assert other.vcount() == graph.number_of_nodes()
        assert other.ecount() == graph.number_of_edges()
        assert other.is_directed() == graph.is_directed()
        if other.ecount():
            assert set(other.es.attributes()) >= {"id", "weight"}
    actors = igraph.Graph.Read_GraphML(str(tmp_path / "actors.graphml"))
    names = dict(zip(actors.vs["id"], actors.vs["name"]))
    calls = [edge for edge in actors.es if edge["claim_type"] == "call"]
    assert [{names[actors.vs[edge.source]["id"]], names[actors.vs[edge.target]["id"]]}
            for edge in calls] == [{"Jake Sullivan", "Yuri Ushakov"}]


def test_stable_bytes(claims, tmp_path):
    paths = export_graph(actor_network(claims, SEMANTICS), tmp_path, "actors")
    first = [path.read_bytes() for path in paths]
    export_graph(actor_network(claims, SEMANTICS), tmp_path, "actors")
    assert [path.read_bytes() for path in paths] == first


@pytest.mark.parametrize("path", COMMITTED, ids=[path.name for path in COMMITTED])
def test_committed_network_files_are_valid_with_unique_ids(path):
    assert_valid(path)
    for tag in ("node", "edge"):
        found = ids(path, tag)
        assert len(found) == len(set(found)), f"{path.name}: repeated {tag} ids"


@pytest.mark.parametrize("path", [p for p in COMMITTED if p.suffix == ".graphml"],
                         ids=[p.name for p in COMMITTED if p.suffix == ".graphml"])
def test_committed_graphml_read_by_igraph_as_by_networkx(path):
    igraph = pytest.importorskip("igraph")
    mine, other = nx.read_graphml(path), igraph.Graph.Read_GraphML(str(path))
    assert (other.vcount(), other.ecount()) == (mine.number_of_nodes(), mine.number_of_edges())
    assert sorted(other.vs["label"]) == sorted(d["label"] for _, d in mine.nodes(data=True))
    gexf = nx.read_gexf(path.with_suffix(".gexf"))
    assert (gexf.number_of_nodes(), gexf.number_of_edges()) == \
        (mine.number_of_nodes(), mine.number_of_edges())
