"""Tests for helpers.dates: candidate dates in French, English and German, URLs, timestamps."""

import pytest

from helpers.dates import dates_in_line, dates_in_url, describe_relation


@pytest.mark.parametrize(
    "line, language, evidence, iso, precision, kind",
    [
        ("2024-02-14 00:44:00", "fr", "2024-02-14 00:44:00", "2024-02-14", "day", "iso"),
        ("2023-07-28", "fr", "2023-07-28", "2023-07-28", "day", "iso"),
        ("1707865261", "fr", "1707865261", "2024-02-13", "day", "unix"),
        ("7 novembre 2022 12: 30", "fr", "7 novembre 2022 12: 30", "2022-11-07", "day", "written"),
        ("Publié le 1er mars 2024 à 10h15", "fr", "1er mars 2024 à 10h15", "2024-03-01", "day", "written"),
        ("Mis à jour en février 2024", "fr", "février 2024", "2024-02", "month", "written"),
        ("Published February 14, 2024", "en", "February 14, 2024", "2024-02-14", "day", "written"),
        ("Updated 14 Feb 2024", "en", "14 Feb 2024", "2024-02-14", "day", "written"),
        ("March 2024", "en", "March 2024", "2024-03", "month", "written"),
        ("03/04/2024", "en", "03/04/2024", "2024", "year", "numeric"),  # US or UK order: unknown
        ("03/14/2024", "en", "03/14/2024", "2024-03-14", "day", "numeric"),  # only month-first is a date
        ("14/03/2024", "en", "14/03/2024", "2024-03-14", "day", "numeric"),
        ("Veröffentlicht am 14. Februar 2024", "de", "14. Februar 2024", "2024-02-14", "day", "written"),
        ("Stand: 14.02.2024, 10:15 Uhr", "de", "14.02.2024, 10:15", "2024-02-14", "day", "numeric"),
        ("im März 2024", "de", "März 2024", "2024-03", "month", "written"),
    ],
)
def test_date_forms(line, language, evidence, iso, precision, kind):
    found = dates_in_line(line, language=language)
    assert len(found) == 1
    candidate = found[0]
    assert (candidate.evidence, candidate.iso, candidate.precision, candidate.kind) == (
        evidence, iso, precision, kind)
    assert line[candidate.start:candidate.end] == evidence


@pytest.mark.parametrize(
    "line",
    ["en avril dernier", "last April", "im vergangenen April", "Tel: 0612345678 ou 1707865261",
     "9999999999", "Le 99 mars 2024", "en 2014"],
)
def test_no_date_or_unusable(line):
    found = dates_in_line(line, language="fr")
    assert all(c.value is None or c.kind != "unix" for c in found)
    assert not [c for c in found if c.value is not None]


def test_twelve_hour_clock():
    candidate = dates_in_line("March 3, 2024 at 10:15 pm", language="en")[0]
    assert candidate.value.hour == 22


def test_offsets_are_shifted_by_line_start():
    candidate = dates_in_line("le 7 novembre 2022", offset=100)[0]
    assert (candidate.start, candidate.end) == (103, 118)


@pytest.mark.parametrize(
    "url, iso, precision",
    [
        ("https://example.com/world/2024/02/14/talks/", "2024-02-14", "day"),
        ("https://example.com/2023-07-28-talks", "2023-07-28", "day"),
        ("https://example.com/archive/2022/11/talks", "2022-11", "month"),
    ],
)
def test_dates_in_url(url, iso, precision):
    candidate = dates_in_url(url)[0]
    assert (candidate.iso, candidate.precision, candidate.kind) == (iso, precision, "url")


def test_url_without_date():
    assert dates_in_url("https://www.rt.com/russia/566501-russia-us-secret-talks/") == []


def test_relation_written_time_and_unix_agree_with_offset():
    written = dates_in_line("2024-02-14 00:44:00")[0]
    unix = dates_in_line("1707865261")[0]
    note = describe_relation(written, unix)
    assert "2024-02-13 23:01:01 UTC" in note
    assert "UTC+2" in note and "17 min after" in note


@pytest.mark.parametrize(
    "written_line, unix_line, expected",
    [
        ("14 février 2024", "1707915600", "same day"),
        ("12 février 2024", "1707915600", "2 day(s) after"),
        ("2024-01-01 10:00", "1707915600", "disagrees with the written date"),
        ("février 2024", "1707915600", "within the written month"),
    ],
)
def test_relation_cases(written_line, unix_line, expected):
    note = describe_relation(dates_in_line(written_line)[0], dates_in_line(unix_line)[0])
    assert expected in note
