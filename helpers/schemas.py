"""The data contract: every table the project reads or writes, its columns, its one loader and
its one validator.

Files, by the chapter that writes them and the chapters that read them:

- ``articles.csv``, ``problems.csv``: written by ingest (chapter 1); articles read by resolve
  (chapter 2), claims (chapter 3), networks and timeline (chapters 4 and 5);
- ``mentions.csv``, ``review.csv``: written by resolve (chapter 2); ``review.csv`` is filled in
  by hand and read back by ``resolve --apply-review``; mentions read by chapter 4;
- ``outlets.csv``, ``actors.csv``, ``ignore.csv``: the registry, edited by hand; outlets read by
  chapters 1-4, actors by chapters 2-4, ignore by chapter 2;
- ``claims.csv`` (and each coder's store): hand-coded claims, read by chapters 3-5;
- ``codebook.yml``: claim types, stances, date precisions, attribution labels (chapters 3-5).

``read_table(path, schema)`` is the one way a CSV is read: UTF-8 (a BOM is accepted), comma-
separated, every cell as text (never NaN). Before anything is used it checks the file's
structure, so a hand-edited file that a spreadsheet or an editor damaged is refused with the
file and line named: an Excel export separated by ``;`` or saved as cp1252, a record with more or
fewer fields than the header, or a cell holding line breaks where the column has none (one
unbalanced quote swallows the following rows into one cell). ``check_outlets``,
``check_actors``, ``check_ignore`` and ``check_claim_cells`` are the validators of the hand-made
files; every stage calls them through ``load_outlets_table``, ``load_actors_table``... so one
edited file gets one verdict everywhere. ``parse_iso_date`` is the one strict ISO date reader.
Writes nothing (``helpers.tables.neutralise_formulas`` prepares a table for a spreadsheet).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.tables import split_list


class SchemaError(ValueError):
    """A data file cannot be used; the one-line message names the file, the row or line and
    what is wrong (and, for spreadsheet exports, how to save the file instead)."""


@dataclass(frozen=True)
class Schema:
    """What one table holds.

    ``columns`` are the known columns in file order with their type (``text``, ``integer``,
    ``list`` (``;``-separated), ``yes/no``, ``date`` (ISO), ``json``, ``number``); ``required``
    must be in the header (the others are filled with blanks when absent); ``exact`` tables
    must have exactly ``columns``. ``multiline`` columns may hold line breaks; in a hand-edited
    table a line break in any other column means a damaged file. ``strip`` removes outer white
    space from every cell (hand-typed registry cells).
    """

    name: str
    columns: Mapping[str, str]
    required: tuple[str, ...] = ()
    exact: bool = False
    hand_edited: bool = False
    multiline: tuple[str, ...] = ()
    strip: bool = False

    @property
    def column_names(self) -> list[str]:
        return list(self.columns)


ARTICLES = Schema(
    "articles.csv",
    {
        "article_id": "text", "source_path": "text", "sha256": "text", "encoding": "text",
        "n_bytes": "integer", "n_chars": "integer", "n_lines": "integer", "text_sha256": "text",
        "duplicate_of": "text", "warnings": "text", "text": "text", "title": "text",
        "title_span": "json", "body": "text", "body_spans": "json", "n_body_paragraphs": "integer",
        "n_body_chars": "integer", "comments": "text", "comments_spans": "json",
        "n_comments": "integer", "n_comments_source": "text", "n_boilerplate_lines": "integer",
        "boilerplate": "text", "language": "text", "outlet": "text", "outlet_evidence": "text",
        "outlet_domain": "text", "outlet_unregistered": "text",
        "url": "text", "published": "date", "published_precision": "text",
        "published_evidence": "text", "published_note": "text", "published_not_before": "date",
        "published_not_after": "date", "published_bounds_evidence": "text",
        "body_truncated": "text", "undetermined": "text",
    },
    # Offsets of mentions and claims point into ``body``: without it nothing downstream works.
    required=("article_id", "body"),
    multiline=("text", "body", "comments", "boilerplate", "title", "outlet_evidence",
               "published_evidence", "warnings"),
)
PROBLEMS = Schema(
    "problems.csv",
    {"source_path": "text", "status": "text", "reason": "text", "n_bytes": "integer",
     "sha256": "text"},
    required=("source_path", "status", "reason"),
    multiline=("reason",),
)
MENTIONS = Schema(
    "mentions.csv",
    {"article_id": "text", "kind": "text", "surface": "text", "canonical": "text",
     "start": "integer", "end": "integer", "method": "text", "score": "number", "role": "text"},
    required=("article_id", "kind", "surface", "canonical", "start", "end"),
    multiline=("surface",),
)
REVIEW = Schema(
    "review.csv",
    {"kind": "text", "surface": "text", "method": "text", "candidate": "text", "score": "number",
     "reason": "text", "n_mentions": "integer", "n_articles": "integer",
     "example_article_id": "text", "example_sentence": "text", "decision": "text"},
    required=("surface", "kind", "candidate", "decision"),
    hand_edited=True,
    multiline=("surface", "example_sentence", "reason"),
)
OUTLETS = Schema(
    "outlets.csv",
    {"outlet": "text", "aliases": "list", "domains": "list", "country": "text",
     "state_affiliated": "yes/no", "notes": "text",
     # Optional (older registries lack them): ownership class, where the row's facts come from
     # (a URL or a Wikidata QID) and the date they were known to hold.
     "affiliation": "text", "source": "text", "known_as_of": "date"},
    required=("outlet", "aliases", "domains", "country", "state_affiliated", "notes"),
    hand_edited=True,
    multiline=("notes",),
    strip=True,
)
ACTORS = Schema(
    "actors.csv",
    {"canonical": "text", "kind": "text", "aliases": "list", "titles": "list",
     "title_from": "date", "title_to": "date", "role": "text", "country": "text", "side": "text",
     "wikidata": "text", "notes": "text"},
    required=("canonical", "kind", "aliases"),
    hand_edited=True,
    multiline=("notes",),
    strip=True,
)
IGNORE = Schema(
    "ignore.csv",
    {"surface": "text", "kind": "text", "notes": "text"},
    required=("surface",),
    hand_edited=True,
    multiline=("notes",),
    strip=True,
)
CLAIMS = Schema(
    "claims.csv",
    {"claim_id": "text", "article_id": "text", "coder": "text", "story_id": "text",
     "quote": "text", "start": "integer", "end": "integer", "claim_type": "text",
     "actors": "list", "target_actors": "list", "place": "text", "event_start": "date",
     "event_end": "date", "date_precision": "text", "attributed_to": "list", "hedged": "yes/no",
     "stance": "text", "notes": "text"},
    exact=True,
    hand_edited=True,
    multiline=("notes",),
)
SCHEMAS = {schema.name: schema for schema in (ARTICLES, PROBLEMS, MENTIONS, REVIEW, OUTLETS,
                                               ACTORS, IGNORE, CLAIMS)}

CLAIM_COLUMNS = CLAIMS.column_names
MENTION_COLUMNS = MENTIONS.column_names
REVIEW_COLUMNS = REVIEW.column_names
OUTLET_COLUMNS = OUTLETS.column_names
ACTOR_COLUMNS = ACTORS.column_names
IGNORE_COLUMNS = IGNORE.column_names

# --------------------------------------------------------------------------------------------
# The one loader
# --------------------------------------------------------------------------------------------

SAVE_AS_UTF8 = ("save it as UTF-8 CSV (Excel: File > Save As > 'CSV UTF-8 (Comma delimited)'; "
                "LibreOffice: Save As > Text CSV, character set 'Unicode (UTF-8)', field "
                "delimiter ',')")


def _decode(path: Path, data: bytes) -> str:
    """The file's text; refuses UTF-16 and non-UTF-8 (Excel's cp1252) exports by name."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SchemaError(f"{path}: saved as UTF-16 (Excel 'Unicode Text'); {SAVE_AS_UTF8}")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # the byte-order mark Excel writes in 'CSV UTF-8': accepted
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SchemaError(
            f"{path} line {line}: not UTF-8 (byte 0x{data[error.start]:02x}; an Excel export in "
            f"cp1252/Windows-1252?); {SAVE_AS_UTF8}"
        ) from None


def _records(path: Path) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, fields) of every record, read as a stream; blank lines skipped.

    The file is decoded while it is read (never a whole-file copy). A file that is not UTF-8 is
    read once more as bytes, only to name the line of its first bad byte."""
    try:
        with open(path, "rb") as raw:
            if raw.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                raise SchemaError(f"{path}: saved as UTF-16 (Excel 'Unicode Text'); {SAVE_AS_UTF8}")
        # Article texts can be longer than the csv module's default cell limit (128 KiB).
        csv.field_size_limit(max(csv.field_size_limit(), 2**31 - 1))
        with open(path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.reader(stream)
            line = 0
            try:
                for fields in reader:
                    first, line = line + 1, reader.line_num
                    if fields:
                        yield first, line, fields
            except csv.Error as error:
                raise SchemaError(f"{path} line {reader.line_num + 1}: not a readable CSV ({error})") from None
    except UnicodeDecodeError:
        _decode(path, path.read_bytes())  # raises SchemaError naming the line
        raise
    except OSError as error:
        raise SchemaError(f"{path}: cannot be read ({error.strerror})") from None


def _looks_like_record(line: str, n_columns: int) -> bool:
    """True when one line inside a cell parses as a whole row of the table: a swallowed record."""
    if n_columns < 3:
        return False
    fields = next(csv.reader([line]), [])
    return len(fields) >= n_columns - 1


def _check_structure(path: Path, schema: Schema, header: list[str],
                     records: list[tuple[int, int, list[str]]]) -> None:
    """Refuse records whose number of fields, or line breaks, do not match the header."""
    width = len(header)
    for first, last, fields in records:
        lines = f"line {first}" if first == last else f"lines {first}-{last}"
        # More fields than the header is fine only when the extra ones are empty (a spreadsheet's
        # trailing commas); fewer is never fine.
        if len(fields) < width or any(value.strip() for value in fields[width:]):
            raise SchemaError(
                f"{path} {lines}: {len(fields)} fields where the header has {width} (an "
                "unbalanced quote or a stray comma?); fix the file before anything rewrites it"
            )
        if not schema.hand_edited or first == last:
            continue
        for column, value in zip(header, fields):
            if "\n" not in value:
                continue
            swallowed = [part for part in value.split("\n")[1:] if _looks_like_record(part, width)]
            if column not in schema.multiline or swallowed:
                raise SchemaError(
                    f"{path} {lines}: column {column!r} holds line breaks"
                    + (f" and what looks like another row ({swallowed[0][:60]!r})" if swallowed else "")
                    + ": probably an unbalanced quote swallowing the next rows; fix the quotes "
                    "before anything rewrites the file"
                )


def _check_delimiter(path: Path, header: list[str]) -> None:
    """Refuse a ';'-separated export (Excel in a French or German locale): its header reads as
    one column whose name holds the ';' (no column of the project has one in its name)."""
    if len(header) == 1 and ";" in header[0]:
        raise SchemaError(f"{path}: columns are separated by ';', not ',' (an Excel export?); "
                          f"{SAVE_AS_UTF8}")


#: A table written as Parquet: a folder of part files (``articles.parquet/part-00000.parquet``)
#: or one file; the same columns as the CSV form, typed by :func:`arrow_schema`.
PARQUET_SUFFIX = ".parquet"


def table_location(path: Path | str) -> Path:
    """Where a table is: ``path`` itself when it exists, else, for ``X.csv``, its Parquet form
    ``X.parquet`` when that exists (so every reader of ``articles.csv`` reads either form)."""
    path = Path(path)
    if not path.exists() and path.suffix == ".csv":
        parquet = path.with_suffix(PARQUET_SUFFIX)
        if parquet.exists():
            return parquet
    return path


def is_parquet(path: Path) -> bool:
    """True for a Parquet file or a folder of Parquet parts."""
    return path.suffix == PARQUET_SUFFIX or (path.is_dir() and any(path.glob(f"*{PARQUET_SUFFIX}")))


def parquet_parts(path: Path) -> list[Path]:
    """The part files of a Parquet table, in order (one file, or a folder's ``*.parquet``)."""
    if path.is_dir():
        return sorted(part for part in path.glob(f"*{PARQUET_SUFFIX}") if not part.name.startswith("."))
    return [path]


def arrow_schema(schema: Schema, columns: Iterable[str]):
    """The Parquet (Arrow) types of ``columns`` of a table: ``integer`` cells as int64,
    ``number`` as float64, everything else (and columns the schema does not know) as text."""
    import pyarrow as pa

    types = {"integer": pa.int64(), "number": pa.float64()}
    return pa.schema([(name, types.get(schema.columns.get(name, "text"), pa.string())) for name in columns])


def frame_to_arrow(frame: pd.DataFrame, schema: Schema | str):
    """``frame`` as an Arrow table typed by :func:`arrow_schema` (empty cells of numeric
    columns become nulls); a cell that is not a number where one is expected is an error."""
    import pyarrow as pa

    schema = SCHEMAS[schema] if isinstance(schema, str) else schema
    target = arrow_schema(schema, frame.columns)
    for position, name in enumerate(frame.columns):  # a working column of whole numbers stays one
        if name not in schema.columns and pd.api.types.is_integer_dtype(frame[name]):
            target = target.set(position, pa.field(name, pa.int64()))
    arrays = []
    for field in target:
        values = frame[field.name]
        if pa.types.is_string(field.type):
            try:  # text cells (the usual case): converted in C
                arrays.append(pa.array(values, type=pa.string(), from_pandas=True))
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # other values among them: as their text
                arrays.append(pa.array([None if v is None or (isinstance(v, float) and v != v) else str(v)
                                        for v in values.tolist()], type=pa.string()))
            continue
        if values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.replace("", None)
        try:
            numbers = pd.to_numeric(values, errors="raise")
        except (TypeError, ValueError) as error:
            raise SchemaError(f"{schema.name}: column {field.name!r} is not numeric ({error})") from None
        arrays.append(pa.array(numbers, type=field.type, from_pandas=True))
    return pa.Table.from_arrays(arrays, schema=target)


def _arrow_text(column) -> pd.Series:
    """An Arrow column as the cells the CSV form gives: text, numbers as pandas writes them,
    nulls empty."""
    import pyarrow as pa

    if pa.types.is_integer(column.type):
        return pd.Series(["" if value is None else str(value) for value in column.to_pylist()], dtype=str)
    if pa.types.is_floating(column.type):
        return pd.Series(["" if value is None or value != value else repr(value) for value in column.to_pylist()],
                         dtype=str)
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        column = column.cast(pa.string())
    return column.fill_null("").to_pandas().astype(str)


def _parquet_frames(path: Path, columns: list[str] | None, chunk_rows: int | None
                    ) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """(file columns, frame of the wanted columns as text) per chunk of a Parquet table."""
    import pyarrow.parquet as pq

    parts = parquet_parts(path)
    if not parts:
        raise SchemaError(f"{path}: a folder without Parquet parts")
    header: list[str] | None = None
    for part in parts:
        try:
            handle = pq.ParquetFile(part)
        except Exception as error:  # noqa: BLE001 - pyarrow raises several types for a bad file
            raise SchemaError(f"{part}: not a readable Parquet file ({error})") from None
        names = handle.schema_arrow.names
        header = header or names
        wanted = [name for name in (columns if columns is not None else names) if name in names]
        n_rows = handle.metadata.num_rows
        batches = handle.iter_batches(batch_size=chunk_rows or n_rows, columns=wanted) if n_rows else []
        for batch in batches:
            yield names, pd.DataFrame({name: _arrow_text(batch.column(name)) for name in wanted}, columns=wanted)
    yield header, None  # the end: lets an empty table still report its columns


def _finish(frame: pd.DataFrame, path: Path, schema: Schema, header: list[str],
            columns: list[str] | None) -> pd.DataFrame:
    """Check the header against the schema and give the frame the schema's columns (the
    requested ones only, in that order, when ``columns`` is given)."""
    if schema.exact:
        missing = [column for column in schema.columns if column not in header]
        extra = [column for column in header if column not in schema.columns]
        if missing or extra:
            raise SchemaError(
                f"{path} has the wrong columns"
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + (f"; unexpected: {', '.join(extra)}" if extra else "")
            )
    else:
        missing = [column for column in schema.required if column not in header]
        if missing:
            raise SchemaError(f"{path}: missing column(s) {', '.join(missing)}")
    if columns is not None:
        for column in columns:
            if column not in frame.columns:
                frame[column] = ""
        frame = frame[list(columns)]
    elif schema.exact:
        frame = frame[schema.column_names]
    else:
        for column in schema.columns:
            if column not in frame.columns:
                frame[column] = ""
    if schema.strip:
        frame = frame.apply(lambda column: column.str.strip())
    frame.attrs["source"] = str(path)
    return frame.reset_index(drop=True)


def iter_table(path: Path | str, schema: Schema | str, columns: Iterable[str] | None = None,
               chunk_rows: int | None = 10_000, missing_ok: bool = False) -> Iterator[pd.DataFrame]:
    """The table in frames of at most ``chunk_rows`` rows (all of it at once when None), each
    as :func:`read_table` gives it: so a stage can stream a corpus too large to hold.

    Reads CSV or Parquet (see :func:`table_location`); ``columns`` keeps only those columns (in
    that order; requested columns the file lacks come back blank), so only they are held.
    """
    path = table_location(path)
    schema = SCHEMAS[schema] if isinstance(schema, str) else schema
    columns = None if columns is None else list(columns)
    if not path.exists():
        if missing_ok:
            yield pd.DataFrame({column: pd.Series(dtype=str) for column in (columns or schema.columns)})
            return
        raise SchemaError(f"{path} does not exist")
    if is_parquet(path):
        yielded = False
        for header, frame in _parquet_frames(path, columns, chunk_rows):
            if frame is None and yielded:
                return
            if frame is None:
                frame = pd.DataFrame({name: pd.Series(dtype=str) for name in (columns or header)})
            yielded = True
            yield _finish(frame, path, schema, header, columns)
        return
    if not path.is_file():
        raise SchemaError(f"{path} is not a file")
    records = _records(path)
    first = next(records, None)
    if first is None:
        raise SchemaError(f"{path}: empty file (a header row is needed: {', '.join(schema.columns)})")
    header = [name.strip() for name in first[2]]
    while len(header) > 1 and header[-1] == "":
        header.pop()  # trailing empty columns a spreadsheet adds
    _check_delimiter(path, header)
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise SchemaError(f"{path}: column(s) {', '.join(duplicated)} appear twice in the header")
    kept = header if columns is None else [name for name in header if name in columns]
    positions = [header.index(name) for name in kept]
    width = len(header)
    rows: list[list[str]] = []
    lines: list[int] = []
    yielded = False
    for record in records:
        _check_structure(path, schema, header, [record])
        fields = record[2]
        rows.append(fields[:width] if columns is None else [fields[position] for position in positions])
        lines.append(record[0])
        if chunk_rows and len(rows) >= chunk_rows:
            frame = _finish(pd.DataFrame(rows, columns=kept, dtype=str), path, schema, header, columns)
            frame.attrs["lines"], rows, lines = lines, [], []
            yielded = True
            yield frame
    if rows or not yielded:
        frame = _finish(pd.DataFrame(rows, columns=kept, dtype=str), path, schema, header, columns)
        frame.attrs["lines"] = lines
        yield frame


def read_table(path: Path | str, schema: Schema | str, missing_ok: bool = False,
               columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Read one of the project's tables, every cell as text, after checking its structure.

    The one loader: a CSV file, or the same table as Parquet (a ``.parquet`` file or folder of
    parts; ``X.csv`` is read from ``X.parquet`` when only that exists). ``columns`` reads only
    those columns (in that order), so a stage holds no more than it uses. A missing file is an
    empty table when ``missing_ok``, else an error. Required columns must be present; other
    known columns missing from the file are added blank (after the file's own columns, whose
    order is kept); an ``exact`` schema puts its columns in order. Raises SchemaError (one line,
    naming the file and the line) for a file that is not UTF-8, is ';'-separated, or whose
    records do not match its header (see ``_check_structure``).
    """
    frames = list(iter_table(path, schema, columns=columns, chunk_rows=None, missing_ok=missing_ok))
    if len(frames) == 1:
        return frames[0]
    frame = pd.concat(frames, ignore_index=True)  # a Parquet table of several parts
    frame.attrs["source"] = frames[0].attrs.get("source", str(path))
    return frame


def row_where(frame: pd.DataFrame, index: int, file_name: str | None, default: str) -> str:
    """``"data/registry/actors.csv row 4"``: how problems name a row (spreadsheet numbering,
    header = row 1); the file is the one the table was read from, when known."""
    return f"{file_name or frame.attrs.get('source') or default} row {index + 2}"


# --------------------------------------------------------------------------------------------
# Cells: dates, offsets, names
# --------------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: Date forms by name, as a codebook may allow them.
DATE_FORMS = {"year": "YYYY", "month": "YYYY-MM", "day": "YYYY-MM-DD"}


def parse_iso_date(value: str, forms: Iterable[str] = ("year", "month", "day")
                   ) -> tuple[int, int | None, int | None]:
    """(year, month, day) of a strict ISO date in one of ``forms`` (``year`` = ``YYYY``,
    ``month`` = ``YYYY-MM``, ``day`` = ``YYYY-MM-DD``); month/day None when not given.

    Nothing else is a date here: not ``20230101``, ``2023-W05``, ``2023-4-1`` nor a time.
    Raises ValueError saying which forms are allowed.
    """
    forms = tuple(forms)
    allowed = " or ".join(DATE_FORMS[form] for form in forms)
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    form = None if not match else "day" if match.group(3) else "month" if match.group(2) else "year"
    if form not in forms:
        raise ValueError(f"{value!r} is not an ISO date ({allowed})")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        date(year, month or 1, day or 1)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a valid date ({error})") from None
    return year, month, day


def parse_offset(value: object) -> int | None:
    """A character offset: a non-negative whole number written in digits, else None."""
    text = str(value if value is not None else "").strip()
    return int(text) if text.isdigit() and text.isascii() else None


def accent_free(text: str) -> str:
    """``text`` case-folded, without accents (``"Sergueï"`` -> ``"serguei"``)."""
    text = unicodedata.normalize("NFKD", str(text).casefold())
    return "".join(char for char in text if not unicodedata.combining(char))


def fold_words(name: str) -> tuple[str, ...]:
    """The words of a name without case or accents: comparison key of hand-typed names."""
    return tuple(re.findall(r"\w+", accent_free(name)))


RULES_DIR = Path(__file__).parent / "rules"


def spacy_stop_words(language: str) -> set[str]:
    """spaCy's stop word list for ``language`` (empty when spaCy or the language is missing).

    Read from spaCy's data file ``spacy/lang/<language>/stop_words.py`` without importing spaCy
    itself, which takes seconds: chapter 1 needs the words, not the pipeline."""
    import importlib.util
    import runpy

    spec = importlib.util.find_spec("spacy")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / "lang" / language / "stop_words.py"
        if path.is_file():
            return set(runpy.run_path(str(path)).get("STOP_WORDS", ()))
    return set()


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary words (articles, prepositions...) of every language with a rules folder:
    ``helpers/rules/<lang>/stopwords.txt`` (one word per line, ``#`` comments) plus spaCy's stop
    word list for that language when spaCy has one. Such words can never be an alias."""
    words: set[str] = set()
    for path in sorted(RULES_DIR.glob("*/stopwords.txt")):
        listed = [line.split("#", 1)[0].strip()
                  for line in path.read_text(encoding="utf-8").splitlines()]
        for word in [*listed, *spacy_stop_words(path.parent.name)]:
            words.add(" ".join(fold_words(word)))
    words.discard("")
    return frozenset(words)


def is_common_word(alias: str) -> bool:
    """True for an alias that is only an ordinary word ("le", "les", "selon", "the", "und").

    Short all-capital acronyms ("US", "UN") are matched case-sensitively, so they are not the
    ordinary words "us" and "un"."""
    letters = [char for char in alias if char.isalpha()]
    if letters and len(letters) <= 6 and all(char.isupper() for char in letters):
        return False
    # One word only: names made of ordinary words ("Die Zeit", "The Hill") are real names.
    words = fold_words(alias)
    return len(words) == 1 and words[0] in common_words()


# --------------------------------------------------------------------------------------------
# Validators of the registry (outlets.csv, actors.csv, ignore.csv)
# --------------------------------------------------------------------------------------------

#: ISO 3166-1 alpha-2 codes (officially assigned).
ISO_COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW""".split()
)
DOMAIN_SHAPE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$")
LEADING_ARTICLE = re.compile(r"^(the|le|la|les|l'|l’|der|die|das|el)\s*", re.IGNORECASE)
ACTOR_KINDS = ("person", "organisation", "place")
IGNORE_KINDS = ("", *ACTOR_KINDS)
QID = re.compile(r"^Q[1-9][0-9]*$")
#: ``affiliation`` of an outlet (docs/data_dictionary.md defines each); the first two are the
#: state-affiliated ones, so ``state_affiliated`` must be ``yes`` exactly for them.
OUTLET_AFFILIATIONS = ("state-owned", "state-funded", "public-service", "cooperative", "private",
                       "party-owned")
STATE_AFFILIATIONS = frozenset({"state-owned", "state-funded"})
SOURCE_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")


def outlet_key(name: str) -> str:
    """Comparison key of an outlet name, alias or hashtag: "#LeMonde" -> "monde" (case,
    accents, a leading article and punctuation ignored)."""
    name = LEADING_ARTICLE.sub("", accent_free(name.strip().lstrip("#@")))
    return "".join(ch for ch in name if ch.isalnum())


def domain_of(url_or_domain: str) -> str:
    """Lower-case host of a URL or bare domain, without ``www.`` and port: "rt.com"."""
    from urllib.parse import urlsplit

    text = url_or_domain.strip()
    if "://" not in text:
        text = "http://" + text
    try:
        host = (urlsplit(text).hostname or "").lower().rstrip(".")
    except ValueError:
        return text.lower()
    return host[4:] if host.startswith("www.") else host


def _alias_problem(where: str, name: str, alias: str) -> str | None:
    if not fold_words(alias):
        return f"{where} ({name}): alias {alias!r} has no letters or digits"
    if is_common_word(alias):
        return (f"{where} ({name}): alias {alias!r} is an ordinary word (it would match everywhere); "
                "give a longer name")
    return None


def _affiliation_problems(where: str, name: str, row: dict) -> list[str]:
    """Problems in an outlet's optional ``affiliation``, ``source`` and ``known_as_of`` cells."""
    problems = []
    affiliation = str(row.get("affiliation", "") or "").strip().lower()
    if affiliation:
        if affiliation not in OUTLET_AFFILIATIONS:
            problems.append(f"{where} ({name}): affiliation {affiliation!r} is not one of "
                            f"{', '.join(OUTLET_AFFILIATIONS)}")
        elif (affiliation in STATE_AFFILIATIONS) != (str(row["state_affiliated"]).strip().lower() == "yes"):
            problems.append(f"{where} ({name}): affiliation {affiliation!r} needs state_affiliated "
                            f"{'yes' if affiliation in STATE_AFFILIATIONS else 'no'}")
    source = str(row.get("source", "") or "").strip()
    if source and not (QID.match(source) or SOURCE_URL.match(source)):
        problems.append(f"{where} ({name}): source {source!r} is neither a URL nor a Wikidata QID")
    try:
        parse_day(row.get("known_as_of", ""))
    except ValueError as error:
        problems.append(f"{where} ({name}): known_as_of {error}")
    return problems


def check_outlets(outlets: pd.DataFrame, file_name: str | None = None) -> list[str]:
    """Every problem in the outlet registry, one line each: empty or duplicate name, country not
    ISO 3166-1 alpha-2, ``state_affiliated`` not yes/no, an ``affiliation`` outside
    ``OUTLET_AFFILIATIONS`` or at odds with ``state_affiliated``, a ``source`` that is neither a
    URL nor a QID, a ``known_as_of`` that is not a date, malformed domain, an alias that is an
    ordinary word, or an alias or domain pointing at two outlets."""
    problems: list[str] = []
    names: dict[str, int] = {}
    by_alias: dict[str, str] = {}
    by_domain: dict[str, str] = {}
    for index, row in enumerate(outlets.fillna("").to_dict("records")):
        where = row_where(outlets, index, file_name, "outlets.csv")
        name = str(row["outlet"]).strip()
        if not name:
            problems.append(f"{where}: empty outlet name")
            continue
        if name in names:
            problems.append(f"{where}: outlet {name!r} is listed twice (first on row {names[name]})")
            continue
        names[name] = index + 2
        if str(row["country"]).strip().upper() not in ISO_COUNTRIES:
            problems.append(f"{where} ({name}): country {row['country']!r} is not an ISO 3166-1 "
                            "alpha-2 code")
        if str(row["state_affiliated"]).strip().lower() not in ("yes", "no"):
            problems.append(f"{where} ({name}): state_affiliated must be yes or no, not "
                            f"{row['state_affiliated']!r}")
        problems += _affiliation_problems(where, name, row)
        for domain in split_list(row["domains"]):
            host = domain_of(domain)
            if not DOMAIN_SHAPE.match(host):
                problems.append(f"{where} ({name}): {domain!r} is not a domain name like nbcnews.com")
            elif by_domain.setdefault(host, name) != name:
                problems.append(f"{where} ({name}): domain {host!r} already belongs to "
                                f"{by_domain[host]!r}")
        for alias in dict.fromkeys([name, *split_list(row["aliases"])]):
            problem = _alias_problem(where, name, alias) if alias != name else None
            if problem:
                problems.append(problem)
                continue
            key = outlet_key(alias)
            if not key:
                problems.append(f"{where} ({name}): alias {alias!r} has no letters or digits")
            elif by_alias.setdefault(key, name) != name:
                problems.append(f"{where} ({name}): alias {alias!r} already names {by_alias[key]!r}")
    return problems


def check_actors(actors: pd.DataFrame, file_name: str | None = None) -> list[str]:
    """Every problem in the actor registry's own cells, one line each: empty or duplicate
    canonical name, unknown kind, malformed QID, dates that are not ``YYYY-MM-DD`` or in the
    wrong order, dates without titles, an alias that is an ordinary word, or an alias (case and
    accents ignored) given to two actors."""
    problems: list[str] = []
    seen: dict[str, int] = {}
    owners: dict[tuple[str, ...], str] = {}
    for index, row in enumerate(actors.fillna("").to_dict("records")):
        where = row_where(actors, index, file_name, "actors.csv")
        name = row["canonical"]
        if not name:
            problems.append(f"{where}: empty canonical name")
            continue
        if name in seen:
            problems.append(f"{where}: canonical name {name!r} already on row {seen[name]}")
            continue
        seen[name] = index + 2
        if row["kind"] not in ACTOR_KINDS:
            problems.append(f"{where}: kind {row['kind']!r} is not one of {', '.join(ACTOR_KINDS)}")
        if row["wikidata"] and not QID.match(row["wikidata"]):
            problems.append(f"{where}: wikidata {row['wikidata']!r} is not a QID like Q7747")
        days = {}
        for column in ("title_from", "title_to"):
            try:
                days[column] = parse_day(row[column])
            except ValueError as error:
                problems.append(f"{where}: {column} {error}")
        if days.get("title_from") and days.get("title_to") and days["title_from"] > days["title_to"]:
            problems.append(f"{where}: title_from {days['title_from']} is after title_to "
                            f"{days['title_to']}")
        if (row["title_from"] or row["title_to"]) and not row["titles"]:
            problems.append(f"{where}: title_from/title_to given but no titles")
        for alias in dict.fromkeys([name, *split_list(row["aliases"])]):
            problem = _alias_problem(where, name, alias) if alias != name else None
            if problem:
                problems.append(problem)
                continue
            key = fold_words(alias)
            if key and owners.setdefault(key, name) != name:
                problems.append(f"{where}: alias {alias!r} of {name!r} already belongs to "
                                f"{owners[key]!r}")
    return problems


def check_ignore(table: pd.DataFrame, file_name: str | None = None) -> list[str]:
    """Problems in ``ignore.csv``: an empty surface or an unknown kind."""
    problems = []
    for index, row in enumerate(table.fillna("").to_dict("records")):
        where = row_where(table, index, file_name, "ignore.csv")
        if not fold_words(row["surface"]):
            problems.append(f"{where}: empty surface")
        elif row["kind"] not in IGNORE_KINDS:
            problems.append(f"{where}: kind {row['kind']!r} is not empty or one of "
                            f"{', '.join(ACTOR_KINDS)}")
    return problems


def parse_day(value: str) -> date | None:
    """A ``YYYY-MM-DD`` cell as a date, None when empty; ValueError otherwise."""
    value = str(value or "").strip()
    if not value:
        return None
    try:
        year, month, day = parse_iso_date(value, ("day",))
    except ValueError:
        raise ValueError(f"{value!r} is not a date like 2023-07-28") from None
    return date(year, month, day)


def _raise_first(problems: list, what: str = "") -> None:
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise SchemaError(f"{what}{problems[0]}{more}")


def load_outlets_table(path: Path | str, missing_ok: bool = False) -> pd.DataFrame:
    """``outlets.csv``, validated (SchemaError naming the first problem and how many more)."""
    table = read_table(path, OUTLETS, missing_ok=missing_ok)
    _raise_first(check_outlets(table))
    return table


def load_actors_table(path: Path | str, missing_ok: bool = False) -> pd.DataFrame:
    """``actors.csv``, validated (SchemaError naming the first problem and how many more)."""
    table = read_table(path, ACTORS, missing_ok=missing_ok)
    _raise_first(check_actors(table))
    return table


def load_ignore_table(path: Path | str) -> pd.DataFrame:
    """``ignore.csv`` (empty when absent), validated."""
    table = read_table(path, IGNORE, missing_ok=True)
    _raise_first(check_ignore(table))
    return table


# --------------------------------------------------------------------------------------------
# The codebook and the cells of a claim store
# --------------------------------------------------------------------------------------------

CODEBOOK_SECTIONS = ("claim_types", "fields", "stances", "date_precisions", "attribution_labels")
#: Date forms a claim's event_start/event_end may take unless the codebook's ``date_forms`` says
#: otherwise (the codebook's fields section: "ISO YYYY-MM-DD").
DEFAULT_EVENT_DATE_FORMS = ("day",)
CLAIM_ID_PATTERN = re.compile(r"^[A-Za-z]+[0-9]{3,}$")


def load_codebook(path: Path | str) -> dict:
    """``codebook.yml`` as a dict; SchemaError when missing, not YAML or lacking a section."""
    import yaml

    path = Path(path)
    if not path.is_file():
        raise SchemaError(f"codebook {path} does not exist")
    try:
        codebook = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise SchemaError(f"codebook {path} is not valid YAML: {' '.join(str(error).split())}") from None
    for key in CODEBOOK_SECTIONS:
        if not isinstance(codebook, dict) or key not in codebook:
            raise SchemaError(f"codebook {path} has no '{key}' section")
    if not isinstance(codebook["claim_types"], dict):
        raise SchemaError(f"codebook {path}: 'claim_types' must map each type to its definition")
    return codebook


@dataclass(frozen=True)
class ClaimProblem:
    """One thing wrong with one row of a claim store."""

    row: int  # 1-based data row number as a spreadsheet shows it (header is row 1 -> data from 2)
    claim_id: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row} ({self.claim_id or 'no claim_id'}), {self.field}: {self.message}"


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def check_claim_cells(claim: Mapping[str, object], codebook: Mapping | None, row: int = 2
                      ) -> list[ClaimProblem]:
    """Every problem a claim has on its own (without the article or the registry).

    Checked: every column present, the claim id, the coder, a one-paragraph quote, offsets
    (non-negative whole numbers, start < end), attribution present, dates (strict ISO in the
    forms the codebook allows, start <= end, consistent with the precision) and, with a
    codebook, claim type, stance (never blank) and hedged from it.
    """
    claim_id = str(claim.get("claim_id", "") or "").strip()
    problems: list[ClaimProblem] = []

    def problem(name: str, message: str) -> None:
        problems.append(ClaimProblem(row, claim_id, name, message))

    for column in CLAIM_COLUMNS:
        if column not in claim:
            problem(column, "column is missing")
    if problems:
        return problems
    if not CLAIM_ID_PATTERN.match(claim_id):
        problem("claim_id", f"{claim_id!r} is not a claim id like c001")
    if _blank(claim["coder"]):
        problem("coder", "empty: say who coded this claim")
    quote = str(claim["quote"]).strip()
    if not quote:
        problem("quote", "empty: paste the passage the claim rests on")
    elif "\n" in quote or "\r" in quote:
        problem("quote", "spans a line break: quote a passage within one paragraph")
    start, end = parse_offset(claim["start"]), parse_offset(claim["end"])
    if start is None or end is None:
        problem("start/end", f"offsets {claim['start']!r}/{claim['end']!r} are not whole numbers "
                "of 0 or more")
    elif start >= end:
        problem("start/end", f"start {start} is not before end {end}")
    if not split_list(claim["attributed_to"]):
        problem("attributed_to", "empty: name the outlet or source, or 'unattributed'")

    stance = str(claim["stance"]).strip()
    if codebook is not None:
        types = list(codebook["claim_types"])
        claim_type = str(claim["claim_type"]).strip()
        if claim_type not in types:
            from rapidfuzz import process

            near = process.extractOne(claim_type, types)
            problem("claim_type", f"{claim_type!r} is not a codebook claim type"
                    + (f" (did you mean {near[0]!r}?)" if near and near[1] >= 60 else "")
                    + f"; allowed: {', '.join(types)}")
        if stance not in codebook["stances"]:
            problem("stance", f"{stance!r} is not one of {', '.join(codebook['stances'])}")
        rule = codebook["claim_types"].get(claim_type, {}) or {}
        if rule.get("stance") and stance in codebook["stances"] and stance != rule["stance"]:
            problem("stance", f"a {claim_type} claim must have stance {rule['stance']!r}, not {stance!r}")
    elif not stance:
        problem("stance", "empty: say whether the claim is asserted, denied...")
    if str(claim["hedged"]).strip() not in ("yes", "no"):
        problem("hedged", f"{claim['hedged']!r} must be yes or no")

    precision = str(claim["date_precision"]).strip()
    if codebook is not None and precision not in codebook["date_precisions"]:
        problem("date_precision", f"{precision!r} is not one of {', '.join(codebook['date_precisions'])}")
    forms = tuple((codebook or {}).get("date_forms") or DEFAULT_EVENT_DATE_FORMS)
    days: dict[str, date] = {}
    for name in ("event_start", "event_end"):
        value = str(claim[name]).strip()
        if value:
            try:
                year, month, day = parse_iso_date(value, forms)
                days[name] = date(year, month or 1, day or 1)
            except ValueError as error:
                problem(name, str(error))
    if len(days) == 2 and days["event_start"] > days["event_end"]:
        problem("event_start/event_end", f"start {days['event_start']} is after end {days['event_end']}")
    given = [name for name in ("event_start", "event_end") if str(claim[name]).strip()]
    if precision == "unknown" and given:
        problem("date_precision", "is 'unknown' but dates are given")
    elif precision == "before" and given != ["event_end"]:
        problem("date_precision", "'before' needs event_end only (event_start empty)")
    elif precision == "after" and given != ["event_start"]:
        problem("date_precision", "'after' needs event_start only (event_end empty)")
    elif precision not in ("unknown", "before", "after", "") and len(given) < 2:
        problem("date_precision", f"'{precision}' needs both event_start and event_end "
                "(use 'unknown' and leave both empty when the text gives no date)")
    return problems


def duplicate_claim_ids(claims: pd.DataFrame) -> list[ClaimProblem]:
    """One problem per row repeating an earlier row's claim id."""
    problems, seen = [], {}
    for position, claim_id in enumerate(claims["claim_id"].astype(str).str.strip()):
        if claim_id in seen:
            problems.append(ClaimProblem(position + 2, claim_id, "claim_id",
                                         f"duplicate of row {seen[claim_id]}"))
        seen.setdefault(claim_id, position + 2)
    return problems


def check_claims(claims: pd.DataFrame, codebook: Mapping | None) -> list[ClaimProblem]:
    """Every problem the rows of a claim store have on their own, plus repeated claim ids."""
    problems: list[ClaimProblem] = []
    for position, claim in enumerate(claims.to_dict("records")):
        problems += check_claim_cells(claim, codebook, position + 2)
    return problems + duplicate_claim_ids(claims)


def load_claims_table(path: Path | str, codebook: Mapping | None = None,
                      missing_ok: bool = False) -> pd.DataFrame:
    """A claim store, read and validated row by row (SchemaError naming the file, the first
    problem and how many more); the columns must be exactly ``CLAIM_COLUMNS``."""
    claims = read_table(path, CLAIMS, missing_ok=missing_ok)
    _raise_first(check_claims(claims, codebook), f"{path}: ")
    return claims


# --------------------------------------------------------------------------------------------
# Tables opened in a spreadsheet
# --------------------------------------------------------------------------------------------

# A cell a spreadsheet would run as a formula: '=', '@', a tab or a carriage return first, or '+'
# / '-' followed by something other than a number ("-3" and "+33 1..." stay as they are).
