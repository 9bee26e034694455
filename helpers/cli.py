"""The ``python -m helpers`` command line: one sub-command per pipeline stage.

    python -m helpers ingest RAW_DIR OUT_DIR           # -> OUT_DIR/articles.csv, problems.csv, outlets_review.csv
    python -m helpers resolve OUT_DIR                  # -> OUT_DIR/mentions.csv, review.csv
        (both: [--engine dask --workers N | --scheduler tcp://HOST:8786] [--format parquet])
    python -m helpers stories OUT_DIR                  # -> OUT_DIR/story_candidates.csv, reuse.csv,
                                                       #    near_duplicates.csv
        ([--engine dask --workers N | --scheduler tcp://HOST:8786]: reuse signatures on Dask)
    python -m helpers claims validate|relocate CSV...  # check hand-coded claim stores
    python -m helpers hedging TEXT_FILE --language LANG  # hedging markers per line, CSV
    python -m helpers run [--corpus DIR --study DIR]   # every chapter, in order (papermill)
    python -m helpers run --dry-run                    # only print the folders a run would use
    python -m helpers report [--outputs DIR]           # static HTML of the executed chapters

``ingest`` also cleans and describes each article (helpers.clean): ``articles.csv`` holds the
ingest columns followed by title, body, comments, language, outlet, url, published, ...

``run`` and ``report`` also read the corpus and study from the environment variables
BACKCHANNEL_CORPUS and BACKCHANNEL_STUDY (how ``make run CORPUS=... STUDY=...`` passes them, so
that no file name ever goes through a shell) when the options are not given.

Errors that stop a command print one line on stderr and exit with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpers.pipeline import StudyPaths


def engine_options(args: argparse.Namespace) -> tuple[str, str | None]:
    """(engine, scheduler address) from ``--engine``/``--scheduler``/``--workers``, checked:
    a scheduler address means the Dask engine."""
    engine = "dask" if args.scheduler else (args.engine or "local")
    if args.scheduler and args.engine == "local":
        raise ValueError("--scheduler runs on Dask: drop --engine local (or use --engine dask)")
    if args.workers < 1:
        raise ValueError(f"--workers must be 1 or more, not {args.workers}")
    if args.partition_size < 1:
        raise ValueError(f"--partition-size must be 1 or more, not {args.partition_size}")
    return engine, args.scheduler


def command_ingest(args: argparse.Namespace) -> int:
    """Ingest RAW_DIR into OUT_DIR, then clean and describe each article.

    Problems in single files never stop the run. The outlet registry is read (and validated)
    before anything is written; without ``--outlets`` a missing default registry only leaves
    the outlet column empty. ``--engine dask`` (or ``--scheduler``) runs the same stages on
    Dask, partition by partition.
    """
    from helpers.clean import describe_articles
    from helpers.ingest import check_raw_dir, ingest_folder, write_ingest_tables
    from helpers.outlets import load_outlets, write_outlet_review
    from helpers.paths import REGISTRY_DIR

    engine, scheduler = engine_options(args)
    raw_dir = check_raw_dir(Path(args.raw_dir)).resolve()
    out_dir = Path(args.out_dir).resolve()
    if out_dir == raw_dir or raw_dir in out_dir.parents:
        raise ValueError(f"OUT_DIR {out_dir} is inside RAW_DIR: the raw folder is never written to")
    outlets_path = Path(args.outlets) if args.outlets else REGISTRY_DIR / "outlets.csv"
    outlets = None
    if args.outlets or outlets_path.exists():
        outlets = load_outlets(outlets_path)
    else:
        print(f"warning: no outlet registry at {outlets_path}; outlet left empty", file=sys.stderr)
    if engine == "dask":
        from helpers.engine import dask_client, ingest_with_dask

        with dask_client(args.workers, scheduler, warm=("ingest",)) as client:
            # the outlet review needs five columns: the workers send them back, not the corpus
            n_articles, problems, described = ingest_with_dask(client, raw_dir, out_dir, outlets, args.max_mb,
                                                               args.format, args.partition_size)
    else:
        articles, problems = ingest_folder(raw_dir, workers=args.workers, max_mb=args.max_mb)
        described = articles = describe_articles(articles, outlets, workers=args.workers)
        write_ingest_tables(articles, problems, out_dir, args.format)
        n_articles = len(articles)
    review = write_outlet_review(described, outlets, out_dir)  # domains the registry lacks
    n_skipped = int((problems["status"] == "skipped").sum())
    print(
        f"ingested {n_articles} articles, {len(problems) - n_skipped} problems, "
        f"{n_skipped} skipped -> {out_dir / f'articles.{args.format}'}, {out_dir / f'problems.{args.format}'}, {review}"
    )
    return 0


def run_paths(corpus: str | None, study: str | None) -> tuple[StudyPaths, bool]:
    """The folders of a run: the sample, or a corpus and its study (checked, not created).

    Empty values count as not given. Returns (StudyPaths, whether it is a study).
    """
    from helpers import pipeline

    corpus = corpus or os.environ.get("BACKCHANNEL_CORPUS") or None
    study = study or os.environ.get("BACKCHANNEL_STUDY") or None
    if corpus:
        return pipeline.check_study(corpus, study or pipeline.default_study(corpus)), True
    if study:
        raise ValueError("--study (STUDY=) needs --corpus (CORPUS=), the folder of raw articles")
    return pipeline.SAMPLE, False


def command_run(args: argparse.Namespace) -> int:
    """Execute the chapters on the sample, or on a corpus inside its own study folder."""
    from helpers import pipeline

    paths, is_study = run_paths(args.corpus, args.study)
    if args.dry_run:
        print(f"corpus: {paths.raw_dir}\n"
              f"study: {paths.interim_dir.parent if is_study else '(the sample)'}\n"
              f"outputs: {paths.outputs_dir}")
        return 0
    if is_study:
        template = (args.registry_template or os.environ.get("BACKCHANNEL_REGISTRY_TEMPLATE")
                    or pipeline.DEFAULT_REGISTRY_TEMPLATE)
        paths = pipeline.create_study(paths.raw_dir, paths.interim_dir.parent, registry_template=template)
    written = pipeline.run_chain(paths)
    print(f"ran {len(written)} chapters; executed notebooks in {paths.outputs_dir / 'notebooks'}")
    return 0


def lab_command(jupyter: str, flags: list[str], study: str | None, as_root: bool) -> list[str]:
    """The JupyterLab command line for ``make lab``: at the project root, or with ``STUDY`` on
    that study's executed claims chapter (its parameters already point at the study, so the
    tagging workbench writes into the study's annotations, never into the sample's)."""
    from helpers import pipeline
    from helpers.paths import ROOT

    command = [jupyter, "lab"]
    opened: list[str] = []
    root = ROOT
    if study:
        folder = Path(study).resolve()
        workbench = folder / "outputs" / "notebooks" / "03_claims.ipynb"
        if pipeline.study_owner(folder) is None or not workbench.is_file():
            raise ValueError(f"{folder} is not a study that has run yet: run "
                             "`make run CORPUS=... STUDY=...` first, then `make lab STUDY=...`")
        # JupyterLab serves one folder: the project when the study is inside it, else the study.
        root = ROOT if ROOT in folder.parents else folder
        opened = [str(workbench.relative_to(root))]
    command.append(f"--ServerApp.root_dir={'.' if root == ROOT else root}")
    if as_root:
        command.append("--allow-root")  # containers and course servers run as root
    return [*command, *flags, *opened]


def command_lab(args: argparse.Namespace) -> int:
    """Start JupyterLab (replacing this process) as :func:`lab_command` says."""
    study = os.environ.get("BACKCHANNEL_STUDY") or None
    flags = list(args.flags)
    if flags[:1] == ["--"]:
        flags = flags[1:]
    command = lab_command(args.jupyter, flags, study, os.geteuid() == 0)
    os.execv(command[0], command)
    return 0  # not reached


def command_report(args: argparse.Namespace) -> int:
    """Build the static HTML report from the executed notebooks of the last run."""
    from helpers.report import build_report

    outputs = Path(args.outputs) if args.outputs else run_paths(None, None)[0].outputs_dir
    pages = build_report(outputs / "notebooks", outputs / "report")
    print(f"report: {pages[0]} ({len(pages) - 1} chapters)")
    return 0


def command_resolve(args: argparse.Namespace) -> int:
    """Resolve actors and outlets in OUT_DIR/articles.csv against a registry folder."""
    from helpers.paths import REGISTRY_DIR
    from helpers.resolve import resolve_folder

    engine, scheduler = engine_options(args)
    out_dir = Path(args.out_dir)
    registry_dir = Path(args.registry) if args.registry else REGISTRY_DIR
    if args.apply_review:
        from helpers.resolve import apply_review

        accepted, rejected = apply_review(out_dir / "review.csv", registry_dir)
        print(f"review decisions applied: {accepted} aliases added to actors.csv, "
              f"{rejected} names added to ignore.csv")
    cache_dir = Path(args.cache_dir) if args.cache_dir else out_dir / "cache"
    if engine == "dask":
        from helpers.engine import dask_client, resolve_with_dask, warm_stages

        warm = warm_stages("resolve", not args.no_ner, cache_dir)
        with dask_client(args.workers, scheduler, warm=warm) as client:
            n_articles, methods, review = resolve_with_dask(client, out_dir, registry_dir, use_ner=not args.no_ner,
                                                            cache_dir=cache_dir, format=args.format,
                                                            partition_size=args.partition_size)
    else:
        mentions, review = resolve_folder(out_dir, registry_dir, use_ner=not args.no_ner, workers=args.workers,
                                          cache_dir=cache_dir, format=args.format)
        n_articles, methods = mentions["article_id"].nunique(), mentions["method"].value_counts()
    counts = ", ".join(f"{int(methods.get(m, 0))} {m}" for m in ("registry", "title", "fuzzy", "ner-unresolved", "names-unresolved"))
    print(
        f"resolved {n_articles} articles: {int(methods.sum())} mentions ({counts}), "
        f"{len(review)} to review -> {out_dir / f'mentions.{args.format}'}, {out_dir / 'review.csv'}"
    )
    return 0


def command_stories(args: argparse.Namespace) -> int:
    """Story candidates, relays and directed text reuse of OUT_DIR/articles.csv (with the
    cited sources and names of OUT_DIR/mentions.csv), written next to them."""
    from helpers.claimdata import load_articles, load_mentions
    from helpers.schemas import table_location
    from helpers.stories import write_story_tables

    out_dir = Path(args.out_dir)
    if not table_location(out_dir / "articles.csv").exists():  # CSV, or its Parquet form
        raise ValueError(f"{out_dir / 'articles.csv'} not found: run `python -m helpers ingest` first")
    if not table_location(out_dir / "mentions.csv").exists():
        print(f"warning: no {out_dir / 'mentions.csv'}: no relays by credit and no shared names "
              "(run `python -m helpers resolve` first)", file=sys.stderr)
    engine, scheduler = engine_options(args)
    articles, mentions = load_articles(out_dir), load_mentions(out_dir)
    if engine == "dask":
        from helpers.engine import dask_client, signature_mapper

        with dask_client(args.workers, scheduler) as client:
            candidates, reuse = write_story_tables(articles, mentions, out_dir, args.partition_size,
                                                   signature_mapper(client))
    else:
        candidates, reuse = write_story_tables(articles, mentions, out_dir, args.partition_size)
    n_candidates = len(set(candidates["story_candidate"]) - {""})
    print(f"{len(articles)} articles: {n_candidates} story candidates, "
          f"{int((candidates['relay_of'] != '').sum())} relays, {len(reuse)} pairs sharing passages "
          f"({int((reuse['near_duplicate'] == 'yes').sum())} near-duplicates) -> "
          f"{out_dir / 'story_candidates.csv'}, {out_dir / 'reuse.csv'}, "
          f"{out_dir / 'near_duplicates.csv'}")
    return 0


def add_engine_options(parser: argparse.ArgumentParser, what: str | None,
                       partition_rows: int | None = None) -> None:
    """``--engine``, ``--scheduler``, ``--format`` (only with ``what``, the tables written) and
    ``--partition-size`` of ingest, resolve and stories."""
    from helpers.engine import ENGINES, PARTITION_ROWS
    from helpers.tables import TABLE_FORMATS

    partition_rows = partition_rows or PARTITION_ROWS

    parser.add_argument("--engine", choices=ENGINES, default=None,
                        help="local (default): this process (--workers forks a local pool); dask: a local Dask "
                             "cluster of --workers processes, partition by partition")
    parser.add_argument("--scheduler", default=None, metavar="tcp://HOST:8786",
                        help="run on the existing Dask cluster at this address (implies --engine dask)")
    if what:
        parser.add_argument("--format", choices=TABLE_FORMATS, default="csv",
                            help=f"{what} as CSV (default) or Parquet (a folder of parts; for large corpora)")
    parser.add_argument("--partition-size", type=int, default=partition_rows,
                        help=f"articles per partition (default {partition_rows})")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command."""
    parser = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="raw folder -> articles.csv + problems.csv")
    ingest.add_argument("raw_dir", help="folder of raw articles (read recursively, never written)")
    ingest.add_argument("out_dir", help="folder for articles.csv and problems.csv")
    ingest.add_argument("--workers", type=int, default=1, help="processes to use (default 1)")
    ingest.add_argument(
        "--outlets",
        default=None,
        help="outlet registry CSV (default: data/registry/outlets.csv of the project)",
    )
    ingest.add_argument("--max-mb", type=float, default=None,
                        help="skip files larger than this many megabytes (default 256)")
    add_engine_options(ingest, "articles and problems")
    ingest.set_defaults(run=command_ingest)
    run = commands.add_parser("run", help="execute every chapter notebook in order")
    run.add_argument("--corpus", help="folder of raw articles (default: the sample in data/raw)")
    run.add_argument("--study", help="study folder for registry, claims and outputs "
                     "(default: studies/<corpus folder name>)")
    run.add_argument("--registry-template", default=None,
                     help="actors a new study starts with: world_2024 (heads of state, ministers, "
                          "spokespeople; the default), sample (this story's actors) or empty")
    run.add_argument("--dry-run", action="store_true",
                     help="only print the corpus, study and outputs folders a run would use")
    run.set_defaults(run=command_run)
    report = commands.add_parser("report", help="static HTML report of the executed chapters")
    report.add_argument("--outputs", default=None,
                        help="OUTPUTS_DIR of the run (default: outputs/, or the study's outputs "
                             "when BACKCHANNEL_CORPUS/BACKCHANNEL_STUDY are set)")
    report.set_defaults(run=command_report)
    lab = commands.add_parser("lab", help="JupyterLab at the project root, or on a study's workbench "
                              "(STUDY / BACKCHANNEL_STUDY)")
    lab.add_argument("--jupyter", default="jupyter", help="the jupyter executable (default: on PATH)")
    lab.add_argument("flags", nargs=argparse.REMAINDER, help="extra JupyterLab options")
    lab.set_defaults(run=command_lab)
    from helpers.claims import add_claims_command

    add_claims_command(commands)
    from helpers.hedging import add_hedging_command

    add_hedging_command(commands)
    resolve = commands.add_parser("resolve", help="articles.csv -> mentions.csv + review.csv")
    resolve.add_argument("out_dir", help="folder holding articles.csv; mentions.csv and review.csv go here")
    resolve.add_argument("--registry", help="registry folder with actors.csv and outlets.csv (default data/registry)")
    resolve.add_argument("--no-ner", action="store_true", help="registry and titles only (fast; no spaCy)")
    resolve.add_argument("--workers", type=int, default=1, help="processes for spaCy NER and large tables (default 1)")
    resolve.add_argument("--cache-dir", help="NER cache folder (default OUT_DIR/cache)")
    add_engine_options(resolve, "mentions (review.csv stays CSV)")
    resolve.add_argument("--apply-review", action="store_true",
                         help="first add the decisions filled in OUT_DIR/review.csv to the registry")
    resolve.set_defaults(run=command_resolve)
    stories = commands.add_parser("stories", help="articles.csv + mentions.csv -> story_candidates.csv + reuse.csv")
    stories.add_argument("out_dir", help="folder holding articles.csv and mentions.csv; the story tables go here")
    stories.add_argument("--workers", type=int, default=1, help="Dask workers with --engine dask (default 1)")
    add_engine_options(stories, None, partition_rows=5000)
    stories.set_defaults(run=command_stories)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # noqa: BLE001 - any stage error becomes one readable line
        if os.environ.get("BACKCHANNEL_DEBUG"):
            raise
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2
