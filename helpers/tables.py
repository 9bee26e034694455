"""Writing the project's CSV tables safely, and reading their list cells (shared by every stage).

A table is written to a temporary file in the same folder, flushed to disk, then moved over the
old one with ``os.replace``: a crash or an interrupted run leaves the previous file as it was, and
never half a file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd


def write_csv_atomic(frame: pd.DataFrame, path: Path | str) -> None:
    """Write ``frame`` as UTF-8 CSV (header, no index, ``\\n`` line ends) atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            frame.to_csv(stream, index=False, lineterminator="\n")
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.remove(temporary)
        raise


#: How the tables write several values in one cell: "Interfax; RIA Novosti".
LIST_SEPARATOR = ";"


def split_list(cell: object) -> list[str]:
    """The ``;``-separated items of a table cell: stripped, empties and repeats dropped, order
    kept (``" A ; B;;A; "`` -> ``["A", "B"]``). A missing cell (None, NaN) gives ``[]``."""
    if cell is None or (isinstance(cell, float) and cell != cell):
        return []
    items = (item.strip() for item in str(cell).split(LIST_SEPARATOR))
    return list(dict.fromkeys(item for item in items if item))
