"""This project's rules on top of trafilatura (helpers/webpage.py, issue 13): what they add back
to the body and what they take out of it, on small hand-written pages and texts."""

from __future__ import annotations

import json

import pytest

from helpers.outlets import load_outlets
from helpers.paths import REGISTRY_DIR
from helpers.segment import segment_text
from helpers.webpage import (LEAD_MIN_WORDS, combine_extractions, describe_page, lead_spans,
                             locate_blocks, read_html_page)
from tests.pages import PARAGRAPHS

LEAD = ("Two governments that officially do not speak to each other have been talking in secret "
        "for months, and a deal on prisoners may be close.")


@pytest.fixture(scope="module")
def outlets():
    return load_outlets(REGISTRY_DIR / "outlets.csv")


def header_page(intro: str) -> str:
    """A page whose header holds title, byline, an intro block and a share bar, then the body."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return f"""<html><head><title>Secret talks</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<header class="article-header"><h1>Secret talks in Geneva</h1>
<div class="meta"><span>By Jane Doe</span> <time>12 March 2023</time></div>
<div class="article-intro">{intro}</div>
<div class="share">Share on Facebook</div></header>
<div class="article-body">{body}</div>
<footer><p>Copyright 2023 Example.</p></footer></body></html>"""


def test_lead_in_the_page_header_is_body_with_its_span(outlets):
    text, page, _ = read_html_page(header_page(LEAD))
    described = describe_page(text, page, outlets)
    spans = json.loads(described["body_spans"])
    assert [text[s:e] for s, e in spans] == [LEAD, *PARAGRAPHS]  # the lead first, in page order
    for furniture in ("By Jane Doe", "Share on Facebook", "Home World"):
        assert furniture not in described["body"]


def test_short_or_unfinished_header_lines_are_not_leads(outlets):
    caption = "The old town of Geneva seen from the lake."  # a sentence, too short for a lead
    text, page, _ = read_html_page(header_page(caption))
    assert caption not in describe_page(text, page, outlets)["body"]
    teaser = "Read more about the talks between the two governments and the deal on prisoners here"
    text, page, _ = read_html_page(header_page(teaser))  # long, but no sentence ends it
    assert teaser not in describe_page(text, page, outlets)["body"]


def test_lead_spans_only_between_title_and_first_body_paragraph():
    prose = "A sentence long enough to be a lead, about the talks and the prisoners in Geneva."
    assert len(prose.split()) >= LEAD_MIN_WORDS
    text = f"Menu\n\n{prose}\n\nThe Title\n\n{prose}\n\nBody paragraph.\n\n{prose}\n"
    seg = segment_text(text)
    title_start = text.index("The Title")
    title = [title_start, title_start + len("The Title")]
    body_start = text.index("Body paragraph.")
    body = [[body_start, body_start + len("Body paragraph.")]]
    lead_start = text.index(prose, title[1])
    assert lead_spans(seg, title, body) == [[lead_start, lead_start + len(prose)]]
    assert lead_spans(seg, [], body) == []  # no title: where the lead zone starts is unknown
    assert lead_spans(seg, title, []) == []


def test_boilerplate_sentence_between_title_and_body_is_not_a_lead():
    prompt = ("Subscribe to our newsletter to get the best stories of the week delivered to your "
              "inbox every Friday morning.")
    text = f"The Title\n\n{prompt}\n\nBody paragraph.\n"
    seg = segment_text(text)
    assert any(line.text == prompt and line.label == "boilerplate" for line in seg.lines)
    body_start = text.index("Body paragraph.")
    assert lead_spans(seg, [0, 9], [[body_start, body_start + 15]]) == []


BETWEEN = "The talks were the third round this year, the officials said."
AFTER = ("Both governments have denied that any talks took place, in statements issued on "
         "Tuesday evening.")


def boxed_page() -> str:
    """An article whose boxed paragraphs (a border style) trafilatura's precise pass drops."""
    return f"""<html><head><title>Secret talks</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Secret talks in Geneva</h1>
<p>{PARAGRAPHS[0]}</p><div style="border: 1px solid #ccc"><p>{BETWEEN}</p></div>
<p>{PARAGRAPHS[1]}</p><p>{PARAGRAPHS[2]}</p>
<div class="link"><p>More news on the talks</p></div>
<div style="border: 1px solid"><p>{AFTER}</p></div>
</article>
<footer><p>Copyright 2023 Example.</p></footer></body></html>"""


def test_balanced_pass_adds_paragraphs_inside_the_article_and_prose_outside(outlets):
    text, page, _ = read_html_page(boxed_page())
    described = describe_page(text, page, outlets)
    spans = json.loads(described["body_spans"])
    # The short boxed paragraph sits inside the precise article; the boxed one after it is prose;
    # the short link box after the article is neither.
    assert [text[s:e] for s, e in spans] == [PARAGRAPHS[0], BETWEEN, *PARAGRAPHS[1:], AFTER]
    assert "More news on the talks" not in described["body"]


def test_combine_extractions_rule_on_given_blocks():
    short_after = "Related: the talks"
    text = "\n\n".join(["Menu", PARAGRAPHS[0], BETWEEN, PARAGRAPHS[1], short_after, AFTER]) + "\n"

    def span(paragraph: str) -> list[int]:
        start = text.index(paragraph)
        return [start, start + len(paragraph)]

    precise = [PARAGRAPHS[0], PARAGRAPHS[1]]
    balanced = [PARAGRAPHS[0], BETWEEN, PARAGRAPHS[1], short_after, AFTER, "words found nowhere in it"]
    spans, missing = combine_extractions(text, precise, balanced)
    assert spans == [span(PARAGRAPHS[0]), span(BETWEEN), span(PARAGRAPHS[1]), span(AFTER)]
    assert missing == 1  # the block absent from the text, counted once
    assert combine_extractions(text, [], [short_after])[0] == [span(short_after)]  # no precise pass


def test_paragraphs_with_soft_hyphens_are_located_verbatim():
    # Pages hyphenate long words with invisible soft hyphens; extractors drop them.
    shown = "Sans recherche auto\u00adnome, nous n\u2019avons pas d\u2019ave\u00adnir."
    text = f"Menu\n\n{shown}\n"
    spans, missing = locate_blocks(text, ["Sans recherche autonome, nous n\u2019avons pas d\u2019avenir."])
    assert missing == 0 and [text[s:e] for s, e in spans] == [shown]


def test_ruby_readings_are_not_visible_text():
    html = ("<html><body><p><ruby>法律<rp>(</rp><rt>ほうりつ</rt><rp>)</rp></ruby>では"
            "<ruby>親<rt>おや</rt></ruby>に教えます。</p></body></html>")
    text, _, _ = read_html_page(html)
    assert text.strip() == "法律では親に教えます。"
