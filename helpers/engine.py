"""Running the per-article stages on Dask: a local cluster (``--engine dask --workers N``) or an
existing one (``--scheduler tcp://host:8786``), for ``ingest``, ``resolve`` and ``stories``.

The stages are the single-process ones, called on partitions of the corpus: a partition of
``ingest`` is a list of files (``helpers.ingest.ingest_file``, ``build_tables``, then
``helpers.describe.describe_articles``), a partition of ``resolve`` a frame of articles or a
Parquet part (``helpers.resolve.resolve_articles``), a partition of ``stories`` a list of
bodies (``helpers.reuse.partition_signatures``). No rule is implemented here; this module only
cuts the corpus into partitions, sends them to the workers, and puts the results together in
the order of the single-process tables.

Who does what: the workers read their own input (raw files; Parquet parts of ``articles``) and
write their own partition of each table (:func:`write_part`: a Parquet part and, for CSV, the
same rows as a headerless CSV fragment) into a spool folder in ``OUT_DIR``; they send back only
small summaries (text hashes and ids, counts, problems, mentions to review). The driver (the
process running the command) numbers the articles in file order from the hashes
(``helpers.ingest.ArticleIds``), has a worker rewrite the rare partition whose ids or columns
change, and joins the parts (``helpers.tables.PartFiles``): the bytes of the single-process
tables, without ever holding the corpus. On a cluster, ``RAW_DIR`` and ``OUT_DIR`` must
therefore be at the same path on every machine (a shared file system).

Heavy resources are built once per worker process and only when needed: the language
identifier (``helpers.language.language_identifier``, cached per process), the outlet registry
(sent once to each worker), the actor registry and its matcher (built once per worker from the
registry files sent once, :func:`registry_from_files`), spaCy models (loaded only for texts
missing from the NER cache, one SQLite store the workers share in write-ahead-log mode). On a
local cluster they are built only once per command: the workers are forked from a fork server
that imported the stage modules and warmed the command's stage first (:func:`dask_client`,
``helpers.enginewarm``), so a second worker costs no second start-up.

Writes, in ``OUT_DIR``: ``articles`` and ``problems`` (ingest), ``mentions`` and ``review.csv``
(resolve), each as CSV or Parquet; partitions wait in hidden spool folders
(``.articles.<random>.spool.backchannel-tmp``) until the table is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import multiprocessing
import os
import re
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from helpers.tables import TEMP_SUFFIX

#: The engines of ``ingest`` and ``resolve``: ``local`` (this process, or ``--workers``
#: forked processes) and ``dask``.
ENGINES = ("local", "dask")
#: Articles (or files) per partition: enough to keep a worker busy for a second or two, few
#: enough that a partition's texts take a few megabytes.
PARTITION_ROWS = 1000
#: Below ``PARTITION_ROWS`` per partition for this many per worker, a corpus is cut finer.
SMALL_SHARE = 4
#: Seconds to wait for a scheduler given with ``--scheduler`` before giving up.
CONNECT_TIMEOUT = 10
#: Mentions are put in article-id order this many articles at a time.
SORT_ROWS = 50_000
#: Modules the fork server of a local cluster imports before forking the workers (the last
#: one warms the stages named by ``dask_client(warm=...)``).
WORKER_PRELOAD = ("distributed", "numpy", "pandas", "pyarrow", "pyarrow.parquet", "helpers.ingest",
                  "helpers.describe", "helpers.resolve", "helpers.engine", "helpers.enginewarm")
SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|inproc|ws|wss|ucx)://[^\s/:]+(:\d+)?/?$")


_END = object()


class EngineError(ValueError):
    """The engine cannot start: a bad option or an unreachable scheduler (one-line message)."""


# --------------------------------------------------------------------------- the cluster


@contextlib.contextmanager
def dask_client(workers: int = 1, scheduler: str | None = None, processes: bool = True,
                timeout: float | None = None, warm: Iterable[str] = ()) -> Iterator:
    """A ``distributed.Client``: to the cluster at ``scheduler``, else to a local cluster of
    ``workers`` single-threaded worker processes (threads with ``processes=False``), closed on
    exit. Local worker processes are forked from a fork server that has already imported the
    stage modules and built what the ``warm`` stages need (:func:`warm_stages`), once for all
    workers. Raises EngineError naming the address when the scheduler cannot be reached."""
    from distributed import Client, LocalCluster

    timeout = CONNECT_TIMEOUT if timeout is None else timeout
    if scheduler:
        if not SCHEDULER_ADDRESS.match(scheduler):
            raise EngineError(f"--scheduler {scheduler!r} is not a scheduler address like tcp://host:8786")
        try:
            client = Client(scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s "
                              f"({type(error).__name__}); is `dask scheduler` running there?") from None
        try:
            yield client
        finally:
            client.close()
        return
    if workers < 1:
        raise EngineError(f"--workers must be 1 or more, not {workers}")
    import dask

    with contextlib.ExitStack() as stack:
        # The workers' statistical profiler samples their stacks every 10 ms on their event loop
        # (about 2 % of a worker's CPU); only a dashboard shows it, and there is none here.
        stack.enter_context(dask.config.set({"distributed.worker.profile.enabled": False}))
        if processes and "forkserver" in multiprocessing.get_all_start_methods():
            stack.enter_context(_forked_workers(warm))
        cluster = stack.enter_context(LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=processes, dashboard_address=None,
            silence_logs=logging.ERROR, local_directory=tempfile.gettempdir()))
        client = stack.enter_context(Client(cluster, set_as_default=False))
        yield client


@contextlib.contextmanager
def _forked_workers(warm: Iterable[str]) -> Iterator[None]:
    """Start local workers from a fork server that has imported :data:`WORKER_PRELOAD` and
    warmed ``warm`` (``helpers.enginewarm``) once, instead of spawning fresh interpreters that
    each import and build everything again (Dask's default, "spawn"). The fork server is
    single-threaded (forking the driver itself, whose event loop runs in a thread, is not
    safe) and lives until the driver exits; a second cluster in the same process reuses it."""
    from multiprocessing import forkserver

    import dask
    from distributed.utils import get_mp_context

    from helpers.enginewarm import WARM_VARIABLE

    with dask.config.set({"distributed.worker.multiprocessing-method": "forkserver"}):
        context = get_mp_context()  # distributed sets its own preload list on the first call: ours replaces it
        context.set_forkserver_preload(list(WORKER_PRELOAD))
        # The fork server starts with the stages to warm and with Dask's worker environment
        # (one BLAS/OpenMP thread per worker: numpy reads it once, when the fork server imports it).
        environment = {name: str(value) for name, value in
                       dask.config.get("distributed.nanny.pre-spawn-environ", {}).items()}
        environment[WARM_VARIABLE] = ",".join(warm)
        before = {name: os.environ.get(name) for name in environment}
        os.environ.update(environment)
        try:
            forkserver.ensure_running()  # starts it now: it imports while the driver goes on
        finally:
            for name, value in before.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        yield


def warm_stages(stage: str, use_ner: bool = False, cache_dir: Path | None = None) -> tuple[str, ...]:
    """What the fork server of a local cluster builds for ``stage`` (``helpers.enginewarm``):
    for ``resolve`` with NER, the NER models too, but only when the NER cache does not exist
    yet (a cached re-run may need no model at all, and then loads none)."""
    if stage != "resolve":
        return (stage,) if stage == "ingest" else ()
    from helpers.resolve import NER_MODELS

    cold = cache_dir is None or not (Path(cache_dir) / "ner.sqlite").exists()
    return ("resolve", *([f"ner:{'+'.join(NER_MODELS)}"] if use_ner and cold else []))


def n_workers(client) -> int:
    """How many workers the cluster has now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))


def map_ordered(client, function: Callable, items: Iterable, *args, sizes: Callable[[object], int] = len,
                desc: str = "", total: int | None = None, progress: bool = True, unit: str = "article",
                window: int | None = None) -> Iterator:
    """``function(item, *args)`` for each item on the cluster, yielded in the items' order.

    At most ``window`` tasks (default: two per worker, plus one) are running or waiting at a
    time, and a new one is sent as soon as any finishes (not only the oldest), so no worker
    idles behind a slow partition while the driver holds only small results. A task's error is
    raised here. The progress bar counts ``sizes(item)`` per finished task.
    """
    from distributed import as_completed

    window = window or 2 * n_workers(client) + 1
    items = iter(items)
    bar = tqdm(total=total, desc=desc, unit=unit, disable=not progress)
    pending: dict = {}  # future -> (position, size)
    done: dict[int, object] = {}  # finished, waiting for an earlier one (bounded: 4 windows)
    sent = following = 0
    running = as_completed(loop=client.loop)

    def top_up() -> None:
        nonlocal sent
        while len(pending) < window and sent - following < 4 * window:
            item = next(items, _END)
            if item is _END:
                return
            future = client.submit(function, item, *args, pure=False)
            pending[future] = (sent, sizes(item))
            running.add(future)
            sent += 1

    try:
        top_up()
        for future in running:
            position, size = pending.pop(future)
            done[position] = future.result()  # raises the task's error
            future.release()
            bar.update(size)
            while following in done:
                yield done.pop(following)
                following += 1
            top_up()
    finally:
        for future in pending:
            with contextlib.suppress(Exception):  # the client may already be closing
                future.cancel()
        bar.close()


def run_all(client, function: Callable, jobs: list[tuple], *args) -> list:
    """``function(*job, *args)`` for every job on the cluster at once; their results in order
    (for a few small follow-up tasks, such as rewriting some part files)."""
    futures = [client.submit(function, *job, *args, pure=False) for job in jobs]
    try:
        return client.gather(futures)
    finally:
        for future in futures:
            with contextlib.suppress(Exception):
                future.release()


# --------------------------------------------------------------------------- worker-side resources


def registry_files(registry_dir: Path | str) -> dict[str, bytes]:
    """The registry folder's files (name -> bytes), sent to the workers once: a worker then
    needs no access to the driver's folder."""
    folder = Path(registry_dir)
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())
            if path.is_file() and not path.name.startswith(".")}


_REGISTRIES: dict[str, object] = {}


def registry_from_files(files: dict[str, bytes]):
    """The ``helpers.registry.Registry`` of those files, built once per worker process (and
    kept while the files are the same)."""
    from helpers.registry import load_registry

    key = hashlib.sha256(b"".join(name.encode() + b"\0" + data for name, data in sorted(files.items()))).hexdigest()
    if key not in _REGISTRIES:
        with tempfile.TemporaryDirectory() as folder:
            for name, data in files.items():
                (Path(folder) / name).write_bytes(data)
            registry = load_registry(folder)
        registry.matcher.find("")  # compile the alias patterns now, once
        _REGISTRIES.clear()
        _REGISTRIES[key] = registry
    return _REGISTRIES[key]


# --------------------------------------------------------------------------- part files


def _spool_folder(out_dir: Path, name: str) -> Path:
    folder = out_dir / f".{name}.{secrets.token_hex(6)}.spool{TEMP_SUFFIX}"
    folder.mkdir(parents=True)
    return folder


def write_part(frame: pd.DataFrame, folder: Path | str, number: int, schema: str, csv: bool,
               row_group_size: int = 4096) -> None:
    """Write one partition of a table into a spool ``folder``: ``part-NNNNN.parquet`` (typed by
    ``helpers.schemas.frame_to_arrow``) and, when the table is to be CSV, the same rows as a
    headerless CSV fragment ``part-NNNNN.csv`` (``helpers.tables.write_frame_csv``, the
    single-process writer), so the driver only joins bytes (``helpers.tables.PartFiles``)."""
    import pyarrow.parquet as pq

    from helpers.schemas import frame_to_arrow
    from helpers.tables import write_frame_csv

    folder = Path(folder)
    pq.write_table(frame_to_arrow(frame, schema), folder / f"part-{number:05d}.parquet", row_group_size=row_group_size)
    if csv:
        with open(folder / f"part-{number:05d}.csv", "w", encoding="utf-8", newline="") as stream:
            write_frame_csv(frame, stream, header=False)


def read_part(path: Path | str, **options) -> pd.DataFrame:
    """A part file as the frame it was written from (whole numbers stay whole numbers, nulls
    None), for rewriting it."""
    import pyarrow.parquet as pq

    return pq.read_table(path, **options).to_pandas(integer_object_nulls=True)


def fix_part(number: int, renumbered: tuple[list[str], list[str]] | None, folder: str, schema: str,
             columns: list[str], csv: bool) -> int:
    """Rewrite a spooled articles part with the corpus-wide ids (``renumbered``: article ids and
    ``duplicate_of``, when an exact copy of an earlier partition's article moved them) and the
    table's full ``columns`` (a column other partitions have, such as ``page``, added empty)."""
    path = Path(folder) / f"part-{number:05d}.parquet"
    frame = read_part(path)
    if renumbered is not None:
        frame["article_id"], frame["duplicate_of"] = renumbered
    for column in columns:
        if column not in frame.columns:
            frame[column] = None
    write_part(frame[columns], folder, number, schema, csv)
    return len(frame)


# --------------------------------------------------------------------------- ingest

#: The columns of the described articles the outlet review needs (sent back to the driver).
OUTLET_REVIEW_COLUMNS = ["article_id", "url", "outlet", "outlet_domain", "outlet_unregistered"]


def ingest_partition(job: tuple[int, list[str]], raw_dir: str, max_bytes: int, outlets, spool: str,
                     csv: bool) -> dict:
    """Ingest and describe one partition (its number, a list of files) on a worker by the
    single-process functions (``helpers.ingest.ingest_file``, ``build_tables``,
    ``helpers.describe.describe_articles``), write it into ``spool`` (:func:`write_part`) and
    return only a summary: the text hashes and the partition's own ids (renumbered by the
    driver, :class:`helpers.ingest.ArticleIds`), its columns, problems and outlet columns."""
    from helpers.describe import describe_articles
    from helpers.ingest import build_tables, ingest_file

    number, paths = job
    results = [ingest_file(Path(path), Path(raw_dir), max_bytes) for path in paths]
    articles, problems = build_tables(results)
    del results
    articles = describe_articles(articles, outlets, workers=1, progress=False)
    if len(articles):
        write_part(articles, spool, number, "articles.csv", csv)
    return {"number": number, "text_sha256": articles["text_sha256"].tolist(),
            "article_id": articles["article_id"].tolist(), "duplicate_of": articles["duplicate_of"].tolist(),
            "columns": list(articles.columns), "problems": problems,
            "outlets": articles[OUTLET_REVIEW_COLUMNS].fillna("").astype(str)}


def warm_up(*modules: str) -> None:
    """Import ``modules`` in a worker (sent once to each at the start, while the driver lists
    the files: the first partitions then do not wait for the imports)."""
    import importlib

    for module in modules:
        importlib.import_module(module)


def ingest_with_dask(client, raw_dir: Path, out_dir: Path, outlets=None, max_mb: float | None = None,
                     format: str = "csv", partition_size: int = PARTITION_ROWS,
                     progress: bool = True) -> tuple[int, pd.DataFrame, pd.DataFrame]:
    """Ingest and describe ``raw_dir`` on the cluster and write the tables into ``out_dir``;
    returns (number of articles, problems, the outlet columns of the articles for the outlet
    review). The tables are those of the single-process ``ingest`` (same rows, order, ids,
    columns and bytes).

    The driver sends each worker a list of paths; the worker reads the files and writes its
    partition (Parquet, plus a CSV fragment for CSV) into a spool folder in ``out_dir``. The
    driver numbers the articles from the small summaries, in file order, and only when a
    partition's ids change (an exact copy of an article of an earlier partition) or it lacks a
    column others have (``page``, from HTML pages) is that partition rewritten, again by a
    worker. The table is then moved into place (Parquet) or its fragments joined (CSV)."""
    from helpers.describe import CLEAN_COLUMNS
    from helpers.ingest import (
        ARTICLE_COLUMNS, MAX_FILE_MB, ArticleIds, build_tables, check_raw_dir, scan_folder, source_order,
    )
    from helpers.tables import PartFiles, write_table_set

    if format not in ("csv", "parquet"):
        raise EngineError(f"--format must be csv or parquet, not {format!r}")
    csv = format == "csv"
    raw_dir = check_raw_dir(Path(raw_dir))
    max_bytes = int((MAX_FILE_MB if max_mb is None else max_mb) * 2**20)
    warming = [client.submit(warm_up, "helpers.ingest", "helpers.describe", "helpers.language", pure=False,
                             workers=[address]) for address in client.scheduler_info().get("workers", {})]
    paths, unreadable = scan_folder(raw_dir)
    ordered = [str(path) for path in source_order(paths, raw_dir)]
    del paths
    # A small corpus still gives every worker a few partitions to balance their load.
    partition_size = max(1, min(partition_size, -(-len(ordered) // (SMALL_SHARE * n_workers(client)))))
    jobs = [(number, ordered[start:start + partition_size])
            for number, start in enumerate(range(0, len(ordered), partition_size))]
    shared_outlets = client.scatter(outlets, broadcast=True) if outlets is not None else None
    out_dir.mkdir(parents=True, exist_ok=True)
    spool = _spool_folder(out_dir, "articles")
    ids = ArticleIds()
    problems = [build_tables(unreadable)[1]]
    outlet_columns: list[pd.DataFrame] = []
    columns: list[str] = ARTICLE_COLUMNS + CLEAN_COLUMNS
    written: dict[int, list[str]] = {}  # part number -> its columns
    renumbered: dict[int, tuple[list[str], list[str]]] = {}
    n_articles = 0
    try:
        client.gather(warming)
        results = map_ordered(client, ingest_partition, jobs, str(raw_dir), max_bytes, shared_outlets, str(spool),
                              csv, sizes=lambda job: len(job[1]), desc="ingest + describe", total=len(ordered),
                              progress=progress, unit="file")
        for summary in results:
            problems.append(summary["problems"])
            if not summary["text_sha256"]:
                continue
            number = summary["number"]
            pairs = [ids.assign(text_hash) for text_hash in summary["text_sha256"]]
            new_ids, new_copies = [pair[0] for pair in pairs], [pair[1] for pair in pairs]
            if new_ids != summary["article_id"] or new_copies != summary["duplicate_of"]:
                renumbered[number] = (new_ids, new_copies)
                summary["outlets"]["article_id"] = new_ids
            if "page" in summary["columns"] and "page" not in columns:
                columns = summary["columns"]  # webpage hook (issue 13): HTML pages bring `page`
            written[number] = summary["columns"]
            outlet_columns.append(summary["outlets"])
            n_articles += len(pairs)
        fixes = [(number, renumbered.get(number)) for number, part_columns in written.items()
                 if number in renumbered or part_columns != columns]
        run_all(client, fix_part, fixes, str(spool), "articles.csv", columns, csv)
        if not written:
            write_part(pd.DataFrame(columns=columns), spool, 0, "articles.csv", csv)
        problems_table = pd.concat(problems, ignore_index=True).sort_values(
            "source_path", kind="stable", ignore_index=True)
        write_table_set({"articles": PartFiles(spool, tuple(columns)), "problems": problems_table}, out_dir, format)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    described = (pd.concat(outlet_columns, ignore_index=True) if outlet_columns
                 else pd.DataFrame(columns=OUTLET_REVIEW_COLUMNS))
    return n_articles, problems_table, described


# --------------------------------------------------------------------------- resolve


def resolve_partition(job: tuple[int, pd.DataFrame | str], files: dict[str, bytes], use_ner: bool,
                      cache_dir: str | None, spool: str) -> dict:
    """Resolve one partition on a worker by ``helpers.resolve.resolve_articles``: the articles
    are a frame sent by the driver, or the path of a Parquet part the worker reads itself (only
    the columns resolve uses). Writes the partition's mentions (in article-id order, with their
    ``order``) into ``spool`` and returns a summary: the partition's article ids, mention counts
    per method, articles with mentions, and the mentions to review with their example sentence."""
    from helpers import schemas
    from helpers.resolve import (
        MENTION_COLUMNS, RESOLVE_COLUMNS, article_text, example_sentence, needs_review, resolve_articles,
    )

    number, articles = job
    if isinstance(articles, str):
        articles = schemas.read_table(Path(articles), schemas.ARTICLES, columns=RESOLVE_COLUMNS)
    registry = registry_from_files(files)
    mentions = resolve_articles(articles, registry, use_ner=use_ner, workers=1,
                                cache_dir=Path(cache_dir) if cache_dir else None, progress=False)
    queue = mentions[needs_review(mentions)].copy() if len(mentions) else mentions.iloc[0:0].copy()
    texts = {str(record["article_id"]): article_text(record) for record in articles.to_dict("records")}
    queue["example_sentence"] = [example_sentence(texts.get(article_id, ""), int(start), int(end))
                                 for article_id, start, end in zip(queue["article_id"], queue["start"], queue["end"])]
    if len(mentions):
        write_part(mentions[MENTION_COLUMNS].assign(order=range(len(mentions))), spool, number, "mentions.csv",
                   csv=False)
    return {"article_id": articles["article_id"].astype(str).tolist(),
            "methods": mentions["method"].value_counts().to_dict() if len(mentions) else {},
            "n_with_mentions": int(mentions["article_id"].nunique()) if len(mentions) else 0,
            "queue": queue}


def sort_range(number: int, low: str, high: str | None, spool: str, out: str, columns: list[str],
               csv: bool) -> int:
    """Write the mentions of article ids in [``low``, ``high``) from every spooled partition,
    in (article id, order) order, as part ``number`` of the table in ``out`` (each partition is
    already in that order, so row-group statistics skip most of the others' rows)."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    parts = sorted(str(part) for part in Path(spool).glob("part-*.parquet"))
    key = ds.field("article_id") >= low
    if high is not None:
        key = key & (ds.field("article_id") < high)
    table = ds.dataset(parts, format="parquet").to_table(filter=key)
    table = table.take(pc.sort_indices(table, sort_keys=[("article_id", "ascending"), ("order", "ascending")]))
    frame = table.drop_columns(["order"]).to_pandas(integer_object_nulls=True)[columns]
    if len(frame):
        write_part(frame, out, number, "mentions.csv", csv, row_group_size=20_000)
    return len(frame)


def resolve_with_dask(client, out_dir: Path, registry_dir: Path, use_ner: bool = True,
                      cache_dir: Path | None = None, format: str = "csv",
                      partition_size: int = PARTITION_ROWS, progress: bool = True
                      ) -> tuple[int, pd.Series, pd.DataFrame]:
    """Resolve ``OUT_DIR/articles`` on the cluster and write mentions (CSV or Parquet) and
    ``review.csv``; returns (articles with mentions, mention counts per method, review). The
    tables are those of the single-process ``resolve``.

    A Parquet articles table is read by the workers, one part file per task; a CSV one by the
    driver (only the columns resolve uses), a partition at a time. Workers write their mentions
    into a spool folder; then the mentions are put in article-id order range by range, again
    by the workers, and joined (CSV) or moved into place (Parquet)."""
    from helpers import schemas
    from helpers.registry import load_registry
    from helpers.resolve import (
        MENTION_COLUMNS, RESOLVE_COLUMNS, build_review, carry_decisions, previous_review, read_articles_path,
    )
    from helpers.tables import PartFiles, write_csv_atomic, write_table_set

    if format not in ("csv", "parquet"):
        raise EngineError(f"--format must be csv or parquet, not {format!r}")
    csv = format == "csv"
    registry = load_registry(registry_dir)  # validated here: a bad registry stops before any work
    shared_files = client.scatter(registry_files(registry_dir), broadcast=True)
    source = read_articles_path(out_dir)
    jobs: Iterable[tuple[int, pd.DataFrame | str]]
    if schemas.is_parquet(source):
        jobs = list(enumerate(str(part) for part in schemas.parquet_parts(source)))
        sizes: Callable = lambda job: 1  # noqa: E731 - rows unknown until read: count parts
        total, unit = len(jobs), "part"
    else:
        chunks = schemas.iter_table(source, schemas.ARTICLES, columns=RESOLVE_COLUMNS, chunk_rows=partition_size)
        jobs, sizes, total, unit = enumerate(chunks), (lambda job: len(job[1])), None, "article"
    spool = _spool_folder(out_dir, "mentions")
    ordered = _spool_folder(out_dir, "mentions-sorted")
    article_ids: list[str] = []
    queues: list[pd.DataFrame] = []
    methods: Counter = Counter()
    n_with_mentions = 0
    try:
        results = map_ordered(client, resolve_partition, jobs, shared_files, use_ner,
                              str(cache_dir) if cache_dir else None, str(spool), sizes=sizes, total=total,
                              desc="resolve", progress=progress, unit=unit)
        for summary in results:
            article_ids.extend(summary["article_id"])
            queues.append(summary["queue"])
            methods.update(summary["methods"])
            n_with_mentions += summary["n_with_mentions"]  # an article is in one partition only
        queue = pd.concat(queues, ignore_index=True) if queues else pd.DataFrame()
        review = build_review(queue) if len(queue) else build_review(pd.DataFrame(
            columns=[*MENTION_COLUMNS, "candidate", "reason", "example_sentence"]))
        review = carry_decisions(review, previous_review(out_dir / "review.csv"), registry)
        ids = sorted(set(article_ids))
        del article_ids
        step = max(partition_size, min(SORT_ROWS, -(-len(ids) // (2 * n_workers(client)))))
        bounds = [ids[start] for start in range(0, len(ids), step)]
        ranges = [(number, low, bounds[number + 1] if number + 1 < len(bounds) else None)
                  for number, low in enumerate(bounds)]
        if any(spool.glob("part-*.parquet")):
            run_all(client, sort_range, ranges, str(spool), str(ordered), MENTION_COLUMNS, csv)
        if not any(ordered.glob("part-*.parquet")):
            write_part(pd.DataFrame(columns=MENTION_COLUMNS), ordered, 0, "mentions.csv", csv)
        write_table_set({"mentions": PartFiles(ordered, tuple(MENTION_COLUMNS))}, out_dir, format)
        write_csv_atomic(review[schemas.REVIEW_COLUMNS], out_dir / "review.csv")
    finally:
        shutil.rmtree(spool, ignore_errors=True)
        shutil.rmtree(ordered, ignore_errors=True)
    return n_with_mentions, pd.Series(methods, dtype=int), review


# --------------------------------------------------------------------------- stories


def signature_mapper(client, progress: bool = True) -> Callable:
    """A ``mapper`` for ``helpers.reuse.shared_passages`` (and ``helpers.stories.story_outputs``):
    maps ``helpers.reuse.partition_signatures`` over the partitions as Dask tasks and yields
    their signatures in order (only n-gram hashes travel back, eight bytes per word)."""

    def mapper(function: Callable, partitions: Iterable[tuple[list[str], list[str]]]) -> Iterator:
        partitions = list(partitions)
        return map_ordered(client, function, partitions, sizes=lambda partition: len(partition[0]),
                           total=sum(len(ids) for ids, _ in partitions), desc="reuse signatures",
                           progress=progress)

    return mapper
