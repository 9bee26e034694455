"""Language resources as data (helpers/rules.py): a new language from data files only, a language
without rules flowing through, per-site additions, and clear errors for bad rules files."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import hedging, ingest, rules
from helpers.describe import describe_articles
from helpers.outlets import load_outlets
from helpers.paths import REGISTRY_DIR
from helpers.registry import load_registry
from helpers.resolve import load_ner_model, resolve_articles
from helpers.segment import segment_text

ITALIAN_RULES = {
    "boilerplate.yml": """
related_links: ['leggi anche', 'potrebbe interessarti']
page_prompts: [iscriviti alla nostra newsletter, riproduzione riservata]
share_words: [condividi]
""",
    "dates.yml": """
months: {gennaio: 1, febbraio: 2, marzo: 3, aprile: 4, maggio: 5, giugno: 6, luglio: 7, agosto: 8,
         settembre: 9, ottobre: 10, novembre: 11, dicembre: 12}
publication_markers: ['pubblicato', 'aggiornato']
time_connectors: ['alle']
""",
    "hedging.yml": """
distancing: ['secondo', 'a quanto pare']
attribution: ['ha detto', 'ha dichiarato']
conditional:
  pattern: '\\b\\w+(?:rebbe|rebbero)\\b'
""",
}

ITALIAN_ARTICLE = """Colloqui segreti a Ginevra tra emissari americani e russi

Pubblicato il 12 marzo 2024 alle 09:30

Secondo fonti diplomatiche, William Burns avrebbe incontrato emissari russi a Ginevra la settimana scorsa.
Il ministero degli Esteri ha dichiarato che nessun incontro ufficiale era previsto per quei giorni.

Leggi anche: le altre notizie dal mondo
Iscriviti alla nostra newsletter
Condividi
"""

DUTCH_ARTICLE = """Geheime gesprekken in Genève tussen gezanten

Gepubliceerd op 12 maart 2024

Volgens diplomatieke bronnen zou William Burns vorige week in Genève met Russische gezanten hebben gesproken.
Het ministerie van Buitenlandse Zaken ontkende dat er een officiële ontmoeting had plaatsgevonden.
"""


@pytest.fixture
def shipped_rules_only(monkeypatch):
    """Only the shipped rules, before and after the test (whatever the test adds)."""
    monkeypatch.delenv(rules.ENV_VAR, raising=False)
    rules.reload()
    yield
    monkeypatch.delenv(rules.ENV_VAR, raising=False)
    rules.reload()


def write_italian_rules(folder: Path) -> Path:
    """An Italian rules folder made of data files only (no Python)."""
    for name, text in ITALIAN_RULES.items():
        (folder / "it").mkdir(parents=True, exist_ok=True)
        (folder / "it" / name).write_text(text, encoding="utf-8")
    return folder


def ingest_and_describe(tmp_path: Path, name: str, text: str):
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / name).write_text(text, encoding="utf-8")
    articles, problems = ingest.ingest_folder(corpus)
    assert problems.empty
    return describe_articles(articles, load_outlets(REGISTRY_DIR / "outlets.csv"))


def test_shipped_languages_and_merged_words(shipped_rules_only):
    assert rules.languages() == ["de", "en", "es", "fr", "it", "pl", "pt"]
    share = rules.words("boilerplate", "share_words")
    assert {"partager", "teilen", "share", "facebook"} <= set(share)  # fr, de, en and common merged
    assert rules.mapping("dates", "months")["mars"] == 3


def test_italian_from_data_files_only_runs_through_ingest_and_resolve(tmp_path, shipped_rules_only):
    # Italian ships with a boilerplate lexicon only: without Italian dates the gap is reported
    # and the date is missed, while the shipped lexicon already finds the related link.
    before = ingest_and_describe(tmp_path, "colloqui.txt", ITALIAN_ARTICLE).iloc[0]
    assert before["language"] == "it"
    assert rules.languages_without_rules(["it", "fr", ""], "dates") == ["it"]
    assert before["published"] == ""
    reasons = {line.text: line.reason for line in segment_text(ITALIAN_ARTICLE).lines}
    assert reasons["Leggi anche: le altre notizie dal mondo"] == "related link"

    rules.use_rules_dirs(write_italian_rules(tmp_path / "study_rules"))
    assert "it" in rules.languages()
    assert rules.languages_without_rules(["it"], "dates") == []

    described = ingest_and_describe(tmp_path, "colloqui.txt", ITALIAN_ARTICLE)
    article = described.iloc[0]
    assert article["language"] == "it"
    assert article["published"] == "2024-03-12"
    assert article["published_evidence"] == "12 marzo 2024 alle 09:30"
    boilerplate = article["boilerplate"].split("\n")
    assert "Leggi anche: le altre notizie dal mondo" in boilerplate
    assert "Iscriviti alla nostra newsletter" in boilerplate
    assert "Condividi" in boilerplate
    assert "Leggi anche" not in article["body"]
    reasons = {line.text: line.reason for line in segment_text(ITALIAN_ARTICLE).lines}
    assert reasons["Leggi anche: le altre notizie dal mondo"] == "related link"
    assert reasons["Iscriviti alla nostra newsletter"] == "cookie, subscription or advertising prompt"
    assert reasons["Condividi"] == "share buttons"
    assert reasons["Pubblicato il 12 marzo 2024 alle 09:30"] == "date line"
    assert article["body"].startswith("Secondo fonti diplomatiche")

    # Hedging markers of the Italian data: distancing, conditional, attribution.
    table = hedging.sentence_markers(article["body"], "it")
    first, second = table.iloc[0], table.iloc[1]
    assert first["kinds"].split("; ") == ["distancing", "conditional"]
    assert first["markers"] == "Secondo; avrebbe"
    assert bool(first["hedged_suggested"])
    assert second["markers"] == "ha dichiarato" and not bool(second["hedged_suggested"])

    # Registry matching runs for Italian (no NER model for it: the gap is a notice, not a stop).
    mentions = resolve_articles(described, load_registry(REGISTRY_DIR), use_ner=True)
    burns = mentions[mentions["canonical"] == "William Burns"]
    assert len(burns) == 1
    start, end = int(burns.iloc[0]["start"]), int(burns.iloc[0]["end"])
    assert article["body"][start:end] == burns.iloc[0]["surface"]


def test_missing_rules_names_the_files_a_partly_covered_language_lacks(shipped_rules_only):
    # Spanish ships with a boilerplate lexicon only; French with every core file; Dutch with none
    assert rules.missing_rules(["es", "fr", "nl", "", "es"]) == {
        "es": ["dates", "hedging", "attribution"], "nl": list(rules.CORE_STEMS)}
    assert rules.describe_missing_rules(["es", "nl"]) == "es (dates, hedging, attribution); nl (all)"
    assert rules.describe_missing_rules(["fr", "de", "en"]) == "none"


def test_language_without_rules_is_reported_not_stopped(tmp_path, shipped_rules_only, capsys):
    described = ingest_and_describe(tmp_path, "gesprekken.txt", DUTCH_ARTICLE)
    article = described.iloc[0]
    assert article["language"] == "nl"
    assert rules.languages_without_rules(described["language"]) == ["nl"]
    assert "Volgens diplomatieke bronnen zou William Burns" in article["body"]
    assert article["published"] == ""  # no Dutch month words: the gap shows, the chain goes on
    assert article["title"] == "Geheime gesprekken in Genève tussen gezanten"
    assert hedging.find_markers("Volgens bronnen zou hij zijn ontmoet.", "nl") == []  # no markers, no error
    assert load_ner_model("nl") is None
    assert "NER skipped, registry matching still runs" in capsys.readouterr().err
    mentions = resolve_articles(described, load_registry(REGISTRY_DIR), use_ner=True)
    assert "William Burns" in set(mentions["canonical"])


def test_site_rules_apply_on_pages_naming_the_domain(tmp_path, shipped_rules_only):
    sites = tmp_path / "study_rules" / "sites"
    sites.mkdir(parents=True)
    (sites / "example-news.com.yml").write_text(
        "phrases: ['the morning briefing, every weekday']\nlines: ['our picks of the week']\n"
        "patterns: ['^Edition \\d+ of']\n", encoding="utf-8")
    rules.use_rules_dirs(tmp_path / "study_rules")
    body = ("Officials met in Muscat last month to discuss an exchange, according to three people "
            "familiar with the talks.")
    furniture = ["Get the morning briefing, every weekday at six", "Our picks of the week", "Edition 12 of the week"]
    page = "\n\n".join(["Talks in Oman", body, *furniture, "https://example-news.com/2024/talks"]) + "\n"
    labels = {line.text: (line.label, line.reason) for line in segment_text(page).lines if line.text}
    for line in furniture:
        assert labels[line] == ("boilerplate", "site rule (example-news.com)")
    assert labels[body][0] == "body"
    other_site = page.replace("example-news.com", "elsewhere.org")
    reasons = {line.text: line.reason for line in segment_text(other_site).lines if line.text}
    assert all(reasons[line] != "site rule (example-news.com)" for line in furniture)


def test_bad_rules_files_fail_with_the_file_named(tmp_path, shipped_rules_only):
    folder = tmp_path / "bad_rules"
    (folder / "it").mkdir(parents=True)
    (folder / "it" / "boilerplate.yml").write_text("comment_actions: [rispondi, yes, no]\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"boilerplate\.yml: key 'comment_actions' holds True.*quote"):
        rules.use_rules_dirs(folder)
    (folder / "it" / "boilerplate.yml").write_text("- just\n- a list\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"it/boilerplate\.yml: expected a mapping"):
        rules.use_rules_dirs(folder)
    (folder / "it" / "boilerplate.yml").write_text("related_links: ['leggi anche']\n", encoding="utf-8")
    (folder / "it" / "dates.yml").write_text("months: {mars: 4}\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"fr/dates\.yml and it/dates\.yml disagree on months 'mars'"):
        rules.use_rules_dirs(folder)


@pytest.mark.slow
def test_a_study_in_a_new_language_runs_every_chapter_with_data_files_only(tmp_path, shipped_rules_only):
    """`make run` on an Italian study whose rules are data files in STUDY/rules/it (no Python),
    with a Dutch article for which there are no rules at all: every chapter runs, the Italian
    date and boilerplate are handled by the Italian data, the Dutch gap is reported."""
    from helpers import pipeline
    from helpers.schemas import ARTICLES, MENTIONS, read_table

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "colloqui.txt").write_text(ITALIAN_ARTICLE, encoding="utf-8")
    (corpus / "gesprekken.txt").write_text(DUTCH_ARTICLE, encoding="utf-8")
    paths = pipeline.create_study(corpus, tmp_path / "study", registry_template="sample")
    write_italian_rules(pipeline.study_rules_dir(paths))

    executed = pipeline.run_chain(paths)

    assert [p.name for p in executed] == [p.name for p in pipeline.chapter_notebooks()]
    articles = read_table(paths.interim_dir / "articles.csv", ARTICLES).set_index("source_path")
    italian, dutch = articles.loc["colloqui.txt"], articles.loc["gesprekken.txt"]
    assert (italian["language"], dutch["language"]) == ("it", "nl")
    assert italian["published"].startswith("2024-03-12")
    assert "Leggi anche" not in italian["body"] and "newsletter" not in italian["body"]
    assert "William Burns" in dutch["body"]
    chapter_1 = (paths.outputs_dir / "notebooks" / "01_ingest.ipynb").read_text(encoding="utf-8")
    # the study's Italian rules have no attribution file; Dutch has no rules at all
    assert "languages without (full) rules in helpers/rules: it (attribution); nl (all)" in chapter_1
    mentions = read_table(paths.interim_dir / "mentions.csv", MENTIONS)
    found = mentions.merge(articles.reset_index()[["article_id", "source_path"]], on="article_id")
    assert set(found.loc[found["canonical"] == "William Burns", "source_path"]) == {
        "colloqui.txt", "gesprekken.txt"}
