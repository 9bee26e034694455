"""HTML pages in (helpers/webpage.py): main text, comments, date and outlet, spans into ``text``.

Every page here is written in the test (no third-party page is committed).
"""

from __future__ import annotations

import json

import pytest

from helpers import ingest
from helpers.clean import describe_articles
from helpers.outlets import load_outlets
from helpers.paths import RAW_DIR, REGISTRY_DIR
from helpers.webpage import Page, locate_blocks, parseable_html
from tests.pages import PARAGRAPHS

COMMENT = "This is the first reader comment, and it disagrees with the whole article strongly."


def page_html(head: str = "", site: str = "Example Gazette") -> str:
    """A small news page: navigation, article, reader comments, footer."""
    body = "".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Secret talks in Geneva | {site}</title>
<meta property="og:site_name" content="{site}">
<link rel="canonical" href="https://www.example-gazette.test/world/secret-talks-geneva">
{head}</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Secret talks in Geneva</h1>
{body}
</article>
<div id="comments" class="comments">
<h3>2 comments</h3>
<ul class="comment-list"><li class="comment"><p>{COMMENT}</p></li></ul>
</div>
<footer><p>Subscribe to our newsletter</p><p>Copyright 2022 Example Gazette. All rights reserved.</p></footer>
</body></html>
"""


@pytest.fixture(scope="module")
def outlets():
    return load_outlets(REGISTRY_DIR / "outlets.csv")


def ingest_one(tmp_path, name: str, content: str | bytes):
    """Ingest a folder holding one file; returns (articles, problems)."""
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return ingest.ingest_folder(tmp_path)


def test_body_comments_and_boilerplate_separated_with_spans_into_text(tmp_path, outlets):
    articles, problems = ingest_one(tmp_path, "page.html", page_html())
    assert problems.empty and "page" in articles.columns
    row = describe_articles(articles, outlets).iloc[0]
    text = row["text"]
    for paragraph in PARAGRAPHS:
        assert paragraph in row["body"]
    assert COMMENT in row["comments"] and COMMENT not in row["body"]
    for furniture in ("Sport", "Subscribe to our newsletter", "All rights reserved"):
        assert furniture not in row["body"]
    spans = json.loads(row["body_spans"])
    assert "\n\n".join(text[s:e] for s, e in spans) == row["body"]
    assert [text[s:e] for s, e in spans] == PARAGRAPHS
    comment_spans = json.loads(row["comments_spans"])
    assert [text[s:e] for s, e in comment_spans] == [COMMENT]
    assert row["title"] == "Secret talks in Geneva"
    assert text[slice(*json.loads(row["title_span"]))] == row["title"]
    assert row["url"] == "https://www.example-gazette.test/world/secret-talks-geneva"


def test_unregistered_site_named_from_the_page_and_domain_reported(tmp_path, outlets):
    articles, _ = ingest_one(tmp_path, "page.htm", page_html())
    row = describe_articles(articles, outlets).iloc[0]
    # outlet holds registry names only: the page's own name and domain are reported for review
    assert row["outlet"] == ""
    assert row["outlet_unregistered"] == "Example Gazette"
    assert row["outlet_domain"] == "example-gazette.test"
    assert "outlet: example-gazette.test is not in the outlet registry" in row["undetermined"]


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="2022-11-14T09:30:00+01:00">',
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": '
        '"NewsArticle", "headline": "Secret talks", "datePublished": "2022-11-14T09:30:00Z"}</script>',
    ],
    ids=["meta", "json-ld"],
)
def test_date_from_the_page_head(tmp_path, outlets, head):
    articles, _ = ingest_one(tmp_path, "page.html", page_html(head))
    row = describe_articles(articles, outlets).iloc[0]
    assert (row["published"], row["published_precision"]) == ("2022-11-14", "day")
    assert row["published_evidence"] == "htmldate:head"
    # The head is not visible text: the date came from the page record, not from `text`.
    assert "2022-11-14" not in row["text"]


def test_html_saved_as_txt_goes_through_the_same_path(tmp_path, outlets):
    articles, _ = ingest_one(tmp_path, "saved page.txt", page_html())
    row = describe_articles(articles, outlets).iloc[0]
    assert PARAGRAPHS[0] in row["body"] and COMMENT in row["comments"]


def test_xhtml_with_xml_declaration_and_control_characters_is_ingested(tmp_path):
    xhtml = ('<?xml version="1.0" encoding="utf-8"?>\n'
             '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
             '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
             + page_html().split("\n", 1)[1].replace(PARAGRAPHS[1][:20], PARAGRAPHS[1][:20] + "\x0b\x1b"))
    (tmp_path / "other.html").write_text(page_html(), encoding="utf-8")
    articles, problems = ingest_one(tmp_path, "xhtml.xhtml", xhtml)
    assert problems.empty and len(articles) == 2
    row = articles.set_index("source_path").loc["xhtml.xhtml"]
    assert PARAGRAPHS[0] in row["text"] and "\x1b" not in row["text"]
    assert len(Page.from_json(row["page"]).body_spans) >= 3


def test_a_page_the_extractor_fails_on_becomes_a_problem_row(tmp_path, monkeypatch):
    import trafilatura

    def broken(*args, **kwargs):
        raise RuntimeError("simulated extractor crash")

    (tmp_path / "good.txt").write_text("A plain text article.\n\nIts only paragraph.\n", encoding="utf-8")
    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    articles, problems = ingest_one(tmp_path, "bad.html", page_html())
    assert list(articles["source_path"]) == ["good.txt"]
    assert "page" not in articles.columns  # no HTML page made it in: plain-text columns only
    problem = problems.set_index("source_path").loc["bad.html"]
    assert problem["status"] == "problem"
    assert "trafilatura failed: RuntimeError: simulated extractor crash" in problem["reason"]


def test_plain_text_corpus_has_no_page_column():
    articles, _ = ingest.ingest_folder(RAW_DIR)
    assert list(articles.columns) == ingest.ARTICLE_COLUMNS


def test_locate_blocks_ignores_white_space_and_counts_what_it_cannot_find():
    text = "Title\n\nFirst  paragraph\nwrapped here.\n\nSecond one.\n"
    spans, missing = locate_blocks(text, ["First paragraph wrapped here.", "Second one.", "Not there."])
    assert [text[s:e] for s, e in spans] == ["First  paragraph\nwrapped here.", "Second one."]
    assert missing == 1


def test_parseable_html_drops_declaration_and_forbidden_characters():
    cleaned = parseable_html('<?xml version="1.0" encoding="utf-8"?><html>a\x0bb\tc</html>')
    assert cleaned == "<html>ab\tc</html>"


def test_text_search_bare_year_or_unshown_day_is_refused(monkeypatch):
    import htmldate

    from helpers.webpage import find_page_date

    found = {"text": "2019-01-01"}

    def fake_find_date(html, extensive_search, **options):
        # the fast pass finds nothing; the text search answers found["text"]
        return found["text"] if extensive_search else None

    monkeypatch.setattr(htmldate, "find_date", fake_find_date)
    date, evidence, note = find_page_date("<html><body><p>Since 2019.</p></body></html>")
    assert (date, evidence) == ("", "") and "only a year (2019)" in note
    found["text"] = "2020-05-20"
    page_text = "Posted 14 September 2020\nBody text."
    date, evidence, note = find_page_date("<html><body></body></html>", text=page_text)
    assert date == "" and "2020-05-20" in note and "does not show" in note
    assert find_page_date("<html><body></body></html>", text="Posted 20 May 2020")[:2] == ("2020-05-20", "htmldate:text")
    assert find_page_date("<html></html>", fast_date="2019-01-01")[:2] == ("2019-01-01", "htmldate:markup")


HEAD = ('<html><head><meta property="article:published_time" content="2019-10-15T08:00:00+02:00">'
        '<meta property="article:modified_time" content="2020-03-12T09:00:00+01:00"></head>'
        '<body><p>{shown}</p></body></html>')


def test_the_page_shown_date_decides_between_head_dates():
    from helpers.webpage import find_page_date

    # The page shows only its update: that is the date it presents (the note keeps the other).
    html = HEAD.format(shown="Updated March 12, 2020")
    date, evidence, note = find_page_date(html, fast_date="2019-10-15", text="Updated March 12, 2020")
    assert (date, evidence) == ("2020-03-12", "head:article:modified_time")
    assert "2019-10-15" in note
    # It shows the publication date: htmldate's answer stands.
    html = HEAD.format(shown="15.10.2019")
    assert find_page_date(html, fast_date="2019-10-15", text="15.10.2019") == ("2019-10-15", "htmldate:head", "")
    # htmldate read another date (say from the URL) that the page never shows: the head's wins.
    date, evidence, note = find_page_date(html, url="https://x.org/2019/10/14/a", fast_date="2019-10-14",
                                          text="15.10.2019")
    assert (date, evidence) == ("2019-10-15", "head:article:published_time")
    assert "2019-10-14" in note


def test_head_dates_reads_meta_json_ld_and_itemprop():
    import lxml.html

    from helpers.pagedates import head_dates

    tree = lxml.html.fromstring(
        '<html><head><meta name="DC.date.issued" content="2021-02-03">'
        '<meta property="og:updated_time" content="2021-02-05T10:00:00Z">'
        '<meta name="date" content="03.02.2021">'  # not ISO: left to htmldate
        '<script type="application/ld+json">{"datePublished": "2021-02-04T01:00:00Z",'
        ' "dateModified": "2021-02-06"}</script></head>'
        '<body><time itemprop="datePublished" datetime="2021-02-02">2 Feb</time></body></html>')
    published, modified = head_dates(tree)
    assert published == [("dc.date.issued", "2021-02-03"), ("JSON-LD datePublished", "2021-02-04"),
                         ("itemprop datePublished", "2021-02-02")]
    assert modified == [("og:updated_time", "2021-02-05"), ("JSON-LD dateModified", "2021-02-06")]


def test_a_block_merged_from_two_places_is_located_piece_by_piece():
    text = "Opening words of the article here.\n\nShare this\n\nClosing words of the article there.\n"
    spans, missing = locate_blocks(text, ["Opening words of the article here. Closing words of the article there."])
    assert [text[s:e] for s, e in spans] == ["Opening words of the article here.",
                                             "Closing words of the article there."]
    assert missing == 0
    spans, missing = locate_blocks(text, ["Opening words of the article here. Never written anywhere."])
    assert [text[s:e] for s, e in spans] == ["Opening words of the article here."] and missing == 1


def test_a_noscript_holding_an_unclosed_tag_does_not_swallow_the_page(tmp_path, outlets):
    broken = page_html().replace("<body>", '<body><noscript><div id="nojs"></noscript>')
    articles, problems = ingest_one(tmp_path, "page.html", broken)
    assert problems.empty
    row = describe_articles(articles, outlets).iloc[0]
    assert [row["text"][s:e] for s, e in json.loads(row["body_spans"])] == PARAGRAPHS


def test_an_unusable_page_record_falls_back_to_the_plain_text_rules(outlets):
    from helpers.webpage import describe_page

    text = "Secret talks in Geneva\n\n" + "\n\n".join(PARAGRAPHS) + "\n"
    described = describe_page(text, "{not json", outlets)
    assert PARAGRAPHS[0] in described["body"]
    assert "page: extraction record unusable (JSONDecodeError" in described["undetermined"]
