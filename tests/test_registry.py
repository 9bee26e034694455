"""Tests for helpers.registry: loading, validation, folding and alias matching."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.paths import REGISTRY_DIR
from helpers.registry import (
    RegistryError,
    add_aliases,
    fold,
    load_registry,
    registry_problems,
)

ACTORS_HEADER = "canonical,kind,aliases,titles,title_from,title_to,role,country,side,wikidata,notes\n"
ACTORS = ACTORS_HEADER + (
    "William Burns,person,Bill Burns;Guillaume Brûle,directeur de la CIA;CIA director;CIA-Chef,"
    "2021-03-19,2025-01-20,CIA director,US,US,,\n"
    "Richard Haass,person,Richard Hass;Haass,,,,,US,US,,\n"
    "Sergey Naryshkin,person,Sergueï Narychkine;Naryschkin;Naryshkin,,,,,RU,Russia,,\n"
    "Sergei Lavrov,person,Lavrov;Lawrow;Sergueï Lavrov,Russian Foreign Minister,2004-03-09,,,RU,Russia,,\n"
    "Dmitry Peskov,person,Peskov;Peskow,porte-parole du Kremlin;Kremlsprecher,2012-05-22,,,RU,Russia,,\n"
    "Joe Biden,person,Biden;Baiden,,,,,US,US,Q6279,\n"
    "Nikolai Patrushev,person,Patrushev;Mykola Patrushev,,,,,RU,Russia,,\n"
    "Kremlin,organisation,Kreml,,,,,RU,Russia,,\n"
    "United Nations,organisation,UN;Nations unies,,,,,,international,Q1065,\n"
    "Gina Haspel,person,Haspel,directeur de la CIA,2018-05-21,2021-01-20,,US,US,,\n"
)
OUTLETS = (
    "outlet,aliases,domains,country,state_affiliated,notes\n"
    "NBC News,NBC,nbcnews.com,US,no,\n"
    "Reuters,,reuters.com,GB,no,\n"
    "The Wall Street Journal,Wall Street Journal;WSJ,wsj.com,US,no,\n"
    "Kommersant,,kommersant.ru,RU,no,\n"
    "Der Spiegel,Spiegel,spiegel.de,DE,no,\n"
    "RT,Russia Today,rt.com,RU,yes,\n"
    "Le Monde,,lemonde.fr,FR,no,\n"
    "Canal+,,canalplus.com,FR,no,\n"
)


def make_registry(folder: Path, actors: str = ACTORS, outlets: str | None = OUTLETS) -> Path:
    """A small registry folder for tests."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "actors.csv").write_text(actors, encoding="utf-8")
    if outlets is not None:
        (folder / "outlets.csv").write_text(outlets, encoding="utf-8")
    return folder


@pytest.fixture
def registry(tmp_path):
    return load_registry(make_registry(tmp_path / "registry"))


def found(registry, text: str) -> list[tuple[str, str]]:
    """(surface, canonical) of alias matches, checking offsets on the way."""
    aliases, _ = registry.matcher.find(text)
    for match in aliases:
        assert 0 <= match.start < match.end <= len(text)
    return [(text[m.start:m.end], m.value.canonical) for m in aliases]


def test_fold_keeps_length_and_drops_accents_and_case():
    text = "Sergueï NARYCHKINE, l’Onu, Erdoğan, İstanbul, Weißes Haus"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded.startswith("serguei narychkine, l'onu, erdogan, istanbul")


@pytest.mark.parametrize(
    "text, expected",
    [
        # transliterations
        ("Il a appelé Sergueï Narychkine hier.", ("Sergueï Narychkine", "Sergey Naryshkin")),
        ("Laut Lawrow ist das falsch.", ("Lawrow", "Sergei Lavrov")),
        ("SERGUEÏ NARYCHKINE", ("SERGUEÏ NARYCHKINE", "Sergey Naryshkin")),
        ("Serguei Narychkine sans accent", ("Serguei Narychkine", "Sergey Naryshkin")),
        # nickname
        ("CIA director Bill Burns flew in.", ("Bill Burns", "William Burns")),
        # machine-translation garbles
        ("le directeur de la CIA, Guillaume Brûle, est venu", ("Guillaume Brûle", "William Burns")),
        ("l'administration Baiden", ("Baiden", "Joe Biden")),
        ("Mykola Patrushev a dit", ("Mykola Patrushev", "Nikolai Patrushev")),
    ],
)
def test_alias_kinds_resolve_to_one_canonical(registry, text, expected):
    assert expected in found(registry, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("l'ancien diplomate Richard Hassprésident du groupe", ("Richard Hass", "Richard Haass")),
        ("du directeur de la CIA, Guillaume Brûlece même mois", ("Guillaume Brûle", "William Burns")),
        ("secrètes à Ankara – KommersantLe directeur", ("Kommersant", "Kommersant")),
        ("de la kremlinPour sa part", ("kremlin", "Kremlin")),
    ],
)
def test_glued_words_are_tolerated(registry, text, expected):
    assert expected in found(registry, text)


def test_whole_words_only(registry):
    assert found(registry, "Bidenomics and Peskovian prose, Haasser") == []
    assert found(registry, "un accord, une UNité") == []  # French 'un' is not the UN
    assert found(registry, "the UN and the Nations unies") == [
        ("UN", "United Nations"), ("Nations unies", "United Nations")
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("tout le monde le sait", []),
        ("Le monde entier regarde", []),
        ("selon le Monde, rien", [("le Monde", "Le Monde")]),
        ("Le Monde a écrit", [("Le Monde", "Le Monde")]),
        ("le canal de Suez, vu sur Canal+.", [("Canal+", "Canal+")]),
    ],
)
def test_aliases_with_articles_or_symbols_keep_their_shape(registry, text, expected):
    assert found(registry, text) == expected


def test_longest_alias_wins(registry):
    assert found(registry, "The Wall Street Journal reported") == [
        ("The Wall Street Journal", "The Wall Street Journal")
    ]
    assert found(registry, "le Wall Street Journal") == [("Wall Street Journal", "The Wall Street Journal")]


def test_shipped_registry_is_valid_and_has_the_agreed_names():
    assert registry_problems(REGISTRY_DIR) == []
    registry = load_registry(REGISTRY_DIR)
    agreed = [
        "William Burns", "Joe Biden", "Jake Sullivan", "Antony Blinken", "Richard Haass",
        "Karine Jean-Pierre", "Vladimir Putin", "Sergei Lavrov", "Yuri Ushakov", "Sergey Naryshkin",
        "Nikolai Patrushev", "Dmitry Peskov", "Volodymyr Zelenskyy", "Recep Tayyip Erdoğan",
        "Boris Johnson", "Wagner Group", "White House", "US State Department", "Kremlin", "CIA", "SVR",
        "US National Security Council", "United Nations", "Council on Foreign Relations",
    ]
    assert [name for name in agreed if name not in registry.entries] == []
    organisations = ["Wagner Group", "White House", "US State Department", "Kremlin", "CIA", "SVR",
                     "US National Security Council", "United Nations", "Council on Foreign Relations"]
    assert {registry.entries[name].kind for name in organisations} == {"organisation"}


@pytest.mark.parametrize(
    "bad_row, message",
    [
        (",person,Nobody,,,,,,,,\n", "actors.csv row 12: empty canonical name"),
        ("Sergei Lavrov,person,,,,,,,,,\n", "already on row 5"),
        ("Bill Clinton,person,Bill Burns,,,,,,,,\n",
         "actors.csv row 12: alias 'Bill Burns' of 'Bill Clinton' already belongs to 'William Burns'"),
        ("Bill Clinton,person,BILL BURNS,,,,,,,,\n", "already belongs to 'William Burns'"),
        ("Bill Clinton,person,,,,,,,,Q12x,\n", "actors.csv row 12: wikidata 'Q12x' is not a QID"),
        ("Bill Clinton,person,,,,,,,,Q0,\n", "is not a QID"),
        ("Bill Clinton,human,,,,,,,,,\n", "kind 'human' is not one of"),
        ("Bill Clinton,person,,president,1993-13-01,,,,,,\n", "title_from '1993-13-01' is not a date"),
        ("Bill Clinton,person,,president,2001-01-20,1993-01-20,,,,,\n", "is after title_to"),
    ],
)
def test_bad_actor_rows_are_named(tmp_path, bad_row, message):
    folder = make_registry(tmp_path / "registry", ACTORS + bad_row)
    with pytest.raises(RegistryError, match=None) as error:
        load_registry(folder)
    assert message in str(error.value)
    assert any(message in problem for problem in registry_problems(folder))


def test_alias_shared_by_actor_and_outlet_is_an_error(tmp_path):
    folder = make_registry(tmp_path / "registry", outlets=OUTLETS + "Kreml Media,Kreml,,RU,no,\n")
    with pytest.raises(RegistryError, match=r"outlets.csv row 10: alias 'Kreml' of 'Kreml Media' already belongs to 'Kremlin'"):
        load_registry(folder)


HEADER = "outlet,aliases,domains,country,state_affiliated,notes\n"


@pytest.mark.parametrize(
    "outlets, message",
    [
        (HEADER + ",NBC,,US,no,\n", "outlets.csv row 2: empty outlet name"),
        (HEADER + "RT,,,RU,maybe,\n", "state_affiliated must be yes or no, not 'maybe'"),
        (HEADER + "RT,,,RU,,\n", "state_affiliated must be yes or no, not ''"),
        (HEADER + "RT,,not a domain,RU,yes,\n", "'not a domain' is not a domain name"),
        ("outlet,aliases,domains,state_affiliated,notes\nRT,,rt.com,yes,\n", "outlets.csv: missing column(s) country"),
        ("name,domains\nRT,rt.com\n", "outlets.csv: missing column(s) outlet, aliases"),
    ],
)
def test_bad_outlet_rows_are_named(tmp_path, outlets, message):
    folder = make_registry(tmp_path / "registry", outlets=outlets)
    with pytest.raises(RegistryError) as error:
        load_registry(folder)
    assert message in str(error.value)


def test_missing_registry_files_are_one_line_errors(tmp_path):
    with pytest.raises(RegistryError, match="does not exist"):
        load_registry(tmp_path / "nowhere")
    (tmp_path / "empty").mkdir()
    with pytest.raises(RegistryError, match="needs actors.csv"):
        load_registry(tmp_path / "empty")


def test_outlets_are_optional(tmp_path):
    registry = load_registry(make_registry(tmp_path / "registry", outlets=None))
    assert found(registry, "selon Reuters, Peskov") == [("Peskov", "Dmitry Peskov")]


def test_add_aliases_grows_the_registry(tmp_path):
    folder = make_registry(tmp_path / "registry")
    assert add_aliases(folder, [("Nikolaï Patrouchev", "Nikolai Patrushev"), ("Patrushev", "Nikolai Patrushev")]) == 1
    registry = load_registry(folder)
    assert found(registry, "Nikolaï Patrouchev") == [("Nikolaï Patrouchev", "Nikolai Patrushev")]
    actors = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False)
    assert actors.loc[actors["canonical"] == "Nikolai Patrushev", "aliases"].item() == (
        "Patrushev;Mykola Patrushev;Nikolaï Patrouchev"
    )
    with pytest.raises(RegistryError, match="no actor named 'Nobody'"):
        add_aliases(folder, [("X", "Nobody")])
    with pytest.raises(RegistryError, match="already belongs to 'William Burns'"):
        add_aliases(folder, [("Bill Burns", "Dmitry Peskov")])
    assert "Bill Burns" not in (folder / "actors.csv").read_text(encoding="utf-8").split("Dmitry Peskov")[1]


def test_ignore_list_is_validated_and_grows(tmp_path):
    from helpers.registry import add_ignored

    folder = make_registry(tmp_path / "registry")
    (folder / "ignore.csv").write_text("surface,kind,notes\nRusses,,demonym\nLire,place,\n", encoding="utf-8")
    registry = load_registry(folder)
    assert registry.is_ignored("russes", "place") and registry.is_ignored("RUSSES", "person")
    assert registry.is_ignored("Lire", "place") and not registry.is_ignored("Lire", "person")
    assert add_ignored(folder, [("Américains", "place"), ("Russes", "place"), ("Américains", "place")]) == 1
    assert load_registry(folder).is_ignored("Americains", "place")
    (folder / "ignore.csv").write_text("surface,kind\n,place\nX,people\n", encoding="utf-8")
    assert registry_problems(folder) == [
        f"{folder / 'ignore.csv'} row 2: empty surface",
        f"{folder / 'ignore.csv'} row 3: kind 'people' is not empty or one of person, organisation, place",
    ]
