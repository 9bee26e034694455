"""Writing the project's CSV tables safely, and reading their list cells (shared by every stage).

A table is written to a temporary file in the same folder, flushed to disk, then moved over the
old one with ``os.replace``: a crash or an interrupted run leaves the previous file as it was, and
never half a file. The new file keeps the old one's permissions (and group, where allowed), so a
table shared with colleagues stays readable by them; a new table gets the usual default
(``0666`` less the umask), like any file the researcher creates.

Temporary files are named ``.<table>.<random>.backchannel-tmp``. A save killed outright (``kill
-9``, power cut) cannot remove its own; the next write into the same folder removes those older
than :data:`STALE_TEMP_SECONDS`.

Tables that belong together (``articles.csv`` and ``problems.csv`` of one ingest run) are written
as a set with :func:`write_csv_set_atomic`: every file is written to its temporary first, and only
when all are complete are they moved into place, one ``os.replace`` after the other. An error while
writing any of them leaves every old table as it was; only a crash in the instant between two
renames could mix runs.
"""

from __future__ import annotations

import os
import re
import secrets
import stat
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

import numpy as np
import pandas as pd

#: Ending of our temporary files (recognisable, so stale ones can be removed safely).
TEMP_SUFFIX = ".backchannel-tmp"

#: A temporary file older than this (seconds) belongs to a save that was killed.
STALE_TEMP_SECONDS = 3600


def remove_stale_temporaries(folder: Path, max_age: float = STALE_TEMP_SECONDS,
                             of: Iterable[str] = ()) -> list[Path]:
    """Remove our temporary files in ``folder`` at least ``max_age`` seconds old; returns them.

    Only hidden files ending in :data:`TEMP_SUFFIX` are touched, never anything else; with
    ``of``, only the temporaries of those table names (``.<name>.<random><TEMP_SUFFIX>``). A
    caller that holds a table's lock passes ``max_age=0``: no live writer owns them then.
    """
    prefixes = tuple(f".{name}." for name in of)
    removed: list[Path] = []
    now = time.time()
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX)):
            continue
        if prefixes and not entry.name.startswith(prefixes):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and now - info.st_mtime >= max_age:
                os.remove(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass  # another process removed or replaced it first: nothing to clean
    return removed


def _open_temporary(path: Path) -> tuple[int, Path]:
    """Create an empty temporary file beside ``path``; returns (descriptor, path).

    Created with mode 0666 so the kernel applies the umask (and any default ACL) exactly as for
    a file the researcher makes; ``tempfile.mkstemp`` would force 0600.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue


def _keep_permissions(temporary: Path, target: Path) -> None:
    """Give ``temporary`` the mode (and group, where allowed) of an existing ``target``."""
    try:
        old = os.stat(target)
    except FileNotFoundError:
        return  # a new table: the umask default given at creation stays
    os.chmod(temporary, stat.S_IMODE(old.st_mode))
    if hasattr(os, "chown"):
        try:
            os.chown(temporary, -1, old.st_gid)
        except OSError:
            pass  # not a member of that group: the mode is still kept


#: Cells longer than this (characters) are written piece by piece: the csv module builds each
#: row in a buffer of 4 bytes per character, so one 300 MB article cost well over 1 GB to save.
LARGE_CELL = 1 << 20


def _large_cells(frame: pd.DataFrame) -> dict[int, list[int]]:
    """Row position -> column positions of the text cells longer than :data:`LARGE_CELL`."""
    large: dict[int, list[int]] = {}
    for col_pos in range(frame.shape[1]):
        values = frame.iloc[:, col_pos]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        lengths = values.map(lambda value: len(value) if isinstance(value, str) else 0).to_numpy()
        for row_pos in np.flatnonzero(lengths > LARGE_CELL):
            large.setdefault(int(row_pos), []).append(col_pos)
    return large


def _write_large_row(row: pd.DataFrame, columns: list[int], stream) -> None:
    """Write a one-row frame whose ``columns`` hold huge strings, byte for byte as ``to_csv``
    would, but streaming each huge cell in pieces.

    Each huge cell is first replaced by a short placeholder holding the same special characters
    (comma, quote, line ends), so pandas decides the quoting exactly as for the real text; the
    placeholder is then swapped for the text, quoted and escaped the same way, piece by piece.
    """
    row = row.copy()
    cells: list[tuple[str, str]] = []
    for col_pos in columns:
        text = row.iat[0, col_pos]
        specials = "".join(char for char in ',"\r\n' if char in text)
        placeholder = f"@{secrets.token_hex(8)}@{specials}"
        row.iat[0, col_pos] = placeholder
        cells.append((placeholder, text))
    rendered = row.to_csv(index=False, header=False, lineterminator="\n")
    for placeholder, text in cells:
        quoted = '"' + placeholder.replace('"', '""') + '"'
        is_quoted = quoted in rendered
        before, rendered = rendered.split(quoted if is_quoted else placeholder, 1)
        stream.write(before)
        if is_quoted:
            stream.write('"')
        for start in range(0, len(text), LARGE_CELL):
            piece = text[start:start + LARGE_CELL]
            stream.write(piece.replace('"', '""') if is_quoted else piece)
        if is_quoted:
            stream.write('"')
    stream.write(rendered)


def write_frame_csv(frame: pd.DataFrame, stream, header: bool = True) -> None:
    """``frame.to_csv(stream, index=False, lineterminator="\\n")``, with huge cells streamed
    (same bytes, a fraction of the memory); ``header=False`` for a later chunk of one table."""
    large = _large_cells(frame)
    if not large:
        frame.to_csv(stream, index=False, header=header, lineterminator="\n")
        return
    if header:
        frame.iloc[0:0].to_csv(stream, index=False, lineterminator="\n")
    start = 0
    for row_pos in sorted(large):
        if row_pos > start:
            frame.iloc[start:row_pos].to_csv(stream, index=False, header=False, lineterminator="\n")
        _write_large_row(frame.iloc[[row_pos]], large[row_pos], stream)
        start = row_pos + 1
    if start < len(frame):
        frame.iloc[start:].to_csv(stream, index=False, header=False, lineterminator="\n")


def _write_temporary(frame: pd.DataFrame, path: Path) -> Path:
    """Write ``frame`` to a complete, synced temporary file beside ``path``; returns its path."""
    return _write_csv_stream([frame], path)


def write_csv_set_atomic(tables: Mapping[Path | str, pd.DataFrame]) -> None:
    """Write several tables as one set: all of them, or (on an error) none of them.

    Every table goes to its temporary file first; only when all are written are they moved
    into place. Each table is UTF-8 CSV with a header, no index and ``\\n`` line ends.
    """
    targets = [(Path(path), frame) for path, frame in tables.items()]
    for folder in {path.parent for path, _ in targets}:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
    written: list[tuple[Path, Path]] = []
    try:
        for path, frame in targets:
            written.append((_write_temporary(frame, path), path))
        for temporary, path in written:
            os.replace(temporary, path)
    except BaseException:
        for temporary, _ in written:
            temporary.unlink(missing_ok=True)
        raise


#: The forms a generated table can be written in: CSV (the default; opens in a spreadsheet) or
#: Parquet (a folder of part files, one per partition: typed, compressed, read column by column).
TABLE_FORMATS = ("csv", "parquet")


@contextmanager
def _synced_temporary(path: Path) -> Iterator[tuple[TextIO, Path]]:
    """A text stream on a new temporary file beside ``path`` and that file's path. On leaving,
    the file is synced and given ``path``'s permissions; on any error it is removed."""
    handle, temporary = _open_temporary(path)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream, temporary
            stream.flush()
            os.fsync(stream.fileno())
        _keep_permissions(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _write_csv_stream(frames: Iterable[pd.DataFrame], path: Path) -> Path:
    """Write the frames one after the other as one CSV (header from the first) to a complete,
    synced temporary file beside ``path``; returns its path. Same bytes as writing their
    concatenation at once, holding one frame at a time."""
    with _synced_temporary(path) as (stream, temporary):
        first = True
        for frame in frames:
            if first:
                write_frame_csv(frame, stream)
                first = False
            elif len(frame):
                write_frame_csv(frame, stream, header=False)
    return temporary


def _write_parquet_parts(frames: Iterable[pd.DataFrame], path: Path, schema_name: str) -> Path:
    """Write each frame as one part file of a Parquet folder built beside ``path``; returns the
    temporary folder. Every part has the same typed columns (``helpers.schemas.arrow_schema``);
    a table without rows still gets one empty part, so its columns are known."""
    import pyarrow.parquet as pq

    from helpers.schemas import frame_to_arrow

    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    temporary.mkdir()
    try:
        number = 0
        for frame in frames:
            if number and not len(frame):
                continue
            pq.write_table(frame_to_arrow(frame, schema_name), temporary / f"part-{number:05d}.parquet",
                           row_group_size=20_000)
            number += 1
    except BaseException:
        _remove_tree(temporary)
        raise
    return temporary


@dataclass(frozen=True)
class PartFiles:
    """A table already written part by part, in partition order, by the workers of a
    distributed engine (``helpers.engine``): ``folder`` holds ``part-NNNNN.parquet`` files
    (one schema: ``columns``) and, for the CSV form, the same rows as headerless CSV fragments
    ``part-NNNNN.csv`` written by :func:`write_frame_csv`. :func:`write_table_set` joins the
    fragments after one header (the bytes of writing the whole table at once), or takes the
    Parquet parts as the table's folder; the driver never holds the rows."""

    folder: Path
    columns: tuple[str, ...]


def _join_csv_parts(parts: PartFiles, path: Path) -> Path:
    """The CSV fragments of ``parts`` after the header, as a complete, synced temporary file
    beside ``path``; returns its path."""
    import shutil

    with _synced_temporary(path) as (stream, temporary):
        write_frame_csv(pd.DataFrame(columns=list(parts.columns)), stream)
        stream.flush()
        for fragment in sorted(Path(parts.folder).glob("part-*.csv")):
            with open(fragment, "rb") as source:
                shutil.copyfileobj(source, stream.buffer, 1 << 22)
    return temporary


def _own_parquet_parts(parts: PartFiles, path: Path) -> Path:
    """The Parquet parts of ``parts`` moved into a temporary folder beside ``path`` (renames,
    no copy; the CSV fragments stay behind); returns it."""
    temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}"
    temporary.mkdir()
    for part in sorted(Path(parts.folder).glob("part-*.parquet")):
        os.replace(part, temporary / part.name)
    return temporary


def _remove_tree(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def _other_form(path: Path) -> Path:
    """The same table in the other format (``articles.csv`` <-> ``articles.parquet``)."""
    return path.with_suffix(".parquet" if path.suffix == ".csv" else ".csv")


def write_table_set(tables: Mapping[str, pd.DataFrame | Iterable[pd.DataFrame] | PartFiles], folder: Path | str,
                    format: str = "csv") -> dict[str, Path]:
    """Write generated tables (``{"articles": frames, "problems": frame}``) into ``folder`` as
    one set, in ``format`` (see :data:`TABLE_FORMATS`); returns name -> path written.

    A table is one frame or an iterable of frames with the same columns (a corpus written
    partition by partition, never held whole), or :class:`PartFiles` written by workers. Everything is written to temporaries first, then
    moved into place; the same table left in the other format by an earlier run is removed, so
    a reader (``helpers.schemas.read_table``) never finds a stale copy. A Parquet folder is
    replaced by two renames (the old one moved aside, then removed).
    """
    if format not in TABLE_FORMATS:
        raise ValueError(f"format must be one of {', '.join(TABLE_FORMATS)}, not {format!r}")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(folder)
    written: list[tuple[Path, Path]] = []
    try:
        for name, frames in tables.items():
            target = folder / f"{name}.{format}"
            if isinstance(frames, PartFiles):
                written.append((_join_csv_parts(frames, target) if format == "csv"
                                else _own_parquet_parts(frames, target), target))
                continue
            if isinstance(frames, pd.DataFrame):
                frames = [frames]
            if format == "csv":
                written.append((_write_csv_stream(frames, target), target))
            else:
                written.append((_write_parquet_parts(frames, target, f"{name}.csv"), target))
        for temporary, target in written:
            if target.is_dir():
                aside = folder / f".{target.name}.{secrets.token_hex(6)}.old{TEMP_SUFFIX}"
                os.replace(target, aside)
                os.replace(temporary, target)
                _remove_tree(aside)
            else:
                os.replace(temporary, target)
            other = _other_form(target)
            if other.is_dir():
                _remove_tree(other)
            elif other.exists():
                other.unlink()
    except BaseException:
        for temporary, _ in written:
            if temporary.is_dir():
                _remove_tree(temporary)
            else:
                temporary.unlink(missing_ok=True)
        raise
    return {name: folder / f"{name}.{format}" for name in tables}


def write_csv_atomic(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` as UTF-8 CSV (header, no index, ``\\n`` line ends) atomically."""
    write_csv_set_atomic({Path(path): frame})


#: How the tables write several values in one cell: "Interfax; RIA Novosti".
LIST_SEPARATOR = ";"


def split_list(cell: object) -> list[str]:
    """The ``;``-separated items of a table cell: stripped, empties and repeats dropped, order
    kept (``" A ; B;;A; "`` -> ``["A", "B"]``). A missing cell (None, NaN) gives ``[]``."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    items = (item.strip() for item in str(cell).split(LIST_SEPARATOR))
    return list(dict.fromkeys(item for item in items if item))


FORMULA_START = re.compile(r"^(?:[=@\t\r]|[+-](?![\d.,\s]|$))")


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells a spreadsheet would run as formulas start with
    ``'`` (the OWASP advice for CSV injection): ``=HYPERLINK(...)`` -> ``'=HYPERLINK(...)``.

    For tables a researcher opens in a spreadsheet only: the change is visible in the file, so
    never apply it to tables whose cells are compared with article text (claims, mentions).
    """
    def neutral(value: object) -> object:
        return "'" + value if isinstance(value, str) and FORMULA_START.match(value) else value

    result = frame.copy()
    for column in result.columns:
        if not pd.api.types.is_numeric_dtype(result[column]):
            result[column] = result[column].map(neutral)
    return result


def write_spreadsheet_csv(frame: pd.DataFrame, path: Path | str) -> None:
    """Write an output table meant to be opened in a spreadsheet (``outputs/tables/``): as
    :func:`write_csv_atomic`, with formula-looking text cells neutralised (see
    :func:`neutralise_formulas`). Not for tables whose text is matched against articles."""
    write_csv_atomic(neutralise_formulas(frame), path)
