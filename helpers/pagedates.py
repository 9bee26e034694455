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

    @property
    def after(self) -> str:
        """The line's text after the date."""
        return self.text[max(self.candidate.end - self.line_start, 0):]

    @property
    def before(self) -> str:
        """The line's text before the date ("Updated: ", "Termin: ", "Mittwoch, ")."""
        return self.text[: max(self.candidate.start - self.line_start, 0)]


#: What joins the two dates of a range ("09 Jan 2014 - 01 Jan 2017", "3 au 5 mars 2020").
RANGE_JOINER = re.compile(r"^\s*(?:[-–—]|to|bis|au)\s*", re.IGNORECASE)


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
    * the first date of a range ("09 Jan 2014 - 01 Jan 2017");
    * lists: a run of ``date_list_min`` date lines at most ``date_list_gap`` lines apart with two
      different dates (archives, related articles, events);
    * a month without a day on an unlabelled line (archive months, "Joined March 2007");
    * when the page has two different dates, unlabelled date lines after the article's last
      body paragraph (the next articles, the footer);
    * a weekday-dated line later than another date kept (or, above the title, later than any date
      line of the page): the page's "today" header.

    Of the rest, labelled publication dates come first, then plain date lines, then dates
    labelled as modifications ("Updated: …"), each in page order.
    """
    from helpers import rules

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
    current = set_aside([d for d in current if not _opens_range(d.after)],
                        "first date of a date range (a period, not a publication)")
    runs: list[list[DateLine]] = []
    for line in current:
        if runs and line.index - runs[-1][-1].index <= limits.date_list_gap:
            runs[-1].append(line)
        else:
            runs.append([line])
    current = set_aside([d for run in runs if not (
                            len(run) >= limits.date_list_min and len({d.candidate.iso for d in run}) >= 2
                            or len(run) >= limits.date_list_min_same)
                         for d in run], "list of dated items (archive, related articles, events)")
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
    return ordered, notes
