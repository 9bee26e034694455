"""helpers.tables: the one reader of ``;``-separated list cells used by every stage."""

from __future__ import annotations

import math

import pytest

from helpers import claimdata, claims, outlets, registry
from helpers.tables import split_list


@pytest.mark.parametrize(
    "cell, items",
    [(" A ; B;;A; ", ["A", "B"]), ("Interfax; RIA Novosti", ["Interfax", "RIA Novosti"]),
     ("", []), (" ; ", []), (None, []), (math.nan, []), ("B; A", ["B", "A"])],
)
def test_split_list(cell, items):
    assert split_list(cell) == items


def test_every_stage_reads_list_cells_the_same_way():
    assert {claims.split_list, claimdata.split_list, outlets.split_list, registry.split_list} == {split_list}


# --- atomic writes: permissions kept, no temporary file left behind -------------------------------

import os  # noqa: E402
import stat  # noqa: E402
import time  # noqa: E402

import pandas as pd  # noqa: E402

from helpers import tables  # noqa: E402

FRAME = pd.DataFrame({"a": ["x, y", 'say "hi"', "two\nlines", "", None], "n": [1, 2, 3, 4, 5],
                      "f": [0.5, float("nan"), 1e-9, 2.0, 3.25]})


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_rewriting_a_table_keeps_its_permissions(tmp_path):
    path = tmp_path / "shared.csv"
    tables.write_csv_atomic(FRAME, path)
    os.chmod(path, 0o664)
    tables.write_csv_atomic(FRAME.head(2), path)
    assert mode(path) == 0o664
    os.chmod(path, 0o640)
    tables.write_csv_atomic(FRAME, path)
    assert mode(path) == 0o640


def test_a_new_table_gets_the_umask_default_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        tables.write_csv_atomic(FRAME, tmp_path / "new.csv")
        os.umask(0o002)
        tables.write_csv_atomic(FRAME, tmp_path / "group.csv")
    finally:
        os.umask(old)
    assert mode(tmp_path / "new.csv") == 0o644
    assert mode(tmp_path / "group.csv") == 0o664


def test_no_temporary_file_is_left_after_a_save_or_a_failed_save(tmp_path, monkeypatch):
    tables.write_csv_atomic(FRAME, tmp_path / "t.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]

    def broken(frame, stream):
        stream.write("half a ta")
        raise KeyboardInterrupt

    monkeypatch.setattr(tables, "write_frame_csv", broken)
    with pytest.raises(KeyboardInterrupt):
        tables.write_csv_atomic(FRAME, tmp_path / "t.csv")
    assert [p.name for p in tmp_path.iterdir()] == ["t.csv"]
    assert (tmp_path / "t.csv").read_text() == FRAME.to_csv(index=False, lineterminator="\n")


def test_a_killed_saves_stale_temporary_is_removed_by_the_next_save(tmp_path):
    stale = tmp_path / f".t.csv.0123456789ab{tables.TEMP_SUFFIX}"
    fresh = tmp_path / f".t.csv.ba9876543210{tables.TEMP_SUFFIX}"  # a save running right now
    other = tmp_path / ".t.csv.tmp"  # not ours
    for path in (stale, fresh, other):
        path.write_text("partial")
    hours_ago = time.time() - tables.STALE_TEMP_SECONDS - 60
    os.utime(stale, (hours_ago, hours_ago))
    os.utime(other, (hours_ago, hours_ago))
    tables.write_csv_atomic(FRAME, tmp_path / "t.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([fresh.name, other.name, "t.csv"])


def test_a_killed_save_leaves_the_old_table_and_its_temporary_is_cleaned_later(tmp_path):
    """kill -9 in the middle of a save: the old table is intact; the next save cleans up."""
    import subprocess
    import sys

    path = tmp_path / "store.csv"
    tables.write_csv_atomic(FRAME, path)
    before = path.read_bytes()
    script = ("import os, signal, pandas as pd\n"
              "from helpers import tables\n"
              "def die(frame, stream):\n"
              "    stream.write('partial'); stream.flush(); os.kill(os.getpid(), signal.SIGKILL)\n"
              "tables.write_frame_csv = die\n"
              f"tables.write_csv_atomic(pd.DataFrame({{'a': [1]}}), {str(path)!r})\n")
    completed = subprocess.run([sys.executable, "-c", script], check=False)
    assert completed.returncode == -9
    assert path.read_bytes() == before
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(tables.TEMP_SUFFIX)]
    assert len(leftovers) == 1
    old = time.time() - tables.STALE_TEMP_SECONDS - 1
    os.utime(leftovers[0], (old, old))
    tables.write_csv_atomic(FRAME, path)
    assert [p.name for p in tmp_path.iterdir()] == ["store.csv"]


def test_huge_cells_are_streamed_with_exactly_the_bytes_of_to_csv(tmp_path, monkeypatch):
    import io

    monkeypatch.setattr(tables, "LARGE_CELL", 3)  # every cell longer than 3 characters is "huge"
    frame = pd.concat([FRAME, pd.DataFrame({"a": ["plain-long-text", '"quoted", with\r\nCRLF'],
                                            "n": [6, 7], "f": [1.5, 2.5]})], ignore_index=True)
    frame["b"] = ["short", "a much longer cell, with a comma", "ok", "", "x" * 50, "é" * 9, "\n"]
    streamed = io.StringIO()
    tables.write_frame_csv(frame, streamed)
    assert streamed.getvalue() == frame.to_csv(index=False, lineterminator="\n")
    assert tables._large_cells(frame)  # the streaming path was taken
