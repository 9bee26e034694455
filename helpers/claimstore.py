"""A claim store on disk that several coders (processes, notebook tabs) can save into at once.

Reads and writes one claim store (a CSV with ``helpers.claims.CLAIM_COLUMNS``) and two files
beside it:

- ``.<store>.lock``: an empty file held with an exclusive ``fcntl.flock`` while a save runs.
  Every change (add, edit, delete, save) takes the lock, **re-reads the store under it**, applies
  the change and writes the store atomically (``helpers.tables.write_csv_atomic``: temporary file,
  then ``os.replace``). Two saves at once therefore wait for each other instead of one
  overwriting the other's row. The lock is released by the kernel when a process dies, so a
  killed save never blocks the next one.
- ``<store stem>.history.csv``: an append-only log of every change made through this module
  (``changed_at``, ``action`` add/edit/delete, ``version`` before/after, ``changed_by`` and the
  claim's columns). An edit logs the claim before and after; a delete logs the claim removed.
  The history is written before the store, so a value is never gone from both.

A save killed mid-write leaves the previous store (``os.replace`` never ran) and a temporary
file whose writer is gone; the next change removes such leftovers while it holds the lock (no
live writer can own them then).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from helpers.claims import (
    CLAIM_COLUMNS,
    LIST_FIELDS,
    ActorRegistry,
    ClaimProblem,
    ClaimValidationError,
    article_bodies,
    empty_claims,
    join_list,
    load_registry,
    locate_quote,
    normalise_quote,
    read_claims,
    validate_claim,
    validate_claims,
)
from helpers.tables import remove_stale_temporaries, split_list, write_csv_atomic

#: Columns of the history file: when, what, which version of the row, who; then the claim.
HISTORY_COLUMNS = ["changed_at", "action", "version", "changed_by", *CLAIM_COLUMNS]
__all__ = [  # empty_claims stays defined in helpers.claims (read_claims needs it); re-exported
    "empty_claims", "sort_claims", "write_claims_atomic", "next_claim_id", "complete_claim",
    "add_claim", "edit_claim", "delete_claim", "save_claims", "replace_store", "read_history", "store_lock",
]
#: Columns compared to call a new claim an exact duplicate of a stored one (all but its id).
DUPLICATE_COLUMNS = [column for column in CLAIM_COLUMNS if column != "claim_id"]


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""


def _as_int(value: object) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def sort_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Rows in claim-id order (numeric part compared as a number), columns in store order."""
    key = claims["claim_id"].str.extract(r"^(\D*)(\d*)$")
    order = pd.DataFrame({"prefix": key[0].fillna(""),
                          "number": pd.to_numeric(key[1], errors="coerce").fillna(-1),
                          "claim_id": claims["claim_id"]})
    return claims.loc[order.sort_values(["prefix", "number", "claim_id"]).index, CLAIM_COLUMNS].reset_index(drop=True)


def write_claims_atomic(claims: pd.DataFrame, path: Path | str) -> None:
    """Write a store sorted, every cell as text, atomically (see ``helpers.tables``): a crash
    or an interrupted save leaves the previous file as it was. Takes no lock: use the
    functions below (``add_claim``, ``save_claims``...) when others may be saving too."""
    write_csv_atomic(sort_claims(claims.fillna("").astype(str)), path)


def next_claim_id(claims: pd.DataFrame, prefix: str = "c") -> str:
    """The next free id with ``prefix`` (c001, c002, ...): ids are never reused or renumbered."""
    numbers = claims["claim_id"].str.extract(rf"^{re.escape(prefix)}(\d+)$")[0].dropna().astype(int)
    return f"{prefix}{(numbers.max() + 1 if len(numbers) else 1):03d}"


def complete_claim(claim: Mapping[str, object], body: str) -> dict[str, str]:
    """A claim dict with every store column, cleaned: list fields re-joined, offsets filled in
    from the quote when missing (nearest to any ``start`` given), blanks as empty strings."""
    row = {column: "" if _is_blank(claim.get(column)) else str(claim.get(column)).strip()
           for column in CLAIM_COLUMNS}
    row["quote"] = normalise_quote(row["quote"])
    for field in LIST_FIELDS:
        row[field] = join_list(split_list(row[field]))
    if row["quote"] and (not row["start"] or not row["end"]):
        start, end = locate_quote(body, row["quote"], near=_as_int(row["start"]))
        row["start"], row["end"] = str(start), str(end)
    if not row["date_precision"] and not row["event_start"] and not row["event_end"]:
        row["date_precision"] = "unknown"
    return row


# --------------------------------------------------------------------------------------------
# Lock, leftovers and history
# --------------------------------------------------------------------------------------------


def lock_path(store_path: Path | str) -> Path:
    """The sidecar lock file of a store (``.claims.csv.lock`` beside ``claims.csv``)."""
    store_path = Path(store_path)
    return store_path.with_name(f".{store_path.name}.lock")


def history_path(store_path: Path | str) -> Path:
    """The history file of a store (``claims.history.csv`` beside ``claims.csv``)."""
    store_path = Path(store_path)
    return store_path.with_name(f"{store_path.stem}.history.csv")


@contextlib.contextmanager
def store_lock(store_path: Path | str) -> Iterator[None]:
    """Hold the store's exclusive lock for the duration of the ``with`` block (waits for it).

    Uses ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows) on the sidecar lock file; the
    operating system releases it when the holder exits, even on ``kill -9``. Stale temporary
    files of the store and its history (from a save that died mid-write) are removed once the
    lock is held.
    """
    path = lock_path(store_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows
        fcntl = None
    # POSIX flock works on a read-only descriptor, so colleagues who may not write the lock file
    # (created by someone else on a shared server) can still take the lock.
    flags = os.O_RDONLY | os.O_CREAT if fcntl else os.O_RDWR | os.O_CREAT
    descriptor = os.open(path, flags, 0o666)
    try:
        if fcntl:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        else:
            import msvcrt

            msvcrt.locking(descriptor, msvcrt.LK_LOCK, 1)
        try:
            remove_stale_temporary_files(store_path)
            yield
        finally:
            if fcntl:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
            else:
                os.lseek(descriptor, 0, os.SEEK_SET)
                msvcrt.locking(descriptor, msvcrt.LK_UNLCK, 1)
    finally:
        os.close(descriptor)


def remove_stale_temporary_files(store_path: Path | str) -> list[Path]:
    """Delete temporary files left by an interrupted write of the store or its history, whatever
    their age. Call only while holding the store's lock: then no live writer owns them. Returns
    the files removed."""
    store_path = Path(store_path)
    return remove_stale_temporaries(store_path.parent, max_age=0,
                                    of=(store_path.name, history_path(store_path).name))


def read_history(store_path: Path | str) -> pd.DataFrame:
    """The store's history (``HISTORY_COLUMNS``), empty when nothing was changed yet."""
    path = history_path(store_path)
    if not path.exists():
        return pd.DataFrame(columns=HISTORY_COLUMNS, dtype=str)
    history = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [column for column in HISTORY_COLUMNS if column not in history.columns]
    if missing:
        raise ValueError(f"history file {path} lacks column(s) {', '.join(missing)}")
    return history[HISTORY_COLUMNS]


def _log_changes(store_path: Path, entries: list[tuple[str, str, Mapping[str, str]]], changed_by: str) -> None:
    """Append (action, version, row) entries to the history, atomically (call under the lock)."""
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    rows = [{"changed_at": stamp, "action": action, "version": version, "changed_by": changed_by,
             **{column: str(row.get(column, "")) for column in CLAIM_COLUMNS}}
            for action, version, row in entries]
    history = pd.concat([read_history(store_path), pd.DataFrame(rows, columns=HISTORY_COLUMNS)],
                        ignore_index=True)
    write_csv_atomic(history, history_path(store_path))


# --------------------------------------------------------------------------------------------
# Changes: add, edit, delete, save
# --------------------------------------------------------------------------------------------


def find_duplicate(row: Mapping[str, str], claims: pd.DataFrame) -> str | None:
    """The id of a stored claim identical to ``row`` in every column but ``claim_id``, or None."""
    if claims.empty:
        return None
    key = tuple(str(row.get(column, "")) for column in DUPLICATE_COLUMNS)
    same = claims[DUPLICATE_COLUMNS].astype(str).apply(tuple, axis=1) == key
    same &= claims["claim_id"] != str(row.get("claim_id", ""))
    return str(claims.loc[same, "claim_id"].iloc[0]) if same.any() else None


def _checked_row(
    claim: Mapping[str, object],
    existing: pd.DataFrame,
    bodies: Mapping[str, str],
    registry: ActorRegistry,
    codebook: Mapping,
    outlet_names: list[str],
    id_prefix: str,
    row_number: int,
) -> dict[str, str]:
    """Complete, id and validate one claim against the store as it is now (raises on problems)."""
    article_id = str(claim.get("article_id", "")).strip()
    claim_id = str(claim.get("claim_id", "") or "")
    if article_id not in bodies:
        raise ClaimValidationError([ClaimProblem(row_number, claim_id, "article_id",
                                                 f"{article_id!r} is not in the articles table")])
    try:
        row = complete_claim(claim, bodies[article_id])
    except ValueError as error:
        raise ClaimValidationError([ClaimProblem(row_number, claim_id, "quote", str(error))]) from None
    if not row["claim_id"]:
        row["claim_id"] = next_claim_id(existing, id_prefix)
    problems = validate_claim(row, bodies, registry, codebook, row_number, outlet_names)
    duplicate = find_duplicate(row, existing)
    if duplicate:
        problems.append(ClaimProblem(row_number, row["claim_id"], "claim",
                                     f"the same claim is already in the store as {duplicate} "
                                     "(every field identical): not saved twice"))
    if problems:
        raise ClaimValidationError(problems)
    return row


def add_claim(
    store_path: Path | str,
    claim: Mapping[str, object],
    articles: pd.DataFrame | Mapping[str, str],
    registry: ActorRegistry | Path | str,
    codebook: Mapping,
    outlet_names: Iterable[str] = (),
    id_prefix: str = "c",
    changed_by: str | None = None,
) -> dict[str, str]:
    """Append one claim to a store and save it (the form's save path). Returns the row saved.

    Under the store's lock: re-read the store, fill offsets from the quote and an id when the
    claim has none, validate with ``helpers.claims.validate_claim`` (the same check as
    ``claims validate``), refuse an id already used or an exact duplicate of a stored claim
    (ClaimValidationError, nothing written), log the addition, write. Rows already in the store
    are kept exactly as they are even if they no longer validate.
    """
    store_path = Path(store_path)
    bodies = article_bodies(articles)
    registry = load_registry(registry)
    outlet_names = list(outlet_names)
    with store_lock(store_path):
        existing = read_claims(store_path, missing_ok=True)
        row_number = len(existing) + 2
        row = _checked_row(claim, existing, bodies, registry, codebook, outlet_names, id_prefix, row_number)
        if row["claim_id"] in set(existing["claim_id"]):
            raise ClaimValidationError([ClaimProblem(row_number, row["claim_id"], "claim_id",
                                                     "already in the store")])
        _log_changes(store_path, [("add", "after", row)], changed_by or row["coder"])
        write_claims_atomic(pd.concat([existing, pd.DataFrame([row])], ignore_index=True), store_path)
    return row


def _position(claims: pd.DataFrame, claim_id: str, store_path: Path) -> int:
    matches = claims.index[claims["claim_id"] == claim_id].tolist()
    if not matches:
        raise KeyError(f"no claim {claim_id!r} in {store_path}")
    return matches[0]


def edit_claim(
    store_path: Path | str,
    claim_id: str,
    changes: Mapping[str, object],
    articles: pd.DataFrame | Mapping[str, str],
    registry: ActorRegistry | Path | str,
    codebook: Mapping,
    outlet_names: Iterable[str] = (),
    changed_by: str | None = None,
) -> dict[str, str]:
    """Change fields of a stored claim (its id stays); returns the new row.

    A changed quote without new offsets is located again in the body. The edited claim is
    validated like a new one (ClaimValidationError, nothing written); the history keeps the
    claim before and after. KeyError when the store has no such claim.
    """
    store_path = Path(store_path)
    bodies = article_bodies(articles)
    registry = load_registry(registry)
    changes = {key: value for key, value in changes.items() if key != "claim_id"}
    unknown = [key for key in changes if key not in CLAIM_COLUMNS]
    if unknown:
        raise ValueError(f"not claim columns: {', '.join(unknown)}")
    with store_lock(store_path):
        existing = read_claims(store_path)
        position = _position(existing, claim_id, store_path)
        before = existing.loc[position].to_dict()
        claim = {**before, **changes}
        if "quote" in changes and not ({"start", "end"} & set(changes)):
            claim["start"] = claim["end"] = ""  # the new quote is located again
        others = existing.drop(index=position)
        row = _checked_row(claim, others, bodies, registry, codebook, list(outlet_names), "", position + 2)
        _log_changes(store_path, [("edit", "before", before), ("edit", "after", row)],
                     changed_by or row["coder"])
        existing.loc[position, CLAIM_COLUMNS] = [row[column] for column in CLAIM_COLUMNS]
        write_claims_atomic(existing, store_path)
    return row


def delete_claim(store_path: Path | str, claim_id: str, changed_by: str | None = None) -> dict[str, str]:
    """Remove a claim from the store (logged in the history first); returns the removed row.
    KeyError when the store has no such claim. Its id is not reused by ``next_claim_id`` as long
    as a higher id remains; the history keeps it either way."""
    store_path = Path(store_path)
    with store_lock(store_path):
        existing = read_claims(store_path)
        position = _position(existing, claim_id, store_path)
        removed = existing.loc[position].to_dict()
        _log_changes(store_path, [("delete", "before", removed)], changed_by or removed["coder"])
        write_claims_atomic(existing.drop(index=position), store_path)
    return removed


def save_claims(
    claims: pd.DataFrame,
    path: Path | str,
    articles: pd.DataFrame | Mapping[str, str],
    registry: ActorRegistry | Path | str,
    codebook: Mapping,
    outlet_names: Iterable[str] = (),
    changed_by: str = "",
) -> None:
    """Validate every row, then write the whole table atomically under the store's lock; with
    any problem nothing is written and ClaimValidationError lists them all. Rows in the file
    (re-read under the lock) but missing from ``claims`` make the save fail too: a save never
    loses rows, even one another coder added meanwhile (delete with ``delete_claim``). New and
    changed rows are logged in the history."""
    problems = validate_claims(claims, articles, registry, codebook, outlet_names)
    with store_lock(path):
        existing = read_claims(path, missing_ok=True)
        kept = set(claims["claim_id"])
        problems += [ClaimProblem(position + 2, claim_id, "claim_id",
                                  f"is in {Path(path).name} but not in the rows being saved")
                     for position, claim_id in enumerate(existing["claim_id"]) if claim_id not in kept]
        if problems:
            raise ClaimValidationError(problems)
        replace_store(path, existing, claims, changed_by)


def replace_store(path: Path | str, existing: pd.DataFrame, claims: pd.DataFrame, changed_by: str) -> None:
    """Write ``claims`` over a store that held ``existing``, logging every added or changed row
    in the history first. Call while holding the store's lock (``store_lock``), with
    ``existing`` read under it; rows of ``existing`` missing from ``claims`` are logged as
    deleted."""
    stored = {row["claim_id"]: row for row in existing.to_dict("records")}
    entries: list[tuple[str, str, Mapping[str, str]]] = []
    rows = claims.fillna("").astype(str).to_dict("records")
    for row in rows:
        old = stored.get(row["claim_id"])
        if old is None:
            entries.append(("add", "after", row))
        elif any(old[column] != row[column] for column in CLAIM_COLUMNS):
            entries += [("edit", "before", old), ("edit", "after", row)]
    kept = {row["claim_id"] for row in rows}
    entries += [("delete", "before", old) for claim_id, old in stored.items() if claim_id not in kept]
    if entries:
        _log_changes(Path(path), entries, changed_by)
    write_claims_atomic(claims, path)
