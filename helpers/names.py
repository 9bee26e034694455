"""Find people and organisations named in a text without a trained model, in any language.

Reads the word lists in ``helpers/rules/<lang>/names.yml`` (honorifics, roles, organisation
words, connectors, capitalised words that are never names), spaCy's stop-word lists (shipped with
spaCy itself, no model needed) and the first names of Faker's person providers for many locales
(MIT licence; Cyrillic names transliterated with anyascii); writes nothing.

``find_names(text, "en")`` returns ``NameSpan`` records: a run of capitalised words (with
particles such as von/de/al-/bin, hyphenated names and initials) that looks like a name, its kind
(person or organisation), how sure and why. Evidence, strongest first:

- an honorific right before it ("Mr", "M.", "Mme", "Herr", "Frau");
- a role within a few words before it or in apposition after it ("White House spokesman",
  "le porte-parole du Kremlin,", "Sprecher", ", a Ukrainian adviser");
- a known first name as its first word (Faker's lists, compared by transliteration skeleton so
  "Sergueï" and "Sergej" count);
- an organisation word inside it ("Ministry", "Conseil", "-ministerium");
- the same surname already found as a person earlier in the text.

A capitalised word standing alone at the start of a sentence, a stop word, or a word the text
also writes in lower case is not evidence of anything. ``is_noise`` applies the same lists to
spaCy entities (a model's stray "Ladite", "Premier ministre"), so both sources are filtered alike.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from helpers.suggest import load_rules, plain_form, skeleton
from helpers.schemas import spacy_stop_words

RULES_DIR = Path(__file__).parent / "rules"
#: Faker locales whose first names count as evidence (Latin or Cyrillic script).
FIRST_NAME_LOCALES = (
    "en_US", "en_GB", "fr_FR", "fr_DZ", "de_DE", "it_IT", "es_ES", "pl_PL", "nl_NL", "pt_PT",
    "ru_RU", "uk_UA", "bg_BG", "tr_TR", "az_AZ", "cs_CZ", "hr_HR", "ro_RO", "sv_SE", "en_PK",
)
#: First names this short are too often ordinary words or initials to count.
FIRST_NAME_MIN_LETTERS = 3
#: How many words before a name a role may stand ("Ukrainian presidential adviser X": 1-3).
ROLE_WINDOW_WORDS = 5
#: Scores by evidence (0-1): how sure the finder is that the span names somebody.
SCORES = {"honorific": 0.9, "role": 0.85, "first name": 0.8, "organisation word": 0.75, "surname seen before": 0.7}

#: Words whose full stop belongs to them (an initial keeps its full stop too).
ABBREVIATIONS = {"m.", "mm.", "dr.", "prof.", "st.", "mgr.", "pr.", "gen.", "col.", "sen.", "rep.", "jr.", "sr."}
#: Score of a name-shaped run without other evidence (kept only when it resembles a registered name).
WEAK_SCORE = 0.5
WORD = re.compile(r"[^\W\d_](?:[\w'’]|[-‐‑](?=\w))*\.?")
LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zß-öø-ÿ][a-zß-öø-ÿ'’-]*")
SENTENCE_BREAK = re.compile(r"[.!?:;«»\"“”()\[\]\n]|\s[-–—]\s")


@dataclass(frozen=True)
class NameSpan:
    """A name found by the rules: ``text[start:end]``, person or organisation, score and evidence."""

    start: int
    end: int
    kind: str
    score: float
    evidence: str


@dataclass(frozen=True)
class NameRules:
    """One language's word lists, folded for look-up."""

    language: str
    honorifics: frozenset[str]
    roles: frozenset[str]
    role_suffixes: tuple[str, ...]
    role_phrases: frozenset[str]
    organisation_words: frozenset[str]
    organisation_suffixes: tuple[str, ...]
    connectors: frozenset[str]
    not_names: frozenset[str]
    stop_words: frozenset[str]
    particles: frozenset[str]


def _folded(words) -> frozenset[str]:
    return frozenset(str(word).lower().replace("’", "'") for word in words or ())


@lru_cache(maxsize=8)
def load_name_rules(language: str) -> NameRules:
    """Word lists for ``language`` (fr/en/de; other languages get the English lists plus their
    spaCy stop words when spaCy has them). ValueError naming the file for a malformed list."""
    path = RULES_DIR / (language if (RULES_DIR / language / "names.yml").exists() else "en") / "names.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    for key, value in data.items():
        if not isinstance(value, list):
            raise ValueError(f"{path}: {key} must be a list of words")
    # spaCy's list read from its data file: importing spacy.lang.<language> costs seconds
    # (tokenizer exceptions compiled) in every process that resolves, even with a warm NER cache.
    stop_words = spacy_stop_words(language)
    particles = {spelling for spelling in load_rules().particles}
    return NameRules(
        language=language,
        honorifics=_folded(word.rstrip(".") for word in data.get("honorifics", [])),
        roles=_folded(data.get("roles", [])),
        role_suffixes=tuple(_folded(data.get("role_suffixes", []))),
        role_phrases=_folded(data.get("role_phrases", [])),
        organisation_words=_folded(data.get("organisation_words", [])),
        organisation_suffixes=tuple(_folded(data.get("organisation_suffixes", []))),
        connectors=_folded(data.get("connectors", [])),
        not_names=_folded(data.get("not_names", [])),
        stop_words=_folded(stop_words),
        particles=frozenset(particles),
    )


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """English-rules skeletons of the first names in Faker's person providers (any locale in
    ``FIRST_NAME_LOCALES`` that the installed Faker has), plus the equivalents in name_folding.yml."""
    names: set[str] = set(load_rules().first_names)
    for locale in FIRST_NAME_LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except (ImportError, AttributeError):
            continue
        for attribute in dir(provider):
            if attribute.startswith("first_names"):
                for name in getattr(provider, attribute):
                    names.update(part for part in re.split(r"[\s-]+", str(name)) if part)
    return frozenset(
        skeleton(name, "en") for name in names if len(plain_form(name)) >= FIRST_NAME_MIN_LETTERS
    )


def is_first_name(word: str, language: str) -> bool:
    """True when ``word`` is a known first name in some spelling ('Sergueï', 'Jewgeni', 'Ömer')."""
    if len(plain_form(word)) < FIRST_NAME_MIN_LETTERS:
        return False
    known = first_names()
    word = word.split("-")[0] if "-" in word and word.split("-")[0][:1].isupper() else word
    return skeleton(word, language) in known or skeleton(word, "en") in known


def _key(word: str) -> str:
    return word.lower().replace("’", "'").rstrip(".")


def is_role(word: str, rules: NameRules) -> bool:
    """A role word ('spokesman', 'porte-parole', 'Kremlsprecher')."""
    key = _key(word)
    return key in rules.roles or (len(key) > 6 and key.endswith(rules.role_suffixes))


def is_organisation_word(word: str, rules: NameRules) -> bool:
    """An organisation word ('Ministry', 'Conseil', 'Außenministerium')."""
    key = _key(word)
    return key in rules.organisation_words or (len(key) > 5 and key.endswith(rules.organisation_suffixes))


def is_capitalised(word: str) -> bool:
    """First letter upper case, or a particle glued to a capitalised name ('al-Assad', 'el-Sisi')."""
    if word[:1].isupper():
        return True
    head, _, tail = word.partition("-")
    return bool(tail[:1].isupper()) and head.lower() in load_rules().particles


_LOWER_MEMO: dict[str, frozenset[str]] = {}


def lower_words(text: str) -> frozenset[str]:
    """Words the text writes in lower case somewhere (a capitalised one of them is a common word).
    The last text's answer is kept: the finder and both filters ask for the same text in a row."""
    if text not in _LOWER_MEMO:
        _LOWER_MEMO.clear()
        _LOWER_MEMO[text] = frozenset(word.rstrip(".") for word in LOWER_WORD.findall(text))
    return _LOWER_MEMO[text]


def is_common_word(word: str, rules: NameRules, lowered: frozenset[str]) -> bool:
    """Stop words, listed non-names, roles, and words the same text also writes in lower case."""
    key = _key(word)
    return (key in rules.stop_words or key in rules.not_names or is_role(word, rules)
            or (rules.language != "de" and key in lowered))


def is_particle(word: str, rules: NameRules) -> bool:
    """'von', 'de', 'bin', 'al' (and 'al-' glued to the next word, handled by the tokenizer)."""
    return _key(word).strip("-") in rules.particles


def _words(text: str) -> list[tuple[int, int, str]]:
    words = []
    for match in WORD.finditer(text):
        word = match.group()
        end = match.end()
        # Keep the full stop only on initials and abbreviated honorifics ("J.", "M.", "Dr.", "Prof.").
        if word.endswith(".") and len(word) > 2 and word.lower() not in ABBREVIATIONS:
            end -= 1
            word = word[:-1]
        words.append((match.start(), end, word))
    return words


def sentence_start(text: str, position: int) -> bool:
    """True when only spaces (or nothing) separate ``position`` from the last sentence break."""
    before = text[max(0, position - 3):position]
    stripped = before.rstrip(" \t\"“«'‘(")
    return position == 0 or not stripped or stripped[-1] in ".!?:\n" or before.endswith("\n")


def find_names(text: str, language: str = "en", weak: bool = False) -> list[NameSpan]:
    """Name-shaped runs of capitalised words with enough evidence to be a person or organisation.

    ``weak=True`` also returns runs without evidence (kind ``""``, evidence "name-shaped"), except
    a lone word opening a sentence: a caller may keep them when they resemble a registered name
    ("Kupchin" for Kupchan)."""
    rules = load_name_rules(language or "en")
    lowered = lower_words(text)
    words = _words(text)
    found: list[NameSpan] = []
    surnames: set[str] = set()  # skeletons of the last words of people already found
    index = 0
    while index < len(words):
        start, end, word = words[index]
        if not is_capitalised(word) or _key(word) in rules.honorifics or is_common_word(word, rules, lowered):
            index += 1
            continue
        # Grow the run: capitalised words, particles and (for organisations) connectors between them.
        run = [index]
        cursor = index + 1
        while cursor < len(words):
            gap = text[words[cursor - 1][1]:words[cursor][0]]
            if SENTENCE_BREAK.search(gap) or len(gap) > 3 or "," in gap:
                break
            candidate = words[cursor][2]
            if is_capitalised(candidate) and not is_common_word(candidate, rules, lowered):
                run.append(cursor)
                cursor += 1
                continue
            # "Conseil de sécurité": after an organisation word, a connector and a lower-case noun.
            if (rules.language == "fr" and _key(candidate) in rules.connectors and cursor + 1 < len(words)
                    and any(is_organisation_word(words[i][2], rules) for i in run)
                    and words[cursor + 1][2][:1].islower() and _key(words[cursor + 1][2]) not in rules.stop_words
                    and not SENTENCE_BREAK.search(text[words[cursor][1]:words[cursor + 1][0]])):
                run += [cursor, cursor + 1]
                cursor += 2
                continue
            # Particles or a connector only inside a run: a capitalised word must follow them
            # ("von der Leyen", "bin Salman", "Ministry of Defence").
            after = cursor
            connector_ok = any(is_organisation_word(words[i][2], rules) for i in run)
            while after < len(words) and after - cursor < 3 and (
                    is_particle(words[after][2], rules) or _key(words[after][2]) in rules.connectors):
                after += 1
            if not connector_ok and after < len(words) and is_organisation_word(words[after][2], rules):
                connector_ok = True
            if not connector_ok and any(_key(words[i][2]) in rules.connectors and not is_particle(words[i][2], rules)
                                        for i in range(cursor, after)):
                break
            if after > cursor and after < len(words) and is_capitalised(words[after][2]) \
                    and not is_common_word(words[after][2], rules, lowered) \
                    and not SENTENCE_BREAK.search(text[words[cursor - 1][1]:words[after][0]]):
                run += list(range(cursor, after + 1))
                cursor = after + 1
                continue
            break
        span = _judge(text, words, run, rules, lowered, surnames, language, weak)
        if span is not None:
            found.append(span)
            if span.kind == "person":
                surnames.add(skeleton(words[run[-1]][2], language))
        index = cursor
    return found


def _judge(text: str, words: list, run: list[int], rules: NameRules, lowered: frozenset[str],
           surnames: set[str], language: str, weak: bool = False) -> NameSpan | None:
    """Kind and evidence for one run of words, or None when nothing says it is a name."""
    tokens = [words[i][2] for i in run]
    if not any(is_organisation_word(token, rules) for token in tokens):
        # "Secretary of State Marco Rubio", "Kremlin Vladimir": the name starts at a first name
        # followed by at least one more word; what precedes it is not part of the name.
        for cut in range(1, len(tokens) - 1):
            if is_first_name(tokens[cut], language) and not is_first_name(tokens[0], language):
                run, tokens = run[cut:], tokens[cut:]
                break
    start, end = words[run[0]][0], words[run[-1]][1]
    if any(is_organisation_word(token, rules) for token in tokens):
        if len(tokens) == 1 and _key(tokens[0]) in rules.organisation_words:
            return None  # "Regierung", "Council" alone: a common noun, not a name
        return NameSpan(start, end, "organisation", SCORES["organisation word"], "organisation word")
    if any(_key(token) in rules.connectors for token in tokens):
        return None  # "Peace of Westphalia" style runs without an organisation word: not a person
    first = run[0]
    evidence = ""
    previous = words[first - 1][2] if first > 0 else ""
    between = text[words[first - 1][1]:start] if first > 0 else ""
    if previous and _key(previous) in rules.honorifics and len(between) <= 2 and "\n" not in between:
        evidence = "honorific"
    elif _modifies_role(text, words, run[-1], rules):
        return None  # "British diplomat", "Russia's foreign intelligence chief": not a person
    elif _role_before(text, words, first, rules) or _role_after(text, words, run[-1], rules):
        evidence = "role"
    elif len(tokens) >= 2 and is_first_name(tokens[0], language):
        evidence = "first name"
    elif len(tokens) == 1 and skeleton(tokens[0], language) in surnames:
        evidence = "surname seen before"
    if len(tokens) == 1 and evidence in ("", "role", "first name") and sentence_start(text, start):
        return None  # one capitalised word opening a sentence: too weak on its own
    if not evidence:
        return NameSpan(start, end, "", WEAK_SCORE, "name-shaped") if weak else None
    return NameSpan(start, end, "person", SCORES[evidence], evidence)


def _role_before(text: str, words: list, first: int, rules: NameRules) -> bool:
    """A role word among the few words before ``first``, in the same sentence. A connector in
    between means the name is what the role belongs to ("porte-parole du Kremlin"), unless a
    comma sets the name apart ("le porte-parole de la diplomatie russe, Maria Zakharova")."""
    apposition = first > 0 and "," in text[words[first - 1][1]:words[first][0]]
    if first > 0 and not apposition and not is_capitalised(words[first - 1][2]) \
            and _key(words[first - 1][2]) in rules.stop_words:
        return False  # "ambassador to Russia", "chief in Abu Dhabi": a place the role points to
    lower_between = False
    for back in range(first - 1, max(-1, first - 1 - ROLE_WINDOW_WORDS), -1):
        gap = text[words[back][1]:words[back + 1][0]]
        if SENTENCE_BREAK.search(gap) or ("," in gap and back < first - 1):
            return False  # a comma further back ends the role's phrase ("Sprecher X sagte, ohne Kiew")
        if is_role(words[back][2], rules):
            return True
        if _key(words[back][2]) in rules.connectors and not apposition:
            return False
        if is_capitalised(words[back][2]) and lower_between:
            return False  # another name, then other words: the role is that name's ("spokesman Peskov said Moscow")
        lower_between = lower_between or not is_capitalised(words[back][2])
    return False


def _modifies_role(text: str, words: list, last: int, rules: NameRules) -> bool:
    """A role word after the name, with at most two lower-case words and no comma between: the
    name qualifies the role ("former British diplomat", "Russian spy chief")."""
    for ahead in range(last + 1, min(len(words), last + 4)):
        gap = text[words[ahead - 1][1]:words[ahead][0]]
        if SENTENCE_BREAK.search(gap) or "," in gap:
            return False
        if is_role(words[ahead][2], rules) and not is_capitalised(words[ahead][2]):
            return True
        if is_capitalised(words[ahead][2]):
            return False
    return False


def _role_after(text: str, words: list, last: int, rules: NameRules) -> bool:
    """', a spokesman' / ', porte-parole' / ', Sprecher' right after the name."""
    if last + 1 >= len(words) or "," not in text[words[last][1]:words[last + 1][0]]:
        return False
    for ahead in range(last + 1, min(len(words), last + 4)):
        if ahead > last + 1 and SENTENCE_BREAK.search(text[words[ahead - 1][1]:words[ahead][0]]):
            return False
        if is_role(words[ahead][2], rules):
            return True
    return False


def is_noise(surface: str, kind: str, text: str, language: str, lowered: frozenset[str] | None = None) -> bool:
    """True for an entity (from spaCy or elsewhere) that is not a name: a lone stop word or
    common word ('Ladite', 'Diplomatie'), a role phrase ('Premier ministre'), a demonym with a
    fragment ('Ukrainiens jusqu'), or a person whose words are not all capitalised."""
    rules = load_name_rules(language or "en")
    lowered = lower_words(text) if lowered is None else lowered
    tokens = [word for _, _, word in _words(surface)]
    if not tokens:
        return True
    folded = " ".join(_key(token) for token in tokens)
    if folded in rules.role_phrases or is_role(tokens[0], rules) and kind != "organisation":
        return True
    meaningful = [t for t in tokens if not is_particle(t, rules) and _key(t) not in rules.connectors]
    if not meaningful or all(is_common_word(t, rules, lowered) for t in meaningful):
        return True
    if kind == "person" and any(not is_capitalised(t) for t in meaningful):
        return True
    if kind != "organisation" and len(meaningful) > 1 and is_common_word(meaningful[0], rules, lowered) \
            and not is_capitalised(meaningful[-1]):
        return True
    return kind == "organisation" and not is_capitalised(meaningful[-1]) and _key(meaningful[-1]) not in lowered \
        and len(meaningful[-1]) <= 5 and not is_organisation_word(meaningful[0], rules)
