"""Why the plain-text line rules miss on trafilatura's evaluation set: misses grouped by cause.

Reads the same local copy of trafilatura's ``tests/`` folder as ``bench/extraction.py`` (pages
turned into text by ``helpers.ingest.html_to_text``, segmented by ``helpers.segment``) and
prints, for one half of the pages, the body snippets lost and the boilerplate snippets kept,
grouped by the segmentation reason of the line that holds them and by where that line sits
relative to the article's main block (before, in, after). ``--show REASON`` prints examples of
one group. ``--save FILE`` writes each page's (body snippets kept, boilerplate snippets
removed) as JSON; ``--diff FILE`` then lists the pages whose counts changed since that file
was saved (what a rule won and lost, page by page). Use the tune half to find causes; check
the held-out half with ``bench/extraction.py``.

Run: ``.venv/bin/python bench/text_misses.py /work/evalsets/trafilatura/tests [--half tune]
[--save before.json | --diff before.json]``
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from extraction import decode, half_of, load_set, norm, score  # noqa: E402


def where(line, block: tuple[int, int]) -> str:
    """'before', 'in' or 'after' the main block (by unit index)."""
    if line.index < block[0]:
        return "before"
    return "after" if line.index > block[1] else "in"


def article_text(lines: list) -> str:
    """The lines the rules keep as the article (title and body), joined as the benchmark reads them."""
    from helpers import segment as S

    return " ".join(line.text for line in lines if line.label in S.ARTICLE_TEXT)


def page_counts(text: str, item: dict) -> tuple[int, int]:
    """(body snippets kept, boilerplate snippets removed) of one page, scored as
    ``bench/extraction.py`` scores it."""
    from helpers import segment as S

    found, _, absent, _ = score(item, article_text(S.segment_text(text).lines))
    return found, absent


def print_diff(saved: dict[str, list[int]], now: dict[str, tuple[int, int]]) -> None:
    """The pages whose (kept, removed) counts changed since ``saved``, and the totals."""
    gained: dict[str, list[int]] = {"tune": [0, 0], "held-out": [0, 0]}
    for url, (kept, removed) in sorted(now.items()):
        before = saved.get(url)
        if before is None or (kept, removed) == tuple(before):
            continue
        gained[half_of(url)][0] += kept - before[0]
        gained[half_of(url)][1] += removed - before[1]
        print(f"kept {kept - before[0]:+d} removed {removed - before[1]:+d}  {half_of(url):8s}  {url}")
    total = [sum(counts[0] for counts in gained.values()), sum(counts[1] for counts in gained.values())]
    halves = ", ".join(f"{half} kept {k:+d} removed {r:+d}" for half, (k, r) in gained.items())
    print(f"total: kept {total[0]:+d} removed {total[1]:+d} ({halves})")


def page_misses(text: str, item: dict) -> list[tuple[str, str, str]]:
    """(kind, cause, line text) of each snippet the rules get wrong on one page."""
    from helpers import segment as S

    seg = S.segment_text(text)
    lines = [line for line in seg.lines if line.label != S.BLANK]
    first, last = S._main_block(lines)
    block = (lines[first].index, lines[last].index) if lines and last >= 0 else (-1, -1)
    parts, spans, position = [], [], 0
    for line in lines:
        flat = norm(line.text)
        parts.append(flat)
        spans.append((position, position + len(flat)))
        position += len(flat) + 1
    page_text = " ".join(parts)
    kept = norm(article_text(lines))

    def holders(snippet: str) -> list:
        start = page_text.find(snippet)
        if start < 0:
            return []
        end = start + len(snippet)
        return [line for line, (a, b) in zip(lines, spans) if a < end and b > start]

    misses = []
    for snippet in map(norm, item["with"]):
        if snippet not in kept:
            wrong = [line for line in holders(snippet) if line.label not in S.ARTICLE_TEXT]
            cause = (f"{wrong[0].label}: {wrong[0].reason} @{where(wrong[0], block)}" if wrong
                     else "not in the text")
            misses.append(("body lost", cause, wrong[0].text if wrong else snippet))
    for snippet in map(norm, item["without"]):
        if snippet in kept:
            right = [line for line in holders(snippet) if line.label in S.ARTICLE_TEXT]
            cause = f"{right[0].label}: {right[0].reason} @{where(right[0], block)}" if right else "repeated in the body"
            misses.append(("boilerplate kept", cause, right[0].text if right else snippet))
    return misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="trafilatura's tests/ folder")
    parser.add_argument("--half", choices=("tune", "held-out", "all"), default="tune")
    parser.add_argument("--show", default="", help="print examples of this cause")
    parser.add_argument("--examples", type=int, default=20)
    parser.add_argument("--save", type=Path, help="write each page's (kept, removed) counts to this JSON file")
    parser.add_argument("--diff", type=Path, help="list the pages whose counts changed since this saved file")
    args = parser.parse_args()
    from helpers.ingest import html_to_text, normalise_text

    counts: dict[str, Counter] = defaultdict(Counter)
    examples: dict[str, list[str]] = defaultdict(list)
    counts_now: dict[str, tuple[int, int]] = {}
    for url, item, data in load_set(args.folder):
        if args.half != "all" and half_of(url) != args.half:
            continue
        text = normalise_text(html_to_text(decode(data)))[0]
        if args.save or args.diff:
            counts_now[url] = page_counts(text, item)
            continue
        for kind, cause, line in page_misses(text, item):
            counts[kind][cause] += 1
            examples[cause].append(f"{url}\n    {line[:160]}")
    if args.save:
        args.save.write_text(json.dumps(counts_now, indent=0), encoding="utf-8")
        print(f"wrote the counts of {len(counts_now)} pages to {args.save}")
    if args.diff:
        print_diff(json.loads(args.diff.read_text(encoding="utf-8")), counts_now)
    if args.save or args.diff:
        return
    if args.show:
        print("\n".join(examples[args.show][: args.examples]))
        return
    for kind in ("body lost", "boilerplate kept"):
        print(f"{kind}: {sum(counts[kind].values())}")
        for cause, n in counts[kind].most_common():
            print(f"  {n:5d}  {cause}")


if __name__ == "__main__":
    main()
