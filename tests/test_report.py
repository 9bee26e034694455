"""Static report and study folders (issue: bring your own corpus, publish it)."""

from __future__ import annotations

import nbformat
import pytest

from helpers import pipeline
from helpers.report import build_report


def executed_notebook_with_hostile_output(folder):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Chapter 9 — Test chapter\n\nSome text."),
        nbformat.v4.new_code_cell("show(article)", outputs=[
            nbformat.v4.new_output(
                "display_data",
                data={"text/html": "<p>quoted</p><script>alert('from the article')</script>",
                      "text/plain": "quoted"},
            )
        ]),
    ]
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, folder / "09_test.ipynb")


def test_report_pages_are_sanitised_and_indexed(tmp_path):
    executed_notebook_with_hostile_output(tmp_path / "notebooks")
    pages = build_report(tmp_path / "notebooks", tmp_path / "report")
    assert [p.name for p in pages] == ["index.html", "09_test.html"]
    chapter = pages[1].read_text(encoding="utf-8")
    assert "quoted" in chapter
    assert "<script>alert" not in chapter  # escaped or removed, never a live script tag
    index = pages[0].read_text(encoding="utf-8")
    assert 'href="09_test.html"' in index and "Chapter 9 — Test chapter" in index


def test_report_without_a_run_says_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="make run"):
        build_report(tmp_path / "notebooks", tmp_path / "report")


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
