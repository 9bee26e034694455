"""Static report (a paper's supplement) and study folders."""

from __future__ import annotations

import json
import re
import shutil

import nbformat
import networkx as nx
import pytest

from helpers import pipeline
from helpers.network_view import write_network_view
from helpers.paths import ROOT
from helpers.report import WIDGET_NOTE, build_report, sanitise_html, shorten_paths
from tests.browser import chromium_page

HOSTILE_HTML = ("<p>quoted</p><script>window.__ran = 1</script>"
                "<img src=x onerror=\"window.__ran = 2\"><style>p {color: red}</style>"
                "<a href=\"javascript:window.__ran=3\">link</a>")


def executed_notebooks(folder, machine_path: str):
    """Two executed chapters: parameters with a machine path, hostile HTML, a widget, a table."""
    first = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(f'RAW_DIR = "{machine_path}/raw"')
    parameters.metadata["tags"] = ["injected-parameters"]
    first.cells = [
        nbformat.v4.new_markdown_cell("# Chapter 9 — Test chapter\n\nSome *text*."),
        parameters,
        nbformat.v4.new_code_cell("show(article)", outputs=[
            nbformat.v4.new_output("display_data", data={"text/html": HOSTILE_HTML, "text/plain": "quoted"}),
            nbformat.v4.new_output("stream", name="stdout", text=f"wrote {machine_path}/outputs/x.csv\n"),
        ]),
        nbformat.v4.new_code_cell("form", outputs=[nbformat.v4.new_output(
            "display_data", data={"application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                                  "text/plain": "VBox()"})]),
    ]
    second = nbformat.v4.new_notebook()
    second.cells = [nbformat.v4.new_markdown_cell("# Chapter 10 — Tables\n\nA table follows.")]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(first, folder / "09_test.ipynb")
    nbformat.write(second, folder / "10_tables.ipynb")


def test_outputs_are_sanitised_and_nothing_shows_as_markup(tmp_path):
    executed_notebooks(tmp_path / "outputs" / "notebooks", str(tmp_path))
    index, first, second = build_report(tmp_path / "outputs" / "notebooks", tmp_path / "report")
    page = first.read_text(encoding="utf-8")
    assert "quoted" in page
    assert "window.__ran" not in page and "onerror" not in page and "p {color: red}" not in page
    assert "<title>Chapter 9 — Test chapter</title>" in page
    assert "<em>text</em>" in page  # Markdown rendered, not escaped
    assert "RAW_DIR" not in page  # the parameters cell is left out
    assert WIDGET_NOTE in page
    assert str(tmp_path) not in page and "./outputs/x.csv" in page
    assert 'href="index.html"' in page and 'href="10_tables.html"' in page
    assert 'href="09_test.html"' in second.read_text(encoding="utf-8")
    assert 'href="09_test.html"' in index.read_text(encoding="utf-8")


def test_sanitiser_keeps_tables_images_and_colours_but_no_code():
    table = "<style scoped>.x{}</style><table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    assert sanitise_html(table) == "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    image = '<img src="data:image/png;base64,iVBORw0KGgo=" alt="figure">'
    assert sanitise_html(image) == image
    assert "src" not in sanitise_html('<img src="data:text/html;base64,PHNjcmlwdD4=">')
    coloured = '<div style="background: #E69F0033; white-space: pre-wrap;">x</div>'
    assert "background: #E69F0033" in sanitise_html(coloured)


def test_paths_are_shortened_longest_root_first(tmp_path):
    nested = tmp_path / "project"
    text = f"{nested}/data/raw and {tmp_path}/other"
    assert shorten_paths(text, [tmp_path, nested]) == "./data/raw and ./other"


def test_report_without_a_run_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="make run"):
        build_report(tmp_path / "notebooks", tmp_path / "report")


def test_the_report_reads_well_in_a_real_browser(tmp_path):
    """The sample's executed chapters and a hostile one, opened in headless Chromium."""
    executed = tmp_path / "study" / "outputs" / "notebooks"
    executed_notebooks(executed, str(tmp_path))
    for chapter in pipeline.chapter_notebooks():
        shutil.copyfile(chapter, executed / chapter.name)
    index, *pages = build_report(executed, tmp_path / "report")
    for page in pages:
        assert str(ROOT) not in page.read_text(encoding="utf-8"), page.name
    with chromium_page() as browser:
        browser.goto(index.as_uri())
        linked = browser.eval_on_selector_all("ol a", "links => links.map(a => a.getAttribute('href'))")
        assert linked == [page.name for page in pages]
        for name in linked:
            browser.goto(index.as_uri())
            browser.click(f"a[href='{name}']")
            visible = browser.inner_text("body")
            assert not re.search(r"</?(?:h[1-6]|p|div|table|style|script|img)\b", visible), name
            assert browser.evaluate("window.__ran") is None, name
            assert browser.evaluate(
                "[...document.querySelectorAll('table')].every(t => t.querySelector('th'))"), name
            assert browser.evaluate(
                "[...document.images].every(i => i.complete && i.naturalWidth > 0)"), name
            assert browser.title() and browser.title() != "Notebook", name


def test_index_links_the_network_pages_and_they_open(tmp_path):
    """The index's "Networks" list: relative links to outputs/networks/*.html that open."""
    outputs = tmp_path / "study" / "outputs"
    executed_notebooks(outputs / "notebooks", str(tmp_path))
    graph = nx.MultiGraph()
    graph.add_edge("Jake Sullivan", "Yuri Ushakov", key="meeting", claim_type="meeting", weight=1,
                   quotes=json.dumps([{"claim_id": "c1", "article_id": "a1", "quote": "they met"}]))
    for stem in ("actor_network", "congruence"):
        write_network_view(graph, outputs / "networks" / f"{stem}.html")
    index, *_ = build_report(outputs / "notebooks", outputs / "report")
    text = index.read_text(encoding="utf-8")
    assert '<a href="../networks/actor_network.html">actor network</a>' in text
    assert '<a href="../networks/congruence.html">congruence</a>' in text
    assert str(tmp_path) not in text
    with chromium_page() as browser:
        browser.goto(index.as_uri())
        browser.click("ul.networks a >> nth=0")
        assert browser.url.endswith("/outputs/networks/actor_network.html")
        assert browser.locator("#nodes .node").count() == 2


def test_index_without_network_pages_has_no_networks_list(tmp_path):
    executed_notebooks(tmp_path / "outputs" / "notebooks", str(tmp_path))
    index, *_ = build_report(tmp_path / "outputs" / "notebooks", tmp_path / "outputs" / "report")
    assert "Networks" not in index.read_text(encoding="utf-8")


def test_create_study_copies_templates_and_never_overwrites(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    study = tmp_path / "study"
    paths = pipeline.create_study(corpus, study)
    assert paths.raw_dir == corpus.resolve()
    template_files = sorted(p.name for p in pipeline.REGISTRY_DIR.glob("*.csv"))
    assert sorted(p.name for p in paths.registry_dir.glob("*.csv")) == template_files
    for folder in (paths.interim_dir, paths.outputs_dir, paths.annotations_dir):
        assert folder.is_dir() and study.resolve() in folder.parents
    from helpers.claims import CLAIM_COLUMNS, read_claims

    claims = read_claims(paths.annotations_dir / "claims.csv")
    assert claims.empty and list(claims.columns) == CLAIM_COLUMNS
    edited = paths.registry_dir / "actors.csv"
    edited.write_text("canonical\nSomeone\n", encoding="utf-8")
    pipeline.create_study(corpus, study)
    assert edited.read_text(encoding="utf-8") == "canonical\nSomeone\n"


def test_study_inside_the_corpus_is_refused(tmp_path):
    with pytest.raises(ValueError, match="inside the corpus"):
        pipeline.create_study(tmp_path, tmp_path / "study")
