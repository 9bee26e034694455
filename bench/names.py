"""Benchmark the garble-aware name suggestions against a plain rapidfuzz WRatio baseline.

    python bench/names.py [--sweep] [--show-errors]

Reads ``bench/data/name_registry.csv`` (canonical names, as a study's registry would hold them)
and ``bench/data/name_variants.csv``: real spellings of those people met in French, English and
German press (transliterations, machine-translation garbles, typos, glued, swapped or missing
first names), each labelled with the person meant, plus real *other* people whose names look like
registered ones (``target`` empty: nothing should be suggested). None comes from the sample
corpus. The variants are split in two halves by a stable hash: thresholds were tuned on ``tune``,
``test`` was only measured. Prints, per half and per system, top-1 accuracy on the variants
(the right person suggested first), wrong first suggestions, and how many look-alikes got a
suggestion (false suggestions); ``--sweep`` prints the tuning half at several thresholds.
"""

from __future__ import annotations

import argparse
import time
import zlib
from pathlib import Path

import pandas as pd
from rapidfuzz import fuzz, process

from helpers.registry import fold
from helpers.suggest import SUGGEST_MIN, Suggester

DATA = Path(__file__).parent / "data"


def load(data: Path = DATA) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The registry and the labelled variants, each variant with its half (tune / test)."""
    registry = pd.read_csv(data / "name_registry.csv", dtype=str, keep_default_na=False)
    variants = pd.read_csv(data / "name_variants.csv", dtype=str, keep_default_na=False)
    unknown = set(variants["target"]) - set(registry["canonical"]) - {""}
    if unknown:
        raise ValueError(f"name_variants.csv: target(s) not in name_registry.csv: {', '.join(sorted(unknown))}")
    variants["half"] = variants["variant"].map(lambda v: "tune" if zlib.crc32(v.encode()) % 2 == 0 else "test")
    return registry, variants


def registry_triples(registry: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(alias, canonical, kind) for every spelling in the registry table."""
    triples = []
    for row in registry.to_dict("records"):
        for alias in [row["canonical"], *[a for a in row["aliases"].split(";") if a.strip()]]:
            triples.append((alias.strip(), row["canonical"], row["kind"]))
    return triples


def ours(suggester: Suggester, threshold: float):
    """The first suggestion of helpers.suggest at ``threshold`` (or '')."""
    def first(variant: str, language: str) -> str:
        scored = suggester.scored(variant, language, frozenset({"person"}))
        return scored[0].canonical if scored and scored[0].score >= threshold else ""
    return first


def baseline(triples: list[tuple[str, str, str]], cutoff: float):
    """rapidfuzz WRatio on accent-free lower case, best alias at or above ``cutoff`` (0-100)."""
    choices = {fold(alias): canonical for alias, canonical, _ in triples}
    keys = list(choices)

    def first(variant: str, language: str) -> str:
        best = process.extractOne(fold(variant), keys, scorer=fuzz.WRatio, score_cutoff=cutoff)
        return choices[best[0]] if best else ""
    return first


def measure(variants: pd.DataFrame, system) -> dict:
    """Top-1 accuracy, wrong first suggestions and false suggestions on look-alikes."""
    positives = variants[variants["target"] != ""]
    lookalikes = variants[variants["target"] == ""]
    got = [system(v, lang) for v, lang in zip(positives["variant"], positives["language"])]
    right = sum(g == t for g, t in zip(got, positives["target"]))
    wrong = sum(g not in ("", t) for g, t in zip(got, positives["target"]))
    false = sum(system(v, lang) != "" for v, lang in zip(lookalikes["variant"], lookalikes["language"]))
    return {
        "variants": len(positives), "top1": right / max(1, len(positives)),
        "wrong_first": wrong / max(1, len(positives)),
        "lookalikes": len(lookalikes), "false_suggested": false / max(1, len(lookalikes)),
        "got": got,
    }


def best_cutoff(variants: pd.DataFrame, make, cutoffs) -> float:
    """The threshold maximising top-1 minus false suggestions on ``variants``."""
    scores = {cutoff: measure(variants, make(cutoff)) for cutoff in cutoffs}
    return max(scores, key=lambda c: (scores[c]["top1"] - scores[c]["false_suggested"], c))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sweep", action="store_true", help="print the tuning half at several thresholds")
    parser.add_argument("--show-errors", action="store_true", help="list every miss and false suggestion")
    args = parser.parse_args()

    registry, variants = load()
    triples = registry_triples(registry)
    suggester = Suggester(triples)
    tune = variants[variants["half"] == "tune"]
    cutoff = best_cutoff(tune, lambda c: baseline(triples, c), range(50, 100, 5))
    print(f"registry: {len(registry)} people, {len(triples)} spellings; variants: "
          f"{(variants['target'] != '').sum()} of registered people, {(variants['target'] == '').sum()} "
          f"look-alikes (other people); halves by hash: tune {len(tune)}, test {len(variants) - len(tune)}")
    print(f"helpers.suggest threshold {SUGGEST_MIN}; WRatio baseline cutoff {cutoff} (best on the tuning half)\n")
    if args.sweep:
        print("tuning half, helpers.suggest by threshold:")
        for threshold in (0.7, 0.75, 0.78, 0.8, 0.82, 0.85, 0.9):
            result = measure(tune, ours(suggester, threshold))
            print(f"  {threshold:.2f}: top-1 {result['top1']:6.1%}  false suggestions {result['false_suggested']:6.1%}")
        print()
    header = (f"{'half':5} {'system':22} {'variants':>8} {'top-1':>7} {'wrong 1st':>9} "
              f"{'look-alikes':>11} {'false sugg.':>11}")
    print(header)
    print("-" * len(header))
    systems = {"helpers.suggest": ours(suggester, SUGGEST_MIN), "rapidfuzz WRatio": baseline(triples, cutoff)}
    results = {}
    for half in ("tune", "test"):
        part = variants[variants["half"] == half]
        for name, system in systems.items():
            start = time.perf_counter()
            result = results[half, name] = measure(part, system)
            seconds = time.perf_counter() - start
            print(f"{half:5} {name:22} {result['variants']:8d} {result['top1']:7.1%} {result['wrong_first']:9.1%} "
                  f"{result['lookalikes']:11d} {result['false_suggested']:11.1%}   "
                  f"({len(part) / seconds:,.0f} names/s)")
    everything = measure(variants, systems["helpers.suggest"])
    positives = variants[variants["target"] != ""].assign(got=everything["got"])
    right = positives.assign(right=positives["got"] == positives["target"])
    by_type = right.groupby("type")["right"].agg(["mean", "size"])
    print("\nhelpers.suggest top-1 by kind of variant (both halves):")
    for kind, row in by_type.iterrows():
        print(f"  {kind:22} {row['mean']:6.1%} of {int(row['size'])}")
    if args.show_errors:
        print("\nmisses:")
        for row in positives[positives["got"] != positives["target"]].itertuples():
            scored = suggester.scored(row.variant, row.language, frozenset({"person"}))[:2]
            print(f"  {row.variant!r} ({row.language}) -> {row.got or '-'} (want {row.target}); top: "
                  + "; ".join(f"{s.canonical} {s.score}" for s in scored))
        print("false suggestions:")
        for row in variants[variants["target"] == ""].itertuples():
            found = suggester.best(row.variant, row.language, ["person"])
            if found:
                print(f"  {row.variant!r} -> {found.canonical} {found.score} ({found.reason})")
    worst = min(results[half, "helpers.suggest"]["top1"] for half in ("tune", "test"))
    false = max(results[half, "helpers.suggest"]["false_suggested"] for half in ("tune", "test"))
    print(f"\ntargets (top-1 >= 90%, false suggestions <= 5%) on both halves: "
          f"{'met' if worst >= 0.9 and false <= 0.05 else 'NOT met'}")


if __name__ == "__main__":
    main()
