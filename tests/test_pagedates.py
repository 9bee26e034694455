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
