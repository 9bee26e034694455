"""Tests for helpers.names (names found without a model) and their way into the review queue."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.names import find_names, is_first_name, is_noise, load_name_rules
from helpers.registry import load_registry
from helpers.resolve import build_review, resolve_article, resolve_articles

try:
    from tests.test_registry import make_registry
except ImportError:  # tests/ itself on sys.path (pytest's default import mode)
    from test_registry import make_registry


def names(text: str, language: str, weak: bool = False) -> dict[str, tuple[str, str]]:
    """surface -> (kind, evidence) of every name found."""
    return {text[s.start:s.end]: (s.kind, s.evidence) for s in find_names(text, language, weak)}


@pytest.mark.parametrize("text, language, surface, kind, evidence", [
    ("White House spokesman John Kirby said the talks failed.", "en", "John Kirby", "person", "role"),
    ("The talks failed, said Adrienne Watson, a National Security Council spokeswoman.", "en",
     "Adrienne Watson", "person", "first name"),
    ("Mr Hutchinson declined to comment.", "en", "Hutchinson", "person", "honorific"),
    ("He met Secretary of State Marco Rubio on Friday.", "en", "Marco Rubio", "person", "first name"),
    ("M. Burns a refusé.", "fr", "Burns", "person", "honorific"),
    ("Le conseiller présidentiel ukrainien Mykhaïlo Podoliak a répondu.", "fr", "Mykhaïlo Podoliak", "person", "role"),
    ("Elle a rencontré Ursula von der Leyen hier.", "fr", "Ursula von der Leyen", "person", "first name"),
    ("Il a parlé de Bachar el-Assad.", "fr", "Bachar el-Assad", "person", "first name"),
    ("Kremlsprecher Dmitri Peskow sagte nichts.", "de", "Dmitri Peskow", "person", "role"),
    ("Herr Lawrow kam spät.", "de", "Lawrow", "person", "honorific"),
    ("Sergej Narishkin erklärte das. Am Abend sagte Narishkin mehr.", "de", "Narishkin", "person",
     "surname seen before"),
    ("The Ministry of Foreign Affairs said so.", "en", "Ministry of Foreign Affairs", "organisation",
     "organisation word"),
    ("Selon le Conseil de sécurité, rien.", "fr", "Conseil de sécurité", "organisation", "organisation word"),
    ("Das Auswärtige Amt schwieg.", "de", "Auswärtige Amt", "organisation", "organisation word"),
])
def test_names_are_found_with_their_evidence(text, language, surface, kind, evidence):
    assert names(text, language).get(surface) == (kind, evidence)


@pytest.mark.parametrize("text, language", [
    ("Ladite rencontre a eu lieu à huis clos.", "fr"),  # a capitalised word opening a sentence
    ("Diplomatie: la diplomatie russe se tait.", "fr"),  # also written in lower case
    ("Die Regierung schweigt. Die Gespräche laufen.", "de"),  # German nouns are capitalised
    ("Reporters asked. However, nobody answered on Monday.", "en"),
])
def test_ordinary_capitalised_words_are_not_names(text, language):
    assert names(text, language) == {}


def test_name_shaped_words_without_evidence_are_only_offered_when_asked():
    text = "Officials met Kupchin in Geneva."
    assert "Kupchin" not in names(text, "en")
    assert names(text, "en", weak=True)["Kupchin"] == ("", "name-shaped")


@pytest.mark.parametrize("word, language", [("Sergueï", "fr"), ("Jewgeni", "de"), ("Ömer", "en"), ("Adrienne", "en")])
def test_first_names_come_from_the_package_lists_in_any_spelling(word, language):
    assert is_first_name(word, language)


def test_ordinary_words_are_not_first_names():
    assert not is_first_name("Ministry", "en") and not is_first_name("Regierung", "de")


@pytest.mark.parametrize("surface, kind, noise", [
    ("Ladite", "person", True), ("Premier ministre", "person", True), ("Négocier", "person", True),
    ("Ukrainiens jusqu", "organisation", True), ("ministre des Affaires étrangères", "organisation", True),
    ("Jean-Baptiste Delacroix", "person", False), ("Conseil de sécurité", "organisation", False),
])
def test_model_entities_are_filtered_by_the_same_lists(surface, kind, noise):
    assert is_noise(surface, kind, "", "fr") is noise


def test_word_lists_are_data_with_clear_errors(tmp_path, monkeypatch):
    import helpers.names as module

    assert "porte-parole" in load_name_rules("fr").roles and "sprecher" in load_name_rules("de").roles
    (tmp_path / "xx").mkdir()
    (tmp_path / "xx" / "names.yml").write_text("roles: spokesman\n", encoding="utf-8")
    monkeypatch.setattr(module, "RULES_DIR", tmp_path)
    with pytest.raises(ValueError, match="names.yml: roles must be a list"):
        module.load_name_rules.__wrapped__("xx")


# A small unseen corpus in three languages (written for this test, not from data/raw): who is named.
CORPUS = [
    ("en1", "en", "White House spokesman John Kirby said on Monday that the talks had stalled. "
     "Mr Burns met Kupchin in Geneva, according to officials. Turkish official Ömer Çelik told reporters "
     "that Ankara was ready. \"We are watching,\" said Adrienne Watson, a National Security Council spokeswoman.",
     {"John Kirby", "Burns", "Kupchin", "Ömer Çelik", "Adrienne Watson"}),
    ("fr1", "fr", "Le conseiller présidentiel ukrainien Mykhaïlo Podoliak a démenti. Ladite rencontre "
     "aurait eu lieu à Riyad. M. Burns a rencontré Serguei Narichkine, selon Guichard Gass, un ancien "
     "diplomate. Diplomatie oblige, la diplomatie russe se tait.",
     {"Mykhaïlo Podoliak", "Burns", "Serguei Narichkine", "Guichard Gass"}),
    ("de1", "de", "Kremlsprecher Dmitri Peskow sagte am Montag, die Gespräche seien beendet. Sergej Narishkin "
     "erklärte, er kenne Burns. Später sagte Narishkin, die Regierung in Moskau schweige. Die Beraterin "
     "Olena Kowalenko widersprach.",
     {"Dmitri Peskow", "Sergej Narishkin", "Burns", "Narishkin", "Olena Kowalenko"}),
]


def test_every_person_of_an_unseen_corpus_is_resolved_or_queued_and_noise_stays_low(tmp_path):
    registry = load_registry(make_registry(tmp_path / "registry", actors=(
        "canonical,kind,aliases\nWilliam Burns,person,Bill Burns\nRichard Haass,person,\n"
        "Sergey Naryshkin,person,Naryshkin\nCharles Kupchan,person,Kupchan\nDmitry Peskov,person,Peskov\n")))
    articles = pd.DataFrame([{"article_id": a, "language": lang, "text": text, "body": text} for a, lang, text, _ in CORPUS])
    mentions = resolve_articles(articles, registry, use_ner=False)  # registry only: nothing found
    assert set(mentions["method"]) <= {"registry"}
    mentions = pd.concat([pd.DataFrame(resolve_article(article, registry, find_unregistered=True))
                          for article in articles.to_dict("records")], ignore_index=True)
    review = build_review(mentions, dict(zip(articles["article_id"], articles["text"])))
    for article_id, _, _, expected in CORPUS:
        own = mentions[mentions["article_id"] == article_id]
        seen = set(own.loc[own["kind"] == "person", "surface"])
        assert expected <= seen, (article_id, expected - seen)
    queued = set(review["surface"])
    unresolved = set(mentions.loc[mentions["canonical"] == "", "surface"])
    assert unresolved <= queued  # nothing unresolved is lost
    people = {name for _, _, _, expected in CORPUS for name in expected}
    noise = [surface for surface in queued if surface not in people]
    assert len(noise) <= 0.1 * len(review), noise
    # Known people carry the right candidate first; a title + registered surname resolves.
    rows = review.set_index("surface")
    assert rows.loc["Kupchin", "candidate"] == "Charles Kupchan"
    assert rows.loc["Guichard Gass", "candidate"] == "Richard Haass"
    assert rows.loc["Serguei Narichkine", "candidate"] == "Sergey Naryshkin"
    burns = mentions[mentions["surface"] == "Burns"]
    assert set(burns["canonical"]) == {"William Burns"}
    assert "Mykhaïlo Podoliak" in queued and "role" in rows.loc["Mykhaïlo Podoliak", "reason"]
    assert rows.loc["John Kirby", "example_sentence"].startswith("White House spokesman John Kirby said")


@pytest.mark.parametrize(
    "text, language, place",
    [
        ("Kremlin spokesman Dmitry Peskov said Moscow does not discuss such matters.", "en", "Moscow"),
        ("Präsidentenberater Mychajlo Podoljak sagte, ohne Kiew werde es keine Lösung geben.", "de", "Kiew"),
    ],
)
def test_a_role_belongs_to_the_name_it_introduces_not_to_a_later_one(text, language, place):
    found = {text[span.start:span.end]: span for span in find_names(text, language)}
    assert place not in found
    assert found[next(name for name in found if name != place)].evidence == "role"


@pytest.mark.parametrize(
    "text, place",
    [
        ("A former British diplomat has described the channel.", "British"),
        ("The envoy met Russia's foreign intelligence chief last month.", "Russia's"),
        ("Sir Laurie Bristow, ambassador to Russia until 2020, writes about it.", "Russia"),
        ("White House confirms envoy met Russian spy chief in Abu Dhabi.", "Abu Dhabi"),
    ],
)
def test_places_next_to_a_role_are_not_people(text, place):
    found = {text[span.start:span.end] for span in find_names(text, "en")}
    assert place not in found
