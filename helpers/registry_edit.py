"""Write review decisions into a registry folder as small, readable diffs.

Reads and rewrites ``actors.csv`` and ``ignore.csv`` of a registry folder (see
``helpers.registry``). Every other line of a file is kept byte for byte: its order, its quoting,
its line endings. A new alias changes only its actor's line (that one line written with the
file's own delimiter and quote character); a new actor or a new ignored name is a line appended
at the end. The edited folder is validated (``helpers.registry.registry_problems``) on a copy
before any file is replaced, so a bad decision never leaves a broken registry behind.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.registry import IGNORE_COLUMNS, RegistryError, alias_key, registry_problems
from helpers.tables import split_list


@dataclass
class CsvText:
    """A CSV file as its header, its records (each with the exact text it was read from) and its
    dialect, so unchanged records are written back untouched."""

    path: Path
    header: list[str]
    records: list[list[str]] = field(default_factory=list)
    raw: list[str] = field(default_factory=list)  # the text of each record, line ending included
    head_raw: str = ""
    newline: str = "\n"
    delimiter: str = ","
    quotechar: str = '"'
    quote_all: bool = False
    bom: str = ""

    @classmethod
    def read(cls, path: Path, default_header: list[str] | None = None) -> CsvText:
        """Read ``path`` (or start an empty table with ``default_header`` when it is missing)."""
        if not path.exists():
            if default_header is None:
                raise RegistryError(f"{path} does not exist")
            return cls(path, list(default_header))
        try:
            text = path.read_bytes().decode("utf-8")  # bytes: keep "\r\n" as written
        except UnicodeDecodeError as error:
            raise RegistryError(f"{path.name}: not UTF-8 text ({error})") from None
        bom = "\ufeff" if text.startswith("\ufeff") else ""
        text = text[len(bom):]
        newline = "\r\n" if "\r\n" in text else "\n"
        first_line = text.split("\n", 1)[0]
        try:
            dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
            delimiter, quotechar = dialect.delimiter, dialect.quotechar or '"'
        except csv.Error:
            delimiter, quotechar = ",", '"'
        lines = text.splitlines(keepends=True)
        reader = csv.reader(iter(lines), delimiter=delimiter, quotechar=quotechar)
        table = cls(path, [], newline=newline, delimiter=delimiter, quotechar=quotechar, bom=bom)
        consumed = 0
        for number, record in enumerate(reader):
            raw = "".join(lines[consumed:reader.line_num])
            consumed = reader.line_num
            if number == 0:
                table.header, table.head_raw = [cell.strip() for cell in record], raw
                table.quote_all = raw.lstrip().startswith(quotechar)
                continue
            table.records.append(record)
            table.raw.append(raw)
        if not table.header:
            raise RegistryError(f"{path.name}: empty file, expected a header line")
        return table

    def column(self, name: str) -> int:
        """Index of a column; RegistryError naming the file when it is missing."""
        if name not in self.header:
            raise RegistryError(f"{self.path.name}: missing column {name}")
        return self.header.index(name)

    def format(self, record: list[str]) -> str:
        """One record as the file writes it (its delimiter, quote character and line ending)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=self.delimiter, quotechar=self.quotechar,
                            quoting=csv.QUOTE_ALL if self.quote_all else csv.QUOTE_MINIMAL,
                            lineterminator=self.newline)
        writer.writerow(record)
        return buffer.getvalue()

    def set_cell(self, row: int, name: str, value: str) -> None:
        """Change one cell: only that record's text is rewritten."""
        record = self.records[row]
        index = self.column(name)
        record += [""] * (index + 1 - len(record))
        record[index] = value
        self.raw[row] = self.format(record)

    def append(self, values: dict[str, str]) -> None:
        """A new record at the end (columns the file lacks are dropped, missing ones left empty)."""
        if self.raw and not self.raw[-1].endswith(("\n", "\r")):
            self.raw[-1] += self.newline
        record = [values.get(name, "") for name in self.header]
        self.records.append(record)
        self.raw.append(self.format(record))

    def text(self) -> str:
        """The whole file: untouched records exactly as read."""
        head = self.head_raw or self.format(self.header)
        return self.bom + head + "".join(self.raw)


def _write_validated(registry_dir: Path, edited: dict[str, CsvText]) -> None:
    """Validate the edited files on a copy of the registry folder, then replace them atomically."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "registry"
        shutil.copytree(registry_dir, copy)
        for name, table in edited.items():
            (copy / name).write_text(table.text(), encoding="utf-8", newline="")
        problems = registry_problems(copy)
        if problems:
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            raise RegistryError(problems[0] + more)
    for name, table in edited.items():
        target = registry_dir / name
        temporary = target.with_name(f".{name}.{os.getpid()}.tmp")
        temporary.write_text(table.text(), encoding="utf-8", newline="")
        os.replace(temporary, target)


@dataclass(frozen=True)
class NewActor:
    """An actor a researcher accepted in review that the registry did not have yet."""

    canonical: str
    kind: str
    aliases: tuple[str, ...] = ()
    notes: str = ""


def add_to_actors(registry_dir: Path | str, aliases: Iterable[tuple[str, str]],
                  new_actors: Iterable[NewActor] = ()) -> tuple[int, int]:
    """Add (surface, canonical) aliases and new actors to ``actors.csv`` with a minimal diff.

    An alias for a canonical name the file does not have yet creates that actor, when it is
    among ``new_actors``; otherwise it is an error naming the name. Returns (aliases added,
    actors added).
    """
    registry_dir = Path(registry_dir)
    table = CsvText.read(registry_dir / "actors.csv")
    name_column, alias_column = table.column("canonical"), table.column("aliases")
    rows = {record[name_column].strip(): index for index, record in enumerate(table.records)
            if len(record) > name_column}
    pending = {actor.canonical: actor for actor in new_actors}
    added_aliases = added_actors = 0
    for actor in pending.values():
        if actor.canonical in rows:
            continue
        table.append({"canonical": actor.canonical, "kind": actor.kind,
                      "aliases": ";".join(actor.aliases), "notes": actor.notes})
        rows[actor.canonical] = len(table.records) - 1
        added_actors += 1
    for surface, canonical in aliases:
        if canonical not in rows:
            raise RegistryError(f"actors.csv: no actor named {canonical!r} to add alias {surface!r} to")
        index = rows[canonical]
        record = table.records[index]
        current = record[alias_column] if len(record) > alias_column else ""
        known = {alias_key(alias) for alias in [canonical, *split_list(current)]}
        surface = " ".join(surface.split())
        if not surface or alias_key(surface) in known:
            continue
        table.set_cell(index, "aliases", ";".join([*split_list(current), surface]))
        added_aliases += 1
    if added_aliases or added_actors:
        _write_validated(registry_dir, {"actors.csv": table})
    return added_aliases, added_actors


def add_to_ignored(registry_dir: Path | str, rejected: Iterable[tuple[str, str]],
                   note: str = "rejected in review") -> int:
    """Append rejected (surface, kind) pairs to ``ignore.csv`` (created when missing); names
    already ignored are skipped and the existing lines are left as they are."""
    registry_dir = Path(registry_dir)
    table = CsvText.read(registry_dir / "ignore.csv", default_header=IGNORE_COLUMNS)
    surface_column = table.column("surface")
    kind_column = table.header.index("kind") if "kind" in table.header else None
    known = set()
    for record in table.records:
        kind = record[kind_column].strip() if kind_column is not None and len(record) > kind_column else ""
        if len(record) > surface_column:
            known.add((kind, alias_key(record[surface_column], case_sensitive=False)[1]))
    added = 0
    for surface, kind in rejected:
        key = (kind, alias_key(surface, case_sensitive=False)[1])
        if key[1] and key not in known and ("", key[1]) not in known:
            known.add(key)
            table.append({"surface": " ".join(surface.split()), "kind": kind, "notes": note})
            added += 1
    if added:
        _write_validated(registry_dir, {"ignore.csv": table})
    return added
