"""Benchmark: text reuse at scale, the winnowed index against the exact method and MinHash LSH.

Builds synthetic corpora (default 1,000, 5,000 and 20,000 articles) in a temporary folder, one
``articles.csv`` each (article_id, body, published): ~300-word bodies drawn word by word from the
vocabulary of the source texts (by default the sample's ``data/raw`` and the FR/EN/DE
segmentation fixtures of ``tests/fixtures``, each body from one source text, so in one
language), with planted reuse:

* relays: 8 % of the articles copy a run of 30-100 % of an earlier article's words;
* near-verbatim copies: 3 % copy a whole earlier article with 3 % of its words changed;
* quotes: 5 % share a passage of 10-25 words with an earlier article (low shares).

Each method runs in its own fresh process that reads ``articles.csv`` (as the ``stories``
command does), so its peak memory (the process's maximum resident set) and wall time are its
own; the pairs it finds are compared with the exact method's:

* ``exact``: :func:`helpers.reuse.exact_shared_passages`, the former one-dict index (reference);
* ``index``: :func:`helpers.reuse.shared_passages`, the winnowed n-gram index;
* ``minhash``: datasketch's MinHash LSH (128 permutations, Jaccard threshold 0.5 on the same
  8-word shingles), the field's reference for near-duplicates, when datasketch is installed;
* ``stories``: the ``stories`` command's whole work (the index, pairs put in publication order,
  near-duplicates, story candidates), from ``articles.csv`` loaded as the command loads it.

Printed side by side per size: seconds, peak memory, pairs found, recall of the exact pairs
with share >= 0.3 (the larger of the two shares) and of all exact pairs; then the time growth
exponent of each method (slope of log time over log size). Above ``--exact-max`` articles
the exact method is skipped (its memory grows past the machine; recall is then against the
planted pairs with share >= 0.3 instead).

Run: ``.venv/bin/python bench/reuse.py [SOURCE_DIR ...] [--sizes 1000 5000 20000]``
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES = [ROOT / "data" / "raw", ROOT / "tests" / "fixtures"]
SHARE = 0.3
METHODS = ("exact", "index", "minhash", "stories")


# --------------------------------------------------------------------------- the corpus


def source_vocabularies(folders: list[Path]) -> list[list[str]]:
    """The words of each source text (one list per file), read recursively from ``folders``."""
    vocabularies = []
    for folder in folders:
        for path in sorted(folder.rglob("*.txt")):
            words = re.findall(r"\w+", path.read_text(encoding="utf-8", errors="replace"))
            if len(words) >= 100:
                vocabularies.append(words)
    if not vocabularies:
        raise SystemExit(f"no text of 100+ words in {', '.join(map(str, folders))}")
    return vocabularies


def build_corpus(n: int, vocabularies: list[list[str]], seed: int = 7) -> tuple[pd.DataFrame, set]:
    """``n`` articles with planted reuse; returns the table and the planted (earlier, later)
    pairs whose later article copies at least :data:`SHARE` of its words."""
    rng = np.random.default_rng(seed)
    bodies: list[list[str]] = []
    planted = set()
    for index in range(n):
        source = vocabularies[rng.integers(len(vocabularies))]
        words = [source[i] for i in rng.integers(0, len(source), size=int(rng.integers(200, 400)))]
        roll = rng.random()
        if index > 0 and roll < 0.16:
            earlier = int(rng.integers(0, index))
            original = bodies[earlier]
            if roll < 0.08:  # relay: a run of 30-100 % of the earlier article's words
                length = max(8, int(len(original) * rng.uniform(0.3, 1.0)))
                start = int(rng.integers(0, len(original) - length + 1))
                words = words[: max(0, len(words) - length)] + original[start:start + length]
                if length / len(words) >= SHARE:
                    planted.add((earlier, index))
            elif roll < 0.11:  # near-verbatim copy: 3 % of the words changed
                words = list(original)
                for position in rng.integers(0, len(words), size=max(1, len(words) // 33)):
                    words[position] = source[rng.integers(len(source))]
                planted.add((earlier, index))
            else:  # a short quote of 10-25 words
                length = int(rng.integers(10, 26))
                start = int(rng.integers(0, max(1, len(original) - length)))
                at = int(rng.integers(0, len(words)))
                words = words[:at] + original[start:start + length] + words[at:]
        bodies.append(words)
    texts = []
    for words in bodies:  # sentences of ~15 words, so the bodies read like prose to a tokenizer
        sentences = [" ".join(words[i:i + 15]) for i in range(0, len(words), 15)]
        texts.append(". ".join(sentences) + ".")
    days = pd.Timestamp("2023-01-01") + pd.to_timedelta(np.sort(rng.integers(0, 700, size=n)), unit="D")
    table = pd.DataFrame({"article_id": [f"{i:016x}" for i in range(n)], "body": texts,
                          "published": days.strftime("%Y-%m-%d")})
    return table, {(f"{a:016x}", f"{b:016x}") for a, b in planted}


# --------------------------------------------------------------------------- one method, one process


def run_method(method: str, csv_path: Path, pairs_path: Path) -> float:
    """Run ``method`` on ``csv_path`` (in this process); write its pairs; return seconds."""
    start = time.perf_counter()
    articles = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    if method == "exact":
        from helpers.reuse import exact_shared_passages

        pairs = exact_shared_passages(articles)
    elif method == "index":
        from helpers.reuse import shared_passages

        pairs = shared_passages(articles)
    elif method == "minhash":
        pairs = minhash_pairs(articles)
    elif method == "stories":  # the whole `stories` command's work: reuse, order, candidates
        from helpers.claimdata import load_articles
        from helpers.stories import story_outputs

        _, reuse = story_outputs(load_articles(csv_path.parent), None)
        pairs = reuse.rename(columns={"earlier_article_id": "article_a", "later_article_id": "article_b",
                                      "share_earlier": "share_a", "share_later": "share_b"})
    else:
        raise SystemExit(f"unknown method {method!r}")
    seconds = time.perf_counter() - start
    pairs.to_csv(pairs_path, index=False)
    return seconds


def minhash_pairs(articles: pd.DataFrame, n: int = 8, threshold: float = 0.5,
                  num_perm: int = 128) -> pd.DataFrame:
    """Candidate near-duplicate pairs by datasketch's MinHash LSH on word 8-gram shingles."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    signatures = {}
    for article_id, body in zip(articles["article_id"], articles["body"]):
        words = re.findall(r"\w+", body.lower())
        shingles = {" ".join(words[i:i + n]).encode() for i in range(len(words) - n + 1)}
        signature = MinHash(num_perm=num_perm)
        signature.update_batch(list(shingles))
        signatures[article_id] = signature
        lsh.insert(article_id, signature)
    found = {tuple(sorted((article_id, other))) for article_id, signature in signatures.items()
             for other in lsh.query(signature) if other != article_id}
    return pd.DataFrame(sorted(found), columns=["article_a", "article_b"])


def measure(method: str, csv_path: Path, folder: Path) -> dict:
    """Run ``method`` in a fresh process; its seconds, peak memory and pairs."""
    pairs_path = folder / f"pairs_{method}.csv"
    process = subprocess.Popen([sys.executable, __file__, "--worker", method, str(csv_path),
                                str(pairs_path)], stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    output = process.stdout.read()
    process.stdout.close()
    if status != 0:
        return {"method": method, "failed": f"exit status {status >> 8 or status}"}
    pairs = pd.read_csv(pairs_path, dtype=str, keep_default_na=False)
    return {"method": method, "seconds": json.loads(output)["seconds"],
            "peak_mb": usage.ru_maxrss / 1024, "pairs": pairs}


def pair_set(pairs: pd.DataFrame, min_share: float | None = None) -> set:
    if min_share is not None:
        shares = pairs[["share_a", "share_b"]].astype(float).max(axis=1)
        pairs = pairs[shares >= min_share]
    return {tuple(sorted(pair)) for pair in zip(pairs["article_a"], pairs["article_b"])}


def recall(found: set, truth: set) -> float:
    return len(found & truth) / len(truth) if truth else float("nan")


def growth(sizes: list[int], seconds: list[float]) -> str:
    """Slope of log(time) over log(size): 1 is linear, 2 quadratic."""
    points = [(math.log(n), math.log(s)) for n, s in zip(sizes, seconds) if s and s > 0]
    if len(points) < 2:
        return "n/a"
    return f"{np.polyfit(*zip(*points), 1)[0]:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path,
                        help="folders of .txt source texts (default: data/raw and tests/fixtures)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--exact-max", type=int, default=20000,
                        help="largest corpus the exact method runs on (default 20000)")
    parser.add_argument("--worker", nargs=3, metavar=("METHOD", "CSV", "PAIRS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        method, csv_path, pairs_path = args.worker
        print(json.dumps({"seconds": run_method(method, Path(csv_path), Path(pairs_path))}))
        return
    methods = list(args.methods)
    if "minhash" in methods:
        try:
            import datasketch  # noqa: F401
        except ImportError:
            print("datasketch not installed: MinHash LSH left out")
            methods.remove("minhash")
    vocabularies = source_vocabularies(args.sources or DEFAULT_SOURCES)
    print(f"{len(vocabularies)} source texts; {os.cpu_count()} cores; share threshold {SHARE}")
    header = (f"{'articles':>9} {'method':<8} {'seconds':>8} {'peak MB':>8} {'pairs':>7} "
              f"{'recall share>=0.3':>18} {'recall all':>11}")
    print(header)
    times: dict[str, list[tuple[int, float]]] = {method: [] for method in methods}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            corpus, planted = build_corpus(size, vocabularies)
            csv_path = folder / "articles.csv"
            corpus.to_csv(csv_path, index=False)
            results = {method: measure(method, csv_path, folder) for method in methods
                       if method != "exact" or size <= args.exact_max}
            exact = results.get("exact")
            if exact and "pairs" in exact:
                truth, truth_all, against = pair_set(exact["pairs"], SHARE), pair_set(exact["pairs"]), "exact"
            else:
                truth, truth_all, against = planted, set(), "planted"
            for method, result in results.items():
                if "failed" in result:
                    print(f"{size:>9,} {method:<8} failed: {result['failed']}")
                    continue
                found = pair_set(result["pairs"])
                times[method].append((size, result["seconds"]))
                print(f"{size:>9,} {method:<8} {result['seconds']:>8.1f} {result['peak_mb']:>8.0f} "
                      f"{len(found):>7,} {recall(found, truth):>13.3f} ({against[:5]}) "
                      f"{recall(found, truth_all):>6.3f}")
            print(f"{'':>9} {len(truth):,} pairs with share >= {SHARE} ({against}); "
                  f"{len(planted):,} planted")
    print("time growth exponent (1 = linear):",
          ", ".join(f"{method} {growth(*zip(*points)) if points else 'n/a'}"
                    for method, points in times.items()))


if __name__ == "__main__":
    main()
