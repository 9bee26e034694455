"""Benchmark: publication dates on htmldate's public evaluation set, every system side by side.

Reads a local copy of htmldate's ``tests/`` folder (``eval_default.json``,
``eval_mediacloud_2020.json`` and the pages in ``test_set/``, ``cache/`` and ``eval/``; fetch
the repository yourself, the pages are never committed here). Each page has its true
publication date (or none). Scored as htmldate's own ``tests/evaluation.py``: a date equal to
the reference is right, any other date is wrong, no date is none; a page without a reference
date is right when the system gives none. This project's month- or year-precision dates are
counted apart (``partial``: consistent with the reference but not a day), never as right.

Systems: backchannel (HTML) = ingest's HTML path + describe step (``published``); backchannel
(plain text) = the page's visible text through the plain-text rules; htmldate with and without
extensive search (``original_date=True``, as in its evaluation). Pages are split into two
halves by a stable hash of the URL (first SHA-256 byte even = tune, odd = held out); results
are printed for the whole set and each half, with pages per second.

Run: ``.venv/bin/python bench/dates.py /work/evalsets/htmldate/tests [--limit N] [--half tune]
[--systems "backchannel (HTML)"] [--show-wrong "backchannel (HTML)"]`` (``--show-wrong`` lists
each wrong answer with the evidence and note it was given, then counts them by the rule that
gave them).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import decode, half_of  # noqa: E402  (same folder: shared loaders)

SETS = ("eval_mediacloud_2020.json", "eval_default.json")


def load_set(folder: Path) -> list[tuple[str, str | None, bytes]]:
    """(url, reference date or None, page bytes) for every page found under ``folder``."""
    pages = []
    for name in SETS:
        annotations = json.loads((folder / name).read_text(encoding="utf-8"))
        for url in sorted(annotations):
            item = annotations[url]
            for sub in ("test_set", "cache", "eval"):
                path = folder / sub / item["file"]
                if path.is_file():
                    reference = item.get("date")  # the JSON writes a missing date as NaN
                    pages.append((url, reference if isinstance(reference, str) else None,
                                  path.read_bytes()))
                    break
            else:
                print(f"missing page for {url}: {item['file']}", file=sys.stderr)
    return pages


def backchannel_html(outlets) -> Callable[[bytes], tuple[str, str, str]]:
    """(published, precision, evidence) from ingest's HTML path and the describe step."""
    from helpers.webpage import describe_page, read_html_page

    def run(data: bytes) -> tuple[str, str, str]:
        text, page, _ = read_html_page(decode(data))
        described = describe_page(text, page, outlets)
        return described["published"], described["published_precision"], _evidence(described)

    return run


def backchannel_text(outlets) -> Callable[[bytes], tuple[str, str, str]]:
    """(published, precision, evidence) from the page's visible text through the plain-text rules."""
    from helpers.clean import describe_article
    from helpers.ingest import html_to_text, normalise_text

    def run(data: bytes) -> tuple[str, str, str]:
        text = normalise_text(html_to_text(decode(data)))[0]
        described = describe_article({"text": text}, outlets)
        return described["published"], described["published_precision"], _evidence(described)

    return run


def _evidence(described: dict) -> str:
    """The evidence and note of a described article's date, for the list of wrong answers."""
    return " | ".join(filter(None, [described["published_evidence"][:80], described["published_note"][:160]]))


def htmldate_runner(extensive: bool) -> Callable[[bytes], tuple[str, str, str]]:
    """htmldate.find_date as htmldate's evaluation calls it."""
    from htmldate import find_date

    def run(data: bytes) -> tuple[str, str, str]:
        found = find_date(decode(data), original_date=True, extensive_search=extensive)
        return (found or "", "day" if found else "unknown", "")

    return run


#: Notes of the plain-text rules that name where a date came from (else: a date line).
CAUSE_NOTES = {
    "from the date in the URL": "text:url", "from the date opening the first paragraph": "text:glued",
    "from the date at the end of the title": "text:title", "from a unix timestamp": "text:unix",
    "near midnight": "text:near midnight (month kept)", "day not decided": "text:weak day (month kept)",
}


def cause(evidence: str) -> str:
    """Which rule gave a date, from its evidence and note: ``htmldate:head``, ``text:labelled``…"""
    head = evidence.split(" | ")[0]
    if head.startswith(("htmldate:", "head:", "text:")):
        return head.split()[0]
    found = [kind for note, kind in CAUSE_NOTES.items() if note in evidence]
    if "the page's date line next to the article" in evidence:
        return "text date line over an unshown htmldate day"
    return found[-1] if found else "text date line"


def verdict(reference: str | None, published: str, precision: str) -> str:
    """right, wrong, partial (consistent month/year) or none."""
    if not published:
        return "right" if reference is None else "none"
    if precision != "day":
        return "partial" if reference and reference.startswith(published) else "wrong"
    return "right" if published == reference else "wrong"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="htmldate's tests/ folder")
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages (quick look)")
    parser.add_argument("--systems", default="", help="comma-separated subset of system names")
    parser.add_argument("--half", choices=("tune", "held-out"), help="only this half (tuning runs)")
    parser.add_argument("--show-wrong", default="",
                        help="print the wrong answers of this system, with their evidence")
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
        "htmldate extensive": htmldate_runner(True),
        "htmldate fast": htmldate_runner(False),
    }
    if args.systems:
        systems = {k: v for k, v in systems.items() if k in set(args.systems.split(","))}
    halves = {url: half_of(url) for url, _, _ in pages}
    print(f"{len(pages)} pages ({sum(h == 'tune' for h in halves.values())} tune, "
          f"{sum(h == 'held-out' for h in halves.values())} held out), "
          f"{sum(ref is not None for _, ref, _ in pages)} with a reference date")
    kinds = ("right", "wrong", "partial", "none")
    rows = []
    causes: dict[str, int] = {}
    for name, run in systems.items():
        counts = {part: dict.fromkeys(kinds, 0) for part in ("all", "tune", "held-out")}
        errors = 0
        seconds = 0.0
        for url, reference, data in pages:
            start = time.perf_counter()
            try:
                published, precision, evidence = run(data)
            except Exception as error:
                published, precision, evidence = "", "unknown", ""
                errors += 1
                print(f"  {name} error on {url}: {type(error).__name__}: {error}"[:200])
            seconds += time.perf_counter() - start
            outcome = verdict(reference, published, precision)
            if name == args.show_wrong and outcome == "wrong":
                causes[cause(evidence)] = causes.get(cause(evidence), 0) + 1
                print(f"  wrong [{halves[url]}]: {url[:100]} reference {reference} got {published} "
                      f"({precision}) evidence: {evidence}")
            for part in ("all", halves[url]):
                counts[part][outcome] += 1
        rows.append((name, counts, errors, len(pages) / seconds if seconds else 0.0))
    if causes:
        print(f"\nwrong answers of {args.show_wrong} by the rule that gave them: "
              + ", ".join(f"{kind} {n}" for kind, n in sorted(causes.items(), key=lambda item: -item[1])))
    print()
    print("| system | set | right % | wrong % | partial % | none % | errors | pages/s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, counts, errors, speed in rows:
        for part in ("all", "tune", "held-out"):
            total = max(sum(counts[part].values()), 1)
            cells = " | ".join(f"{100 * counts[part][k] / total:.1f}" for k in kinds)
            print(f"| {name} | {part} | {cells} | {errors if part == 'all' else ''} | "
                  f"{f'{speed:.1f}' if part == 'all' else ''} |")


if __name__ == "__main__":
    main()
