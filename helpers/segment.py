"""Chapter 1 (ingest), segmentation: label each line of an article as title, body, comment,
boilerplate or blank.

Reads one article's ``text`` (a string) and the language rules of ``helpers.rules``; returns a
``Segmentation`` (labelled ``Line`` records). Writes nothing. ``helpers.describe`` turns a
segmentation into the described-article columns of ``articles.csv``.

How a text is segmented (rules meant to hold for unseen sites, not for particular pages):

1. Each line is one unit (in hard-wrapped text, a paragraph's lines form one unit). Lines
   carrying a generic web marker (related links, share buttons, cookie and newsletter prompts,
   reading-time widgets, comment forms, bylines, photo credits, "Source:" lines, bare URLs,
   reader prompts and author biographies of any length ("Follow X on Twitter", "Jane Doe
   writes about …"), hashtag lines, bare numbers, unix timestamps, date lines and update times, breadcrumbs, skip
   and back-to-top links, print-edition notes, lines of short items between "|", "·", "»"
   separators) are boilerplate, and so is a "Name, Place" line next to a date line or byline.
   Marker words come from ``helpers/rules/<language>/boilerplate.yml``, all languages merged,
   plus ``helpers/rules/sites/<domain>.yml`` on pages that name the domain.
2. A comments header ("12 comments", "Kommentare (3)", "Leave a Reply") after the article text
   and followed by thread structure opens the comment zone ("0 comments" is a badge and opens
   none; a header whose dated "comments" hold on average more prose than the text above it is
   a comments button over the article itself). Comments are found by thread structure: numbered or bulleted items
   and their indented continuation lines, or, in threads without numbers, "X says:", date or
   relative-time lines ("Claire · il y a 2 ans", "3 hours ago", "vor 2 Tagen", "Feb. 14"), with
   the author's name when it stands on its own line right above.
   Zone lines outside an item (forms, prompts, button bars such as "Répondre · 3") are boilerplate.
3. Before the body, the first title-like line (no final full stop, at most 30 words) in the
   article's language is the title; a title-like line right under it is the standfirst (body);
   copies of the title (also in another language) and lines that glue several other lines
   together are boilerplate; so are short lines printed twice or more on the page (menus,
   section labels of teasers).
4. Remaining lines are body when they read as prose (sentence punctuation, or long), when they
   are a run of bulleted points (5+ words each) above body text, with their "Key points:"
   label, or a sub-heading between two body paragraphs (not one in capitals or holding " | ",
   page furniture); other short lines are boilerplate.
5. The article's main block is the run of lines where prose outweighs everything else (each
   paragraph gains its words less a few, every other line costs some); body lines after it are
   page furniture (sidebar and footer prose, teaser lists) unless a later block nearly as
   strong follows (the article resumes after a table), and the heading lines right above it
   are body when the title stands elsewhere (a menu item was taken for it), also past a few
   byline, date, share or very short lines between them and the text. A line of a hard-wrapped
   paragraph going on in lower case weighs as prose there, not as a sub-heading. Where the
   rules are unsure, body lost costs more than boilerplate kept: the sub-headings between two
   blocks, a fact box and a sign-off right after the block, a list a colon line introduces
   (also just above the block) stay body.

The body is built deterministically: each body unit, stripped of surrounding white space, is a
paragraph copied verbatim from ``text``, and paragraphs are joined with a blank line
("\\n\\n"). ``body_spans`` holds each paragraph's ``[start, end]`` in ``text``, so an offset into
``body`` maps back to ``text`` with ``body_to_text_offset``. Comments are built the same way,
one comment (item line plus continuation lines) per span.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial

from rapidfuzz import fuzz

from helpers import rules
from helpers.dates import DATE_WORDS, UNIX_MAX, UNIX_MIN, DateCandidate, dates_in_line, is_date_line
from helpers.language import detect_language

TITLE, BODY, COMMENT, BOILERPLATE, BLANK = "title", "body", "comment", "boilerplate", "blank"
#: Label sets built once (a set display of names is rebuilt at every test).
ARTICLE_TEXT = frozenset({TITLE, BODY})

# --- generic web markers, built from the language rules (helpers/rules/<language>/boilerplate.yml) --

T = rules.thresholds()
MAX_TITLE_WORDS = T.max_title_words
MAX_SUBHEADING_WORDS = T.max_subheading_words
#: A line this long is prose even without a final full stop (scrapers cut last sentences).
LONG_PROSE_WORDS = T.long_prose_words
MAX_MARKER_WORDS = T.max_marker_words
MAX_SHARE_WORDS = T.max_share_words
MAX_ACTION_BAR_CHARS = T.max_action_bar_chars
#: Words of a reader's name line above a comment's date ("Sam from Ohio", "Erika M.").
MAX_AUTHOR_WORDS = T.max_author_words
#: Words a bullet must have to be a point of the article ("- Moscow signalled it was open…"),
#: not a menu or tag list ("- Politics").
MIN_BULLET_WORDS = T.min_bullet_words
#: Hard-wrapped text: most lines end near one width (a plain-text export wrapped at ~72 columns).
WRAP_MAX_WIDTH = T.wrap_max_width
WRAP_FULL_SHARE = T.wrap_full_share


class PhraseSet:
    """Fixed lower-case phrases, found anywhere in a (case-folded) line in one pass.

    An Aho-Corasick automaton (``ahocorasick_rs``) reads the line once whatever the number of
    phrases: ~1 µs per line, where one regular expression of all the phrases (even merged
    into a prefix tree) costs ~5 µs and a loop of ``in`` tests ~10 µs.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        from ahocorasick_rs import AhoCorasick

        self.phrases = tuple(phrases)
        self._automaton = AhoCorasick(list(self.phrases)) if self.phrases else None

    def search(self, text: str) -> bool:
        """True when one of the phrases occurs in ``text``."""
        return self._automaton is not None and bool(self._automaton.find_matches_as_indexes(text))


#: A person's name opening a line (case-sensitive inside case-insensitive patterns): two to four
#: capitalised words or initials, not a sentence starting with an article ("Die Stadt ist …").
PERSON_NAME = (r"(?-i:(?!(?:Der|Die|Das|Ein|Eine|The|An?|Les?|La|Une?|This|Dieser|Diese)\b)"
               r"[A-ZÀ-Ý][\w'’-]+(?:\s(?:[A-ZÀ-Ý][\w'’-]+|[A-Z]\.)){1,3})")


def _line_pattern(alternatives: str, flags: int = re.IGNORECASE) -> re.Pattern:
    """A pattern matching lines that START with one of ``alternatives`` (a regex group)."""
    return re.compile(r"^" + alternatives, flags)


def _build_markers() -> dict[str, object]:
    """Every language-dependent pattern and word set of the segmentation, from the rules."""
    group = partial(rules.alternation, "boilerplate")
    word_list = partial(rules.words, "boilerplate")
    signs = group("credit_signs")
    comments_prompt = r"^" + group("comments_header_phrases") + r"\b"
    markers: dict[str, object] = {
        "RELATED": _line_pattern(group("related_links")),
        "SHARE_WORDS": frozenset(word_list("share_words")),
        "SHARE_PHRASE": re.compile(r"^" + group("share_phrases") + r"\s*:?$", re.IGNORECASE),
        #: Wire-copy and production credits ("Reporting by ...", "Mit Material von dpa").
        "PRODUCTION_CREDITS": _line_pattern(group("production_credits")),
        # Phrase lists are matched on the case-folded line by a ``PhraseSet``: one pass of an
        # Aho-Corasick automaton instead of one substring test per phrase.
        "COOKIE_NEWSLETTER_AD_PHRASES": word_list("page_prompts"),
        "ADVERTISING_LINES": frozenset(word_list("advertising_lines")),
        #: Labels of embedded media blocks; the lines right under them (title, duration) belong to them.
        "MEDIA_LABELS": frozenset(word_list("media_labels")),
        #: Reading-time badges: "Lecture 3 min.", "Lesezeit: 4 Min.", "5 min read".
        "READING_TIME": re.compile(
            r"^" + group("reading_time_before") + r"\s*:?\s*\d+\s*min|"
            r"^\d+\s*(?:min(?:ute)?s?\.?)\s*" + group("reading_time_after"), re.IGNORECASE),
        "COMMENT_FORM_PHRASES": word_list("comment_form_phrases"),
        "COMMENT_ACTION_LINES": frozenset(word_list("comment_actions")),
        #: Skip links and back-to-top links: page navigation, wherever it appears.
        "NAVIGATION_LINES": frozenset(word_list("navigation_lines")),
        "CREDIT_HINTS": word_list("credit_hints"),
        "COMMENTS_HEADER": re.compile(
            r"^(?:(?P<count>\d{1,6})\s+)?" + group("comments_header_words") + r"\b"
            r"(?:\s*\((?P<count2>\d{1,6})\))?[^.!?]{0,40}$|" + comments_prompt, re.IGNORECASE),
        #: A comments prompt ("Leave a reply", "Diskutieren Sie mit") is a form label, count or not.
        "COMMENTS_PROMPT": re.compile(comments_prompt, re.IGNORECASE),
        "BYLINE": re.compile(
            r"^(?i:" + group("byline_words") + r")\s*:?\s+"
            r"[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|" + group("name_particles") + r"|,))*"
            r"(?:\s*[,|–-]\s*.{0,40})?$"),
        "CREDIT": re.compile(
            r"^[(\[]?(?:" + group("credit_labels") + "|" + signs + r")\s*:\s*\S|"
            r"(?:" + signs + r"|\b" + group("credit_words") + r")\s*:?\s*[\w .&/-]{2,40}$",
            re.IGNORECASE),
        "SOURCE_LINE": re.compile(r"^" + rules.literal_alternation(word_list("source_labels"))
                                  + r"\s*:\s*(?P<rest>.+)$", re.IGNORECASE),
        #: "Sie sind hier:", "Startseite>…", "Home / …": a breadcrumb by its first item.
        "BREADCRUMB_START": re.compile(r"^" + group("breadcrumb_starts") + r"\s*[>›»/|:→]", re.IGNORECASE),
        #: "Tags: a, b" or the bare label on its own line ("MARKIERT MIT"), the tags under it.
        "TAGS_LINE": re.compile(r"^" + group("tags_labels") + r"\s*(?::|$)", re.IGNORECASE),
        #: Notes on a print edition: "A version of this article appears in print on …".
        "PRINT_EDITION": _line_pattern(group("print_edition")),
        #: Prompts to the reader, whatever their length: "Follow X on Twitter", "Sie lesen gern …?".
        "READER_PROMPT": _line_pattern(group("reader_prompts")),
        #: An author's biography: a person's name, then what they do ("Jane Doe writes about …").
        "AUTHOR_BIO": re.compile(r"^" + PERSON_NAME + r"\s+" + group("author_bio"), re.IGNORECASE),
        "COPYRIGHT": re.compile(r"^(?:" + signs + "|" + group("copyright_starts") + ")",
                                re.IGNORECASE),
        #: A greeting closing a post with its author's name ("Euer Hans", "x Franzi", "Love, Anna").
        "SIGN_OFF": re.compile(r"^" + group("sign_offs") + r"[\W\d_]*$", re.IGNORECASE),
        #: "X says:" (the line that opens a reader comment in threads without numbers).
        "AUTHOR_SAYS": re.compile(r"^.{1,60}?\s" + group("author_says") + r"\s*:?\s*$", re.IGNORECASE),
        #: When a reader comment was posted, relative to the page: "il y a 2 ans", "3 hours ago".
        "RELATIVE_TIME": re.compile("|".join(word_list("relative_time")) or "(?!)", re.IGNORECASE),
        #: Counts written as words in thread headers ("Une réflexion sur …").
        "WORD_NUMBERS": rules.mapping("boilerplate", "word_numbers"),
    }
    #: WordPress-style thread headers: '5 thoughts on "Title"', 'Une réflexion sur « … »'.
    markers["THREAD_HEADER"] = re.compile(
        r"^(?P<count>\d{1,6}|" + "|".join(map(re.escape, markers["WORD_NUMBERS"])) + r")\s+"
        + group("thread_header_nouns") + r"\s+" + group("thread_header_prepositions") + r"\b",
        re.IGNORECASE)
    #: First characters a thread header can start with (a cheap test before the pattern).
    markers["THREAD_HEADER_STARTS"] = "".join(sorted(
        {word[:1].lower() for word in markers["WORD_NUMBERS"]}
        | {word[:1].upper() for word in markers["WORD_NUMBERS"]}))
    #: The start-of-line markers above in one pattern, matched on the lower-cased line: one
    #: match call per line instead of seven, and without IGNORECASE, which costs the several
    #: hundred alternatives of every language merged three times as much. (Their words are
    #: written in lower case; an author's biography needs its name's capitals and is matched
    #: apart, on the line as written, when none of these does.)
    markers["ANCHORED_MARKERS"] = re.compile(
        "|".join(
            f"(?P<{name}>{markers[key].pattern.lstrip('^')})"
            for name, key in [("source", "SOURCE_LINE"), ("related", "RELATED"),
                              ("credits", "PRODUCTION_CREDITS"), ("tags", "TAGS_LINE"),
                              ("copyright", "COPYRIGHT"), ("print", "PRINT_EDITION"),
                              ("prompt", "READER_PROMPT")]
        )
    )
    #: Single words of comment button bars ("Répondre · 3", "Reply | Report"), counts aside.
    markers["COMMENT_ACTION_WORDS"] = frozenset(
        w for w in markers["COMMENT_ACTION_LINES"] if " " not in w)
    markers["COMMENT_FORM_PHRASE_SET"] = PhraseSet(markers["COMMENT_FORM_PHRASES"])
    markers["COOKIE_NEWSLETTER_AD_PHRASE_SET"] = PhraseSet(markers["COOKIE_NEWSLETTER_AD_PHRASES"])
    #: Both phrase lists at once: most lines hit neither, and then one search answers for both.
    markers["FURNITURE_PHRASE_SET"] = PhraseSet(
        markers["COMMENT_FORM_PHRASES"] + markers["COOKIE_NEWSLETTER_AD_PHRASES"])
    markers["CREDIT_HINT_SET"] = PhraseSet(markers["CREDIT_HINTS"])
    return markers


#: The language-dependent markers, rebuilt in place when ``helpers.rules.reload`` runs.
M = rules.Compiled(_build_markers)


def __getattr__(name: str) -> object:
    """``helpers.segment.RELATED`` and the other marker names: the current compiled rules."""
    try:
        return M.__dict__[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


SHARE_SEPARATORS = re.compile(r"[|/·•,]")
DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:min\.?|minutes?|mins?)?$|^\d+\s*(?:min|sek|sec)\.?$",
                      re.IGNORECASE)
ACTION_BAR_NOISE = re.compile(r"[\d·•|()\[\]]+")


def is_comment_form(text: str) -> bool:
    """Comment-form furniture: prompts, login lines, "Reply" buttons, "comments are closed"."""
    folded = text.casefold()
    return (folded.strip(" .:!›»") in M.COMMENT_ACTION_LINES or is_action_bar(folded)
            or M.COMMENT_FORM_PHRASE_SET.search(folded))


def is_action_bar(folded: str) -> bool:
    """A bar of comment buttons with their counts: "répondre · 3", "reply | report (2)"."""
    if len(folded) > MAX_ACTION_BAR_CHARS:
        return False  # reader comments are longer: spare them the clean-up below
    words = ACTION_BAR_NOISE.sub(" ", folded).split()
    return (0 < len(words) <= T.max_action_bar_words
            and all(word.strip(" .:!›»") in M.COMMENT_ACTION_WORDS for word in words))


def is_cookie_newsletter_ad(text: str) -> bool:
    """Cookie banners, newsletter and subscription prompts, advertising labels."""
    folded = text.casefold()
    return folded.strip(" .:!") in M.ADVERTISING_LINES or M.COOKIE_NEWSLETTER_AD_PHRASE_SET.search(folded)


def furniture_phrase(folded: str) -> str:
    """Which phrase list a case-folded short line hits, in one pass: form, ad or "".

    A comment-form phrase wins over an advertising phrase when a line holds both.
    """
    stripped = folded.strip(" .:!›»")
    if stripped in M.COMMENT_ACTION_LINES:
        return "comment form"
    if stripped in M.NAVIGATION_LINES:
        return "navigation link"
    if stripped in M.ADVERTISING_LINES:
        return "cookie, subscription or advertising prompt"
    if not M.FURNITURE_PHRASE_SET.search(folded):
        return ""
    if M.COMMENT_FORM_PHRASE_SET.search(folded):
        return "comment form"
    return "cookie, subscription or advertising prompt"


#: "Thomas Berger, Washington": an author and a place, a byline without "By"/"Von"/"Par".
NAME_AND_PLACE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){1,3},\s*[A-ZÀ-Ý][\w'’. -]{1,30}$")
#: "Caption text. Agency/First Last" or "… Agency / Getty Images": a credit at the end of a line.
CREDIT_TAIL = re.compile(r"\b[A-Z][\w.&-]+(?: [A-Z][\w.&-]+)?\s?/\s?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}$")
BREADCRUMB = re.compile(r"^[^.!?]{0,120}(?:\s[>›»/|]\s[^.!?]{1,40}){2,}$")
BREADCRUMB_SEPARATOR = re.compile(r"\s[>›»/|]\s")
URL = re.compile(r"https?://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", re.IGNORECASE)
BARE_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+(?:[a-z]{2,6})/?$", re.IGNORECASE)
HASHTAG = re.compile(r"#[^\W\d_][\w-]*")


def is_bare_number(text: str) -> bool:
    r"""A line that is only a number of 1 to 12 digits, perhaps signed ("1707871440", "-3").

    Same answer as matching ``^[+-]?\d{1,12}$`` on a stripped line (``\d`` is what
    ``str.isdecimal`` accepts), at a fifth of the cost: every line is asked.
    """
    digits = text[1:] if text[:1] in ("+", "-") else text
    return 0 < len(digits) <= 12 and digits.isdecimal()


NUMBERED_ITEM = re.compile(r"^(?:\d{1,3}[.)]|[•·▪◦‣*–-])(?:\s+|$)")


def is_comment_meta(line: Line) -> bool:
    """A short line dating a reader comment: a date line ("Feb. 14" too), or a relative time
    ("Claire · il y a 2 ans")."""
    return line.words <= T.max_comment_meta_words and (
        is_date_line(line.text, line_dates(line)) or bool(M.RELATIVE_TIME.search(line.text))
        or (line.words <= T.max_day_month_words and bool(DATE_WORDS.DAY_MONTH.match(line.text))))


#: What may follow a line's last punctuation mark: closing quotes and brackets, white space.
#: German closes „…“ and ‚…‘ with the marks English opens with, and »…« with «.
TRAILING_CLOSERS = "'’\"”»)]“‘«›" + "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
SENTENCE_MARKS = ".!?…:;。！？"  # the last three: full-width marks of Chinese and Japanese
FULL_STOP_MARKS = ".…:;。"


def ends_with_mark(text: str, marks: str) -> bool:
    r"""True when ``text`` ends with one of ``marks``, perhaps followed by closing quotes,
    brackets or white space ('said: “It is over.”' ends with a full stop).

    Same answer as searching ``[marks]['’"”»)\]\s]*$``, without scanning the whole line.
    """
    trimmed = text.rstrip(TRAILING_CLOSERS)
    return bool(trimmed) and trimmed[-1] in marks


#: What may follow a pictograph closing a sentence: closers, joiners and variation selectors.
AFTER_PICTOGRAPH = TRAILING_CLOSERS + "\ufe0f\u200d"


def ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation (. ! ? … : ;), or a line of ``min_prose_words`` words
    or more ends with a pictograph: blogs and posts close a sentence with "😉" instead."""
    if ends_with_mark(text, SENTENCE_MARKS):
        return True
    trimmed = text.rstrip(AFTER_PICTOGRAPH)
    return (bool(trimmed) and not trimmed[-1].isascii() and unicodedata.category(trimmed[-1]) == "So"
            and len(text.split()) >= T.min_prose_words)


def ends_full_stop(text: str) -> bool:
    """Ends with a full stop, ellipsis, colon or semicolon (not ! or ?): not a headline."""
    return ends_with_mark(text, FULL_STOP_MARKS)


DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Line:
    """One line of an article's text with its place and its segment label."""

    index: int  # position in the list of units (blank lines are units too)
    start: int  # offset in text of the first non-space character
    end: int  # offset in text after the last non-space character
    text: str  # the stripped line (text[start:end])
    indent: int
    label: str = ""
    reason: str = ""
    words: int = 0
    dates: list | None = None  # date candidates, computed once when first needed
    marker: str | None = None  # marker_reason, computed once when first needed
    line_number: int = 0  # first line of text (0-based) this unit covers
    n_raw_lines: int = 1  # lines of text this unit covers (>1 only for hard-wrapped paragraphs)
    # Facts several passes ask about the same line, computed once when first needed.
    digits: bool | None = None  # holds a digit
    prose: bool | None = None  # reads_as_prose
    header: tuple[bool, int | None] | None = None  # comments_header_count


@dataclass
class Segmentation:
    """Labelled lines plus what the structure told us (comment items, declared count)."""

    lines: list[Line]
    title: Line | None = None
    comment_items: list[list[Line]] = field(default_factory=list)
    declared_comments: int | None = None
    language: str = ""


def wrap_width(lengths: list[int]) -> int:
    """The column a hard-wrapped text is wrapped at, or 0 when lines are whole paragraphs.

    Wrapped when the longest lines (90th percentile) stay within ``WRAP_MAX_WIDTH`` and at least
    40 % of the non-blank lines are "full" (60 % of that width or more) and run straight on
    into another non-blank line.
    """
    filled = sorted(length for length in lengths if length)
    if len(filled) < T.wrap_min_lines:
        return 0
    width = filled[int(0.9 * (len(filled) - 1))]
    if width > WRAP_MAX_WIDTH:
        return 0
    runs_on = sum(
        1 for here, after in zip(lengths, lengths[1:]) if here >= WRAP_FULL_SHARE * width and after
    )
    return width if runs_on >= T.wrap_run_share * len(filled) else 0


#: Characters of scripts written without spaces between words (CJK ideographs, kana, hangul).
UNSPACED_SCRIPT = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff]")


#: A French quotation mark standing alone between spaces ("« 1 »"): typography, not a word.
SPACED_GUILLEMET = re.compile(r"(?<!\S)[«»](?!\S)")


def count_words(stripped: str) -> int:
    """Words of a line: white-space tokens, less French guillemets standing alone ("« 1 »" is
    one word), plus one per two characters of unspaced scripts (a Chinese sentence is one
    token but many words). (Discounting every token without a letter or digit, " – " and
    " | " too, was measured: trafilatura set, plain text, -4 body / +12 boilerplate snippets.)"""
    n_words = len(stripped.split())
    if "«" in stripped or "»" in stripped:
        n_words -= len(SPACED_GUILLEMET.findall(stripped))
    if stripped.isascii():
        return n_words
    return n_words + len(UNSPACED_SCRIPT.findall(stripped)) // 2


def split_lines(text: str) -> list[Line]:
    """Units of ``text``, each with offsets of its stripped content (blank lines labelled).

    A unit is one line, except in hard-wrapped text where a full line and the lines it runs on
    into form one unit (a paragraph, with its inner line breaks kept verbatim).
    """
    raw_lines = text.split("\n")
    stripped_lines = [raw.strip() for raw in raw_lines]
    width = wrap_width(list(map(len, stripped_lines))) if len(raw_lines) > 5 else 0
    full_line = WRAP_FULL_SHARE * width if width else float("inf")  # no line is "full" unwrapped
    units: list[Line] = []
    position = 0
    joining = False
    for number, raw in enumerate(raw_lines):
        stripped = stripped_lines[number]
        # Lines are built with positional fields (index, start, end, text, indent, label,
        # reason, words, dates, marker, line_number): keywords cost ~30 % more per line.
        if not stripped:
            units.append(Line(len(units), position, position, "", 0, BLANK, "", 0, None, None, number))
            joining = False
        elif joining:
            unit = units[-1]
            unit.end = position + len(raw.rstrip())
            unit.text = text[unit.start:unit.end]
            unit.words += count_words(stripped)
            unit.n_raw_lines += 1
        else:
            lead = len(raw) - len(raw.lstrip())
            start = position + lead
            units.append(Line(len(units), start, start + len(stripped), stripped, lead, "", "",
                              count_words(stripped), None, None, number))
        if stripped:
            joining = len(stripped) >= full_line
        position += len(raw) + 1
    return units


def is_share_line(text: str) -> bool:
    """A line made only of share-button words ("Facebook Twitter LinkedIn", "Teilen")."""
    return _is_share_folded(text.casefold())


def _is_share_folded(folded: str) -> bool:
    """``is_share_line`` on an already case-folded line."""
    first = folded.split(None, 1)[0].strip(":|/·•,")
    if first and first not in M.SHARE_WORDS:
        return False  # most lines fail on their first word: skip the full split
    tokens = SHARE_SEPARATORS.sub(" ", folded).split()
    return 0 < len(tokens) <= MAX_SHARE_WORDS and all(t.strip(":") in M.SHARE_WORDS for t in tokens)


def is_hashtag_line(text: str) -> bool:
    """A line of hashtags (at least half its tokens start with '#')."""
    tokens = text.split()
    tags = sum(token.startswith("#") for token in tokens)
    return tags >= 1 and tags * 2 >= len(tokens)


def line_dates(line: Line) -> list[DateCandidate]:
    """Date candidates in ``line`` (offsets into the whole text), computed once per line."""
    if line.dates is None:
        line.dates = dates_in_line(line.text, line.start) if has_digit(line) else []
    return line.dates


def reads_as_prose(line: Line) -> bool:
    """Sentence-like: ends with sentence punctuation and has 4+ words, or is long."""
    if line.prose is None:
        line.prose = line.words >= LONG_PROSE_WORDS or (
            line.words >= T.min_prose_words and ends_sentence(line.text))
    return line.prose


def has_digit(line: Line) -> bool:
    """True when the line holds a digit (dates, counts and numbers need one); cached."""
    if line.digits is None:
        line.digits = bool(DIGIT.search(line.text))
    return line.digits


def line_header(line: Line) -> tuple[bool, int | None]:
    """``comments_header_count`` of the line's text, cached on the line."""
    if line.header is None:
        line.header = comments_header_count(line.text)
    return line.header


def marker_reason(line: Line) -> str:
    """``line_marker`` cached on the line (several passes ask about the same line)."""
    if line.marker is None:
        line.marker = line_marker(line)
    return line.marker


def line_marker(line: Line) -> str:
    """Why a line is boilerplate by its own content alone ("" when nothing says so).

    Cheap anchored tests come first and the unanchored searches run only on short lines, so
    long paragraphs cost a few pattern matches (this is what makes cleaning fast). The tests
    run in a fixed order and the first that fires gives the reason.
    """
    text, words = line.text, line.words
    if is_bare_number(text):
        is_unix = len(text) == 10 and UNIX_MIN <= int(text) <= UNIX_MAX
        return "unix timestamp" if is_unix else "bare number"
    if "#" in text and is_hashtag_line(text):
        return "hashtag line"
    # Case-folded once for every phrase test below; long lines never need it.
    folded = text.casefold() if words <= MAX_MARKER_WORDS else ""
    if words <= MAX_SHARE_WORDS and (_is_share_folded(folded) or M.SHARE_PHRASE.match(text)):
        return "share buttons"
    if "http" in text or "www." in text:
        urls = URL.findall(text)
        if urls and sum(map(len, urls)) >= T.url_share * len(text):
            return "URL line"
    if words <= T.max_url_words and BARE_DOMAIN.match(text):
        return "URL line"
    if words <= MAX_SHARE_WORDS and M.READING_TIME.match(text):
        return "cookie, subscription or advertising prompt"
    if words <= T.max_media_label_words and (folded.strip(" :.") in M.MEDIA_LABELS or DURATION.match(text)):
        return "media block"
    anchored = M.ANCHORED_MARKERS.match(text.lower())
    kind = anchored.lastgroup if anchored else ("bio" if M.AUTHOR_BIO.match(text) else "")
    if kind:
        if kind == "source":
            return "source line"
        if kind == "related":
            return "related link"
        if kind == "credits":
            return "production credits"
        if kind == "tags":
            return "tags line"
        if kind == "print":
            return "print-edition note"
        if kind == "prompt":
            return "reader prompt"
        if kind == "bio":
            return "author's biography"
        if kind == "copyright" and words <= T.max_copyright_words:
            return "copyright line"
    if words > MAX_MARKER_WORDS:
        return ""  # long lines are prose unless an anchored marker above said otherwise
    furniture = furniture_phrase(folded)
    if furniture:
        return furniture
    if M.COMMENTS_PROMPT.match(text):
        return "comment form"
    if words <= T.max_credit_words and not ends_full_stop(text):
        if words <= T.max_byline_words and M.BYLINE.match(text):
            return "byline"
        if M.CREDIT_HINT_SET.search(folded) and (M.CREDIT.search(text) or CREDIT_TAIL.search(text)):
            return "photo credit or source"
    # A breadcrumb needs at least two " > " separators: most lines have none, and the full
    # pattern backtracks over the whole line (~2 µs) before failing.
    if words <= T.max_breadcrumb_words and BREADCRUMB_SEPARATOR.search(text) and BREADCRUMB.match(text):
        return "breadcrumb"
    # Opened by "Home >" or "Sie sind hier:", a breadcrumb may end with the whole headline.
    if words <= MAX_TITLE_WORDS and M.BREADCRUMB_START.match(text):
        return "breadcrumb"
    if is_separated_items(text):
        return "menu line"
    return ""


#: Characters that separate the items of a menu, a breadcrumb or a meta line ("Home | News",
#: "Startseite»People", "Politik · Ausland · 5 Min."); not ">", which code and markup use.
ITEM_SEPARATORS = re.compile(r"\s*[|·•»›]\s*")


def is_separated_items(text: str) -> bool:
    """A line of short items between separators: ``min_separated_items`` items or more, of at
    most ``max_separated_item_words`` words on average (a sentence with one "|" is not one)."""
    if sum(map(text.count, "|·•»›")) < T.min_separated_items - 1:
        return False  # most lines hold no separator: skip the split
    items = [item for item in ITEM_SEPARATORS.split(text) if item.strip()]
    return (len(items) >= T.min_separated_items
            and sum(len(item.split()) for item in items) <= T.max_separated_item_words * len(items))


def comments_header_count(text: str) -> tuple[bool, int | None]:
    """(is a comments header, count it declares or None): "11 COMMENTAIRES" -> (True, 11)."""
    if text[:1].isdigit() or (text[:1] and text[:1] in M.THREAD_HEADER_STARTS):
        thread = M.THREAD_HEADER.match(text)
        if thread:
            count = thread.group("count").casefold()
            return True, M.WORD_NUMBERS.get(count) or int(count)
    if len(text) > T.max_header_chars:
        return False, None
    match = M.COMMENTS_HEADER.match(text)
    if not match:
        return False, None
    count = match.groupdict().get("count") or match.groupdict().get("count2")
    return True, int(count) if count else None


def _label(line: Line, label: str, reason: str = "") -> None:
    line.label, line.reason = label, reason


def _opens_comment_zone(lines: list[Line], index: int) -> bool:
    """A comments header opens the comment zone only when thread structure follows within three
    lines (another header, numbered or bulleted items, "X says:", a date line, a comment form)
    or nothing follows at all.

    So a sub-heading "Reactions" or a "12 comments" badge under the lead leaves the article whole.
    """
    following = [l for l in lines[index + 1 :] if l.label != BLANK][:3]
    if not following:
        return True
    for line in following:
        if (line_header(line)[0] or NUMBERED_ITEM.match(line.text)
                or M.AUTHOR_SAYS.match(line.text) or is_comment_form(line.text)
                or is_comment_meta(line)):
            return True
    return False


def _thread_prose(lines: list[Line], index: int) -> list[tuple[int, int]]:
    """(prose lines, prose words) of each dated item of the thread under the header at
    ``index``: an item runs from a comment's date line to the next date line or header. The
    first date line must stand within three lines of the header ([] when none does)."""
    following = [line for line in lines[index + 1 :] if line.label != BLANK]
    opening = next((position for position, line in enumerate(following[:3]) if is_comment_meta(line)), None)
    if opening is None:
        return []
    items = [[0, 0]]
    for line in following[opening + 1 :]:
        if line_header(line)[0]:
            break
        if is_comment_meta(line):
            items.append([0, 0])
        elif reads_as_prose(line) and not marker_reason(line):
            items[-1][0] += 1
            items[-1][1] += line.words
    return [(n_lines, n_words) for n_lines, n_words in items]


def _find_comment_zone(lines: list[Line]) -> tuple[int, int | None]:
    """Index of the first comments header after some prose (len(lines) if none), and its count.

    A thread follows its article: under a header whose dated "comments" hold on average
    more prose than everything above the header, one of them running over
    ``min_article_item_lines`` paragraphs, stands the article itself (a comments button in
    the share bar above it, "+Comments" or "Leave a Comment", then its date line), so the
    search goes on below it.
    """
    prose_above = 0
    for line in lines:
        if line.label == BLANK:
            continue
        if prose_above:
            is_header, count = line_header(line)
            # "0 comments" is a badge: no thread follows it, whatever the next lines are.
            if is_header and count != 0 and _opens_comment_zone(lines, line.index):
                items = _thread_prose(lines, line.index)
                longest = max((n_lines for n_lines, _ in items), default=0)
                mean_words = sum(n_words for _, n_words in items) / max(len(items), 1)
                if longest < T.min_article_item_lines or mean_words <= prose_above:
                    return line.index, count
        if reads_as_prose(line) and not marker_reason(line):
            prose_above += line.words
    return len(lines), None


def zone_marker(line: Line) -> str:
    """Boilerplate inside a comment section: forms, share buttons, related links, copyright.

    Fewer tests than ``marker_reason``: reader comments are free text and may well mention a
    cookie or a photo without being page furniture.
    """
    if line.words <= MAX_MARKER_WORDS and is_comment_form(line.text):
        return "comment form"
    if line.words <= 5 and line.text.casefold().strip(" .:!›»↑^") in M.NAVIGATION_LINES:
        return "navigation link"
    if line.words <= MAX_SHARE_WORDS and (is_share_line(line.text) or M.SHARE_PHRASE.match(line.text)):
        return "share buttons"
    anchored = M.ANCHORED_MARKERS.match(line.text.lower())
    if anchored and anchored.lastgroup in {"related", "copyright"}:
        return "related link" if anchored.lastgroup == "related" else "copyright line"
    return ""


def _is_author_line(previous: Line | None, meta: Line) -> bool:
    """True when ``previous`` is a short line left outside any comment, right above ``meta``."""
    return (previous is not None and previous.index == meta.index - 1
            and previous.reason == "comment-section text outside a comment"
            and previous.words <= MAX_AUTHOR_WORDS and not previous.text.endswith((":", "?", "!")))


def _segment_comment_zone(lines: list[Line], zone_start: int, seg: Segmentation) -> None:
    """Label the comment zone: headers and forms are boilerplate, thread items are comments."""
    zone = [line for line in lines[zone_start:] if line.label != BLANK]
    # "25. Februar 2020" opens like "25." of a numbered thread: a date line numbers nothing.
    numbered = any(NUMBERED_ITEM.match(line.text) and not is_comment_meta(line) for line in zone)
    current: list[Line] | None = None
    previous: Line | None = None
    item_indent = 0
    for line in zone:
        is_header, count = line_header(line)
        if is_header:
            if seg.declared_comments is None and count is not None:
                seg.declared_comments = count
            _label(line, BOILERPLATE, "comments header")
            current, previous = None, line
            continue
        reason = zone_marker(line)
        if reason:
            _label(line, BOILERPLATE, reason)
            current, previous = None, line
            continue
        if numbered:
            starts_item = bool(NUMBERED_ITEM.match(line.text))
        else:
            starts_item = bool(M.AUTHOR_SAYS.match(line.text)) or is_comment_meta(line)
            if starts_item and current is not None and len(current) == 1 and (
                M.AUTHOR_SAYS.match(current[0].text)
            ):
                starts_item = False  # "X says:" followed by its date line is one item
        if starts_item:
            current = [line]
            item_indent = line.indent
            seg.comment_items.append(current)
            _label(line, COMMENT, "comment item")
            if not numbered and _is_author_line(previous, line):
                # "Sam from Ohio" on its own line right above "Feb. 14": the item starts there.
                current.insert(0, previous)
                _label(previous, COMMENT, "comment author")
        elif current is not None and (not numbered or line.indent > item_indent):
            current.append(line)
            _label(line, COMMENT, "comment continuation")
        else:
            current = None
            _label(line, BOILERPLATE, reason or "comment-section text outside a comment")
        previous = line


def _similar(a: str, b: str) -> bool:
    """Near-identical lines (a repeated title with other accents or quotes)."""
    shorter, longer = sorted((len(a), len(b)))
    if shorter * (200 - T.title_similarity) < T.title_similarity * longer:
        return False  # the ratio is at most 200 * shorter / (shorter + longer): too low
    return fuzz.ratio(a.casefold(), b.casefold(), score_cutoff=T.title_similarity) > 0


def _glued_copy(line: Line, others: list[Line]) -> bool:
    """True when a line contains two or more other lines verbatim (a header glued together)."""
    if len(line.text) < T.min_glued_chars:
        return False
    contained = sum(
        1 for other in others if other is not line and len(other.text) >= T.min_glued_part_chars and other.text in line.text
    )
    return contained >= 2


def segment_text(text: str) -> Segmentation:
    """Label every line of ``text`` as title, body, comment, boilerplate or blank."""
    lines = split_lines(text)
    seg = Segmentation(lines)
    zone_start, _ = _find_comment_zone(lines)
    article = [line for line in lines[:zone_start] if line.label != BLANK]
    sites = rules.site_rules_for(text)  # rules/sites/<domain>.yml of the domains the page names

    for line in article:
        reason = marker_reason(line)
        if not reason and sites:
            reason = next(filter(None, (site.reason(line.text) for site in sites)), "")
        # The header test first: it rejects long lines by their length, where looking for a
        # digit would scan the whole paragraph.
        count = None if reason else line_header(line)[1]
        if count is not None and has_digit(line):
            reason = "comment count"  # a count badge or a header no thread follows
            if seg.declared_comments is None:
                seg.declared_comments = count
        if not reason and line.words <= T.max_time_stamp_words and has_digit(line) and DATE_WORDS.TIME_ONLY_STAMP.match(line.text):
            reason = "date line"  # an update time without its date
        # A meta line of separated items may be a date line ("Politik · 12.03.2024 · 14:05"):
        # dating the article is worth more than the menu reason.
        if (not reason or reason == "menu line") and line.words <= T.max_dated_line_words and has_digit(line):
            candidates = line_dates(line)
            if is_date_line(line.text, candidates) and line.words <= T.max_date_line_words:
                reason = "date line"
            elif candidates and DATE_WORDS.PUBLICATION_MARKER.search(line.text) and not ends_full_stop(line.text):
                reason = "date line"
        if reason:
            _label(line, BOILERPLATE, reason)
    _mark_bare_bylines(article)
    top = [line for line in article[:3] if not line.label]
    for line in top:
        if _glued_copy(line, article):
            _label(line, BOILERPLATE, "glued copy of other lines")

    seg.language = detect_language(_prose_sample(article))
    _mark_related_headlines(article)
    _choose_title(article, seg)
    _mark_repeated_lines(article)

    unlabelled = [line for line in article if not line.label]
    for line in unlabelled:
        if reads_as_prose(line):
            _label(line, BODY, "prose")
    _mark_summary_bullets(article)
    _mark_truncated_paragraph(article)
    _mark_subheadings(article)
    _mark_block_labels(article)
    _mark_footer_lines(article)
    _mark_trailing_headings(article)
    if T.block_gap_cost:
        _mark_outside_main_block(article)
        _drop_unrelated_title(article, seg)
    if zone_start < len(lines):
        _segment_comment_zone(lines, zone_start, seg)
    return seg


def _mark_bare_bylines(article: list[Line]) -> None:
    """"Name Surname, Place" right above or below a date line or byline is a byline too."""
    for position, line in enumerate(article):
        if line.label or line.words > T.max_bare_byline_words or not NAME_AND_PLACE.match(line.text):
            continue
        neighbours = article[max(0, position - 1):position] + article[position + 1:position + 2]
        if any(abs(other.index - line.index) == 1 and other.reason in {"date line", "byline"}
               for other in neighbours):
            _label(line, BOILERPLATE, "byline")


def _prose_sample(article: list[Line]) -> str:
    """The article's unlabelled prose lines joined by spaces, as far as language detection reads."""
    parts: list[str] = []
    length = 0
    for line in article:
        if not line.label and reads_as_prose(line):
            parts.append(line.text)
            length += len(line.text) + 1
            if length > T.language_sample_chars:
                break
    return " ".join(parts)


def _choose_title(article: list[Line], seg: Segmentation) -> None:
    """Pick the title among title-like lines above the first paragraph; drop its copies."""
    candidates: list[Line] = []
    for line in article:
        if line.label:
            continue
        if reads_as_prose(line) and (ends_full_stop(line.text) or line.words > MAX_TITLE_WORDS):
            break
        if line.words >= 2 and line.words <= MAX_TITLE_WORDS:
            candidates.append(line)
        if len(candidates) >= 4:
            break
    if not candidates:
        return
    chosen = candidates[0]
    other_language: list[Line] = []
    if len(candidates) > 1 and seg.language and any(
        not _similar(c.text, candidates[0].text) for c in candidates[1:]
    ):
        # Several different headlines (e.g. the original and a translation): take the first one
        # in the article's language, preferring a full headline (5+ words) to a kicker.
        in_language = None
        for candidate in candidates:
            if detect_language(candidate.text) in {"", seg.language}:
                in_language = in_language or candidate
                if candidate.words >= 5:
                    in_language = candidate
                    break
            else:
                other_language.append(candidate)
        chosen = in_language or candidates[0]
    seg.title = chosen
    _label(chosen, TITLE, "first title-like line in the article's language")
    following = next((l for l in article if l.index > chosen.index and (
        not l.label or l.label == BODY or l.reason not in {"byline", "date line", "photo credit or source"})), None)
    if (following is not None and not following.label and following.words >= T.min_standfirst_words
            and not reads_as_prose(following) and not _similar(following.text, chosen.text)):
        _label(following, BODY, "standfirst under the title")
    for line in article:
        if line is chosen or line.label:
            continue
        if _similar(line.text, chosen.text):
            _label(line, BOILERPLATE, "repeated title")
        elif line.index < chosen.index and any(line is c for c in other_language):
            _label(line, BOILERPLATE, "title in another language")


def _mark_repeated_lines(article: list[Line]) -> None:
    """Short lines that occur twice or more on the page are navigation, not the article.

    Menus, section labels and teaser headlines are printed more than once (a desktop and a
    mobile menu, a label on every teaser); an article's own sub-headings are not. Prose lines
    (a pull quote repeating a sentence) are left to the other rules.
    """
    counts: dict[str, int] = {}
    for line in article:
        if line.words <= T.max_repeated_words:
            key = line.text.casefold()
            counts[key] = counts.get(key, 0) + 1
    for line in article:
        if (not line.label and line.words <= T.max_repeated_words and not reads_as_prose(line)
                and counts.get(line.text.casefold(), 0) >= 2):
            _label(line, BOILERPLATE, "line repeated on the page")


def blank_separated(article: list[Line]) -> bool:
    """True when (nearly) every line stands alone between blank lines, as in a web page turned
    into text (one block a line): then a blank line says nothing about where a list ends."""
    joined = sum(1 for here, after in zip(article, article[1:]) if after.index == here.index + 1)
    return len(article) >= T.wrap_min_lines and joined <= T.max_joined_share * len(article)


def _runs_into_prose(article: list[Line], position: int) -> bool:
    """True when the line at ``position`` goes straight on (no blank line) into an unlabelled
    line of prose: it is the first line of a hard-wrapped paragraph, not a headline."""
    if position + 1 >= len(article):
        return False
    line, after = article[position], article[position + 1]
    return after.index == line.index + 1 and not after.label and reads_as_prose(after)


def _mark_related_headlines(article: list[Line]) -> None:
    """Headlines of linked articles: next to a related-link line, short, not prose."""
    spaced = blank_separated(article)
    for position, line in enumerate(article):
        # A line labelled for the label above it labels nothing itself (no chain down the page).
        if line.reason not in {"related link", "media block"} or marker_reason(line) != line.reason:
            continue
        if position > 0 and line.reason == "related link":
            before = article[position - 1]
            if not before.label and before.words <= MAX_TITLE_WORDS and fuzz.partial_ratio(before.text.casefold(), line.text.casefold()) >= T.related_headline_similarity:
                _label(before, BOILERPLATE, "headline of a related link")
        if line.words <= 8:  # a bare "Lire aussi :" header (or a media label): titles follow
            previous = line
            for offset, after in enumerate(article[position + 1 : position + 7], position + 1):
                if after.index > previous.index + 1 and previous is not line and not spaced:
                    break  # a blank line ends the list of links
                previous = after
                if (after.label or after.words > MAX_SUBHEADING_WORDS
                        or ends_full_stop(after.text) or after.words >= LONG_PROSE_WORDS
                        or _runs_into_prose(article, offset)):
                    break
                _label(after, BOILERPLATE, "headline of a related link"
                       if line.reason == "related link" else "media block")


def _mark_summary_bullets(article: list[Line]) -> None:
    """A run of two or more bulleted points above some body text is body ("Key points:" lists),
    and so is the short label ending with a colon right above the run."""
    position = 0
    while position < len(article):
        run = []
        for line in article[position:]:
            adjacent = not run or line.index == run[-1].index + 1
            if (line.label or not adjacent or line.words < MIN_BULLET_WORDS
                    or not NUMBERED_ITEM.match(line.text)):
                break
            run.append(line)
        if len(run) < 2:
            position += 1
            continue
        end = position + len(run)
        if any(line.label == BODY for line in article[end:]):
            for line in run:
                _label(line, BODY, "bulleted point")
            label = article[position - 1] if position > 0 else None
            if (label is not None and not label.label and label.index == run[0].index - 1
                    and label.words <= T.max_bullet_label_words and label.text.endswith(":")):
                _label(label, BODY, "label of bulleted points")
        position = end


#: How a paragraph cut by a scraper ends: a word or a comma, no sentence mark.
CUT_END = re.compile(r"[^\W\d_],?$")
#: Share of words starting in lower case above which a line is a sentence, not a headline.
MIN_LOWERCASE_SHARE = 0.3


def cut_mid_sentence(line: Line) -> bool:
    """A sentence stopped mid-way: long enough, no final mark, ends on a word, not title-cased."""
    text = line.text
    if line.words < T.min_truncated_words or ends_sentence(text) or not CUT_END.search(text):
        return False
    words = text.split()
    return sum(word[:1].islower() for word in words) >= MIN_LOWERCASE_SHARE * len(words)


def _mark_truncated_paragraph(article: list[Line]) -> None:
    """The article's last paragraph cut mid-sentence (by the scraper or a paywall) stays body.

    It directly follows the last body paragraph, nothing unlabelled comes after it (several
    such lines are a list of headlines, not one cut paragraph), and it reads as a sentence.
    ``helpers.describe`` flags the body as truncated (``body_truncated``).
    """
    last_body = next((p for p in range(len(article) - 1, -1, -1) if article[p].label == BODY), None)
    if last_body is None or last_body + 1 >= len(article):
        return
    line = article[last_body + 1]
    if line.label or any(not later.label for later in article[last_body + 2:]):
        return
    if cut_mid_sentence(line):
        _label(line, BODY, "last paragraph cut mid-sentence")


def _unlabelled_run(article: list[Line], position: int) -> tuple[int, int]:
    """(first, last) positions of the run of unlabelled lines holding ``position``."""
    first = last = position
    while first > 0 and not article[first - 1].label:
        first -= 1
    while last + 1 < len(article) and not article[last + 1].label:
        last += 1
    return first, last


#: The reason of a short line no rule claimed (menus, link lists, labels).
SHORT_LINE = "short line outside the article's paragraphs"
#: The reason of a short line between two paragraphs.
SUB_HEADING = "sub-heading between paragraphs"


def _page_heading(text: str) -> bool:
    """A short line shaped like page furniture, not an article's sub-heading: written all in
    capitals ("SCHWERPUNKTE DER EKD", "TEMAS RELACIONADOS"), with no digit (a score "3-1") and
    no final colon (a "MEANING:" label introduces the article's own text); or a page or teaser
    title with its site or section after " | " ("… | LÍBERO"), or a caption's "Name | Agency"."""
    return (text.isupper() and sum(ch.isalpha() for ch in text) >= 4 and not DIGIT.search(text)
            and not text.endswith(":")) or " | " in text


def _mark_subheadings(article: list[Line]) -> None:
    """Short lines between two body paragraphs are sub-headings (body); others boilerplate.

    A run of more than ``max_subheading_run`` short lines in a row is a menu or a list of
    headlines, not a sub-heading, wherever it sits.
    """
    for position, line in enumerate(article):
        if line.label:
            continue
        first, last = _unlabelled_run(article, position)
        before = next((l for l in reversed(article[:position]) if l.label in ARTICLE_TEXT), None)
        after = next((l for l in article[position + 1 :] if l.label == BODY), None)
        # A longer run directly between two paragraphs is a list inside the article.
        sandwiched = (first > 0 and article[first - 1].label == BODY
                      and last + 1 < len(article) and article[last + 1].label == BODY)
        # Lines of a menu or a headline list are short; a list of the article's own points
        # (ingredients, specifications, steps) reads longer.
        run_words = sum(l.words for l in article[first:last + 1]) / (last - first + 1)
        if (
            line.words <= MAX_SUBHEADING_WORDS and not _page_heading(line.text)
            and (last - first + 1 <= T.max_subheading_run or sandwiched
                 or run_words >= T.min_list_item_words)
            and before is not None and before.label == BODY
            and after is not None
        ):
            _label(line, BODY, SUB_HEADING)
        else:
            _label(line, BOILERPLATE, SHORT_LINE)


def _mark_block_labels(article: list[Line]) -> None:
    """A short line ending with a colon ("Dieses Thema im Programm:", "À voir :") introduces
    what follows it: when that is boilerplate (or nothing), the label is boilerplate too."""
    for position, line in enumerate(article):
        if line.label != BODY or line.words > T.max_block_label_words or not line.text.endswith(":"):
            continue
        after = article[position + 1] if position + 1 < len(article) else None
        if after is None or after.label == BOILERPLATE:
            _label(line, BOILERPLATE, "label of a boilerplate block")


def _block_gain(line: Line) -> float:
    """What one line adds to the article's main block (see ``_main_block``)."""
    # A line of a hard-wrapped paragraph going on in lower case continues a sentence: it is
    # prose, not a sub-heading (a <pre> or <br>-broken text gives one such line a block).
    if line.label == BODY and (line.reason == "prose" or line.reason.startswith("last paragraph")
                               or (line.words >= T.min_block_line_words and line.text[:1].islower())):
        return line.words - T.block_prose_offset
    if line.label in ARTICLE_TEXT:
        return -T.block_heading_cost
    if line.reason == SHORT_LINE:
        return -T.block_short_cost
    return -T.block_gap_cost


def _main_block(article: list[Line]) -> tuple[int, int]:
    """(first, last) positions of the article's main block: the run of lines where prose words
    most outweigh the other lines ((0, -1) when no run gains anything).

    Kadane's maximum-sum run of ``_block_gain``: a paragraph gains its words less
    ``block_prose_offset``, a sub-heading costs ``block_heading_cost``, an unclaimed short line
    ``block_short_cost``, any other line ``block_gap_cost``. A page's sidebar or footer prose
    and its teaser lists (short paragraphs under headlines), cut off from the article by menus
    and link lists, fall outside it.
    """
    best, best_span = 0.0, (0, -1)
    total, start = 0.0, 0
    for position, line in enumerate(article):
        gain = _block_gain(line)
        if total <= 0:
            total, start = 0.0, position
        total += gain
        if total > best:
            best, best_span = total, (start, position)
    return best_span


#: Reasons of boilerplate lines that may be the headline right above the article's main block
#: (a headline is often printed twice: in the breadcrumb and above the text).
LEAD_REASONS = frozenset({SHORT_LINE, "line repeated on the page"})
#: Meta lines that may stand between that headline and the text (skipped, left boilerplate).
LEAD_META_REASONS = frozenset({"byline", "date line", "breadcrumb", "media block", "photo credit or source",
                               "share buttons"})


def _mark_outside_main_block(article: list[Line]) -> None:
    """Body lines after the main block (``_main_block``) are page furniture; the heading lines
    right above it (a headline, a standfirst) are the article's."""
    first, last = _main_block(article)
    # Later blocks nearly as strong as the main one are the article's too (its text resumes
    # after a table or a gallery); weaker ones are a sidebar's or a footer's.
    main_score = sum(_block_gain(line) for line in article[first:last + 1])
    kept_until = last
    share = T.block_second_share
    while share and kept_until + 1 < len(article):
        rest = article[kept_until + 1:]
        start, end = _main_block(rest)
        if end < 0 or sum(_block_gain(line) for line in rest[start:end + 1]) < share * main_score:
            break
        _mark_between_blocks(rest[:start])
        kept_until += end + 1
    for position, line in enumerate(article):
        if line.label == BODY and position > kept_until:
            _label(line, BOILERPLATE, "prose outside the article's main block")
    _mark_fact_lines_after_block(article, kept_until)
    _mark_sign_off(article, kept_until)
    _mark_introduced_lists(article, first, kept_until)
    if last < 0:
        return
    _mark_long_lines_above_block(article, first)
    lead_lines = T.max_block_lead_lines
    if any(line.label == TITLE for line in article[max(0, first - lead_lines - 1):first]):
        return  # the title stands right above the block: the lines between are its furniture
    position, below, taken, skipped = first - 1, article[first], 0, 0
    while position >= 0 and taken < T.max_block_lead_lines:
        line = article[position]
        if below.index - line.index > 2:
            break  # more than one blank line: another block of the page
        # Bylines, date lines, share buttons and very short lines (an author's handle, a
        # "Close" button) stand between a headline and its text: the headline is above them.
        meta = line.reason in LEAD_META_REASONS or (
            line.reason in LEAD_REASONS and line.words < T.min_block_lead_words and not taken)
        if meta and skipped < T.max_block_lead_meta:
            below, position, skipped = line, position - 1, skipped + 1
            continue
        if line.label != BOILERPLATE or line.reason not in LEAD_REASONS or line.words < T.min_block_lead_words:
            break
        _label(line, BODY, "heading above the article's main block")
        below, position, taken = line, position - 1, taken + 1


def _mark_long_lines_above_block(article: list[Line], first: int) -> None:
    """An unclaimed line above the main block too long for a menu item or a section label
    (``min_long_lead_words``) is the article's: a headline, a standfirst or a caption of the
    article's picture, often kept apart from the text by a player or a share bar. Menus,
    breadcrumbs and labels above an article are short; the same long lines after it are the
    teasers of other articles, so only the lines above are taken."""
    for line in article[:first]:
        if line.reason == SHORT_LINE and line.words >= T.min_long_lead_words:
            _label(line, BODY, "long line above the article's main block")


#: A "Label: value" line of a fact box, an event's details or a product's specifications.
KEY_VALUE = re.compile(r"^[^:.!?]{1,40}\s?:\s*\S")
#: Lines of such a run left boilerplate: they may date the page.
KEY_VALUE_KEPT_REASONS = frozenset({"date line", "byline"})


def _mark_between_blocks(between: list[Line]) -> None:
    """Lines between two blocks of the article: the run where prose most outweighs the rest
    (``_main_block``) is the article's too, its text going on between a table and the next
    part, and so are the sub-headings there (the headings of the parts it resumes with: body
    lost costs this project more than boilerplate kept); other body lines there are
    furniture. (Trafilatura set, plain text, full: sub-headings kept +6 body / -5 boilerplate
    snippets; every body line kept +6 / -6, only sentence-ending ones 0 / -1: left out.)"""
    start, end = _main_block(between)
    for position, line in enumerate(between):
        if line.reason == SUB_HEADING:
            continue
        if line.label == BODY and not start <= position <= end:
            _label(line, BOILERPLATE, "prose outside the article's main block")


#: Reasons of the lines that may stand between an article's last paragraph and its sign-off.
SIGN_OFF_GAP_REASONS = frozenset({SHORT_LINE, "prose outside the article's main block"})


def _mark_sign_off(article: list[Line], end: int) -> None:
    """A greeting with the author's name ("Euer Hans", "x Franzi", "XX, Die Redaktion") within
    ``max_sign_off_lines`` lines after the main block (``end``) closes the article: it and the
    short lines before it (a last wish, "Viel Glück!") are the article's."""
    if end < 0:
        return  # no main block: nothing to close
    following = article[end + 1 : end + 1 + T.max_sign_off_lines]
    for position, line in enumerate(following):
        if line.words > T.max_sign_off_words or not M.SIGN_OFF.match(line.text):
            if line.reason not in SIGN_OFF_GAP_REASONS:
                return
            continue
        for kept in following[: position + 1]:
            _label(kept, BODY, "sign-off closing the article")
        return


#: Lines that may stand inside a list of the article without ending it (its picture).
LIST_SKIPPED_REASONS = frozenset({"photo credit or source", "media block"})


def _mark_introduced_lists(article: list[Line], first: int, end: int) -> None:
    """Inside the article's blocks (``first`` to ``end``, or up to ``max_list_lead_lines``
    above them: a recipe's ingredients above its method), the short lines between a line
    ending with a colon ("You need:", "Address:") and the next paragraph are the list it
    introduces (ingredients, steps, an address), at most ``max_introduced_items`` of them;
    a picture's credit may stand among them. A list running on past the block's end (the
    article closes with it: a recipe's last steps, an event's programme) is the article's
    too: the line rules cannot tell it from a menu after a label, and for this project body
    lost costs more than boilerplate kept (a lost line takes its actors and quotes away from
    every later chapter; a kept link line is visible and removable in review). A list
    followed by another kind of line inside the block is left to the other rules."""
    for position in range(max(first - T.max_list_lead_lines, 0), end + 1):
        if not article[position].text.endswith(":") or article[position].label == COMMENT:
            continue
        run: list[Line] = []
        stop = len(article)  # where the run ends: a paragraph, another kind of line, the page's end
        for here in range(position + 1, len(article)):
            line = article[here]
            if line.label == BODY and line.reason != SUB_HEADING:
                stop = here
                break
            if line.reason in LIST_SKIPPED_REASONS:
                continue
            if line.reason not in (SHORT_LINE, SUB_HEADING):
                stop = here
                break
            run.append(line)
        # Closed by a paragraph of the block, or running on past the block's end (the block
        # ends with the list's label or inside the list: nothing else comes after it).
        closed = (stop <= end and article[stop].label == BODY) or stop > end + 1
        if closed and 0 < len(run) <= T.max_introduced_items:
            for line in run:
                _label(line, BODY, "item of a list the text introduces")


def _mark_fact_lines_after_block(article: list[Line], end: int) -> None:
    """A run of ``min_fact_lines`` or more "Label: value" lines right after the main block
    (``end``), or after at most ``max_fact_box_gap`` other lines (the box's heading, a
    picture's credit), goes on with the article: its fact box, an event's details, a
    product's specifications, its numbered notes. A menu or a teaser list has no such shape.
    (Tried: such runs after any body line, full +2 kept / -2 removed: left out.)"""
    run: list[Line] = []
    skipped = 0
    for line in article[end + 1:]:
        if line.words > T.max_fact_line_words or not KEY_VALUE.match(line.text):
            if not run and skipped < T.max_fact_box_gap:
                skipped += 1
                continue
            break
        run.append(line)
    if len(run) < T.min_fact_lines:
        return
    for line in run:
        if line.label != BODY and line.reason not in KEY_VALUE_KEPT_REASONS:
            _label(line, BODY, "fact line after the article's main block")


#: Words that carry a title's topic (four letters or more: no article, preposition or number).
TOPIC_WORD = re.compile(r"[^\W\d_]{4,}")


def _drop_unrelated_title(article: list[Line], seg: Segmentation) -> None:
    """A title chosen far above the main block (more than ``max_title_gap`` lines of page
    furniture between them) whose words are mostly absent from the block's text (less than ``min_title_body_share``) is no title of
    the article: a site's tagline, a menu label or a teaser taken for it. It becomes
    boilerplate and the article has no title (a headline right above the block is kept as
    body by ``_mark_outside_main_block``)."""
    title = seg.title
    first, last = _main_block(article)
    if title is None or title.label != TITLE or last < 0:
        return
    position = next((p for p, line in enumerate(article) if line is title), None)
    if position is None:
        return
    # The article's own lines (a standfirst, key points) and its byline and date lines may
    # stand between its title and its text; menus and link lists may not.
    furniture = [line for line in article[position + 1:first]
                 if line.label != BODY and line.reason not in LEAD_META_REASONS]
    if len(furniture) <= T.max_title_gap:
        return
    words = set(TOPIC_WORD.findall(title.text.casefold()))
    body = " ".join(line.text for line in article[first:last + 1] if line.label == BODY).casefold()
    if len(words & set(TOPIC_WORD.findall(body))) < T.min_title_body_share * len(words):
        _label(title, BOILERPLATE, "title unrelated to the article's main block")
        seg.title = None


def _past_article_end(article: list[Line], min_words: int) -> Iterator[Line]:
    """The lines after the article's end (its last body line of ``min_words`` words or more)
    that come once a boilerplate line has followed that end: where page furniture starts."""
    full = [line.index for line in article if line.label == BODY and line.words >= min_words]
    if not full:
        return
    seen_boilerplate = False
    for line in article:
        if line.index <= full[-1]:
            continue
        if line.label == BOILERPLATE:
            seen_boilerplate = True
        elif seen_boilerplate:
            yield line


def _mark_trailing_headings(article: list[Line]) -> None:
    """A sub-heading after the article's last full paragraph (``min_full_paragraph_words``),
    past some page furniture, introduces no text of the article: it heads a teaser list or a
    footer section ("Weitere Themen", "The latest news from our bureau")."""
    for line in _past_article_end(article, T.min_full_paragraph_words):
        if line.label == BODY and line.reason == "sub-heading between paragraphs":
            _label(line, BOILERPLATE, "heading after the article's end")


def _mark_footer_lines(article: list[Line]) -> None:
    """Short prose lines after the article's end are page furniture.

    The end is the last long paragraph; once a boilerplate line follows it, later short lines
    ("Our standards: ...", "All rights reserved.") are boilerplate even with a full stop.
    """
    for line in _past_article_end(article, T.long_body_words):
        if line.label == BODY and line.words <= T.max_footer_words:
            _label(line, BOILERPLATE, "short line after the article's end")


