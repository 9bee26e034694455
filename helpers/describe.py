"""Chapter 1 (ingest), describing: title, body, comments, language, outlet and publication date
of each article, from its segmentation.

Reads the ``text`` of each ingested article (a row of ``articles.csv``) and the outlet
registry; returns, per article, the title, the body, the reader comments, the removed
boilerplate, the language, the outlet and URL, and the publication date with its evidence.
``describe_articles`` does the same for a whole table; ``python -m helpers ingest`` appends
these columns to ``articles.csv``. How lines are labelled: ``helpers.segment``.

The body is built deterministically: each body unit, stripped of surrounding white space, is a
paragraph copied verbatim from ``text``, and paragraphs are joined with a blank line
("\\n\\n"). ``body_spans`` holds each paragraph's ``[start, end]`` in ``text``, so an offset into
``body`` maps back to ``text`` with ``body_to_text_offset``.
"""

from __future__ import annotations

import json
import re
from functools import partial

import pandas as pd

from helpers.dates import (
    PUBLICATION_MARKER,
    DateCandidate,
    dates_in_line,
    dates_in_url,
    describe_relation,
    is_date_line,
)
from helpers import rules
from helpers.datebounds import publication_bounds
from helpers.language import detect_language
from helpers.outlets import (
    OutletRegistry,
    domain_of,
    outlet_for_alias,
    outlet_for_domain,
    outlet_in_brand_line,
    outlet_in_title,
    registered_domain,
)
from helpers.pagedates import (DateLine, compact_url_dates, is_byline_date_line, labelled_published_days, labels_next_line,
                               opens_with_published_label, title_date, weak_day, weigh_date_lines)
from helpers.segment import (
    BARE_DOMAIN,
    BLANK,
    BODY,
    BOILERPLATE,
    COMMENT,
    HASHTAG,
    SOURCE_LINE,
    TITLE,
    URL,
    Line,
    Segmentation,
    ends_sentence,
    has_digit,
    line_dates,
    segment_text,
)

NOT_DATE_EVIDENCE = frozenset({BLANK, BODY, TITLE})
PARAGRAPH_SEPARATOR = "\n\n"

CLEAN_COLUMNS = [
    "title",
    "title_span",
    "body",
    "body_spans",
    "n_body_paragraphs",
    "n_body_chars",
    "comments",
    "comments_spans",
    "n_comments",
    "n_comments_source",
    "n_boilerplate_lines",
    "boilerplate",
    "language",
    "outlet",
    "outlet_evidence",
    "outlet_domain",
    "outlet_unregistered",
    "url",
    "published",
    "published_precision",
    "published_evidence",
    "published_note",
    "published_not_before",
    "published_not_after",
    "published_bounds_evidence",
    "body_truncated",
    "undetermined",
]
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|all rights reserved|tous droits réservés|alle rechte vorbehalten|"
    r"\b(?:19|20)\d{2}\b|[.,;]", re.IGNORECASE
)


#: A paragraph ending in an ellipsis the scraper added ("… and the…", "[…]").
CUT_ELLIPSIS = re.compile(r"(?:…|\.\.\.)\s*\]?\s*$")


def body_truncated(text: str, body_spans: list[tuple[int, int]]) -> str:
    """``yes`` when the body's last paragraph stops mid-sentence, ``no`` otherwise, "" without body.

    Mid-sentence: no final sentence mark, or an ellipsis where the text was cut ("…", "[…]").
    The paragraph stays in the body (its actors and sources are the article's); the flag says
    the article goes on beyond what was saved.
    """
    if not body_spans:
        return ""
    start, end = body_spans[-1]
    last = text[start:end].strip()
    cut = not ends_sentence(last) or bool(CUT_ELLIPSIS.search(last))
    return "yes" if cut and len(last.split()) >= rules.thresholds().min_truncated_words else "no"


def add_publication_bounds(described: dict, text: str, body_spans: list[tuple[int, int]],
                           comment_spans: list[tuple[int, int]]) -> dict:
    """``described`` with the bound columns filled when it has no publication date."""
    bounds = (publication_bounds(text, body_spans, comment_spans, described["language"])
              if not described["published"] else {})
    for column in ("published_not_before", "published_not_after", "published_bounds_evidence"):
        described[column] = bounds.get(column, "")
    return described


def spans_json(spans: list[tuple[int, int]]) -> str:
    """Spans as compact JSON: [[0,12],[14,80]] (written by hand: json.dumps is slower here)."""
    return "[" + ",".join(f"[{start},{end}]" for start, end in spans) + "]"


def join_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The verbatim slices of ``text`` at ``spans`` joined with a blank line (how body is built)."""
    return PARAGRAPH_SEPARATOR.join(text[start:end] for start, end in spans)


def body_to_text_offset(body_spans: list[list[int]] | str, offset: int) -> int:
    """Map an offset into ``body`` to the offset of the same character in ``text``.

    ``body_spans`` is the list (or its JSON) stored in ``articles.csv``. An offset equal to
    ``len(body)`` maps to the end of the last paragraph. Offsets inside a paragraph separator
    have no counterpart in ``text`` and raise ValueError.
    """
    spans = json.loads(body_spans) if isinstance(body_spans, str) else body_spans
    if offset < 0:
        raise ValueError(f"offset {offset} is negative")
    position = 0
    for number, (start, end) in enumerate(spans):
        length = end - start
        if offset <= position + length:
            if offset == position + length and number < len(spans) - 1:
                raise ValueError(f"offset {offset} is on the separator after paragraph {number}")
            return start + offset - position
        position += length
        if number == len(spans) - 1:
            break
        if offset < position + len(PARAGRAPH_SEPARATOR):
            raise ValueError(f"offset {offset} is on the separator after paragraph {number}")
        position += len(PARAGRAPH_SEPARATOR)
    raise ValueError(f"offset {offset} is past the end of the body ({position} characters)")


def _find_outlet(lines: list[Line], outlets: OutletRegistry | None,
                 page_url: str = "") -> tuple[str, str, str, str]:
    """(outlet, evidence, url, unregistered name) from URL/domain/"Source:" lines, else a final
    outlet hashtag, else a copyright signature with a year, else the outlet named after the
    headline in the title or on the page's own brand line ("Le Monde avec AFP", "DER SPIEGEL");
    outlets the text merely cites are never used. The fourth value is the copyright holder
    when the registry does not know it (reported for review, never put in ``outlet``).
    ``page_url`` is the URL an HTML page gives for itself: with a known URL, a line that is
    only an outlet's name is a menu or a press review rather than the brand."""
    url, url_evidence, unregistered = "", "", ""
    for line in lines:
        if line.label != BOILERPLATE:
            continue
        if line.reason in {"URL line", "source line", "photo credit or source"}:
            found = URL.search(line.text)
            if found:
                url, url_evidence = found.group(0).rstrip(".,;"), line.text
                break
            if BARE_DOMAIN.match(line.text):
                url, url_evidence = line.text, line.text
                break
            source = SOURCE_LINE.match(line.text)
            if source and outlets is not None:
                name = outlet_for_alias(outlets, source.group("rest"))
                if name:
                    return name, line.text, "", ""
    if url and outlets is not None:
        name = outlet_for_domain(outlets, domain_of(url))
        if name:
            return name, url_evidence, url, ""
    if outlets is not None:
        for line in lines:
            if line.reason == "hashtag line":
                last = HASHTAG.findall(line.text)
                name = outlet_for_alias(outlets, last[-1]) if last else ""
                if name:
                    return name, last[-1], url, ""
    for line in lines:
        # A page-footer signature "© 2024 Le Monde": a year is required, because a bare
        # "(c) AFP" under a photo credits the picture, not the article.
        if line.reason == "copyright line" and YEAR.search(line.text):
            holder = YEAR.sub(" ", COPYRIGHT_WORDS.sub(" ", line.text)).strip(" .,;:-–|")
            # The holder often trails words ("Guardian News & Media Limited or its
            # affiliates"): the longest leading run of words that is a registered alias wins.
            words = holder.split()[:8]
            for n_words in range(len(words), 0, -1):
                name = outlet_for_alias(outlets, " ".join(words[:n_words])) if outlets else ""
                if name:
                    return name, line.text, url, ""
            unregistered = unregistered or " ".join(words)
    if outlets is not None:
        for line in lines:  # the page's own title and brand lines
            if line.label == TITLE:
                name = outlet_in_title(outlets, line.text)
            elif line.label == BOILERPLATE and line.reason not in NOT_BRAND_REASONS:
                name = outlet_in_brand_line(outlets, line.text, alone=not (url or page_url))
            else:
                continue
            if name:
                return name, line.text, url, ""
    return "", url_evidence if url else "", url, unregistered


#: Boilerplate whose outlet names are other articles' or other pages' (a related-link list
#: "Ukraine talks – Reuters", share buttons "Facebook"), never the page's own brand.
NOT_BRAND_REASONS = frozenset({"related link", "share buttons", "hashtag line", "URL line"})


#: Boilerplate lines whose date, when the line is essentially a date, dates the article.
DATE_EVIDENCE_REASONS = frozenset(
    {"date line", "byline", "photo credit or source", "short line outside the article's paragraphs",
     "menu line", "line repeated on the page"}
)


#: Most words before a date that opens the first paragraph ("date 2023-07-06 LONDON — …").
MAX_GLUED_PREFIX_WORDS = 2
#: What follows such a date: a dateline place in capitals, a dash, a bar or a colon.
AFTER_GLUED_DATE = re.compile(r"^\s*(?:[-–—|:·•]|\(|[A-ZÀ-Ý][A-ZÀ-Ý'’.-]{2,}\b)")


def _glued_date(seg: Segmentation, language: str) -> list[DateCandidate]:
    """A date line glued to the first paragraph ("date 2023-07-06 LONDON — A group …").

    The date must open the paragraph (at most two words before it, e.g. "date", "Published")
    and be followed by a dateline place in capitals or a separator, as a date line would be.
    """
    first = next((line for line in seg.lines if line.label == BODY), None)
    if first is None or not has_digit(first):
        return []
    for candidate in dates_in_line(first.text, first.start, language):
        before = first.text[: candidate.start - first.start]
        if candidate.value is None or len(before.split()) > MAX_GLUED_PREFIX_WORDS:
            return []
        if AFTER_GLUED_DATE.match(first.text[candidate.end - first.start:]):
            return [candidate]
        return []
    return []


def _find_publication_date(seg: Segmentation, url: str, language: str) -> dict:
    """Publication date from non-body, non-comment lines (labelled, date lines), URL, unix."""
    date_lines: list[DateLine] = []
    unix: list[DateCandidate] = []
    comment_dates: list[DateCandidate] = []
    for index, line in enumerate(seg.lines):
        if not has_digit(line):
            continue
        # A publication line the layout glued into the paragraphs ("PUBLISHED: November 8, …").
        in_body_label = line.label == BODY and opens_with_published_label(line.text)
        # A byline with its day ("July 24, 2019 by Amy Motroni"), among paragraphs or furniture.
        byline = line.label not in (BLANK, TITLE, COMMENT) and is_byline_date_line(line.text)
        if line.label in NOT_DATE_EVIDENCE and not (in_body_label or byline):
            continue
        if line.label == COMMENT:
            if not comment_dates and line.words <= 12:  # comment dates sit on short lines
                comment_dates.extend(c for c in line_dates(line) if c.value)
            continue
        is_unix = line.reason == "unix timestamp"
        is_labelled = in_body_label or (line.reason != "URL line" and bool(
            PUBLICATION_MARKER.search(line.text) or labelled_published_days(line.text, generic=False)))
        if not (is_unix or is_labelled or byline or line.reason in DATE_EVIDENCE_REASONS):
            continue  # URLs, hashtags, counts, related links: dates there are not publication dates
        candidates = [c for c in line_dates(line) if c.value]
        if language == "en" and any(c.kind == "numeric" for c in candidates):
            # English slash dates are read month-first only once the language is known.
            candidates = [c for c in dates_in_line(line.text, line.start, language) if c.value]
        if not candidates:
            continue
        if candidates[0].kind == "unix":
            unix.append(candidates[0])
        elif is_labelled or byline or is_date_line(line.text, candidates):
            above = index - 1
            while above >= 0 and seg.lines[above].label == BLANK:
                above -= 1
            previous = seg.lines[above].text if above >= 0 else ""
            labelled_above = candidates[0].start == line.start and labels_next_line(previous)
            date_lines.append(DateLine(index, candidates[0], line.text, line.start,
                                       is_labelled or labelled_above, previous, byline))
    body_indices = [i for i, line in enumerate(seg.lines) if line.label == BODY]
    weighed, set_aside = weigh_date_lines(date_lines, body_indices[-1] if body_indices else None,
                                     body_indices[0] if body_indices else None,
                                     next((i for i, line in enumerate(seg.lines) if line is seg.title), None))
    labelled = [d.candidate for d in weighed[:1] if d.labelled]
    dated_lines = []
    if weighed and not weighed[0].labelled:
        settled, weak = weak_day(weighed, body_indices[0] if body_indices else None)
        dated_lines = [settled] if settled is not None else []
        set_aside = set_aside + ([weak] if weak else [])
    glued = [] if (labelled or dated_lines) else _glued_date(seg, language)
    # Compact URL forms (`_AV-202211070779`, `-11-14-2022/`) only where the usual ones are absent.
    url_dates = (dates_in_url(url) or compact_url_dates(url, language)) if url else []
    in_title = title_date(seg.title.text, language, offset=seg.title.start) if seg.title is not None else None
    title_dates = [in_title] if in_title is not None and in_title.value else []
    chosen = (labelled or dated_lines or glued or title_dates or url_dates or unix or [None])[0]
    result = {"published": "", "published_precision": "unknown", "published_evidence": "",
              "published_note": ""}
    notes: list[str] = []
    notes.extend(set_aside)  # which date lines were not taken, and why (the evidence says which was)
    if chosen is not None:
        result.update(published=chosen.iso, published_precision=chosen.precision,
                      published_evidence=chosen.evidence)
        if chosen.kind == "unix":
            notes.append("from a unix timestamp, read as UTC")
        elif chosen.kind == "url":
            notes.append("from the date in the URL")
        elif chosen.kind == "numeric" and chosen.precision == "year":
            notes.append("English numeric date: day and month order unknown (US vs elsewhere), year only")
        if glued and chosen is glued[0]:
            notes.append("from the date opening the first paragraph")
        elif title_dates and chosen is title_dates[0]:
            notes.append("from the date at the end of the title")
        if unix and chosen.kind != "unix":
            notes.append(describe_relation(chosen, unix[0]))
    elif comment_dates and comment_dates[0].value is not None:
        notes.append(
            f"only reader-comment dates; first comment {comment_dates[0].iso} "
            f"({comment_dates[0].evidence!r}), so published on or before it"
        )
    result["published_note"] = "; ".join(notes)
    return result


def describe_segmentation(text: str, seg: Segmentation, outlets: OutletRegistry | None,
                          page_url: str = "") -> dict:
    """The described-article columns from a segmentation of ``text`` (``page_url``: the URL
    an HTML page gives for itself, see ``_find_outlet``)."""
    body_lines = [line for line in seg.lines if line.label == BODY]
    body_spans = [(line.start, line.end) for line in body_lines]
    comment_spans = [(item[0].start, item[-1].end) for item in seg.comment_items]
    boilerplate = [line for line in seg.lines if line.label == BOILERPLATE]
    body = join_spans(text, body_spans)
    language = (seg.language or detect_language(body)) if body else ""
    outlet, outlet_evidence, url, unregistered = _find_outlet(seg.lines, outlets, page_url)
    dates = _find_publication_date(seg, url, language)
    found_comments = len(seg.comment_items)
    if seg.declared_comments is not None:
        n_comments, n_source = seg.declared_comments, "declared"
    else:
        n_comments, n_source = found_comments, "counted"
    undetermined: list[str] = []
    if seg.title is None:
        undetermined.append("title: no title-like line before the first paragraph")
    if not body:
        undetermined.append("body: no line reads as article prose")
    if not language:
        undetermined.append("language: body too short to tell")
    if not outlet:
        if outlets is None:
            undetermined.append("outlet: no outlet registry loaded")
        elif url:
            undetermined.append(f"outlet: domain {domain_of(url)} is not in the outlet registry")
        else:
            undetermined.append("outlet: no URL, domain, source line or outlet hashtag in the text")
    if not url:
        undetermined.append("url: no URL in the text")
    if not dates["published"]:
        reason = "published: no date outside the body and the comments"
        if dates["published_note"]:
            reason = "published: only reader-comment dates in the text"
        undetermined.append(reason)
    if seg.declared_comments is not None and seg.declared_comments != found_comments:
        undetermined.append(
            f"comments: page declares {seg.declared_comments}, {found_comments} found in the text"
        )
    title = seg.title
    return {
        "title": title.text if title else "",
        "title_span": spans_json([(title.start, title.end)])[1:-1] if title else "",
        "body": body,
        "body_spans": spans_json(body_spans),
        "n_body_paragraphs": len(body_spans),
        "n_body_chars": len(body),
        "comments": join_spans(text, comment_spans),
        "comments_spans": spans_json(comment_spans),
        "n_comments": n_comments,
        "n_comments_source": n_source,
        "n_boilerplate_lines": len(boilerplate),
        "boilerplate": "\n".join(line.text for line in boilerplate),
        "language": language,
        "outlet": outlet,
        "outlet_evidence": outlet_evidence,
        "outlet_domain": registered_domain(url),
        "outlet_unregistered": "" if outlet else unregistered,
        "url": url,
        **dates,
        **{column: "" for column in ("published_not_before", "published_not_after",
                                     "published_bounds_evidence")},
        "body_truncated": body_truncated(text, body_spans),
        "undetermined": "; ".join(undetermined),
    }


def describe_article(record: dict, outlets: OutletRegistry | None) -> dict:
    """Describe one ingested article (a row of ``articles.csv`` with ``text``): new columns only."""
    text = record.get("text") or ""
    if not isinstance(text, str):
        text = ""
    described = describe_segmentation(text, segment_text(text), outlets)
    return add_publication_bounds(described, text, json.loads(described["body_spans"]),
                                  json.loads(described["comments_spans"]))


def _describe_text(text: str, page: str = "", outlets: OutletRegistry | None = None) -> dict:
    """One article's described columns: from its HTML extraction record when it was a web page
    (``page``, see :mod:`helpers.webpage`), else from the line rules on its plain text."""
    if isinstance(page, str) and page:
        from helpers.webpage import describe_page

        return describe_page(text, page, outlets)
    return describe_article({"text": text}, outlets)


def describe_articles(articles: pd.DataFrame, outlets: OutletRegistry | None,
                      workers: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """``articles`` with the described-article columns appended (same rows, same order).

    ``workers`` > 1 spreads articles over a process pool (results keep the table's order).
    """
    from tqdm.auto import tqdm

    if progress is None:
        progress = len(articles) > 300
    texts = articles["text"].tolist() if "text" in articles.columns else [""] * len(articles)
    # HTML pages carry their extraction record (ingest's `page` column, only when there are any).
    pages = articles["page"].fillna("").tolist() if "page" in articles.columns else [""] * len(texts)
    describe = partial(_describe_text, outlets=outlets)  # the registry travels once per chunk
    if workers > 1 and len(texts) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(describe, texts, pages, chunksize=64)
            described = list(tqdm(results, total=len(texts), disable=not progress, desc="clean", unit="article"))
    else:
        described = [describe(text, page) for text, page in
                     tqdm(zip(texts, pages), total=len(texts), disable=not progress, desc="clean", unit="article")]
    extra = pd.DataFrame(described, columns=CLEAN_COLUMNS, index=articles.index)
    if len(articles) == 0:
        extra = pd.DataFrame(columns=CLEAN_COLUMNS)
    return pd.concat([articles, extra], axis=1)


def undetermined_table(described: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, field) that could not be determined, with the reason in words."""
    rows = []
    for source_path, reasons in zip(described["source_path"], described["undetermined"].fillna("")):
        for reason in filter(None, reasons.split("; ")):
            field_name, _, why = reason.partition(": ")
            rows.append({"source_path": source_path, "field": field_name, "reason": why})
    return pd.DataFrame(rows, columns=["source_path", "field", "reason"])
