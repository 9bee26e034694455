"""Stage 2: separate article from boilerplate, and describe each article.

Reads the ``text`` of each ingested article (a row of ``articles.csv``) and the outlet
registry; returns, per article, the title, the body, the reader comments, the removed
boilerplate, the language, the outlet and URL, and the publication date with its evidence.
``describe_articles`` does the same for a whole table; ``python -m helpers ingest`` appends
these columns to ``articles.csv``.

How a text is segmented (rules meant to hold for unseen sites, not for particular pages):

1. Each line is one unit (in hard-wrapped text, a paragraph's lines form one unit). Lines
   carrying a generic web marker (related links, share buttons, cookie and newsletter prompts,
   reading-time widgets, comment forms, bylines, photo credits, "Source:" lines, bare URLs,
   hashtag lines, bare numbers, unix timestamps, date lines and update times, breadcrumbs, skip
   and back-to-top links, print-edition notes) are boilerplate, and so is a "Name, Place" line
   next to a date line or byline.
   Marker lists cover French, English and German.
2. A comments header ("12 comments", "Kommentare (3)", "Leave a Reply") after the article text
   and followed by thread structure opens the comment zone. Comments are found by thread structure: numbered or bulleted items
   and their indented continuation lines, or, in threads without numbers, "X says:", date or
   relative-time lines ("Claire · il y a 2 ans", "3 hours ago", "vor 2 Tagen", "Feb. 14"), with
   the author's name when it stands on its own line right above.
   Zone lines outside an item (forms, prompts, button bars such as "Répondre · 3") are boilerplate.
3. Before the body, the first title-like line (no final full stop, at most 30 words) in the
   article's language is the title; a title-like line right under it is the standfirst (body);
   copies of the title (also in another language) and lines that glue several other lines
   together are boilerplate.
4. Remaining lines are body when they read as prose (sentence punctuation, or long), when they
   are a run of bulleted points (5+ words each) above body text, with their "Key points:"
   label, or a sub-heading between two body paragraphs; other short lines are boilerplate.

The body is built deterministically: each body unit, stripped of surrounding white space, is a
paragraph copied verbatim from ``text``, and paragraphs are joined with a blank line
("\\n\\n"). ``body_spans`` holds each paragraph's ``[start, end]`` in ``text``, so an offset into
``body`` maps back to ``text`` with ``body_to_text_offset``. Comments are built the same way,
one comment (item line plus continuation lines) per span.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

import pandas as pd
from rapidfuzz import fuzz

from helpers.dates import (
    DAY_MONTH,
    PUBLICATION_MARKER,
    TIME_ONLY_STAMP,
    UNIX_MAX,
    UNIX_MIN,
    DateCandidate,
    dates_in_line,
    dates_in_url,
    describe_relation,
    is_date_line,
)
from helpers.language import language_identifier
from helpers.outlets import OutletRegistry, domain_of, outlet_for_alias, outlet_for_domain

TITLE, BODY, COMMENT, BOILERPLATE, BLANK = "title", "body", "comment", "boilerplate", "blank"
#: Label sets built once (a set display of names is rebuilt at every test).
ARTICLE_TEXT = frozenset({TITLE, BODY})
NOT_DATE_EVIDENCE = frozenset({BLANK, BODY, TITLE})
PARAGRAPH_SEPARATOR = "\n\n"

CLEAN_COLUMNS = [
    "title",
    "title_span",
    "body",
    "body_spans",
    "n_body_paragraphs",
    "n_body_chars",
    "comments",
    "comments_spans",
    "n_comments",
    "n_comments_source",
    "n_boilerplate_lines",
    "boilerplate",
    "language",
    "outlet",
    "outlet_evidence",
    "url",
    "published",
    "published_precision",
    "published_evidence",
    "published_note",
    "undetermined",
]

# --- generic web markers (French, English, German) -------------------------------------------

def _line_pattern(*alternatives: str) -> re.Pattern:
    """A case-insensitive pattern matching lines that START with one of ``alternatives``."""
    return re.compile(r"^(?:" + "|".join(alternatives) + r")", re.IGNORECASE)


RELATED = _line_pattern(
    r"lire aussi", r"à lire aussi", r"a lire aussi", r"lire la suite", r"lire plus", r"voir aussi",
    r"à voir aussi", r"sur le même sujet", r"vous pourriez (?:également |aussi )?être intéressé",
    r"vous aimerez aussi", r"dans la même rubrique", r"nos articles? sur", r"pour aller plus loin",
    r"read more", r"read also", r"also read", r"see also", r"related(?: articles?| stories| content)?\s*:?$",
    r"more on this", r"more from", r"you (?:may|might) also (?:like|be interested)", r"recommended",
    r"continue reading", r"related coverage", r"related:", r"weiterlesen", r"mehr zum thema", r"lesen sie (?:auch|mehr)",
    r"auch interessant", r"das könnte sie (?:auch )?interessieren", r"mehr dazu", r"zum thema",
    r"empfohlen", r"ebenfalls lesenswert",
)
SHARE_WORDS = frozenset(
    """facebook twitter x linkedin pinterest whatsapp telegram reddit email e-mail mail
    messenger print imprimer drucken partager teilen share tweet twittern flipboard vk viber
    copy copier kopieren link lien tumblr pocket bluesky threads mastodon xing sms mailen""".split()
)
SHARE_SEPARATORS = re.compile(r"[|/·•,]")
SHARE_PHRASE = re.compile(
    r"^(?:share (?:this|the|full) (?:article|story|page)|partager (?:cet|l['’]) ?article|"
    r"(?:diesen )?artikel (?:teilen|versenden|drucken)|teilen sie (?:diesen artikel)?|share on \w+|"
    r"partager sur \w+|partager via|share via|teilen über|auf \w+ teilen)\s*:?$",
    re.IGNORECASE,
)
#: Wire-copy and production credits ("Reporting by ...", "Mit Material von dpa").
PRODUCTION_CREDITS = re.compile(
    r"^(?:reporting by|additional reporting|editing by|writing by|compiled by|edited by|"
    r"mit material (?:von|der)|mitarbeit:|redaktion:|avec (?:l['’])?(?:afp|reuters|ap|agences?)\b|"
    r"\((?:avec )?(?:afp|reuters|ap|dpa)\)$|rédaction:|rédigé par|édité par)",
    re.IGNORECASE,
)
# Phrase lists are matched on the case-folded line by a ``PhraseSet`` (below): one pass of an
# Aho-Corasick automaton instead of one substring test per phrase.
COOKIE_NEWSLETTER_AD_PHRASES = (
    "cookie", "newsletter", "abonnez-vous", "s'abonner", "s’abonner", "je m'abonne",
    "je m’abonne", "inscrivez-vous", "subscribe", "sign up for", "abonnieren", "jetzt anmelden",
    "melden sie sich", "accept all", "tout accepter", "alle akzeptieren",
    "datenschutzeinstellungen", "privacy settings", "paramètres de confidentialité",
    "plus d'articles", "plus d’articles", "mehr artikel", "more stories",
    # reading-time, audio and bookmark widgets
    "min read", "minute read", "listen to this article", "save for later", "bookmark",
    "lesezeit", "artikel anhören", "merkliste", "temps de lecture", "min de lecture",
    "écouter cet article", "écouter l'article", "écouter l’article",
    # like buttons and feedback widgets
    "like loading", "j'aime chargement", "j’aime chargement", "gefällt mir wird geladen",
    "cet article vous a-t-il été utile", "was this article helpful", "war dieser artikel hilfreich",
    "fanden sie diesen artikel hilfreich", "did you find this article useful",
    "fehler gefunden", "fehler melden", "signaler une erreur", "report an error",
    "report a correction", "submit a correction",
    # paywalls
    "il vous reste", "réservé aux abonnés", "réservée aux abonnés", "déjà abonné",
    "for subscribers", "subscribers only", "already a subscriber", "to continue reading",
    "für abonnenten", "bereits abonnent", "mit abo", "jetzt weiterlesen",
    # advertising breaks inside the text
    "continues below", "story continues", "article continues", "weiter nach der anzeige",
    "suite après la publicité", "suite après cette publicité", "la suite après",
)
ADVERTISING_LINES = frozenset(
    "publicité advertisement advertising anzeige werbung pub sponsored sponsorisé abonnés premium "
    "exklusiv abo".split()
)
#: Labels of embedded media blocks; the lines right under them (title, duration) belong to them.
MEDIA_LABELS = frozenset(
    "video vidéo videos vidéos audio podcast bildergalerie galerie gallery diaporama photos fotos "
    "infographie infografik grafik carte karte map live liveblog direct".split()
    + ["en direct", "en images", "in bildern", "in pictures", "bilder", "bilderstrecke"]
)
DURATION = re.compile(r"^\d{1,2}:\d{2}(?::\d{2})?\s*(?:min\.?|minutes?|mins?)?$|^\d+\s*(?:min|sek|sec)\.?$",
                      re.IGNORECASE)
#: Reading-time badges: "Lecture 3 min.", "Lesezeit: 4 Min.", "5 min read".
READING_TIME = re.compile(
    r"^(?:(?:temps de )?lecture|lesezeit|reading time|read time|durée de lecture)\s*:?\s*\d+\s*min|"
    r"^\d+\s*(?:min(?:ute)?s?\.?)\s*(?:read|de lecture|lesezeit|lecture)",
    re.IGNORECASE,
)
COMMENT_FORM_PHRASES = (
    "pour laisser des commentaire", "pour laisser un commentaire", "laisser un commentaire",
    "votre commentaire", "vous devez être connecté", "vous devez vous connecter",
    "vous devez autoriser", "ne sera pas publiée", "entrez vos coordonnées", "vous commentez à l",
    "déconnexion", "connexion à %s", "m'avertir", "m’avertir", "annuler la réponse",
    "commentaires sont fermés", "leave a reply", "leave a comment", "to leave a comment",
    "you must be logged in", "log in to reply", "login to reply", "log in to comment",
    "will not be published", "required fields are marked", "enter your comment",
    "fill in your details", "you are commenting using", "log out", "connecting to %s",
    "notify me of", "cancel reply", "akismet", "comments are closed", "comments closed",
    "schreibe einen kommentar", "kommentar verfassen", "hinterlasse einen",
    "sie müssen angemeldet", "du musst angemeldet", "wird nicht veröffentlicht",
    "trage deine daten", "du kommentierst mit", "abmelden", "verbinde mit %s",
    "benachrichtige mich", "antwort abbrechen", "kommentarfunktion", "kommentare sind geschlossen",
)
COMMENT_ACTION_LINES = frozenset(
    "répondre signaler reply report like antworten melden share partager teilen recommend "
    "recommander empfehlen j'aime j’aime".split()
    + ["like this", "j'aime ça", "j’aime ça", "gefällt mir", "oui", "non", "yes", "no", "ja", "nein"]
)
#: Single words of comment button bars ("Répondre · 3", "Reply | Report"), counts aside.
COMMENT_ACTION_WORDS = frozenset(w for w in COMMENT_ACTION_LINES if " " not in w)
MAX_ACTION_BAR_CHARS = 80
ACTION_BAR_NOISE = re.compile(r"[\d·•|()\[\]]+")
#: Skip links and back-to-top links: page navigation, wherever it appears.
NAVIGATION_LINES = frozenset([
    "back to top", "to top", "top", "nach oben", "zurück nach oben", "zum seitenanfang",
    "retour en haut", "retour en haut de page", "haut de page", "skip to content",
    "skip to main content", "zum inhalt springen", "zum inhalt", "aller au contenu",
    "aller au contenu principal",
])
CREDIT_HINTS = ("photo", "foto", "bild", "crédit", "credit", "©", "(c)", "image", "illustration",
                "vidéo", "video", "quelle", "source", "via", "copyright", "/")


class PhraseSet:
    """Fixed lower-case phrases, found anywhere in a (case-folded) line in one pass.

    An Aho-Corasick automaton (``ahocorasick_rs``) reads the line once whatever the number of
    phrases: ~1 µs per line, where one regular expression of all the phrases (even merged
    into a prefix tree) costs ~5 µs and a loop of ``in`` tests ~10 µs.
    """

    def __init__(self, phrases: tuple[str, ...]) -> None:
        from ahocorasick_rs import AhoCorasick

        self.phrases = tuple(phrases)
        self._automaton = AhoCorasick(list(self.phrases))

    def search(self, text: str) -> bool:
        """True when one of the phrases occurs in ``text``."""
        return bool(self._automaton.find_matches_as_indexes(text))


COMMENT_FORM_PHRASE_SET = PhraseSet(COMMENT_FORM_PHRASES)
COOKIE_NEWSLETTER_AD_PHRASE_SET = PhraseSet(COOKIE_NEWSLETTER_AD_PHRASES)
#: Both phrase lists at once: most lines hit neither, and then one search answers for both.
FURNITURE_PHRASE_SET = PhraseSet(COMMENT_FORM_PHRASES + COOKIE_NEWSLETTER_AD_PHRASES)
CREDIT_HINT_SET = PhraseSet(CREDIT_HINTS)


def is_comment_form(text: str) -> bool:
    """Comment-form furniture: prompts, login lines, "Reply" buttons, "comments are closed"."""
    folded = text.casefold()
    return (folded.strip(" .:!›»") in COMMENT_ACTION_LINES or is_action_bar(folded)
            or bool(COMMENT_FORM_PHRASE_SET.search(folded)))


def is_action_bar(folded: str) -> bool:
    """A bar of comment buttons with their counts: "répondre · 3", "reply | report (2)"."""
    if len(folded) > MAX_ACTION_BAR_CHARS:
        return False  # reader comments are longer: spare them the clean-up below
    words = ACTION_BAR_NOISE.sub(" ", folded).split()
    return 0 < len(words) <= 6 and all(word.strip(" .:!›»") in COMMENT_ACTION_WORDS for word in words)


def is_cookie_newsletter_ad(text: str) -> bool:
    """Cookie banners, newsletter and subscription prompts, advertising labels."""
    folded = text.casefold()
    return folded.strip(" .:!") in ADVERTISING_LINES or bool(COOKIE_NEWSLETTER_AD_PHRASE_SET.search(folded))


def furniture_phrase(folded: str) -> str:
    """Which phrase list a case-folded short line hits, in one pass: form, ad or "".

    A comment-form phrase wins over an advertising phrase when a line holds both.
    """
    stripped = folded.strip(" .:!›»")
    if stripped in COMMENT_ACTION_LINES:
        return "comment form"
    if stripped in NAVIGATION_LINES:
        return "navigation link"
    if stripped in ADVERTISING_LINES:
        return "cookie, subscription or advertising prompt"
    if not FURNITURE_PHRASE_SET.search(folded):
        return ""
    if COMMENT_FORM_PHRASE_SET.search(folded):
        return "comment form"
    return "cookie, subscription or advertising prompt"


COMMENTS_HEADER = re.compile(
    r"^(?:(?P<count>\d{1,6})\s+)?(?:commentaires?|comments?|kommentare?|leserkommentare|"
    r"réactions?|reactions?|responses?|réponses?|antworten|replies|discussion|diskussion)\b"
    r"(?:\s*\((?P<count2>\d{1,6})\))?[^.!?]{0,40}$|"
    r"^(?:leave a (?:reply|comment)|laisser un commentaire|votre commentaire|join the (?:conversation|discussion)|"
    r"schreibe einen kommentar|kommentar verfassen|ihre meinung|your comment|add a comment|"
    r"ajouter un commentaire|show comments|kommentare anzeigen|afficher les commentaires)\b",
    re.IGNORECASE,
)
#: "Thomas Berger, Washington": an author and a place, a byline without "By"/"Von"/"Par".
NAME_AND_PLACE = re.compile(r"^[A-ZÀ-Ý][\w'’.-]+(?: [A-ZÀ-Ý][\w'’.-]+){1,3},\s*[A-ZÀ-Ý][\w'’. -]{1,30}$")
BYLINE = re.compile(
    r"^(?i:by|par|von|from|de|auteur|author|autor(?:in)?|text|texte)\s*:?\s+"
    r"[A-ZÀ-Ý][\w'’.-]+(?:\s+(?:[A-ZÀ-Ý][\w'’.-]+|and|et|und|de|von|van|der|,))*"
    r"(?:\s*[,|–-]\s*.{0,40})?$"
)
CREDIT = re.compile(
    r"^(?:photos?|foto(?:s|grafie)?|images?|bild(?:er)?|crédits?(?: photo)?|credits?|illustration|"
    r"vidéo|video|quelle|source|sources|via|copyright|©|\(c\))\s*:\s*\S|"
    r"(?:©|\(c\)|\bphoto(?:graph)?|\bfoto|\bbild|\bcrédit|\bcredit|\bpicture|\bimage)\s*:?\s*[\w .&/-]{2,40}$",
    re.IGNORECASE,
)
#: "Caption text. Agency/First Last" or "… Agency / Getty Images": a credit at the end of a line.
CREDIT_TAIL = re.compile(r"\b[A-Z][\w.&-]+(?: [A-Z][\w.&-]+)?\s?/\s?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}$")
SOURCE_LINE = re.compile(r"^(?:source|sources|quelle|via)\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
TAGS_LINE = re.compile(
    r"^(?:tags|mots-clés|mots clés|thèmes|sujets|schlagwörter|themen|topics|catégories|categories|"
    r"kategorien|rubriques?|ressort)\s*:", re.IGNORECASE
)
#: Notes on a print edition: "A version of this article appears in print on …".
PRINT_EDITION = re.compile(
    r"^(?:a version of this (?:article|story) (?:appears|appeared) in print|"
    r"this (?:article|story) (?:appears|appeared) in (?:print|the print edition)|"
    r"cet article (?:est paru|a été publié|a paru) dans (?:l['’]édition|le journal|notre édition|le numéro)|"
    r"article paru dans|dieser (?:artikel|beitrag) (?:erschien|ist erschienen) (?:in|zuerst|am))",
    re.IGNORECASE,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright|tous droits réservés|all rights reserved|alle rechte)",
                       re.IGNORECASE)
BREADCRUMB = re.compile(r"^[^.!?]{0,120}(?:\s[>›»/|]\s[^.!?]{1,40}){2,}$")
BREADCRUMB_SEPARATOR = re.compile(r"\s[>›»/|]\s")
#: The start-of-line markers above in one pattern: one match call per line instead of five.
ANCHORED_MARKERS = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.pattern.lstrip('^')})"
        for name, pattern in [("source", SOURCE_LINE), ("related", RELATED),
                              ("credits", PRODUCTION_CREDITS), ("tags", TAGS_LINE),
                              ("copyright", COPYRIGHT), ("print", PRINT_EDITION)]
    ),
    re.IGNORECASE,
)
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
AUTHOR_SAYS = re.compile(
    r"^.{1,60}?\s(?:says|said|wrote|sagt|schreibt|schrieb|meint|a dit|dit|écrit|a écrit)\s*:?\s*$",
    re.IGNORECASE,
)
#: When a reader comment was posted, relative to the page: "il y a 2 ans", "3 hours ago", "vor 2 Tagen".
RELATIVE_TIME = re.compile(
    r"\bil y a\s+(?:\d+|une?|quelques)\s+(?:secondes?|sec|minutes?|min|heures?|h|jours?|j|semaines?|mois|"
    r"ans?|années?)\b|"
    r"\b(?:\d+|an?|one|a few)\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|h|days?|weeks?|months?|years?|"
    r"yrs?)\s+ago\b|"
    r"\bvor\s+(?:\d+|einer?|einem|wenigen)\s+(?:sekunden?|sek|minuten?|min|stunden?|std|tag(?:en)?|"
    r"wochen?|monat(?:en)?|jahr(?:en)?)\b",
    re.IGNORECASE,
)


def is_comment_meta(line: Line) -> bool:
    """A short line dating a reader comment: a date line ("Feb. 14" too), or a relative time
    ("Claire · il y a 2 ans")."""
    return line.words <= 12 and (
        is_date_line(line.text, line_dates(line)) or bool(RELATIVE_TIME.search(line.text))
        or (line.words <= 3 and bool(DAY_MONTH.match(line.text))))


#: What may follow a line's last punctuation mark: closing quotes and brackets, white space.
TRAILING_CLOSERS = "'’\"”»)]" + "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
SENTENCE_MARKS = ".!?…:;"
FULL_STOP_MARKS = ".…:;"


def ends_with_mark(text: str, marks: str) -> bool:
    r"""True when ``text`` ends with one of ``marks``, perhaps followed by closing quotes,
    brackets or white space ('said: “It is over.”' ends with a full stop).

    Same answer as searching ``[marks]['’"”»)\]\s]*$``, without scanning the whole line.
    """
    trimmed = text.rstrip(TRAILING_CLOSERS)
    return bool(trimmed) and trimmed[-1] in marks


def ends_sentence(text: str) -> bool:
    """Ends with sentence punctuation (. ! ? … : ;)."""
    return ends_with_mark(text, SENTENCE_MARKS)


def ends_full_stop(text: str) -> bool:
    """Ends with a full stop, ellipsis, colon or semicolon (not ! or ?): not a headline."""
    return ends_with_mark(text, FULL_STOP_MARKS)
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
COPYRIGHT_WORDS = re.compile(
    r"©|\(c\)|copyright|all rights reserved|tous droits réservés|alle rechte vorbehalten|"
    r"\b(?:19|20)\d{2}\b|[.,;]", re.IGNORECASE
)
WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")

#: Characters of body read to detect the language: enough for a stable guess, fast.
LANGUAGE_SAMPLE_CHARS = 120
MAX_TITLE_WORDS = 30
MAX_SUBHEADING_WORDS = 20
#: A line this long is prose even without a final full stop (scrapers cut last sentences).
LONG_PROSE_WORDS = 25


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


#: Hard-wrapped text: most lines end near one width (a plain-text export wrapped at ~72 columns).
WRAP_MAX_WIDTH = 100
WRAP_FULL_SHARE = 0.6


def wrap_width(lengths: list[int]) -> int:
    """The column a hard-wrapped text is wrapped at, or 0 when lines are whole paragraphs.

    Wrapped when the longest lines (90th percentile) stay within ``WRAP_MAX_WIDTH`` and at least
    40 % of the non-blank lines are "full" (60 % of that width or more) and run straight on
    into another non-blank line.
    """
    filled = sorted(length for length in lengths if length)
    if len(filled) < 6:
        return 0
    width = filled[int(0.9 * (len(filled) - 1))]
    if width > WRAP_MAX_WIDTH:
        return 0
    runs_on = sum(
        1 for here, after in zip(lengths, lengths[1:]) if here >= WRAP_FULL_SHARE * width and after
    )
    return width if runs_on >= 0.4 * len(filled) else 0


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
            unit.words += len(stripped.split())
            unit.n_raw_lines += 1
        else:
            lead = len(raw) - len(raw.lstrip())
            start = position + lead
            units.append(Line(len(units), start, start + len(stripped), stripped, lead, "", "",
                              len(stripped.split()), None, None, number))
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
    if first and first not in SHARE_WORDS:
        return False  # most lines fail on their first word: skip the full split
    tokens = SHARE_SEPARATORS.sub(" ", folded).split()
    return 0 < len(tokens) <= 8 and all(t.strip(":") in SHARE_WORDS for t in tokens)


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
            line.words >= 4 and ends_sentence(line.text))
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
    folded = text.casefold() if words <= 30 else ""
    if words <= 8 and (_is_share_folded(folded) or SHARE_PHRASE.match(text)):
        return "share buttons"
    if "http" in text or "www." in text:
        urls = URL.findall(text)
        if urls and sum(map(len, urls)) >= 0.5 * len(text):
            return "URL line"
    if words <= 4 and BARE_DOMAIN.match(text):
        return "URL line"
    if words <= 8 and READING_TIME.match(text):
        return "cookie, subscription or advertising prompt"
    if words <= 3 and (folded.strip(" :.") in MEDIA_LABELS or DURATION.match(text)):
        return "media block"
    anchored = ANCHORED_MARKERS.match(text)
    if anchored:
        kind = anchored.lastgroup
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
        if kind == "copyright" and words <= 20:
            return "copyright line"
    if words > 30:
        return ""  # long lines are prose unless an anchored marker above said otherwise
    furniture = furniture_phrase(folded)
    if furniture:
        return furniture
    if words <= 25 and not ends_full_stop(text):
        if words <= 15 and BYLINE.match(text):
            return "byline"
        if CREDIT_HINT_SET.search(folded) and (CREDIT.search(text) or CREDIT_TAIL.search(text)):
            return "photo credit or source"
    # A breadcrumb needs at least two " > " separators: most lines have none, and the full
    # pattern backtracks over the whole line (~2 µs) before failing.
    if words <= 12 and BREADCRUMB_SEPARATOR.search(text) and BREADCRUMB.match(text):
        return "breadcrumb"
    return ""


#: WordPress-style thread headers: '5 thoughts on "Title"', 'Une réflexion sur « … »'.
THREAD_HEADER = re.compile(
    r"^(?P<count>\d{1,6}|one|une|un|ein|eine|einen)\s+(?:thoughts?|responses?|replies|comments?|"
    r"réflexions?|réponses?|commentaires?|gedanken|gedanke|kommentare?|antworten|reaktionen)\s+"
    r"(?:on|to|sur|à|zu|auf)\b",
    re.IGNORECASE,
)
WORD_NUMBERS = {"one": 1, "une": 1, "un": 1, "ein": 1, "eine": 1, "einen": 1}


def comments_header_count(text: str) -> tuple[bool, int | None]:
    """(is a comments header, count it declares or None): "11 COMMENTAIRES" -> (True, 11)."""
    if text[:1].isdigit() or text[:1] in "OoUuEe":
        thread = THREAD_HEADER.match(text)
        if thread:
            count = thread.group("count").casefold()
            return True, WORD_NUMBERS.get(count) or int(count)
    if len(text) > 80:
        return False, None
    match = COMMENTS_HEADER.match(text)
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
                or AUTHOR_SAYS.match(line.text) or is_comment_form(line.text)
                or is_comment_meta(line)):
            return True
    return False


def _find_comment_zone(lines: list[Line]) -> tuple[int, int | None]:
    """Index of the first comments header after some prose (len(lines) if none), and its count."""
    seen_prose = False
    for line in lines:
        if line.label == BLANK:
            continue
        if seen_prose:
            is_header, count = line_header(line)
            if is_header and _opens_comment_zone(lines, line.index):
                return line.index, count
        if not seen_prose and reads_as_prose(line) and not marker_reason(line):
            seen_prose = True
    return len(lines), None


def zone_marker(line: Line) -> str:
    """Boilerplate inside a comment section: forms, share buttons, related links, copyright.

    Fewer tests than ``marker_reason``: reader comments are free text and may well mention a
    cookie or a photo without being page furniture.
    """
    if line.words <= 30 and is_comment_form(line.text):
        return "comment form"
    if line.words <= 5 and line.text.casefold().strip(" .:!›»↑^") in NAVIGATION_LINES:
        return "navigation link"
    if line.words <= 8 and (is_share_line(line.text) or SHARE_PHRASE.match(line.text)):
        return "share buttons"
    anchored = ANCHORED_MARKERS.match(line.text)
    if anchored and anchored.lastgroup in {"related", "copyright"}:
        return "related link" if anchored.lastgroup == "related" else "copyright line"
    return ""


#: Words of a reader's name line above a comment's date ("Sam from Ohio", "Erika M.").
MAX_AUTHOR_WORDS = 5


def _is_author_line(previous: Line | None, meta: Line) -> bool:
    """True when ``previous`` is a short line left outside any comment, right above ``meta``."""
    return (previous is not None and previous.index == meta.index - 1
            and previous.reason == "comment-section text outside a comment"
            and previous.words <= MAX_AUTHOR_WORDS and not previous.text.endswith((":", "?", "!")))


def _segment_comment_zone(lines: list[Line], zone_start: int, seg: Segmentation) -> None:
    """Label the comment zone: headers and forms are boilerplate, thread items are comments."""
    zone = [line for line in lines[zone_start:] if line.label != BLANK]
    numbered = any(NUMBERED_ITEM.match(line.text) for line in zone)
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
            starts_item = bool(AUTHOR_SAYS.match(line.text)) or is_comment_meta(line)
            if starts_item and current is not None and len(current) == 1 and (
                AUTHOR_SAYS.match(current[0].text)
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


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` by py3langid on its first characters ("" if too short)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if sum(1 for _ in islice(WORD.finditer(sample), 4)) < 4:  # fewer than four words
        return ""
    return language_identifier().classify(sample)


def _similar(a: str, b: str) -> bool:
    """Near-identical lines (a repeated title with other accents or quotes)."""
    if abs(len(a) - len(b)) > 0.25 * max(len(a), len(b)):
        return False  # a ratio of 88 is impossible with lengths this different
    return fuzz.ratio(a.casefold(), b.casefold(), score_cutoff=88) > 0


def _glued_copy(line: Line, others: list[Line]) -> bool:
    """True when a line contains two or more other lines verbatim (a header glued together)."""
    if len(line.text) < 80:
        return False
    contained = sum(
        1 for other in others if other is not line and len(other.text) >= 25 and other.text in line.text
    )
    return contained >= 2


def segment_text(text: str) -> Segmentation:
    """Label every line of ``text`` as title, body, comment, boilerplate or blank."""
    lines = split_lines(text)
    seg = Segmentation(lines)
    zone_start, _ = _find_comment_zone(lines)
    article = [line for line in lines[:zone_start] if line.label != BLANK]

    for line in article:
        reason = marker_reason(line)
        # The header test first: it rejects long lines by their length, where looking for a
        # digit would scan the whole paragraph.
        count = None if reason else line_header(line)[1]
        if count is not None and has_digit(line):
            reason = "comment count"  # a count badge or a header no thread follows
            if seg.declared_comments is None:
                seg.declared_comments = count
        if not reason and line.words <= 8 and has_digit(line) and TIME_ONLY_STAMP.match(line.text):
            reason = "date line"  # an update time without its date
        if not reason and line.words <= 20 and has_digit(line):
            candidates = line_dates(line)
            if is_date_line(line.text, candidates) and line.words <= 12:
                reason = "date line"
            elif candidates and PUBLICATION_MARKER.search(line.text) and not ends_full_stop(line.text):
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

    unlabelled = [line for line in article if not line.label]
    for line in unlabelled:
        if reads_as_prose(line):
            _label(line, BODY, "prose")
    _mark_summary_bullets(article)
    _mark_subheadings(article)
    _mark_block_labels(article)
    _mark_footer_lines(article)
    if zone_start < len(lines):
        _segment_comment_zone(lines, zone_start, seg)
    return seg


def _mark_bare_bylines(article: list[Line]) -> None:
    """"Name Surname, Place" right above or below a date line or byline is a byline too."""
    for position, line in enumerate(article):
        if line.label or line.words > 5 or not NAME_AND_PLACE.match(line.text):
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
            if length > LANGUAGE_SAMPLE_CHARS:
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
    if (following is not None and not following.label and following.words >= 6
            and not reads_as_prose(following) and not _similar(following.text, chosen.text)):
        _label(following, BODY, "standfirst under the title")
    for line in article:
        if line is chosen or line.label:
            continue
        if _similar(line.text, chosen.text):
            _label(line, BOILERPLATE, "repeated title")
        elif line.index < chosen.index and any(line is c for c in other_language):
            _label(line, BOILERPLATE, "title in another language")


def _mark_related_headlines(article: list[Line]) -> None:
    """Headlines of linked articles: next to a related-link line, short, not prose."""
    for position, line in enumerate(article):
        if line.reason not in {"related link", "media block"}:
            continue
        if position > 0 and line.reason == "related link":
            before = article[position - 1]
            if not before.label and before.words <= MAX_TITLE_WORDS and fuzz.partial_ratio(before.text.casefold(), line.text.casefold()) >= 85:
                _label(before, BOILERPLATE, "headline of a related link")
        if line.words <= 8:  # a bare "Lire aussi :" header (or a media label): titles follow
            previous = line
            for after in article[position + 1 : position + 7]:
                if after.index > previous.index + 1 and previous is not line:
                    break  # a blank line ends the list of links
                previous = after
                if (after.label or after.words > MAX_SUBHEADING_WORDS
                        or ends_full_stop(after.text) or after.words >= LONG_PROSE_WORDS):
                    break
                _label(after, BOILERPLATE, "headline of a related link"
                       if line.reason == "related link" else "media block")


#: Words a bullet must have to be a point of the article ("- Moscow signalled it was open…"),
#: not a menu or tag list ("- Politics").
MIN_BULLET_WORDS = 5


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
                    and label.words <= 6 and label.text.endswith(":")):
                _label(label, BODY, "label of bulleted points")
        position = end


def _mark_subheadings(article: list[Line]) -> None:
    """Short lines between two body paragraphs are sub-headings (body); others boilerplate."""
    for position, line in enumerate(article):
        if line.label:
            continue
        before = next((l for l in reversed(article[:position]) if l.label in ARTICLE_TEXT), None)
        after = next((l for l in article[position + 1 :] if l.label == BODY), None)
        if (
            line.words <= MAX_SUBHEADING_WORDS
            and before is not None and before.label == BODY
            and after is not None
        ):
            _label(line, BODY, "sub-heading between paragraphs")
        else:
            _label(line, BOILERPLATE, "short line outside the article's paragraphs")


def _mark_block_labels(article: list[Line]) -> None:
    """A short line ending with a colon ("Dieses Thema im Programm:", "À voir :") introduces
    what follows it: when that is boilerplate (or nothing), the label is boilerplate too."""
    for position, line in enumerate(article):
        if line.label != BODY or line.words > 6 or not line.text.endswith(":"):
            continue
        after = article[position + 1] if position + 1 < len(article) else None
        if after is None or after.label == BOILERPLATE:
            _label(line, BOILERPLATE, "label of a boilerplate block")


def _mark_footer_lines(article: list[Line]) -> None:
    """Short prose lines after the article's end are page furniture.

    The end is the last long paragraph; once a boilerplate line follows it, later short lines
    ("Our standards: ...", "All rights reserved.") are boilerplate even with a full stop.
    """
    long_body = [l.index for l in article if l.label == BODY and l.words >= 15]
    if not long_body:
        return
    seen_boilerplate = False
    for line in article:
        if line.index <= long_body[-1]:
            continue
        if line.label == BOILERPLATE:
            seen_boilerplate = True
        elif line.label == BODY and seen_boilerplate and line.words < 12:
            _label(line, BOILERPLATE, "short line after the article's end")


# --- building the described article ----------------------------------------------------------


def spans_json(spans: list[tuple[int, int]]) -> str:
    """Spans as compact JSON: [[0,12],[14,80]] (written by hand: json.dumps is slower here)."""
    return "[" + ",".join(f"[{start},{end}]" for start, end in spans) + "]"


def join_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """The verbatim slices of ``text`` at ``spans`` joined with a blank line (how body is built)."""
    return PARAGRAPH_SEPARATOR.join(text[start:end] for start, end in spans)


def body_to_text_offset(body_spans: list[list[int]] | str, offset: int) -> int:
    """Map an offset into ``body`` to the offset of the same character in ``text``.

    ``body_spans`` is the list (or its JSON) stored in ``articles.csv``. An offset equal to
    ``len(body)`` maps to the end of the last paragraph. Offsets inside a paragraph separator
    have no counterpart in ``text`` and raise ValueError.
    """
    spans = json.loads(body_spans) if isinstance(body_spans, str) else body_spans
    if offset < 0:
        raise ValueError(f"offset {offset} is negative")
    position = 0
    for number, (start, end) in enumerate(spans):
        length = end - start
        if offset <= position + length:
            if offset == position + length and number < len(spans) - 1:
                raise ValueError(f"offset {offset} is on the separator after paragraph {number}")
            return start + offset - position
        position += length
        if number == len(spans) - 1:
            break
        if offset < position + len(PARAGRAPH_SEPARATOR):
            raise ValueError(f"offset {offset} is on the separator after paragraph {number}")
        position += len(PARAGRAPH_SEPARATOR)
    raise ValueError(f"offset {offset} is past the end of the body ({position} characters)")


def _find_outlet(lines: list[Line], outlets: OutletRegistry | None) -> tuple[str, str, str]:
    """(outlet, evidence, url) from URL/domain/"Source:" lines, else a final outlet hashtag,
    else a copyright signature with a year; outlets the text merely cites are never used."""
    url, url_evidence = "", ""
    for line in lines:
        if line.label != BOILERPLATE:
            continue
        if line.reason in {"URL line", "source line", "photo credit or source"}:
            found = URL.search(line.text)
            if found:
                url, url_evidence = found.group(0).rstrip(".,;"), line.text
                break
            if BARE_DOMAIN.match(line.text):
                url, url_evidence = line.text, line.text
                break
            source = SOURCE_LINE.match(line.text)
            if source and outlets is not None:
                name = outlet_for_alias(outlets, source.group("rest"))
                if name:
                    return name, line.text, ""
    if url and outlets is not None:
        name = outlet_for_domain(outlets, domain_of(url))
        if name:
            return name, url_evidence, url
    if outlets is not None:
        for line in lines:
            if line.reason == "hashtag line":
                last = HASHTAG.findall(line.text)
                name = outlet_for_alias(outlets, last[-1]) if last else ""
                if name:
                    return name, last[-1], url
        for line in lines:
            # A page-footer signature "© 2024 Le Monde": a year is required, because a bare
            # "(c) AFP" under a photo credits the picture, not the article.
            if line.reason == "copyright line" and YEAR.search(line.text):
                holder = YEAR.sub(" ", COPYRIGHT_WORDS.sub(" ", line.text)).strip(" .,;:-–|")
                # The holder often trails words ("Guardian News & Media Limited or its
                # affiliates"): the longest leading run of words that is a registered alias wins.
                words = holder.split()[:8]
                for n_words in range(len(words), 0, -1):
                    name = outlet_for_alias(outlets, " ".join(words[:n_words]))
                    if name:
                        return name, line.text, url
    return "", url_evidence if url else "", url


#: Boilerplate lines whose date, when the line is essentially a date, dates the article.
DATE_EVIDENCE_REASONS = frozenset(
    {"date line", "byline", "photo credit or source", "short line outside the article's paragraphs"}
)


def _find_publication_date(seg: Segmentation, url: str, language: str) -> dict:
    """Publication date from non-body, non-comment lines (labelled, date lines), URL, unix."""
    labelled: list[DateCandidate] = []
    dated_lines: list[DateCandidate] = []
    unix: list[DateCandidate] = []
    comment_dates: list[DateCandidate] = []
    for line in seg.lines:
        if line.label in NOT_DATE_EVIDENCE:
            continue
        if not has_digit(line):
            continue
        if line.label == COMMENT:
            if not comment_dates and line.words <= 12:  # comment dates sit on short lines
                comment_dates.extend(c for c in line_dates(line) if c.value)
            continue
        is_unix = line.reason == "unix timestamp"
        is_labelled = line.reason != "URL line" and bool(PUBLICATION_MARKER.search(line.text))
        if not (is_unix or is_labelled or line.reason in DATE_EVIDENCE_REASONS):
            continue  # URLs, hashtags, counts, related links: dates there are not publication dates
        candidates = [c for c in line_dates(line) if c.value]
        if language == "en" and any(c.kind == "numeric" for c in candidates):
            # English slash dates are read month-first only once the language is known.
            candidates = [c for c in dates_in_line(line.text, line.start, language) if c.value]
        if not candidates:
            continue
        if candidates[0].kind == "unix":
            unix.append(candidates[0])
        elif is_labelled:
            labelled.append(candidates[0])
        elif is_date_line(line.text, candidates):
            dated_lines.append(candidates[0])
    url_dates = dates_in_url(url) if url else []
    chosen = (labelled or dated_lines or url_dates or unix or [None])[0]
    result = {"published": "", "published_precision": "unknown", "published_evidence": "",
              "published_note": ""}
    notes: list[str] = []
    if chosen is not None:
        result.update(published=chosen.iso, published_precision=chosen.precision,
                      published_evidence=chosen.evidence)
        if chosen.kind == "unix":
            notes.append("from a unix timestamp, read as UTC")
        elif chosen.kind == "url":
            notes.append("from the date in the URL")
        if unix and chosen.kind != "unix":
            notes.append(describe_relation(chosen, unix[0]))
    elif comment_dates and comment_dates[0].value is not None:
        notes.append(
            f"only reader-comment dates; first comment {comment_dates[0].iso} "
            f"({comment_dates[0].evidence!r}), so published on or before it"
        )
    result["published_note"] = "; ".join(notes)
    return result


def describe_segmentation(text: str, seg: Segmentation, outlets: OutletRegistry | None) -> dict:
    """The described-article columns from a segmentation of ``text``."""
    body_lines = [line for line in seg.lines if line.label == BODY]
    body_spans = [(line.start, line.end) for line in body_lines]
    comment_spans = [(item[0].start, item[-1].end) for item in seg.comment_items]
    boilerplate = [line for line in seg.lines if line.label == BOILERPLATE]
    body = join_spans(text, body_spans)
    language = (seg.language or detect_language(body)) if body else ""
    outlet, outlet_evidence, url = _find_outlet(seg.lines, outlets)
    dates = _find_publication_date(seg, url, language)
    found_comments = len(seg.comment_items)
    if seg.declared_comments is not None:
        n_comments, n_source = seg.declared_comments, "declared"
    else:
        n_comments, n_source = found_comments, "counted"
    undetermined: list[str] = []
    if seg.title is None:
        undetermined.append("title: no title-like line before the first paragraph")
    if not body:
        undetermined.append("body: no line reads as article prose")
    if not language:
        undetermined.append("language: body too short to tell")
    if not outlet:
        if outlets is None:
            undetermined.append("outlet: no outlet registry loaded")
        elif url:
            undetermined.append(f"outlet: domain {domain_of(url)} is not in the outlet registry")
        else:
            undetermined.append("outlet: no URL, domain, source line or outlet hashtag in the text")
    if not url:
        undetermined.append("url: no URL in the text")
    if not dates["published"]:
        reason = "published: no date outside the body and the comments"
        if dates["published_note"]:
            reason = "published: only reader-comment dates in the text"
        undetermined.append(reason)
    if seg.declared_comments is not None and seg.declared_comments != found_comments:
        undetermined.append(
            f"comments: page declares {seg.declared_comments}, {found_comments} found in the text"
        )
    title = seg.title
    return {
        "title": title.text if title else "",
        "title_span": spans_json([(title.start, title.end)])[1:-1] if title else "",
        "body": body,
        "body_spans": spans_json(body_spans),
        "n_body_paragraphs": len(body_spans),
        "n_body_chars": len(body),
        "comments": join_spans(text, comment_spans),
        "comments_spans": spans_json(comment_spans),
        "n_comments": n_comments,
        "n_comments_source": n_source,
        "n_boilerplate_lines": len(boilerplate),
        "boilerplate": "\n".join(line.text for line in boilerplate),
        "language": language,
        "outlet": outlet,
        "outlet_evidence": outlet_evidence,
        "url": url,
        **dates,
        "undetermined": "; ".join(undetermined),
    }


def describe_article(record: dict, outlets: OutletRegistry | None) -> dict:
    """Describe one ingested article (a row of ``articles.csv`` with ``text``): new columns only."""
    text = record.get("text") or ""
    if not isinstance(text, str):
        text = ""
    return describe_segmentation(text, segment_text(text), outlets)


def _describe_text(text: str, page: str = "", outlets: OutletRegistry | None = None) -> dict:
    if isinstance(page, str) and page:  # webpage hook (issue 13): HTML pages use their extraction
        from helpers.webpage import describe_page
        return describe_page(text, page, outlets)
    return describe_article({"text": text}, outlets)


def describe_articles(articles: pd.DataFrame, outlets: OutletRegistry | None,
                      workers: int = 1, progress: bool | None = None) -> pd.DataFrame:
    """``articles`` with the described-article columns appended (same rows, same order).

    ``workers`` > 1 spreads articles over a process pool (results keep the table's order).
    """
    from tqdm.auto import tqdm

    if progress is None:
        progress = len(articles) > 300
    texts = articles["text"].tolist() if "text" in articles.columns else [""] * len(articles)
    pages = articles["page"].fillna("").tolist() if "page" in articles.columns else [""] * len(texts)  # webpage hook
    describe = partial(_describe_text, outlets=outlets)  # the registry travels once per chunk
    if workers > 1 and len(texts) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(describe, texts, pages, chunksize=64)
            described = list(tqdm(results, total=len(texts), disable=not progress, desc="clean", unit="article"))
    else:
        described = [describe(text, page) for text, page in  # webpage hook: page
                     tqdm(zip(texts, pages), total=len(texts), disable=not progress, desc="clean", unit="article")]
    extra = pd.DataFrame(described, columns=CLEAN_COLUMNS, index=articles.index)
    if len(articles) == 0:
        extra = pd.DataFrame(columns=CLEAN_COLUMNS)
    return pd.concat([articles, extra], axis=1)


def undetermined_table(described: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, field) that could not be determined, with the reason in words."""
    rows = []
    for source_path, reasons in zip(described["source_path"], described["undetermined"].fillna("")):
        for reason in filter(None, reasons.split("; ")):
            field_name, _, why = reason.partition(": ")
            rows.append({"source_path": source_path, "field": field_name, "reason": why})
    return pd.DataFrame(rows, columns=["source_path", "field", "reason"])


# --- evaluation against hand-labelled fixtures --------------------------------------------------

#: One-letter codes used in ``*.labelled.txt`` fixtures ("B|a body line").
LABEL_CODES = {TITLE: "T", BODY: "B", COMMENT: "C", BOILERPLATE: "X", BLANK: "-"}


def read_labelled_fixture(path) -> tuple[str, list[str]]:
    """(text, one code per line) from a fixture whose lines read ``CODE|original line``."""
    from pathlib import Path

    raw = Path(path).read_text(encoding="utf-8")
    rows = raw.split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    codes, lines = [], []
    for number, row in enumerate(rows, start=1):
        code, bar, line = row.partition("|")
        if not bar or code not in LABEL_CODES.values():
            raise ValueError(f"{path} line {number}: expected 'T|', 'B|', 'C|', 'X|' or '-|' prefix")
        if (code == "-") != (not line.strip()):
            raise ValueError(f"{path} line {number}: '-' is for blank lines only, and blank lines need '-'")
        codes.append(code)
        lines.append(line)
    return "\n".join(lines), codes


def predicted_codes(text: str) -> list[str]:
    """Our segmentation of ``text`` as one fixture code per line."""
    return [LABEL_CODES[line.label] for line in segment_text(text).lines for _ in range(line.n_raw_lines)]


# --- showing a segmentation -------------------------------------------------------------------

#: Okabe-Ito colours (colour-blind safe), light tints as backgrounds.
SEGMENT_COLOURS = {TITLE: "#E69F00", BODY: "#56B4E9", COMMENT: "#009E73", BOILERPLATE: "#CC79A7"}


class SegmentsView:
    """HTML view of a segmentation whose plain-text form is stable (for nbval)."""

    def __init__(self, html_text: str, plain: str) -> None:
        self._html, self._plain = html_text, plain

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return self._plain


def segment_table(text: str) -> pd.DataFrame:
    """One row per non-blank line: line number, label, reason, first characters."""
    seg = segment_text(text)
    rows = [{"line": l.line_number + 1, "segment": l.label, "reason": l.reason, "text": l.text[:60]}
            for l in seg.lines if l.label != BLANK]
    return pd.DataFrame(rows, columns=["line", "segment", "reason", "text"])


def render_segments_html(text: str) -> SegmentsView:
    """The raw text with each line coloured by its segment (title/body/comment/boilerplate)."""
    seg = segment_text(text)
    legend = " ".join(
        f'<span style="background:{colour}33;border-left:4px solid {colour};padding:0 4px">{name}</span>'
        for name, colour in SEGMENT_COLOURS.items()
    )
    rows = []
    for line in seg.lines:
        if line.label == BLANK:
            rows.append("<div>&nbsp;</div>")
            continue
        colour = SEGMENT_COLOURS[line.label]
        rows.append(
            f'<div title="{html.escape(line.reason)}" style="background:{colour}33;'
            f'border-left:4px solid {colour};padding-left:6px;white-space:pre-wrap">'
            f"{html.escape(text[line.start - line.indent:line.end])}</div>"
        )
    body = "\n".join(rows)
    page = f'<div style="font-family:sans-serif;font-size:0.85em">{legend}<hr>{body}</div>'
    counts = {label: sum(l.label == label for l in seg.lines) for label in SEGMENT_COLOURS}
    plain = "segmented text: " + ", ".join(f"{n} {label} lines" for label, n in counts.items())
    return SegmentsView(page, plain)
