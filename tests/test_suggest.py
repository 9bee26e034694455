"""Tests for helpers.suggest: transliteration skeletons, garble-aware suggestions, the benchmark data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from helpers.suggest import SUGGEST_MIN, Suggester, load_rules, skeleton

ROOT = Path(__file__).resolve().parents[1]
NAMES = [
    ("Sergei Shoigu", "Sergei Shoigu", "person"), ("Sergei Lavrov", "Sergei Lavrov", "person"),
    ("Yevgeny Prigozhin", "Yevgeny Prigozhin", "person"), ("William Burns", "William Burns", "person"),
    ("Jake Sullivan", "Jake Sullivan", "person"), ("Charles Kupchan", "Charles Kupchan", "person"),
    ("Mohammed bin Salman", "Mohammed bin Salman", "person"), ("Kamala Harris", "Kamala Harris", "person"),
    ("Kremlin", "Kremlin", "organisation"), ("Kreml", "Kremlin", "organisation"),
]


@pytest.fixture(scope="module")
def suggester():
    return Suggester(NAMES)


@pytest.mark.parametrize("spellings", [
    [("Choïgou", "fr"), ("Shoigu", "en"), ("Schoigu", "de")],
    [("Prigojine", "fr"), ("Prigozhin", "en")],
    [("Lawrow", "de"), ("Lavrov", "en")],
    [("Patruschew", "de"), ("Patrushev", "en"), ("Patrouchev", "fr")],
])
def test_transliterations_share_a_skeleton(spellings):
    assert len({skeleton(word, language) for word, language in spellings}) == 1


def test_different_names_keep_different_skeletons():
    assert skeleton("Lavrov", "en") != skeleton("Lebedev", "en")
    assert skeleton("Putin", "en") != skeleton("Potanin", "en")


@pytest.mark.parametrize("surface, language, canonical, why", [
    ("Serguei Choïgou", "fr", "Sergei Shoigu", "transliteration"),
    ("Jewgeni Prigoschin", "de", "Yevgeny Prigozhin", "Jewgeni = Yevgeny"),
    ("Lavrov Sergei", "en", "Sergei Lavrov", "another order"),
    ("JakeSullivan", "en", "Jake Sullivan", "glued"),
    ("Wilhelm Burns", "de", "William Burns", "Wilhelm = William"),
    ("Kupchin", "en", "Charles Kupchan", "first name missing"),
    ("Mohammed ben Salmane", "fr", "Mohammed bin Salman", "similar"),
    ("Kamala Garris", "en", "Kamala Harris", "transliteration"),
])
def test_garbles_are_suggested_with_a_reason(suggester, surface, language, canonical, why):
    best = suggester.best(surface, language)
    assert best is not None and best.canonical == canonical
    assert SUGGEST_MIN <= best.score <= 1.0
    assert why in best.reason


@pytest.mark.parametrize("surface", ["Ken Burns", "Ed Sullivan", "Sergei Sobyanin", "Charles Kushner",
                                     "Mohamed Salah", "Kamala Khan", "Vladimir Potanin"])
def test_other_people_with_similar_names_get_no_suggestion(suggester, surface):
    assert suggester.best(surface, "en") is None


def test_kinds_limit_the_suggestions(suggester):
    assert suggester.best("Kremlj", "en", ["organisation"]).canonical == "Kremlin"
    assert suggester.best("Kremlj", "en", ["person"]) is None


def test_suggestions_are_ranked_and_one_per_person(suggester):
    found = suggester.suggest("Sergej Lawrow", "de", limit=5)
    assert [s.canonical for s in found][:1] == ["Sergei Lavrov"]
    assert len({s.canonical for s in found}) == len(found)
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_rules_file_with_a_missing_section_is_a_clear_error(tmp_path):
    path = tmp_path / "folding.yml"
    path.write_text("before: {}\nrules: {}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="folding.yml: missing section"):
        load_rules(path)


def test_benchmark_data_is_large_enough_and_not_from_the_sample():
    rows = list(csv.DictReader((ROOT / "bench/data/name_variants.csv").open(encoding="utf-8")))
    registered = {row["canonical"] for row in csv.DictReader((ROOT / "bench/data/name_registry.csv").open(encoding="utf-8"))}
    variants = [row for row in rows if row["target"]]
    lookalikes = [row for row in rows if not row["target"]]
    assert len(variants) >= 200 and len(lookalikes) >= 50
    assert {row["target"] for row in variants} <= registered
    assert not {row["variant"] for row in lookalikes} & registered
    sample = " ".join(path.read_text(encoding="utf-8", errors="ignore") for path in (ROOT / "data/raw").glob("*"))
    assert [row["variant"] for row in rows if row["variant"] in sample] == []


def test_benchmark_meets_its_targets_on_both_halves():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_names", ROOT / "bench/names.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    registry, variants = bench.load()
    system = bench.ours(Suggester(bench.registry_triples(registry)), SUGGEST_MIN)
    for half in ("tune", "test"):
        result = bench.measure(variants[variants["half"] == half], system)
        assert result["top1"] >= 0.9, half
        assert result["false_suggested"] <= 0.05, half
