"""Running the per-article stages on Dask: a local cluster (``--engine dask --workers N``) or an
existing one (``--scheduler tcp://host:8786``).

The stages are the single-process ones, called on partitions of the corpus: a partition of
``ingest`` is a list of files (``helpers.ingest.ingest_file``, ``build_tables``, then
``helpers.describe.describe_articles``), a partition of ``resolve`` a frame of articles
(``helpers.resolve.resolve_articles``). No rule is implemented here; this module only cuts the
corpus into partitions, sends them to the workers, and puts the results back in the order of
the single-process tables, writing them partition by partition (see
``helpers.tables.write_table_set``), so the driver holds a few partitions, never the corpus.

Where things run: the raw folder is read by the workers (on a cluster it must be at the same
path on every machine, e.g. a shared file system); every table is written by the driver (the
process running the command). Heavy resources are built once per worker process and only when
needed: the language identifier (``helpers.language.language_identifier``, cached per process),
the outlet registry (sent once to each worker), the actor registry and its matcher (built once
per worker from the registry files sent with the first task), spaCy models (loaded only for
texts missing from the NER cache).

Writes, in ``OUT_DIR``: ``articles`` and ``problems`` (ingest), ``mentions`` and ``review.csv``
(resolve), each as CSV or Parquet; partitions wait in a hidden spool folder
(``.articles.<random>.spool.backchannel-tmp``) until the table is complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import re
import secrets
import shutil
import tempfile
from collections import deque
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
#: Seconds to wait for a scheduler given with ``--scheduler`` before giving up.
CONNECT_TIMEOUT = 10
#: Mentions are put in article-id order this many articles at a time.
SORT_ROWS = 50_000
SCHEDULER_ADDRESS = re.compile(r"^(tcp|tls|inproc|ws|wss|ucx)://[^\s/:]+(:\d+)?/?$")


class EngineError(ValueError):
    """The engine cannot start: a bad option or an unreachable scheduler (one-line message)."""


# --------------------------------------------------------------------------- the cluster


@contextlib.contextmanager
def dask_client(workers: int = 1, scheduler: str | None = None, processes: bool = True,
                timeout: float | None = None) -> Iterator:
    """A ``distributed.Client``: to the cluster at ``scheduler``, else to a local cluster of
    ``workers`` single-threaded worker processes (threads with ``processes=False``), closed on
    exit. Raises EngineError naming the address when the scheduler cannot be reached."""
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
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=processes,
                           dashboard_address=None, silence_logs=logging.ERROR,
                           local_directory=tempfile.gettempdir())
    client = Client(cluster, set_as_default=False)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


def n_workers(client) -> int:
    """How many workers the cluster has now (at least 1)."""
    return max(1, len(client.scheduler_info().get("workers", {})))


def map_ordered(client, function: Callable, items: Iterable, *args, sizes: Callable[[object], int] = len,
                desc: str = "", total: int | None = None, progress: bool = True, unit: str = "article",
                window: int | None = None) -> Iterator:
    """``function(item, *args)`` for each item on the cluster, yielded in the items' order.

    At most ``window`` partitions (default: two per worker, plus one) are sent or waiting at a
    time, so neither the driver nor the workers ever hold more than a few partitions. A task's
    error is raised here. The progress bar counts ``sizes(item)`` per finished partition.
    """
    window = window or 2 * n_workers(client) + 1
    queue: deque = deque()
    items = iter(items)
    bar = tqdm(total=total, desc=desc, unit=unit, disable=not progress)

    def send() -> bool:
        for item in items:
            queue.append((sizes(item), client.submit(function, item, *args, pure=False)))
            return True
        return False

    try:
        for _ in range(window):
            if not send():
                break
        while queue:
            size, future = queue.popleft()
            result = future.result()
            future.release()
            send()
            bar.update(size)
            yield result
    finally:
        for _, future in queue:
            with contextlib.suppress(Exception):  # the client may already be closing
                future.cancel()
        bar.close()


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


# --------------------------------------------------------------------------- ingest


def ingest_partition(paths: list[str], raw_dir: str, max_bytes: int, outlets) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(described articles, problems) of a list of files, by the single-process functions; the
    ids are the partition's own until :class:`helpers.ingest.ArticleIds` renumbers them."""
    from helpers.describe import describe_articles
    from helpers.ingest import build_tables, ingest_file

    results = [ingest_file(Path(path), Path(raw_dir), max_bytes) for path in paths]
    articles, problems = build_tables(results)
    return describe_articles(articles, outlets, workers=1, progress=False), problems


def _spool_folder(out_dir: Path, name: str) -> Path:
    folder = out_dir / f".{name}.{secrets.token_hex(6)}.spool{TEMP_SUFFIX}"
    folder.mkdir(parents=True)
    return folder


def _write_part(frame: pd.DataFrame, folder: Path, number: int, schema: str) -> None:
    import pyarrow.parquet as pq

    from helpers.schemas import frame_to_arrow

    pq.write_table(frame_to_arrow(frame, schema), folder / f"part-{number:05d}.parquet", row_group_size=4096)


def _read_parts(folder: Path, columns: list[str], fill: dict[str, int]) -> Iterator[pd.DataFrame]:
    """The spooled partitions in order, each given the table's full ``columns`` (a column
    another partition has, such as ``page``, is added empty where ``fill`` says)."""
    import pyarrow.parquet as pq

    for part in sorted(folder.glob("part-*.parquet")):
        frame = pq.read_table(part).to_pandas()
        for column in fill:
            if column not in frame.columns:
                frame[column] = None
        yield frame[columns]


def ingest_with_dask(client, raw_dir: Path, out_dir: Path, outlets=None, max_mb: float | None = None,
                     format: str = "csv", partition_size: int = PARTITION_ROWS,
                     progress: bool = True) -> tuple[int, pd.DataFrame]:
    """Ingest and describe ``raw_dir`` on the cluster and write the tables into ``out_dir``;
    returns (number of articles, problems). The tables are those of the single-process
    ``ingest`` (same rows, order, ids and columns)."""
    from helpers.describe import CLEAN_COLUMNS
    from helpers.ingest import (
        ARTICLE_COLUMNS, MAX_FILE_MB, ArticleIds, build_tables, check_raw_dir, scan_folder, source_order,
        write_ingest_tables,
    )

    raw_dir = check_raw_dir(Path(raw_dir))
    max_bytes = int((MAX_FILE_MB if max_mb is None else max_mb) * 2**20)
    paths, unreadable = scan_folder(raw_dir)
    ordered = [str(path) for path in source_order(paths, raw_dir)]
    chunks = [ordered[start:start + partition_size] for start in range(0, len(ordered), partition_size)]
    shared_outlets = client.scatter(outlets, broadcast=True) if outlets is not None else None
    out_dir.mkdir(parents=True, exist_ok=True)
    spool = _spool_folder(out_dir, "articles")
    ids = ArticleIds()
    problems = [build_tables(unreadable)[1]]
    columns: list[str] = ARTICLE_COLUMNS + CLEAN_COLUMNS
    n_articles = 0
    try:
        results = map_ordered(client, ingest_partition, chunks, str(raw_dir), max_bytes, shared_outlets,
                              desc="ingest + describe", total=len(ordered), progress=progress, unit="file")
        for number, (articles, part_problems) in enumerate(results):
            problems.append(part_problems)
            if not len(articles):
                continue
            articles = ids.relabel(articles)
            if "page" in articles.columns and "page" not in columns:
                columns = list(articles.columns)  # webpage hook (issue 13): HTML pages bring `page`
            _write_part(articles, spool, number, "articles.csv")
            n_articles += len(articles)
        problems_table = pd.concat(problems, ignore_index=True).sort_values(
            "source_path", kind="stable", ignore_index=True)
        fill = {"page": 1} if "page" in columns else {}
        frames: Iterable[pd.DataFrame] = _read_parts(spool, columns, fill)
        if not n_articles:
            frames = [pd.DataFrame(columns=columns)]
        write_ingest_tables(frames, problems_table, out_dir, format)
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return n_articles, problems_table


# --------------------------------------------------------------------------- resolve


def resolve_partition(articles: pd.DataFrame, files: dict[str, bytes], use_ner: bool,
                      cache_dir: str | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(mentions, mentions to review with their example sentence) of a frame of articles, by
    ``helpers.resolve.resolve_articles``."""
    from helpers.resolve import article_text, example_sentence, needs_review, resolve_articles

    registry = registry_from_files(files)
    mentions = resolve_articles(articles, registry, use_ner=use_ner, workers=1,
                                cache_dir=Path(cache_dir) if cache_dir else None, progress=False)
    queue = mentions[needs_review(mentions)].copy() if len(mentions) else mentions.iloc[0:0].copy()
    texts = {str(record["article_id"]): article_text(record) for record in articles.to_dict("records")}
    queue["example_sentence"] = [example_sentence(texts.get(article_id, ""), int(start), int(end))
                                 for article_id, start, end in zip(queue["article_id"], queue["start"], queue["end"])]
    return mentions, queue


def _sorted_mentions(spool: Path, article_ids: list[str], columns: list[str]) -> Iterator[pd.DataFrame]:
    """The spooled mention partitions merged into article-id order (each partition is already
    in that order), :data:`SORT_ROWS` articles at a time: a filtered read of every partition
    (their row groups' statistics skip the rest), then one stable sort."""
    import pyarrow.compute as pc
    import pyarrow.dataset as ds

    parts = sorted(str(part) for part in spool.glob("part-*.parquet"))
    if not parts:
        yield pd.DataFrame(columns=columns)
        return
    dataset = ds.dataset(parts, format="parquet")
    ordered = sorted(set(article_ids))
    for start in range(0, len(ordered), SORT_ROWS):
        low = ordered[start]
        key = ds.field("article_id") >= low
        if start + SORT_ROWS < len(ordered):
            key = key & (ds.field("article_id") < ordered[start + SORT_ROWS])
        table = dataset.to_table(filter=key)
        table = table.take(pc.sort_indices(table, sort_keys=[("article_id", "ascending"), ("order", "ascending")]))
        yield table.drop_columns(["order"]).to_pandas()[columns]


def resolve_with_dask(client, out_dir: Path, registry_dir: Path, use_ner: bool = True,
                      cache_dir: Path | None = None, format: str = "csv",
                      partition_size: int = PARTITION_ROWS, progress: bool = True
                      ) -> tuple[int, pd.Series, pd.DataFrame]:
    """Resolve ``OUT_DIR/articles`` on the cluster and write mentions (CSV or Parquet) and
    ``review.csv``; returns (articles with mentions, mention counts per method, review). The tables are those
    of the single-process ``resolve``. The driver reads the articles (only the columns resolve
    uses) a partition at a time and sends them to the workers."""
    from helpers import schemas
    from helpers.registry import load_registry
    from helpers.resolve import (
        DATE_COLUMNS, MENTION_COLUMNS, build_review, carry_decisions, previous_review, read_articles_path,
    )
    from helpers.tables import write_csv_atomic, write_table_set

    registry = load_registry(registry_dir)  # validated here: a bad registry stops before any work
    shared_files = client.scatter(registry_files(registry_dir), broadcast=True)
    source = read_articles_path(out_dir)
    columns = ["article_id", "body", "language", *DATE_COLUMNS]
    chunks = schemas.iter_table(source, schemas.ARTICLES, columns=columns, chunk_rows=partition_size)
    spool = _spool_folder(out_dir, "mentions")
    article_ids: list[str] = []
    queues: list[pd.DataFrame] = []
    methods = pd.Series(dtype=int)
    n_with_mentions = 0

    def remember(chunk: pd.DataFrame) -> pd.DataFrame:
        article_ids.extend(chunk["article_id"].astype(str))
        return chunk

    try:
        results = map_ordered(client, resolve_partition, (remember(chunk) for chunk in chunks), shared_files,
                              use_ner, str(cache_dir) if cache_dir else None, desc="resolve", progress=progress)
        for number, (mentions, queue) in enumerate(results):
            queues.append(queue)
            if not len(mentions):
                continue
            methods = methods.add(mentions["method"].value_counts(), fill_value=0)
            n_with_mentions += mentions["article_id"].nunique()  # an article is in one partition only
            part = mentions[MENTION_COLUMNS].assign(order=range(len(mentions)))
            _write_part(part, spool, number, "mentions.csv")
        queue = pd.concat(queues, ignore_index=True) if queues else pd.DataFrame()
        review = build_review(queue) if len(queue) else build_review(pd.DataFrame(
            columns=[*MENTION_COLUMNS, "candidate", "reason", "example_sentence"]))
        review = carry_decisions(review, previous_review(out_dir / "review.csv"), registry)
        write_table_set({"mentions": _sorted_mentions(spool, article_ids, MENTION_COLUMNS)}, out_dir, format)
        write_csv_atomic(review[schemas.REVIEW_COLUMNS], out_dir / "review.csv")
    finally:
        shutil.rmtree(spool, ignore_errors=True)
    return n_with_mentions, methods.astype(int), review
