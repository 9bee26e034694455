"""Bounds on the publication date of an article that has none: what its own text implies.

Reads the article's ``text`` with the spans of its body paragraphs and reader comments (as the
describe step finds them) and its language; returns ``published_not_before``,
``published_not_after`` and ``published_bounds_evidence``. Writes nothing. No date is invented:

* **not after** the earliest dated reader comment: a comment cannot precede the article. Only
  short lines of a comment count (a comment's date line, "Claire · 14 March 2024"), not dates a
  reader writes in prose.
* **not before** the latest day the article reports as past: a body sentence holding a full
  date (day, month and year) and one of the language's past-tense markers
  (``past_markers`` in ``helpers/rules/<language>/dates.yml``: "said", "a annoncé", "hatte"…)
  and none of its future markers ("will", "sera", "wird"…). An article reporting that something
  happened on a day was written on or after it. Sentences with no marker, or a language without
  markers, give no bound.

Each bound's evidence quotes the words it was read from; when the two bounds contradict each
other (a comment dated before the reported event) both are kept and the evidence says so.
"""

from __future__ import annotations

import re
from functools import lru_cache

from helpers import rules
from helpers.dates import YEAR_DIGITS, DateCandidate, dates_in_line

#: A sentence ends at . ! ? after a letter, then a space (good enough to keep a date with its
#: verb; "am 3. Februar" is not split).
SENTENCE_END = re.compile(r"(?<=[^\W\d_][.!?])\s+")
#: Longest line of a comment read as its date line (longer lines are the comment's prose).
MAX_COMMENT_DATE_WORDS = 12
#: Characters of a sentence quoted as evidence.
EVIDENCE_CHARS = 120

BOUND_COLUMNS = ["published_not_before", "published_not_after", "published_bounds_evidence"]


@lru_cache(maxsize=16)
def _markers(language: str) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(past, future) marker patterns of ``language`` from its dates.yml (None when it has none)."""
    data = rules.language_rules(language, "dates") if language else {}

    def compile_words(key: str) -> re.Pattern | None:
        words = [str(word) for word in data.get(key) or []]
        if not words:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)

    return compile_words("past_markers"), compile_words("future_markers")


rules.on_reload(_markers.cache_clear)


def _quote(sentence: str, candidate: DateCandidate, sentence_start: int) -> str:
    """Up to EVIDENCE_CHARS of ``sentence`` around the date, single-line."""
    text = " ".join(sentence.split())
    where = max(candidate.start - sentence_start, 0)
    if len(text) <= EVIDENCE_CHARS:
        return text
    start = max(min(where - EVIDENCE_CHARS // 2, len(text) - EVIDENCE_CHARS), 0)
    return ("…" if start else "") + text[start:start + EVIDENCE_CHARS] + "…"


def reported_past_days(text: str, body_spans: list[tuple[int, int]], language: str
                       ) -> list[tuple[DateCandidate, str]]:
    """(date, quoted sentence) for each full date a body sentence reports as past."""
    past, future = _markers(language)
    if past is None:
        return []
    found: list[tuple[DateCandidate, str]] = []
    for start, end in body_spans:
        paragraph = text[start:end]
        if not YEAR_DIGITS.search(paragraph):
            continue  # every full date has a four-digit year: most paragraphs have none
        position = 0
        for sentence in SENTENCE_END.split(paragraph):
            offset = paragraph.find(sentence, position)
            position = offset + len(sentence)
            if not YEAR_DIGITS.search(sentence):
                continue
            if not past.search(sentence) or (future is not None and future.search(sentence)):
                continue
            for candidate in dates_in_line(" ".join(sentence.split("\n")), start + offset, language):
                if candidate.value is not None and candidate.precision == "day":
                    found.append((candidate, _quote(sentence, candidate, start + offset)))
    return found


def comment_days(text: str, comment_spans: list[tuple[int, int]], language: str) -> list[DateCandidate]:
    """Full dates on the short lines (date lines) of reader comments."""
    found: list[DateCandidate] = []
    for start, end in comment_spans:
        position = start
        for line in text[start:end].split("\n"):
            if line.strip() and len(line.split()) <= MAX_COMMENT_DATE_WORDS:
                found.extend(c for c in dates_in_line(line, position, language)
                             if c.value is not None and c.precision == "day")
            position += len(line) + 1
    return found


def publication_bounds(text: str, body_spans: list[tuple[int, int]],
                       comment_spans: list[tuple[int, int]], language: str) -> dict[str, str]:
    """The bound columns (``BOUND_COLUMNS``) for an article without a publication date."""
    result = dict.fromkeys(BOUND_COLUMNS, "")
    evidence: list[str] = []
    reported = reported_past_days(text, body_spans, language)
    if reported:
        latest, quote = max(reported, key=lambda item: item[0].value)
        result["published_not_before"] = latest.iso
        evidence.append(f"not before {latest.iso}: the article reports {latest.evidence!r} as past "
                        f"({quote!r})")
    comments = comment_days(text, comment_spans, language)
    if comments:
        earliest = min(comments, key=lambda c: c.value)
        result["published_not_after"] = earliest.iso
        evidence.append(f"not after {earliest.iso}: earliest dated reader comment ({earliest.evidence!r})")
    if reported and comments and result["published_not_before"] > result["published_not_after"]:
        evidence.append("the two bounds contradict each other: check the page")
    result["published_bounds_evidence"] = "; ".join(evidence)
    return result
