"""Tests for the attribution cues (helpers/rules/<language>/attribution.yml read by helpers.resolve):
cited source vs mentioned outlet in each mechanism, cues as data, and the labelled benchmark."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from helpers import rules
from helpers.paths import REGISTRY_DIR
from helpers.registry import load_registry
from helpers.resolve import resolve_article

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY_DIR)


def outlet_roles(registry, sentence: str, language: str) -> list[tuple[str, str]]:
    """(surface, role) of each outlet mention in one sentence, resolved the way chapter 2 does."""
    article = {"article_id": "x", "body": sentence, "language": language}
    return [(m["surface"], m["role"]) for m in resolve_article(article, registry) if m["kind"] == "outlet"]


@pytest.mark.parametrize(
    "language, sentence, surface",
    [
        # speaking to a medium named by a noun phrase
        ("en", "A senior official spoke to the Reuters news agency on condition of anonymity.", "Reuters"),
        ("en", "Deputy minister Ryabkov told state news agency RIA Novosti that Moscow was open.", "RIA Novosti"),
        ("en", "In an interview with CNN, the former adviser confirmed the contacts.", "CNN"),
        ("fr", "Dans des déclarations faites au média américain NBC News, il a reconnu des contacts.", "NBC News"),
        ("fr", "Le général a assuré à l'agence Ukrinform que l'armée n'avait pas été consultée.", "Ukrinform"),
        ("de", "Ein Sprecher sagte der staatlichen Agentur TASS, man sei offen.", "TASS"),
        ("de", "Im Interview mit der FAZ verteidigte der Botschafter die Kontakte.", "FAZ"),
        # German verb-final clauses
        ("de", "Das Treffen fand im Oktober statt, wie die Zeitung Kommersant gemeldet hatte.", "Kommersant"),
        ("de", "Kommersant hatte zuvor über ein Treffen in Abu Dhabi berichtet.", "Kommersant"),
        ("de", "Die Gespräche seien konstruktiv verlaufen, hieß es bei NBC News.", "NBC News"),
        ("de", "Dabei berichtete die New York Times unter Berufung auf US-Beamte von einem Austausch.",
         "New York Times"),
        # French inversions and passive agents
        ("fr", "Comme l'a révélé Meduza, plusieurs proches du président ont participé.", "Meduza"),
        ("fr", "Les détails de l'accord ont été dévoilés jeudi par le Wall Street Journal.", "Wall Street Journal"),
        ("fr", "Interrogé par la BBC, le secrétaire général a refusé de commenter.", "BBC"),
        # a report verb after an appositive that itself cites
        ("fr", "Le New York Times, citant des responsables américains, évoque un échange.", "New York Times"),
        ("en", "The Guardian has seen minutes of the meeting.", "The Guardian"),
    ],
)
def test_cited_source_phrasings(registry, language, sentence, surface):
    assert (surface, "cited-source") in outlet_roles(registry, sentence, language)


@pytest.mark.parametrize(
    "language, sentence, surface",
    [
        ("en", "NBC News was sued by a former White House adviser.", "NBC News"),
        ("fr", "Le Monde a été racheté en 2010 par un trio d'investisseurs.", "Le Monde"),
        # the outlet is the complement of another noun: the verb belongs to that noun
        ("fr", "L'ancienne correspondante de NBC News à Moscou publie un livre.", "NBC News"),
        ("de", "Der Korrespondent des Wall Street Journal sagte, er sei ausgewiesen worden.", "Wall Street Journal"),
        # part of a person's name
        ("en", "Former New York mayor Michael Bloomberg said he would fund the campaign.", "Bloomberg"),
        # "writes" right before an outlet cites it; "writes a column for" does not
        ("en", "He writes a weekly column for The New York Times.", "The New York Times"),
        ("de", "Er schreibt eine wöchentliche Kolumne für die Washington Post.", "Washington Post"),
        # a report verb in the next clause belongs to someone else
        ("de", "Bloomberg hin oder her, sagte der Minister, das Treffen fand statt.", "Bloomberg"),
    ],
)
def test_mentioned_outlets_stay_mentioned(registry, language, sentence, surface):
    assert outlet_roles(registry, sentence, language) == [(surface, "mentioned")]


def test_cues_are_data_read_again_on_reload(registry, tmp_path, monkeypatch):
    """A study's own attribution.yml adds a cue; ``rules.use_rules_dirs`` applies it at once."""
    sentence = "Wie Kommersant in seiner Dienstagsausgabe ausplauderte, trafen sich beide."
    assert outlet_roles(registry, sentence, "de") == [("Kommersant", "mentioned")]
    folder = tmp_path / "study_rules" / "de"
    folder.mkdir(parents=True)
    (folder / "attribution.yml").write_text("cited_after: ['ausplauderte']\n", encoding="utf-8")
    try:
        rules.use_rules_dirs(tmp_path / "study_rules")
        assert outlet_roles(registry, sentence, "de") == [("Kommersant", "cited-source")]
    finally:
        monkeypatch.delenv(rules.ENV_VAR, raising=False)
        rules.reload()
    assert outlet_roles(registry, sentence, "de") == [("Kommersant", "mentioned")]


def load_bench():
    spec = importlib.util.spec_from_file_location("bench_cues", ROOT / "bench" / "cues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labelled_sets_are_large_and_balanced():
    bench = load_bench()
    table = bench.read_sets(ROOT / "bench" / "data", bench.LANGUAGES)
    for language, part in table.groupby("language"):
        assert len(part) >= 150, language
        share = (part["label"] == "cited-source").mean()
        assert 0.4 <= share <= 0.6, (language, share)
        assert set(part["split"]) == {"tune", "test"}


def test_cited_vs_mentioned_f1_per_language(tmp_path):
    """The issue's target, on the held-out third and on everything: F1 of cited-source >= 0.9."""
    bench = load_bench()
    data = ROOT / "bench" / "data"
    table = bench.read_sets(data, bench.LANGUAGES)
    registry_dir = bench.bench_registry(data, tmp_path / "registry")
    table["current"] = bench.predict(table[["sentence", "outlet", "language"]].to_dict("records"), registry_dir)
    for language, part in table.groupby("language"):
        for split in ("test", "all"):
            rows = part if split == "all" else part[part["split"] == split]
            precision, recall, f1 = bench.scores(rows["label"], rows["current"])
            assert f1 >= 0.9, (language, split, precision, recall, f1)
