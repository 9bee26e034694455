"""Benchmark: our segmentation against trafilatura and jusText, accuracy and speed side by side.

Reads the hand-labelled fixtures in ``tests/fixtures/segmentation/*.labelled.txt`` (the five
sample articles plus invented pages with English, German and French boilerplate of other
sites; one label per line: T title, B body, C comment, X boilerplate, - blank), and scores the
held-out pages of ``tests/fixtures/segmentation_heldout/`` (never used to tune the rules)
separately. Each system sees
the same lines: ours reads the text; the baselines read an HTML page with every non-blank line
wrapped as a ``<p>`` paragraph. For each system it prints

* body kept %: title and body lines kept in the output (target: 100 %),
* boilerplate dropped %: boilerplate lines absent from the output (target: >= 95 %),
* comments out of body %: reader-comment lines not mixed into the body,
* articles/s: ours = cleaning + metadata (``describe_article``: segmentation, language, outlet,
  date) in one process; baselines = their text extraction alone, HTML built beforehand.
  Systems are timed in alternating rounds of ``--round`` seconds each (0.5 s by default: back to
  back, as over a corpus); the line "one pass per round" shows the same with every system
  starting cold after the others.

Run: ``.venv/bin/python bench/clean.py [--seconds 2] [--round 0.5]``. Needs ``lxml_html_clean`` for the
baselines (trafilatura and jusText import it); without it only our figures are printed.
"""

from __future__ import annotations

import argparse
import html
import re
import time

from helpers.clean import LABEL_CODES, describe_article, detect_language, predicted_codes, read_labelled_fixture
from helpers.outlets import load_outlets
from helpers.paths import REGISTRY_DIR, ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "segmentation"
#: Pages labelled after the rules were written and never used to tune them: an honest estimate.
HELD_OUT = ROOT / "tests" / "fixtures" / "segmentation_heldout"
STOPLISTS = {"fr": "French", "en": "English", "de": "German"}
SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return SPACES.sub(" ", text).strip().casefold()


def as_html(text: str) -> str:
    """Every non-blank line as one paragraph of a minimal page."""
    paragraphs = "".join(f"<p>{html.escape(line.strip())}</p>\n" for line in text.split("\n") if line.strip())
    return f"<html><head><meta charset='utf-8'></head><body><article>\n{paragraphs}</article></body></html>"


def kept_by_output(lines: list[str], output_paragraphs: list[str]) -> list[bool]:
    """Which input lines appear in a baseline's output (as a paragraph, or inside a long one)."""
    wanted = {normalise(p) for p in output_paragraphs if p.strip()}
    joined = " \n ".join(wanted)
    kept = []
    for line in lines:
        key = normalise(line)
        kept.append(bool(key) and (key in wanted or (len(key) >= 30 and key in joined)))
    return kept


def ours_kept(text: str) -> list[bool]:
    return [code in {LABEL_CODES["title"], LABEL_CODES["body"]} for code in predicted_codes(text)]


def trafilatura_kept(page: str, lines: list[str]) -> list[bool]:
    import trafilatura

    output = trafilatura.extract(page, include_comments=False, deduplicate=False) or ""
    return kept_by_output(lines, output.split("\n"))


def justext_kept(page: str, lines: list[str], language: str) -> list[bool]:
    import justext

    paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist(STOPLISTS.get(language, "English")))
    return kept_by_output(lines, [p.text for p in paragraphs if not p.is_boilerplate])


def score(labels: list[str], kept: list[bool]) -> dict[str, tuple[int, int]]:
    """(hits, total) for body kept, boilerplate dropped, comments kept out of the body."""
    result = {"body": [0, 0], "boilerplate": [0, 0], "comments": [0, 0]}
    for label, is_kept in zip(labels, kept):
        if label in {LABEL_CODES["title"], LABEL_CODES["body"]}:
            result["body"][0] += is_kept
            result["body"][1] += 1
        elif label == LABEL_CODES["boilerplate"]:
            result["boilerplate"][0] += not is_kept
            result["boilerplate"][1] += 1
        elif label == LABEL_CODES["comment"]:
            result["comments"][0] += not is_kept
            result["comments"][1] += 1
    return {k: (v[0], v[1]) for k, v in result.items()}


def load_fixtures(folder) -> list[tuple]:
    """(name, text, labels, lines, html page, language) for each labelled page in ``folder``."""
    fixtures = []
    for path in sorted(folder.glob("*.labelled.txt")):
        text, labels = read_labelled_fixture(path)
        lines = text.split("\n")
        language = detect_language(" ".join(l for l, c in zip(lines, labels) if c == "B"))
        fixtures.append((path.name.split(".")[0], text, labels, lines, as_html(text), language))
    return fixtures


def score_all(systems: dict, fixtures: list[tuple], show: bool) -> dict:
    """Per-system totals over ``fixtures`` (and one line per page when ``show``)."""
    totals: dict = {}
    for fixture in fixtures:
        name, labels = fixture[0], fixture[2]
        for system, run in systems.items():
            figures = score(labels, run(fixture))
            for key, (hits, total) in figures.items():
                old = totals.setdefault(system, {}).get(key, (0, 0))
                totals[system][key] = (old[0] + hits, old[1] + total)
            if show:
                print(f"{name:16} {system:12} {percent(figures['body']):>16} "
                      f"{percent(figures['boilerplate']):>20} {percent(figures['comments']):>16}")
    return totals


def rates(functions: dict[str, object], items: list, seconds: float, round_seconds: float) -> dict[str, float]:
    """Items per second for each function, timed in alternating rounds over ``items``.

    Each round runs one system over ``items`` again and again for ``round_seconds``, as over a
    corpus, where articles come back to back and the code and models stay in the processor's
    caches. Alternating rounds keep the comparison fair on a shared machine: a burst of load
    slows every system in turn instead of only the one being timed at that moment. With
    ``round_seconds=0`` each round is one pass over ``items``: every system starts cold after
    the others (slower for all, most for ours, whose language model tables are large).
    """
    for function in functions.values():
        function(items[0])  # warm-up: imports, model loading
    elapsed = {name: 0.0 for name in functions}
    done = {name: 0 for name in functions}
    while min(elapsed.values()) < seconds:
        for name, function in functions.items():
            start = time.perf_counter()
            while True:
                for item in items:
                    function(item)
                done[name] += len(items)
                if time.perf_counter() - start >= round_seconds:
                    break
            elapsed[name] += time.perf_counter() - start
    return {name: done[name] / elapsed[name] for name in functions}


def percent(pair: tuple[int, int]) -> str:
    hits, total = pair
    return f"{100 * hits / total:5.1f}% ({hits}/{total})" if total else "   n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="timing per system (default 3 s)")
    parser.add_argument("--round", type=float, default=0.5, dest="round_seconds",
                        help="seconds per system per alternating round (default 0.5; 0 = one pass, cold)")
    args = parser.parse_args()

    fixtures = load_fixtures(FIXTURES)
    held_out = load_fixtures(HELD_OUT)

    systems = {"ours": lambda f: ours_kept(f[1])}
    try:
        import justext  # noqa: F401
        import trafilatura  # noqa: F401

        systems["trafilatura"] = lambda f: trafilatura_kept(f[4], f[3])
        systems["jusText"] = lambda f: justext_kept(f[4], f[3], f[5])
    except ImportError as error:
        print(f"baselines skipped ({error}); install lxml_html_clean to run them")

    print(f"{len(fixtures)} labelled fixtures: "
          + ", ".join(f"{name} ({language})" for name, _, _, _, _, language in fixtures))
    print(f"\n{'fixture':16} {'system':12} {'body kept':>16} {'boilerplate dropped':>20} {'comments out':>16}")
    totals = score_all(systems, fixtures, show=True)

    outlets = load_outlets(REGISTRY_DIR / "outlets.csv")
    timed = {"ours": lambda f: describe_article({"text": f[1]}, outlets)}
    if "trafilatura" in systems:
        import justext
        import trafilatura

        timed["trafilatura"] = lambda f: trafilatura.extract(f[4], include_comments=False, deduplicate=False)
        timed["jusText"] = lambda f: justext.justext(
            f[4].encode("utf-8"), justext.get_stoplist(STOPLISTS.get(f[5], "English")))
    speeds = rates(timed, fixtures, args.seconds, args.round_seconds)
    samples = [f for f in fixtures if f[0].startswith("sample_")]
    sample_speeds = rates(timed, samples, args.seconds / 2, args.round_seconds) if samples else {}
    cold_speeds = rates(timed, fixtures, args.seconds / 2, 0.0)

    print(f"\n{'ALL':16} {'system':12} {'body kept':>16} {'boilerplate dropped':>20} {'comments out':>16} {'articles/s':>11}")
    for system, figures in totals.items():
        print(f"{'':16} {system:12} {percent(figures['body']):>16} {percent(figures['boilerplate']):>20} "
              f"{percent(figures['comments']):>16} {speeds[system]:11,.0f}")
    if held_out:
        print(f"\nheld-out pages ({len(held_out)}, labelled after the rules were written, never tuned on):")
        held_totals = score_all(systems, held_out, show=False)
        for system, figures in held_totals.items():
            print(f"{'':16} {system:12} {percent(figures['body']):>16} {percent(figures['boilerplate']):>20} "
                  f"{percent(figures['comments']):>16}")
    if sample_speeds:
        print("articles/s on the five samples alone: "
              + ", ".join(f"{name} {speed:,.0f}" for name, speed in sample_speeds.items()))
    print("articles/s with one pass per round (every system starts cold after the others): "
          + ", ".join(f"{name} {speed:,.0f}" for name, speed in cold_speeds.items()))
    ours = totals["ours"]
    print("\ntargets (ours):")
    print(f"  keep every body line:            {'PASS' if ours['body'][0] == ours['body'][1] else 'FAIL'}")
    dropped = ours["boilerplate"][0] / ours["boilerplate"][1]
    print(f"  drop >= 95 % of boilerplate:      {'PASS' if dropped >= 0.95 else 'FAIL'} ({100 * dropped:.1f} %)")
    print(f"  >= 2,000 articles/s:             {'PASS' if speeds['ours'] >= 2000 else 'FAIL'} ({speeds['ours']:,.0f}/s)")
    if "trafilatura" in speeds:
        ratio = speeds["ours"] / speeds["trafilatura"]
        print(f"  >= 5x trafilatura:               {'PASS' if ratio >= 5 else 'FAIL'} ({ratio:.1f}x)")


if __name__ == "__main__":
    main()
