"""Publication bounds for articles without a date, and the truncated-body flag."""

from helpers.clean import describe_article
from helpers.datebounds import comment_days, publication_bounds, reported_past_days

UNDATED = """Russia and Ukraine held secret talks in Geneva

Diplomats from both countries met in a hotel near the lake on 11 March 2024, according to three officials familiar with the talks.

A second round will take place on 2 April 2024, the officials added, if both sides agree to it.

The talks were brokered by Swiss mediators and lasted two days, the officials said, adding that no agreement was reached.

2 comments

Claire Martin
March 20, 2024
Interesting, if true. Nobody mentioned it on 1 January 2024 when it would have mattered.

Paul
21 March 2024
Sources?
"""


def test_bounds_come_from_a_reported_past_day_and_the_earliest_dated_comment():
    described = describe_article({"text": UNDATED}, None)
    assert described["published"] == ""
    assert described["published_not_before"] == "2024-03-11"  # the future round (2 April) is no bound
    assert described["published_not_after"] == "2024-03-20"  # a date inside a comment's prose is not its date
    evidence = described["published_bounds_evidence"]
    assert "'11 March 2024'" in evidence and "met in a hotel" in evidence
    assert "'March 20, 2024'" in evidence and "contradict" not in evidence


def test_no_bound_without_past_marker_language_rules_or_when_dated():
    text = "Alpha beta gamma delta on 11 March 2024 epsilon zeta eta theta."
    assert reported_past_days(text, [(0, len(text))], "en") == []
    said = "The minister said on 11 March 2024 that talks were over."
    assert [c.iso for c, _ in reported_past_days(said, [(0, len(said))], "en")] == ["2024-03-11"]
    assert reported_past_days(said, [(0, len(said))], "xx") == []  # a language without markers
    dated = "Talks in Geneva\n\nPublished 12 March 2024\n\n" + UNDATED.split("\n", 2)[2]
    described = describe_article({"text": dated}, None)
    assert described["published"] == "2024-03-12" and described["published_not_before"] == ""


def test_contradicting_bounds_are_both_kept_and_flagged():
    text = "The envoys met on 11 March 2024 and said nothing more.\n\nReader\n1 March 2024\nOdd."
    bounds = publication_bounds(text, [(0, 54)], [(56, len(text))], "en")
    assert (bounds["published_not_before"], bounds["published_not_after"]) == ("2024-03-11", "2024-03-01")
    assert "contradict" in bounds["published_bounds_evidence"]
    assert [c.iso for c in comment_days(text, [(56, len(text))], "en")] == ["2024-03-01"]


def test_french_and_german_markers():
    fr = "Le ministre a annoncé le 3 février 2023 la fin des négociations."
    futur = "Le sommet aura lieu le 3 février 2025 à Genève, selon le ministère."
    assert [c.iso for c, _ in reported_past_days(fr, [(0, len(fr))], "fr")] == ["2023-02-03"]
    assert reported_past_days(futur, [(0, len(futur))], "fr") == []
    de = "Die Delegationen hatten sich am 3. Februar 2023 in Wien getroffen."
    assert [c.iso for c, _ in reported_past_days(de, [(0, len(de))], "de")] == ["2023-02-03"]


CUT = """Russia and Ukraine held secret talks in Geneva

Diplomats from both countries met in a hotel near the lake on Monday, according to three officials familiar with the talks.

The talks were brokered by Swiss mediators and lasted two days, the officials said, adding that no agreement was reached.

Sergei Lavrov's deputy and Andriy Yermak's envoy discussed a prisoner exchange and the

Share on Facebook
Share on Twitter
"""


def test_a_last_paragraph_cut_mid_sentence_stays_in_the_body_flagged():
    described = describe_article({"text": CUT}, None)
    assert described["body"].endswith("discussed a prisoner exchange and the")
    assert "Lavrov" not in described["boilerplate"]
    assert described["body_truncated"] == "yes"
    whole = CUT.replace("exchange and the", "exchange and the release of journalists.")
    assert describe_article({"text": whole}, None)["body_truncated"] == "no"
    ellipsis = CUT.replace("exchange and the", "exchange and the…")
    assert describe_article({"text": ellipsis}, None)["body_truncated"] == "yes"


def test_a_list_of_headlines_after_the_article_is_not_a_cut_paragraph():
    headlines = CUT.replace(
        "Sergei Lavrov's deputy and Andriy Yermak's envoy discussed a prisoner exchange and the\n",
        "Sergei Lavrov's deputy and Andriy Yermak's envoy discussed a prisoner exchange and the\n\n"
        "Why the ceasefire talks in Istanbul collapsed after only three days of work\n")
    described = describe_article({"text": headlines}, None)
    assert "Lavrov" not in described["body"] and described["body_truncated"] == "no"


PAGE_WITH_MENU = """Ministers met in secret in Vienna

Diplomats from both countries met in a hotel near the opera on Monday, according to three officials familiar with the talks.

The talks were brokered by Austrian mediators and lasted two days, the officials said, adding that no agreement was reached.

What was agreed

Both sides promised to meet again in the spring, one of the officials said, without giving a date for the next round.

Home
About us
Contact
Jobs
Imprint
"""


def test_a_run_of_short_lines_is_a_menu_but_a_single_sub_heading_stays():
    described = describe_article({"text": PAGE_WITH_MENU}, None)
    assert "What was agreed" in described["body"].split("\n\n")  # a sub-heading
    for menu_item in ("Home", "About us", "Contact", "Jobs", "Imprint"):
        assert menu_item not in described["body"] and menu_item in described["boilerplate"]


def test_a_list_directly_between_two_paragraphs_stays_in_the_article():
    listed = PAGE_WITH_MENU.replace("What was agreed\n", "Points agreed:\nprisoners\nfuel\ngrain\n")
    described = describe_article({"text": listed}, None)
    assert all(item in described["body"].split("\n\n") for item in ("prisoners", "fuel", "grain"))


def test_prose_cut_off_from_the_article_by_page_furniture_is_not_the_article():
    shares = "\n".join(["Share on Facebook", "Share on Twitter", "Share on LinkedIn", "Share by email",
                        "Print", "Share on WhatsApp", "Share on Reddit", "Share on Telegram"])
    page = PAGE_WITH_MENU.replace("Home\nAbout us\nContact\nJobs\nImprint\n", shares + "\n\n"
                                  "The author is a retired diplomat who writes about Central Europe for magazines.\n")
    described = describe_article({"text": page}, None)
    assert "retired diplomat" not in described["body"] and "retired diplomat" in described["boilerplate"]
    assert described["body"].endswith("without giving a date for the next round.")
