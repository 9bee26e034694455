"""Outlet registry: look outlets up in ``data/registry/outlets.csv`` (chapter 1 and later).

Reads ``outlets.csv`` through ``helpers.schemas`` (its one loader and validator, shared with the
resolve and claims stages; columns ``outlet, aliases, domains, country, state_affiliated, notes``
and the optional ``affiliation, source, known_as_of``; aliases and domains are ``;``-separated)
and answers the questions of the describe step and the later stages: which outlet publishes at a
URL or domain (``outlet_for_url``), which outlet a name, a hashtag or a signature refers to
(``outlet_for_alias``), which outlet a page's own brand line or title names
(``outlet_in_brand_line``, ``outlet_in_title``), and the registered domain of a URL
(``registered_domain``, with the Public Suffix List bundled in the ``tld`` package: nothing is
downloaded). ``outlet_review_table`` lists the domains and page brands of a described corpus
that the registry does not know; ``write_outlet_review`` writes it as ``outlets_review.csv``
beside ``articles.csv``. Writes nothing else.

Aliases are compared by a normalised key (case, accents, a leading article and punctuation
ignored), so "The New York Times", "le New York Times" and "#NewYorkTimes" are one alias.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import rules
from helpers.schemas import (
    OUTLET_COLUMNS,
    OUTLETS,
    SchemaError,
    accent_free,
    check_outlets,
    domain_of,
    load_outlets_table,
    outlet_key,
)
from helpers.tables import split_list, write_csv_atomic

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
    affiliation: str = ""
    source: str = ""
    known_as_of: str = ""


@dataclass
class OutletRegistry:
    """The validated registry with lookup indexes by alias key and by domain."""

    outlets: dict[str, Outlet]
    by_alias: dict[str, str] = field(default_factory=dict)
    by_domain: dict[str, str] = field(default_factory=dict)
    #: Aliases as written, leading article kept ("lemonde", not "monde"): for a page's own lines,
    #: where a section name "Monde" or "Welt" must not pass for Le Monde or Die Welt.
    by_exact: dict[str, str] = field(default_factory=dict)
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
                "affiliation": o.affiliation,
                "source": o.source,
                "known_as_of": o.known_as_of,
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
    for column in OUTLET_COLUMNS:
        if column not in frame.columns:  # optional columns of older registries
            frame[column] = ""
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
            if alias.startswith("#") and not CAMEL_CASE.search(alias):
                continue  # "#Bild", "#Spiegel": a bare word on a page is a label, not the brand
            registry.by_exact[exact_key(alias)] = name
        registry.outlets[name] = Outlet(name, aliases, domains, row["country"].upper(),
                                        row["state_affiliated"].lower() == "yes", row["notes"],
                                        row.get("affiliation", "").lower(), row.get("source", ""),
                                        row.get("known_as_of", ""))
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


#: A capital inside a word: "#LeMonde", "#NYTimes" spell a name, "#Bild" is one word.
CAMEL_CASE = re.compile(r"\w[A-Z]")
#: Longest all-capitals alias compared with its case ("FOCUS" is the magazine, "Focus" a heading).
ACRONYM_MAX_LETTERS = 6


def exact_key(name: str) -> str:
    """Comparison key of a name as written: case, accents, ``#``/``@``, spaces and punctuation
    ignored, a leading article kept ("DER SPIEGEL" -> "derspiegel", "#LeMonde" -> "lemonde").
    Short all-capitals names keep their case and punctuation ("WELT", "AA": not "Welt", "A+A")."""
    name = name.strip().lstrip("#@")
    letters = [ch for ch in name if ch.isalpha()]
    if letters and len(letters) <= ACRONYM_MAX_LETTERS and all(ch.isupper() for ch in letters):
        return "=" + "".join(name.split())
    return "".join(ch for ch in accent_free(name).casefold() if ch.isalnum())


def outlet_for_exact_alias(registry: OutletRegistry, name: str) -> str:
    """Outlet an alias written out in full names ("Le Monde", "LE MONDE"; not "Monde"), else ""."""
    return registry.by_exact.get(exact_key(name), "")


def outlet_for_alias(registry: OutletRegistry, name: str) -> str:
    """Outlet a name, alias or hashtag refers to ("#UNIAN" -> "UNIAN"), else ""."""
    return registry.by_alias.get(outlet_key(name), "")


def registered_domain(url_or_domain: str) -> str:
    """The registered domain of a URL or host: one label above its public suffix
    ("https://edition.cnn.com/x" -> "cnn.com", "news.bbc.co.uk" -> "bbc.co.uk").

    The suffixes come from the Public Suffix List copy bundled in the ``tld`` package (nothing is
    fetched). A host with no known suffix (``localhost``, an IP address, an unknown top-level
    domain) is returned whole, so the result is never empty for a non-empty host.
    """
    host = domain_of(url_or_domain) if url_or_domain else ""
    return _registered_host(host) if host else ""


@lru_cache(maxsize=4096)
def _registered_host(host: str) -> str:
    from tld import get_fld

    try:
        found = get_fld(host, fail_silently=True, fix_protocol=True)
    except Exception:  # tld raises on hosts it cannot parse at all ("a..b"): the host is the answer
        found = None
    return (found or host).lower()


def is_registered_domain(registry: OutletRegistry, url_or_domain: str) -> bool:
    """True when a registered outlet publishes at this host or one of its parent domains."""
    return bool(outlet_for_domain(registry, url_or_domain))


# --- a page's own brand ------------------------------------------------------------------------

#: Separators between a headline and the outlet's name in a page title ("… – Le Monde", "… | DW").
TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*\|\s*")
#: A copyright sign: such lines are credits or signatures, never read as brand lines.
COPYRIGHT_SIGN = re.compile(r"©|\(c\)", re.IGNORECASE)
#: Longest line read as a brand line ("Le Monde avec AFP et Reuters", "DER SPIEGEL").
BRAND_LINE_MAX_WORDS = 10


@lru_cache(maxsize=1)
def _brand_joiners() -> frozenset[str]:
    """Words that join an outlet's name to its agencies ("avec", "with", "mit"), from
    ``helpers/rules/<lang>/outlets.yml`` (``brand_joiners``)."""
    return frozenset(word.casefold() for word in rules.words("outlets", "brand_joiners"))


rules.on_reload(_brand_joiners.cache_clear)


def outlet_in_brand_line(registry: OutletRegistry, line: str, alone: bool = True) -> str:
    """Registered outlet a page's brand line names, else "".

    A brand line is short and starts with an outlet's alias written out in full (a section
    name "Monde" is not Le Monde), alone ("DER SPIEGEL", "BBC News")
    or followed by a joiner and its sources ("Le Monde avec AFP", "SPIEGEL mit dpa", "The
    Guardian with agencies"). The longest leading alias wins; an alias followed by anything
    else ("Reuters reported that …") is not a brand line, nor is a label ("Bild: dpa").
    ``alone=False`` refuses a line that is only a name: on a page whose URL is known, a bare
    "Le Figaro" is more often a menu or a press review than the page's own brand.
    """
    words = line.strip(" \t()[]|•·").split()
    if not words or len(words) > BRAND_LINE_MAX_WORDS or COPYRIGHT_SIGN.search(line):
        return ""  # "© dpa | Kay Nietfeld" credits a picture; dated signatures are read apart
    joiners = _brand_joiners()
    for n_words in range(len(words), 0, -1):
        rest = words[n_words:]
        if (rest and rest[0].casefold().strip(",;:") not in joiners) or (not rest and not alone):
            continue
        if words[n_words - 1].endswith(":"):
            continue  # "Bild:", "Foto:": a label before a credit
        name = outlet_for_exact_alias(registry, " ".join(words[:n_words]))
        if name:
            return name
    return ""


def outlet_in_title(registry: OutletRegistry, title: str) -> str:
    """Registered outlet named after the headline in a page title, else "".

    Page titles end with the site's name: "Secret talks … – Le Monde", "… | DW | 14.11.2022",
    "Ukraine … - BBC News". Every part after the first separator is tried, last first.
    """
    parts = [part.strip() for part in TITLE_SEPARATOR.split(title.strip())]
    for part in reversed(parts[1:]):
        name = outlet_for_exact_alias(registry, part) if part else ""
        if name:
            return name
    return ""


# --- the review list ---------------------------------------------------------------------------

#: Columns of ``outlets_review.csv`` (docs/data_dictionary.md).
OUTLET_REVIEW_COLUMNS = ["outlet_domain", "names_seen", "outlets_found", "n_articles",
                         "example_url", "example_article_id"]


def _by_frequency(names: pd.Series) -> str:
    """The non-empty names of a group, most frequent first (ties alphabetically), ``; ``-joined."""
    counts = names[names != ""].value_counts()
    return "; ".join(sorted(counts.index, key=lambda name: (-counts[name], name)))


def outlet_review_table(described: pd.DataFrame, registry: OutletRegistry | None) -> pd.DataFrame:
    """Domains and page brands the outlet registry does not know, for a researcher to add.

    One row per registered domain (``outlet_domain``) that no registered outlet publishes at,
    and one per unregistered page brand seen without any URL (``outlet_domain`` empty):
    ``names_seen`` are the names those pages give themselves (``outlet_unregistered``),
    ``outlets_found`` the registered outlets other evidence named for them (a "Source:" line on
    an aggregator), with how many articles and the first one as example. Most frequent first.
    """
    table = (described.reindex(columns=["outlet_domain", "outlet_unregistered", "outlet", "url",
                                        "article_id"])
             .fillna("").astype(str).apply(lambda column: column.str.strip()))
    where = table["url"].where(table["url"] != "", table["outlet_domain"])
    known = where.map(lambda url: bool(url) and registry is not None
                      and is_registered_domain(registry, url)).astype(bool)
    table = table[~known & ((table["outlet_domain"] != "") | (table["outlet_unregistered"] != ""))]
    # A domain is one row; without a URL, each brand is one (keys cannot collide: "\x00").
    key = table["outlet_domain"].where(table["outlet_domain"] != "",
                                       "\x00" + table["outlet_unregistered"].str.casefold()).rename("key")
    review = table.groupby(key, sort=False).agg(
        outlet_domain=("outlet_domain", "first"),
        names_seen=("outlet_unregistered", _by_frequency),
        outlets_found=("outlet", _by_frequency),
        n_articles=("article_id", "size"),
        example_url=("url", "first"),
        example_article_id=("article_id", "first"),
    )
    review = review.reindex(columns=OUTLET_REVIEW_COLUMNS)
    return review.sort_values(["n_articles", "outlet_domain", "names_seen"],
                              ascending=[False, True, True], ignore_index=True)


def write_outlet_review(described: pd.DataFrame, registry: OutletRegistry | None,
                        out_dir: Path | str) -> Path:
    """Write ``outlet_review_table`` as ``OUT_DIR/outlets_review.csv`` (atomically); its path."""
    path = Path(out_dir) / "outlets_review.csv"
    write_csv_atomic(outlet_review_table(described, registry), path)
    return path
