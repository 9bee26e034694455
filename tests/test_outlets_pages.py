"""Tests for the outlet of a page (issue 13): registered domain, brand lines, review list, and
the world_2024 starter registry of outlets and agencies."""

from pathlib import Path

import pandas as pd
import pytest

from helpers import pipeline
from helpers.clean import describe_articles
from helpers.describe import describe_article, describe_segmentation
from helpers.outlets import (
    OUTLET_REVIEW_COLUMNS,
    load_outlets,
    outlet_in_brand_line,
    outlet_in_title,
    outlet_review_table,
    registered_domain,
    write_outlet_review,
)
from helpers.paths import REGISTRY_DIR
from helpers.registry import load_registry
from helpers.segment import segment_text
from helpers.schemas import OUTLETS, check_outlets, domain_of, outlet_key, read_table

TEMPLATE = pipeline.REGISTRY_TEMPLATES_DIR / "world_2024" / "outlets.csv"


@pytest.fixture(scope="module")
def world():
    return load_outlets(TEMPLATE)


@pytest.fixture(scope="module")
def sample():
    return load_outlets(REGISTRY_DIR / "outlets.csv")


# --- outlet_domain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, domain",
    [
        ("https://www.lemonde.fr/international/article/2023/07/28/x.html", "lemonde.fr"),
        ("https://edition.cnn.com/2023/07/28/politics/x/index.html", "cnn.com"),
        ("https://amp.theguardian.com/world/2023/jul/28/x", "theguardian.com"),
        ("http://news.bbc.co.uk/2/hi/europe/1.stm", "bbc.co.uk"),
        ("https://www.example-gazette.co.uk/world/x", "example-gazette.co.uk"),
        ("https://www.aa.com.tr/fr/monde/x/1", "aa.com.tr"),
        ("https://english.ahram.org.eg/News/1.aspx", "ahram.org.eg"),
        ("https://FRANCAIS.RT.COM:443/international/1", "rt.com"),
        ("www.spiegel.de/politik/x", "spiegel.de"),
        ("kyivindependent.com", "kyivindependent.com"),
        # no public suffix to go by: the host itself, never empty
        ("http://localhost:8000/page", "localhost"),
        ("http://192.168.1.20/page", "192.168.1.20"),
        ("", ""),
    ],
)
def test_registered_domain(url, domain):
    assert registered_domain(url) == domain


def test_outlet_domain_is_filled_whenever_a_url_is_known(sample):
    texts = [
        "Titre\nhttps://edition.cnn.com/2023/07/28/politics/secret-talks/index.html\n" + PROSE_EN,
        "Titre\nhttps://www.unregistered-daily.com.au/world/x\n" + PROSE_EN,
        "Title\n" + PROSE_EN,
    ]
    described = describe_articles(pd.DataFrame({"text": texts}), sample)
    assert described["outlet_domain"].tolist() == ["cnn.com", "unregistered-daily.com.au", ""]
    assert described["outlet"].tolist()[:2] == ["CNN", ""]
    has_url = described["url"] != ""
    assert (described.loc[has_url, "outlet_domain"] != "").all()


# --- the page's own brand lines ----------------------------------------------------------------

PROSE_FR = (
    "Des émissaires américains et russes se sont rencontrés la semaine dernière à Genève, selon "
    "plusieurs sources diplomatiques, pour discuter d'un éventuel cessez-le-feu en Ukraine.\n"
    "Les discussions, tenues dans le plus grand secret, ont porté sur l'échange de prisonniers et "
    "la sécurité de la centrale de Zaporijia, a-t-on appris de source proche du dossier.\n"
)
PROSE_EN = (
    "US and Russian envoys met in Geneva last week, according to several diplomatic sources, to "
    "discuss a possible ceasefire in Ukraine and an exchange of prisoners.\n"
    "The talks, held in secret, also covered the safety of the Zaporizhzhia nuclear power plant, "
    "a person familiar with the matter said on Tuesday.\n"
)
PROSE_DE = (
    "Amerikanische und russische Gesandte haben sich vergangene Woche in Genf getroffen, wie "
    "mehrere diplomatische Quellen berichten, um über eine mögliche Waffenruhe zu sprechen.\n"
    "Die Gespräche fanden im Geheimen statt und betrafen auch die Sicherheit des Kernkraftwerks "
    "Saporischschja, sagte eine mit der Sache vertraute Person am Dienstag.\n"
)


@pytest.mark.parametrize(
    "text, outlet, evidence",
    [
        ("Négociations secrètes à Genève\n" + PROSE_FR + "Le Monde avec AFP\n", "Le Monde", "Le Monde avec AFP"),
        ("Accueil\nMonde\nNégociations secrètes à Genève – Le Figaro\n" + PROSE_FR, "Le Figaro",
         "Négociations secrètes à Genève – Le Figaro"),
        ("Secret talks in Geneva\n" + PROSE_EN + "Guardian staff and agencies\n", "The Guardian",
         "Guardian staff and agencies"),
        ("Secret talks in Geneva | Reuters\n" + PROSE_EN, "Reuters", "Secret talks in Geneva | Reuters"),
        ("Geheime Gespräche in Genf\n" + PROSE_DE + "SPIEGEL mit dpa\n", "Der Spiegel", "SPIEGEL mit dpa"),
        ("Geheime Gespräche in Genf\n" + PROSE_DE + "© 2024 Der Spiegel\n", "Der Spiegel", "© 2024 Der Spiegel"),
    ],
)
def test_brand_line_or_title_names_the_outlet(world, text, outlet, evidence):
    row = describe_article({"text": text}, world)
    assert (row["outlet"], row["outlet_evidence"]) == (outlet, evidence)
    assert row["outlet_unregistered"] == ""


def test_a_section_name_or_a_sentence_is_not_a_brand(sample):
    # "Monde" is Le Monde's key once its article is dropped, but a section name is not the paper.
    assert outlet_in_brand_line(sample, "Monde") == ""
    assert outlet_in_brand_line(sample, "Reuters reported that the talks had ended") == ""
    assert outlet_in_brand_line(sample, "LE MONDE") == "Le Monde"
    assert outlet_in_title(sample, "Le Monde : la une") == ""  # the headline part is never read
    assert outlet_in_title(sample, "Ukraine – Welt – 14.11.2022") == ""
    row = describe_article({"text": "Accueil\nMonde\nNégociations à Genève\n" + PROSE_FR}, sample)
    assert row["outlet"] == ""


@pytest.mark.parametrize(
    "line, outlet",
    [
        ("FOCUS", "FOCUS online"),
        ("Focus", ""),  # a heading, not the magazine that writes itself in capitals
        ("WELT", "WELT"),
        ("Welt", ""),
        ("|ARD", "ARD"),
        ("-A+A", ""),  # font-size buttons, not Anadolu's "AA"
        ("Bild: Mit freundlicher Genehmigung von", ""),  # "Bild:" labels a picture credit
        ("Bild", ""),  # "#Bild" is a hashtag, not a brand written out
        ("DER SPIEGEL", "Der Spiegel"),
    ],
)
def test_brand_line_case_labels_and_single_word_hashtags(world, line, outlet):
    assert outlet_in_brand_line(world, line) == outlet


def test_a_bare_brand_line_is_not_trusted_when_the_url_is_known(world):
    assert outlet_in_brand_line(world, "Le Figaro", alone=False) == ""
    assert outlet_in_brand_line(world, "Le Figaro avec AFP", alone=False) == "Le Figaro"
    text = ("Nouvelles du jour\nhttps://www.infocom-example.fr/revue-de-presse\n" + PROSE_FR
            + "Le Figaro\n")
    row = describe_article({"text": text}, world)
    assert (row["outlet"], row["outlet_domain"]) == ("", "infocom-example.fr")
    # an HTML page's own canonical URL counts as known too (helpers.webpage passes it)
    page_text = "Nouvelles du jour\n" + PROSE_FR + "Le Figaro\n"
    assert describe_segmentation(page_text, segment_text(page_text), world)["outlet"] == "Le Figaro"
    assert describe_segmentation(page_text, segment_text(page_text), world,
                                 page_url="https://www.infocom-example.fr/x")["outlet"] == ""


def test_a_picture_credit_is_not_a_brand_line(world):
    assert outlet_in_brand_line(world, "© dpa | Kay Nietfeld") == ""
    assert outlet_in_brand_line(world, "(c) AFP") == ""


def test_a_related_link_naming_an_outlet_is_not_the_pages_brand(sample):
    text = "Secret talks in Geneva\n" + PROSE_EN + "Read more:\nCeasefire talks stall – Reuters\n"
    row = describe_article({"text": text}, sample)
    assert row["outlet"] == ""


def test_unregistered_copyright_holder_is_reported_not_named(sample):
    text = ("Secret talks in Geneva\nhttps://www.example-gazette.co.uk/world/secret-talks\n" + PROSE_EN
            + "© 2024 Example Gazette Ltd. All rights reserved.\n")
    row = describe_article({"text": text}, sample)
    assert row["outlet"] == ""
    assert row["outlet_unregistered"] == "Example Gazette Ltd"
    assert row["outlet_domain"] == "example-gazette.co.uk"


# --- the review list ---------------------------------------------------------------------------


def test_unregistered_domains_and_brands_are_listed_for_review(sample, tmp_path):
    texts = [
        "A\nhttps://www.example-gazette.co.uk/world/a\n" + PROSE_EN + "© 2024 Example Gazette Ltd.\n",
        "B\nhttps://amp.example-gazette.co.uk/world/b\nSource: Reuters\n" + PROSE_EN,
        "C\nhttps://www.lemonde.fr/international/c.html\n" + PROSE_FR,
        "D\n" + PROSE_EN + "© 2023 Nowhere Weekly\n",
        "E\n" + PROSE_EN,
    ]
    articles = pd.DataFrame({"article_id": list("abcde"), "text": texts})
    described = describe_articles(articles, sample)
    review = outlet_review_table(described, sample)
    assert list(review.columns) == OUTLET_REVIEW_COLUMNS
    assert review["outlet_domain"].tolist() == ["example-gazette.co.uk", ""]
    gazette, weekly = review.to_dict("records")
    assert gazette["n_articles"] == 2 and gazette["names_seen"] == "Example Gazette Ltd"
    assert gazette["example_article_id"] == "a"
    assert weekly["names_seen"] == "Nowhere Weekly" and weekly["n_articles"] == 1
    assert "lemonde.fr" not in review["outlet_domain"].tolist()  # registered: not for review
    path = write_outlet_review(described, sample, tmp_path)
    assert path == tmp_path / "outlets_review.csv"
    assert pd.read_csv(path, dtype=str, keep_default_na=False)["outlet_domain"].tolist() == [
        "example-gazette.co.uk", ""]


def test_review_list_of_an_empty_corpus_has_its_columns(sample):
    empty = describe_articles(pd.DataFrame({"text": pd.Series(dtype=str)}), sample)
    review = outlet_review_table(empty, sample)
    assert list(review.columns) == OUTLET_REVIEW_COLUMNS and review.empty


# --- the world_2024 starter registry -----------------------------------------------------------


def test_world_template_loads_with_at_least_200_outlets(world):
    assert len(world.outlets) >= 200
    countries = {outlet.country for outlet in world.outlets.values()}
    assert {"FR", "BE", "CH", "DE", "AT", "GB", "US", "RU", "UA", "TR", "IL", "IR", "SA", "AE",
            "QA", "EG", "IT", "ES", "PL", "CN", "JP"} <= countries


def test_every_template_row_has_country_affiliation_source_and_date(world):
    table = read_table(TEMPLATE, OUTLETS)
    assert list(table.columns) == list(OUTLETS.columns)
    for column in ("country", "state_affiliated", "affiliation", "source", "known_as_of"):
        assert (table[column].str.strip() != "").all(), column
    assert check_outlets(table) == []


def test_template_domains_and_aliases_are_unique(world):
    table = read_table(TEMPLATE, OUTLETS)
    domains = [domain_of(d) for cell in table["domains"] for d in cell.split(";") if d.strip()]
    assert len(domains) == len(set(domains))
    keys = {}
    for name, cell in zip(table["outlet"], table["aliases"]):
        for alias in {name, *filter(None, (a.strip() for a in cell.split(";")))}:
            assert keys.setdefault(outlet_key(alias), name) == name, alias


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.tass.ru/politika/1", "TASS"),
        ("https://www.aa.com.tr/en/x", "Anadolu"),
        ("https://www.irna.ir/news/1", "IRNA"),
        ("https://www.wam.ae/en/details/1", "WAM"),
        ("https://www.spa.gov.sa/1", "SPA"),
        ("https://www.qna.org.qa/en/1", "QNA"),
        ("https://www.kuna.net.kw/1", "KUNA"),
        ("https://www.mena.org.eg/1", "MENA (Egypt)"),
        ("https://www.ukrinform.net/rubric-polytics/1", "Ukrinform"),
        ("https://www.keystone-sda.ch/1", "Keystone-SDA"),
        ("https://www.apa.at/news/1", "APA"),
        ("https://www.belga.be/1", "Belga"),
        ("https://www.ansa.it/1", "ANSA"),
        ("https://efe.com/mundo/1", "EFE"),
        ("https://english.news.cn/20241201/1.htm", "Xinhua"),
        ("https://news.sky.com/story/1", "Sky News"),
        ("https://abcnews.go.com/International/1", "ABC News"),
        ("https://www.tagesschau.de/ausland/1.html", "ARD"),
        ("https://www.derstandard.at/story/1", "Der Standard (Wien)"),
        ("https://www.nzz.ch/international/1", "Neue Zürcher Zeitung"),
        ("https://www.rtbf.be/article/1", "RTBF"),
    ],
)
def test_template_knows_the_agencies_and_majors(world, url, outlet):
    from helpers.outlets import outlet_for_url

    assert outlet_for_url(world, url) == outlet


def test_template_state_affiliation_follows_its_vocabulary(world):
    assert world.outlets["TASS"].affiliation == "state-owned" and world.outlets["TASS"].state_affiliated
    assert world.outlets["BBC"].affiliation == "public-service" and not world.outlets["BBC"].state_affiliated
    assert world.outlets["AP"].affiliation == "cooperative"
    assert world.outlets["Al Jazeera"].affiliation == "state-funded"
    for outlet in world.outlets.values():
        assert outlet.state_affiliated == (outlet.affiliation in {"state-owned", "state-funded"})
        assert outlet.source.startswith("https://") and outlet.known_as_of == "2024-12-01"


def test_template_keeps_the_samples_outlets(world, sample):
    assert set(sample.outlets) <= set(world.outlets)
    for name, outlet in sample.outlets.items():
        assert set(outlet.domains) <= set(world.outlets[name].domains)


def test_template_works_with_the_world_actors_in_one_registry(tmp_path):
    folder = tmp_path / "registry"
    folder.mkdir()
    for source in (TEMPLATE, TEMPLATE.parent / "actors.csv", REGISTRY_DIR / "ignore.csv"):
        (folder / source.name).write_bytes(source.read_bytes())
    registry = load_registry(folder)  # raises on an alias that names an actor and an outlet
    assert len(registry.outlets) == len(read_table(TEMPLATE, OUTLETS))


def test_an_ordinary_word_alias_is_refused(tmp_path):
    path = tmp_path / "outlets.csv"
    path.write_text(TEMPLATE.read_text(encoding="utf-8") + "Nouveau,Mehr,nouveau.fr,FR,no,,private,"
                    "https://nouveau.fr/,2024-12-01\n", encoding="utf-8")
    with pytest.raises(Exception, match="alias 'Mehr' is an ordinary word"):
        load_outlets(path)


def test_a_new_study_starts_from_the_template_outlets(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = pipeline.create_study(corpus, tmp_path / "study")
    assert (paths.registry_dir / "outlets.csv").read_bytes() == Path(TEMPLATE).read_bytes()
