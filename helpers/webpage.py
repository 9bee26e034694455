"""HTML pages in: main text, reader comments and publication date from the page itself.

Reads the decoded HTML of one file (at ingest, where the page is still in hand) and returns the
visible text that becomes ``articles.csv``'s ``text`` together with a small JSON record (the
``page`` column) of what the page's structure tells:

- ``body_spans`` / ``comments_spans``: where trafilatura's main-text and comment paragraphs sit
  in ``text`` (``[start, end]`` offsets, so every paragraph keeps its provenance); the main text
  is trafilatura's precise pass with what its balanced pass adds inside that article or as
  prose (``combine_extractions``);
- ``title``, ``title_span``, ``site_name``, ``url`` (canonical URL of the page), ``domain``;
- ``published`` with ``published_evidence`` (``htmldate:<where>``) from htmldate, which reads
  the page head (meta tags, JSON-LD), the markup and the URL.

``describe_page`` turns that record into the described-article columns of
``helpers.describe.CLEAN_COLUMNS`` (the describe step calls it for rows that have a ``page``), with
this project's line rules on top: a paragraph trafilatura kept that the project's rules call
boilerplate (share buttons, related links, comment forms…) is moved to ``boilerplate``, and a
lead trafilatura dropped between the title and the body is added back (``lead_spans``).

Nothing here fetches anything: the page is read as saved. A page that lxml, trafilatura or
htmldate cannot read raises ``PageError`` with the reason; ingest turns it into a problem row.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from helpers.outlets import OutletRegistry

#: An XML declaration (XHTML pages): lxml refuses a str that still carries one.
XML_DECLARATION = re.compile(r"\A\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: Characters XML forbids (C0 controls except tab/newline/return); lxml refuses them in str input.
XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
NOSCRIPT = re.compile(r"<noscript\b[^>]*>.*?</noscript\s*>", re.IGNORECASE | re.DOTALL)
#: Runs of visible characters: white space and the invisible format characters pages put inside
#: words (soft hyphens, zero-width spaces, word joiners, byte-order marks) are skipped, since
#: extractors drop the latter and the words are the same.
NON_SPACE = re.compile(r"[^\s\u00ad\u200b\u2060\ufeff]+")
#: Block elements of trafilatura's output tree whose text is one paragraph.
BLOCK_TAGS = ("p", "head", "item", "quote", "code", "row", "cell")
#: htmldate's earliest plausible publication year (its ``MIN_DATE`` is 1995-01-01).
EARLIEST_PAGE_YEAR = "1995"
#: htmldate's output format (a day).
ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class PageError(ValueError):
    """The HTML page cannot be read (reason in the message)."""


@dataclass
class Page:
    """What an HTML page's structure says, with spans into the page's visible text."""

    body_spans: list[list[int]] = field(default_factory=list)
    comments_spans: list[list[int]] = field(default_factory=list)
    title: str = ""
    title_span: list[int] = field(default_factory=list)
    site_name: str = ""
    url: str = ""
    domain: str = ""
    published: str = ""
    published_evidence: str = ""
    published_note: str = ""  # why htmldate's date was replaced or refused
    n_unlocated: int = 0  # extracted paragraphs not found verbatim in the text (left out)

    def to_json(self) -> str:
        """Compact, key-sorted JSON (same page, same bytes)."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, data: str) -> Page:
        """The record stored in the ``page`` column."""
        fields = json.loads(data)
        return cls(**{k: v for k, v in fields.items() if k in cls.__dataclass_fields__})


def parseable_html(html: str) -> str:
    """The page without an XML declaration, ``<noscript>`` blocks and XML-forbidden controls.

    XHTML pages start with ``<?xml … encoding=…?>`` and lxml refuses a Python str carrying an
    encoding declaration; control characters (scraping debris) are refused too.
    """
    html = XML_DECLARATION.sub("", html, count=1)
    # <noscript> blocks go before parsing: one holding an unclosed tag ("<noscript><div>
    # </noscript>") makes lxml nest the whole page inside it, and noscript is dropped as invisible.
    html = NOSCRIPT.sub("", html)
    return XML_FORBIDDEN.sub("", html)


@functools.lru_cache(maxsize=2)  # one page's text is searched for body, comments and title
def squeeze(text: str) -> tuple[str, list[int]]:
    """``text`` without any white space, and the offset in ``text`` of each character kept.

    Extractors and the visible-text conversion disagree on where white space goes (a ``<br>``,
    an inline element ending a block) and on invisible soft hyphens, never on the visible
    characters themselves. The offsets list is shared between calls: read it, never change it.
    """
    kept: list[str] = []
    origin: list[int] = []
    for match in NON_SPACE.finditer(text):
        kept.append(match.group())
        origin.extend(range(match.start(), match.end()))
    return "".join(kept), origin


#: Shortest run of words located on its own when an extracted block is not in the text whole.
MIN_RUN_WORDS = 3
#: Most pieces one block is searched as (merged blocks have a few; a foreign block many).
MAX_RUNS = 40


def _longest_run(squeezed: str, words: list[str], cursor: int) -> tuple[int, int]:
    """(number of leading ``words`` found together in ``squeezed``, where), by bisection."""
    low, high, where = 0, len(words), -1
    while low < high:
        middle = (low + high + 1) // 2
        found = squeezed.find("".join(words[:middle]), cursor)
        if found < 0 and cursor:
            found = squeezed.find("".join(words[:middle]))
        if found >= 0:
            low, where = middle, found
        else:
            high = middle - 1
    return low, where


def locate_blocks(text: str, blocks: list[str]) -> tuple[list[list[int]], int]:
    """Spans ``[start, end]`` in ``text`` of each block found there (whitespace-insensitive).

    Blocks are searched in order from the end of the previous match (extractors keep page
    order), then anywhere. A block not found whole (an extractor merged pieces from two places)
    is located as its longest runs of at least ``MIN_RUN_WORDS`` words; words found nowhere are
    left out and each such block is counted (second value), so a span always points at the same
    words in ``text``. Overlapping finds are dropped.
    """
    squeezed, origin = squeeze(text)
    spans: list[list[int]] = []
    missing = 0
    cursor = 0
    taken: list[tuple[int, int]] = []

    def take(found: int, length: int) -> None:
        nonlocal cursor
        start, end = origin[found], origin[found + length - 1] + 1
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            return  # the same words twice (a repeated paragraph): keep the first
        taken.append((start, end))
        spans.append([start, end])
        cursor = found + length

    for block in blocks:
        words = NON_SPACE.findall(unicodedata.normalize("NFC", block))
        needle = "".join(words)
        if not needle:
            continue
        found = squeezed.find(needle, cursor)
        if found < 0:
            found = squeezed.find(needle)
        if found >= 0:
            take(found, len(needle))
            continue
        lost = False
        for _ in range(MAX_RUNS):  # bounded: a block of text absent from the page costs little
            if not words:
                break
            n_words, found = _longest_run(squeezed, words, cursor)
            if n_words >= min(MIN_RUN_WORDS, len(words)) and found >= 0:
                take(found, len("".join(words[:n_words])))
                words = words[n_words:]
            else:
                words, lost = words[max(n_words, 1):], True
        lost = lost or bool(words)
        missing += lost
    return sorted(spans), missing


def _block_texts(tree) -> list[str]:
    """Paragraph texts of a trafilatura output tree (body or comments), in document order."""
    if tree is None:
        return []
    texts: list[str] = []
    for element in tree.iter(*BLOCK_TAGS):
        # A list item or table cell nested in another block is read once, with its parent.
        if any(parent.tag in BLOCK_TAGS for parent in element.iterancestors()):
            continue
        for line_break in element.iter("lb"):
            line_break.text = " "  # trafilatura's <lb/> is a line break: keep words apart
        value = " ".join("".join(element.itertext()).split())
        if value:
            texts.append(value)
    return texts


def find_page_date(html: str, url: str = "", extensive: bool = True,
                   fast_date: str | None = None, text: str = "") -> tuple[str, str, str]:
    """(ISO date, evidence, note) of the page's original publication date, or ("", "", note).

    htmldate's fast pass (``original_date=True``) reads the URL, the head (meta tags, JSON-LD)
    and the markup; its answer is checked against what the page declares in its head
    (``helpers.pagedates.head_dates``) and the days its visible ``text`` shows
    (``helpers.pagedates.visible_days``), because readers and annotators date a page by the
    date it shows:

    * the head declares a publication and a different modification date, and the page shows
      only the modification date: the page presents itself as of that date, which is taken
      (evidence ``head:<key>``, the note names the publication date the head also declares);
    * htmldate's date is not shown on the page and a publication date of the head (or of an
      ``itemprop="datePublished"`` element) is: that one is taken;
    * the visible text labels exactly one day as the publication date ("Erschienen am:",
      "Published", labels in ``helpers/rules/<language>/pagedates.yml``; a bare "Date:" label
      not against a head date the page shows): that day is taken
      (evidence ``text:labelled``); a page labelling several days (a list of posts) settles nothing;
    * htmldate read the date in the markup, and the head declares another publication date the
      page shows: the head's is taken;
    * htmldate's day comes from a UTC date-time that the page also writes with its local offset:
      the local day is taken (``helpers.pagedates.local_day``);
    * htmldate's day comes from a UTC time in the head near midnight, the page writes no local
      offset and does not show the day: only the month (or year) both days share is kept;
    * htmldate's date is the head's modification date (no publication date declared) and the
      page does not show it: the first earlier day the page shows is taken (``text:first``).

    When the fast pass finds nothing, a publication date the head writes as text (not ISO) is
    taken; else htmldate's extensive text search is tried; its answer is refused (no date,
    reason in the note) when it is a bare year (htmldate fills month and day with 01) or when
    the page shows other days but never that one, and replaced by a day the page labels as
    published. The evidence says where the date was read: ``htmldate:url|head|markup|text``,
    ``head:<key>`` or ``text:labelled|first``.
    ``fast_date``: the fast pass's result when already known (trafilatura runs it).
    """
    from htmldate import find_date

    from helpers.pagedates import labelled_published_days, visible_days

    options = {"original_date": True, "url": url or None}
    date = fast_date if fast_date is not None else find_date(html, extensive_search=False, **options)
    if date and not ISO_DAY.match(date):
        date = ""
    shown_days = visible_days(text) if text else []
    shown = set(shown_days)
    labelled = labelled_published_days(text, generic=False) if text else []
    # A bare "Datum:" label does not overrule a day the head declares and the page shows (a
    # photo's "Datum: 31/08/2019" under the article); against other evidence it counts.
    any_label = labelled or (labelled_published_days(text) if text else [])
    published, modified = _head_dates(html)
    if date:
        evidence = f"htmldate:{_date_location(html, url, date)}"
        head_shown = evidence == "htmldate:head" and date in shown
        return _settle(html, date, evidence, published, modified, shown_days,
                       labelled if head_shown else any_label)
    if not extensive:
        return "", "", ""
    written = _head_written_published(html)
    if written is not None:
        # The head declares the publication date, only not in ISO form (htmldate reads ISO).
        return written[1], f"head:{written[0]}", "the head writes its publication date as text"
    date = find_date(html, extensive_search=True, **options) or ""
    if not ISO_DAY.match(date):
        return "", "", ""
    if date.endswith("-01-01"):
        # htmldate's text search fills a missing month and day with 01: a bare year in the
        # text (a copyright line, a founding year) is not a publication date.
        return "", "", f"htmldate's text search found only a year ({date[:4]}): not used"
    if shown and date not in shown:
        return "", "", (f"htmldate's text search found {date}, which the page does not show "
                        f"where it writes dates: not used")
    labelled = any_label
    if len(set(labelled)) == 1 and labelled[0] != date:
        return labelled[0], "text:labelled", (f"the page labels {labelled[0]} as its publication "
                                              f"date; htmldate's text search read {date}")
    return date, "htmldate:text", ""


def _settle(html: str, date: str, evidence: str, published: list[tuple[str, str]],
            modified: list[tuple[str, str]], shown_days: list[str],
            labelled: list[str]) -> tuple[str, str, str]:
    """(date, evidence, note): htmldate's fast-pass ``date`` checked against the page's evidence.

    ``published``/``modified``: the head's declared days (``helpers.pagedates.head_dates``);
    ``shown_days``: the days the visible text shows, in order; ``labelled``: the days it labels
    as the publication date. See ``find_page_date`` for the rules, applied in order.
    """
    from helpers.pagedates import local_day, utc_midnight_neighbour

    shown = set(shown_days)
    head_published = published[0] if published else None
    head_modified = modified[0] if modified else None
    if (head_published and head_modified
            and head_published[1] != head_modified[1]
            and head_modified[1] in shown and head_published[1] not in shown):
        note = (f"the page shows its modification date only; the head also declares "
                f"{head_published[1]} as published ({head_published[0]})")
        return head_modified[1], f"head:{head_modified[0]}", note
    shown_published = [item for item in published if item[1] in shown]
    if (shown_published and date != shown_published[0][1]
            and date not in shown):
        # The first publication date the head (or an itemprop="datePublished" element)
        # declares that the page also shows.
        note = f"htmldate read {date} ({evidence}), which the page does not show"
        return shown_published[0][1], f"head:{shown_published[0][0]}", note
    if len(set(labelled)) == 1 and labelled[0] != date:
        # One labelled day only: a page labelling several (a list of posts) settles nothing.
        note = f"the page labels {labelled[0]} as its publication date; htmldate read {date} ({evidence})"
        return labelled[0], "text:labelled", note
    if (evidence == "htmldate:markup" and head_published
            and date != head_published[1] and head_published[1] in shown):
        note = f"the head declares {head_published[1]}, which the page shows; htmldate read {date} in the markup"
        return head_published[1], f"head:{head_published[0]}", note
    local = local_day(html, date)
    if local != date:
        note = f"htmldate read {date} ({evidence}), a UTC date-time the page also gives with its local offset"
        return local, evidence, note
    if evidence == "htmldate:head" and date not in shown:
        neighbour = utc_midnight_neighbour(html, date)
        if neighbour:
            # A UTC time this close to midnight is another day in much of the world, and the
            # page says neither its local offset nor (in its text) which day: keep what is sure.
            common = date[:7] if neighbour[:7] == date[:7] else date[:4]
            note = (f"htmldate read {date} ({evidence}) from a UTC time near midnight; the local "
                    f"day may be {neighbour}: only {common} is kept")
            return common, evidence, note
    if (head_modified and date == head_modified[1]
            and not head_published and date not in shown):
        earlier = [day for day in shown_days if day < date]
        if earlier:
            note = f"htmldate read {date}, the head's modification date ({head_modified[0]}), which the page does not show"
            return earlier[0], "text:first", note
    return date, evidence, ""


#: Lines above the extracted article's first paragraph where its date line may still stand
#: (title, standfirst, byline and picture sit there).
ARTICLE_HEAD_LINES = 40


def _shown_text_day(text: str, seg, page: Page, described: dict) -> str:
    """A note when the plain-text rules' day replaces htmldate's, else "".

    htmldate's day (read in the URL, head or markup) is replaced when the visible text never
    shows it, and the plain-text rules found another day on a date line that stands with the
    extracted article: from ``ARTICLE_HEAD_LINES`` lines above its first paragraph to its last
    one. Readers date a page by the date it shows next to the article.
    """
    from helpers.pagedates import visible_days

    if (not page.published_evidence.startswith("htmldate:") or len(page.published) != 10
            or described["published_precision"] != "day" or described["published"] == page.published
            or not page.body_spans or page.published in set(visible_days(text))):
        return ""
    at = text.find(described["published_evidence"])
    if at < 0:
        return ""
    starts = [line.start for line in seg.lines]
    line_of = lambda offset: bisect.bisect_right(starts, offset) - 1  # noqa: E731
    first, last, where = line_of(page.body_spans[0][0]), line_of(page.body_spans[-1][0]), line_of(at)
    if not first - ARTICLE_HEAD_LINES <= where <= last:
        return ""
    return (f"htmldate read {page.published} ({page.published_evidence}), which the page does not show; "
            f"the page's date line next to the article gives {described['published']}")


def _text_day_near_midnight(text: str, evidence: str) -> bool:
    """True when the first line of ``text`` holding ``evidence`` (a date) shows a clock time near
    midnight next to it and no time zone (``helpers.pagedates.near_midnight``)."""
    from helpers.pagedates import near_midnight

    at = text.find(evidence) if evidence else -1
    if at < 0:
        return False
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line = text[line_start: line_end if line_end >= 0 else len(text)]
    return near_midnight(line, at - line_start, at - line_start + len(evidence))


def _head_written_published(html: str) -> tuple[str, str] | None:
    """``helpers.pagedates.head_written_published`` of the page (None when lxml cannot read it)."""
    import lxml.etree
    import lxml.html

    from helpers.pagedates import head_written_published

    try:
        return head_written_published(lxml.html.fromstring(html))
    except (ValueError, lxml.etree.ParserError):
        return None


def _head_dates(html: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``helpers.pagedates.head_dates`` of the page (none when lxml cannot read it)."""
    import lxml.etree
    import lxml.html

    from helpers.pagedates import head_dates

    try:
        return head_dates(lxml.html.fromstring(html))
    except (ValueError, lxml.etree.ParserError):
        return [], []


def _date_location(html: str, url: str, date: str) -> str:
    """Where a fast-pass date is written: url, head or (other) markup."""
    year, month, day = ISO_DAY.match(date).groups()
    forms = (f"{year}/{month}/{day}", f"{year}-{month}-{day}", f"{year}{month}{day}")
    if url and any(form in url for form in forms):
        return "url"
    head_end = html.lower().find("</head>")
    head = html[: head_end if head_end > 0 else 0]
    if date in head or f"{year}{month}{day}" in head:
        return "head"
    return "markup"


#: Fewest words of a paragraph only trafilatura's balanced pass keeps, outside the precise
#: pass's article, for it to join the body (see ``combine_extractions``).
BALANCED_MIN_WORDS = 10


def combine_extractions(text: str, precise: list[str], balanced: list[str]) -> tuple[list[list[int]], int]:
    """Body spans in ``text`` from trafilatura's precise and balanced passes, and the blocks lost.

    The precise pass (``favor_precision``) keeps less boilerplate but drops some article
    paragraphs (a list, a short paragraph between two figures); the balanced pass keeps those
    and more furniture. The body is every precise paragraph, plus each paragraph only the
    balanced pass keeps when it lies inside the precise article (between its first and last
    paragraph) or, outside it, reads as prose: at least ``BALANCED_MIN_WORDS`` words ending
    with sentence punctuation (a related-links list, a sign-up box's title, a tag line do not).
    With no precise paragraph, the balanced pass is the body. The second value counts the
    blocks not found verbatim in ``text`` (``locate_blocks``), each text counted once.
    """
    from helpers.segment import ends_sentence

    precise_spans, missing = locate_blocks(text, precise)
    kept = set(precise)
    extra_spans, extra_missing = locate_blocks(text, [block for block in balanced if block not in kept])
    if not precise_spans:
        return extra_spans, missing + extra_missing
    first, last = precise_spans[0][0], precise_spans[-1][1]
    spans = list(precise_spans)
    for start, end in extra_spans:
        if any(start < p_end and p_start < end for p_start, p_end in precise_spans):
            continue  # the same words, cut differently by the two passes
        paragraph = text[start:end]
        if (first <= start and end <= last) or (
                len(paragraph.split()) >= BALANCED_MIN_WORDS and ends_sentence(paragraph)):
            spans.append([start, end])
    return sorted(spans), missing + extra_missing


def extract_page(html: str, text: str, extensive_dates: bool = True) -> Page:
    """Main text, comments, title, site and date of ``html``; spans point into ``text``.

    ``text`` is the page's visible text as ingest stores it. Raises PageError when the page
    cannot be parsed or an extractor fails on it.
    """
    import trafilatura

    from helpers.outlets import domain_of

    html = parseable_html(html)
    try:
        document = trafilatura.bare_extraction(
            html, include_comments=True, include_tables=True, with_metadata=True,
            # htmldate's fast pass only: its result is reused, the extensive pass runs once below
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
        # The same page read for precision (metadata and comments come from the pass above).
        precise = trafilatura.bare_extraction(
            html, favor_precision=True, include_comments=True, include_tables=True)
    except Exception as error:  # one bad page never stops a run: the reason is reported
        raise PageError(f"trafilatura failed: {type(error).__name__}: {error}") from error
    page = Page()
    fast_date = None
    if document is not None:
        fast_date = document.date or ""
        body = _block_texts(document.body)
        comments = _block_texts(document.commentsbody)
        precise_body = _block_texts(precise.body) if precise is not None else []
        page.body_spans, missing_body = combine_extractions(text, precise_body, body)
        page.comments_spans, missing_comments = locate_blocks(text, comments)
        page.n_unlocated = missing_body + missing_comments
        page.title = " ".join((document.title or "").split())
        page.site_name = " ".join((document.sitename or "").split())
        page.url = document.url or ""
    if page.title:
        spans, _ = locate_blocks(text, [page.title])
        if spans:
            page.title_span = spans[0]
            page.body_spans = [s for s in page.body_spans if s != spans[0]]
    page.domain = domain_of(page.url) if page.url else ""
    try:
        page.published, page.published_evidence, page.published_note = find_page_date(
            html, page.url, extensive_dates, fast_date, text)
    except Exception as error:
        raise PageError(f"htmldate failed: {type(error).__name__}: {error}") from error
    return page


def read_html_page(html: str) -> tuple[str, str, list[str]]:
    """(visible text, ``page`` JSON, warnings) of an HTML page, for ingest.

    The visible text is what ingest has always stored (``helpers.ingest.html_to_text``); the
    page record carries the extraction. Raises PageError with a one-line reason.
    """
    from helpers.ingest import html_to_text, normalise_text

    try:
        text = normalise_text(html_to_text(html))[0]  # html_to_text makes the page parseable
    except Exception as error:  # lxml: "Document is empty", parser errors…
        raise PageError(f"lxml could not parse it: {type(error).__name__}: {error}") from error
    try:
        page = extract_page(html, text)
    except PageError:
        raise
    except Exception as error:  # anything unforeseen on one page is that page's problem
        raise PageError(f"extraction failed: {type(error).__name__}: {error}") from error
    warnings = ["HTML page: tags and scripts removed, text kept"]
    if page.n_unlocated:
        warnings.append(f"{page.n_unlocated} extracted paragraphs not found verbatim in the text")
    return text, page.to_json(), warnings


# --- the describe step ------------------------------------------------------------------------


#: Reasons of the plain-text rules too weak to overrule the extractor: they come from a line's
#: position or shape, not its content (measured on the tune half of trafilatura's evaluation
#: set: these cost more body than they removed boilerplate).
WEAK_REASONS = frozenset({
    "short line outside the article's paragraphs",
    "short line after the article's end",
    "prose outside the article's main block",
    "URL line",
})


def _rule_boilerplate(seg, span: list[int]) -> str:
    """The plain-text rules' reason when every line of the paragraph at ``span`` is boilerplate.

    ``seg`` is ``helpers.segment.segment_text`` of the page's text: a paragraph trafilatura kept
    that the project's own line rules call furniture (a date/category line, share or sign-up
    line, comment counter…) goes to boilerplate; "" when any of its lines is article text.
    """
    starts = [line.start for line in seg.lines]
    first = max(bisect.bisect_right(starts, span[0]) - 1, 0)
    reasons = []
    for line in seg.lines[first:]:
        if line.start >= span[1]:
            break
        if line.end <= span[0] or not line.text:
            continue
        if line.label not in ("boilerplate",) or line.reason in WEAK_REASONS:
            return ""
        reasons.append(line.reason)
    return reasons[0] if reasons else ""


#: Fewest words of a lead paragraph (see ``lead_spans``): a lead is a sentence or two; bylines,
#: dates, captions' credits and share bars in the page header are shorter (measured on the tune
#: half of trafilatura's evaluation set: the rule brings back 42 of the 50 body snippets
#: trafilatura dropped between title and body, and takes in 6 of the 85 boilerplate ones there).
LEAD_MIN_WORDS = 12


def lead_spans(seg, title_span: list[int], body_spans: list[list[int]]) -> list[list[int]]:
    """Spans of the lead paragraphs (standfirst) between the title and the first body paragraph.

    Extractors drop a lead the page sets apart from the article body (in its header, in an
    "intro" or "teaser" block). A line of ``seg`` (``helpers.segment.segment_text`` of the
    page's text) lying after the title and before the first body paragraph is a lead when it
    reads as a sentence (sentence punctuation at its end) of at least ``LEAD_MIN_WORDS`` words
    and the line rules do not call it boilerplate for what it says (a weak, position-only
    reason does not count). No title or no body: no lead.
    """
    from helpers.segment import ends_sentence

    if not title_span or not body_spans:
        return []
    low, high = title_span[1], body_spans[0][0]
    return [[line.start, line.end] for line in seg.lines
            if line.text and low <= line.start and line.end <= high
            and line.words >= LEAD_MIN_WORDS and ends_sentence(line.text)
            and not (line.label == "boilerplate" and line.reason not in WEAK_REASONS)]


def describe_page(text: str, page_json: str, outlets: OutletRegistry | None) -> dict:
    """The described-article columns for an HTML page (``page`` column filled at ingest).

    A page record that cannot be used falls back to the plain-text description of ``text``,
    with the reason in ``undetermined`` (one bad row never stops the describe step).
    """
    try:
        return _describe_page(text, page_json, outlets)
    except Exception as error:
        from helpers.describe import describe_article

        described = describe_article({"text": text}, outlets)
        note = f"page: extraction record unusable ({type(error).__name__}: {error}), plain-text rules used"
        described["undetermined"] = "; ".join(filter(None, [described["undetermined"], note]))
        return described


def _describe_page(text: str, page_json: str, outlets: OutletRegistry | None) -> dict:
    """``describe_page`` proper.

    Starts from the plain-text description (language, and the date/outlet fallbacks), then
    takes body, comments and title from the extraction, the date from htmldate, and the
    outlet from the registry by the page's domain, else from the page's own site name.
    """
    from helpers.describe import (add_publication_bounds, body_truncated, describe_segmentation,
                                  join_spans, spans_json)
    from helpers.segment import segment_text
    from helpers.outlets import outlet_for_alias, outlet_for_domain, registered_domain

    page = Page.from_json(page_json)
    seg = segment_text(text)
    described = describe_segmentation(text, seg, outlets, page_url=page.url)
    body_spans, removed = [], []
    for span in page.body_spans:
        reason = _rule_boilerplate(seg, span)
        (removed if reason else body_spans).append(span)
    body_spans = sorted(lead_spans(seg, page.title_span, body_spans) + body_spans)
    body = join_spans(text, [tuple(s) for s in body_spans])
    undetermined = [r for r in described["undetermined"].split("; ")
                    if r and not r.startswith(("title:", "body:", "url:", "published:", "outlet:", "comments:"))]
    described.update(
        body=body,
        body_spans=spans_json([tuple(s) for s in body_spans]),
        n_body_paragraphs=len(body_spans),
        n_body_chars=len(body),
        comments=join_spans(text, [tuple(s) for s in page.comments_spans]),
        comments_spans=spans_json([tuple(s) for s in page.comments_spans]),
        n_comments=len(page.comments_spans),
        n_comments_source="counted",
    )
    boilerplate = [text[s:e].strip() for s, e in removed]
    described["n_boilerplate_lines"] = len(boilerplate)
    described["boilerplate"] = "\n".join(boilerplate)
    if page.title_span:
        described["title"] = text[page.title_span[0]:page.title_span[1]]
        described["title_span"] = f"[{page.title_span[0]},{page.title_span[1]}]"
    elif not described["title"]:
        undetermined.append("title: the page has no title found in its visible text")
    if not body:
        undetermined.append("body: the extractor found no main text")
    if page.url:
        described["url"] = page.url
    elif not described["url"]:
        undetermined.append("url: no canonical URL in the page or its text")
    shown_instead = _shown_text_day(text, seg, page, described)
    if shown_instead:
        described["published_note"] = "; ".join(filter(None, [described["published_note"], shown_instead]))
    elif page.published:
        precision = {4: "year", 7: "month"}.get(len(page.published), "day")
        described.update(published=page.published, published_precision=precision,
                         published_evidence=page.published_evidence, published_note=page.published_note)
    elif described["published"] and (described["published_precision"] != "day"
                                     or described["published"][:4] < EARLIEST_PAGE_YEAR):
        # The plain-text rules' fallback: on an HTML page with no date in its head, markup or
        # URL, a month or year alone in the text ("joined March 2007", an archive stamp) is not
        # the page's date, nor is a day before htmldate's own earliest date (a birthday list).
        refused = f"{described['published']} ({described['published_precision']}, {described['published_evidence']!r})"
        described.update(published="", published_precision="unknown", published_evidence="",
                         published_note=f"the page's text gives only {refused}: not used")
        undetermined.append(f"published: no date in the page head, markup or URL; its text gives only {refused}")
    elif described["published"] and _text_day_near_midnight(text, described["published_evidence"]):
        # The fallback's day has a clock time near midnight and no zone: on a page whose head
        # and markup give no date (a tweet shows the reader's zone) the day is not sure.
        month = described["published"][:7]
        described.update(published=month, published_precision="month", published_note="; ".join(filter(None, [
            described["published_note"], f"the text's time is near midnight with no time zone: only {month} kept"])))
    elif not described["published"]:
        undetermined.append("published: no date in the page head, markup, URL or text"
                            + (f" ({page.published_note})" if page.published_note else ""))
    outlet, evidence = described["outlet"], described["outlet_evidence"]
    if outlets is not None and page.domain:
        by_domain = outlet_for_domain(outlets, page.domain)
        if by_domain:
            outlet, evidence = by_domain, page.url
    if not outlet and outlets is not None and page.site_name:
        outlet = outlet_for_alias(outlets, page.site_name) or ""
        evidence = f"site name {page.site_name!r}" if outlet else evidence
    if not outlet and page.site_name:
        # Not registered: the page's own brand is kept for review (outlet holds registry names only).
        described["outlet_unregistered"] = page.site_name
        undetermined.append(f"outlet: {page.domain or page.site_name} is not in the outlet registry (the page calls itself {page.site_name!r})")
    elif not outlet:
        undetermined.append(
            f"outlet: domain {page.domain} is not in the outlet registry" if page.domain
            else "outlet: no URL, site name or source line in the page")
    described["outlet"], described["outlet_evidence"] = outlet, evidence
    described["outlet_domain"] = registered_domain(described["url"])
    if outlet:
        described["outlet_unregistered"] = ""
    described["undetermined"] = "; ".join(undetermined)
    described["body_truncated"] = body_truncated(text, [tuple(s) for s in body_spans])
    return add_publication_bounds(described, text, [tuple(s) for s in body_spans],
                                  [tuple(s) for s in page.comments_spans])
