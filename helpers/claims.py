"""Chapter 3 (claims): hand-coded claims: who met, called, proposed, refused, denied, confirmed.

Reads the codebook (``data/annotations/codebook.yml``), the articles table (``articles.csv``:
offsets always point into its ``body`` column), the actors and outlets registry
(``data/registry/actors.csv``, ``outlets.csv``) and one claim store per coder (``data/annotations/claims.csv`` and e.g. ``agreement/claims_B.csv``). Writes only the
claim stores, always validated and always atomically (temporary file, then ``os.replace``), so an
interrupted save leaves the previous file intact and no existing row is ever dropped.

Every file is read and validated through ``helpers.schemas`` (one loader and one validator per
file, shared with the other chapters); this module adds the checks that need several files (the
quote at its offsets in the article body, actors in the registry). Everything here works on plain data (dicts, DataFrames, strings) so that the tagging widget
(``helpers.tagging``), the notebook and the command line share one validated path. Saving
(locked, atomic, with a history) lives in ``helpers.claimstore``; agreement between coders and
adjudication in ``helpers.agreement``.
"""

from __future__ import annotations

import argparse
import calendar
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import schemas
from helpers.schemas import (  # noqa: F401  (the claim store's columns, codebook loader and row checks)
    CLAIM_COLUMNS,
    CLAIM_ID_PATTERN,
    ClaimProblem,
    SchemaError,
    check_claim_cells,
    duplicate_claim_ids,
    load_codebook,
    parse_offset,
)
from helpers.tables import split_list, write_csv_atomic

#: Columns holding several values separated by ``;``.
LIST_FIELDS = ("actors", "target_actors", "attributed_to")


#: Kept for callers of the former name: a claim store (or the codebook) that cannot be read at
#: all (missing file, wrong columns, damaged CSV) is a schema error.
ClaimStoreError = SchemaError


class ClaimValidationError(ValueError):
    """Claims failed validation; ``problems`` lists every bad row (nothing was written)."""

    def __init__(self, problems: list["ClaimProblem"]):
        self.problems = problems
        lines = [str(problem) for problem in problems[:20]]
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{len(problems)} claim problem(s):\n" + "\n".join(lines) + more)


# --------------------------------------------------------------------------------------------
# Codebook, registry and articles
# --------------------------------------------------------------------------------------------


def claim_types(codebook: Mapping) -> list[str]:
    """Claim type names, in codebook order."""
    return list(codebook["claim_types"])


def join_list(values: Iterable[str]) -> str:
    """``["A", "B"]`` -> ``"A; B"`` (order kept, duplicates dropped)."""
    return "; ".join(dict.fromkeys(value.strip() for value in values if value and value.strip()))


@dataclass
class ActorRegistry:
    """Canonical actor names plus an alias -> canonical map used for suggestions."""

    canonical: list[str]
    aliases: dict[str, str]

    def __contains__(self, name: str) -> bool:
        return name in self._canonical_set

    def __post_init__(self) -> None:
        self._canonical_set = set(self.canonical)

    def suggest(self, name: str) -> str | None:
        """The canonical name closest to ``name`` (via an alias or fuzzy match), or None."""
        from rapidfuzz import fuzz, process, utils

        if name in self.aliases:
            return self.aliases[name]
        lookup = {**{c: c for c in self.canonical}, **self.aliases}
        best = process.extractOne(
            name, list(lookup), scorer=fuzz.WRatio, processor=utils.default_process
        )
        if best is None or best[1] < 60:
            return None
        return lookup[best[0]]


def registry_from_names(names: Iterable[str], aliases: Mapping[str, str] | None = None) -> ActorRegistry:
    """A registry from plain names (tests, small corpora)."""
    return ActorRegistry(sorted(set(names)), dict(aliases or {}))


def load_registry(registry: Path | str | ActorRegistry) -> ActorRegistry:
    """Read ``actors.csv`` (a file, or a folder holding it) through ``helpers.schemas`` (validated
    as chapter 2 validates it): canonical names and their ``;``-separated aliases."""
    if isinstance(registry, ActorRegistry):
        return registry
    path = Path(registry)
    if path.is_dir() or path.suffix != ".csv":
        path = path / "actors.csv"
    if not path.exists():
        raise SchemaError(
            f"actors registry {path} does not exist (chapter 2 writes it); "
            "claims cannot be checked without it"
        )
    table = schemas.load_actors_table(path)
    aliases: dict[str, str] = {}
    for canonical, alias_text in zip(table["canonical"], table["aliases"]):
        for alias in split_list(alias_text):
            aliases.setdefault(alias, canonical)
    return registry_from_names(table["canonical"], aliases)


def load_outlet_names(registry_dir: Path | str) -> list[str]:
    """Canonical outlet names from ``outlets.csv`` (validated as chapter 1 validates it), or an
    empty list when the registry has no outlets file."""
    path = Path(registry_dir) / "outlets.csv"
    if not path.exists():
        return []
    return sorted(set(schemas.load_outlets_table(path)["outlet"]) - {""})


def body_column(articles: pd.DataFrame) -> str:
    """``body``: offsets always point into the cleaned article body. A table without it (an old
    ``articles.csv``) is refused rather than silently matched against another text."""
    if "body" in articles.columns:
        return "body"
    raise SchemaError("articles table has no 'body' column: run chapter 1 (ingest) again; "
                      "claim offsets point into body")


def load_articles(path: Path | str) -> pd.DataFrame:
    """Read ``articles.csv`` (a file, or the folder holding it) with every column as text."""
    path = Path(path)
    if path.is_dir():
        path = path / "articles.csv"
    if not path.exists():
        raise SchemaError(f"articles table {path} does not exist (run chapter 1 first)")
    return schemas.read_table(path, schemas.ARTICLES)


def article_bodies(articles: pd.DataFrame | Mapping[str, str]) -> dict[str, str]:
    """``article_id -> body`` (normalised like the ingest stage: LF line ends, NFC)."""
    if isinstance(articles, Mapping):
        return {key: normalise_text(value) for key, value in articles.items()}
    column = body_column(articles)
    return {
        article_id: normalise_text(text)
        for article_id, text in zip(articles["article_id"], articles[column])
    }


# --------------------------------------------------------------------------------------------
# Quotes and offsets
# --------------------------------------------------------------------------------------------


def normalise_text(text: str) -> str:
    """The normal form offsets are counted in: LF line ends, Unicode NFC, no BOM.

    Offsets are Python string indices (code points) into this form, so a quote pasted with
    decomposed accents or Windows line ends still matches the stored body.
    """
    text = str(text).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def normalise_quote(quote: str) -> str:
    """A pasted quote in the body's normal form, outer whitespace removed."""
    return normalise_text(quote).strip()


def find_quote(body: str, quote: str) -> list[int]:
    """Every start offset where ``quote`` occurs verbatim in ``body`` (overlaps included)."""
    quote = normalise_quote(quote)
    if not quote:
        return []
    starts, position = [], body.find(quote)
    while position != -1:
        starts.append(position)
        position = body.find(quote, position + 1)
    return starts


def locate_quote(body: str, quote: str, near: int | None = None) -> tuple[int, int]:
    """``(start, end)`` of ``quote`` in ``body``; with several occurrences the one nearest
    ``near`` (else the first). Raises ValueError with the closest passage when absent."""
    quote = normalise_quote(quote)
    starts = find_quote(body, quote)
    if not starts:
        hint = closest_passage(body, quote)
        raise ValueError(
            "quote does not occur in the article body"
            + (f"; closest passage: {hint!r}" if hint else "")
        )
    start = min(starts, key=lambda s: abs(s - near)) if near is not None else starts[0]
    return start, start + len(quote)


def closest_passage(body: str, quote: str, min_score: float = 70.0) -> str | None:
    """The body passage most similar to ``quote`` (typos, straight vs curly quotes), or None."""
    from rapidfuzz import fuzz

    if not quote or not body:
        return None
    alignment = fuzz.partial_ratio_alignment(quote, body)
    if alignment is None or alignment.score < min_score:
        return None
    return body[alignment.dest_start : alignment.dest_end]


def sentence_at(body: str, start: int, end: int) -> str:
    """The paragraph line around ``[start, end)`` (context for tables and the widget)."""
    left = body.rfind("\n", 0, start) + 1
    right = body.find("\n", end)
    return body[left : right if right != -1 else len(body)]


def relocation_report(claims: pd.DataFrame, articles: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Per claim: where its quote now is. ``status`` is ``ok`` (offsets still right), ``moved``
    (found exactly once elsewhere: new offsets given), ``ambiguous`` (several places),
    ``missing`` (not in the body) or ``unknown article``."""
    bodies = article_bodies(articles)
    rows = []
    for claim in claims.to_dict("records"):
        body = bodies.get(claim["article_id"])
        start, end = _as_int(claim.get("start")), _as_int(claim.get("end"))
        record = {"claim_id": claim["claim_id"], "article_id": claim["article_id"],
                  "old_start": start, "old_end": end, "new_start": start, "new_end": end}
        if body is None:
            record["status"] = "unknown article"
        elif start is not None and end is not None and body[start:end] == normalise_quote(claim["quote"]):
            record["status"] = "ok"
        else:
            starts = find_quote(body, claim["quote"])
            if len(starts) == 1:
                record.update(status="moved", new_start=starts[0],
                              new_end=starts[0] + len(normalise_quote(claim["quote"])))
            else:
                record["status"] = "ambiguous" if starts else "missing"
        rows.append(record)
    columns = ["claim_id", "article_id", "status", "old_start", "old_end", "new_start", "new_end"]
    return pd.DataFrame(rows, columns=columns)


def relocate_offsets(claims: pd.DataFrame, articles: pd.DataFrame | Mapping[str, str]) -> pd.DataFrame:
    """Claims with ``start``/``end`` recomputed where the quote occurs exactly once in the body
    (after the body column changed). Ambiguous or missing quotes keep their old offsets and
    are reported with ``warnings.warn``; see ``relocation_report`` for the full table."""
    report = relocation_report(claims, articles).set_index("claim_id")
    relocated = claims.copy()
    moved = report[report["status"] == "moved"]
    for index, claim_id in relocated["claim_id"].items():
        if claim_id in moved.index:
            relocated.at[index, "start"] = str(int(moved.at[claim_id, "new_start"]))
            relocated.at[index, "end"] = str(int(moved.at[claim_id, "new_end"]))
    stuck = report[report["status"].isin(["ambiguous", "missing", "unknown article"])]
    for claim_id, status in stuck["status"].items():
        warnings.warn(f"claim {claim_id}: quote {status}, offsets not changed", stacklevel=2)
    return relocated


# --------------------------------------------------------------------------------------------
# Dates
# --------------------------------------------------------------------------------------------

# Qualifiers narrowing a month or a year to a part of it, in French, English and German.
_PART_WORDS = {
    "early": r"d[ée]but|early|beginning of|the beginning of|start of|anfang|fr[üu]h",
    "mid": r"mid-|mid|mi-|middle of|the middle of|mitte",
    "late": r"fin|fin de|end of|the end of|late|ende|sp[äa]t",
}
_PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_PART_OF_YEAR = {"early": (1, 3), "mid": (5, 8), "late": (10, 12)}
_QUALIFIER = re.compile(
    r"^\s*(?:(?:au|à la|a la|en|in|im|zu)\s+)?(?P<part>"
    + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _PART_WORDS.items())
    + r")(?:(?<=-)|\b)\s*(?:du mois d'|du mois de|d'|de|des|of|des jahres)?\s*(?P<rest>.+)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Period:
    """A date interval with the precision the text gave."""

    start: date
    end: date
    precision: str  # day, week, month, part_of_month, year, part_of_year

    def as_row(self) -> dict[str, str]:
        """The three claim-store fields."""
        return {"event_start": self.start.isoformat(), "event_end": self.end.isoformat(),
                "date_precision": self.precision}


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def parse_period(
    text: str, languages: list[str] | None = None, reference: date | None = None
) -> Period | None:
    """A written period -> an interval: "April 2023"/"avril 2023" -> 2023-04-01..2023-04-30;
    "fin 2023"/"Ende 2023"/"late 2023" -> 2023-10-01..2023-12-31; "2023" -> the year;
    "fin avril 2023" -> 2023-04-21..2023-04-30; "12 avril 2023" -> that day. Relative phrases
    ("janvier", "lundi") are resolved against ``reference`` (the publication date) and need it.
    Returns None when nothing parses. Uses dateparser, plus rules for the part-of qualifiers."""
    from dateparser.date import DateDataParser

    text = " ".join(str(text).split()).strip(" .,")
    if not text:
        return None
    part = None
    match = _QUALIFIER.match(text)
    if match:
        part = next(name for name in _PART_WORDS if match.group(name))
        text = match.group("rest")
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        if part:
            first, last = _PART_OF_YEAR[part]
            return Period(date(year, first, 1), date(year, last, _month_end(year, last)), "part_of_year")
        return Period(date(year, 1, 1), date(year, 12, 31), "year")
    settings = {"PREFER_DAY_OF_MONTH": "first", "PREFER_DATES_FROM": "past",
                "RETURN_TIME_AS_PERIOD": False}
    if reference is not None:
        settings["RELATIVE_BASE"] = datetime(reference.year, reference.month, reference.day)
    elif not re.search(r"\d{4}", text):
        return None  # a relative date without a publication date to resolve it against
    parser = DateDataParser(languages=languages or ["fr", "en", "de"], settings=settings)
    data = parser.get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    if data.period == "year":
        if part:
            first, last = _PART_OF_YEAR[part]
            return Period(date(day.year, first, 1), date(day.year, last, _month_end(day.year, last)),
                          "part_of_year")
        return Period(date(day.year, 1, 1), date(day.year, 12, 31), "year")
    if data.period == "month":
        last_day = _month_end(day.year, day.month)
        if part:
            first, last = _PART_OF_MONTH[part]
            return Period(date(day.year, day.month, first), date(day.year, day.month, min(last, last_day)),
                          "part_of_month")
        return Period(date(day.year, day.month, 1), date(day.year, day.month, last_day), "month")
    if data.period == "week":
        monday = day.toordinal() - day.weekday()
        return Period(date.fromordinal(monday), date.fromordinal(monday + 6), "week")
    return Period(day, day, "day")


def parse_iso_date(value: str) -> date:
    """``YYYY-MM-DD`` -> date, strictly (not ``20230101`` nor ``2023-W05``); ValueError
    saying what is wrong."""
    year, month, day = schemas.parse_iso_date(value, ("day",))
    return date(year, month, day)


# --------------------------------------------------------------------------------------------
# Reading, validating and saving the claim store
# --------------------------------------------------------------------------------------------


def empty_claims() -> pd.DataFrame:
    """A claim store with no rows."""
    return pd.DataFrame(columns=CLAIM_COLUMNS, dtype=str)


def read_claims(path: Path | str, missing_ok: bool = False) -> pd.DataFrame:
    """Read a claim store, every cell as text (nothing guessed as a number or NaN), through
    ``helpers.schemas.read_table``: SchemaError when the columns are not exactly
    ``CLAIM_COLUMNS`` or the file is damaged (an unbalanced quote swallowing rows, a ``;``-
    separated or cp1252 export), naming the lines, before anything can rewrite it."""
    path = Path(path)
    if not path.exists() and not missing_ok:
        raise SchemaError(f"claim store {path} does not exist")
    return schemas.read_table(path, schemas.CLAIMS, missing_ok=missing_ok)


def read_coder_files(paths: Iterable[Path | str]) -> pd.DataFrame:
    """Several coders' stores (one file per coder) as one table; the ``coder`` column tells
    them apart."""
    frames = [read_claims(path) for path in paths]
    return pd.concat(frames, ignore_index=True) if frames else empty_claims()


def _as_int(value: object) -> int | None:
    return parse_offset(value)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def validate_claim(
    claim: Mapping[str, object],
    bodies: Mapping[str, str],
    registry: ActorRegistry,
    codebook: Mapping,
    row: int = 2,
    outlet_names: Iterable[str] = (),
) -> list[ClaimProblem]:
    """Every problem with one claim (an empty list when it is valid).

    The claim's own cells are checked by ``helpers.schemas.check_claim_cells`` (ids, offsets,
    codebook values, strict ISO dates, precision), as every chapter checks them; here also the
    quote at its offsets in the article body, actors against the registry (with the nearest
    name suggested) and attribution against outlets, actors and the codebook's labels.
    """
    problems = check_claim_cells(claim, codebook, row)
    if any(problem.message == "column is missing" for problem in problems):
        return problems
    claim_id = str(claim.get("claim_id", "") or "").strip()

    def problem(field: str, message: str) -> None:
        problems.append(ClaimProblem(row, claim_id, field, message))

    # The quote must sit at its offsets in the current body (re-checked on every run).
    article_id = str(claim["article_id"]).strip()
    quote = normalise_quote(str(claim["quote"]))
    body = bodies.get(article_id)
    start, end = _as_int(claim["start"]), _as_int(claim["end"])
    if body is None:
        problem("article_id", f"{article_id!r} is not in the articles table")
    elif quote and "\n" not in quote and start is not None and end is not None \
            and body[start:end] != quote:
        starts = find_quote(body, quote)
        if len(starts) == 1:
            problem("quote", f"not at offsets {start}-{end} but at {starts[0]}-{starts[0] + len(quote)}"
                    " (article body changed?): run relocate_offsets / "
                    "`python -m helpers claims relocate`")
        elif starts:
            problem("quote", f"not at offsets {start}-{end}; occurs {len(starts)} times, at "
                    f"{', '.join(map(str, starts))}: fix start/end by hand")
        else:
            hint = closest_passage(body, quote)
            problem("quote", "does not occur verbatim in the article body"
                    + (f"; closest passage: {hint!r}" if hint else ""))

    for field in ("actors", "target_actors"):
        for name in split_list(claim[field]):
            if name not in registry:
                near = registry.suggest(name)
                problem(field, f"{name!r} is not in the actors registry"
                        + (f" (nearest: {near!r})" if near else "; add it to data/registry/actors.csv"))
    outlets = set(outlet_names)
    if outlets:
        allowed = outlets | set(codebook["attribution_labels"])
        for name in split_list(claim["attributed_to"]):
            if name not in allowed and name not in registry:
                problem("attributed_to", f"{name!r} is neither an outlet, an actor nor an "
                        f"attribution label ({', '.join(codebook['attribution_labels'])})")
    return problems


def validate_claims(
    claims: pd.DataFrame,
    articles: pd.DataFrame | Mapping[str, str],
    registry: ActorRegistry | Path | str,
    codebook: Mapping,
    outlet_names: Iterable[str] = (),
) -> list[ClaimProblem]:
    """Every problem in a claim store, row by row (plus duplicate claim ids). Never drops rows."""
    bodies = article_bodies(articles)
    registry = load_registry(registry)
    outlet_names = list(outlet_names)
    problems: list[ClaimProblem] = []
    for position, claim in enumerate(claims.to_dict("records")):
        problems += validate_claim(claim, bodies, registry, codebook, position + 2, outlet_names)
    return sorted(problems + duplicate_claim_ids(claims), key=lambda problem: problem.row)


def problems_table(problems: Iterable[ClaimProblem]) -> pd.DataFrame:
    """Problems as a table (row, claim_id, field, message)."""
    return pd.DataFrame([vars(p) for p in problems], columns=["row", "claim_id", "field", "message"])


# --------------------------------------------------------------------------------------------
# Command line (registered by helpers.cli through add_claims_command)
# --------------------------------------------------------------------------------------------


def _command_validate(args: argparse.Namespace) -> int:
    codebook = load_codebook(args.codebook)
    articles = load_articles(args.articles)
    outlet_names = load_outlet_names(args.registry)
    stores = {path: read_claims(path) for path in args.claims}  # a damaged file stops here
    problems = []
    for path, claims in stores.items():
        problems += [(path, p) for p in validate_claims(claims, articles, args.registry,
                                                        codebook, outlet_names)]
    for path, problem in problems:
        print(f"{path}: {problem}")
    print(f"{len(problems)} problem(s) in {len(args.claims)} file(s)")
    return 1 if problems else 0


def _command_relocate(args: argparse.Namespace) -> int:
    from helpers.claimstore import replace_store, store_lock

    articles = load_articles(args.articles)
    # Every store is read (and its structure checked) before any is rewritten: a file damaged
    # by hand (an unbalanced quote swallowing rows) is refused, never rewritten without them.
    for path in args.claims:
        read_claims(path)
    for path in args.claims:
        with store_lock(path):  # re-read and rewrite while no one else saves into this store
            claims = read_claims(path)
            report = relocation_report(claims, articles)
            counts = report["status"].value_counts().to_dict()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                relocated = relocate_offsets(claims, articles)
            replace_store(path, claims, relocated, changed_by="claims relocate")  # moves logged in the history
        for record in report[~report["status"].isin(["ok", "moved"])].to_dict("records"):
            print(f"{path}: {record['claim_id']}: quote {record['status']}, fix by hand")
        print(f"{path}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
    return 0


def _command_agreement(args: argparse.Namespace) -> int:
    from helpers import agreement

    stores = [read_claims(path) for path in args.claims]
    coders = agreement.split_coders(*stores)
    fields = [f.strip() for f in args.fields.split(",") if f.strip()] if args.fields else agreement.AGREEMENT_FIELDS
    table = agreement.agreement_table(*stores, fields=fields)
    units = agreement.match_units(coders)
    print(f"{len(coders)} coders ({', '.join(coders)}), {len(units)} units "
          f"({int((units[list(coders)] != '').all(axis=1).sum())} coded by all)")
    print(table.to_string(index=False))
    print("\nsegmentation (units both coded, quote overlap, characters both quoted):")
    print(agreement.span_agreement(*stores).to_string(index=False))
    if args.out:
        write_csv_atomic(table, args.out)
        print(f"wrote {args.out}")
    return 0


def _command_adjudicate(args: argparse.Namespace) -> int:
    from helpers import agreement
    from helpers.claimstore import write_claims_atomic

    manual = pd.read_csv(args.manual, dtype=str, keep_default_na=False) if args.manual else None
    gold, decisions = agreement.adjudicate(*[read_claims(path) for path in args.claims],
                                           default_coder=args.default_coder, manual=manual)
    if Path(args.gold).exists():
        raise ValueError(f"{args.gold} exists: the gold store is never overwritten, give a new file")
    write_claims_atomic(gold, args.gold)
    write_csv_atomic(decisions, args.decisions)
    rules = decisions["rule"].value_counts().to_dict()
    print(f"{len(gold)} gold claims from {decisions['unit'].nunique()} units -> {args.gold}; "
          f"{len(decisions)} decisions -> {args.decisions} ("
          + ", ".join(f"{n} {rule}" for rule, n in sorted(rules.items())) + ")")
    return 0


def add_claims_command(subparsers: argparse._SubParsersAction) -> None:
    """Register ``claims validate|relocate|agreement|adjudicate`` on the ``python -m helpers``
    parser."""
    claims = subparsers.add_parser("claims", help="check hand-coded claim stores")
    actions = claims.add_subparsers(dest="claims_command", required=True)
    for name, run, text in (
        ("validate", _command_validate, "report every bad row (exit status 1 when any)"),
        ("relocate", _command_relocate, "recompute start/end after the article body changed"),
    ):
        action = actions.add_parser(name, help=text)
        action.add_argument("claims", nargs="+", help="claim store CSV file(s)")
        action.add_argument("--articles", default="data/interim/articles.csv")
        if name == "validate":
            action.add_argument("--registry", default="data/registry")
            action.add_argument("--codebook", default="data/annotations/codebook.yml")
        action.set_defaults(run=run)
    action = actions.add_parser("agreement", help="Krippendorff's alpha per field for two or more coders")
    action.add_argument("claims", nargs="+", help="claim stores, one per coder (or stacked, split by coder)")
    action.add_argument("--out", help="also write the table to this CSV")
    action.add_argument("--fields", help="comma-separated fields (default: helpers.agreement.AGREEMENT_FIELDS)")
    action.set_defaults(run=_command_agreement)
    action = actions.add_parser("adjudicate", help="merge coders into a gold store, every decision recorded")
    action.add_argument("claims", nargs="+", help="claim stores, one per coder (or stacked, split by coder)")
    action.add_argument("--gold", required=True, help="gold claim store to write (must not exist)")
    action.add_argument("--decisions", required=True, help="decisions CSV to write")
    action.add_argument("--default-coder", help="coder whose value wins a tie (default: the first)")
    action.add_argument("--manual", help="CSV of manual decisions (unit, field, chosen)")
    action.set_defaults(run=_command_adjudicate)


#: Functions moved to helpers.claimstore and helpers.agreement, still importable from here
#: (helpers.pipeline, helpers.exercises and older notebooks use these names).
_MOVED = {
    **dict.fromkeys(["add_claim", "save_claims", "write_claims_atomic", "next_claim_id", "complete_claim",
                     "sort_claims", "edit_claim", "delete_claim"], "helpers.claimstore"),
    **dict.fromkeys(["match_claims", "comparable_value", "krippendorff_alpha", "agreement_table",
                     "disagreement_table", "AGREEMENT_FIELDS"], "helpers.agreement"),
}


def __getattr__(name: str):
    """Resolve the moved names lazily (the two modules import this one, so not at load time)."""
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(_MOVED[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# --------------------------------------------------------------------------------------------
# Presenting the codebook
# --------------------------------------------------------------------------------------------


def codebook_markdown(codebook: Mapping) -> str:
    """The codebook as Markdown (claim types with definitions and corpus examples, fields,
    stances, date precisions, attribution labels, coding rules) for the notebook."""
    lines = ["### Claim types", "", "| type | definition | example from the corpus |", "|---|---|---|"]
    for name, rule in codebook["claim_types"].items():
        rule = rule or {}
        forced = f" *(stance always {rule['stance']})*" if rule.get("stance") else ""
        lines.append(f"| **{name}** | {rule.get('definition', '')}{forced} | «{rule.get('example', '')}» |")
    lines += ["", "### Fields", "", "| field | meaning |", "|---|---|"]
    lines += [f"| `{field}` | {meaning} |" for field, meaning in codebook["fields"].items()]
    lines += ["", "### Stances", ""]
    definitions = codebook.get("stance_definitions", {})
    lines += [f"- **{stance}**: {definitions.get(stance, '')}" for stance in codebook["stances"]]
    lines += ["", "### Date precisions", ""]
    definitions = codebook.get("date_precision_definitions", {})
    lines += [f"- **{name}**: {definitions.get(name, '')}" for name in codebook["date_precisions"]]
    lines += ["", "### Attribution labels (when the source is not an outlet or a named actor)", ""]
    lines += [f"- `{label}`" for label in codebook["attribution_labels"]]
    lines += ["", "### Coding rules for hard cases", ""]
    lines += [f"{number}. {rule}" for number, rule in enumerate(codebook.get("coding_rules", []), 1)]
    return "\n".join(lines)


def add_group_column(table: pd.DataFrame, articles: pd.DataFrame, group_column: str | None = None) -> pd.DataFrame:
    """``table`` (claims, or any table with ``article_id``) plus a ``group`` column: the
    article's outlet when the articles table has one (chapter 2), else its file name."""
    if group_column is None:
        group_column = "outlet" if "outlet" in articles.columns else "source_path"
    groups = dict(zip(articles["article_id"], articles[group_column].astype(str)))
    return table.assign(group=table["article_id"].map(groups).fillna(""))
