"""Chapter 2 (actors): the actor and outlet registry, and fast alias matching in article text.

Reads ``actors.csv`` (people, organisations, places) and, when present, ``outlets.csv`` from a
registry folder (default ``data/registry``) through ``helpers.schemas`` (the one loader and
validator of these files, shared with chapters 1, 3 and 4: one-line errors naming file, row and
problem), checks that no alias names both an actor and an outlet, and builds what ``helpers.resolve`` matches with:

- one ``PhraseMatcher``: every alias of every actor and outlet and every title (role phrases
  standing for a person: "directeur de la CIA", "Kremlin spokesman", "CIA-Chef", each valid
  between ``title_from`` and ``title_to``) compiled into a single trie-shaped regular expression,
  so a text is scanned once, in C, whatever the size of the registry.

Matching is accent- and case-insensitive on whole words: the scan runs over the lower-cased text
(same length, so offsets are offsets into the original) and each letter of a phrase is a class of
its accented variants. Aliases written in capitals of up to six letters (``UN``, ``CIA``, ``US``)
and aliases with symbols (``Canal+``) match literally and case-sensitively, so French "un" is not
the United Nations. Words glued together by bad scraping are tolerated in two ways: a lower-to-
upper case change inside a word splits it ("KommersantLe" -> "Kommersant" + "Le"), and the last
word of a multi-word alias may run into the next word ("Richard Hassprésident"). ``fold`` gives
the lower-case, accent-free form used for keys and similarity.

``ignore.csv`` (optional) lists names a researcher rejected in the review queue; NER no longer
reports them. Writes nothing, except ``add_aliases`` (accepted review rows -> ``actors.csv``) and
``add_ignored`` (rejected ones -> ``ignore.csv``), both validated before the file is replaced.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import schemas
from helpers.schemas import (  # noqa: F401  (the registry files' columns, loader and validators; re-exported)
    ACTOR_COLUMNS,
    ACTOR_KINDS,
    ACTORS,
    IGNORE,
    IGNORE_COLUMNS,
    OUTLET_COLUMNS,
    OUTLETS,
    SchemaError,
    check_actors,
    check_ignore,
    check_outlets,
)
from helpers.tables import split_list
#: Longest all-capitals alias still treated as a case-sensitive acronym.
ACRONYM_MAX_LETTERS = 6
#: Leading articles: "tout le monde" is not Le Monde, so after one of these the alias's capitals
#: must be capitals in the text too ("le Monde" and "Le Monde" are the paper).
DETERMINERS = {"the", "le", "la", "les", "l", "der", "die", "das", "el", "il", "lo"}
#: A glued word must leave at least this much of the alias's last word intact.
GLUE_MIN_LAST_WORD = 3

WORD = re.compile(r"\w+")
# Characters word matching would drop ("Canal+", "AT&T", "#WSJ"): such aliases match literally.
LITERAL_CHARS = re.compile(r"[^\w\s'’.\u2010\u2011-]")
# Inside a word, a lower-case letter directly followed by a capital marks two scraped words glued.
CAMEL_GLUE = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")  # used on short phrases only

SPECIAL_FOLDS = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u2010": "-", "\u2011": "-", "\u00a0": " ", "\u202f": " ",
}


#: Kept for callers of the former name: registry errors are schema errors (file, row, problem).
RegistryError = SchemaError


class _FoldTable(dict):
    """str.translate table folding each character to exactly ONE character (offsets survive)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in SPECIAL_FOLDS:
            folded = SPECIAL_FOLDS[char]
        else:
            base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
            folded = (base or char).lower()[:1] or char
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, accent-free copy of ``text`` with the same length (so offsets carry over)."""
    return text.translate(_FOLD)


def word_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each word, splitting words glued by a lower-to-upper case change."""
    spans = [match.span() for match in WORD.finditer(text)]
    glue_points = [match.start() for match in CAMEL_GLUE.finditer(text)]
    if not glue_points:
        return spans
    split: list[tuple[int, int]] = []
    points = iter(glue_points)
    point = next(points, None)
    for start, end in spans:
        while point is not None and point <= start:
            point = next(points, None)
        while point is not None and point < end:
            split.append((start, point))
            start = point
            point = next(points, None)
        split.append((start, end))
    return split


def is_acronym(alias: str) -> bool:
    """True for short all-capitals aliases (UN, CIA, U.S.) that must match case-sensitively."""
    letters = [c for c in alias if c.isalpha()]
    return bool(letters) and len(letters) <= ACRONYM_MAX_LETTERS and all(c.isupper() for c in letters)


@lru_cache(maxsize=65536)
def alias_key(alias: str, case_sensitive: bool | None = None) -> tuple[bool, tuple[str, ...]]:
    """Index key of an alias: (case-sensitive?, its words as matched). Cached: surfaces repeat."""
    if case_sensitive is None:
        case_sensitive = is_acronym(alias)
    source = alias if case_sensitive else fold(alias)
    return case_sensitive, tuple(source[s:e] for s, e in word_spans(alias))


# A capital right after a lower-case letter: words glued by scraping ("KommersantLe", "kremlinPour").
# The capital comes first so the regex engine can skip quickly to candidate positions.
GLUED_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-Þ](?<=[a-zß-öø-ÿ][A-ZÀ-ÖØ-Þ])")
# What may separate the words of one name: spaces, a hyphen, an apostrophe, a full stop, one line break.
WORD_GAP = r"(?:[ \t\u00a0\u202f.'’\u2010\u2011-]{1,3}|[ \t]*\n[ \t]*)"
_GAP, _END, _GLUED_END = "\x00gap", "\x00end", "\x00glued"


def _letter_variants() -> dict[str, str]:
    """For each folded letter, the lower-case characters (accented or not) that fold to it."""
    variants: dict[str, set[str]] = {}
    for code in [*range(0x30, 0x7B), *range(0xC0, 0x250)]:
        char = chr(code)
        if char.isalnum() and len(char.lower()) == 1:
            variants.setdefault(fold(char), set()).add(char.lower())
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


def _unit_pattern(unit: str, variants: dict[str, str]) -> str:
    if unit == _GAP:
        return WORD_GAP
    chars = variants.get(unit, unit)
    return re.escape(chars) if len(chars) == 1 else "[" + "".join(re.escape(c) for c in chars) + "]"


def _trie_pattern(node: dict, variants: dict[str, str]) -> str:
    """Regex for a character trie; longer continuations are tried before ending here."""
    branches = [
        _unit_pattern(unit, variants) + _trie_pattern(node[unit], variants)
        for unit in sorted(key for key in node if key not in (_END, _GLUED_END))
    ]
    if _GLUED_END in node:
        branches.append("")  # the last word of a multi-word phrase may run into the next word
    elif _END in node:
        branches.append(r"(?!\w)")
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


def lower_same_length(text: str) -> str:
    """``text.lower()`` (fast, in C) unless that changes the length (rare: 'İ'); then ``fold``."""
    lowered = text.lower()
    return lowered if len(lowered) == len(text) else fold(text)


def glue_points(text: str) -> list[int]:
    """Offsets where a capital follows a lower-case letter inside a word (scraping glue)."""
    return [match.start() for match in GLUED_CAPITAL.finditer(text)]


@dataclass(frozen=True)
class Entry:
    """One canonical thing an alias points to."""

    canonical: str
    kind: str  # person / organisation / place / outlet
    where: str  # "actors.csv row 4": where a researcher fixes it


@dataclass(frozen=True)
class Title:
    """A role phrase standing for ``holder`` between ``valid_from`` and ``valid_to`` (inclusive)."""

    phrase: str
    holder: Entry
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def held_on(self, day: dt.date | None) -> bool:
        """True when the holder had the title on ``day`` (or when the day is unknown)."""
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


@dataclass(slots=True)
class Match:
    """A registry phrase found in a text: ``text[start:end]`` is what was written."""

    start: int
    end: int
    value: object  # an Entry (aliases) or a tuple of Title (titles)
    glued: bool = False


class PhraseMatcher:
    """Aliases and titles compiled into one trie-shaped regex: one C-speed scan per text.

    The scan runs over the lower-cased text, so accented/unaccented and upper/lower spellings
    match (each letter of a phrase becomes a class of its accented variants). Acronyms are found
    with ``str.find`` on the original text, case-sensitively, at word boundaries.
    """

    def __init__(self) -> None:
        self.aliases: dict[tuple[str, ...], Entry] = {}
        self.titles: dict[tuple[str, ...], tuple[Title, ...]] = {}
        self.acronyms: dict[str, Entry] = {}
        # For aliases opening with an article: which later words must be capitalised in the text.
        self.capitals: dict[tuple[str, ...], tuple[bool, ...]] = {}
        self._tries = {"all": {}, "aliases": {}}
        self._patterns: dict[str, re.Pattern] | None = None
        self._acronym_pattern: re.Pattern | None = None

    def _insert(self, trie: dict, phrase: str, glue_ok: bool) -> None:
        node = trie
        spans = word_spans(phrase)
        folded = fold(phrase)
        for number, (start, end) in enumerate(spans):
            if number and spans[number - 1][1] < start:
                node = node.setdefault(_GAP, {})
            for char in folded[start:end]:
                node = node.setdefault(char, {})
        node[_GLUED_END if glue_ok else _END] = True

    def add_alias(self, alias: str, entry: Entry) -> None:
        """Index ``alias`` (acronyms and aliases with symbols literally) as a name of ``entry``."""
        sensitive, words = alias_key(alias)
        if sensitive or LITERAL_CHARS.search(alias):
            self.acronyms[alias.strip()] = entry
            self._acronym_pattern = None
            return
        self.aliases[words] = entry
        if len(words) >= 2 and words[0] in DETERMINERS:
            shape = tuple(alias[start].isupper() for start, _ in word_spans(alias))
            known = self.capitals.get(words, shape)
            self.capitals[words] = tuple(a and b for a, b in zip(known, shape))
        glue_ok = len(words) >= 2 and len(words[-1]) >= GLUE_MIN_LAST_WORD
        self._insert(self._tries["all"], alias, glue_ok)
        self._insert(self._tries["aliases"], alias, glue_ok)
        self._patterns = None

    def add_title(self, phrase: str, holders: tuple[Title, ...]) -> None:
        """Index a role phrase; ``holders`` are everyone who held it (with dates)."""
        words = alias_key(phrase, case_sensitive=False)[1]
        self.titles[words] = holders
        self._insert(self._tries["all"], phrase, glue_ok=False)
        self._patterns = None

    def _compiled(self) -> dict[str, re.Pattern]:
        if self._patterns is None:
            variants = _letter_variants()
            self._patterns = {
                name: re.compile(r"(?<!\w)" + _trie_pattern(trie, variants))
                for name, trie in self._tries.items()
                if trie
            }
        return self._patterns

    def find(self, text: str) -> tuple[list[Match], list[Match]]:
        """(alias matches, title matches) in ``text``; aliases inside a title are found too.

        Alias matches are leftmost-longest and never overlap each other; title matches never
        overlap each other either but may contain alias matches ("directeur de la CIA").
        """
        patterns = self._compiled()
        if "all" not in patterns and not self.acronyms:
            return [], []
        lowered = lower_same_length(text)
        points = glue_points(text)
        bounds = [0, *points, len(text)]
        aliases: list[Match] = []
        titles: list[Match] = []
        for low, high in zip(bounds, bounds[1:]) if "all" in patterns else ():
            # A glue point starts a new word: scan each glued piece as a text of its own.
            piece = lowered if not points else lowered[low:high]
            offset = 0 if not points else low
            for found in patterns["all"].finditer(piece):
                start, end = found.start() + offset, found.end() + offset
                words = alias_key(text[start:end], case_sensitive=False)[1]
                glued = end < high and text[end].isalnum()
                if words in self.titles:
                    titles.append(Match(start, end, self.titles[words]))
                    for inner in patterns["aliases"].finditer(lowered, start, end):
                        entry = self.aliases.get(alias_key(text[inner.start():inner.end()], False)[1])
                        if entry is not None:
                            aliases.append(Match(inner.start(), inner.end(), entry))
                elif words in self.aliases:
                    if words in self.capitals and not self._capitals_ok(text, start, end, words):
                        inner = self._after_first_word(text, lowered, start, end)
                        if inner is not None:
                            aliases.append(inner)
                        continue
                    aliases.append(Match(start, end, self.aliases[words], glued))
        aliases += self._find_acronyms(text)
        aliases.sort(key=lambda m: (m.start, -m.end))
        kept: list[Match] = []
        for match in aliases:
            if not kept or match.start >= kept[-1].end:
                kept.append(match)
        return kept, titles

    def _capitals_ok(self, text: str, start: int, end: int, words: tuple[str, ...]) -> bool:
        """True when every word capitalised in the alias (after its article) is so in the text."""
        spans = word_spans(text[start:end])
        return all(text[start + span[0]].isupper() for span, upper in zip(spans[1:], self.capitals[words][1:]) if upper)

    def _after_first_word(self, text: str, lowered: str, start: int, end: int) -> Match | None:
        """'the Wall Street Journal' failing the capitals check may still hold 'Wall Street Journal'."""
        second = word_spans(text[start:end])[1][0] + start
        found = self._compiled()["aliases"].match(lowered, second, end)
        if found is None:
            return None
        entry = self.aliases.get(alias_key(text[found.start():found.end()], False)[1])
        return None if entry is None else Match(found.start(), found.end(), entry)

    def _find_acronyms(self, text: str) -> list[Match]:
        """Acronyms, case-sensitively, not inside a longer word ("UN" is not in "UNIAN")."""
        if not self.acronyms:
            return []
        if self._acronym_pattern is None:
            longest_first = sorted(self.acronyms, key=lambda acronym: (-len(acronym), acronym))
            self._acronym_pattern = re.compile(
                "|".join(map(re.escape, longest_first))
            )
        found = []
        for match in self._acronym_pattern.finditer(text):
            start, end = match.span()
            if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                found.append(Match(start, end, self.acronyms[match.group()]))
        return found


@dataclass
class Registry:
    """Validated actors and outlets plus the indexes used to find them in text."""

    actors: pd.DataFrame
    outlets: pd.DataFrame
    matcher: PhraseMatcher
    domains: dict[str, Entry]
    entries: dict[str, Entry]  # canonical name -> entry
    fuzzy_choices: dict[str, Entry]  # folded alias -> entry, for rapidfuzz suggestions
    # (kind or "", folded words) of names a researcher rejected (ignore.csv): NER hits to drop
    ignored: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    # best_candidate results, memoised per registry (names recur across a corpus)
    similarity_cache: dict = field(default_factory=dict, repr=False, compare=False)

    def is_ignored(self, surface: str, kind: str) -> bool:
        """True when ``surface`` (of ``kind``) was rejected as not an actor."""
        words = alias_key(surface, case_sensitive=False)[1]
        return ("", words) in self.ignored or (kind, words) in self.ignored

    @property
    def n_aliases(self) -> int:
        """How many distinct alias keys the index holds."""
        return len(self.matcher.aliases) + len(self.matcher.acronyms)


def parse_day(value: str, where: str, column: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) or None for an empty cell; RegistryError otherwise."""
    try:
        return schemas.parse_day(value)
    except ValueError as error:
        raise RegistryError(f"{where}: {column} {error}") from None


def normalise_domain(domain: str) -> str:
    """'https://www.NBCNews.com/' -> 'nbcnews.com' (``helpers.schemas.domain_of``)."""
    return schemas.domain_of(domain)


def build_indexes(actors: pd.DataFrame, outlets: pd.DataFrame) -> tuple[PhraseMatcher, dict, dict, dict, list[str]]:
    """Phrase matcher, domains, entries, fuzzy choices, and alias-conflict problems."""
    matcher = PhraseMatcher()
    owners: dict[tuple, tuple[Entry, str]] = {}
    domains: dict[str, Entry] = {}
    entries: dict[str, Entry] = {}
    choices: dict[str, Entry] = {}
    problems: list[str] = []
    title_holders: dict[tuple, list[Title]] = {}

    def add_alias(alias: str, entry: Entry) -> None:
        key = alias_key(alias)
        if not key[1]:
            problems.append(f"{entry.where}: alias {alias!r} has no letters or digits")
            return
        owner = owners.get(key)
        if owner and owner[0].canonical != entry.canonical:
            if (owner[0].kind == "outlet") == (entry.kind == "outlet"):
                return  # within one file: reported by check_actors / check_outlets
            problems.append(
                f"{entry.where}: alias {alias!r} of {entry.canonical!r} already belongs to "
                f"{owner[0].canonical!r} ({owner[0].where})"
            )
            return
        owners[key] = (entry, alias)
        matcher.add_alias(alias, entry)
        choices.setdefault(fold(alias), entry)

    for index, row in actors.iterrows():
        if not row["canonical"]:
            continue
        entry = Entry(row["canonical"], row["kind"], f"actors.csv row {index + 2}")
        entries.setdefault(entry.canonical, entry)
        for alias in [row["canonical"], *split_list(row["aliases"])]:
            add_alias(alias, entry)
        try:
            start = parse_day(row["title_from"], entry.where, "title_from")
            end = parse_day(row["title_to"], entry.where, "title_to")
        except RegistryError:
            start = end = None  # already reported by check_actors
        for phrase in split_list(row["titles"]):
            key = alias_key(phrase, case_sensitive=False)
            holders = title_holders.setdefault(key, [])
            if key[1] and not any(title.holder == entry for title in holders):
                holders.append(Title(phrase, entry, start, end))
    for index, row in outlets.iterrows():
        if not row["outlet"]:
            continue
        entry = Entry(row["outlet"], "outlet", f"outlets.csv row {index + 2}")
        entries.setdefault(entry.canonical, entry)
        for alias in [row["outlet"], *split_list(row["aliases"])]:
            add_alias(alias, entry)
        for domain in split_list(row["domains"]):
            domains[normalise_domain(domain)] = entry
    for key, holders in title_holders.items():
        if holders:
            matcher.add_title(holders[0].phrase, tuple(holders))
    return matcher, domains, entries, choices, problems


def registry_problems(registry_dir: Path | str) -> list[str]:
    """Every problem in a registry folder, one line each (empty list: the registry is valid)."""
    try:
        actors, outlets = read_registry_tables(Path(registry_dir))
    except RegistryError as error:
        return [str(error)]
    problems = check_actors(actors) + check_outlets(outlets)
    problems += build_indexes(actors, outlets)[-1]
    problems += read_ignored(Path(registry_dir))[1]
    return problems


def read_registry_tables(registry_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The raw actors and outlets tables (outlets empty when outlets.csv is absent), read by
    ``helpers.schemas.read_table`` (structure checked, cells stripped; not yet validated)."""
    if not registry_dir.is_dir():
        raise RegistryError(f"registry folder {registry_dir} does not exist")
    actors_path = registry_dir / "actors.csv"
    if not actors_path.exists():
        raise RegistryError(f"{actors_path} does not exist: the registry needs actors.csv")
    actors = schemas.read_table(actors_path, ACTORS)
    outlets = schemas.read_table(registry_dir / "outlets.csv", OUTLETS, missing_ok=True)
    return actors, outlets


def read_ignored(registry_dir: Path) -> tuple[set, list[str]]:
    """Rejected names from ``ignore.csv`` (if present) and any problems in it."""
    table = schemas.read_table(registry_dir / "ignore.csv", IGNORE, missing_ok=True)
    ignored = {
        (row["kind"], alias_key(row["surface"], case_sensitive=False)[1])
        for row in table.to_dict("records")
    }
    return {key for key in ignored if key[1]}, check_ignore(table)


def load_registry(registry_dir: Path | str) -> Registry:
    """Load and validate ``actors.csv`` (+ ``outlets.csv``, ``ignore.csv`` if present).

    Raises RegistryError naming the first problem (file, line, what is wrong) and how many more
    there are; ``registry_problems`` lists them all.
    """
    actors, outlets = read_registry_tables(Path(registry_dir))
    problems = check_actors(actors) + check_outlets(outlets)
    matcher, domains, entries, choices, conflicts = build_indexes(actors, outlets)
    ignored, ignore_problems = read_ignored(Path(registry_dir))
    problems += conflicts + ignore_problems
    if problems:
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise RegistryError(problems[0] + more)
    return Registry(actors, outlets, matcher, domains, entries, choices, ignored)


def add_aliases(registry_dir: Path | str, accepted: Iterable[tuple[str, str]]) -> int:
    """Append accepted (surface, canonical) pairs from the review queue to ``actors.csv``.

    Surfaces already known for that actor are skipped; an unknown canonical name is an error
    (add the actor's row first). The new table is validated before it replaces the old file.
    Returns how many aliases were added.
    """
    from helpers.tables import write_csv_atomic

    registry_dir = Path(registry_dir)
    actors, outlets = read_registry_tables(registry_dir)
    rows = {name: index for index, name in enumerate(actors["canonical"])}
    added = 0
    for surface, canonical in accepted:
        if canonical not in rows:
            raise RegistryError(f"actors.csv: no actor named {canonical!r} to add alias {surface!r} to")
        index = rows[canonical]
        known = {alias_key(alias) for alias in [canonical, *split_list(actors.at[index, "aliases"])]}
        if alias_key(surface) in known:
            continue
        actors.at[index, "aliases"] = ";".join([*split_list(actors.at[index, "aliases"]), surface.strip()])
        added += 1
    problems = check_actors(actors) + build_indexes(actors, outlets)[-1]
    if problems:
        raise RegistryError(problems[0])
    write_csv_atomic(actors, registry_dir / "actors.csv")
    return added


def add_ignored(registry_dir: Path | str, rejected: Iterable[tuple[str, str]], note: str = "rejected in review") -> int:
    """Append rejected (surface, kind) pairs from the review queue to ``ignore.csv``.

    Those names are no longer reported by NER (registry aliases still win). Returns how many
    were added; names already ignored are skipped.
    """
    from helpers.tables import write_csv_atomic

    registry_dir = Path(registry_dir)
    path = registry_dir / "ignore.csv"
    table = schemas.read_table(path, IGNORE, missing_ok=True)
    known = {(kind, alias_key(surface, case_sensitive=False)[1]) for surface, kind in zip(table["surface"], table["kind"])}
    rows = []
    for surface, kind in rejected:
        key = (kind, alias_key(surface, case_sensitive=False)[1])
        if key[1] and key not in known and ("", key[1]) not in known:
            known.add(key)
            rows.append({"surface": " ".join(surface.split()), "kind": kind, "notes": note})
    if rows:
        table = pd.concat([table[IGNORE_COLUMNS], pd.DataFrame(rows, columns=IGNORE_COLUMNS)], ignore_index=True)
        table = table.sort_values(["kind", "surface"], ignore_index=True)
        write_csv_atomic(table, path)
    return len(rows)
