"""Dates the line rules miss in plain text: in the title, and in compact URL forms.

Reads a title line or a URL (strings) and returns ``helpers.dates.DateCandidate`` objects, so the
describe step can weigh them with the others. Covers

* a numeric date ending a title, after a separator: ``… – DW – 11/14/2022``, ``… | 14.11.2022``;
* compact URL dates: ``…_AV-202211070779.html`` (``YYYYMMDD`` then an id), ``…-11-14-2022/`` and
  ``…/14-11-2022/`` (numeric dates in a path segment).

Day-first or month-first: a part above 12 decides; otherwise the site's country (US → month
first) or the language (every language here but English writes day first) decides; English
without a country is ambiguous and the date is kept at year precision, with both readings in
the evidence. Never a wrong date with day precision: ambiguity lowers the precision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.dates import DateCandidate, _safe_datetime

#: Countries whose sites write numeric dates month first.
MONTH_FIRST_COUNTRIES = frozenset({"US", "PH", "FM", "MH", "PW"})
#: Languages whose numeric dates are day first (English alone is not: US vs UK).
DAY_FIRST_LANGUAGES = frozenset({"fr", "de", "it", "es", "pt", "nl", "ru", "uk", "tr", "pl", "ar"})

TITLE_DATE = re.compile(
    r"(?:^|\s[-–—|·•:]\s|\s)(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})\s*$"
)
URL_COMPACT = re.compile(
    r"(?<![\d])(?P<year>20\d{2})(?P<month>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?=\d{0,8}(?:\D|$))"
)
URL_NUMERIC = re.compile(
    r"(?:^|[/_-])(?P<a>\d{1,2})-(?P<b>\d{1,2})-(?P<year>(?:19|20)\d{2})(?=[/_.-]|$)"
)


def order_day_month(a: int, b: int, language: str = "", country: str = "") -> tuple[int, int, str]:
    """(day, month, how decided) of a numeric date ``a/b``; day 0 when it cannot be told."""
    if a > 12 and b <= 12:
        return a, b, "only day-first is a date"
    if b > 12 and a <= 12:
        return b, a, "only month-first is a date"
    if a == b:
        return a, b, "same either way"
    if country:
        if country.upper() in MONTH_FIRST_COUNTRIES:
            return b, a, f"month first: site country {country.upper()}"
        return a, b, f"day first: site country {country.upper()}"
    if language in DAY_FIRST_LANGUAGES:
        return a, b, f"day first: language {language}"
    return 0, 0, "day/month order unknown (English page, no site country)"


def _numeric_candidate(evidence: str, start: int, end: int, a: int, b: int, year: int,
                       kind: str, language: str, country: str) -> DateCandidate | None:
    day, month, how = order_day_month(a, b, language, country)
    if day == 0:
        value = _safe_datetime(year, 1, 1)
        if value is None:
            return None
        return DateCandidate(f"{evidence} ({how})", start, end, kind, value, "year")
    value = _safe_datetime(year, month, day)
    if value is None:
        return None
    return DateCandidate(f"{evidence} ({how})", start, end, kind, value, "day")


def title_date(title: str, language: str = "", country: str = "", offset: int = 0) -> DateCandidate | None:
    """The numeric date ending a title ("… – DW – 11/14/2022"), or None."""
    match = TITLE_DATE.search(title)
    if not match:
        return None
    evidence = title[match.start("a"):match.end("year")]
    return _numeric_candidate(evidence, offset + match.start("a"), offset + match.end("year"),
                              int(match["a"]), int(match["b"]), int(match["year"]),
                              "numeric", language, country)


def compact_url_dates(url: str, language: str = "", country: str = "") -> list[DateCandidate]:
    """Dates written compactly in a URL's path (``_AV-202211070779``, ``-11-14-2022/``)."""
    path = re.sub(r"^[a-z]+://[^/]+", "", url, flags=re.IGNORECASE)
    offset = len(url) - len(path)
    found: list[DateCandidate] = []
    for match in URL_COMPACT.finditer(path):
        value = _safe_datetime(int(match["year"]), int(match["month"]), int(match["day"]))
        if value is not None:
            found.append(DateCandidate(match.group(0), offset + match.start(), offset + match.end(),
                                       "url", value, "day"))
    for match in URL_NUMERIC.finditer(path):
        evidence = path[match.start("a"):match.end("year")]
        candidate = _numeric_candidate(evidence, offset + match.start("a"), offset + match.end("year"),
                                       int(match["a"]), int(match["b"]), int(match["year"]),
                                       "url", language, country)
        if candidate is not None:
            found.append(candidate)
    return sorted(found, key=lambda c: c.start)


# --- dates an HTML page's head declares, and the days its visible text shows ---------------------

#: Head keys (``<meta property|name|itemprop>``, lower-cased) that declare the publication date.
HEAD_PUBLISHED_KEYS = frozenset({
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "dc.date.issued", "dcterms.issued", "dcterms.created", "dc.date.created", "date", "pubdate",
    "publishdate", "publish-date", "publish_date", "sailthru.date", "parsely-pub-date",
    "article.published", "article_date_original", "datecreated", "originalpublicationdate",
    "dc.date", "citation_publication_date", "citation_date", "article.created", "published_time",
    "release_date", "vr:published-time",
})
#: Head keys that declare the last modification.
HEAD_MODIFIED_KEYS = frozenset({
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "dc.date.modified", "last-modified", "lastmod", "og:article:modified_time", "revision_date",
})
JSON_LD_DATE = re.compile(r'"(datePublished|dateCreated|dateModified)"\s*:\s*"([^"]{8,40})"')
HEAD_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})(?!\d)")


def _head_day(value: str) -> str:
    """The ``YYYY-MM-DD`` a head value starts with (ISO forms only), or ""."""
    match = HEAD_DAY.search(value[:12])
    if not match or _safe_datetime(*(int(part) for part in match.groups())) is None:
        return ""
    return "-".join(match.groups())


def head_dates(tree) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(published, modified) days the page declares: ``[(key, YYYY-MM-DD), …]`` in page order.

    ``tree`` is the page parsed by lxml. Read from ``<meta>`` tags (keys above), JSON-LD
    (``datePublished``/``dateCreated`` vs ``dateModified``) and ``itemprop="datePublished"``
    elements with a ``datetime``. Only ISO values count: a head date in another form is left to
    htmldate.
    """
    published: list[tuple[str, str]] = []
    modified: list[tuple[str, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        day = _head_day((meta.get("content") or "").strip())
        if day and key in HEAD_PUBLISHED_KEYS:
            published.append((key, day))
        elif day and key in HEAD_MODIFIED_KEYS:
            modified.append((key, day))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        for match in JSON_LD_DATE.finditer(script.text):
            day = _head_day(match.group(2))
            if day:
                (modified if match.group(1) == "dateModified" else published).append(
                    (f"JSON-LD {match.group(1)}", day))
    for element in tree.iterfind('.//*[@itemprop="datePublished"][@datetime]'):
        day = _head_day(element.get("datetime") or "")
        if day:
            published.append(("itemprop datePublished", day))
    return published, modified


def visible_days(text: str) -> list[str]:
    """Every day (``YYYY-MM-DD``) written in ``text``, in order: ISO, numeric and written dates."""
    from helpers.dates import dates_in_line

    days: list[str] = []
    for line in text.splitlines():
        days.extend(c.iso for c in dates_in_line(line) if c.value is not None and c.precision == "day")
    return days


# --- which of the plain text's date lines date the article --------------------------------------

#: An embedded social-media post's signature ("— Jane Doe (@jdoe) January 1, 2020").
EMBEDDED_POST = re.compile(r"\(@\w{1,30}\)")


def _words_pattern(key: str) -> re.Pattern[str]:
    """The ``dates.yml`` list ``key`` of every language as one case-insensitive word regex."""
    from helpers import rules

    return re.compile(r"(?<!\w)" + rules.alternation("dates", key) + r"(?!\w)", re.IGNORECASE)


@dataclass
class DateLine:
    """A date line of the page: its index in the segmentation, the date, the line's text and
    whether a publication marker labels it."""

    index: int
    candidate: DateCandidate
    text: str
    line_start: int
    labelled: bool
    previous: str = ""  # the non-blank line above, which may label the date ("Available until:")
    byline: bool = False  # the line is a byline naming an author ("July 24, 2019 by Amy Motroni")

    @property
    def after(self) -> str:
        """The line's text after the date."""
        return self.text[max(self.candidate.end - self.line_start, 0):]

    @property
    def before(self) -> str:
        """The line's text before the date ("Updated: ", "Termin: ", "Mittwoch, ")."""
        return self.text[: max(self.candidate.start - self.line_start, 0)]


#: Dates on one line that make it a list ("BY DATE Select Month October 2020 (1) September 2020 (2) …").
LIST_LINE_DATES = 3
#: The page's first lines (its header): a date there, above the title, may be today's.
PAGE_HEAD_LINES = 5
#: What joins the two dates of a range ("09 Jan 2014 - 01 Jan 2017", "3 au 5 mars 2020").
RANGE_JOINER = re.compile(r"^\s*(?:[-–—]|to|bis|au)\s*", re.IGNORECASE)
#: A day and a dash before a date: the date ends a range ("Wochenbericht 14. - 20. Januar 2022").
RANGE_START = re.compile(r"(?<![\d.])\d{1,2}\.?\s*[-–—]\s*$")


def _opens_range(after: str) -> bool:
    """True when a date is followed by a dash (or "to") and another full date: a period."""
    from helpers.dates import dates_in_line

    joiner = RANGE_JOINER.match(after)
    if not joiner:
        return False
    rest = after[joiner.end():]
    return any(c.value is not None and c.start == 0 for c in dates_in_line(rest))


def weigh_date_lines(lines: list[DateLine], body_last: int | None, body_first: int | None = None,
                     title_index: int | None = None) -> tuple[list[DateLine], list[str]]:
    """The date lines that may date the article, best first, and notes on those set aside.

    A page's text carries many dates besides its own; each rule sets a kind aside (the note
    says which and how many):

    * an embedded social-media post's signature ("(@handle) January 1, 2020");
    * a date after an event or period word ("until 31.12.2020", "Termin: 21.02.2020"), or under a
      line ending with one and a colon ("Video verfügbar bis:");
    * a date under a reader's "X says:" line (a comment's date);
    * a cited source's date: a line opening with a source label ("Quelle: … (Stand: 28. November
      2018)", ``source_labels`` of ``boilerplate.yml``) or holding a web address (a reference);
    * a date of a range ("09 Jan 2014 - 01 Jan 2017", "14. - 20. Januar 2022");
    * a user's join date ("Joined May 11, 2017", ``account_markers``), a date line under a heading
      of related articles (``related_headings``), a line listing three dates or more (a menu);
    * an issue's or a version's date ("№ 42. 14/10/2020", ``issue_markers`` of ``pagedates.yml``);
    * lists: a run of ``date_list_min`` date lines at most ``date_list_gap`` lines apart with two
      different dates (archives, related articles, events);
    * a month without a day on an unlabelled line (archive months, "Joined March 2007");
    * when the page has two different dates, unlabelled date lines after the article's last
      body paragraph (the next articles, the footer);
    * a weekday-dated line later than another date kept (or, above the title, later than any date
      line of the page), or an unlabelled date in the page's first ``PAGE_HEAD_LINES`` lines
      above the title later than another date kept: the page's "today" header.

    Of the rest, labelled publication dates come first, then plain date lines, then dates
    labelled as modifications ("Updated: …"), each in page order.
    """
    from helpers import rules
    from helpers.dates import dates_in_line

    limits = rules.thresholds()
    event, weekday, modified = (_words_pattern(key) for key in
                                ("event_markers", "weekdays", "modification_markers"))
    notes: list[str] = []

    def set_aside(kept: list[DateLine], why: str) -> list[DateLine]:
        if len(kept) < len(current):
            notes.append(f"{len(current) - len(kept)} date line(s) set aside: {why}")
        return kept

    current = lines
    current = set_aside([d for d in current if not EMBEDDED_POST.search(d.before)],
                        "embedded social-media post")
    current = set_aside([d for d in current if not event.search(d.before) and not (
                            d.previous.rstrip().endswith(":") and event.search(d.previous))],
                        "event, deadline or period date")
    says = re.compile(r"(?<!\w)" + rules.alternation("boilerplate", "author_says") + r"\s*:\s*$",
                      re.IGNORECASE)
    current = set_aside([d for d in current if not says.search(d.previous)],
                        "a reader comment's date (under \"… says:\")")
    account = re.compile(r"(?<!\w)" + rules.alternation("pagedates", "account_markers") + r"\s*:?\s*$",
                         re.IGNORECASE)
    current = set_aside([d for d in current if not account.search(d.before)
                         and not (not d.before.strip() and account.search(d.previous))],
                        "a user's join date (\"Joined May 11, 2017\")")
    related = re.compile(r"^\W*(?:" + rules.alternation("pagedates", "related_headings") + "|"
                         + rules.alternation("boilerplate", "related_links") + r")\W*$", re.IGNORECASE)
    current = set_aside([d for d in current if d.labelled or not related.search(d.previous.strip())],
                        "under a heading of related articles")
    current = set_aside([d for d in current if len(dates_in_line(d.text)) < LIST_LINE_DATES],
                        "a line listing several dates (an archive menu)")
    issue = re.compile(r"(?<!\w)" + rules.alternation("pagedates", "issue_markers")
                       + r"\s*[\d/.-]*\s*[.,:/]?\s*$", re.IGNORECASE)
    current = set_aside([d for d in current if not issue.search(d.before)],
                        "an issue's or a version's date (\"№ 42. 14/10/2020\", \"Version 3, 29 June 2007\")")
    cited = re.compile(r"^\W*" + rules.alternation("boilerplate", "source_labels") + r"\s*:|https?://|www\.",
                       re.IGNORECASE)
    current = set_aside([d for d in current if not cited.search(d.text)],
                        "a cited source's date (a \"Source:\" line or a web address)")
    current = set_aside([d for d in current if not _opens_range(d.after) and not RANGE_START.search(d.before)],
                        "date of a date range (a period, not a publication)")
    runs: list[list[DateLine]] = []
    for line in current:
        if runs and line.index - runs[-1][-1].index <= limits.date_list_gap:
            runs[-1].append(line)
        else:
            runs.append([line])
    # One date repeated makes a list only on unlabelled lines: a page repeats its own labelled
    # "Posted: … / Updated: …" pair (header and footer of the article).
    listed = {id(d) for run in runs if len(run) >= limits.date_list_min and len({d.candidate.iso for d in run}) >= 2
              or sum(not d.labelled for d in run) >= limits.date_list_min_same for d in run}
    current = set_aside([d for d in current if id(d) not in listed],
                        "list of dated items (archive, related articles, events)")
    current = set_aside([d for d in current if d.labelled or d.candidate.precision != "month"],
                        "month without a day on an unlabelled line")
    if len({d.candidate.iso for d in current}) >= 2 and body_last is not None:
        current = set_aside([d for d in current if d.labelled or d.index <= body_last],
                            "after the article's last paragraph, with other dates on the page")
    ordered = ([d for d in current if d.labelled and not modified.search(d.before)]
               + sorted((d for d in current if not d.labelled),
                        key=lambda d: abs(d.index - body_first) if body_first is not None else 0)
               + [d for d in current if d.labelled and modified.search(d.before)])
    if ordered and weekday.search(ordered[0].before):
        first = ordered[0]
        earlier = [d for d in ordered if d.candidate.precision == "day"
                   and d.candidate.iso < first.candidate.iso and not weekday.search(d.before)]
        in_header = title_index is not None and first.index < title_index
        if earlier or (in_header and any(d.candidate.iso < first.candidate.iso for d in lines)):
            notes.append(f"weekday-dated line {first.candidate.evidence!r} set aside: later than "
                         "another date on the page, read as the page's current-date header")
            ordered = earlier
    elif ordered and not ordered[0].labelled and title_index is not None \
            and ordered[0].index < min(title_index, PAGE_HEAD_LINES):
        # A bare date in the page's first lines, above the title: the site's header shows today.
        first = ordered[0]
        earlier = [d for d in ordered if d.candidate.precision == "day" and d.candidate.iso < first.candidate.iso]
        if earlier:
            notes.append(f"date line {first.candidate.evidence!r} at the top of the page set aside: "
                         "later than another date line, read as the page's current-date header")
            ordered = earlier
    return ordered, notes


#: Lines between an unlabelled date line and the article's first paragraph beyond which the date
#: line is weak evidence (measured on the tune half of htmldate's evaluation set: 20).
NEAR_BODY_LINES = 20


#: Most words of an author's line above a date ("Von Moritz Wichmann").
MAX_SIGNATURE_WORDS = 8


def signs_above(previous: str) -> bool:
    """True when the line above a date line is an author's signature ("By Jane Doe", "Von Moritz
    Wichmann"): a short line opening with a byline marker (``byline_markers``)."""
    text = previous.strip()
    match = _labels().BYLINE.match(text)
    return bool(match) and len(text.split()) <= MAX_SIGNATURE_WORDS and len(text) > match.end()


def weak_day(ordered: list[DateLine], body_first: int | None) -> tuple[DateCandidate | None, str]:
    """The first weighed date line's date, or a lower precision when its day is weak evidence.

    A day is weak when its line is unlabelled and no byline (nor under an author's line), more than ``NEAR_BODY_LINES`` lines
    from the article's first paragraph (or the page has none), and another kept date line
    shows another day: nothing places it with the article. Then only the month (or year) all
    those days share is kept, or nothing: never a guessed day. The note says which days
    competed.
    """
    first = ordered[0]
    candidate = first.candidate
    if first.labelled or first.byline or candidate.precision != "day" or signs_above(first.previous):
        return candidate, ""
    if body_first is not None and abs(first.index - body_first) <= NEAR_BODY_LINES:
        return candidate, ""
    others = sorted({d.candidate.iso for d in ordered[1:]
                     if d.candidate.precision == "day" and d.candidate.iso != candidate.iso})
    if not others:
        return candidate, ""
    where = ("the page has no article paragraphs" if body_first is None
             else f"{abs(first.index - body_first)} lines from the article's first paragraph")
    note = (f"date line {candidate.evidence!r} is unlabelled, {where}, and the page shows other "
            f"days ({', '.join(others[:3])}{', …' if len(others) > 3 else ''}): day not decided")
    for precision, length in (("month", 7),):
        if all(other[:length] == candidate.iso[:length] for other in others):
            return (DateCandidate(candidate.evidence, candidate.start, candidate.end, candidate.kind,
                                  candidate.value, precision, candidate.has_time),
                    note + f", {precision} {candidate.iso[:length]} kept")
    return None, note


# --- what settles a disagreement: labelled days, local dates of date-times ------------------------

def _build_labels() -> dict[str, object]:
    from helpers import rules

    return {
        #: A publication label ending the text before a date ("Erschienen am:", "Published").
        "PUBLISHED_LABEL": re.compile(
            r"(?:^|[(|·•,–-])\s*" + rules.alternation("pagedates", "published_labels") + r"\s*:?\s*$",
            re.IGNORECASE),
        #: The same, or a bare "Date:" label.
        "ANY_DATE_LABEL": re.compile(
            r"(?:^|[(|·•,–-])\s*(?:" + rules.alternation("pagedates", "published_labels") + "|"
            + rules.alternation("pagedates", "generic_date_labels") + r")\s*:?\s*$", re.IGNORECASE),
        #: A word introducing a byline's author ("by", "von", "par").
        "BYLINE": re.compile(
            r"(?<!\w)" + rules.alternation("pagedates", "byline_markers") + r"(?!\w)", re.IGNORECASE),
        #: A publication label that is all the text before a date ("PUBLISHED:", "Published on").
        "LABEL_ALONE": re.compile(
            r"^(?:" + rules.alternation("pagedates", "published_labels") + "|"
            + rules.alternation("pagedates", "generic_date_labels") + r")\s*:?$", re.IGNORECASE),
    }


def _labels():
    """The compiled label patterns (built once, rebuilt when the rules reload)."""
    global LABELS
    if LABELS is None:
        from helpers import rules

        LABELS = rules.Compiled(_build_labels)
    return LABELS


LABELS = None
#: Longest label text looked at before a date (the label is short and right before it).
LABEL_WINDOW = 40


def labelled_published_days(text: str, generic: bool = True) -> list[str]:
    """Days (``YYYY-MM-DD``) the visible ``text`` labels as its publication date, in order.

    A date counts when a publication label of ``helpers/rules/<language>/pagedates.yml`` is
    all the text before it on its line, or follows a separator there ("Veröffentlicht am
    16.08.2019", "von David · Published 21. Juli 2017"), or, for a date starting its line, is
    the line above ("Erschienen am:" / "13.10.2021"); a label inside prose ("verbunden mit dem
    Datum 1. Februar 2022") does not count. Update labels
    ("Aktualisiert", "Updated") are not publication labels. ``generic``: a bare "Date:" label
    (``generic_date_labels``) counts too.
    """
    from helpers.dates import dates_in_line

    label = _labels().ANY_DATE_LABEL if generic else _labels().PUBLISHED_LABEL
    days: list[str] = []
    previous = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        for candidate in dates_in_line(line):
            if candidate.value is None or candidate.precision != "day":
                continue
            before = line[:candidate.start].strip()
            if not before:
                before = previous
            if label.search(before[-LABEL_WINDOW:]):
                days.append(candidate.iso)
        previous = line
    return days


#: Most words of a paragraph read as a publication line ("PUBLISHED: November 8, 2023 at 4:56
#: p.m. | UPDATED: …"): longer ones are prose that happens to start with the word.
MAX_LABEL_LINE_WORDS = 20


def opens_with_published_label(line: str) -> bool:
    """True when ``line`` opens with a publication label directly followed by a date.

    "PUBLISHED: November 8, 2023 at 4:56 p.m." or "Published on October 29, 2023, at 4:28 am"
    are publication lines even when the page's layout glues them into the article's
    paragraphs; "The report, published on 3 May, said …" is not (the label must be the whole
    text before the date, and the line short).
    """
    from helpers.dates import dates_in_line

    if len(line.split()) > MAX_LABEL_LINE_WORDS:
        return False
    found = [c for c in dates_in_line(line) if c.value is not None]
    if not found:
        return False
    return bool(_labels().LABEL_ALONE.match(line[:found[0].start].strip()))


def labels_next_line(previous: str) -> bool:
    """True when the line above a date line is a publication label alone ("Veröffentlicht",
    "Mise en ligne", "Date:"): the date under it is labelled."""
    return bool(_labels().LABEL_ALONE.match(previous.strip()))


#: Most words of a byline line ("8. Januar 2020 · von Aureliana · in Gefühle").
MAX_BYLINE_WORDS = 16


def is_byline_date_line(line: str) -> bool:
    """True when ``line`` is a byline with a day: a short line, not a sentence, naming an author
    with a marker of ``byline_markers`` (``pagedates.yml``) and holding a full date.

    "July 24, 2019 by Amy Motroni 5 Comments", "Von Thilo / 6. November 2023 / Keine
    Kommentare", "Written by Ana Sandoiu on July 27, 2017": the article's own signature, which
    page layouts put among the paragraphs, breadcrumbs or comment prompts.
    """
    from helpers.dates import dates_in_line

    text = line.strip()
    if len(text.split()) > MAX_BYLINE_WORDS or text.endswith((".", "!", "?")):
        return False
    if not _labels().BYLINE.search(text):
        return False
    return any(c.value is not None and c.precision == "day" for c in dates_in_line(text))


ISO_DATETIME = re.compile(
    r"(?<!\d)((?:19|20)\d{2})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{1,2}))?(?:\.\d+)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})")


def _instant(match: re.Match) -> tuple[str, int, bool] | None:
    """(local day, minutes since the epoch in UTC, written in UTC?) of an ISO date-time match."""
    from datetime import datetime, timedelta, timezone

    year, month, day, hour, minute = (int(match.group(i)) for i in range(1, 6))
    zone = match.group(7)
    try:
        local = datetime(year, month, day, hour, minute)
    except ValueError:
        return None
    if zone == "Z":
        offset = 0
    else:
        digits = zone[1:].replace(":", "")
        offset = (int(digits[:2]) * 60 + int(digits[2:])) * (1 if zone[0] == "+" else -1)
    utc = (local - timedelta(minutes=offset)).replace(tzinfo=timezone.utc)
    return local.strftime("%Y-%m-%d"), int(utc.timestamp() // 60), offset == 0


def local_day(html: str, day: str) -> str:
    """The page's local day for a UTC date-time on ``day``, when the page says it; else ``day``.

    Pages often declare one instant twice: in UTC in the head (``2023-11-09T02:11:03+00:00``)
    and with the site's own offset elsewhere (``2023-11-08T21:11:03-05:00``). Readers and
    annotators date the page by its local day, so when every UTC date-time on ``day`` that is
    also written with a non-zero offset falls on one other local day, that day is returned.
    """
    utc_instants: set[int] = set()
    local: dict[int, str] = {}
    for match in ISO_DATETIME.finditer(html):
        found = _instant(match)
        if found is None:
            continue
        local_date, instant, is_utc = found
        if is_utc and local_date == day:
            utc_instants.add(instant)
        elif not is_utc:
            local.setdefault(instant, local_date)
    others = {local[i] for i in utc_instants if i in local}
    if len(others) == 1 and day not in others:
        return others.pop()
    return day


#: UTC hours near enough to midnight that the local day differs in much of the world: from
#: 22:00 it is already the next day in central Europe, until 05:00 still the previous one in
#: the Americas.
LATE_UTC_HOUR = 22
EARLY_UTC_HOUR = 5


#: A clock time next to a date ("11:25 PM - 10 Jul 2020", "10 Jul 2020, 23:40"), and a zone after it.
CLOCK = re.compile(r"(?<![\d:])(?P<hour>[01]?\d|2[0-3])\s*[:h]\s*(?P<minute>[0-5]\d)(?![\d])"
                   r"(?:\s*(?P<ampm>[ap])\.?\s?m\b\.?)?", re.IGNORECASE)
ZONE = re.compile(r"^\s*(?:\(?\s*(?:UTC|GMT|CES?T|MES?Z|[A-Z]{1,2}[SD]T|IST|Z)\b|[+-]\d{2}:?\d{2})")
#: Characters between a date and the clock time that goes with it.
CLOCK_GAP = 4


def near_midnight(line: str, start: int, end: int) -> bool:
    """True when the date at ``line[start:end]`` has a clock time next to it, within two hours
    of midnight (from ``LATE_UTC_HOUR`` to ``EARLY_UTC_HOUR`` - 3) and no time zone written.

    Such a day is the local day of whoever rendered the page (a tweet shows the reader's
    zone): an hour later or earlier it is another day, so the day is uncertain.
    """
    for match in CLOCK.finditer(line):
        if not (0 <= start - match.end() <= CLOCK_GAP or 0 <= match.start() - end <= CLOCK_GAP
                or start <= match.start() < end):
            continue
        hour = int(match["hour"]) % 12 if match["ampm"] else int(match["hour"])
        if (match["ampm"] or "").lower() == "p":
            hour += 12
        if ZONE.match(line[match.end():]):
            return False
        return hour >= LATE_UTC_HOUR or hour < EARLY_UTC_HOUR - 3
    return False


def utc_midnight_neighbour(html: str, day: str) -> str:
    """The other day a UTC date-time of the page on ``day`` may locally be, or "".

    Looks at the page's ISO date-times written in UTC (``Z``, ``+00:00``) on ``day``: the
    first one at or after ``LATE_UTC_HOUR`` gives the next day, before ``EARLY_UTC_HOUR`` the
    previous one. A page that writes any date-time with a non-zero offset says its zone: "".
    """
    from datetime import date, timedelta

    neighbour = ""
    for match in ISO_DATETIME.finditer(html):
        found = _instant(match)
        if found is None:
            continue
        local_date, _, is_utc = found
        if not is_utc:
            return ""
        if local_date != day or neighbour:
            continue
        hour = int(match.group(4))
        if hour >= LATE_UTC_HOUR:
            neighbour = (date.fromisoformat(day) + timedelta(days=1)).isoformat()
        elif hour < EARLY_UTC_HOUR:
            neighbour = (date.fromisoformat(day) - timedelta(days=1)).isoformat()
    return neighbour


def head_written_published(tree) -> tuple[str, str] | None:
    """(key, ``YYYY-MM-DD``) of the first non-ISO publication date the head declares, or None.

    ``head_dates`` reads ISO values only; some pages write the head's date as text
    (``"datePublished": "Tue, Sep 15 2020 10:01:41 EDT"``, ``vr:published-time`` =
    ``18.10.2019 17:08``). Read with the project's date patterns; a slash date is skipped
    (month-first or day-first cannot be told from the head alone).
    """
    from helpers.dates import dates_in_line

    values: list[tuple[str, str]] = []
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        if key in HEAD_PUBLISHED_KEYS:
            values.append((key, (meta.get("content") or "").strip()))
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json" and script.text:
            values.extend((f"JSON-LD {m.group(1)}", m.group(2)) for m in JSON_LD_DATE.finditer(script.text)
                          if m.group(1) != "dateModified")
    for key, value in values:
        if not value or _head_day(value):
            continue
        for candidate in dates_in_line(value):
            if candidate.value is not None and candidate.precision == "day" and "/" not in candidate.evidence:
                return key, candidate.iso
    return None
