"""Language resources as data: load ``rules/<language>/*.yml`` and ``rules/sites/*.yml`` once.

Reads YAML files from the rules folders: ``helpers/rules/`` (shipped: ``fr``, ``en``, ``de``;
``es``, ``pt``, ``it``, ``pl`` with boilerplate words only; ``common``, ``thresholds.yml``), then
every folder listed in the environment variable ``BACKCHANNEL_RULES_DIRS`` (separated by
``os.pathsep``; e.g. a study's ``rules/`` folder). Each sub-folder of a rules folder is a
language (its name is the ISO 639-1 code, e.g. ``it``), except ``common`` (words of no
language, merged into every list) and ``sites`` (per-domain additions).
``helpers/rules/README.md`` documents the keys. Writes nothing.

The stages ask for words, not files: ``words("boilerplate", "share_words")`` is the union over
every loaded language (cleaning rules apply to a page whatever its language), while
``language_rules("fr", "hedging")`` is one language's file. Modules that compile patterns from the
words keep them in a ``Compiled`` namespace, which ``reload`` rebuilds in place, so adding a
rules folder in a running notebook (``use_rules_dirs``) takes effect without a restart.
A language with no folder still runs through every stage: ``languages_without_rules`` reports it,
and ``missing_rules`` names the files a partly covered language lacks.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).parent / "rules"
#: Extra rules folders, separated by ``os.pathsep`` (":" on Linux and macOS).
ENV_VAR = "BACKCHANNEL_RULES_DIRS"
COMMON = "common"
SITES = "sites"
THRESHOLDS_FILE = RULES_DIR / "thresholds.yml"
#: A language folder's name: an ISO 639 code ("it", "pt", "zh-hant" would also do).
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]+)*$")


def rules_dirs() -> list[Path]:
    """The rules folders read, in order: the shipped one, then those of ``BACKCHANNEL_RULES_DIRS``."""
    extra = [Path(part) for part in os.environ.get(ENV_VAR, "").split(os.pathsep) if part.strip()]
    return [RULES_DIR, *extra]


def _read_yaml(path: Path) -> dict:
    """One rules file as a mapping; a clear error naming the file when it is not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML ({error})".replace("\n", " ")) from error
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of keys to lists, found {type(data).__name__}")
    for key, value in data.items():
        if not isinstance(value, (list, dict, str, int, float)):
            raise ValueError(f"{path}: key {key!r} holds {type(value).__name__}, expected a list or mapping")
        if isinstance(value, list):
            for item in value:
                if isinstance(item, bool) or not isinstance(item, (str, int, float)):
                    # YAML reads bare yes/no/on/off as true/false: the word was meant.
                    raise ValueError(f"{path}: key {key!r} holds {item!r}, not a word; "
                                     f"quote words such as 'yes', 'no', 'on', 'off'")
    return data


def _merge(into: dict, data: dict) -> None:
    """Add a file's keys: lists are extended (duplicates dropped), mappings updated, the rest replaced."""
    for key, value in data.items():
        if isinstance(value, list) and isinstance(into.get(key), list):
            into[key] = list(dict.fromkeys([*into[key], *map(str, value)]))
        elif isinstance(value, dict) and isinstance(into.get(key), dict):
            into[key] = {**into[key], **value}
        elif isinstance(value, list):
            into[key] = list(dict.fromkeys(map(str, value)))
        else:
            into[key] = value


@lru_cache(maxsize=1)
def _loaded() -> dict[str, dict[str, dict]]:
    """folder name ("fr", "common") -> file stem ("boilerplate") -> merged keys, over all rules folders."""
    loaded: dict[str, dict[str, dict]] = {}
    for folder in rules_dirs():
        if not folder.is_dir():
            raise ValueError(f"rules folder {folder} (from {ENV_VAR}) does not exist")
        for language_dir in sorted(p for p in folder.iterdir() if p.is_dir() and p.name != SITES):
            if language_dir.name != COMMON and not LANGUAGE_CODE.match(language_dir.name):
                continue  # __pycache__, notes: not a language
            for path in sorted(language_dir.glob("*.yml")):
                files = loaded.setdefault(language_dir.name, {})
                _merge(files.setdefault(path.stem, {}), _read_yaml(path))
    return loaded


def languages() -> list[str]:
    """Language codes that have a rules folder, sorted."""
    return sorted(code for code in _loaded() if code != COMMON)


def language_rules(language: str, stem: str) -> dict:
    """One language's ``<stem>.yml`` keys ({} when that language or file has none)."""
    return _loaded().get(language, {}).get(stem, {})


def words(stem: str, key: str) -> tuple[str, ...]:
    """The list ``key`` of ``<stem>.yml`` merged over ``common`` and every language, in order."""
    merged: dict[str, None] = {}
    for code in [COMMON, *languages()]:
        merged.update(dict.fromkeys(map(str, language_rules(code, stem).get(key, []))))
    return tuple(merged)


def mapping(stem: str, key: str) -> dict:
    """The mapping ``key`` of ``<stem>.yml`` merged over every language; a word given two
    different values by two languages is an error naming both."""
    merged: dict = {}
    origin: dict = {}
    for code in [COMMON, *languages()]:
        for word, value in (language_rules(code, stem).get(key) or {}).items():
            word = str(word)
            if word in merged and merged[word] != value:
                raise ValueError(f"rules {origin[word]}/{stem}.yml and {code}/{stem}.yml disagree on "
                                 f"{key} {word!r}: {merged[word]!r} vs {value!r}")
            merged[word], origin[word] = value, code
    return merged


def alternation(stem: str, key: str) -> str:
    """The regex fragments of ``words(stem, key)`` as one non-capturing group ``(?:a|b|c)``."""
    fragments = words(stem, key)
    return "(?:" + "|".join(fragments) + ")" if fragments else "(?!)"  # (?!) never matches


def literal_alternation(items: Iterable[str]) -> str:
    """Plain words as a regex group, longest first (so "sept" is tried before "sep")."""
    return "(?:" + "|".join(sorted(map(re.escape, items), key=len, reverse=True)) + ")"


def languages_without_rules(codes: Iterable[str], stem: str = "boilerplate") -> list[str]:
    """The codes among ``codes`` that have no ``<stem>.yml`` (blank codes ignored), sorted."""
    return list(missing_rules(codes, (stem,)))


#: The rules files a language needs for every chapter to read it fully: page furniture,
#: dates, hedging markers, cited sources.
CORE_STEMS = ("boilerplate", "dates", "hedging", "attribution")


def missing_rules(codes: Iterable[str], stems: Iterable[str] = CORE_STEMS) -> dict[str, list[str]]:
    """For each code among ``codes`` lacking some of ``stems``, the stems it lacks (a language
    shipped with a boilerplate lexicon only still misses its dates and hedging)."""
    stems = tuple(stems)
    gaps = {code: [stem for stem in stems if not language_rules(code, stem)]
            for code in sorted({c for c in codes if isinstance(c, str) and c.strip()})}
    return {code: missing for code, missing in gaps.items() if missing}


def describe_missing_rules(codes: Iterable[str]) -> str:
    """``missing_rules`` in one line for a notice: "es (dates, hedging, attribution); nl (all)",
    or "none"."""
    gaps = missing_rules(codes)
    return "; ".join(f"{code} ({'all' if len(missing) == len(CORE_STEMS) else ', '.join(missing)})"
                     for code, missing in gaps.items()) or "none"


# --- compiled namespaces, rebuilt in place --------------------------------------------------------

_COMPILED: list = []  # Compiled namespaces and callbacks, refreshed by reload()


class Compiled:
    """Patterns and word sets a module builds from the rules, as attributes.

    ``build`` returns a dict of names; they become attributes now and again at every
    ``reload``, on the same object, so code holding the namespace always sees current rules.
    """

    def __init__(self, build: Callable[[], dict[str, object]]) -> None:
        self._build = build
        self.refresh()
        _COMPILED.append(self)

    def refresh(self) -> None:
        """Build the names again from the rules as loaded now."""
        self.__dict__.update(self._build())


class _Callback:
    """A function ``reload`` calls (e.g. a cache's ``cache_clear``), shaped like ``Compiled``."""

    def __init__(self, callback: Callable[[], object]) -> None:
        self.refresh = callback


def on_reload(callback: Callable[[], object]) -> None:
    """Call ``callback`` whenever the rules are read again (to empty a cache built from them)."""
    _COMPILED.append(_Callback(callback))


def reload() -> None:
    """Read the rules folders again (after editing a file or ``BACKCHANNEL_RULES_DIRS``)."""
    _loaded.cache_clear()
    site_rules.cache_clear()
    for namespace in _COMPILED:
        namespace.refresh()


def use_rules_dirs(*folders: str | Path) -> None:
    """Read rules from ``folders`` too (after the shipped ones), now and in child processes
    (worker pools, the chapters' kernels started later): sets ``BACKCHANNEL_RULES_DIRS``."""
    os.environ[ENV_VAR] = os.pathsep.join(str(Path(folder).resolve()) for folder in folders)
    reload()


# --- per-site additions ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SiteRules:
    """Boilerplate of one site (``rules/sites/<domain>.yml``), used on pages naming the domain."""

    domain: str
    path: Path
    phrases: tuple[str, ...]  # lower case, found anywhere in a line
    lines: frozenset[str]  # lower case, the whole line
    patterns: tuple[re.Pattern, ...]  # regexes searched in the line

    def reason(self, text: str) -> str:
        """"site rule (<domain>)" when the line is boilerplate by this site's rules, else ""."""
        folded = text.casefold()
        if (folded.strip(" .:!›»") in self.lines or any(phrase in folded for phrase in self.phrases)
                or any(pattern.search(text) for pattern in self.patterns)):
            return f"site rule ({self.domain})"
        return ""


def _site_from_file(path: Path) -> SiteRules:
    data = _read_yaml(path)
    unknown = set(data) - {"domain", "phrases", "lines", "patterns"}
    if unknown:
        raise ValueError(f"{path}: unknown keys {sorted(unknown)}; expected domain, phrases, lines, patterns")
    domain = str(data.get("domain") or path.stem).casefold()
    patterns = []
    for pattern in data.get("patterns") or []:
        try:
            patterns.append(re.compile(str(pattern), re.IGNORECASE))
        except re.error as error:
            raise ValueError(f"{path}: pattern {pattern!r} is not a valid regex ({error})") from error
    return SiteRules(domain, path, tuple(str(p).casefold() for p in data.get("phrases") or []),
                     frozenset(str(line).casefold() for line in data.get("lines") or []), tuple(patterns))


@lru_cache(maxsize=1)
def site_rules() -> tuple[SiteRules, ...]:
    """Every ``sites/*.yml`` of the rules folders, in folder then file-name order."""
    return tuple(_site_from_file(path) for folder in rules_dirs()
                 for path in sorted((folder / SITES).glob("*.yml")) if (folder / SITES).is_dir())


def site_rules_for(text: str) -> tuple[SiteRules, ...]:
    """The site rules whose domain occurs in ``text`` (its URL, "Source:" line or footer)."""
    sites = site_rules()
    if not sites:
        return ()
    folded = text.casefold()
    return tuple(site for site in sites if site.domain in folded)


# --- thresholds -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Named numbers of the segmentation (their meaning is documented in ``thresholds.yml``)."""

    max_title_words: int
    max_subheading_words: int
    max_subheading_run: int
    min_list_item_words: float
    long_prose_words: int
    min_prose_words: int
    max_marker_words: int
    max_share_words: int
    max_media_label_words: int
    max_url_words: int
    url_share: float
    max_byline_words: int
    max_credit_words: int
    max_breadcrumb_words: int
    max_copyright_words: int
    max_date_line_words: int
    max_dated_line_words: int
    max_time_stamp_words: int
    max_comment_meta_words: int
    max_day_month_words: int
    max_action_bar_chars: int
    max_action_bar_words: int
    max_author_words: int
    min_article_item_lines: int
    max_header_chars: int
    max_bare_byline_words: int
    min_bullet_words: int
    max_bullet_label_words: int
    max_block_label_words: int
    min_standfirst_words: int
    long_body_words: int
    max_footer_words: int
    block_gap_cost: float
    block_short_cost: float
    block_heading_cost: float
    block_prose_offset: float
    block_second_share: float
    max_block_lead_lines: int
    min_block_lead_words: int
    max_block_lead_meta: int
    min_long_lead_words: int
    max_title_gap: int
    min_title_body_share: float
    min_fact_lines: int
    max_fact_line_words: int
    max_fact_box_gap: int
    max_sign_off_lines: int
    max_sign_off_words: int
    max_introduced_items: int
    max_list_lead_lines: int
    min_block_line_words: int
    max_repeated_words: int
    min_full_paragraph_words: int
    max_joined_share: float
    min_separated_items: int
    max_separated_item_words: float
    min_truncated_words: int
    min_glued_chars: int
    min_glued_part_chars: int
    title_similarity: int
    related_headline_similarity: int
    wrap_max_width: int
    wrap_full_share: float
    wrap_min_lines: int
    wrap_run_share: float
    language_sample_chars: int
    centrality_exact_max_edges: int
    date_list_gap: int
    date_list_min: int
    date_list_min_same: int


@lru_cache(maxsize=1)
def thresholds() -> Thresholds:
    """The numbers of ``helpers/rules/thresholds.yml`` (every one required, no other key)."""
    data = _read_yaml(THRESHOLDS_FILE)
    names = {field.name for field in fields(Thresholds)}
    if set(data) != names:
        raise ValueError(f"{THRESHOLDS_FILE}: missing {sorted(names - set(data))}, "
                         f"unknown {sorted(set(data) - names)}")
    return Thresholds(**data)
