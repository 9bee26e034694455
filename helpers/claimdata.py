"""Inputs of chapters 4 and 5, loaded and normalised: claims, articles, mentions, actors.

Reads ``data/annotations/claims.csv`` (the primary coding, with ``codebook.yml``),
``data/interim/articles.csv``, ``data/interim/mentions.csv`` and ``data/registry/actors.csv``
through ``helpers.schemas`` (the one loader and validator of each file, shared with chapters 1-3:
a file chapter 3 or the resolve stage rejects is rejected here too). A missing table is empty; a
missing optional column is blank. Turns the partial dates they hold ("2023", "2023-04",
"2023-04-27" with a precision) into lower/upper bounds. Writes nothing.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import schemas
from helpers.schemas import CLAIM_COLUMNS, SchemaError  # noqa: F401  (CLAIM_COLUMNS re-exported)
from helpers.tables import split_list  # noqa: F401  (re-exported for chapters 4-5)

#: How far a precision widens a date given only as its start (in addition to its own digits).
PRECISION_SPAN = {"day": "day", "week": "week", "month": "month", "season": "season",
                  "quarter": "season", "year": "year"}

#: Precisions saying only one bound is known (the other side of the interval is open).
OPEN_START_PRECISIONS = ("before",)
OPEN_END_PRECISIONS = ("after",)

UNKNOWN = "unknown"

#: Kept for callers of the former name: an input table that cannot be used is a schema error.
InputError = SchemaError


def _codebook(annotations_dir: Path | str) -> dict | None:
    path = Path(annotations_dir) / "codebook.yml"
    return schemas.load_codebook(path) if path.exists() else None


def load_claims(annotations_dir: Path | str) -> pd.DataFrame:
    """``claims.csv``, validated row by row as chapter 3 validates it (``codebook.yml`` too
    when present), sorted by claim id; empty when the file is absent."""
    path = Path(annotations_dir) / "claims.csv"
    claims = schemas.load_claims_table(path, _codebook(annotations_dir), missing_ok=True)
    for column in ("claim_type", "stance", "hedged", "date_precision"):
        claims[column] = claims[column].str.strip().str.lower()
    for column in ("story_id", "article_id", "claim_id", "attributed_to"):
        claims[column] = claims[column].str.strip()
    return claims.sort_values("claim_id", kind="stable").reset_index(drop=True)


def codebook_claim_types(annotations_dir: Path | str) -> list[str]:
    """Claim types of ``codebook.yml`` in its order, or [] when there is no codebook."""
    codebook = _codebook(annotations_dir)
    return [str(name).strip().lower() for name in codebook["claim_types"]] if codebook else []


def load_articles(interim_dir: Path | str) -> pd.DataFrame:
    """``articles.csv`` (empty when absent); blank outlet and precision -> "unknown". Offsets
    and text reuse use ``body``: a table without that column is refused (no fallback)."""
    articles = schemas.read_table(Path(interim_dir) / "articles.csv", schemas.ARTICLES,
                                  missing_ok=True)
    articles["outlet"] = articles["outlet"].str.strip().replace("", UNKNOWN)
    articles["published_precision"] = (
        articles["published_precision"].str.strip().str.lower().replace("", UNKNOWN)
    )
    return articles.sort_values("article_id", kind="stable").reset_index(drop=True)


def load_mentions(interim_dir: Path | str) -> pd.DataFrame:
    """``mentions.csv`` (chapter 2), empty when absent."""
    return schemas.read_table(Path(interim_dir) / "mentions.csv", schemas.MENTIONS, missing_ok=True)


def load_actors(registry_dir: Path | str) -> pd.DataFrame:
    """``actors.csv`` (the registry, validated as chapter 2 validates it) with blank
    side/country/kind set to "unknown"; empty when absent."""
    actors = schemas.load_actors_table(Path(registry_dir) / "actors.csv", missing_ok=True)
    for column in ("side", "country", "kind"):
        actors[column] = actors[column].str.strip().replace("", UNKNOWN)
    return actors.sort_values("canonical").reset_index(drop=True)


@dataclass(frozen=True)
class DateBounds:
    """What is known about a date: the earliest and latest day it can be (NaT when unknown)."""

    lower: pd.Timestamp
    upper: pd.Timestamp

    @property
    def known(self) -> bool:
        return not (pd.isna(self.lower) and pd.isna(self.upper))


def _parts(value: str) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a strict ISO date (``helpers.schemas.parse_iso_date``)."""
    return schemas.parse_iso_date(value)


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
        try:
            bounds.append(_parts(value))
        except ValueError as error:
            raise InputError(f"{where}: {error}") from None
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
