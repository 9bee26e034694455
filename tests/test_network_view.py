"""The standalone network page: built from the graph, safe with hostile text, and usable in a
real browser with no network (headless Chromium; skipped with a notice where there is none)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import networkx as nx
import pytest

from claim_tables import SEMANTICS, make_claims
from helpers.export import exportable
from helpers.network_view import render_page, script_json, view_data, write_network_view
from helpers.networks import actor_network
from helpers.paths import ROOT
from tests.browser import chromium_page

HOSTILE_NAME = "Mr <img src=x onerror=\"window.__ran = 1\"> X"
HOSTILE_QUOTE = "they met </script><script>window.__ran = 2</script> in Geneva"


@pytest.fixture
def graph() -> nx.MultiGraph:
    claims = make_claims([
        dict(claim_id="c1", article_id="a1", story_id="s1", claim_type="meeting",
             actors="Jake Sullivan", target_actors=HOSTILE_NAME, quote=HOSTILE_QUOTE),
        dict(claim_id="c2", article_id="a2", story_id="s1", claim_type="call",
             actors="Yuri Ushakov", target_actors=HOSTILE_NAME, quote="they phoned", stance="denied"),
        dict(claim_id="c3", article_id="a2", story_id="s1", claim_type="meeting",
             actors="Yuri Ushakov", target_actors=HOSTILE_NAME, quote="and met"),
    ])
    return actor_network(claims, SEMANTICS)


def test_script_json_cannot_close_the_script_element():
    text = script_json({"quote": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"quote": "</script><!-- & \u2028"}


def test_view_data_uses_the_export_ids_and_keeps_quotes(graph):
    data = view_data(graph)
    exported = exportable(graph)
    assert sorted(node["id"] for node in data["nodes"]) == sorted(exported.nodes)
    assert sorted(edge["id"] for edge in data["edges"]) == \
        sorted(d["id"] for *_, d in exported.edges(data=True))
    by_id = {edge["id"]: edge for edge in data["edges"]}
    meeting = by_id["jake-sullivan--mr-img-src-x-onerror-window-ran-1-x--meeting"]
    assert meeting["quotes"] == [{"claim_id": "c1", "article_id": "a1", "quote": HOSTILE_QUOTE}]
    assert {node["label"] for node in data["nodes"]} == set(graph.nodes)
    for node in data["nodes"]:
        assert 0 <= node["x"] <= 1000 and 0 <= node["y"] <= 700


def test_page_is_self_contained_and_escaped(graph):
    page = render_page(graph, "Actors <b>")
    assert "<title>Actors &lt;b&gt;</title>" in page
    assert HOSTILE_QUOTE not in page and "<img" not in page
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)  # nothing from elsewhere
    assert page.count("</script>") == 2  # the data element and the page's own script


def test_page_is_stable(graph, tmp_path):
    first = write_network_view(graph, tmp_path / "a.html").read_bytes()
    assert write_network_view(graph, tmp_path / "a.html").read_bytes() == first


def test_page_bytes_do_not_depend_on_the_hash_seed(tmp_path):
    """Two processes with different string hashing write the same page (layout included)."""
    script = (
        "import sys, networkx as nx\n"
        "from helpers.network_view import write_network_view\n"
        "graph = nx.Graph()\n"
        "graph.add_edges_from([('Anna', 'Boris'), ('Boris', 'Chen'), ('Chen', 'Anna'),\n"
        "                      ('Dara', 'Emil'), ('Emil', 'Fay'), ('Gil', 'Hana')])\n"
        "graph.add_node('Ivo')\n"
        "write_network_view(graph, sys.argv[1])\n"
    )
    pages = []
    for seed in ("1", "2"):
        page = tmp_path / seed / "network.html"
        subprocess.run([sys.executable, "-c", script, str(page)], check=True, cwd=ROOT,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        pages.append(page.read_bytes())
    assert pages[0] == pages[1]


def test_the_page_works_offline_in_a_real_browser(graph, tmp_path):
    page_path = write_network_view(graph, tmp_path / "actors.html", title="Actors")
    with chromium_page() as browser:
        elsewhere = []

        def only_local(route):
            if route.request.url.startswith("file:"):
                route.continue_()
            else:
                elsewhere.append(route.request.url)
                route.abort()

        browser.route("**/*", only_local)
        errors = []
        browser.on("pageerror", lambda error: errors.append(str(error)))
        browser.goto(page_path.as_uri())
        assert elsewhere == [] and errors == []
        assert browser.locator("#nodes .node").count() == graph.number_of_nodes()
        assert browser.locator("#edges path.edge").count() == graph.number_of_edges()
        # The hostile name is shown as text and never runs.
        assert HOSTILE_NAME in browser.eval_on_selector_all(
            "#nodes text", "texts => texts.map(t => t.textContent)")
        assert browser.evaluate("window.__ran") is None

        browser.fill("#search", "sulliv")
        browser.press("#search", "Enter")
        assert browser.inner_text("#found") == "1 found"
        assert browser.locator("#nodes .node.match").get_attribute("data-id") == "jake-sullivan"
        assert browser.inner_text("#details h2") == "Jake Sullivan"
        assert browser.get_attribute("#graph", "viewBox") != "0 0 1000 700"  # centred on it

        browser.click("#reset")
        browser.hover("#nodes .node[data-id='yuri-ushakov'] circle")
        assert browser.inner_text("#tooltip strong") == "Yuri Ushakov"
        assert browser.locator("#nodes .node.faded").get_attribute("data-id") == "jake-sullivan"
        browser.mouse.move(0, 0)
        edge = "jake-sullivan--mr-img-src-x-onerror-window-ran-1-x--meeting"
        browser.hover(f"path.edge-hit[data-id='{edge}']")
        assert browser.is_visible("#tooltip")
        assert HOSTILE_QUOTE in browser.inner_text("#tooltip")
        browser.click(f"path.edge-hit[data-id='{edge}']")
        assert browser.inner_text("#details blockquote.quote") == HOSTILE_QUOTE
        assert "claim c1, article a1" in browser.inner_text("#details")
        assert browser.evaluate("window.__ran") is None

        before = browser.get_attribute("#graph", "viewBox")
        browser.click("#zoom-in")
        assert browser.get_attribute("#graph", "viewBox") != before


def test_committed_pages_open_offline_with_every_node(tmp_path):
    """Each page of outputs/networks/ shows the nodes and edges of its GraphML file, loading
    nothing from elsewhere; on the actor network, clicking an edge shows its quotes."""
    pages = sorted((ROOT / "outputs" / "networks").glob("*.html"))
    assert pages, "no pages in outputs/networks/: run `make run`"
    with chromium_page() as browser:
        elsewhere, errors = [], []
        browser.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (elsewhere.append(route.request.url), route.abort()))
        browser.on("pageerror", lambda error: errors.append(str(error)))
        for page in pages:
            graph = nx.read_graphml(page.with_suffix(".graphml"))
            browser.goto(page.as_uri())
            assert browser.locator("#nodes .node").count() == graph.number_of_nodes(), page.name
            assert browser.locator("#edges path.edge").count() == graph.number_of_edges(), page.name
        assert elsewhere == [] and errors == []
        browser.goto((ROOT / "outputs" / "networks" / "actor_network.html").as_uri())
        actors = nx.read_graphml(ROOT / "outputs" / "networks" / "actor_network.graphml")
        assert actors.is_multigraph()  # parallel edges: networkx keys them by their GraphML id
        edge_id, data = next((key, data) for *_, key, data in actors.edges(keys=True, data=True))
        browser.evaluate("id => window.networkView.showEdge("
                         "window.networkView.data.edges.find(e => e.id === id))", edge_id)
        shown = browser.eval_on_selector_all("#details blockquote.quote", "qs => qs.map(q => q.textContent)")
        assert shown and shown == [quote["quote"] for quote in json.loads(data["quotes"])]


def test_empty_network_page_says_so(tmp_path):
    page_path = write_network_view(nx.Graph(), tmp_path / "empty.html")
    with chromium_page() as browser:
        browser.goto(page_path.as_uri())
        assert "This network is empty" in browser.inner_text("#details")
