"""Benchmark the attribution cues: is an outlet a cited source or only mentioned?

    python bench/cues.py [DATA_DIR] [--baseline main] [--errors]

Reads ``DATA_DIR/cues_<language>.csv`` (default ``bench/data``): hand-written press sentences,
one row per (sentence, outlet) with the outlet as written, the label ``cited-source`` or
``mentioned``, a rough ``phrasing`` type and a ``split`` (``tune``: the two thirds the cues were
generalised on; ``test``: the held-out third). Runs the project's own path on each sentence
(``helpers.resolve.resolve_article`` with the shipped registry, ``data/registry``, whose
``outlets.csv`` is extended by ``DATA_DIR/cues_outlets.csv``: outlets the sentences name that
the registry lacks, and short or inflected forms of registered ones, merged by outlet name)
and prints precision, recall and F1 of ``cited-source`` per language and split, next to the
same figures for the code and cues of ``--baseline`` (a git revision, run in a subprocess on
``git archive`` of its ``helpers/``; ``--baseline ''`` skips it). An outlet the registry does
not find counts as predicted ``mentioned`` (column ``lost``). ``--errors [tune|test|all]`` lists
the rows of that split the current code gets wrong (tune by default: look at the held-out third
only to report). Writes nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "en", "de")
LABELS = ("cited-source", "mentioned")
COLUMNS = ("sentence", "outlet", "label", "phrasing", "split")


def read_sets(data_dir: Path, languages: tuple[str, ...]) -> pd.DataFrame:
    """The labelled sentences of every language, with a ``language`` column; a bad row is a
    one-line error naming the file and row."""
    tables = []
    for language in languages:
        path = data_dir / f"cues_{language}.csv"
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = set(COLUMNS) - set(table.columns)
        if missing:
            raise SystemExit(f"{path}: missing columns {sorted(missing)}")
        for row, record in enumerate(table.to_dict("records"), start=2):
            if record["label"] not in LABELS:
                raise SystemExit(f"{path} row {row}: label {record['label']!r} is not one of {LABELS}")
            if record["outlet"] not in record["sentence"]:
                raise SystemExit(f"{path} row {row}: outlet {record['outlet']!r} is not in the sentence")
            if record["split"] not in ("tune", "test"):
                raise SystemExit(f"{path} row {row}: split {record['split']!r} is not tune or test")
        tables.append(table.assign(language=language))
    return pd.concat(tables, ignore_index=True)


def bench_registry(data_dir: Path, into: Path) -> Path:
    """A registry folder: the shipped one with ``cues_outlets.csv`` merged into its outlets
    (new outlets appended; for a registered outlet, only its extra aliases are added)."""
    shipped = ROOT / "data" / "registry"
    into.mkdir(parents=True, exist_ok=True)
    for name in ("actors.csv", "ignore.csv"):
        if (shipped / name).exists():
            (into / name).write_bytes((shipped / name).read_bytes())
    outlets = pd.read_csv(shipped / "outlets.csv", dtype=str, keep_default_na=False)
    extra_path = data_dir / "cues_outlets.csv"
    if extra_path.exists():
        extra = pd.read_csv(extra_path, dtype=str, keep_default_na=False)
        known = dict(zip(outlets["outlet"], outlets.index))
        for record in extra.to_dict("records"):
            if record["outlet"] in known:
                index = known[record["outlet"]]
                aliases = [a for a in outlets.at[index, "aliases"].split(";") if a]
                aliases += [a for a in record["aliases"].split(";") if a and a not in aliases]
                outlets.at[index, "aliases"] = ";".join(aliases)
            else:
                outlets.loc[len(outlets)] = {column: record.get(column, "") for column in outlets.columns}
    outlets.to_csv(into / "outlets.csv", index=False)
    return into


def predict(rows: list[dict], registry_dir: Path) -> list[str]:
    """The role resolve gives each row's outlet ('cited-source', 'mentioned', or 'lost' when
    no outlet mention covers it), through the public ``resolve_article``."""
    from helpers.registry import load_registry
    from helpers.resolve import resolve_article

    registry = load_registry(registry_dir)
    roles = []
    for number, row in enumerate(rows):
        start = row["sentence"].index(row["outlet"])
        end = start + len(row["outlet"])
        article = {"article_id": f"c{number}", "body": row["sentence"], "language": row["language"]}
        found = [m["role"] for m in resolve_article(article, registry)
                 if m["kind"] == "outlet" and m["start"] < end and start < m["end"]]
        roles.append(found[0] if found else "lost")
    return roles


def baseline_roles(revision: str, rows: list[dict], registry_dir: Path, work: Path) -> tuple[list[str], str]:
    """Roles given by ``helpers/`` (code and rules) as of a git revision, and its short hash."""
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", revision], check=True,
                            capture_output=True, text=True).stdout.strip()
    tree = work / "baseline"
    tree.mkdir()
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "helpers"], check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    (work / "rows.json").write_text(json.dumps(rows), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "BACKCHANNEL_RULES_DIRS"}
    env["PYTHONPATH"] = str(tree)  # the revision's helpers shadow the working tree's
    result = subprocess.run([sys.executable, __file__, "--predict", str(work / "rows.json"), str(registry_dir)],
                            env=env, cwd=tree, check=True, capture_output=True, text=True)
    return json.loads(result.stdout), commit


def scores(truth: pd.Series, predicted: pd.Series) -> tuple[float, float, float]:
    """Precision, recall and F1 of 'cited-source'."""
    tp = int(((truth == "cited-source") & (predicted == "cited-source")).sum())
    fp = int(((truth != "cited-source") & (predicted == "cited-source")).sum())
    fn = int(((truth == "cited-source") & (predicted != "cited-source")).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(table: pd.DataFrame, columns: dict[str, str]) -> str:
    """One line per language and split (tune, test, all) with P/R/F1 for each prediction column."""
    header = f"{'lang':4} {'split':5} {'rows':>4} {'cited':>5}"
    for title in columns:
        header += f" | {title:^26}"
    lines = [header, " " * 21 + "".join(f" | {'P':>6} {'R':>6} {'F1':>6} {'lost':>4}" for _ in columns)]
    for language in dict.fromkeys(table["language"]):
        for split in ("tune", "test", "all"):
            part = table[(table["language"] == language) & ((table["split"] == split) | (split == "all"))]
            line = f"{language:4} {split:5} {len(part):4d} {int((part['label'] == 'cited-source').sum()):5d}"
            for column in columns.values():
                p, r, f = scores(part["label"], part[column])
                line += f" | {p:6.3f} {r:6.3f} {f:6.3f} {int((part[column] == 'lost').sum()):4d}"
            lines.append(line)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", default=str(ROOT / "bench" / "data"),
                        help="folder holding cues_<language>.csv and cues_outlets.csv")
    parser.add_argument("--baseline", default="main", help="git revision to compare with ('' skips it)")
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--errors", nargs="?", const="tune", choices=("tune", "test", "all"),
                        help="list the rows of this split (default tune) the current code gets wrong")
    parser.add_argument("--predict", nargs=2, metavar=("ROWS_JSON", "REGISTRY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.predict:  # the baseline's subprocess: roles as JSON on stdout
        rows = json.loads(Path(args.predict[0]).read_text(encoding="utf-8"))
        print(json.dumps(predict(rows, Path(args.predict[1]))))
        return

    data_dir = Path(args.data)
    table = read_sets(data_dir, tuple(args.languages))
    rows = table[["sentence", "outlet", "language"]].to_dict("records")
    columns = {}
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        registry_dir = bench_registry(data_dir, work / "registry")
        if args.baseline:
            try:
                roles, commit = baseline_roles(args.baseline, rows, registry_dir, work)
            except (OSError, subprocess.CalledProcessError) as error:  # no git, no such revision
                detail = getattr(error, "stderr", None) or error
                print(f"baseline {args.baseline!r} skipped: {str(detail).strip().splitlines()[-1]}")
            else:
                table["baseline"] = roles
                columns[f"{args.baseline} ({commit})"] = "baseline"
        table["current"] = predict(rows, registry_dir)
        columns["this tree"] = "current"
    counts = table.groupby("language", sort=False)["label"].value_counts().unstack().fillna(0).astype(int)
    print(f"labelled rows per language (cited-source / mentioned): "
          + ", ".join(f"{lang} {row['cited-source']}/{row['mentioned']}" for lang, row in counts.iterrows()))
    print("cited-source precision / recall / F1; lost = labelled outlet not found by the registry\n")
    print(report(table, columns))
    if args.errors:
        wrong = table[((table["current"] == "cited-source") != (table["label"] == "cited-source"))
                      & ((table["split"] == args.errors) | (args.errors == "all"))]
        print(f"\n{len(wrong)} rows of split {args.errors} wrong in this tree:")
        for record in wrong.to_dict("records"):
            print(f"  {record['language']} {record['split']:4} {record['label']:12} got {record['current']:12} "
                  f"[{record['outlet']}] {record['sentence']}")


if __name__ == "__main__":
    main()
