"""Benchmark: whole commands on synthetic corpora of growing size, single process next to Dask.

    python bench/scale.py [--sizes 10000 100000 1000000] [--engines local dask1 dask2]
                          [--stages ingest resolve] [--format csv|parquet] [--ner] [--keep DIR]

For each size, builds a corpus in a temporary folder from the sample articles (data/raw) and the
hand-labelled pages of tests/fixtures (French, English and German; pages of news sites with
their menus, bylines and comments), each copy varied: paragraphs rotated, names respelled, a
numbered line added, and a share re-encoded as cp1252, UTF-16 or CRLF so the slow paths run.
Then runs, as a user would and from a cold start (a new process each time, an empty output
folder, an empty NER cache):

* ``python -m helpers ingest RAW OUT`` (decode, provenance, segmentation and description);
* ``python -m helpers resolve OUT --no-ner`` (registry matching; ``--ner`` to include spaCy);

with each engine: ``local`` (one process), ``dask1`` and ``dask2`` (a local Dask cluster of 1 or
2 worker processes). ``--stages`` adds ``resolve-cached`` (resolve again on its own NER cache:
no model should load) and ``stories`` (text-reuse signatures on the workers). Prints, per
stage, size and engine: wall time, articles per second, CPU seconds of all its processes (the
larger of what the kernel counted for the waited-for children and the sum sampled over the
process tree: workers forked by a fork server are its children, not the command's) and of
the driver (the command's own process), the CPU seconds of the busiest single process other
than a fork server, and those of the fork server local Dask workers are forked from (it
builds what they start with before they start: on otherwise idle cores the wall time follows
``fork srv`` + ``busiest``, and that sum for dask1 over dask2 is the 2-worker speed-up the
machine would give without other load), the peak memory of the largest
single process and of all of them together (sampled with psutil every 0.1 s), the growth
exponent of time between consecutive sizes (1.0 = linear), the load average when the command
started (on a shared machine other processes slow every wall figure), and whether the engine
wrote the same tables as the first engine run (``same``).
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helpers.fixtures import read_labelled_fixture  # noqa: E402
from helpers.paths import RAW_DIR  # noqa: E402

RESPELLINGS = [
    ("Sergueï", "Sergei"), ("Narychkine", "Naryshkin"), ("Poutine", "Putin"), ("Zelensky", "Zelenskyy"),
    ("William Burns", "Bill Burns"), ("Lawrow", "Lavrov"), ("Moskau", "Moscow"),
]
STAGES = ["ingest", "resolve", "resolve-cached", "stories"]
#: The tables each stage writes, compared between engines (they must be the same bytes).
OUTPUTS = {"ingest": ["articles", "problems"], "resolve": ["mentions", "review"], "resolve-cached": ["mentions"],
           "stories": ["story_candidates", "reuse", "near_duplicates"]}
ENGINES = {"local": [], "dask1": ["--engine", "dask", "--workers", "1"], "dask2": ["--engine", "dask", "--workers", "2"]}


def source_texts() -> list[str]:
    """The sample articles and the fixtures' pages (labels stripped)."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(RAW_DIR.glob("*.txt"))]
    for path in sorted((ROOT / "tests" / "fixtures").rglob("*.txt")):
        texts.append(read_labelled_fixture(path)[0])
    return texts


def varied(text: str, number: int, rng: random.Random) -> str:
    """A copy of ``text`` no other copy equals, in its body too: paragraphs rotated, some names
    respelled, a numbered sentence after each line of prose and a numbered line (most
    corpora have near-duplicates, few exact ones). The sentences keep the bodies unique, so
    the NER cache of one partition never serves another's copies: a separate line alone is
    set aside as boilerplate, and copies with equal bodies would make one Dask worker (which
    reuses the cache of its earlier partitions) look faster than two."""
    paragraphs = text.split("\n\n")
    if len(paragraphs) > 3:
        body = paragraphs[1:]
        shift = rng.randrange(len(body))
        paragraphs = paragraphs[:1] + body[shift:] + body[:shift]
    text = "\n".join(line.rstrip() + f" Ref. {number:07d}." if len(line) > 60 and line.rstrip()[-1:] in ".!?»\"" else line
                     for line in "\n\n".join(paragraphs).split("\n"))
    for bit, (old, new) in enumerate(RESPELLINGS):
        if (number >> bit) & 1:
            text = text.replace(old, new)
    return f"{text}\n\nRef. {number:07d}\n"


def encoded(text: str, number: int) -> bytes:
    """The ``number``-th article's bytes: 1 in 20 each cp1252, UTF-16 and CRLF, the rest UTF-8."""
    variant = number % 20
    if variant == 0:
        return text.encode("cp1252", errors="replace")
    if variant == 1:
        return text.encode("utf-16")
    if variant == 2:
        return text.replace("\n", "\r\n").encode("utf-8")
    return text.encode("utf-8")


def build_corpus(folder: Path, n: int, seed: int = 1) -> int:
    """Write ``n`` varied articles under ``folder`` (1,000 per sub-folder); returns bytes written."""
    rng = random.Random(seed)
    texts = source_texts()
    total = 0
    for number in range(n):
        data = encoded(varied(texts[number % len(texts)], number, rng), number)
        sub = folder / f"batch_{number // 1000:04d}"
        if number % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"article_{number:07d}.txt").write_bytes(data)
        total += len(data)
    return total


def run_measured(command: list[str], cwd: Path = ROOT) -> dict:
    """Run ``command``; returns wall seconds and the peak memory (bytes) of its largest single
    process and of the whole process tree, sampled every 0.1 s. Raises on a non-zero exit."""
    import resource

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    root = psutil.Process(process.pid)
    peak_one = peak_all = 0
    driver_cpu = 0.0  # the command's own process, last sampled (the rest is workers and nannies)
    seen: dict[int, float] = {}  # CPU seconds of every process of the tree, last sampled
    servers: set[int] = set()  # fork servers (they build what the workers start with)
    output: list[bytes] = []
    import threading

    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            sizes = []
            for member in tree:
                try:
                    sizes.append(member.memory_info().rss)
                except psutil.Error:
                    pass
            if sizes:
                peak_one, peak_all = max(peak_one, max(sizes)), max(peak_all, sum(sizes))
            for member in tree:
                try:
                    times = member.cpu_times()
                except psutil.Error:
                    continue
                if member.pid not in servers and member.pid != root.pid:  # until it has exec'd
                    with contextlib.suppress(psutil.Error):
                        # the fork server is the command's child; the workers it forks are its
                        # children and keep its command line
                        if member.ppid() == root.pid and any("forkserver" in part for part in member.cmdline()):
                            servers.add(member.pid)
                seen[member.pid] = times.user + times.system
            driver_cpu = seen.get(root.pid, driver_cpu)
        except psutil.Error:
            pass
        time.sleep(0.1)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)  # every descendant that was waited for
    # Workers forked by a fork server are not the command's children: their CPU reaches
    # RUSAGE_CHILDREN only if it was waited for, so the sampled sum over the tree counts too.
    cpu = max((after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime), sum(seen.values()))
    reader.join(timeout=5)
    text = b"".join(output).decode("utf-8", "replace")
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{text[-2000:]}")
    return {"seconds": seconds, "cpu": cpu, "driver_cpu": min(driver_cpu, cpu),
            "busiest": max((cpu for pid, cpu in seen.items() if pid not in servers), default=0.0),
            "fork_server": sum(seen[pid] for pid in servers), "peak_one": peak_one, "peak_all": peak_all, "output": text}


def outputs_digest(out: Path, tables: list[str]) -> str:
    """SHA-256 over the bytes of the ``tables`` in ``out`` (a CSV file, or the rows of a Parquet
    folder read back as text), to check that every engine wrote the same tables."""
    import hashlib

    from helpers import schemas

    digest = hashlib.sha256()
    for name in tables:
        path = schemas.table_location(out / f"{name}.csv")
        if path.is_dir():
            schema = schemas.SCHEMAS.get(f"{name}.csv")
            frame = schemas.read_table(path, schema) if schema else None
            digest.update(frame.to_csv(index=False).encode() if frame is not None else b"?")
        elif path.exists():
            digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def gigabytes(count: int) -> str:
    return f"{count / 2**30:5.2f} GB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--engines", nargs="+", choices=list(ENGINES), default=list(ENGINES))
    parser.add_argument("--stages", nargs="+", choices=STAGES, default=["ingest", "resolve"],
                        help="stages to time, in this order (each needs the ones before it); "
                             "resolve-cached re-runs resolve on its own NER cache")
    parser.add_argument("--format", choices=["csv", "parquet"], default="csv",
                        help="table format written by the commands (parquet for the largest corpora)")
    parser.add_argument("--ner", action="store_true", help="resolve with spaCy NER (default: registry only)")
    parser.add_argument("--keep", default=None, help="build corpora in this folder and keep them (default: temporary)")
    args = parser.parse_args()

    python = sys.executable
    print(f"cores: {os.cpu_count()}; memory: {gigabytes(psutil.virtual_memory().total)}; "
          f"format: {args.format}; resolve: {'with NER' if args.ner else 'registry only (--no-ner)'}")
    header = f"{'stage':<8}{'articles':>10}  {'engine':<7}{'wall':>9}{'art/s':>9}{'cpu':>9}{'driver':>8}{'busiest':>9}{'fork srv':>9}{'peak 1 proc':>13}" \
             f"{'peak all':>11}{'exponent':>10}{'load':>6}{'same':>6}"
    results: dict[tuple[str, str], list[tuple[int, float]]] = {}
    print(header, flush=True)
    base = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="backchannel-scale-"))
    rows: list[str] = []
    digests: dict[tuple[int, str], str] = {}  # the first engine's outputs, per size and stage
    cpus: dict[tuple[str, str, int], float] = {}
    busiest: dict[tuple[str, str, int], float] = {}
    started: dict[tuple[str, str, int], float] = {}  # CPU of the fork server (before any worker works)
    try:
        for size in sorted(args.sizes):
            raw = base / f"raw_{size}"
            if not raw.exists():
                start = time.perf_counter()
                written = build_corpus(raw, size)
                print(f"built {size} articles ({written / 2**20:.0f} MB) in {time.perf_counter() - start:.0f} s",
                      flush=True)
            for engine in args.engines:
                out = base / f"out_{size}_{engine}"
                shutil.rmtree(out, ignore_errors=True)
                for stage in args.stages:
                    if stage == "ingest":
                        command = [python, "-m", "helpers", "ingest", str(raw), str(out), "--format", args.format]
                    elif stage == "stories":
                        command = [python, "-m", "helpers", "stories", str(out)]
                    else:
                        command = [python, "-m", "helpers", "resolve", str(out), "--format", args.format] + (
                            [] if args.ner else ["--no-ner"])
                    command += ENGINES[engine]
                    load = os.getloadavg()[0]
                    measured = run_measured(command)
                    digest = outputs_digest(out, OUTPUTS[stage])
                    reference = digests.setdefault((size, stage), digest)
                    series = results.setdefault((stage, engine), [])
                    exponent = ""
                    if series:
                        n0, t0 = series[-1]
                        exponent = f"{math.log(measured['seconds'] / t0) / math.log(size / n0):.2f}"
                    series.append((size, measured["seconds"]))
                    cpus[stage, engine, size] = measured["cpu"]
                    busiest[stage, engine, size] = measured["busiest"]
                    started[stage, engine, size] = measured["fork_server"]
                    row = (f"{stage:<8}{size:>10,}  {engine:<7}{measured['seconds']:>8.1f}s"
                           f"{size / measured['seconds']:>9,.0f}{measured['cpu']:>8.1f}s{measured['driver_cpu']:>7.1f}s{measured['busiest']:>8.1f}s{measured['fork_server']:>8.1f}s{gigabytes(measured['peak_one']):>13}"
                           f"{gigabytes(measured['peak_all']):>11}{exponent:>10}{load:>6.1f}"
                           f"{'yes' if digest == reference else 'NO':>6}")
                    rows.append(row)
                    print(row, flush=True)
                shutil.rmtree(out, ignore_errors=True)
        print("\n" + header)
        print("\n".join(rows))
        for stage in args.stages:
            for size in sorted(args.sizes):
                times = {engine: t for (s, engine), series in results.items() if s == stage
                         for n, t in series if n == size}
                if "dask1" in times and "dask2" in times:
                    print(f"{stage} {size:,}: 2 Dask workers vs 1: {times['dask1'] / times['dask2']:.2f}x wall, "
                          f"CPU {cpus[stage, 'dask2', size] / cpus[stage, 'dask1', size]:.2f}x as much, "
                          f"busiest process {busiest[stage, 'dask1', size] / busiest[stage, 'dask2', size]:.2f}x less "
                          f"(the speed-up on otherwise idle cores), "
                          f"{(busiest[stage, 'dask1', size] + started[stage, 'dask1', size]) / (busiest[stage, 'dask2', size] + started[stage, 'dask2', size]):.2f}x "
                          f"counting the fork server's start-up before it"
                          + (f"; Dask 2 workers vs one process: {times['local'] / times['dask2']:.2f}x wall"
                             if "local" in times else ""))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
