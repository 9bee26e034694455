"""Inputs of chapters 4 and 5, loaded and normalised: claims, articles, mentions, actors.

Reads ``data/annotations/claims.csv`` (the primary coding), ``data/interim/articles.csv``,
``data/interim/mentions.csv`` and ``data/registry/actors.csv`` (any of them may be missing or
lack columns: a missing table is empty, a missing column is blank), and turns the partial dates
they hold ("2023", "2023-04", "2023-04-27" with a precision) into lower/upper bounds. Writes
nothing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.claims import CLAIM_COLUMNS  # one definition of the claim store's columns
from helpers.tables import split_list

ARTICLE_COLUMNS = [
    "article_id", "source_path", "title", "body", "text", "language", "outlet", "url",
    "published", "published_precision", "published_evidence",
]
MENTION_COLUMNS = [
    "article_id", "kind", "surface", "canonical", "start", "end", "method", "score", "role",
]
ACTOR_COLUMNS = [
    "canonical", "kind", "aliases", "titles", "role", "country", "side", "wikidata", "notes",
]

#: How far a precision widens a date given only as its start (in addition to its own digits).
PRECISION_SPAN = {"day": "day", "week": "week", "month": "month", "season": "season",
                  "quarter": "season", "year": "year"}

#: Precisions saying only one bound is known (the other side of the interval is open).
OPEN_START_PRECISIONS = ("before",)
OPEN_END_PRECISIONS = ("after",)

UNKNOWN = "unknown"

_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[T ].*)?\s*$")


class InputError(ValueError):
    """An input table cannot be used (the message names the file, row and problem)."""


def read_table(path: Path | str, columns: list[str]) -> pd.DataFrame:
    """Read a CSV as text columns; a missing file gives an empty table, missing columns blanks.

    Every value is a string (empty for missing), so later code never meets NaN. Extra columns
    are kept, after the expected ones.
    """
    path = Path(path)
    if not path.exists():
        return pd.DataFrame({column: pd.Series(dtype=str) for column in columns})
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a readable UTF-8 CSV ({error})") from error
    for column in columns:
        if column not in frame.columns:
            frame[column] = ""
    extra = [column for column in frame.columns if column not in columns]
    return frame[columns + extra].fillna("")


def load_claims(annotations_dir: Path | str) -> pd.DataFrame:
    """``claims.csv`` with normalised stance/hedged/claim_type; checks ids are present and unique."""
    path = Path(annotations_dir) / "claims.csv"
    claims = read_table(path, CLAIM_COLUMNS)
    for column in ("claim_type", "stance", "hedged", "date_precision"):
        claims[column] = claims[column].str.strip().str.lower()
    claims["stance"] = claims["stance"].replace("", "asserted")
    for column in ("story_id", "article_id", "claim_id", "attributed_to"):
        claims[column] = claims[column].str.strip()
    missing = claims.index[claims["claim_id"] == ""]
    if len(missing):
        raise InputError(f"{path}: row {missing[0] + 2} has no claim_id")
    duplicated = claims["claim_id"][claims["claim_id"].duplicated()]
    if len(duplicated):
        raise InputError(f"{path}: claim_id {duplicated.iloc[0]!r} appears more than once")
    return claims.sort_values("claim_id", kind="stable").reset_index(drop=True)


def codebook_claim_types(annotations_dir: Path | str) -> list[str]:
    """Claim types listed in ``codebook.yml`` (in its order), or [] when there is no codebook
    or it lists none. Looks for a top-level key naming claim types ("claim_types",
    "claim_type", "types"), holding a list of names, of mappings with a name/id/value, or a
    mapping whose keys are the types."""
    path = Path(annotations_dir) / "codebook.yml"
    if not path.exists():
        return []
    import yaml

    try:
        codebook = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise InputError(f"{path}: not valid YAML ({error})") from error
    if not isinstance(codebook, dict):
        return []
    entry = next((codebook[key] for key in ("claim_types", "claim_type", "types")
                  if key in codebook), None)
    nested = entry.get("values", entry.get("allowed")) if isinstance(entry, dict) else None
    if isinstance(nested, (list, dict)):
        entry = nested
    names: list[str] = []
    if isinstance(entry, dict):
        names = [str(key) for key in entry]
    elif isinstance(entry, list):
        for item in entry:
            if isinstance(item, dict):
                item = next((item[k] for k in ("name", "id", "value", "type") if k in item), None)
            if item is not None:
                names.append(str(item))
    return [name.strip().lower() for name in names if str(name).strip()]


def load_articles(interim_dir: Path | str) -> pd.DataFrame:
    """``articles.csv``; ``body`` falls back to ingest's ``text``; blank outlet -> "unknown"."""
    articles = read_table(Path(interim_dir) / "articles.csv", ARTICLE_COLUMNS)
    articles["body"] = articles["body"].where(articles["body"] != "", articles["text"])
    articles["outlet"] = articles["outlet"].str.strip().replace("", UNKNOWN)
    articles["published_precision"] = (
        articles["published_precision"].str.strip().str.lower().replace("", UNKNOWN)
    )
    return articles.sort_values("article_id", kind="stable").reset_index(drop=True)


def load_mentions(interim_dir: Path | str) -> pd.DataFrame:
    """``mentions.csv`` (chapter 2), empty when absent."""
    return read_table(Path(interim_dir) / "mentions.csv", MENTION_COLUMNS)


def load_actors(registry_dir: Path | str) -> pd.DataFrame:
    """``actors.csv`` (the registry) with blank side/country/kind set to "unknown"."""
    actors = read_table(Path(registry_dir) / "actors.csv", ACTOR_COLUMNS)
    for column in ("side", "country", "kind"):
        actors[column] = actors[column].str.strip().replace("", UNKNOWN)
    return actors.drop_duplicates("canonical").sort_values("canonical").reset_index(drop=True)


@dataclass(frozen=True)
class DateBounds:
    """What is known about a date: the earliest and latest day it can be (NaT when unknown)."""

    lower: pd.Timestamp
    upper: pd.Timestamp

    @property
    def known(self) -> bool:
        return not (pd.isna(self.lower) and pd.isna(self.upper))


def _parts(value: str) -> tuple[int, int | None, int | None] | None:
    match = _PARTIAL_DATE.match(str(value or ""))
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    return year, month, day


def _span_end(year: int, month: int | None, day: int | None, span: str) -> pd.Timestamp:
    """Last day of the period of length ``span`` that starts at the given partial date."""
    start = pd.Timestamp(year=year, month=month or 1, day=day or 1)
    if span == "year":
        return pd.Timestamp(year=year, month=12, day=31)
    if span == "season":
        return start + pd.DateOffset(months=3) - pd.Timedelta(days=1)
    if span == "month":
        return pd.Timestamp(year=year, month=start.month,
                            day=calendar.monthrange(year, start.month)[1])
    if span == "week":
        return start + pd.Timedelta(days=6)
    return start


def _granularity(month: int | None, day: int | None) -> str:
    return "day" if day else "month" if month else "year"


def date_bounds(start: str, end: str = "", precision: str = "", where: str = "") -> DateBounds:
    """Bounds of a partial date or interval.

    ``start``/``end`` are ISO dates that may stop at the month or year ("2023-04"); a value
    given only to the month covers the month. Without ``end``, ``precision`` widens ``start``:
    "month"/"year" to its calendar month/year, "season" to three months and "week" to seven
    days from ``start``. "before" leaves the lower bound open (NaT) and "after" the upper one;
    other precisions ("range", "part_of_month"...) take the dates as given. Raises InputError
    (naming ``where``) for text that is not such a date; an empty value is simply unknown.
    """
    bounds = []
    for value in (start, end):
        value = str(value or "").strip()
        if not value:
            bounds.append(None)
            continue
        parts = _parts(value)
        if parts is None:
            raise InputError(f"{where}: {value!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        try:
            pd.Timestamp(year=parts[0], month=parts[1] or 1, day=parts[2] or 1)
        except ValueError as error:
            raise InputError(f"{where}: {value!r} is not a valid date ({error})") from error
        bounds.append(parts)
    start_parts, end_parts = bounds
    lower = upper = pd.NaT
    if start_parts:
        year, month, day = start_parts
        lower = pd.Timestamp(year=year, month=month or 1, day=day or 1)
        span = _granularity(month, day)
        wider = PRECISION_SPAN.get(str(precision or "").strip().lower())
        order = ["day", "week", "month", "season", "year"]
        if wider and order.index(wider) > order.index(span):
            span = wider
        # A date known only to the month or year covers that whole calendar month or year,
        # even when written with a day; seasons and weeks run from the date given.
        if span == "month":
            lower = lower.replace(day=1)
        elif span == "year":
            lower = lower.replace(month=1, day=1)
        upper = _span_end(lower.year, lower.month, lower.day, span)
    precision = str(precision or "").strip().lower()
    if precision in OPEN_END_PRECISIONS and not end_parts:
        upper = pd.NaT  # "after 2023-04-20": only the lower bound is known
    if end_parts:
        year, month, day = end_parts
        upper = _span_end(year, month, day, _granularity(month, day))
    if precision in OPEN_START_PRECISIONS:
        lower = pd.NaT  # "before 2023-07-28": only the upper bound is known
    if not pd.isna(lower) and not pd.isna(upper) and upper < lower:
        raise InputError(f"{where}: end {end!r} is before start {start!r}")
    return DateBounds(lower, upper)


def iso(value: pd.Timestamp) -> str:
    """``YYYY-MM-DD`` or "" for NaT (for CSV cells and GEXF spells)."""
    return "" if pd.isna(value) else value.strftime("%Y-%m-%d")


def article_dates(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: outlet, published bounds and whether it is dated (undated ones kept).

    Accepts a raw table too: missing columns count as blank, a blank outlet as "unknown".
    """
    articles = articles.copy()
    for column in ("article_id", "outlet", "title", "published", "published_precision"):
        if column not in articles:
            articles[column] = ""
    articles = articles.fillna("")
    articles["outlet"] = articles["outlet"].astype(str).str.strip().replace("", UNKNOWN)
    articles["published_precision"] = articles["published_precision"].astype(str).str.strip()\
        .str.lower().replace("", UNKNOWN)
    rows = []
    for article in articles.itertuples(index=False):
        bounds = date_bounds(article.published, "", article.published_precision,
                             where=f"articles.csv article {article.article_id}")
        rows.append({
            "article_id": article.article_id,
            "outlet": article.outlet,
            "title": article.title,
            "published": article.published,
            "published_precision": article.published_precision,
            "published_lower": bounds.lower,
            "published_upper": bounds.upper,
            "dated": bounds.known,
        })
    columns = ["article_id", "outlet", "title", "published", "published_precision",
               "published_lower", "published_upper", "dated"]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("published_lower", "published_upper"):
        frame[column] = pd.to_datetime(frame[column])
    return frame
