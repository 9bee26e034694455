"""Static HTML report of the executed chain, for a paper's supplement.

Reads the executed notebooks that ``make run`` writes to ``OUTPUTS_DIR/notebooks/`` and writes
one HTML page per chapter plus ``index.html`` into ``OUTPUTS_DIR/report/``. The pages are
readable in any browser without Python. Every HTML output and Markdown cell is sanitised
(nbconvert's ``sanitize_html``), so a script tag that came from a scraped article is removed, never
run.
"""

from __future__ import annotations

import html
from pathlib import Path

import nbformat


def chapter_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown H1 of a notebook, else ``fallback``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def build_report(executed_dir: Path | str, report_dir: Path | str) -> list[Path]:
    """Convert every executed notebook in ``executed_dir`` to sanitised HTML; returns the pages.

    Raises FileNotFoundError (one line) when there are no executed notebooks: run the chain first.
    """
    from nbconvert import HTMLExporter

    executed = sorted(Path(executed_dir).glob("*.ipynb"))
    if not executed:
        raise FileNotFoundError(f"no executed notebooks in {executed_dir}: run `make run` first")
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab", sanitize_html=True, exclude_input_prompt=True)
    pages, entries = [], []
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(notebook)
        page = report_dir / f"{path.stem}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        title = html.escape(chapter_title(notebook, path.stem))
        entries.append(f'<li><a href="{html.escape(page.name)}">{title}</a></li>')
    index = report_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>Backchannel report</title></head>"
        "<body><h1>Backchannel: the executed chain</h1>"
        "<p>Each chapter as it ran (static HTML; no code runs in this report).</p>"
        f"<ol>{''.join(entries)}</ol></body></html>\n",
        encoding="utf-8",
    )
    return [index, *pages]
