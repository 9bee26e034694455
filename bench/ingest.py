"""Benchmark: the ingest command against the floor of reading + hashing the same files.

Builds a synthetic corpus of N articles (default 10,000) from the sample articles in a temporary
folder — each copy varied so that no two texts are equal, and a share re-encoded as cp1252,
UTF-16 and CRLF so the slow paths are exercised — then prints files per second for:

* the floor: read the bytes and hash them (nothing else);
* the whole command a user runs, ``python -m helpers ingest RAW OUT`` (read, decode, normalise,
  provenance, segmentation, description, writing articles.csv), each time in a new process
  into an empty folder: one process, ``--workers 2``, and ``--engine dask --workers 2``.

Run: ``.venv/bin/python bench/ingest.py [--n 10000]``
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from helpers import ingest
from helpers.paths import RAW_DIR


def build_corpus(folder: Path, n: int) -> None:
    """Write ``n`` varied copies of the samples: 17 in 20 UTF-8, the rest cp1252 / UTF-16 / CRLF."""
    from scale import encoded  # bench/scale.py: the same mix of encodings

    samples = [p.read_text(encoding="utf-8") for p in sorted(RAW_DIR.glob("*.txt"))]
    for index in range(n):
        data = encoded(f"{samples[index % len(samples)]}\nCopie {index}\n", index)
        sub = folder / f"batch_{index // 1000:02d}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article {index:05d}.txt").write_bytes(data)


def time_floor(folder: Path) -> float:
    """Seconds to read and hash every file: the speed limit of any ingestion."""
    start = time.perf_counter()
    for path in ingest.list_files(folder):
        hashlib.sha256(path.read_bytes()).hexdigest()
    return time.perf_counter() - start


def time_command(folder: Path, out: Path, options: list[str]) -> dict:
    """The whole ingest command from a cold start (new process, empty output folder)."""
    from scale import run_measured  # bench/scale.py: wall time and peak memory of the process tree

    shutil.rmtree(out, ignore_errors=True)
    return run_measured([sys.executable, "-m", "helpers", "ingest", str(folder), str(out), *options])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles in the synthetic corpus")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        build_corpus(folder / "raw", args.n)
        time_floor(folder / "raw")  # warm the page cache so every measurement reads from memory
        floor = args.n / time_floor(folder / "raw")
        print(f"synthetic corpus: {args.n} files ({os.cpu_count()} cores available)")
        print(f"{'read + sha256 (floor)':<32}{floor:>10,.0f} files/s")
        for label, options in (("1 process", []), ("--workers 2", ["--workers", "2"]),
                               ("--engine dask --workers 2", ["--engine", "dask", "--workers", "2"])):
            measured = time_command(folder / "raw", Path(tmp) / "out", options)
            rate = args.n / measured["seconds"]
            print(f"{f'ingest command, {label}':<44}{rate:>10,.0f} files/s   {floor / rate:5.1f}x the floor's time; "
                  f"peak {measured['peak_one'] / 2**30:.2f} GB (one process)")


if __name__ == "__main__":
    main()
