"""Segmentation scored against hand-labelled pages (``tests/fixtures/segmentation*/``).

Reads ``*.labelled.txt`` fixtures, one line per page line: a one-letter code, a bar, the
original line ("B|a body line"); returns the page text and its codes, and our segmentation of
a text as the same codes. Used by ``tests/test_clean.py`` and ``bench/clean.py``. Writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from helpers.segment import BLANK, BODY, BOILERPLATE, COMMENT, TITLE, segment_text

#: One-letter codes used in ``*.labelled.txt`` fixtures ("B|a body line").
LABEL_CODES = {TITLE: "T", BODY: "B", COMMENT: "C", BOILERPLATE: "X", BLANK: "-"}


def read_labelled_fixture(path: str | Path) -> tuple[str, list[str]]:
    """(text, one code per line) from a fixture whose lines read ``CODE|original line``."""
    raw = Path(path).read_text(encoding="utf-8")
    rows = raw.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    codes, lines = [], []
    for number, row in enumerate(rows, start=1):
        code, bar, line = row.partition("|")
        if not bar or code not in LABEL_CODES.values():
            raise ValueError(f"{path} line {number}: expected 'T|', 'B|', 'C|', 'X|' or '-|' prefix")
        if (code == "-") != (not line.strip()):
            raise ValueError(f"{path} line {number}: '-' is for blank lines only, and blank lines need '-'")
        codes.append(code)
        lines.append(line)
    return "\n".join(lines), codes


def predicted_codes(text: str) -> list[str]:
    """Our segmentation of ``text`` as one fixture code per line."""
    return [LABEL_CODES[line.label] for line in segment_text(text).lines for _ in range(line.n_raw_lines)]
