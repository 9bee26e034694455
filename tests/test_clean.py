"""Tests for helpers.clean: segmentation per segment kind (FR/EN/DE), described articles."""

import json
from pathlib import Path

import pandas as pd
import pytest

from helpers.clean import (
    CLEAN_COLUMNS,
    body_to_text_offset,
    describe_article,
    describe_articles,
    predicted_codes,
    read_labelled_fixture,
    render_segments_html,
    segment_table,
    segment_text,
    undetermined_table,
)
from helpers.outlets import load_outlets
from helpers.paths import REGISTRY_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "segmentation"
LABELLED = sorted(FIXTURES.glob("*.labelled.txt"))

FR_PARAGRAPHS = [
    "Selon plusieurs médias américains, des émissaires officieux auraient rencontré des proches du Kremlin à Genève au printemps.",
    "La Maison Blanche dément avoir autorisé ces contacts. « Rien ne se fait sans Kiev », a déclaré un porte-parole.",
    "Le ministère russe des Affaires étrangères n’a pas souhaité commenter ces informations jeudi.",
]
EN_PARAGRAPHS = [
    "Former US officials met Russian counterparts in Geneva this spring, according to several people familiar with the talks.",
    "The White House said it had not authorised the contacts and that nothing would be decided without Kyiv.",
    "The Russian foreign ministry declined to comment on the reports on Thursday.",
]
DE_PARAGRAPHS = [
    "Ehemalige US-Beamte haben sich nach Medienberichten im Frühjahr in Genf mit Vertrauten des Kremls getroffen.",
    "Das Weiße Haus bestritt, die Kontakte genehmigt zu haben. Ohne Kiew werde nichts entschieden, hieß es.",
    "Das russische Außenministerium wollte die Berichte am Donnerstag nicht kommentieren.",
]


@pytest.fixture(scope="module")
def outlets():
    return load_outlets(REGISTRY_DIR / "outlets.csv")


def page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def labels_of(text: str) -> dict[str, str]:
    return {line.text: line.label for line in segment_text(text).lines if line.text}


# --- the hand-labelled fixtures ---------------------------------------------------------------

@pytest.mark.parametrize("path", LABELLED, ids=[p.name.split(".")[0] for p in LABELLED])
def test_labelled_fixture_is_segmented_as_labelled(path):
    text, expected = read_labelled_fixture(path)
    assert predicted_codes(text) == expected


def test_fixture_reader_rejects_unlabelled_lines(tmp_path):
    path = tmp_path / "bad.labelled.txt"
    path.write_text("B|fine line.\nno label here\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        read_labelled_fixture(path)


# --- title ------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "title, paragraphs",
    [
        ("Des émissaires américains auraient rencontré des proches du Kremlin", FR_PARAGRAPHS),
        ("Former US officials met Kremlin insiders in Geneva", EN_PARAGRAPHS),
        ("Ehemalige US-Beamte trafen Kreml-Vertraute in Genf", DE_PARAGRAPHS),
    ],
)
def test_title_once_and_repeats_dropped(title, paragraphs):
    text = page(title, title, *paragraphs)
    seg = segment_text(text)
    assert seg.title is not None and seg.title.text == title
    assert text[seg.title.start:seg.title.end] == title
    repeated = [l for l in seg.lines if l.text == title and l is not seg.title]
    assert [l.reason for l in repeated] == ["repeated title"]


def test_title_in_another_language_is_dropped_and_article_language_title_kept():
    text = page("Former US officials met Kremlin insiders in Geneva",
                "Des émissaires américains auraient rencontré des proches du Kremlin",
                *FR_PARAGRAPHS)
    labels = labels_of(text)
    assert labels["Des émissaires américains auraient rencontré des proches du Kremlin"] == "title"
    assert labels["Former US officials met Kremlin insiders in Geneva"] == "boilerplate"


def test_no_title_when_text_starts_with_a_paragraph(outlets):
    described = describe_article({"text": page(*FR_PARAGRAPHS)}, outlets)
    assert described["title"] == "" and described["title_span"] == ""
    assert "title: no title-like line" in described["undetermined"]


# --- body ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs", [FR_PARAGRAPHS, EN_PARAGRAPHS, DE_PARAGRAPHS])
def test_body_paragraphs_verbatim_with_spans(outlets, paragraphs):
    text = page("A headline about talks here", *paragraphs)
    described = describe_article({"text": text}, outlets)
    assert described["body"] == "\n\n".join(paragraphs)
    spans = json.loads(described["body_spans"])
    assert [text[s:e] for s, e in spans] == paragraphs
    assert described["n_body_paragraphs"] == 3


@pytest.mark.parametrize(
    "subheading, paragraphs",
    [("Ce que dit le Kremlin", FR_PARAGRAPHS), ("Reactions", EN_PARAGRAPHS),
     ("Kommentare aus Moskau", DE_PARAGRAPHS)],
)
def test_subheading_between_paragraphs_is_body(subheading, paragraphs):
    text = page("Some headline for the piece", paragraphs[0], subheading, *paragraphs[1:])
    assert labels_of(text)[subheading] == "body"
    assert segment_text(text).comment_items == []


def test_indented_and_unpunctuated_long_paragraph_is_body():
    long_line = " ".join(["mot"] * 40)
    assert labels_of(page("Titre de l’article ici", "   " + long_line, FR_PARAGRAPHS[0]))[long_line] == "body"


# --- boilerplate ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "line, reason",
    [
        ("Lire aussi : Le Kremlin dément tout contact", "related link"),
        ("Read more: Inside the back channel", "related link"),
        ("Mehr zum Thema", "related link"),
        ("Vous pourriez également être intéressé par :", "related link"),
        ("#Ukraine #Russie #diplomatie", "hashtag line"),
        ("1707865261", "unix timestamp"),
        ("42", "bare number"),
        ("Facebook", "share buttons"),
        ("Facebook | X | LinkedIn | Email", "share buttons"),
        ("Share this article", "share buttons"),
        ("Artikel teilen", "share buttons"),
        ("Partager", "share buttons"),
        ("https://www.example.com/a/b", "URL line"),
        ("Source: https://www.7sur7.be/", "URL line"),
        ("Source : AFP", "source line"),
        ("We use cookies to give you the best experience. Accept all", "cookie, subscription or advertising prompt"),
        ("Wir verwenden Cookies. Alle akzeptieren", "cookie, subscription or advertising prompt"),
        ("Abonnez-vous à notre newsletter.", "cookie, subscription or advertising prompt"),
        ("Foto: dpa", "photo credit or source"),
        ("(c) AFP", "copyright line"),
        ("Le ministre à Moscou. Sputnik/Alexey Nikolsky", "photo credit or source"),
        ("By Jane Doe", "byline"),
        ("Par Jean Dupont", "byline"),
        ("Von Anna Schmidt, Berlin", "byline"),
        ("Reporting by Guy Faulconbridge; Editing by Mark Trevelyan", "production credits"),
        ("Tags: Ukraine, Russia", "tags line"),
        ("© 2024 Example Media", "copyright line"),
        ("Accueil » International » Europe", "breadcrumb"),
        ("2024-02-14 00:44:00", "date line"),
        ("Veröffentlicht am 14.02.2024, 10:15 Uhr", "date line"),
    ],
)
def test_boilerplate_line_kinds(line, reason):
    text = page("Un titre pour cet article", FR_PARAGRAPHS[0], line, FR_PARAGRAPHS[1])
    found = [l for l in segment_text(text).lines if l.text == line]
    assert [(l.label, l.reason) for l in found] == [("boilerplate", reason)]


def test_related_link_list_after_bare_header_is_dropped_until_blank_line():
    text = page("Titre de l’article ici", FR_PARAGRAPHS[0],
                "À lire aussi :\nGuerre en Ukraine : le point\nLes sanctions en cinq questions",
                "Les réactions", FR_PARAGRAPHS[1])
    labels = labels_of(text)
    assert labels["Guerre en Ukraine : le point"] == "boilerplate"
    assert labels["Les sanctions en cinq questions"] == "boilerplate"
    assert labels["Les réactions"] == "body"


def test_headline_repeated_in_read_more_line_is_dropped():
    text = page("Titre de l’article ici", FR_PARAGRAPHS[0],
                "Erdogan critique l’Occident\nLire la suite Erdogan critique l’Occident, selon Ankara.",
                FR_PARAGRAPHS[1])
    assert labels_of(text)["Erdogan critique l’Occident"] == "boilerplate"


def test_glued_header_line_is_dropped():
    title, lead = "Un titre assez long pour cet article sur Ankara", "Moscou serait représenté par son espion."
    glued = title + lead + title
    text = page(glued, title, lead, *FR_PARAGRAPHS)
    assert labels_of(text)[glued] == "boilerplate"


# --- comments -------------------------------------------------------------------------------------

FR_THREAD = """12 COMMENTAIRES

  1. Jean
    Très bon article, merci.
  2. Marie
    Je ne suis pas d’accord.
    • Jean
      Pourquoi donc ?

Les commentaires sont fermés."""

EN_THREAD = """2 Comments

Tom Baker says:
July 6, 2023 at 6:02 pm
Talking is better than shooting.
Reply

Anna Lee says:
July 6, 2023 at 7:45 pm
This is a PR exercise.
Reply

Leave a Reply
Your email address will not be published."""

DE_THREAD = """Kommentare

Peter K. schreibt:
14.11.2022, 19:02 Uhr
Reden ist besser als schießen.
Antworten

Schreibe einen Kommentar
Du musst angemeldet sein, um einen Kommentar abzugeben."""


@pytest.mark.parametrize(
    "paragraphs, thread, n_items, n_comments, source, first_comment",
    [
        (FR_PARAGRAPHS, FR_THREAD, 3, 12, "declared", "1. Jean\n    Très bon article, merci."),
        (EN_PARAGRAPHS, EN_THREAD, 2, 2, "declared", "Tom Baker says:\nJuly 6, 2023 at 6:02 pm\nTalking is better than shooting."),
        (DE_PARAGRAPHS, DE_THREAD, 1, 1, "counted", "Peter K. schreibt:\n14.11.2022, 19:02 Uhr\nReden ist besser als schießen."),
    ],
)
def test_comment_threads(outlets, paragraphs, thread, n_items, n_comments, source, first_comment):
    text = page("A headline about the talks", *paragraphs, thread)
    seg = segment_text(text)
    assert len(seg.comment_items) == n_items
    described = describe_article({"text": text}, outlets)
    assert (described["n_comments"], described["n_comments_source"]) == (n_comments, source)
    assert described["comments"].split("\n\n")[0] == first_comment
    spans = json.loads(described["comments_spans"])
    assert "\n\n".join(text[s:e] for s, e in spans) == described["comments"]
    assert described["body"] == "\n\n".join(paragraphs)  # comments never leak into the body
    assert not any(word in described["comments"] for word in ("Reply", "Antworten", "fermés"))
    # Reader-comment dates are not publication dates.
    assert described["published"] == ""


def test_declared_count_differs_from_found_is_reported(outlets):
    described = describe_article({"text": page("A headline", *FR_PARAGRAPHS, FR_THREAD)}, outlets)
    assert "comments: page declares 12, 3 found in the text" in described["undetermined"]


def test_comment_form_before_items_is_boilerplate():
    text = page("Titre", *FR_PARAGRAPHS,
                "3 commentaires\ninformation\nCher lecteur, pour laisser des commentaires, vous devez autoriser.\n"
                "  1. 0\n    7 novembre 2022 12: 30\n    Premier commentaire.")
    labels = labels_of(text)
    assert labels["information"] == "boilerplate"
    assert labels["Cher lecteur, pour laisser des commentaires, vous devez autoriser."] == "boilerplate"
    assert labels["Premier commentaire."] == "comment"


def test_no_comments(outlets):
    described = describe_article({"text": page("Titre de l’article", *FR_PARAGRAPHS)}, outlets)
    assert (described["comments"], described["comments_spans"], described["n_comments"]) == ("", "[]", 0)


# --- language, outlet, date --------------------------------------------------------------------------

@pytest.mark.parametrize("paragraphs, language", [(FR_PARAGRAPHS, "fr"), (EN_PARAGRAPHS, "en"), (DE_PARAGRAPHS, "de")])
def test_language(outlets, paragraphs, language):
    assert describe_article({"text": page("Headline", *paragraphs)}, outlets)["language"] == language


def test_language_undetermined_without_body(outlets):
    described = describe_article({"text": "Facebook\nTwitter\n"}, outlets)
    assert described["language"] == "" and "language:" in described["undetermined"]


@pytest.mark.parametrize(
    "line, outlet, url",
    [
        ("https://www.rt.com/russia/566501-russia-us-secret-talks/", "RT",
         "https://www.rt.com/russia/566501-russia-us-secret-talks/"),
        ("Source: https://www.7sur7.be/", "7sur7", "https://www.7sur7.be/"),
        ("Quelle: https://www.spiegel.de/ausland/a-1.html", "Der Spiegel", "https://www.spiegel.de/ausland/a-1.html"),
        ("Source : Reuters", "Reuters", ""),
        ("#Geler #guerre #Ukraine #UNIAN", "UNIAN", ""),
    ],
)
def test_outlet_from_url_source_or_hashtag(outlets, line, outlet, url):
    described = describe_article({"text": page("Titre de l’article", *FR_PARAGRAPHS, line)}, outlets)
    assert (described["outlet"], described["url"]) == (outlet, url)


def test_outlet_never_guessed_from_cited_outlets(outlets):
    text = page("Selon Reuters et le New York Times, des contacts ont eu lieu", *FR_PARAGRAPHS,
                "#Reuters #contacts #Ukraine #Russie #secret")
    described = describe_article({"text": text}, outlets)
    assert described["outlet"] == ""
    assert "outlet: no URL, domain" in described["undetermined"]


def test_unknown_domain_is_not_guessed(outlets):
    described = describe_article({"text": page("Titre", *EN_PARAGRAPHS, "https://news.example.org/a")}, outlets)
    assert described["outlet"] == "" and described["url"] == "https://news.example.org/a"
    assert "domain news.example.org is not in the outlet registry" in described["undetermined"]


@pytest.mark.parametrize(
    "extra, paragraphs, published, precision, evidence",
    [
        ("2024-02-14 00:44:00", FR_PARAGRAPHS, "2024-02-14", "day", "2024-02-14 00:44:00"),
        ("Publié le 3 mars 2024 à 10h15", FR_PARAGRAPHS, "2024-03-03", "day", "3 mars 2024 à 10h15"),
        ("Published July 6, 2023", EN_PARAGRAPHS, "2023-07-06", "day", "July 6, 2023"),
        ("Updated 14 Feb 2024", EN_PARAGRAPHS, "2024-02-14", "day", "14 Feb 2024"),
        ("Veröffentlicht am 14. Februar 2024", DE_PARAGRAPHS, "2024-02-14", "day", "14. Februar 2024"),
        ("Stand: März 2024", DE_PARAGRAPHS, "2024-03", "month", "März 2024"),
        ("1690541794", FR_PARAGRAPHS, "2023-07-28", "day", "1690541794"),
        ("https://example.com/world/2024/02/14/talks/", EN_PARAGRAPHS, "2024-02-14", "day", "2024/02/14"),
    ],
)
def test_publication_date_forms(outlets, extra, paragraphs, published, precision, evidence):
    described = describe_article({"text": page("Headline of the piece", *paragraphs, extra)}, outlets)
    assert (described["published"], described["published_precision"], described["published_evidence"]) == (
        published, precision, evidence)


def test_written_date_and_unix_timestamp_relation(outlets):
    text = page("Titre", *FR_PARAGRAPHS, "2024-02-14 00:44:00\n1707865261")
    described = describe_article({"text": text}, outlets)
    assert described["published"] == "2024-02-14"
    assert "UTC+2" in described["published_note"] and "17 min after" in described["published_note"]


def test_dates_inside_body_are_not_publication_dates(outlets):
    paragraph = "Le 14 février 2024, les négociateurs se sont retrouvés à Genève pour une nouvelle série de discussions."
    described = describe_article({"text": page("Titre de l’article", paragraph, *FR_PARAGRAPHS)}, outlets)
    assert described["published"] == "" and described["published_precision"] == "unknown"
    assert "published: no date outside the body and the comments" in described["undetermined"]


def test_only_comment_dates_gives_upper_bound_note(outlets):
    text = page("Titre", *FR_PARAGRAPHS, "2 commentaires\n  1. 0\n    7 novembre 2022 12: 30\n    Bien vu.")
    described = describe_article({"text": text}, outlets)
    assert described["published"] == ""
    assert "first comment 2022-11-07" in described["published_note"]
    assert "published: only reader-comment dates" in described["undetermined"]


# --- offsets -------------------------------------------------------------------------------------------

def test_body_offsets_map_back_to_text(outlets):
    text, _ = read_labelled_fixture(FIXTURES / "sample_003.labelled.txt")
    described = describe_article({"text": text}, outlets)
    body, spans = described["body"], described["body_spans"]
    separators = set()
    position = 0
    for start, end in json.loads(spans)[:-1]:
        position += end - start
        separators.update({position, position + 1})
        position += 2
    for offset in range(len(body)):
        if offset in separators:
            with pytest.raises(ValueError, match="separator"):
                body_to_text_offset(spans, offset)
        else:
            assert text[body_to_text_offset(spans, offset)] == body[offset]
    quote = "Diplomatie 2.0"
    found = body.index(quote)
    mapped = body_to_text_offset(spans, found)
    assert text[mapped:mapped + len(quote)] == quote
    assert body_to_text_offset(spans, len(body)) == json.loads(spans)[-1][1]
    with pytest.raises(ValueError, match="past the end"):
        body_to_text_offset(spans, len(body) + 1)


# --- table level, rendering ------------------------------------------------------------------------------

def test_describe_articles_appends_columns_in_order(outlets):
    articles = pd.DataFrame({"article_id": ["b", "a"], "text": [page("Titre", *FR_PARAGRAPHS), ""]})
    described = describe_articles(articles, outlets)
    assert list(described.columns) == ["article_id", "text", *CLEAN_COLUMNS]
    assert list(described["article_id"]) == ["b", "a"]
    assert described.loc[1, "body"] == "" and "body:" in described.loc[1, "undetermined"]
    empty = describe_articles(articles.iloc[:0], outlets)
    assert list(empty.columns) == ["article_id", "text", *CLEAN_COLUMNS] and len(empty) == 0


def test_describe_is_deterministic(outlets):
    text, _ = read_labelled_fixture(FIXTURES / "sample_000.labelled.txt")
    assert describe_article({"text": text}, outlets) == describe_article({"text": text}, outlets)


def test_render_segments_html_escapes_and_has_stable_plain_repr():
    text = page("Titre <script>alert(1)</script> ici", *FR_PARAGRAPHS, "Facebook")
    view = render_segments_html(text)
    assert "<script>" not in view._repr_html_() and "&lt;script&gt;" in view._repr_html_()
    assert repr(view) == "segmented text: 1 title lines, 3 body lines, 0 comment lines, 1 boilerplate lines"
    table = segment_table(text)
    assert list(table["segment"]) == ["title", "body", "body", "body", "boilerplate"]


def test_undetermined_table_lists_one_row_per_field(outlets):
    articles = pd.DataFrame({"source_path": ["a.txt", "b.txt"],
                             "text": [page(*FR_PARAGRAPHS), page("Titre de l’article", *FR_PARAGRAPHS, "https://www.rt.com/a/2024/02/14/x")]})
    table = undetermined_table(describe_articles(articles, outlets))
    assert list(table.columns) == ["source_path", "field", "reason"]
    assert set(table[table["source_path"] == "a.txt"]["field"]) == {"title", "outlet", "url", "published"}
    assert table[table["source_path"] == "b.txt"].empty


def test_cli_ingest_writes_ingest_then_clean_columns(tmp_path):
    import subprocess
    import sys

    from helpers.ingest import ARTICLE_COLUMNS

    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "a.txt").write_text(page("Titre de l’article", *FR_PARAGRAPHS, "Source: https://www.7sur7.be/"), encoding="utf-8")
    out = tmp_path / "out"
    completed = subprocess.run([sys.executable, "-m", "helpers", "ingest", str(raw), str(out)],
                               capture_output=True, text=True, check=False)
    assert completed.returncode == 0, completed.stderr
    articles = pd.read_csv(out / "articles.csv", keep_default_na=False)
    assert list(articles.columns) == ARTICLE_COLUMNS + CLEAN_COLUMNS
    assert articles.loc[0, "outlet"] == "7sur7" and articles.loc[0, "title"] == "Titre de l’article"
    assert articles.loc[0, "outlet_domain"] == "7sur7.be"
    assert (out / "outlets_review.csv").is_file()  # empty here: 7sur7.be is registered
    bad = subprocess.run([sys.executable, "-m", "helpers", "ingest", str(raw), str(tmp_path / "o2"),
                          "--outlets", str(tmp_path / "missing.csv")], capture_output=True, text=True, check=False)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "missing.csv" in bad.stderr
    assert not (tmp_path / "o2").exists()


@pytest.mark.parametrize("badge", ["12 Comments", "Kommentare (3)", "Leave a comment"])
def test_comment_badge_near_the_top_does_not_swallow_the_article(outlets, badge):
    text = page("A headline about the talks", EN_PARAGRAPHS[0], badge, *EN_PARAGRAPHS[1:])
    described = describe_article({"text": text}, outlets)
    assert described["body"] == "\n\n".join(EN_PARAGRAPHS)
    assert labels_of(text)[badge] == "boilerplate"


def test_hard_wrapped_paragraphs_are_one_unit_each(outlets):
    text, _ = read_labelled_fixture(FIXTURES / "en_wrapped.labelled.txt")
    described = describe_article({"text": text}, outlets)
    paragraphs = described["body"].split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Former American officials") and paragraphs[0].endswith("grinds on.")
    assert "\n" in paragraphs[0]  # inner line breaks are kept verbatim
    spans = json.loads(described["body_spans"])
    assert [text[s:e] for s, e in spans] == paragraphs
    assert len(predicted_codes(text)) == text.count("\n") + 1


@pytest.mark.parametrize(
    "footer, outlet",
    [("© 2024 Le Monde. Tous droits réservés.", "Le Monde"),
     ("Copyright 2023 The Guardian", "The Guardian"),
     ("© Der Spiegel 2024 - Alle Rechte vorbehalten", "Der Spiegel"),
     ("(c) AFP", ""),  # a photo credit, not the article's signature
     ("© 2023 Daily Example Media. All rights reserved.", "")],
)
def test_outlet_from_copyright_signature(outlets, footer, outlet):
    described = describe_article({"text": page("Titre de l’article", *FR_PARAGRAPHS, footer)}, outlets)
    assert described["outlet"] == outlet


@pytest.mark.parametrize(
    "header, count",
    [('5 thoughts on "Secret talks in Ankara"', 5), ("One thought on “Secret talks”", 1),
     ("3 réflexions sur « Les pourparlers secrets »", 3), ("2 Gedanken zu „Geheime Gespräche“", 2)],
)
def test_wordpress_thread_headers(header, count):
    from helpers.clean import comments_header_count

    assert comments_header_count(header) == (True, count)


@pytest.mark.parametrize(
    "block, paragraphs",
    [("Video\nSelenskyj: \"Wir brauchen mehr Munition\"\n02:14 Min", DE_PARAGRAPHS),
     ("Vidéo\nCe que l’on sait des pourparlers\n3:20", FR_PARAGRAPHS),
     ("Was this article helpful?\nYes\nNo", EN_PARAGRAPHS)],
)
def test_media_and_feedback_blocks_between_paragraphs_are_dropped(outlets, block, paragraphs):
    text = page("A headline about the talks", paragraphs[0], block, *paragraphs[1:])
    described = describe_article({"text": text}, outlets)
    assert described["body"] == "\n\n".join(paragraphs)
    assert described["n_boilerplate_lines"] == 3


def test_label_line_introducing_boilerplate_is_dropped():
    text = page("Ein Titel für den Artikel", *DE_PARAGRAPHS,
                "Dieses Thema im Programm:\nTagesschau, 14. Februar 2024, 12:00 Uhr")
    assert labels_of(text)["Dieses Thema im Programm:"] == "boilerplate"


def test_declared_count_kept_when_thread_structure_is_not_recognised(outlets):
    text = page("Titre de l’article ici", *FR_PARAGRAPHS, "4 commentaires\nJean\nBien vu.")
    described = describe_article({"text": text}, outlets)
    assert (described["n_comments"], described["n_comments_source"]) == (4, "declared")
    assert "comments: page declares 4, 0 found in the text" in described["undetermined"]


@pytest.mark.parametrize(
    "paragraphs, thread, action",
    [(FR_PARAGRAPHS, ["Jean · il y a 2 ans\nBien vu.", "Claire · il y a 3 heures\nRien de nouveau."],
      "Répondre · 3"),
     (EN_PARAGRAPHS, ["Sam · 2 hours ago\nGood to hear.", "R. Alvarez · a few days ago\nOld news."],
      "Reply (12)"),
     (DE_PARAGRAPHS, ["Max Muster · vor 2 Stunden\nEndlich.", "Erika M. · vor einem Tag\nÄndert nichts."],
      "Antworten | Melden")],
)
def test_comment_threads_dated_relatively_with_button_bars(outlets, paragraphs, thread, action):
    """Threads whose items start with "name · relative time"; button bars with counts are furniture."""
    text = page("A headline about the secret talks", *paragraphs,
                "2 comments\n" + f"\n{action}\n".join(thread) + f"\n{action}")
    described = describe_article({"text": text}, outlets)
    assert described["body"] == "\n\n".join(paragraphs)
    assert described["comments"] == "\n\n".join(thread)
    assert action in described["boilerplate"].split("\n")


@pytest.mark.parametrize("link", ["Nach oben", "Back to top", "Retour en haut de page", "Skip to content"])
def test_navigation_links_are_boilerplate_in_article_and_thread(link):
    text = page("Ein Titel für den Artikel", DE_PARAGRAPHS[0], link, *DE_PARAGRAPHS[1:],
                "2 Kommentare\nHans W. schrieb am 08.11.2022 um 18:20 Uhr:\nGut so.\n" + link)
    labels = [(line.text, line.label, line.reason) for line in segment_text(text).lines if line.text == link]
    assert [(label, reason) for _, label, reason in labels] == [("boilerplate", "navigation link")] * 2


@pytest.mark.parametrize("bullet", ["-", "•", "*", "1."])
def test_bulleted_key_points_above_the_body_are_kept(outlets, bullet):
    points = [f"{bullet} Moscow signalled it was open to freezing the front line",
              f"{bullet} Washington refused to talk without Kyiv"]
    text = page("US rejected Russian ceasefire feelers, sources say", "Key points:\n" + "\n".join(points),
                *EN_PARAGRAPHS)
    described = describe_article({"text": text}, outlets)
    assert described["body"] == "\n\n".join(["Key points:", *points, *EN_PARAGRAPHS])


def test_short_bulleted_menu_is_not_body():
    text = page("US rejected Russian ceasefire feelers, sources say", "- Home\n- Politics\n- World",
                *EN_PARAGRAPHS)
    labels = labels_of(text)
    assert {labels[item] for item in ("- Home", "- Politics", "- World")} == {"boilerplate"}


def test_describe_articles_on_two_workers_matches_one(outlets):
    texts = [read_labelled_fixture(path)[0] for path in LABELLED[:4]]
    articles = pd.DataFrame({"article_id": [str(i) for i in range(len(texts))], "text": texts})
    pd.testing.assert_frame_equal(describe_articles(articles, outlets, workers=2),
                                  describe_articles(articles, outlets))


def test_copyright_holder_followed_by_legal_words_names_the_outlet():
    from helpers.outlets import load_outlets
    from helpers.paths import REGISTRY_DIR

    text = ("Talks in Oman\n\nOfficials reportedly met in Muscat last month to discuss an exchange, "
            "according to three people familiar with the talks.\n\n"
            "© 2024 Guardian News & Media Limited or its affiliated companies. All rights reserved.\n")
    described = describe_article({"article_id": "x", "text": text}, load_outlets(REGISTRY_DIR / "outlets.csv"))
    assert described["outlet"] == "The Guardian"


# --- speed-ups that must not change results ------------------------------------------------------

def test_phrase_set_finds_exactly_the_phrases():
    """The Aho-Corasick phrase set answers like one substring test per phrase."""
    from helpers.segment import CREDIT_HINTS, COMMENT_FORM_PHRASES, COOKIE_NEWSLETTER_AD_PHRASES, PhraseSet

    for phrases in (COMMENT_FORM_PHRASES + COOKIE_NEWSLETTER_AD_PHRASES, CREDIT_HINTS):
        phrase_set = PhraseSet(phrases)
        probes = [*phrases, *(f"xx {p} yy" for p in phrases), *(p[:-1] for p in phrases),
                  *(p[1:] for p in phrases), "cookies", "min rea", "log ou", "", "le président a dit",
                  "déconnexion réussie", "photo : afp", "straße 2024 © ß"]
        for probe in probes:
            assert phrase_set.search(probe) == any(p in probe for p in phrases), probe


def test_end_punctuation_checks_answer_like_the_end_anchored_patterns():
    """``ends_sentence``/``ends_full_stop`` trim closers instead of searching: same answers."""
    import random
    import re

    from helpers.clean import ends_full_stop, ends_sentence

    # closers include German ones: „…“, ‚…‘ and »…«
    sentence_end = re.compile(r"[.!?…:;]['’\"”»)\]“‘«›\s]*$")
    full_stop_end = re.compile(r"[.…:;]['’\"”»)\]“‘«›\s]*$")
    alphabet = "ab .!?…:;'’\"”»)] \u00a0\u3000\n\t«(“‘›"
    rng = random.Random(0)
    probes = ["", "Er sagte: »Es ist vorbei.«", "Who knows?", "Titre sans point", "Fin ;  "]
    probes += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(8))) for _ in range(20000)]
    for probe in probes:
        assert ends_sentence(probe) == bool(sentence_end.search(probe)), repr(probe)
        assert ends_full_stop(probe) == bool(full_stop_end.search(probe)), repr(probe)


def test_bare_number_check_answers_like_the_pattern():
    import random
    import re

    from helpers.clean import is_bare_number

    pattern = re.compile(r"^[+-]?\d{1,12}$")
    alphabet = "0123456789+- a.\u0663\u0967\uff11"  # with Arabic-Indic, Devanagari, full-width digits
    rng = random.Random(0)
    probes = ["", "+", "-", "1707871440", "+33", "-3", "1234567890123", "12 34", "1.5"]
    probes += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(15))) for _ in range(20000)]
    for probe in probes:
        assert is_bare_number(probe) == bool(pattern.match(probe)), repr(probe)


@pytest.mark.parametrize(
    "line, reason",
    [("A version of this article appears in print on Feb. 15, 2024, Section A, Page 8 of the New York "
      "edition with the headline: A Quiet Channel Survives.", "print-edition note"),
     ("Cet article est paru dans l’édition du 15 février 2024.", "print-edition note"),
     ("Dieser Artikel erschien zuerst in der Printausgabe.", "print-edition note"),
     ("Updated 5:12 p.m. ET", "date line"),
     ("Aktualisiert 09:40 Uhr", "date line"),
     ("Mis à jour à 9h30", "date line"),
     ("Fehler gefunden? Jetzt melden.", "cookie, subscription or advertising prompt"),
     ("Share full article", "share buttons")],
)
def test_more_boilerplate_between_paragraphs(line, reason):
    text = page("A headline about the secret talks", EN_PARAGRAPHS[0], line, *EN_PARAGRAPHS[1:])
    found = [(l.label, l.reason) for l in segment_text(text).lines if l.text == line]
    assert found == [("boilerplate", reason)]


def test_name_and_place_next_to_a_date_line_is_a_byline():
    text = page("Geheimkanal nach Moskau: Was Washington bespricht", DE_PARAGRAPHS[0],
                "Thomas Berger, Washington\nPubliziert: 14.02.2024, 06:00", *DE_PARAGRAPHS[1:])
    assert labels_of(text)["Thomas Berger, Washington"] == "boilerplate"


def test_name_and_place_without_a_date_nearby_is_left_to_the_other_rules():
    text = page("Geheimkanal nach Moskau: Was Washington bespricht", DE_PARAGRAPHS[0],
                "Kiew, Moskau und Washington", *DE_PARAGRAPHS[1:])
    assert labels_of(text)["Kiew, Moskau und Washington"] == "body"  # a sub-heading


@pytest.mark.parametrize(
    "paragraphs, header, items",
    [(EN_PARAGRAPHS, "328 Comments", [("Sam from Ohio", "Feb. 14", "Talking is better."),
                                      ("R. Alvarez", "Feb. 15", "Nothing new here.")]),
     (DE_PARAGRAPHS, "3 Kommentare", [("Max Muster", "vor 2 Stunden", "Endlich."),
                                      ("Erika M.", "vor 3 Stunden", "Das ändert nichts.")]),
     (FR_PARAGRAPHS, "5 réactions", [("Marc Tremblay", "il y a 3 heures", "On se parle."),
                                     ("Sophie L.", "14 févr.", "Rien de neuf.")])],
)
def test_comment_author_on_its_own_line_above_the_date_belongs_to_the_comment(outlets, paragraphs,
                                                                              header, items):
    thread = "\n".join("\n".join(item) + "\nReply" for item in items)
    text = page("A headline about the secret talks", *paragraphs, f"{header}\n{thread}")
    described = describe_article({"text": text}, outlets)
    assert described["comments"] == "\n\n".join("\n".join(item) for item in items)
    assert described["body"] == "\n\n".join(paragraphs)
