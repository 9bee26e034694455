"""Plain-text segmentation of whole web pages (issue 13): the rules that tell a page's article
from its menus, teaser lists and footers once the page has been turned into text.

Each test is a small hand-written page in French, English or German (with furniture lines in
Spanish, Portuguese, Italian or Polish for those lexicons); it asserts what the rule does and that
the article's own lines stay body.
"""

from __future__ import annotations

import pytest

from helpers.segment import ARTICLE_TEXT, BODY, BOILERPLATE, segment_text

FR = [
    "Selon plusieurs médias américains, des émissaires officieux auraient rencontré des proches du "
    "Kremlin à Genève au printemps, sans mandat officiel de Washington ni de Kiev.",
    "La Maison Blanche dément avoir autorisé ces contacts. « Rien ne se fait sans Kiev », a déclaré "
    "un porte-parole jeudi soir devant la presse réunie à Washington.",
    "Le ministère russe des Affaires étrangères n’a pas souhaité commenter ces informations, "
    "publiées mercredi par plusieurs journaux américains et reprises à Moscou.",
]
EN = [
    "Former US officials met Russian counterparts in Geneva this spring, according to several "
    "people familiar with the talks who asked not to be named.",
    "The White House said it had not authorised the contacts and that nothing would be decided "
    "without Kyiv, a spokesman told reporters on Thursday evening.",
    "The Russian foreign ministry declined to comment on the reports, which were first published "
    "by several American newspapers on Wednesday.",
]
DE = [
    "Ehemalige US-Beamte haben sich nach Medienberichten im Frühjahr in Genf mit Vertrauten des "
    "Kremls getroffen, ohne Auftrag aus Washington oder Kiew.",
    "Das Weiße Haus bestritt, die Kontakte genehmigt zu haben. Ohne Kiew werde nichts entschieden, "
    "sagte ein Sprecher am Donnerstagabend vor Journalisten.",
    "Das russische Außenministerium wollte die Berichte, die zuerst in amerikanischen Zeitungen "
    "erschienen waren, am Donnerstag nicht kommentieren.",
]


def page(*blocks: str) -> str:
    """A page as html_to_text gives it: one block per line, blocks separated by a blank line."""
    return "\n\n".join(blocks) + "\n"


def labelled(text: str) -> dict[str, tuple[str, str]]:
    """Each line's (label, reason), by its text (the last occurrence wins)."""
    return {line.text: (line.label, line.reason) for line in segment_text(text).lines if line.text}


@pytest.mark.parametrize("menu, paragraphs", [
    (["Politique", "International", "Économie"], FR),
    (["Politics", "World", "Business"], EN),
    (["Politik", "Ausland", "Wirtschaft"], DE),
])
def test_menu_items_repeated_on_the_page_are_boilerplate(menu, paragraphs):
    # the same section labels stand above and between the paragraphs (a desktop and a mobile
    # menu, a label on each teaser): between two paragraphs they would pass for sub-headings
    text = page("A headline about secret talks in Geneva", paragraphs[0], menu[0], paragraphs[1],
                menu[1], paragraphs[2], *menu)
    labels = labelled(text)
    for item in menu[:2]:
        assert labels[item] == (BOILERPLATE, "line repeated on the page")
    assert labels[menu[2]][0] == BOILERPLATE
    assert all(labels[p][0] == BODY for p in paragraphs)


def test_sub_heading_printed_once_stays_body():
    text = page("A headline about secret talks in Geneva", EN[0], "What the Kremlin says", EN[1], EN[2])
    assert labelled(text)["What the Kremlin says"] == (BODY, "sub-heading between paragraphs")


@pytest.mark.parametrize("paragraphs, teasers", [
    (FR, ["Le Premier ministre en visite à Lyon ce week-end, entouré de ses ministres et des élus.",
          "Grève dans les transports : le trafic sera très perturbé lundi dans toute la région."]),
    (EN, ["The mayor visits the new harbour this weekend, surrounded by councillors and staff.",
          "Rail strike: services will be badly disrupted on Monday across the whole region."]),
    (DE, ["Der Bürgermeister besucht am Wochenende den neuen Hafen mit Stadträten und Gästen.",
          "Bahnstreik: Am Montag fallen in der ganzen Region viele Verbindungen aus, sagt die Bahn."]),
])
def test_teaser_list_after_the_article_is_boilerplate(paragraphs, teasers):
    # after the article: a block of teaser headlines with one-sentence summaries, cut off from
    # it by share buttons and menu lines; the teasers read as prose but weigh far less than
    # the article
    menu = ["Share this article", "Facebook", "Twitter", "Email", "Newsletter", "Newsroom", "Contact",
            "Imprint", "Jobs", "Archive", "Most popular"]
    heads = ["Visit to the harbour", "Transport strike on Monday"]
    text = page("A headline about secret talks in Geneva", *paragraphs, *menu,
                heads[0], teasers[0], heads[1], teasers[1])
    labels = labelled(text)
    assert all(labels[p][0] == BODY for p in paragraphs)
    assert all(labels[t][0] == BOILERPLATE for t in teasers + heads)


def test_article_text_resuming_after_a_table_stays_body():
    # a table turned into text (one cell a line) splits the article into two blocks; the
    # second is nearly as strong as the first, so it is the article's too
    cells = ["Year", "Votes", "2019", "41", "2020", "37", "2021", "45", "2022", "52"]
    text = page("A headline about secret talks in Geneva", EN[0], EN[1], *cells, EN[2], EN[0].replace("spring", "autumn"))
    labels = labelled(text)
    assert labels[EN[2]][0] == BODY


@pytest.mark.parametrize("headline, paragraphs", [
    ("Les émissaires américains et russes se sont vus à Genève", FR),
    ("US and Russian envoys met quietly in Geneva this spring", EN),
    ("US-Gesandte trafen sich im Frühjahr heimlich in Genf", DE),
])
def test_headline_right_above_the_article_is_body_when_the_title_is_a_menu_item(headline, paragraphs):
    # the first title-like line of the page is a menu entry; the real headline sits right
    # above the article's first paragraph
    text = page("Home News", "World Politics", "Sports Culture", "Weather Maps", headline, *paragraphs)
    labels = labelled(text)
    assert labels[headline] == (BODY, "heading above the article's main block")


def test_lines_between_the_title_and_the_article_are_not_taken_as_its_headline():
    text = page("US and Russian envoys met quietly in Geneva", "Filed in Europe and Russia pages", *EN)
    labels = labelled(text)
    assert labels["US and Russian envoys met quietly in Geneva"][0] == "title"
    assert labels["Filed in Europe and Russia pages"][1] != "heading above the article's main block"


@pytest.mark.parametrize("line", [
    "Get the best stories delivered to your inbox every morning.",
    "We may earn a commission when you buy through links on our site.",
    "Aktuelle Stories und die wichtigsten News direkt in dein Postfach!",
    "Kostenlos registrieren und weiterlesen",
    "Recevez nos meilleurs articles directement dans votre boîte mail.",
    "© 2024 Le Journal. Tous droits réservés.",
    "Les opinions exprimées dans les blogs n’engagent que leurs auteurs.",
    "Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.",
    "The views expressed in this column are the author's own.",
    "Mit unserem Newsletter nichts mehr verpassen!",
    "Ne ratez plus aucune info : cliquez ici pour recevoir nos alertes.",
    "Click here to get our daily briefing.",
    "Get our morning newsletter by email and never miss our top stories",
    "Remportez un séjour pour deux à Genève",
])
def test_newsletter_affiliate_and_legal_prompts_are_boilerplate(line):
    text = page("A headline about secret talks in Geneva", *EN[:2], line, EN[2])
    assert labelled(text)[line][0] == BOILERPLATE


@pytest.mark.parametrize("header, links", [
    ("Meistgelesen", ["Streit um die Rente geht weiter", "Neuer Trainer für den Club"]),
    ("Related posts", ["Ceasefire talks stall again", "Envoy leaves for Ankara"]),
    ("Pour approfondir", ["Le cessez-le-feu en question", "L'émissaire repart à Ankara"]),
    ("Mehr zu Genf", ["Streit um die Rente geht weiter", "Neuer Trainer für den Club"]),
])
def test_related_list_headers_take_their_links_out(header, links):
    text = page("A headline about secret talks in Geneva", EN[0], header, *links, EN[1], EN[2])
    labels = labelled(text)
    assert labels[header] == (BOILERPLATE, "related link")
    assert all(labels[link][0] == BOILERPLATE for link in links)


@pytest.mark.parametrize("line", ["Markiert mit: Genf, Kreml", "Filed under: Europe, Russia", "Étiquettes : Genève, Kremlin",
                                  "Veröffentlicht in: Politik, Ausland", "Posted in: World", "Publié dans : International",
                                  "MARKIERT MIT", "Tags"])
def test_tag_lines_are_boilerplate(line):
    text = page("A headline about secret talks in Geneva", *EN, line)
    assert labelled(text)[line] == (BOILERPLATE, "tags line")


def test_truncated_last_paragraph_stays_body_after_the_block_rules():
    cut = ("The talks were expected to resume in Muscat next month, according to two diplomats "
           "who said the agenda would include a possible exchange of")
    text = page("A headline about secret talks in Geneva", *EN, cut, "© 2024 Example News", "Share")
    assert labelled(text)[cut] == (BODY, "last paragraph cut mid-sentence")


@pytest.mark.parametrize("line", [
    "Startseite»People»Real Life»Horror-Fund",
    "Freitag | 14. Juni 2019 | 15:49 von Sina Giebel | Fashion | 0 Kommentare",
    "Politique · International · Économie · Culture",
])
def test_lines_of_short_separated_items_are_menus(line):
    text = page("A headline about secret talks in Geneva", line, *FR)
    assert labelled(text)[line][0] == BOILERPLATE


def test_a_sentence_with_one_separator_is_not_a_menu():
    line = "Update | Deceased crash victims identified by the police in Clarendon on Monday"
    text = page(line, *EN)
    assert labelled(text)[line][0] == "title"


@pytest.mark.parametrize("badge", ["0 Kommentare", "0 comments", "0 commentaire"])
def test_a_zero_comments_badge_does_not_open_a_comment_zone(badge):
    text = page("A headline about secret talks in Geneva", EN[0], badge, "Share", EN[1], EN[2])
    labels = labelled(text)
    assert all(labels[p][0] == BODY for p in EN)
    assert labels[badge][0] == BOILERPLATE


LONG_EN = " ".join([EN[0], EN[1]])  # one full paragraph of 49 words


@pytest.mark.parametrize("heading", ["Ein Blick in die Region", "The latest news from our Washington bureau", "Nos autres dossiers du moment"])
def test_heading_after_the_last_full_paragraph_past_furniture_is_boilerplate(heading):
    text = page("A headline about secret talks in Geneva", LONG_EN, EN[2], "Share this article",
                heading, "Ceasefire talks stall again in Geneva as the envoys of both sides leave for "
                "Ankara on Monday, officials said.")
    labels = labelled(text)
    assert labels[heading] == (BOILERPLATE, "heading after the article's end")
    assert labels[LONG_EN][0] == BODY and labels[EN[2]][0] == BODY


def test_sub_heading_before_the_last_full_paragraph_stays_body():
    text = page("A headline about secret talks in Geneva", EN[0], "Advertisement", "What the Kremlin says", LONG_EN)
    assert labelled(text)["What the Kremlin says"] == (BODY, "sub-heading between paragraphs")


@pytest.mark.parametrize("link", ["Direkt zum Inhalt", "Skip navigation", "Aller au menu"])
def test_skip_links_are_never_the_title(link):
    title = "US and Russian envoys met quietly in Geneva this spring"
    text = page(link, title, *EN)
    labels = labelled(text)
    assert labels[link] == (BOILERPLATE, "navigation link")
    assert labels[title][0] == "title"


@pytest.mark.parametrize("sentence", [
    "Twitter said the account had violated its terms of service and its privacy policy.",
    "Er rief die Leser auf: Diskutieren Sie mit Freunden und Nachbarn über die Lage in Genf.",
    "La plateforme a modifié sa politique de confidentialité et ses conditions générales.",
])
def test_article_sentences_naming_legal_pages_stay_body(sentence):
    # legal-page names are page furniture as menu items, not inside an article's sentence
    text = page("A headline about secret talks in Geneva", EN[0], sentence, EN[1], EN[2])
    assert labelled(text)[sentence][0] == BODY


def test_headline_printed_twice_is_still_the_article_headline_above_its_text():
    # the breadcrumb repeats the headline; the copy right above the text is the article's
    headline = "US and Russian envoys met quietly in Geneva this spring"
    text = page("Elections 2024: all our coverage and analysis", "Share", headline, "Weather Maps",
                "Local Traffic", "Newsletter", headline, *EN)
    lines = [line for line in segment_text(text).lines if line.text == headline]
    assert [line.label for line in lines] == [BOILERPLATE, BODY]


@pytest.mark.parametrize("headline, byline, date, paragraphs", [
    ("Les émissaires américains et russes se sont vus à Genève", "Par Claire Martin", "12 mars 2024", FR),
    ("US and Russian envoys met quietly in Geneva this spring", "By Jane Doe", "March 12, 2024", EN),
    ("US-Gesandte trafen sich im Frühjahr heimlich in Genf", "Von Thomas Berger", "12.03.2024", DE),
])
def test_headline_above_a_byline_and_a_date_line_is_body(headline, byline, date, paragraphs):
    # the title taken is a menu item; the real headline is separated from the text by the
    # byline, the date line and a share button, which stay boilerplate
    text = page("Home News", "World Politics", "Sports Culture", "Weather Maps", headline,
                byline, date, "Share", *paragraphs)
    labels = labelled(text)
    assert labels[headline] == (BODY, "heading above the article's main block")
    assert labels[byline][0] == labels[date][0] == BOILERPLATE


@pytest.mark.parametrize("paragraphs, wrapped", [
    (FR, ["Le porte-parole a ensuite expliqué que les contacts avaient", "eu lieu dans un hôtel de la vieille ville à plusieurs",
          "reprises entre avril et juin, sans aucun témoin et sans", "que les ambassades en soient informées, a-t-il ajouté, alors",
          "que les responsables à Moscou disaient ne rien savoir de", "ces rencontres et refusaient de commenter des articles",
          "sur des entretiens qui selon eux n’ont jamais eu lieu à Genève", "ni ailleurs ce printemps-là, une ligne répétée par",
          "le ministère des Affaires étrangères vendredi dans un communiqué"]),
    (EN, ["The spokesman then explained that the contacts had taken", "place in a hotel of the old town on several occasions",
          "between April and June, without any witness and without", "the embassies being told about it, he added, while",
          "officials in Moscow said they knew nothing of the meetings", "and would not comment on reports in foreign papers",
          "about talks that in their view never took place in Geneva", "or anywhere else that spring, a line repeated by",
          "the foreign ministry on Friday in a short statement"]),
    (DE, ["Der Sprecher erklärte danach, dass die Kontakte mehrfach", "zwischen April und Juni in einem Hotel der Altstadt",
          "stattgefunden hätten, ohne jeden Zeugen und ohne dass", "die Botschaften davon wussten, während die Beamten",
          "in Moskau erklärten, sie wüssten nichts von den Treffen", "und wollten Berichte in ausländischen Zeitungen nicht",
          "kommentieren, über Gespräche, die es ihrer Ansicht nach", "weder in Genf noch anderswo gegeben habe, wie das",
          "russische Außenministerium am Freitag in einer Erklärung mitteilte"]),
])
def test_hard_wrapped_sentence_lines_stay_in_the_main_block(paragraphs, wrapped):
    # a paragraph hard-wrapped at ~60 columns, one line a block (a <pre> or <br> text): the
    # lines going on in lower case continue a sentence, they do not break the article's main
    # block as a run of sub-headings would, so the block runs on to the paragraph after them
    text = page("A headline about secret talks in Geneva", paragraphs[0] + " " + paragraphs[1],
                *wrapped, paragraphs[2])
    labels = labelled(text)
    assert all(labels[line][0] == BODY for line in wrapped + [paragraphs[2]])


@pytest.mark.parametrize("line", [
    "Follow the Daily Courier on Twitter and Instagram for the latest updates from the region.",
    "Please understand that comments are moderated and it is not always possible to publish them all.",
    "Folgen Sie unserer Redaktion auf Facebook, um keine Nachricht aus der Region zu verpassen.",
    "Wenn Sie inhaltliche Anmerkungen zu diesem Artikel haben, können Sie die Redaktion per E-Mail informieren.",
    "Zurück zur Übersicht",
    "Suivez notre rédaction sur Twitter pour ne rien manquer de l'actualité internationale.",
    "Vous avez lu 1 des 4 articles gratuits ce mois-ci.",
    "Haben Sie Fragen oder Anregungen zu einem Beitrag? Wir freuen uns auf Ihre Nachricht.",
    "Thanks for reading! Our reporting is free for everyone, and we rely on readers like you to keep it that way.",
    "Retrouvez toute l'actualité de la diplomatie européenne dans notre lettre quotidienne, chaque matin.",
])
def test_reader_prompts_of_any_length_are_boilerplate(line):
    # a prompt to the reader is furniture even when it is as long as a paragraph
    text = page("A headline about secret talks in Geneva", *EN[:2], line, EN[2])
    labels = labelled(text)
    assert labels[line][0] == BOILERPLATE
    assert all(labels[paragraph][0] == BODY for paragraph in EN)


@pytest.mark.parametrize("sentence", [
    "Follow-up talks on the prisoner exchange are expected in Muscat, two diplomats said on Friday.",
    "Folgen hatte das Treffen in Genf bislang keine, sagte ein Sprecher des Außenministeriums.",
    "Suivez la piste de l'argent, conseillait déjà le juge en charge de l'enquête à Genève.",
    # ... or like an entry of the es, en and pl lexicons
    "Más de trescientos diplomáticos asistieron a la reunión de Ginebra, según fuentes oficiales.",
    "Lea Michele told reporters in Geneva that the talks had been going on for months.",
    "Zobacz, jak wyglądały rozmowy w Genewie: delegacje spotkały się trzy razy w ciągu tygodnia.",
])
def test_sentences_starting_like_a_reader_prompt_stay_body(sentence):
    text = page("A headline about secret talks in Geneva", EN[0], sentence, EN[1], EN[2])
    assert labelled(text)[sentence][0] == BODY


@pytest.mark.parametrize("bio", [
    "Jane Doe writes about foreign policy and national security from Washington, where she has lived since 2010.",
    "Erika Mustermann ist freie Journalistin und berichtet seit zehn Jahren aus Osteuropa und dem Kaukasus.",
    "Marie Dupont est journaliste indépendante et couvre depuis dix ans l'Europe de l'Est et le Caucase.",
])
def test_author_biography_after_the_article_is_boilerplate(bio):
    text = page("A headline about secret talks in Geneva", *EN, bio)
    labels = labelled(text)
    assert labels[bio] == (BOILERPLATE, "author's biography")
    assert all(labels[paragraph][0] == BODY for paragraph in EN)


@pytest.mark.parametrize("sentence", [
    "The ministry is a reporter of last resort for the talks, diplomats joked on Friday in Geneva.",
    "Die Stadt ist ein Journalisten-Treffpunkt geworden, seit die Gespräche in Genf begonnen haben.",
    "La France est une correspondante discrète de Moscou dans ce dossier, selon un diplomate.",
])
def test_sentences_that_are_no_person_s_biography_stay_body(sentence):
    # the biography rule wants a person's name first, not an article or a common noun
    text = page("A headline about secret talks in Geneva", EN[0], sentence, EN[1], EN[2])
    assert labelled(text)[sentence][0] == BODY


def labels_between_paragraphs(line: str) -> dict:
    """Labels of an English page with ``line`` between its second and third paragraphs."""
    return labelled(page("A headline about secret talks in Geneva", EN[0], EN[1], line, EN[2]))


@pytest.mark.parametrize("prompt", ["Diskutieren Sie mit", "Leave a comment", "Laisser un commentaire"])
def test_comments_prompt_no_thread_follows_is_boilerplate(prompt):
    # no thread follows, so it opens no comment zone; it is still the comment form's label
    labels = labels_between_paragraphs(prompt)
    assert labels[prompt][0] == BOILERPLATE
    assert all(labels[paragraph][0] == BODY for paragraph in EN)


@pytest.mark.parametrize("heading", ["SCHWERPUNKTE DER REDAKTION", "NOS AUTRES DOSSIERS", "MORE FROM THE NEWSROOM"])
def test_all_capitals_line_between_paragraphs_is_not_a_sub_heading(heading):
    labels = labels_between_paragraphs(heading)
    assert labels[heading][0] == BOILERPLATE
    assert all(labels[paragraph][0] == BODY for paragraph in EN)


@pytest.mark.parametrize("heading", ["Talks resume in Muscat", "BACKGROUND:", "ROUND 3"])
def test_sub_headings_in_mixed_case_or_with_a_colon_or_a_number_stay_body(heading):
    assert labels_between_paragraphs(heading)[heading] == (BODY, "sub-heading between paragraphs")


@pytest.mark.parametrize("line", ["Ceasefire talks stall again | World News", "Hector Andrade | Agencia UNO"])
def test_short_line_with_a_bar_between_paragraphs_is_not_a_sub_heading(line):
    # a teaser or page title with its site after " | ", or a caption's credit
    labels = labels_between_paragraphs(line)
    assert labels[line][0] == BOILERPLATE
    assert all(labels[paragraph][0] == BODY for paragraph in EN)


@pytest.mark.parametrize("credit", ["(Foto: Tony Silva/Agentur)", "[Photo: Jane Doe/Reuters]", "(Crédit photo : AFP)"])
def test_credit_in_brackets_on_its_own_line_is_a_credit(credit):
    assert labels_between_paragraphs(credit)[credit] == (BOILERPLATE, "photo credit or source")


@pytest.mark.parametrize("line, reason", [
    ("Bildquelle: Peter Muster", "photo credit or source"),
    ("Featured image: Jane Doe via Unsplash", "photo credit or source"),
    ("Lesetipp", "related link"),
    ("Editor's picks", "related link"),
    ("Anzeige: Mehr lesen mit dem Digital-Abo", "reader prompt"),
])
def test_credits_reading_tips_and_advertising_labels(line, reason):
    assert labels_between_paragraphs(line)[line] == (BOILERPLATE, reason)


@pytest.mark.parametrize("crumb", ["Startseite>Politik>Geheime Gespräche in Genf: Was bisher bekannt ist",
                                   "You are here: Home / World", "Vous êtes ici : Accueil"])
def test_breadcrumb_known_by_its_first_item_is_never_the_title(crumb):
    title = "US and Russian envoys met quietly in Geneva"
    text = page(crumb, title, *EN)
    labels = labelled(text)
    assert labels[crumb][0] == BOILERPLATE
    assert labels[title][0] == "title"


@pytest.mark.parametrize("headline, standfirst, teaser, paragraphs", [
    ("Des émissaires américains et russes à Genève", "Les émissaires américains et russes se sont vus trois fois à Genève sans en informer Kiev",
     "Grève dans les transports : le trafic sera très perturbé lundi dans toute la région parisienne",
     FR),
    ("Secret talks between envoys in Geneva", "US and Russian envoys met three times in Geneva this spring without telling anyone in Kyiv",
     "Rail strike: services will be badly disrupted on Monday across the whole of the southern region",
     EN),
    ("Geheime Gespräche der Gesandten in Genf", "US-Gesandte trafen sich im Frühjahr dreimal heimlich in Genf, ohne Kiew davon zu unterrichten",
     "Bahnstreik: Am Montag fallen in der ganzen Region viele Verbindungen aus, auch im Fernverkehr",
     DE),
])
def test_long_line_above_the_main_block_is_body_and_after_it_boilerplate(headline, standfirst, teaser, paragraphs):
    # the standfirst is cut off from the text by a player's controls; no menu item is that long.
    # The same kind of line after the article, past its furniture, is another article's teaser.
    text = page(headline, "Home", "World", "Politics", standfirst,
                "Play", "1x", "1.5x", "2x", "Share",
                *paragraphs, "Share", "Newsletter", "More news", teaser, "Imprint")
    labels = labelled(text)
    assert labels[standfirst] == (BODY, "long line above the article's main block")
    assert labels[teaser][0] == BOILERPLATE
    assert all(labels[p][0] == BODY for p in paragraphs)
    assert labels["World"][0] == labels["1x"][0] == BOILERPLATE


@pytest.mark.parametrize("tagline, headline, menu, paragraphs", [
    ("Le blog des passionnés de voile", "Des émissaires américains et russes se sont vus à Genève",
     ["Accueil", "Actualités", "Culture", "Sport", "Météo", "Contact"], FR),
    ("The sailing enthusiasts' weekly blog", "US officials met Russian counterparts in Geneva",
     ["Home", "News", "Culture", "Sport", "Weather", "Contact"], EN),
    ("Das Blog für Segelfreunde", "Ehemalige US-Beamte trafen Vertraute des Kremls in Genf",
     ["Startseite", "Nachrichten", "Kultur", "Sport", "Wetter", "Kontakt"], DE),
])
def test_title_far_above_the_text_and_foreign_to_it_is_not_the_articles(tagline, headline, menu, paragraphs):
    # the first title-like line is the site's tagline, a menu away from the text, and shares
    # no word with it: no title; the same page with the headline there keeps it as its title
    text = page(tagline, *menu, *paragraphs)
    labels = labelled(text)
    assert labels[tagline] == (BOILERPLATE, "title unrelated to the article's main block")
    assert segment_text(text).title is None
    assert all(labels[p][0] == BODY for p in paragraphs)
    kept = segment_text(page(headline, *menu, *paragraphs))
    assert kept.title is not None and kept.title.text == headline


@pytest.mark.parametrize("facts, menu, paragraphs", [
    (["Lieu : Genève, hôtel des Bergues", "Participants : trois émissaires", "Durée : deux jours"],
     ["Accueil", "Contact", "Mentions légales"], FR),
    (["Venue: Geneva, Hotel des Bergues", "Participants: three envoys", "Length: two days"],
     ["Home", "Contact", "Imprint"], EN),
    (["Ort: Genf, Hotel des Bergues", "Teilnehmer: drei Gesandte", "Dauer: zwei Tage"],
     ["Startseite", "Kontakt", "Impressum"], DE),
])
def test_label_value_lines_right_after_the_text_stay_with_the_article(facts, menu, paragraphs):
    # a fact box closing the article: "Label: value" lines, no sentence; the menu after it
    # stays boilerplate, and two such lines alone are not enough to tell a fact box
    labels = labelled(page("A headline about secret talks in Geneva", *paragraphs, *facts, *menu))
    assert all(labels[fact] == (BODY, "fact line after the article's main block") for fact in facts)
    assert all(labels[item][0] == BOILERPLATE for item in menu)
    labels = labelled(page("A headline about secret talks in Geneva", *paragraphs, *facts[:2], *menu))
    assert all(labels[fact][0] == BOILERPLATE for fact in facts[:2])


@pytest.mark.parametrize("paragraphs, comment", [
    (FR, "Le tableau montre que les rencontres ont duré plus longtemps au printemps qu’à l’automne, "
         "selon les notes consultées par nos journalistes."),
    (EN, "The table shows that the meetings lasted longer in the spring than in the autumn, "
         "according to the notes our reporters have seen."),
    (DE, "Die Tabelle zeigt, dass die Treffen im Frühjahr länger dauerten als im Herbst, wie aus "
         "den Notizen hervorgeht, die unsere Reporter einsehen konnten."),
])
def test_paragraph_between_two_tables_of_the_article_stays_body(paragraphs, comment):
    # the article's text, a table (one cell a line), a paragraph on it, another table, then
    # the text goes on: the paragraph between the tables is the article's, not a sidebar's
    table = ["Geneva", "April", "3 h", "Geneva", "May", "2 h", "Vienna", "June", "4 h", "Vienna", "July", "1 h"]
    text = page("A headline about secret talks in Geneva", paragraphs[0], paragraphs[1], *table, comment,
                *table[::-1], paragraphs[2], paragraphs[0].replace(",", ";"))
    labels = labelled(text)
    assert labels[comment] == (BODY, "prose")
    assert labels[paragraphs[2]][0] == BODY


@pytest.mark.parametrize("sentence", [
    "子どもへの虐待をなくすための法律ができました。",
    "外交官たちはジュネーブで会ったのですか？",
    "会谈在日内瓦举行！",
])
def test_full_width_sentence_marks_end_a_sentence(sentence):
    # Chinese and Japanese end sentences with full-width marks: such a line reads as prose
    from helpers.segment import ends_sentence, reads_as_prose, split_lines

    assert ends_sentence(sentence)
    assert reads_as_prose(split_lines(sentence + "\n")[0])


@pytest.mark.parametrize("intro, items, paragraphs", [
    ("Ce qu’il faut pour la réunion :", ["Deux salles", "Un interprète", "Photo : AFP", "Trois chauffeurs", "Une voiture"], FR),
    ("What the meeting needed:", ["Two rooms", "An interpreter", "Photo: AFP", "Three drivers", "One car"], EN),
    ("Was das Treffen brauchte:", ["Zwei Räume", "Ein Dolmetscher", "Foto: AFP", "Drei Fahrer", "Ein Auto"], DE),
])
def test_list_introduced_by_a_colon_line_inside_the_article_is_body(intro, items, paragraphs):
    # a list of short items between a line ending with a colon and the next paragraph, a
    # picture's credit among them: more than two short lines in a row would pass for a menu
    text = page("A headline about secret talks in Geneva", paragraphs[0], intro, *items, paragraphs[1],
                paragraphs[2])
    labels = labelled(text)
    listed = [item for item in items if not item.startswith(("Photo", "Foto"))]
    assert all(labels[item] == (BODY, "item of a list the text introduces") for item in listed)
    assert labels[intro][0] == BODY


@pytest.mark.parametrize("intro, items, paragraphs, footer", [
    ("Les deux parties se sont entendues sur la suite des discussions :", ["Réunion à Vienne", "Rapport au Conseil", "Vote en juin"], FR, "© 2024 Le Journal"),
    ("The two sides agreed on what comes next in the talks:", ["A meeting in Vienna", "A report to the Council", "A vote in June"], EN, "© 2024 The Journal"),
    ("Beide Seiten einigten sich auf die nächsten Schritte der Gespräche:", ["Treffen in Wien", "Bericht an den Rat", "Abstimmung im Juni"], DE, "© 2024 Die Zeitung"),
])
def test_list_introduced_by_a_colon_line_closing_the_article_is_body(intro, items, paragraphs, footer):
    # the article ends with the list its last line introduces (no paragraph after it): the
    # line rules cannot tell it from a menu after a label, and a lost line costs more than a
    # kept one, so the list stays body; the page's footer after it does not
    text = page("A headline about secret talks in Geneva", *paragraphs, intro, *items, footer)
    labels = labelled(text)
    assert all(labels[item] == (BODY, "item of a list the text introduces") for item in items)
    assert labels[footer][0] == BOILERPLATE


@pytest.mark.parametrize("label, menu, paragraphs", [
    ("Rubriques", ["Politique", "International", "Économie"], FR),
    ("Sections", ["Politics", "World", "Business"], EN),
    ("Ressorts", ["Politik", "Ausland", "Wirtschaft"], DE),
])
def test_menu_after_the_article_without_a_colon_label_stays_boilerplate(label, menu, paragraphs):
    # the same short lines under a label that introduces nothing (no colon): a menu
    text = page("A headline about secret talks in Geneva", *paragraphs, label, *menu)
    labels = labelled(text)
    assert all(labels[item][0] == BOILERPLATE for item in menu)


@pytest.mark.parametrize("button, date, paragraphs, thread", [
    ("Laisser un commentaire", "24 février 2020", FR, ["25 février 2020", "Enfin une bonne nouvelle."]),
    ("Leave a Comment", "February 24, 2020", EN, ["February 25, 2020", "Finally some good news."]),
    ("Kommentar verfassen", "24. Februar 2020", DE, ["25. Februar 2020", "Endlich eine gute Nachricht."]),
])
def test_comments_button_above_the_article_does_not_make_it_a_comment(button, date, paragraphs, thread):
    # a share bar with a comments button, then the article's date line: read alone, the button
    # and the date open a thread whose first "comment" is the whole article; a thread follows
    # its article, so the real thread further down opens the comment zone
    text = page("Notre site a changé d’adresse.", "Menu", button, date, "A headline about secret talks in Geneva",
                *paragraphs, button, *thread)
    seg = segment_text(text)
    labels = labelled(text)
    assert all(labels[p][0] == BODY for p in paragraphs)
    assert [[line.text for line in item] for item in seg.comment_items] == [thread]


@pytest.mark.parametrize("header, dates, paragraphs", [
    ("Réponses", ["Réponses reçues jusqu’au 23 juin 2006", "Bilan au 15 juin 2006 :"], FR),
    ("Responses", ["Responses received until June 23, 2006", "Summary on June 15, 2006:"], EN),
    ("Antworten", ["Antworten bis 23.06.2006", "Fazit am 15.06.2006:"], DE),
])
def test_dated_sections_longer_than_the_text_above_them_are_the_article(header, dates, paragraphs):
    # an open letter, then "Responses" with dated sections: read as a thread, its "comments"
    # hold more prose each than the whole text above the header, so they are the article
    text = page("A headline about secret talks in Geneva", paragraphs[0], header, dates[0], "4",
                dates[1], *paragraphs[1:], paragraphs[0])
    seg = segment_text(text)
    labels = labelled(text)
    assert seg.comment_items == []
    assert all(labels[p][0] == BODY for p in paragraphs[1:])


@pytest.mark.parametrize("paragraphs", [FR, EN, DE])
def test_a_long_first_comment_under_a_short_article_stays_a_comment(paragraphs):
    # the first comment outweighs the two-line article, but it is one paragraph: a reader's
    text = page("A headline about secret talks in Geneva", *paragraphs[:2], "12 comments", "Sam",
                "February 25, 2020", " ".join(paragraphs) + " " + " ".join(paragraphs))
    labels = labelled(text)
    assert labels[" ".join(paragraphs) + " " + " ".join(paragraphs)][0] == "comment"
    assert all(labels[p][0] == BODY for p in paragraphs[:2])


@pytest.mark.parametrize("line", [
    "„Ich weiß, ich bin betrunken und sollte das vielleicht nicht sagen …“",
    "»Wir werden nichts ohne Kiew entscheiden, das ist sicher.«",
    "‚Das war alles, was er dazu sagen wollte, sagte er.‘",
])
def test_a_german_quotation_closing_a_line_ends_its_sentence(line):
    # German closes „…“ with the mark English opens with, and »…« with «
    text = page("Eine Überschrift über geheime Gespräche in Genf", DE[0], line, DE[1], DE[2])
    assert labelled(text)[line] == (BODY, "prose")


@pytest.mark.parametrize("media, menu, standfirst, paragraphs", [
    ("Vidéo", ["Nous", "Partenaires", "Actualités", "Recherche", "Accueil", "Détails"], "Des émissaires officieux auraient rencontré des proches du Kremlin à Genève", FR),
    ("Video", ["About us", "Partners", "News", "Search", "Home", "Details"], "Unofficial envoys are said to have met Kremlin insiders in Geneva this spring", EN),
    ("Video", ["Über uns", "Partner", "News", "Suchen", "Startseite", "Details"], "Inoffizielle Gesandte sollen sich im Frühjahr in Genf mit Vertrauten des Kremls getroffen haben", DE),
])
def test_lines_under_a_media_label_do_not_label_the_lines_under_them(media, menu, standfirst, paragraphs):
    # a "Video" item in the menu claims the six short lines right under it (a clip's title and
    # duration); those lines claim nothing in turn, so the standfirst further down stays
    text = page(media, *menu, standfirst, *paragraphs)
    labels = labelled(text)
    assert labels[menu[0]] == (BOILERPLATE, "media block")
    assert labels[standfirst][0] in ARTICLE_TEXT


@pytest.mark.parametrize("media, headline, paragraphs", [
    ("Galerie", "Des émissaires à Genève", FR), ("Gallery", "Envoys in Geneva", EN), ("Galerie", "Gesandte in Genf", DE)])
def test_a_hard_wrapped_paragraph_under_a_media_label_is_not_the_media_title(media, headline, paragraphs):
    # the paragraph's first line is short enough for a clip title, but it runs straight on
    # (no blank line) into the rest of its paragraph
    first, rest = paragraphs[0].rsplit(", ", 1)
    text = headline + "\n\n" + media + "\n\n" + first + ",\n" + rest + "\n\n" + "\n\n".join(paragraphs[1:]) + "\n"
    labels = labelled(text)
    assert labels[media] == (BOILERPLATE, "media block")
    assert labels[first + ","][0] in ARTICLE_TEXT and labels[rest][0] == BODY


@pytest.mark.parametrize("line, paragraphs", [
    ("On se sent comme un héros après ça, et ça me plaît 😉", FR),
    ("You feel like a hero afterwards, and I like that 👍", EN),
    ("Man fühlt sich danach wie ein Held – und das gefällt mir 😉", DE),
])
def test_a_line_closing_with_an_emoji_ends_its_sentence(line, paragraphs):
    # blogs and posts close a sentence with a pictograph instead of a full stop
    text = page("A headline about secret talks in Geneva", *paragraphs, line)
    assert labelled(text)[line] == (BODY, "prose")
    assert labelled(page("A headline about secret talks in Geneva", *paragraphs, "Top 👍"))["Top 👍"][0] == BOILERPLATE


@pytest.mark.parametrize("related, share, copyright, paragraphs", [
    ("Lea también: Nuevas conversaciones en Omán", "Compartir Imprimir",
     "© 2024 El Diario. Todos los derechos reservados.", FR),
    ("Leia também: Novas conversas em Omã", "Compartilhar",
     "Todos os direitos reservados. Proibida a reprodução.", EN),
    ("Leggi anche: Nuovi colloqui in Oman", "Condividi su Facebook",
     "Riproduzione riservata © Il Giornale", FR),
    ("Czytaj też: Nowe rozmowy w Omanie", "Udostępnij Drukuj",
     "Materiał chroniony prawem autorskim - wszelkie prawa zastrzeżone.", EN),
])
def test_spanish_portuguese_italian_polish_furniture_after_an_article_is_boilerplate(
        related, share, copyright, paragraphs):
    # the languages' lexicons are merged: their lines are furniture on a French or English page too
    text = page("A headline about secret talks in Geneva", *paragraphs, related, share, copyright)
    labels = labelled(text)
    assert labels[related] == (BOILERPLATE, "related link")
    assert labels[share] == (BOILERPLATE, "share buttons")
    assert labels[copyright] == (BOILERPLATE, "copyright line")
    assert all(labels[paragraph] == (BODY, "prose") for paragraph in paragraphs)


@pytest.mark.parametrize("wish, sign_off, paragraphs", [
    ("Bon week-end à tous !", "Bisous, Claire", FR),
    ("Have a nice weekend!", "x Franzi", EN),
    ("Viel Glück!", "Euer Hans", DE),
])
def test_a_sign_off_after_the_article_closes_it(wish, sign_off, paragraphs):
    # the author's greeting and name under the last paragraph are the article's; the page's
    # links after them are not
    text = page("A headline about secret talks in Geneva", *paragraphs, wish, sign_off, "Impressum", "Kontakt", "Datenschutz")
    labels = labelled(text)
    assert labels[sign_off] == (BODY, "sign-off closing the article")
    assert labels[wish][0] == BODY
    assert all(labels[item][0] == BOILERPLATE for item in ("Impressum", "Kontakt", "Datenschutz"))


@pytest.mark.parametrize("line", ["Love Island: the final", "Eure Meinung ist gefragt: Was denken Sie?", "x"])
def test_a_greeting_like_line_far_from_a_sign_off_is_not_one(line):
    # not a greeting with a name (too long, or no name), or not right after the article
    text = page("A headline about secret talks in Geneva", *EN, "Impressum", "Kontakt", "Datenschutz", line)
    assert labelled(text)[line][0] == BOILERPLATE


@pytest.mark.parametrize("heading, facts, menu, paragraphs", [
    ("En bref", ["Lieu : Genève, hôtel des Bergues", "Participants : trois émissaires", "Durée : deux jours"],
     ["Accueil", "Contact", "Mentions légales"], FR),
    ("At a glance", ["Venue: Geneva, Hotel des Bergues", "Participants: three envoys", "Length: two days"],
     ["Home", "Contact", "Imprint"], EN),
    ("Auf einen Blick", ["Ort: Genf, Hotel des Bergues", "Teilnehmer: drei Gesandte", "Dauer: zwei Tage"],
     ["Startseite", "Kontakt", "Impressum"], DE),
])
def test_a_fact_box_under_its_own_heading_after_the_text_stays_with_the_article(heading, facts, menu, paragraphs):
    # the box's heading stands between the last paragraph and its "Label: value" lines
    labels = labelled(page("A headline about secret talks in Geneva", *paragraphs, heading, *facts, *menu))
    assert all(labels[fact] == (BODY, "fact line after the article's main block") for fact in facts)
    assert all(labels[item][0] == BOILERPLATE for item in menu)
    # two lines between the text and the box: no longer the article's box
    labels = labelled(page("A headline about secret talks in Geneva", *paragraphs, heading, "Partager", *facts, *menu))
    assert all(labels[fact][0] == BOILERPLATE for fact in facts)


@pytest.mark.parametrize("sub_heading, paragraphs", [("Ce qu’en dit Moscou", FR), ("What Moscow says", EN), ("Was Moskau sagt", DE)])
def test_a_sub_heading_between_two_blocks_of_the_article_stays_body(sub_heading, paragraphs):
    # the text, a table, a short remark, a sub-heading and a paragraph, another table, the
    # text again: the sub-heading heads a part of the article, though the strongest run
    # between the tables is the paragraph alone
    table = ["Geneva", "April", "3 h", "Geneva", "May", "2 h", "Vienna", "June", "4 h", "Vienna", "July", "1 h"]
    text = page("A headline about secret talks in Geneva", paragraphs[0], paragraphs[1], *table,
                "A remark on these figures.", sub_heading, paragraphs[2], *table[::-1], paragraphs[0].replace(",", ";"),
                paragraphs[1].replace(",", ";"))
    assert labelled(text)[sub_heading] == (BODY, "sub-heading between paragraphs")


@pytest.mark.parametrize("headline, intro, items, paragraphs", [
    ("Des émissaires à Genève", "Ingrédients :", ["200 g de farine", "100 g de sucre", "2 œufs"], FR),
    ("Envoys in Geneva", "Ingredients:", ["200 g flour", "100 g sugar", "2 eggs"], EN),
    ("Gesandte in Genf", "Zutaten:", ["200 g Mehl", "100 g Zucker", "2 Eier"], DE),
])
def test_a_list_introduced_just_above_the_article_is_body(headline, intro, items, paragraphs):
    # a recipe's ingredients above its method: the list's colon line stands above the
    # main block, the list runs into its first paragraph
    text = page(headline, "Menu", intro, *items, *paragraphs)
    labels = labelled(text)
    assert all(labels[item] == (BODY, "item of a list the text introduces") for item in items)
    # far above the article (a menu's label), the same lines stay boilerplate
    far = page(intro, *items, *[f"Rubrique {n}" for n in range(12)], headline, *paragraphs)
    assert all(labelled(far)[item][0] == BOILERPLATE for item in items)


def test_spaced_french_guillemets_are_no_words():
    # "« 1 »" is one word: a sub-heading quoting three terms stays under the sub-heading limit
    from helpers.segment import count_words

    assert count_words("Retour sur les revues de rang « 1 » ou « 1* »") == 9
    assert count_words("Er sagte »nein« und ging") == 5
    sub_heading = "Retour sur les revues de rang « 1 » ou « 1* » où les chercheurs français « placent » leurs articles"
    text = page("Des émissaires à Genève", *FR[:2], sub_heading, FR[2])
    assert labelled(text)[sub_heading] == (BODY, "sub-heading between paragraphs")


@pytest.mark.parametrize("line, reason", [
    ("LIRE AUSSI : Les émissaires de Genève", "related link"),
    ("Lesen Sie auch: Gesandte in Genf", "related link"),
    ("QUELLE: dpa", "source line"),
    ("Follow Jane Doe on Twitter for more.", "reader prompt"),
    ("Jane Doe writes about diplomacy and security for the paper.", "author's biography"),
    ("jane doe writes about diplomacy and security for the paper.", ""),
    ("Tous droits réservés", "copyright line"),
])
def test_start_of_line_markers_read_any_case_and_names_need_capitals(line, reason):
    # the merged start-of-line markers are matched on the lower-cased line (fast); an author's
    # biography is matched on the line as written, since a name needs its capitals
    from helpers.segment import marker_reason, split_lines

    assert marker_reason(split_lines(line + "\n")[0]) == reason
