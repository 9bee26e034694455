"""Dates in titles and compact URL forms (helpers/pagedates.py)."""

from __future__ import annotations

import pytest

from helpers.clean import describe_article
from helpers.pagedates import compact_url_dates, order_day_month, title_date


def test_title_date_month_first_is_read_when_only_that_is_a_date():
    title = "Ukraine war: talks in Ankara – DW – 11/14/2022"
    found = title_date(title)
    assert (found.iso, found.precision) == ("2022-11-14", "day")
    assert title[found.start:found.end] == "11/14/2022"


@pytest.mark.parametrize(
    ("language", "country", "expected", "precision"),
    [("fr", "", "2022-10-11", "day"), ("en", "US", "2022-11-10", "day"),
     ("en", "GB", "2022-10-11", "day"), ("en", "", "2022", "year")],
)
def test_ambiguous_title_date_decided_by_language_or_country_else_year_only(language, country, expected, precision):
    found = title_date("Secret talks | 11.10.2022", language, country)
    assert (found.iso, found.precision) == (expected, precision)


def test_title_without_trailing_date_gives_none():
    assert title_date("The 2022 talks in Geneva") is None


def test_compact_url_forms():
    agency = compact_url_dates("https://www.aa.com.tr/en/world/talks/2738245_AV-202211070779.html")
    assert [(c.iso, c.precision, c.evidence) for c in agency] == [("2022-11-07", "day", "20221107")]
    dashed = compact_url_dates("https://example.com/news/secret-talks-11-14-2022/", language="en")
    assert [(c.iso, c.precision) for c in dashed] == [("2022-11-14", "day")]
    ambiguous = compact_url_dates("https://example.com/news/secret-talks-10-11-2022/", language="en")
    assert [(c.iso, c.precision) for c in ambiguous] == [("2022", "year")]
    assert "unknown" in ambiguous[0].evidence


def test_order_day_month_explains_itself():
    assert order_day_month(14, 11)[:2] == (14, 11)
    assert order_day_month(3, 4, language="de") == (3, 4, "day first: language de")


# --- wired into the describe step ------------------------------------------------------------

ENGLISH_BODY = ("The Kremlin denied on Monday that any secret talks had taken place between the envoys, "
                "officials said.\nBoth sides said the contacts would continue in the coming weeks, "
                "according to diplomats.\n")


def test_a_date_ending_the_title_is_the_publication_date_when_nothing_better_is_there():
    from helpers.describe import describe_article

    described = describe_article({"text": "Kremlin denies secret talks – DW – 11/14/2022\n\n" + ENGLISH_BODY}, None)
    assert (described["published"], described["published_precision"]) == ("2022-11-14", "day")
    assert described["published_note"] == "from the date at the end of the title"


def test_an_ambiguous_title_date_is_never_given_day_precision():
    from helpers.describe import describe_article

    described = describe_article({"text": "Kremlin denies secret talks – 05/06/2022\n\n" + ENGLISH_BODY}, None)
    assert described["published_precision"] != "day"
    assert described["published"] in ("", "2022")


def test_a_compact_url_date_is_read_when_the_url_has_no_usual_date():
    from helpers.describe import describe_article

    text = ("Envoys talk again\n\n" + ENGLISH_BODY +
            "\nhttps://www.example.com/world/envoys-talk-again_AV-202211070779.html\n")
    described = describe_article({"text": text}, None)
    assert (described["published"], described["published_precision"]) == ("2022-11-07", "day")
    assert described["published_note"] == "from the date in the URL"


GLUED = """Secret talks between London and Moscow

date 2023-07-06 LONDON — A group of British and Russian officials met in secret in a London hotel last month, according to three people familiar with the talks.

The talks were brokered by Swiss mediators and lasted two days, the officials said, adding that no agreement was reached.
"""


def test_a_date_glued_to_the_first_paragraph_dates_the_article():
    described = describe_article({"text": GLUED}, None)
    assert (described["published"], described["published_precision"]) == ("2023-07-06", "day")
    assert described["published_evidence"] == "2023-07-06"
    assert described["published_note"] == "from the date opening the first paragraph"
    assert described["body"].startswith("date 2023-07-06 LONDON")  # the body stays verbatim
    written = describe_article({"text": GLUED.replace("date 2023-07-06 LONDON —",
                                                      "July 6, 2023 LONDON (Reuters) —")}, None)
    assert (written["published"], written["published_evidence"]) == ("2023-07-06", "July 6, 2023")
    # A sentence that merely starts with an event's date is no date line.
    event = describe_article({"text": GLUED.replace("date 2023-07-06 LONDON — A group",
                                                    "On 6 July 2023 a group")}, None)
    assert event["published"] == ""


# --- which date lines of a plain-text page date the article (weigh_date_lines) -----------------


def _date_line(index: int, text: str, language: str, labelled: bool = False):
    from helpers.dates import dates_in_line
    from helpers.pagedates import DateLine

    candidate = next(c for c in dates_in_line(text, 0, language) if c.value is not None)
    return DateLine(index, candidate, text, 0, labelled)


def _chosen(lines, body_last=None, body_first=None, title_index=None) -> tuple[str, list[str]]:
    from helpers.pagedates import weigh_date_lines

    kept, notes = weigh_date_lines(lines, body_last, body_first, title_index)
    return (kept[0].candidate.iso if kept else ""), notes


@pytest.mark.parametrize("language, own, listed", [
    ("en", "March 3, 2020", ["March 1, 2020", "February 27, 2020", "February 20, 2020"]),
    ("fr", "3 mars 2020", ["1 mars 2020", "27 février 2020", "20 février 2020"]),
    ("de", "3. März 2020", ["1. März 2020", "27. Februar 2020", "20. Februar 2020"]),
])
def test_a_list_of_dated_items_never_dates_the_article(language, own, listed):
    # related articles below the article, each with its date: the list is set aside
    lines = [_date_line(40 + 4 * i, text, language) for i, text in enumerate(listed)]
    assert _chosen(lines, body_last=30) == ("", [
        "3 date line(s) set aside: list of dated items (archive, related articles, events)"])
    # the article's own date line, away from the list, is kept
    chosen, _ = _chosen([_date_line(5, own, language)] + lines, body_last=30, body_first=8)
    assert chosen == "2020-03-03"


@pytest.mark.parametrize("language, event, own", [
    ("en", "Deadline: until 31.12.2020", "12.11.2020"),
    ("fr", "Offre valable jusqu'au 31.12.2020", "12.11.2020"),
    ("de", "Termin: 31.12.2020, 19 Uhr", "12.11.2020"),
])
def test_an_event_or_deadline_date_is_not_the_publication_date(language, event, own):
    assert _chosen([_date_line(3, event, language)])[0] == ""
    assert _chosen([_date_line(3, event, language), _date_line(9, own, language)])[0] == "2020-11-12"


@pytest.mark.parametrize("language, header, own", [
    ("en", "Wednesday, July 8, 2020", "April 24, 2020"),
    ("fr", "mercredi 8 juillet 2020", "24 avril 2020"),
    ("de", "Mittwoch, 08. Juli 2020", "24. April 2020"),
])
def test_a_weekday_header_later_than_the_article_date_is_the_page_current_date(language, header, own):
    # the header (line 0, above the title) is nearer the first paragraph than the article's date
    chosen, notes = _chosen([_date_line(0, header, language), _date_line(30, own, language)],
                            body_last=90, body_first=4, title_index=2)
    assert chosen == "2020-04-24"
    assert "read as the page's current-date header" in notes[-1]
    # alone on the page it still dates the article (no other date to prefer)
    assert _chosen([_date_line(10, header, language)], body_last=90, body_first=42,
                   title_index=2)[0] == "2020-07-08"
    # above the title, later than dates found only in lists: no date rather than the header's
    listed = [_date_line(50, own, language), _date_line(53, own, language),
              _date_line(56, own.replace("24", "20"), language)]
    assert _chosen([_date_line(0, header, language)] + listed, body_last=90, body_first=42,
                   title_index=2)[0] == ""


@pytest.mark.parametrize("language, updated, published", [
    ("en", "Updated: August 22, 2019", "January 28, 2018"),
    ("fr", "Mis à jour le 22 août 2019", "28 janvier 2018"),
    ("de", "Zuletzt aktualisiert: 22. August 2019", "28. Januar 2018"),
])
def test_a_modification_date_comes_after_a_publication_date(language, updated, published):
    lines = [_date_line(20, updated, language, labelled=True), _date_line(12, published, language)]
    assert _chosen(lines)[0] == "2018-01-28"
    assert _chosen(lines[:1])[0] == "2019-08-22"  # used when it is the only date


def test_embedded_posts_archive_months_and_ranges_are_set_aside():
    assert _chosen([_date_line(8, "— Jane Doe (@jdoe) January 1, 2020", "en")])[0] == ""
    assert _chosen([_date_line(8, "Joined March 2007", "en")])[0] == ""
    assert _chosen([_date_line(8, "09 Jan 2014 - 01 Jan 2017", "en")])[0] == ""
    assert _chosen([_date_line(8, "du 3 mars 2020 au 5 mars 2020", "fr")])[0] == ""
    # a date followed by its time is no range
    assert _chosen([_date_line(8, "05.12.2020 - 15:10", "de")])[0] == "2020-12-05"


def test_after_the_article_a_second_date_is_not_taken_when_the_page_has_its_own():
    lines = [_date_line(4, "12. November 2021", "de"), _date_line(60, "2. Juni 2023", "de")]
    assert _chosen(lines, body_last=50, body_first=6)[0] == "2021-11-12"
    assert _chosen(lines[1:], body_last=50, body_first=6)[0] == "2023-06-02"  # alone: kept


RELATED_PAGE = """Secret talks between London and Moscow

12 March 2024

A group of British and Russian officials met in secret in a London hotel last month, according to three people familiar with the talks, who spoke on condition of anonymity.

The talks were brokered by Swiss mediators and lasted two days, the officials said, adding that no agreement was reached and that contacts would continue.

Read more

Envoys meet again in Geneva

14 March 2024

Sanctions talks stall

10 March 2024

Ministers trade accusations

8 March 2024
"""


def test_describe_keeps_the_article_date_and_says_which_lines_were_set_aside():
    described = describe_article({"text": RELATED_PAGE}, None)
    assert (described["published"], described["published_precision"]) == ("2024-03-12", "day")
    assert described["published_evidence"] == "12 March 2024"
    assert described["published_note"] == (
        "3 date line(s) set aside: list of dated items (archive, related articles, events)")
    without_own = describe_article({"text": RELATED_PAGE.replace("12 March 2024\n\n", "", 1)}, None)
    assert without_own["published"] == ""
    assert "list of dated items" in without_own["published_note"]


@pytest.mark.parametrize("language, says, label", [
    ("en", "Karl says:", "Available until:"),
    ("fr", "Claire a écrit :", "Offre valable jusqu'au :"),
    ("de", "Karl sagt:", "Video verfügbar bis:"),
])
def test_a_date_under_a_comment_author_or_an_event_label_is_set_aside(language, says, label):
    from helpers.dates import dates_in_line
    from helpers.pagedates import DateLine, weigh_date_lines

    def under(previous: str, index: int) -> DateLine:
        text = "14.10.2020"
        candidate = next(c for c in dates_in_line(text, 0, language) if c.value is not None)
        return DateLine(index, candidate, text, 0, False, previous)

    for previous in (says, label):
        kept, notes = weigh_date_lines([under(previous, 30)], None)
        assert kept == [] and len(notes) == 1
    kept, _ = weigh_date_lines([under("Politik", 30)], None)  # an ordinary line above: kept
    assert kept[0].candidate.iso == "2020-10-14"


def test_four_date_lines_close_together_are_a_list_even_with_one_date():
    same = [_date_line(100 + 4 * i, "Nov 9, 2023", "en") for i in range(4)]
    assert _chosen(same)[0] == ""
    # in page order: the article's own date, then the list
    assert _chosen([_date_line(10, "Nov 8, 2023", "en")] + same)[0] == "2023-11-08"
    assert _chosen(same[:2])[0] == "2023-11-09"  # two repeats of the article's own date: kept


# --- what settles a disagreement on an HTML page (helpers/pagedates.py, helpers/webpage.py) ------


def test_labelled_published_days_need_a_label_before_the_date_not_prose():
    from helpers.pagedates import labelled_published_days

    text = ("Letzte Änderung: 31.10.2023 - 14:49\nErschienen am: 01.11.2023\n"
            "Die Szene, verbunden mit dem Datum 1. Februar 2022, bleibt.\n"
            "Erschienen am:\n\n13.10.2021\nvon David · Published 21. Juli 2017")
    assert labelled_published_days(text) == ["2023-11-01", "2021-10-13", "2017-07-21"]
    assert labelled_published_days("Updated: 2023-11-07 15:30\nWritten: 2023-11-07 15:03") == ["2023-11-07"]


def test_local_day_of_a_utc_time_the_page_also_gives_with_its_offset():
    from helpers.pagedates import local_day

    html = ('<meta property="article:published_time" content="2023-11-09T02:11:03+00:00">'
            '<time itemprop="datePublished" datetime="2023-11-08T21:11:03-05:00">November 8</time>')
    assert local_day(html, "2023-11-09") == "2023-11-08"
    # Another instant with an offset says nothing about this one.
    other = html.replace("21:11:03-05:00", "20:00:00-05:00")
    assert local_day(other, "2023-11-09") == "2023-11-09"


def test_utc_midnight_neighbour_only_without_a_local_offset_on_the_page():
    from helpers.pagedates import utc_midnight_neighbour

    assert utc_midnight_neighbour('"datePublished": "2020-12-05T23:15:0Z"', "2020-12-05") == "2020-12-06"
    assert utc_midnight_neighbour('content="2020-05-02T02:54:29.000Z"', "2020-05-02") == "2020-05-01"
    assert utc_midnight_neighbour('content="2020-05-02T12:54:29Z"', "2020-05-02") == ""
    assert utc_midnight_neighbour('a="2020-05-02T02:54:29Z" b="2020-05-02T04:54:29+02:00"', "2020-05-02") == ""


def _page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_a_labelled_publication_day_beats_htmldate_unless_several_are_labelled():
    from helpers.webpage import find_page_date

    text = "Eva W. gewählt\nErschienen am:\n13.10.2021\nHerausgeber: Pressestelle"
    html = _page('<meta name="date" content="2021-10-15">', text)
    date, evidence, note = find_page_date(html, fast_date="2021-10-15", text=text)
    assert (date, evidence) == ("2021-10-13", "text:labelled") and "2021-10-15" in note
    listing = text + "\nveröffentlicht am 20.01.2022"
    assert find_page_date(html, fast_date="2021-10-15", text=listing)[:2] == ("2021-10-15", "htmldate:head")


def test_a_head_publication_day_the_page_shows_beats_a_markup_one():
    from helpers.webpage import find_page_date

    head = '<script type="application/ld+json">{"dateCreated": "2019-10-18T18:11:44+02:00"}</script>'
    text = "Elisabeth Atzler\n18.10.2019 - 17:08 Uhr\nMehr: 19.10.2019"
    date, evidence, note = find_page_date(_page(head, text), fast_date="2019-10-19", text=text)
    assert (date, evidence) == ("2019-10-18", "head:JSON-LD dateCreated") and "markup" in note


def test_a_utc_head_time_near_midnight_keeps_only_the_month():
    from helpers.webpage import find_page_date

    head = '<meta property="article:published_time" content="2020-05-02T02:54:29.000Z">'
    date, evidence, note = find_page_date(_page(head, "Penn Station"), fast_date="2020-05-02", text="Penn Station")
    assert (date, evidence) == ("2020-05", "htmldate:head") and "2020-05-01" in note
    # The page shows the day: nothing is ambiguous.
    text = "May 2, 2020"
    assert find_page_date(_page(head, text), fast_date="2020-05-02", text=text)[0] == "2020-05-02"


def test_a_modification_only_head_date_the_page_does_not_show_gives_way_to_an_earlier_shown_day():
    from helpers.webpage import find_page_date

    head = '<meta property="og:updated_time" content="2020-06-02T11:57:06+02:00">'
    text = "Interview: Julia Lauter\n31.03.2020\nCorona"
    date, evidence, note = find_page_date(_page(head, text), fast_date="2020-06-02", text=text)
    assert (date, evidence) == ("2020-03-31", "text:first") and "og:updated_time" in note


def test_a_head_date_written_as_text_is_read_before_htmldate_text_search(monkeypatch):
    import htmldate
    import lxml.html

    from helpers.pagedates import head_written_published
    from helpers.webpage import find_page_date

    head = '<script type="application/ld+json">{"datePublished": "Tue, Sep 15 2020 10:01:41 EDT"}</script>'
    html = _page(head, "Amazon luxury stores")
    assert head_written_published(lxml.html.fromstring(html)) == ("JSON-LD datePublished", "2020-09-15")
    # A slash date in the head is month-first or day-first: not read.
    slash = _page('<meta name="date" content="11/01/2023 12:43:42">', "x")
    assert head_written_published(lxml.html.fromstring(slash)) is None
    monkeypatch.setattr(htmldate, "find_date", lambda html, extensive_search, **options:
                        "2020-05-20" if extensive_search else None)
    date, evidence, _ = find_page_date(html, text="Amazon luxury stores")
    assert (date, evidence) == ("2020-09-15", "head:JSON-LD datePublished")


def test_an_html_page_without_a_head_date_takes_no_month_or_pre_web_date_from_its_text():
    from helpers.webpage import Page, describe_page

    # labelled, so the plain-text rules would take the month; an HTML page does not
    text = "Reuters on Twitter\n\nPublished March 2007\n\nA photo."
    page = Page(body_spans=[[len(text) - 8, len(text)]], published_note="htmldate found nothing")
    described = describe_page(text, page.to_json(), None)
    assert described["published"] == "" and "2007-03" in described["published_note"]
    assert "its text gives only 2007-03" in described["undetermined"]


# --- rules measured on htmldate's evaluation pages (issue 13) --------------------------------------


LABEL_IN_BODY = """Thursday, November 9th 2023

Brothel ring busted in Boston

By Jane Doe

PUBLISHED: November 8, 2023 at 4:56 p.m. | UPDATED: November 8, 2023 at 6:00 p.m.

Federal agents said on Wednesday that the ring had operated for three years in two cities.

The operation began in July 2020, authorities said, and meetings were set up on two websites.
"""


def test_a_publication_line_glued_into_the_paragraphs_is_a_labelled_date():
    described = describe_article({"text": LABEL_IN_BODY}, None)
    assert (described["published"], described["published_precision"]) == ("2023-11-08", "day")
    assert described["published_evidence"].startswith("November 8, 2023")


def test_a_paragraph_mentioning_a_publication_is_no_publication_line():
    from helpers.pagedates import opens_with_published_label

    assert opens_with_published_label("Published on October 29, 2023, at 4:28 am (Paris)")
    assert not opens_with_published_label("The report, published on 3 May 2020, said the talks failed.")
    assert not opens_with_published_label(
        "Published 2023-07-06 " + "word " * 25)  # a whole paragraph, not a label line


@pytest.mark.parametrize("language, source", [
    ("de", "Quelle: Forschungsbericht 523 des Ministeriums (Stand: 28. November 2018)"),
    ("en", "Source: Office for National Statistics (published 28 November 2018)"),
    ("en", "EMA: Paxlovid authorisation, https://www.ema.europa.eu/en/news (28.11.2018)"),
])
def test_a_cited_source_date_is_not_the_article_date(language, source):
    own = {"de": "5. Februar 2020", "en": "5 February 2020"}[language]
    lines = [_date_line(10, own, language), _date_line(12, source, language, labelled=True)]
    chosen, notes = _chosen(lines, body_last=30, body_first=11)
    assert chosen == "2020-02-05"
    assert notes == ["1 date line(s) set aside: a cited source's date (a \"Source:\" line or a web address)"]


@pytest.mark.parametrize("language, posted, updated", [
    ("en", "Posted: Nov 8, 2023 / 02:40 PM CST", "Updated: Nov 8, 2023 / 02:40 PM CST"),
    ("de", "Veröffentlicht: 8. November 2023", "Aktualisiert: 8. November 2023"),
])
def test_a_repeated_labelled_posted_updated_pair_is_no_list(language, posted, updated):
    # the page shows its own pair above and below the article: four lines, one date
    lines = [_date_line(i, text, language, labelled=True)
             for i, text in zip((30, 32, 36, 38), (posted, updated, posted, updated))]
    assert _chosen(lines, body_last=60, body_first=20) == ("2023-11-08", [])
    # the same four dates unlabelled are a list (archive, related articles)
    bare = [_date_line(i, text.split(": ", 1)[1], language) for i, text in
            zip((30, 32, 36, 38), (posted, updated, posted, updated))]
    assert _chosen(bare, body_last=60, body_first=20)[0] == ""


@pytest.mark.parametrize("byline, expected", [
    ("July 24, 2019 by Amy Motroni 5 Comments", "2019-07-24"),
    ("Von Thilo / 6. November 2023 / Keine Kommentare", "2023-11-06"),
    ("par Samuel Ravier publié le 1er novembre 2023 à 16h28", "2023-11-01"),
])
def test_a_byline_with_its_day_dates_the_article_wherever_the_layout_puts_it(byline, expected):
    text = ("How to set up a nursery in a small room\n\n" + byline + "\n\n"
            "Setting up a nursery in a small room takes some planning, and a few tricks help a lot.\n\n"
            "First, measure the room and list what the baby really needs in the first months.\n")
    described = describe_article({"text": text}, None)
    assert (described["published"], described["published_precision"]) == (expected, "day")


def test_a_sentence_naming_an_author_and_a_date_is_no_byline():
    from helpers.pagedates import is_byline_date_line

    assert is_byline_date_line("8. Januar 2020 · by Aureliana · in Gefühle")
    assert not is_byline_date_line("The law was passed by parliament on 3 May 2020.")
    assert not is_byline_date_line("by Aureliana · in Gefühle")  # no day
    assert not is_byline_date_line("Von Thilo / November 2023")  # a month only


@pytest.mark.parametrize("language, line", [
    ("ru", "№ 42. 14/10/2020"),
    ("en", "Version 3, 14 October 2020"),
    ("de", "Ausgabe 42, 14.10.2020"),
    ("de", "Wochenbericht 12. - 14. Oktober 2020"),  # the end of a range
])
def test_an_issue_version_or_range_date_is_not_the_page_date(language, line):
    lines = [_date_line(10, line, "de" if language == "ru" else language),
             _date_line(14, "19.10.2020 09:34", "de")]
    chosen, notes = _chosen(lines, body_last=40, body_first=11)
    assert chosen == "2020-10-19"
    assert len(notes) == 1 and notes[0].startswith("1 date line(s) set aside")


def test_a_date_labelled_by_a_page_date_label_is_a_labelled_date_line():
    text = ("Echte Demokratie Jetzt\n\n12M – 12. Mai 2012\n\nNeues aus der Bewegung\n\n"
            "Publiziert am 13. Januar 2014 von uriebe\n\n"
            "Die Bewegung trifft sich wieder auf dem Platz, wie jedes Jahr im Januar, und lädt alle ein.\n\n"
            "Wir beginnen am Nachmittag mit einer Versammlung und sprechen über die nächsten Schritte.\n")
    described = describe_article({"text": text}, None)
    assert described["published"] == "2014-01-13"


@pytest.mark.parametrize("line, expected", [
    ("Veröffentlicht am 10. Februar 20199. Februar 2019 von Heiko", ["2019-02-10", "2019-02-09"]),
    ("Posted on 28. Juli 201928. Juli 2019Author", ["2019-07-28", "2019-07-28"]),
    ("macbacchi28.09.1912:44", ["2019-09-28"]),  # 28.09.19 and 12:44 glued: no year 1912
    ("19.10.2019: Rede", ["2019-10-19"]),
])
def test_glued_dates_and_times_are_read_apart(line, expected):
    from helpers.dates import dates_in_line

    assert [c.iso for c in dates_in_line(line)] == expected


def test_a_far_unlabelled_day_with_other_days_on_the_page_keeps_only_what_they_share():
    from helpers.pagedates import weak_day

    far = [_date_line(120, "31. Oktober 2023", "de"), _date_line(126, "30. Oktober 2023", "de")]
    kept, note = weak_day(far, body_first=12)
    assert (kept.iso, kept.precision) == ("2023-10", "month")
    assert "108 lines from the article's first paragraph" in note and "2023-10-30" in note
    other_month = [_date_line(120, "31. Oktober 2023", "de"), _date_line(126, "2. November 2023", "de")]
    assert weak_day(other_month, body_first=12)[0] is None
    # near the article, alone, or signed: the day stands
    assert weak_day(far, body_first=110)[0].precision == "day"
    assert weak_day(far[:1], body_first=12)[0].precision == "day"
    signed = [_date_line(120, "31. Oktober 2023", "de")] + far[1:]
    signed[0].previous = "Von Moritz Wichmann"
    assert weak_day(signed, body_first=12)[0].iso == "2023-10-31"


@pytest.mark.parametrize("language, previous, line", [
    ("en", "Joined", "May 11, 2017"),
    ("de", "Ähnliche Artikel", "03.02.2022"),
    ("en", "", "BY DATE Select Month October 2020 (1) September 2020 (2) August 2020 (4)"),
])
def test_join_dates_related_headings_and_archive_menus_are_set_aside(language, previous, line):
    from helpers.dates import dates_in_line
    from helpers.pagedates import DateLine

    candidate = next(c for c in dates_in_line(line, 0, language) if c.value is not None)
    lines = [DateLine(30, candidate, line, 0, False, previous)]
    chosen, notes = _chosen(lines, body_last=60, body_first=20)
    assert chosen == "" and len(notes) == 1


@pytest.mark.parametrize("label, date", [("Veröffentlicht", "28.01.2022 06:00"), ("Mise en ligne", "28 janvier 2022"),
                                         ("Date", "Jan 28, 2022")])
def test_a_label_alone_on_the_line_above_labels_the_date(label, date):
    from helpers.pagedates import labels_next_line

    assert labels_next_line(label) and labels_next_line(label + ":")
    assert not labels_next_line(label + " von Jana Mayer und Tom Weber")
    text = (f"Eltern sollen queere Kinder annehmen\n\n{label}\n\n{date}\n\n"
            "Der Vatikan hat Eltern aufgefordert, ihre Kinder so anzunehmen, wie sie sind, sagte ein Sprecher.\n\n"
            "Die Erklärung kam nach Wochen der Diskussion in mehreren Ländern und Bistümern.\n")
    assert describe_article({"text": text}, None)["published"] == "2022-01-28"


@pytest.mark.parametrize("line, evidence, near", [
    ("11:25 PM - 10 Jul 2020", "10 Jul 2020", True),
    ("10.07.2020, 23:40", "10.07.2020", True),
    ("10 Jul 2020 12:30 am", "10 Jul 2020", True),
    ("10 Jul 2020, 23:40 GMT", "10 Jul 2020", False),  # the zone is written
    ("10 Jul 2020, 14:40", "10 Jul 2020", False),
    ("10 Jul 2020", "10 Jul 2020", False),
])
def test_near_midnight_needs_a_clock_time_next_to_the_date_and_no_zone(line, evidence, near):
    from helpers.pagedates import near_midnight

    start = line.index(evidence)
    assert near_midnight(line, start, start + len(evidence)) is near


def test_an_html_page_falling_back_on_a_text_day_near_midnight_keeps_the_month():
    from helpers.webpage import Page, describe_page

    text = ("Reuters on Twitter\n\nChina reports two new coronavirus cases in mainland\n\n"
            "11:25 PM - 10 Jul 2020\n\n42 Retweets\n")
    page = Page(body_spans=[[20, 71]], published_note="htmldate found nothing")
    described = describe_page(text, page.to_json(), None)
    assert (described["published"], described["published_precision"]) == ("2020-07", "month")
    assert "near midnight" in described["published_note"]


def test_a_two_digit_year_is_read_only_before_a_time():
    from helpers.dates import dates_in_line

    assert [(c.iso, c.evidence) for c in dates_in_line("macbacchi28.09.1912:44")] == [("2019-09-28", "28.09.19")]
    assert [c.iso for c in dates_in_line("28.09.19 12:44")] == ["2019-09-28"]
    assert dates_in_line("Tel. 28.09.19") == []


def test_a_bare_date_label_does_not_overrule_a_head_date_the_page_shows():
    from helpers.webpage import find_page_date

    text = "Plejaden M45\nSeptember 17, 2019\nEin Foto der Plejaden.\nDatum: 31/08/2019"
    html = _page('<meta property="article:published_time" content="2019-09-17T10:00:00+02:00">', text)
    assert find_page_date(html, fast_date="2019-09-17", text=text)[:2] == ("2019-09-17", "htmldate:head")
    # against a day read elsewhere in the markup, the same label settles it
    markup = _page("", text.replace("September 17, 2019", "<time>2019-09-17</time>"))
    assert find_page_date(markup, fast_date="2019-09-17", text=text.replace("September 17, 2019", ""))[:2] == (
        "2019-08-31", "text:labelled")
    # a publication label ("Veröffentlicht am") overrules the head in any case
    strong = text.replace("Datum:", "Veröffentlicht am")
    assert find_page_date(html, fast_date="2019-09-17", text=strong)[:2] == ("2019-08-31", "text:labelled")


def test_a_date_line_next_to_the_article_replaces_a_htmldate_day_the_page_never_shows():
    from helpers.webpage import Page, describe_page

    text = ("Parasite scores upset at SAG awards\n\nJanuary 19, 2020\n\n"
            "Parasite won the top prize at the Screen Actors Guild awards on Sunday, an upset.\n\n"
            "The South Korean film beat four Hollywood favourites, the guild said.\n")
    first = text.index("Parasite won")
    spans = [[first, text.index(" an upset.") + 10], [text.index("The South"), len(text) - 1]]
    page = Page(body_spans=spans, published="2020-01-20", published_evidence="htmldate:head")
    described = describe_page(text, page.to_json(), None)
    assert (described["published"], described["published_evidence"]) == ("2020-01-19", "January 19, 2020")
    assert "htmldate read 2020-01-20 (htmldate:head), which the page does not show" in described["published_note"]
    # shown on the page, htmldate's day stands
    shown = text.replace("the guild said.", "the guild said on 20.01.2020.")
    spans[1][1] = len(shown) - 1
    assert describe_page(shown, page.to_json(), None)["published"] == "2020-01-20"
    # a date line far below the article (a related list, a forum signature) replaces nothing
    far = text.replace("January 19, 2020\n\n", "") + "\nMore from Reuters\n\nJanuary 19, 2020\n"
    far_page = Page(body_spans=[[far.index("Parasite won"), far.index(" an upset.") + 10],
                                [far.index("The South"), far.index("guild said.") + 11]],
                    published="2020-01-20", published_evidence="htmldate:head")
    described = describe_page(far, far_page.to_json(), None)
    assert described["published"] == "2020-01-20" and "next to the article" not in described["published_note"]


def test_a_bare_date_at_the_top_of_the_page_above_the_title_is_the_current_date_header():
    lines = [_date_line(2, "18. Februar 2020", "de"), _date_line(12, "2. Februar 2020", "de")]
    chosen, notes = _chosen(lines, body_last=40, body_first=4, title_index=3)
    assert chosen == "2020-02-02"
    assert notes == ["date line '18. Februar 2020' at the top of the page set aside: later than another "
                     "date line, read as the page's current-date header"]
    # below the page's first lines (a byline above a late-detected title), it stands
    lines = [_date_line(8, "18. Februar 2020", "de"), _date_line(16, "2. Februar 2020", "de")]
    assert _chosen(lines, body_last=40, body_first=10, title_index=9)[0] == "2020-02-18"
