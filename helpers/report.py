"""Static HTML report of the executed chain, for a paper's supplement.

Reads the executed notebooks that ``make run`` writes to ``OUTPUTS_DIR/notebooks/`` and writes
one HTML page per chapter plus ``index.html`` into ``OUTPUTS_DIR/report/``. The pages are
readable in any browser without Python, offline (figures are embedded).

What the reader sees, and why:

* Markdown cells are the chapters' own prose, rendered as written.
* Every HTML output is sanitised with bleach against an allow-list (tables, text, images,
  inline colours): a ``<script>`` or an ``onerror=`` that came from a scraped article is removed,
  never run. ``<style>`` and ``<script>`` elements are dropped with their content, so no CSS or
  code shows as text. Outputs of other rich types (JavaScript, SVG, Markdown) keep only their
  plain-text form.
* The papermill parameters cells (machine paths) are left out; widgets, which need a live kernel,
  are replaced by a short note saying where to use them.
* Absolute paths of the machine that ran the chain are shortened to paths relative to the
  project or the study.
* Every page has a title, and links to the index and to the previous and next chapters.
* The index also links the interactive network pages that chapter 4 writes beside the report
  (``OUTPUTS_DIR/networks/*.html``, see :mod:`helpers.network_view`), by relative links, so the
  report and its outputs folder can be moved or zipped together.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

import bleach
import nbformat
from bleach.css_sanitizer import CSSSanitizer

from helpers.paths import ROOT

#: Tags an output may keep: text, lists, tables and images.
ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd", "del", "details",
    "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
})
ALLOWED_ATTRIBUTES = {
    "*": ["class", "title", "style"],
    "a": ["href", "title"],
    "img": ["src", "alt", "width", "height"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
}
ALLOWED_CSS = [
    "background", "background-color", "border", "border-left", "color", "font-family",
    "font-size", "font-style", "font-weight", "margin", "padding", "padding-left", "text-align",
    "white-space",
]
#: Images embedded in outputs are data URIs; any other scheme than these is removed.
ALLOWED_PROTOCOLS = ["http", "https", "mailto", "data"]
SAFE_DATA_URI = re.compile(r"^data:image/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")
DROPPED_ELEMENTS = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
#: Output types shown as they are; any other keeps only its text/plain form.
KEPT_MIME_TYPES = ("text/plain", "text/html", "image/png", "image/jpeg")
WIDGET_MIME_TYPE = "application/vnd.jupyter.widget-view+json"
WIDGET_NOTE = ('<p class="widget-note"><em>Interactive view: it needs a running notebook. Open this '
               "chapter with <code>make lab</code> to use it.</em></p>")
PARAMETER_TAGS = ("parameters", "injected-parameters")
PAGE_STYLE = """<style>
.report-nav{font-family:sans-serif;padding:8px 16px;border-bottom:1px solid #ccc;background:#f7f7f7}
.report-nav a{margin-right:1.5em}
.widget-note{color:#555}
</style>"""


def chapter_title(notebook: nbformat.NotebookNode, fallback: str) -> str:
    """The first Markdown H1 of a notebook, else ``fallback``."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """bleach's attribute filter: the allow-list, and data URIs only as images' sources."""
    if name not in ALLOWED_ATTRIBUTES.get(tag, []) and name not in ALLOWED_ATTRIBUTES["*"]:
        return False
    if tag == "img" and name == "src":
        # The report is read offline: an image is embedded or it is not shown.
        return bool(SAFE_DATA_URI.match(value.strip()))
    return not value.strip().lower().startswith("data:")


_CLEANER = bleach.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=_allowed_attribute,
    protocols=ALLOWED_PROTOCOLS,
    strip=True,
    strip_comments=True,
    css_sanitizer=CSSSanitizer(allowed_css_properties=ALLOWED_CSS),
)


def sanitise_html(fragment: str) -> str:
    """``fragment`` with only allow-listed tags, attributes and CSS; scripts and styles gone."""
    return IMAGE_WITHOUT_SOURCE.sub("", _CLEANER.clean(DROPPED_ELEMENTS.sub("", fragment)))


def shorten_paths(text: str, roots: Iterable[Path]) -> str:
    """``text`` with each absolute ``root`` (longest first) replaced by a relative form.

    A root is written as ``.`` when followed by a separator (``/x/proj/data`` -> ``./data``).
    """
    for root in sorted({str(r) for r in roots if str(r) not in ("", "/")}, key=len, reverse=True):
        text = text.replace(root + "/", "./").replace(root, ".")
    return text


def _source_text(value: object) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def prepare_for_report(notebook: nbformat.NotebookNode, roots: Iterable[Path]) -> nbformat.NotebookNode:
    """A copy of an executed notebook as the report shows it (see the module docstring)."""
    roots = list(roots)
    prepared = nbformat.from_dict(notebook)
    cells = []
    for cell in prepared.cells:
        if set(cell.get("metadata", {}).get("tags", [])) & set(PARAMETER_TAGS):
            continue
        cell.source = shorten_paths(cell.source, roots)
        if cell.cell_type == "code":
            cell.outputs = [_prepare_output(output, roots) for output in cell.outputs]
        cells.append(cell)
    prepared.cells = cells
    prepared.metadata.pop("widgets", None)
    return prepared


def _prepare_output(output: nbformat.NotebookNode, roots: list[Path]) -> nbformat.NotebookNode:
    """One output with paths shortened, HTML sanitised, widgets noted, other rich types as text."""
    if "text" in output:
        output["text"] = shorten_paths(_source_text(output["text"]), roots)
    if "traceback" in output:
        output["traceback"] = [shorten_paths(line, roots) for line in output["traceback"]]
    data = output.get("data")
    if data is None:
        return output
    if WIDGET_MIME_TYPE in data:
        output["data"] = {"text/html": WIDGET_NOTE}
        return output
    kept = {}
    for mime in KEPT_MIME_TYPES:
        if mime not in data:
            continue
        value = data[mime]
        if mime == "text/html":
            value = sanitise_html(shorten_paths(_source_text(value), roots))
        elif mime == "text/plain":
            value = shorten_paths(_source_text(value), roots)
        kept[mime] = value
    output["data"] = kept or {"text/plain": ""}
    return output


def _navigation(index: int, pages: list[tuple[str, str]]) -> str:
    """Links to the index and the neighbouring chapters, for the top of page ``index``."""
    links = ['<a href="index.html">&larr; All chapters</a>']
    if index > 0:
        name, title = pages[index - 1]
        links.append(f'<a href="{html.escape(name)}">Previous: {html.escape(title)}</a>')
    if index + 1 < len(pages):
        name, title = pages[index + 1]
        links.append(f'<a href="{html.escape(name)}">Next: {html.escape(title)}</a>')
    return f'<nav class="report-nav">{"".join(links)}</nav>'


def _with_navigation(page: str, navigation: str) -> str:
    """The exported page with the report's style in its head and navigation atop its body."""
    page = page.replace("</head>", PAGE_STYLE + "\n</head>", 1)
    return re.sub(r"(<body[^>]*>)", lambda match: match.group(1) + navigation, page, count=1)


def network_links(networks_dir: Path, report_dir: Path) -> str:
    """The index's "Networks" section: a relative link to each ``*.html`` page in
    ``networks_dir``, or "" when there is none (the chain has not written them)."""
    views = sorted(networks_dir.glob("*.html"))
    if not views:
        return ""
    items = "".join(
        f'<li><a href="{html.escape(quote(Path(os.path.relpath(view, report_dir)).as_posix()))}">'
        f'{html.escape(view.stem.replace("_", " "))}</a></li>' for view in views)
    return ("<h2>Networks</h2><p>Each network of chapter 4, to explore in the browser (works "
            "offline): hover, zoom, search a name, click an edge for the claims and quotes behind "
            f'it.</p><ul class="networks">{items}</ul>')


def build_report(executed_dir: Path | str, report_dir: Path | str) -> list[Path]:
    """Convert every executed notebook in ``executed_dir`` to a report page; returns the pages.

    Raises FileNotFoundError (one line) when there are no executed notebooks: run the chain first.
    """
    from nbconvert import HTMLExporter

    executed_dir = Path(executed_dir)
    executed = sorted(executed_dir.glob("*.ipynb"))
    if not executed:
        raise FileNotFoundError(f"no executed notebooks in {executed_dir}: run `make run` first")
    report_dir = Path(report_dir)
    report_dir.mkdir(parents=True, exist_ok=True)
    # The study (or project) folder holding outputs/notebooks/, the project, and the home folder.
    roots = [executed_dir.resolve().parent.parent, ROOT, ROOT / "notebooks", Path.home()]
    exporter = HTMLExporter(template_name="lab", exclude_input_prompt=True, exclude_output_prompt=True)
    notebooks = [(path, nbformat.read(path, as_version=4)) for path in executed]
    titles = [(f"{path.stem}.html", chapter_title(notebook, path.stem)) for path, notebook in notebooks]
    pages = []
    for number, (path, notebook) in enumerate(notebooks):
        name, title = titles[number]
        body, _ = exporter.from_notebook_node(prepare_for_report(notebook, roots),
                                              resources={"metadata": {"name": title}})
        page = report_dir / name
        page.write_text(_with_navigation(body, _navigation(number, titles)), encoding="utf-8")
        pages.append(page)
    entries = "".join(f'<li><a href="{html.escape(name)}">{html.escape(title)}</a></li>'
                      for name, title in titles)
    networks = network_links(executed_dir.parent / "networks", report_dir)
    index = report_dir / "index.html"
    index.write_text(
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'><title>Backchannel report</title>"
        f"{PAGE_STYLE}</head><body style='font-family:sans-serif;max-width:50em;margin:2em auto'>"
        "<h1>Backchannel: the executed chain</h1>"
        "<p>Each chapter as it ran (static HTML; no code runs in this report). Figures, tables and "
        "network files are in the <code>figures/</code>, <code>tables/</code> and "
        "<code>networks/</code> folders beside this report's folder.</p>"
        f"<ol>{entries}</ol>{networks}</body></html>\n",
        encoding="utf-8",
    )
    return [index, *pages]
