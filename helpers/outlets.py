"""Outlet registry: look outlets up in ``data/registry/outlets.csv`` (chapter 1 and later).

Reads ``outlets.csv`` through ``helpers.schemas`` (its one loader and validator, shared with the
resolve and claims stages; columns ``outlet, aliases, domains, country, state_affiliated, notes``;
aliases and domains are ``;``-separated) and answers two questions for the later stages:
which outlet publishes at a URL or domain (``outlet_for_url``) and which outlet a name, a
hashtag or a signature refers to (``outlet_for_alias``). Writes nothing.

Aliases are compared by a normalised key (case, accents, a leading article and punctuation
ignored), so "The New York Times", "le New York Times" and "#NewYorkTimes" are one alias.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.schemas import (
    OUTLET_COLUMNS,
    OUTLETS,
    SchemaError,
    check_outlets,
    domain_of,
    load_outlets_table,
    outlet_key,
)
from helpers.tables import split_list

#: Kept for callers of the former name: outlet registry errors are schema errors.
OutletRegistryError = SchemaError


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


def parse_outlets(frame: pd.DataFrame, source: str = "outlets.csv") -> OutletRegistry:
    """Validate registry rows (``helpers.schemas.check_outlets``) and build the lookup indexes.

    Raises SchemaError naming ``source``, the row (header = row 1) and the first problem.
    """
    missing = [column for column in OUTLETS.required if column not in frame.columns]
    if missing:
        raise SchemaError(f"{source}: missing column(s) {', '.join(missing)}")
    frame = frame.fillna("").astype(str).apply(lambda column: column.str.strip())
    problems = check_outlets(frame, source)
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise SchemaError(problems[0] + more)
    return _build(frame, source)


def _build(frame: pd.DataFrame, source: str) -> OutletRegistry:
    """Lookup indexes of a validated outlet table."""
    registry = OutletRegistry(outlets={}, path=source)
    for row in frame.to_dict("records"):
        name = row["outlet"]
        aliases = split_list(row["aliases"])
        if name not in aliases:
            aliases.insert(0, name)
        domains = [domain_of(domain) for domain in split_list(row["domains"])]
        for domain in domains:
            registry.by_domain[domain] = name
        for alias in aliases:
            registry.by_alias[outlet_key(alias)] = name
        registry.outlets[name] = Outlet(name, aliases, domains, row["country"].upper(),
                                        row["state_affiliated"].lower() == "yes", row["notes"])
    return registry


def load_outlets(path: Path | str) -> OutletRegistry:
    """Read and validate an outlet registry CSV through ``helpers.schemas`` (one loader, one
    validator for every stage) and build its lookup indexes."""
    path = Path(path)
    if not path.exists():
        raise SchemaError(f"outlet registry {path} does not exist")
    return _build(load_outlets_table(path), str(path))


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
    return registry.by_alias.get(outlet_key(name), "")
