"""Outlet registry: load and validate ``data/registry/outlets.csv``; look outlets up.

Reads ``outlets.csv`` (columns ``outlet, aliases, domains, country, state_affiliated, notes``;
aliases and domains are ``;``-separated) and answers two questions for the later stages:
which outlet publishes at a URL or domain (``outlet_for_url``) and which outlet a name, a
hashtag or a signature refers to (``outlet_for_alias``). Writes nothing.

Aliases are compared by a normalised key (case, accents, a leading article and punctuation
ignored), so "The New York Times", "le New York Times" and "#NewYorkTimes" are one alias.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

from helpers.tables import split_list

OUTLET_COLUMNS = ["outlet", "aliases", "domains", "country", "state_affiliated", "notes"]

#: ISO 3166-1 alpha-2 codes (officially assigned).
ISO_COUNTRIES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO
    DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU
    GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW
    KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU
    MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW
    PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF
    TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA
    ZM ZW""".split()
)

LEADING_ARTICLE = re.compile(r"^(the|le|la|les|l'|l’|der|die|das|el)\s*", re.IGNORECASE)
DOMAIN_SHAPE = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)+$")


class OutletRegistryError(ValueError):
    """The outlet registry file cannot be used (message names file, row and problem)."""


@dataclass
class Outlet:
    """One row of the registry."""

    outlet: str
    aliases: list[str]
    domains: list[str]
    country: str
    state_affiliated: bool
    notes: str = ""


@dataclass
class OutletRegistry:
    """The validated registry with lookup indexes by alias key and by domain."""

    outlets: dict[str, Outlet]
    by_alias: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    path: str = ""

    def table(self) -> pd.DataFrame:
        """The registry as a DataFrame with the CSV's columns (lists joined by ``;``)."""
        rows = [
            {
                "outlet": o.outlet,
                "aliases": ";".join(o.aliases),
                "domains": ";".join(o.domains),
                "country": o.country,
                "state_affiliated": "yes" if o.state_affiliated else "no",
                "notes": o.notes,
            }
            for o in self.outlets.values()
        ]
        return pd.DataFrame(rows, columns=OUTLET_COLUMNS)


def alias_key(name: str) -> str:
    """Comparison key of an outlet name, alias or hashtag: "#LeMonde" -> "monde"."""
    name = unicodedata.normalize("NFKD", name.strip().lstrip("#@").casefold())
    name = "".join(ch for ch in name if not unicodedata.combining(ch))
    name = LEADING_ARTICLE.sub("", name)
    return "".join(ch for ch in name if ch.isalnum())


def domain_of(url_or_domain: str) -> str:
    """Lower-case host of a URL or bare domain, without ``www.`` and port: "rt.com"."""
    text = url_or_domain.strip()
    if "://" not in text:
        text = "http://" + text
    host = (urlsplit(text).hostname or "").lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def parse_outlets(frame: pd.DataFrame, source: str = "outlets.csv") -> OutletRegistry:
    """Validate registry rows and build the lookup indexes.

    Raises OutletRegistryError naming ``source``, the row (as numbered in the file, header = 1)
    and the problem: missing columns, empty or duplicate name, bad country code, a
    ``state_affiliated`` other than yes/no, a malformed domain, or an alias or domain that
    points at two outlets.
    """
    missing = [column for column in OUTLET_COLUMNS if column not in frame.columns]
    if missing:
        raise OutletRegistryError(f"{source}: missing column(s) {', '.join(missing)}")
    registry = OutletRegistry(outlets={}, path=source)
    for index, row in enumerate(frame.fillna("").to_dict("records")):
        where = f"{source} row {index + 2}"
        name = str(row["outlet"]).strip()
        if not name:
            raise OutletRegistryError(f"{where}: empty outlet name")
        if name in registry.outlets:
            raise OutletRegistryError(f"{where}: outlet {name!r} is listed twice")
        country = str(row["country"]).strip().upper()
        if country not in ISO_COUNTRIES:
            raise OutletRegistryError(
                f"{where} ({name}): country {row['country']!r} is not an ISO 3166-1 alpha-2 code"
            )
        affiliated = str(row["state_affiliated"]).strip().lower()
        if affiliated not in {"yes", "no"}:
            raise OutletRegistryError(
                f"{where} ({name}): state_affiliated must be yes or no, not {row['state_affiliated']!r}"
            )
        aliases = split_list(row["aliases"])
        if name not in aliases:
            aliases.insert(0, name)
        domains = [domain_of(domain) for domain in split_list(row["domains"])]
        for domain in domains:
            if not DOMAIN_SHAPE.match(domain):
                raise OutletRegistryError(f"{where} ({name}): {domain!r} is not a domain name")
            other = registry.by_domain.get(domain)
            if other and other != name:
                raise OutletRegistryError(
                    f"{where} ({name}): domain {domain!r} already belongs to {other!r}"
                )
            registry.by_domain[domain] = name
        for alias in aliases:
            key = alias_key(alias)
            if not key:
                raise OutletRegistryError(f"{where} ({name}): alias {alias!r} has no letters or digits")
            other = registry.by_alias.get(key)
            if other and other != name:
                raise OutletRegistryError(
                    f"{where} ({name}): alias {alias!r} already names {other!r}"
                )
            registry.by_alias[key] = name
        registry.outlets[name] = Outlet(
            name, aliases, domains, country, affiliated == "yes", str(row["notes"]).strip()
        )
    return registry


def load_outlets(path: Path | str) -> OutletRegistry:
    """Read and validate an outlet registry CSV (see ``parse_outlets`` for the checks)."""
    path = Path(path)
    if not path.is_file():
        raise OutletRegistryError(f"outlet registry {path} does not exist")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise OutletRegistryError(f"{path}: not a readable UTF-8 CSV ({error})")
    return parse_outlets(frame, source=str(path))


def outlet_for_domain(registry: OutletRegistry, domain: str) -> str:
    """Outlet publishing at ``domain`` or any parent domain ("francais.rt.com" -> "RT"), else ""."""
    domain = domain_of(domain)
    parts = domain.split(".")
    for start in range(len(parts) - 1):
        name = registry.by_domain.get(".".join(parts[start:]))
        if name:
            return name
    return ""


def outlet_for_url(registry: OutletRegistry, url: str) -> str:
    """Outlet whose domain hosts ``url``, else ""."""
    return outlet_for_domain(registry, url)


def outlet_for_alias(registry: OutletRegistry, name: str) -> str:
    """Outlet a name, alias or hashtag refers to ("#UNIAN" -> "UNIAN"), else ""."""
    return registry.by_alias.get(alias_key(name), "")
