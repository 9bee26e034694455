"""Publication-date evidence in scraped text: find candidates cheaply, parse only those.

Used by ``helpers.clean``: reads lines of an article (plain strings) and returns
``DateCandidate`` records (the exact evidence text, its offsets, what kind of date it is, the
parsed value and its precision). Writes nothing.

Date parsers are slow on whole texts (dateparser takes about 1 ms per call), so regular
expressions first find the few substrings that look like dates (ISO dates, unix timestamps on
their own line, dates in URLs, numeric and written dates with the month names and
abbreviations of every language in ``helpers/rules/<language>/dates.yml``). Unambiguous shapes are converted directly from the match;
ambiguous ones (English slash dates, month-first in the US) go to ``dateparser`` with the
article's language (one cached parser per language, results cached per string).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import lru_cache, partial

from helpers import rules

#: Unix timestamps outside this window (2000-01-01 .. 2035-12-31) are ids, not dates.
UNIX_MIN, UNIX_MAX = 946_684_800, 2_082_758_399

ISO_DATE = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?(?!\d)"
)
DIGIT = re.compile(r"\d")
#: A year as ISO, numeric and written dates all end or start with: searched first because most
#: lines with digits hold no date, and the written-date pattern (a day, then one of ~60 month
#: names, at every position) costs ~15 µs per line where this costs ~1.
YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}(?!\d)")
#: A two-digit year, read only when a time follows it (forums: "28.09.19 12:44", glued
#: "28.09.1912:44"): without the time, "28.09.19" could be anything.
SHORT_YEAR_DATE = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{2})"
    r"(?=\s?(?P<hour>[01]?\d|2[0-3]):(?P<minute>[0-5]\d)(?!\d))"
)
UNIX_LINE = re.compile(r"^\s*(?P<seconds>\d{10})\s*$")
URL_DATE = re.compile(
    r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]\d)(?:[/-](?P<day>[0-3]\d))?(?=[/-]|$|\D)"
)


def _build_date_words() -> dict[str, object]:
    """The language-dependent date patterns, from ``helpers/rules/<language>/dates.yml``."""
    group = partial(rules.alternation, "dates")
    months = {str(word).lower(): int(number) for word, number in rules.mapping("dates", "months").items()}
    month = rules.literal_alternation(months)
    time = (r"(?:\s*(?:,|" + group("time_connectors") + r"|-|–)?\s*(?P<hour>\d{1,2})\s*[:h]\s*"
            r"(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?:\s*(?P<ampm>[ap])\.?m\b\.?)?)?")
    before = "(?:" + group("day_suffixes") + r"|\.)"
    after = group("day_suffixes_after_month")
    return {
        #: Month names and abbreviations of every language with rules -> month number.
        "MONTHS": months,
        "NUMERIC_DATE": re.compile(
            # not "28.09.1912:44": a two-digit year glued to a time ("28.09.19" + "12:44")
            r"(?<![\d.])(?P<day>\d{1,2})(?P<sep>[./])(?P<month>\d{1,2})(?P=sep)(?P<year>(?:19|20)\d{2})(?!\d|:\d)"
            + time),
        "WRITTEN_DATE": re.compile(
            r"(?:(?<!\w)|(?<=(?:19|20)\d\d))(?:(?P<day>\d{1,2})" + before + r"?\s+)?"
            r"(?P<month>" + month + r")\.?\s+"
            r"(?:(?P<day2>\d{1,2})" + after + r"?,?\s+)?(?P<year>(?:19|20)\d{2})"
            # a year glued to the next date of a doubled date line ("10. Februar 20199. Februar")
            r"(?:(?!\d)|(?=\d{1,2}" + before + r"\s*" + month + r"))" + time,
            re.IGNORECASE),
        #: Words that say a date is when the article was published or updated.
        "PUBLICATION_MARKER": re.compile(r"\b(" + group("publication_markers") + r")\b", re.IGNORECASE),
        #: A day and month with no year ("Feb. 14", "14 févr.", "14. Februar"): reader comments
        #: carry them, publication dates never count on them.
        "DAY_MONTH": re.compile(
            r"^(?:(?:\d{1,2}" + before + r"?\s+" + month + r"\.?)|"
            r"(?:" + month + r"\.?\s+\d{1,2}" + after + r"?))$",
            re.IGNORECASE),
        #: A publication or update time without a date: "Updated 5:12 p.m. ET", "Aktualisiert 09:40 Uhr".
        "TIME_ONLY_STAMP": re.compile(
            r"^" + group("update_labels") + r"\b\s*:?\s*" + group("time_prepositions") + r"?\s*"
            r"\d{1,2}\s*[:h.]\s*\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*(?:" + group("time_suffixes")
            + r"|[a-z]{2,4})?\.?$",
            re.IGNORECASE),
    }


#: The language-dependent date patterns, rebuilt in place when ``helpers.rules.reload`` runs.
DATE_WORDS = rules.Compiled(_build_date_words)


def __getattr__(name: str) -> object:
    """``helpers.dates.MONTHS``, ``WRITTEN_DATE`` and the other rule-built names, as now loaded."""
    try:
        return DATE_WORDS.__dict__[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


#: Characters of an ISO date kept at each precision: 2024, 2024-02, 2024-02-14.
ISO_LENGTHS = {"year": 4, "month": 7}


@dataclass
class DateCandidate:
    """One date found in the text: evidence, where it is, and what it parses to."""

    evidence: str
    start: int
    end: int
    kind: str  # "iso", "numeric", "written", "unix", "url"
    value: datetime | None
    precision: str  # "day", "month", "year" or "unknown"
    has_time: bool = False

    @property
    def iso(self) -> str:
        """ISO date at the candidate's precision: 2024-02-14, 2024-02 or 2024."""
        if self.value is None:
            return ""
        # A prefix of isoformat() ("2024-02-14T09:30:00"): strftime is ~10x slower, and every
        # year here has four digits (19xx/20xx patterns, unix times 2000-2035).
        return self.value.isoformat()[:ISO_LENGTHS.get(self.precision, 10)]


def _safe_datetime(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0):
    try:
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


@lru_cache(maxsize=8)
def _dateparser_for(language: str):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DAY_OF_MONTH": "first"}
    if language:
        try:  # dateparser knows some 200 locales: any language it knows is read as itself
            return DateDataParser(languages=[language], settings=settings)
        except ValueError:
            pass
    return DateDataParser(languages=None, settings=settings)  # unknown: dateparser guesses


@lru_cache(maxsize=4096)
def parse_with_dateparser(evidence: str, language: str) -> tuple[datetime | None, str]:
    """(value, precision) for a date string the fast paths could not read; cached."""
    data = _dateparser_for(language).get_date_data(evidence)
    if data.date_obj is None:
        return None, "unknown"
    return data.date_obj.replace(tzinfo=None), data.period or "day"


def _time_parts(match: re.Match) -> tuple[int, int, int, bool]:
    if match.group("hour") is None:
        return 0, 0, 0, False
    hour = int(match.group("hour"))
    meridiem = (match.groupdict().get("ampm") or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    return hour, int(match.group("minute")), int(match.group("second") or 0), True


def dates_in_line(line: str, offset: int = 0, language: str = "") -> list[DateCandidate]:
    """Date candidates in one line (``offset`` = where the line starts in the whole text).

    A unix timestamp counts only when it is the whole line (inside prose, ten digits are
    more often ids or phone numbers). Dates in URLs are reported by ``dates_in_url``.
    """
    found: list[DateCandidate] = []
    if not DIGIT.search(line):
        return found
    unix = UNIX_LINE.match(line)
    if unix:
        seconds = int(unix.group("seconds"))
        if UNIX_MIN <= seconds <= UNIX_MAX:
            value = datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)
            found.append(DateCandidate(unix.group("seconds"), offset + unix.start("seconds"),
                                       offset + unix.end("seconds"), "unix", value, "day", True))
        return found
    taken: list[tuple[int, int]] = []
    for match in SHORT_YEAR_DATE.finditer(line):
        value = _safe_datetime(2000 + int(match["year"]), int(match["month"]), int(match["day"]),
                               int(match["hour"]), int(match["minute"]))
        if value is not None:
            found.append(DateCandidate(match.group(0), offset + match.start(), offset + match.end(),
                                       "numeric", value, "day", True))
            taken.append(match.span())
    if not YEAR_DIGITS.search(line):
        return found  # every pattern below needs a four-digit year 19xx/20xx
    for match in ISO_DATE.finditer(line):
        hour, minute, second, has_time = _time_parts(match)
        value = _safe_datetime(int(match["year"]), int(match["month"]), int(match["day"]),
                               hour, minute, second)
        found.append(DateCandidate(match.group(0), offset + match.start(), offset + match.end(),
                                   "iso", value, "day" if value else "unknown", has_time))
        taken.append(match.span())
    for match in DATE_WORDS.NUMERIC_DATE.finditer(line):
        if any(s <= match.start() < e for s, e in taken):
            continue
        hour, minute, second, has_time = _time_parts(match)
        day, month = int(match["day"]), int(match["month"])
        if language == "en" and match["sep"] == "/" and day <= 12 and month <= 12 and day != month:
            # English slash dates are month-first in the US and day-first elsewhere: when both
            # readings are dates, only the year is known (never a wrong day).
            value, precision = _safe_datetime(int(match["year"]), 1, 1), "year"
        elif language == "en" and match["sep"] == "/":
            value, precision = parse_with_dateparser(match.group(0), "en")
        else:
            value = _safe_datetime(int(match["year"]), month, day, hour, minute, second)
            precision = "day" if value else "unknown"
        found.append(DateCandidate(match.group(0).strip(), offset + match.start(),
                                   offset + match.start() + len(match.group(0).strip()),
                                   "numeric", value, precision, has_time))
        taken.append(match.span())
    for match in DATE_WORDS.WRITTEN_DATE.finditer(line):
        if any(s <= match.start() < e for s, e in taken):
            continue
        evidence = match.group(0).strip()
        month = DATE_WORDS.MONTHS.get(match["month"].lower())
        day_text = match["day"] or match["day2"]
        hour, minute, second, has_time = _time_parts(match)
        if month is not None:
            day = int(day_text) if day_text else 1
            value = _safe_datetime(int(match["year"]), month, day, hour, minute, second)
            precision = ("day" if day_text else "month") if value else "unknown"
        else:  # pragma: no cover - every month word in the pattern is in MONTHS
            value, precision = parse_with_dateparser(evidence, language)
        found.append(DateCandidate(evidence, offset + match.start(),
                                   offset + match.start() + len(evidence),
                                   "written", value, precision, has_time))
    found.sort(key=lambda c: c.start)
    return found


def dates_in_url(url: str, offset: int = 0) -> list[DateCandidate]:
    """A date in a URL path ("/2024/02/14/", "/2024-02-14-title"): day or month precision."""
    found: list[DateCandidate] = []
    for match in URL_DATE.finditer(url):
        year, month = int(match["year"]), int(match["month"])
        day = int(match["day"]) if match["day"] else None
        value = _safe_datetime(year, month, day or 1)
        if value is None:
            continue
        found.append(DateCandidate(match.group(0).strip("/"), offset + match.start() + 1,
                                   offset + match.end(), "url", value, "day" if day else "month"))
    return found


def is_date_line(line: str, candidates: list[DateCandidate], line_start: int = 0) -> bool:
    """True when the line is essentially a date (a dateline, not a sentence mentioning one)."""
    if not candidates:
        return False
    covered = sum(c.end - c.start for c in candidates)
    rest = len(line.strip()) - covered
    return rest <= 25 and not line.rstrip().endswith((".", "?", "!")) or covered >= 0.6 * len(line.strip())


def describe_relation(written: DateCandidate, unix: DateCandidate) -> str:
    """How a written date and a unix timestamp on the same page relate, in words.

    A written time without zone is usually local time, so we report the whole-hour UTC offset
    that would make them agree and the minutes left over (a timestamp a few minutes later is
    typically the time the page was saved or indexed).
    """
    assert written.value is not None and unix.value is not None
    stamp = f"unix {unix.evidence} = {unix.value:%Y-%m-%d %H:%M:%S} UTC"
    if not written.has_time or written.precision != "day":
        days = (unix.value.date() - written.value.date()).days
        if written.precision != "day":
            same = unix.value.strftime("%Y-%m" if written.precision == "month" else "%Y") == written.iso
            return f"{stamp}; {'within' if same else 'outside'} the written {written.precision} {written.iso}"
        if days == 0:
            return f"{stamp}; same day as the written date"
        return f"{stamp}; {abs(days)} day(s) {'after' if days > 0 else 'before'} the written date"
    hours = (written.value - unix.value).total_seconds() / 3600
    if abs(hours) > 14:
        days = (unix.value - written.value).total_seconds() / 86400
        return f"{stamp}; disagrees with the written date by {abs(days):.1f} days"
    offset = round(hours)
    residual = (unix.value - (written.value)).total_seconds() / 60 + offset * 60
    residual = round(residual)
    when = "same minute" if abs(residual) < 1 else (
        f"timestamp {abs(residual)} min {'after' if residual > 0 else 'before'} the written time"
    )
    return f"{stamp}; agrees with the written time read as UTC{offset:+d} ({when})"
