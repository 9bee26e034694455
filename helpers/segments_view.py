"""A segmentation shown in a notebook: the text coloured by segment, or a table of lines.

Reads one article's ``text``; returns a ``SegmentsView`` (HTML with a stable plain-text form for
nbval) or a DataFrame. Article text is HTML-escaped before it goes into the page. Writes nothing.
"""

from __future__ import annotations

import html

import pandas as pd

from helpers.segment import BLANK, BODY, BOILERPLATE, COMMENT, TITLE, segment_text

#: Okabe-Ito colours (colour-blind safe), light tints as backgrounds.
SEGMENT_COLOURS = {TITLE: "#E69F00", BODY: "#56B4E9", COMMENT: "#009E73", BOILERPLATE: "#CC79A7"}


class SegmentsView:
    """HTML view of a segmentation whose plain-text form is stable (for nbval)."""

    def __init__(self, html_text: str, plain: str) -> None:
        self._html, self._plain = html_text, plain

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._plain


def segment_table(text: str) -> pd.DataFrame:
    """One row per non-blank line: line number, label, reason, first characters."""
    seg = segment_text(text)
    rows = [{"line": l.line_number + 1, "segment": l.label, "reason": l.reason, "text": l.text[:60]}
            for l in seg.lines if l.label != BLANK]
    return pd.DataFrame(rows, columns=["line", "segment", "reason", "text"])


def render_segments_html(text: str) -> SegmentsView:
    """The raw text with each line coloured by its segment (title/body/comment/boilerplate)."""
    seg = segment_text(text)
    legend = " ".join(
        f'<span style="background:{colour}33;border-left:4px solid {colour};padding:0 4px">{name}</span>'
        for name, colour in SEGMENT_COLOURS.items()
    )
    rows = []
    for line in seg.lines:
        if line.label == BLANK:
            rows.append("<div>&nbsp;</div>")
            continue
        colour = SEGMENT_COLOURS[line.label]
        rows.append(
            f'<div title="{html.escape(line.reason)}" style="background:{colour}33;'
            f'border-left:4px solid {colour};padding-left:6px;white-space:pre-wrap">'
            f"{html.escape(text[line.start - line.indent:line.end])}</div>"
        )
    body = "\n".join(rows)
    page = f'<div style="font-family:sans-serif;font-size:0.85em">{legend}<hr>{body}</div>'
    counts = {label: sum(l.label == label for l in seg.lines) for label in SEGMENT_COLOURS}
    plain = "segmented text: " + ", ".join(f"{n} {label} lines" for label, n in counts.items())
    return SegmentsView(page, plain)
