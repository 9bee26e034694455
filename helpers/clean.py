"""Chapter 1 (ingest), cleaning: the public names of the segmentation and describing modules.

Cleaning is split by job; this module only re-exports what notebooks, ``bench/clean.py`` and
older code import from ``helpers.clean``:

- ``helpers.segment``: label each line of an article (title, body, comment, boilerplate);
- ``helpers.describe``: title, body, comments, language, outlet and publication date per
  article (``describe_articles`` appends them to ``articles.csv``);
- ``helpers.fixtures``: scoring against hand-labelled pages;
- ``helpers.segments_view``: a segmentation shown in a notebook;
- ``helpers.rules``: the language and per-site boilerplate words, loaded from data files.
"""

from __future__ import annotations

from helpers.describe import (
    CLEAN_COLUMNS,
    PARAGRAPH_SEPARATOR,
    body_to_text_offset,
    describe_article,
    describe_articles,
    describe_segmentation,
    join_spans,
    spans_json,
    undetermined_table,
)
from helpers.fixtures import LABEL_CODES, predicted_codes, read_labelled_fixture
from helpers.language import LANGUAGE_SAMPLE_CHARS, detect_language
from helpers.segment import (
    BLANK,
    BODY,
    BOILERPLATE,
    COMMENT,
    TITLE,
    Line,
    Segmentation,
    comments_header_count,
    ends_full_stop,
    ends_sentence,
    is_bare_number,
    segment_text,
)
from helpers.segments_view import SEGMENT_COLOURS, SegmentsView, render_segments_html, segment_table

__all__ = [
    "BLANK", "BODY", "BOILERPLATE", "CLEAN_COLUMNS", "COMMENT", "LABEL_CODES", "LANGUAGE_SAMPLE_CHARS",
    "PARAGRAPH_SEPARATOR", "SEGMENT_COLOURS", "TITLE", "Line", "Segmentation", "SegmentsView",
    "body_to_text_offset", "comments_header_count", "describe_article", "describe_articles",
    "describe_segmentation", "detect_language", "ends_full_stop", "ends_sentence", "is_bare_number",
    "join_spans", "predicted_codes", "read_labelled_fixture", "render_segments_html",
    "segment_table", "segment_text", "spans_json", "undetermined_table",
]
