"""The Dask engine gives the single-process tables; the Parquet form reads back as the CSV form;
the command line names a bad scheduler in one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import engine, schemas
from helpers.cli import main
from helpers.ingest import ingest_folder, write_ingest_tables
from helpers.outlets import load_outlets
from helpers.paths import RAW_DIR, REGISTRY_DIR
from helpers.resolve import resolve_folder
from helpers.tables import write_table_set

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample and the segmentation fixtures, plus an exact copy (a duplicate id), an HTML
    page (the ``page`` column, in a later partition only) and a Word file (a problem row)."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copytree(RAW_DIR, folder / "raw")
    shutil.copytree(FIXTURES, folder / "fixtures")
    first = sorted(RAW_DIR.glob("*.txt"))[0]
    shutil.copy(first, folder / "zz_copy.txt")
    (folder / "zz_page.html").write_text(
        "<!DOCTYPE html><html><head><title>Secret talks in Geneva</title></head><body><article>"
        "<h1>Secret talks in Geneva</h1><p>William Burns met Sergei Naryshkin in Geneva, according to "
        "The New York Times, which cited two officials familiar with the talks.</p>"
        "<p>The Kremlin declined to comment on the report on Tuesday.</p></article></body></html>",
        encoding="utf-8")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    return folder


@pytest.fixture(scope="module")
def client():
    # One in-process worker: the same code path as a cluster, without starting processes.
    with engine.dask_client(1, processes=False) as dask:
        yield dask


@pytest.fixture(scope="module")
def single(corpus, tmp_path_factory) -> Path:
    """ingest + resolve (registry only) in one process, as the command runs them."""
    from helpers.describe import describe_articles

    out = tmp_path_factory.mktemp("single")
    articles, problems = ingest_folder(corpus)
    articles = describe_articles(articles, load_outlets(REGISTRY_DIR / "outlets.csv"))
    write_ingest_tables(articles, problems, out)
    resolve_folder(out, REGISTRY_DIR, use_ner=False)
    return out


def test_dask_ingest_and_resolve_write_the_single_process_tables(corpus, client, single, tmp_path):
    out = tmp_path / "dask"
    n_articles, problems, _ = engine.ingest_with_dask(
        client, corpus, out, load_outlets(REGISTRY_DIR / "outlets.csv"), partition_size=4, progress=False)
    assert n_articles == len(schemas.read_table(single / "articles.csv", schemas.ARTICLES)) > 30
    assert list(problems["status"]) == ["problem"]
    for name in ("articles.csv", "problems.csv"):
        assert (out / name).read_bytes() == (single / name).read_bytes(), name
    articles = schemas.read_table(out / "articles.csv", schemas.ARTICLES)
    assert articles["duplicate_of"].ne("").sum() == 1 and "page" in articles.columns
    engine.resolve_with_dask(client, out, REGISTRY_DIR, use_ner=False, partition_size=3, progress=False)
    for name in ("mentions.csv", "review.csv"):
        assert (out / name).read_bytes() == (single / name).read_bytes(), name


def test_parquet_output_reads_back_as_the_csv_tables(corpus, client, single, tmp_path):
    out = tmp_path / "parquet"
    engine.ingest_with_dask(client, corpus, out, load_outlets(REGISTRY_DIR / "outlets.csv"), format="parquet",
                            partition_size=10, progress=False)
    assert len(list((out / "articles.parquet").glob("part-*.parquet"))) > 1
    engine.resolve_with_dask(client, out, REGISTRY_DIR, use_ner=False, format="parquet", progress=False)
    for name, schema in (("articles.csv", schemas.ARTICLES), ("problems.csv", schemas.PROBLEMS),
                         ("mentions.csv", schemas.MENTIONS)):
        # ``X.csv`` is read from ``X.parquet`` when only the Parquet form is there.
        assert not (out / name).exists()
        from_parquet = schemas.read_table(out / name, schema)
        from_csv = schemas.read_table(single / name, schema)
        pd.testing.assert_frame_equal(from_parquet, from_csv, check_like=False)
    # Integer cells are typed in Parquet (the schema's one typing), text in the reader.
    import pyarrow.parquet as pq

    types = pq.read_schema(sorted((out / "articles.parquet").glob("*.parquet"))[0])
    assert str(types.field("n_bytes").type) == "int64" and str(types.field("body").type) == "string"


def test_read_table_loads_only_the_columns_asked_for(single):
    body = schemas.read_table(single / "articles.csv", schemas.ARTICLES, columns=["article_id", "body", "date"])
    full = schemas.read_table(single / "articles.csv", schemas.ARTICLES)
    assert list(body.columns) == ["article_id", "body", "date"]
    assert body["body"].equals(full["body"]) and (body["date"] == "").all()
    chunks = list(schemas.iter_table(single / "articles.csv", schemas.ARTICLES, columns=["article_id"], chunk_rows=7))
    assert [len(chunk) for chunk in chunks][:-1] == [7] * (len(chunks) - 1)
    assert pd.concat(chunks, ignore_index=True)["article_id"].tolist() == full["article_id"].tolist()


def test_writing_one_form_removes_the_other(single, tmp_path):
    mentions = schemas.read_table(single / "mentions.csv", schemas.MENTIONS)
    write_table_set({"mentions": mentions}, tmp_path, "parquet")
    assert (tmp_path / "mentions.parquet").is_dir()
    write_table_set({"mentions": [mentions.iloc[:5], mentions.iloc[5:]]}, tmp_path, "csv")
    assert not (tmp_path / "mentions.parquet").exists()
    assert (tmp_path / "mentions.csv").read_bytes() == (single / "mentions.csv").read_bytes()


def test_a_bad_scheduler_address_is_one_line(single, capsys, monkeypatch):
    monkeypatch.setattr(engine, "CONNECT_TIMEOUT", 0.5)
    assert main(["resolve", str(single), "--no-ner", "--scheduler", "localhost:8786"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not a scheduler address like tcp://host:8786" in error
    assert main(["resolve", str(single), "--no-ner", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in error
    assert main(["ingest", str(RAW_DIR), str(single / "x"), "--engine", "local", "--scheduler", "tcp://h:1"]) == 2
    assert "--scheduler runs on Dask" in capsys.readouterr().err


def test_dask_stories_write_the_single_process_tables(single, client, tmp_path):
    from helpers.claimdata import load_articles, load_mentions
    from helpers.stories import write_story_tables

    articles, mentions = load_articles(single), load_mentions(single)
    local, dask = tmp_path / "local", tmp_path / "dask"
    _, reuse = write_story_tables(articles, mentions, local, partition_size=5)
    write_story_tables(articles, mentions, dask, partition_size=5, mapper=engine.signature_mapper(client, False))
    assert len(reuse) >= 1  # the exact copy at least shares its passages with the original
    for name in ("story_candidates.csv", "reuse.csv", "near_duplicates.csv"):
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name


def test_stories_command_on_a_local_dask_cluster(single, tmp_path):
    # The whole command, with worker processes started from scratch (what a user runs).
    out = tmp_path / "out"
    shutil.copytree(single, out)
    for name in ("story_candidates.csv", "reuse.csv", "near_duplicates.csv"):
        (out / name).unlink(missing_ok=True)
    assert main(["stories", str(out), "--engine", "dask", "--workers", "1", "--partition-size", "9"]) == 0
    from helpers.claimdata import load_articles, load_mentions
    from helpers.stories import write_story_tables

    write_story_tables(load_articles(single), load_mentions(single), tmp_path / "local")
    for name in ("story_candidates.csv", "reuse.csv", "near_duplicates.csv"):
        assert (out / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_dask_resolve_with_ner_matches_local_and_a_cached_rerun_loads_no_model(single, client, tmp_path,
                                                                             monkeypatch):
    import helpers.resolve as resolve_module

    articles = schemas.read_table(single / "articles.csv", schemas.ARTICLES)
    french = articles[articles["language"] == "fr"].head(6)
    assert len(french) == 6
    local, dask = tmp_path / "local", tmp_path / "dask"
    for out in (local, dask):
        write_table_set({"articles": french}, out)
    resolve_folder(local, REGISTRY_DIR, use_ner=True, cache_dir=local / "cache")
    engine.resolve_with_dask(client, dask, REGISTRY_DIR, use_ner=True, cache_dir=dask / "cache", partition_size=2,
                             progress=False)
    for name in ("mentions.csv", "review.csv"):
        assert (dask / name).read_bytes() == (local / name).read_bytes(), name
    assert schemas.read_table(dask / "mentions.csv", schemas.MENTIONS)["method"].eq("ner-unresolved").any()

    def no_spacy(*args, **kwargs):
        raise AssertionError("a spaCy model was loaded although every text was in the cache")

    # The one worker runs in this process: what it loads, this module sees.
    monkeypatch.setattr(resolve_module, "_MODELS", {})
    monkeypatch.setattr(resolve_module, "load_ner_model", no_spacy)
    before = (dask / "mentions.csv").read_bytes()
    engine.resolve_with_dask(client, dask, REGISTRY_DIR, use_ner=True, cache_dir=dask / "cache", partition_size=4,
                             progress=False)
    assert (dask / "mentions.csv").read_bytes() == before


@pytest.mark.parametrize("format", ["csv", "parquet"])
def test_dask_ingest_of_a_folder_without_articles_writes_empty_tables(client, tmp_path, format):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "notes.docx").write_bytes(b"PK\x03\x04 not an article")
    n_articles, problems, described = engine.ingest_with_dask(client, raw, tmp_path / "dask", format=format,
                                                              progress=False)
    from helpers.describe import describe_articles

    articles, local_problems = ingest_folder(raw)
    write_ingest_tables(describe_articles(articles, None), local_problems, tmp_path / "local")
    assert n_articles == 0 and len(described) == 0 and list(problems["status"]) == ["problem"]
    for name, schema in (("articles.csv", schemas.ARTICLES), ("problems.csv", schemas.PROBLEMS)):
        pd.testing.assert_frame_equal(schemas.read_table(tmp_path / "dask" / name, schema),
                                      schemas.read_table(tmp_path / "local" / name, schema))
    engine.resolve_with_dask(client, tmp_path / "dask", REGISTRY_DIR, use_ner=False, format=format, progress=False)
    assert len(schemas.read_table(tmp_path / "dask" / "mentions.csv", schemas.MENTIONS)) == 0


def test_warm_stages_load_ner_models_only_without_a_cache(tmp_path):
    assert engine.warm_stages("ingest") == ("ingest",)
    assert engine.warm_stages("stories") == ()
    assert engine.warm_stages("resolve", use_ner=False, cache_dir=tmp_path) == ("resolve",)
    cold = engine.warm_stages("resolve", use_ner=True, cache_dir=tmp_path)
    assert cold[0] == "resolve" and cold[1].startswith("ner:") and "fr" in cold[1][4:].split("+")
    (tmp_path / "ner.sqlite").write_bytes(b"")
    assert engine.warm_stages("resolve", use_ner=True, cache_dir=tmp_path) == ("resolve",)


def test_local_workers_are_forked_already_warm(tmp_path):
    # In a fresh process: the fork server is started once per process, with the stages the
    # first local cluster asked for.
    import subprocess
    import sys

    script = tmp_path / "probe.py"
    script.write_text(
        "import os, sys\n"
        "from helpers.engine import dask_client\n"
        "def probe():\n"
        "    from helpers.engine import _REGISTRIES\n"
        "    from helpers.language import language_identifier\n"
        "    return (os.getppid(), 'helpers.enginewarm' in sys.modules,\n"
        "            language_identifier.cache_info().currsize, len(_REGISTRIES))\n"
        "if __name__ == '__main__':\n"
        "    with dask_client(2, warm=('ingest', 'resolve')) as client:\n"
        "        print(repr((os.getpid(), sorted(client.run(probe).values()))))\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], cwd=Path(__file__).parent.parent, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    command, workers = eval(result.stdout.strip().splitlines()[-1])  # noqa: S307 - our own script's repr
    assert len(workers) == 2
    # Both children of one fork server (not of the command), which had built the language
    # identifier and the default registry before forking them.
    assert workers[0][0] == workers[1][0] != command and all(worker[1:] == (True, 1, 1) for worker in workers)
