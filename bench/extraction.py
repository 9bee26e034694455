"""Benchmark: main-text extraction on trafilatura's public evaluation set, every system side by side.

Reads a local copy of trafilatura's ``tests/`` folder (``evaldata.json`` and the pages in
``cache/`` and ``eval/``; fetch the repository yourself, the pages are never committed here) and
scores each system as trafilatura's own ``tests/evaluate.py`` does: per page, the "with"
snippets found in the output (body kept) and the "without" snippets absent from it (boilerplate
removed), whitespace-normalised substring matching (invisible soft hyphens and zero-width
characters ignored: pages keep them inside words, extractors drop them). Systems:

* backchannel (HTML): ingest's HTML path then the describe step (``helpers.webpage``: two
  trafilatura passes combined, this project's rules on top): ``title`` and ``body``;
* backchannel (plain text): the page turned into visible text (``helpers.ingest.html_to_text``),
  then the plain-text line rules (``helpers.clean.describe_article``): ``body``;
* trafilatura (its evaluation settings: tables in, comments out, with fallback), and its fast mode;
* jusText (trafilatura's evaluation settings and stoplist).

Pages are split into two halves by a stable hash of their URL (SHA-256, first byte even = tune,
odd = held out): rules may be tuned on the tune half only; scores are printed for the whole set
and each half. A system that raises on a page scores a full miss there and the error is counted
(for backchannel, a page ingest reports as a problem row). Speed: pages per second of each
system's own work, in one process.

Run: ``.venv/bin/python bench/extraction.py /work/evalsets/trafilatura/tests [--limit N]``
(``--explain``: the HTML path's missed body snippets grouped by where along the path they went)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

SPACES = re.compile(r"\s+")
#: Invisible format characters (soft hyphen, zero-width space, word joiner, byte-order mark):
#: a page's verbatim text keeps them inside words, extractors drop them; a reader sees neither.
INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")


def norm(text: str) -> str:
    """Whitespace-normalised text (trafilatura's evaluation does the same), invisible characters out."""
    return SPACES.sub(" ", INVISIBLE.sub("", text)).strip()


def half_of(url: str) -> str:
    """'tune' or 'held-out', by a stable hash of the page URL."""
    return "tune" if hashlib.sha256(url.encode("utf-8")).digest()[0] % 2 == 0 else "held-out"


def load_set(folder: Path) -> list[tuple[str, dict, bytes]]:
    """(url, annotation, page bytes) for every annotated page found under ``folder``."""
    annotations = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    pages = []
    for url in sorted(annotations):
        item = annotations[url]
        for sub in ("cache", "eval"):
            path = folder / sub / item["file"]
            if path.is_file():
                pages.append((url, item, path.read_bytes()))
                break
        else:
            print(f"missing page for {url}: {item['file']}", file=sys.stderr)
    return pages


def decode(data: bytes) -> str:
    """The page decoded as ingest decodes files."""
    from helpers.ingest import decode_bytes, normalise_text

    return normalise_text(decode_bytes(data)[0])[0]


def backchannel_html(outlets) -> Callable[[bytes], str]:
    """Ingest's HTML path then the describe step: the ``body`` column."""
    from helpers.webpage import describe_page, read_html_page

    def run(data: bytes) -> str:
        text, page, _ = read_html_page(decode(data))
        described = describe_page(text, page, outlets)
        return f"{described['title']}\n\n{described['body']}"  # article text: title and body

    return run


def backchannel_text(outlets) -> Callable[[bytes], str]:
    """The page as visible plain text, segmented by the line rules: the ``body`` column."""
    from helpers.clean import describe_article
    from helpers.ingest import html_to_text, normalise_text

    def run(data: bytes) -> str:
        text = normalise_text(html_to_text(decode(data)))[0]
        described = describe_article({"text": text}, outlets)
        return f"{described['title']}\n\n{described['body']}"  # article text: title and body

    return run


def trafilatura_runner(fast: bool) -> Callable[[bytes], str]:
    """trafilatura.extract with the settings of its own evaluation."""
    from trafilatura import extract

    def run(data: bytes) -> str:
        return extract(data, fast=fast, include_comments=False, include_tables=True,
                       include_formatting=False) or ""

    return run


def justext_runner() -> Callable[[bytes], str]:
    """jusText with trafilatura's evaluation parameters and its merged stoplist."""
    import justext
    from trafilatura.external import jt_stoplist_init

    stoplist = jt_stoplist_init()

    def run(data: bytes) -> str:
        paragraphs = justext.justext(data, stoplist, 50, 200, 0.1, 0.2, 0.2, 200, True)
        return " ".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def miss_cause(item_with: str, html: str, text: str, page_json: str, described: dict) -> str:
    """Why the HTML path's ``title``/``body`` misses a body snippet: where along the path it went."""
    import trafilatura

    from helpers.describe import join_spans
    from helpers.webpage import Page, _block_texts, parseable_html

    snippet = norm(item_with)
    if snippet not in norm(text):
        return "not in the page's visible text (ingest's HTML to text)"
    if snippet in norm(described["comments"]):
        return "trafilatura read it as a reader comment"
    page = Page.from_json(page_json)
    if snippet in norm(join_spans(text, [tuple(s) for s in page.body_spans])):
        return "this project's rules moved it to boilerplate"
    html = parseable_html(html)
    passes = {}
    for name, options in (("precise", {"favor_precision": True}), ("balanced", {})):
        document = trafilatura.bare_extraction(html, include_comments=True, include_tables=True, **options)
        passes[name] = norm(" ".join(_block_texts(document.body))) if document is not None else ""
    if snippet in passes["precise"]:
        return "kept by trafilatura, lost locating it in the text"
    if snippet in passes["balanced"]:
        return "kept by the balanced pass only, left out by the combination rule"
    return "dropped by both trafilatura passes"


def explain_html_misses(pages: list[tuple[str, dict, bytes]], outlets) -> None:
    """Print the HTML path's missed body snippets grouped by cause (``miss_cause``), per half."""
    from collections import Counter

    from helpers.webpage import describe_page, read_html_page

    causes: dict[str, Counter] = {}
    for url, item, data in pages:
        html = decode(data)
        try:
            text, page, _ = read_html_page(html)
            described = describe_page(text, page, outlets)
        except Exception:  # a page the path cannot read misses all its snippets
            causes.setdefault("the page stops the HTML path", Counter())[half_of(url)] += len(item["with"])
            continue
        output = norm(f"{described['title']}\n\n{described['body']}")
        for snippet in item["with"]:
            if norm(snippet) not in output:
                cause = miss_cause(snippet, html, text, page, described)
                causes.setdefault(cause, Counter())[half_of(url)] += 1
    print("\n| backchannel (HTML): missed body snippets, by cause | tune | held-out |")
    print("|---|---|---|")
    for cause, counts in sorted(causes.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"| {cause} | {counts['tune']} | {counts['held-out']} |")


def score(item: dict, output: str | None) -> tuple[int, int, int, int]:
    """(with found, with total, without absent, without total) for one page."""
    out = norm(output or "")
    found = sum(1 for w in item["with"] if norm(w) in out) if output is not None else 0
    absent = sum(1 for w in item["without"] if norm(w) not in out) if output is not None else len(item["without"])
    return found, len(item["with"]), absent, len(item["without"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="trafilatura's tests/ folder (evaldata.json, cache/, eval/)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (quick look)")
    parser.add_argument("--systems", default="", help="comma-separated subset of system names")
    parser.add_argument("--half", choices=("tune", "held-out"), help="only this half (tuning runs)")
    parser.add_argument("--explain", action="store_true",
                        help="also group the HTML path's missed body snippets by cause")
    args = parser.parse_args()
    from helpers.outlets import load_outlets
    from helpers.paths import REGISTRY_DIR

    pages = load_set(args.folder)
    if args.half:
        pages = [page for page in pages if half_of(page[0]) == args.half]
    if args.limit:
        pages = pages[: args.limit]
    outlets = load_outlets(REGISTRY_DIR / "outlets.csv")
    systems = {
        "backchannel (HTML)": backchannel_html(outlets),
        "backchannel (plain text)": backchannel_text(outlets),
        "trafilatura": trafilatura_runner(fast=False),
        "trafilatura fast": trafilatura_runner(fast=True),
        "jusText": justext_runner(),
    }
    if args.systems:
        wanted = set(args.systems.split(","))
        systems = {k: v for k, v in systems.items() if k in wanted}
    halves = {url: half_of(url) for url, _, _ in pages}
    print(f"{len(pages)} pages ({sum(h == 'tune' for h in halves.values())} tune, "
          f"{sum(h == 'held-out' for h in halves.values())} held out)")
    rows = []
    for name, run in systems.items():
        totals = {part: [0, 0, 0, 0] for part in ("all", "tune", "held-out")}
        errors: list[str] = []
        seconds = 0.0
        for url, item, data in pages:
            start = time.perf_counter()
            try:
                output = run(data)
            except Exception as error:  # scored as a full miss, like trafilatura's evaluation
                output = None
                errors.append(f"{url}: {type(error).__name__}: {error}"[:200])
            seconds += time.perf_counter() - start
            counts = score(item, output)
            for part in ("all", halves[url]):
                totals[part] = [a + b for a, b in zip(totals[part], counts)]
        rows.append((name, totals, len(errors), len(pages) / seconds if seconds else 0.0))
        for line in errors[:3]:
            print(f"  {name} error: {line}")
    print()
    print(f"| system | set | body kept % | boilerplate removed % | errors | pages/s |")
    print("|---|---|---|---|---|---|")
    for name, totals, n_errors, speed in rows:
        for part in ("all", "tune", "held-out"):
            found, n_with, absent, n_without = totals[part]
            print(f"| {name} | {part} | {100 * found / max(n_with, 1):.1f} | "
                  f"{100 * absent / max(n_without, 1):.1f} | {n_errors if part == 'all' else ''} | "
                  f"{f'{speed:.1f}' if part == 'all' else ''} |")
    if args.explain:
        explain_html_misses(pages, outlets)


if __name__ == "__main__":
    main()
