"""Tests for helpers.outlets: the registry file, its validation and the lookups."""

from pathlib import Path

import pandas as pd
import pytest

from helpers.outlets import (
    OUTLET_COLUMNS,
    OutletRegistryError,
    domain_of,
    load_outlets,
    outlet_for_alias,
    outlet_for_domain,
    outlet_for_url,
)
from helpers.paths import REGISTRY_DIR
from helpers.schemas import outlet_key

SHIPPED = REGISTRY_DIR / "outlets.csv"


def write_registry(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "outlets.csv"
    # Rows of the six original columns leave the optional ones (affiliation, source,
    # known_as_of) blank, as in a registry written before they existed.
    rows = [row + [""] * (len(OUTLET_COLUMNS) - len(row)) for row in rows]
    pd.DataFrame(rows, columns=OUTLET_COLUMNS).to_csv(path, index=False)
    return path


GOOD = ["Le Monde", "Le Monde;#LeMonde", "lemonde.fr", "FR", "no", ""]


@pytest.fixture(scope="module")
def registry():
    return load_outlets(SHIPPED)


def test_shipped_registry_loads_with_exact_columns(registry):
    header = SHIPPED.read_text(encoding="utf-8").splitlines()[0]
    assert header.split(",") == OUTLET_COLUMNS
    assert len(registry.outlets) >= 30


@pytest.mark.parametrize(
    "name",
    ["NBC News", "The New York Times", "The Wall Street Journal", "The Washington Post", "Reuters",
     "CNN", "Kommersant", "RT", "Sputnik", "TASS", "RIA Novosti", "UNIAN", "7sur7", "Le Monde",
     "BBC", "The Guardian", "Der Spiegel", "FAZ", "Süddeutsche Zeitung", "BILD", "Axios",
     "Politico", "Bloomberg", "AFP", "AP", "dpa", "Ukrainska Pravda", "Interfax", "Meduza",
     "Novaya Gazeta", "Al Jazeera", "Anadolu"],
)
def test_story_outlets_are_registered(registry, name):
    assert name in registry.outlets


@pytest.mark.parametrize(
    "url, outlet",
    [
        ("https://www.rt.com/russia/566501-russia-us-secret-talks/", "RT"),
        ("https://francais.rt.com/international/1", "RT"),
        ("https://www.7sur7.be/", "7sur7"),
        ("www.spiegel.de/ausland/a-1.html", "Der Spiegel"),
        ("faz.net", "FAZ"),
        ("https://example.org/news", ""),
    ],
)
def test_outlet_for_url(registry, url, outlet):
    assert outlet_for_url(registry, url) == outlet


@pytest.mark.parametrize(
    "alias, outlet",
    [
        ("#UNIAN", "UNIAN"),
        ("le New York Times", "The New York Times"),
        ("New York Times", "The New York Times"),
        ("#NYT", "The New York Times"),
        ("Wall Street Journal", "The Wall Street Journal"),
        ("Süddeutsche", "Süddeutsche Zeitung"),
        ("Sueddeutsche Zeitung", "Süddeutsche Zeitung"),
        ("Frankfurter Allgemeine Zeitung", "FAZ"),
        ("Agence France-Presse", "AFP"),
        ("Spoutnik", "Sputnik"),
        ("Nowaja Gaseta", "Novaya Gazeta"),
        ("#Danciens", ""),
    ],
)
def test_outlet_for_alias(registry, alias, outlet):
    assert outlet_for_alias(registry, alias) == outlet


def test_state_affiliation_and_country(registry):
    assert registry.outlets["RT"].state_affiliated is True
    assert registry.outlets["Reuters"].state_affiliated is False
    assert registry.outlets["UNIAN"].country == "UA"


def test_outlet_key_and_domain_of():
    assert outlet_key("#LeMonde") == outlet_key("Le Monde") == "monde"
    assert outlet_key("F.A.Z.") == "faz"
    assert domain_of("https://WWW.RT.com:443/x") == "rt.com"


@pytest.mark.parametrize(
    "bad_row, message",
    [
        (["", "X", "x.com", "FR", "no", ""], "row 3: empty outlet name"),
        (["Other", "LeMonde", "other.fr", "FR", "no", ""], "row 3 (Other): alias 'LeMonde' already names 'Le Monde'"),
        (["Other", "Other", "www.lemonde.fr", "FR", "no", ""], "domain 'lemonde.fr' already belongs to 'Le Monde'"),
        (["Other", "Other", "other.fr", "France", "no", ""], "country 'France' is not an ISO 3166-1 alpha-2 code"),
        (["Other", "Other", "other.fr", "XX", "no", ""], "not an ISO 3166-1"),
        (["Other", "Other", "other.fr", "FR", "maybe", ""], "state_affiliated must be yes or no, not 'maybe'"),
        (["Other", "Other", "not a domain", "FR", "no", ""], "is not a domain name"),
        (["Le Monde", "", "", "FR", "no", ""], "outlet 'Le Monde' is listed twice"),
        (["Other", "Other", "other.fr", "FR", "no", "", "state-run"], "affiliation 'state-run' is not one of"),
        (["Other", "Other", "other.fr", "FR", "no", "", "state-owned"], "affiliation 'state-owned' needs state_affiliated yes"),
        (["Other", "Other", "other.fr", "FR", "yes", "", "public-service"], "affiliation 'public-service' needs state_affiliated no"),
        (["Other", "Other", "other.fr", "FR", "no", "", "private", "Wikipedia"], "source 'Wikipedia' is neither a URL nor a Wikidata QID"),
        (["Other", "Other", "other.fr", "FR", "no", "", "private", "Q42", "2024-13-01"], "known_as_of '2024-13-01' is not a date"),
    ],
)
def test_validation_errors_name_file_and_row(tmp_path, bad_row, message):
    path = write_registry(tmp_path, [GOOD, bad_row])
    with pytest.raises(OutletRegistryError) as error:
        load_outlets(path)
    text = str(error.value)
    assert str(path) in text and message in text and "\n" not in text


def test_missing_file_and_missing_column(tmp_path):
    with pytest.raises(OutletRegistryError, match="does not exist"):
        load_outlets(tmp_path / "nope.csv")
    path = tmp_path / "outlets.csv"
    path.write_text("outlet,aliases\nX,Y\n", encoding="utf-8")
    with pytest.raises(OutletRegistryError, match="missing column"):
        load_outlets(path)


def test_lookup_by_parent_domain_only_on_label_boundaries(tmp_path):
    registry = load_outlets(write_registry(tmp_path, [GOOD]))
    assert outlet_for_domain(registry, "abonnes.lemonde.fr") == "Le Monde"
    assert outlet_for_domain(registry, "notlemonde.fr") == ""
