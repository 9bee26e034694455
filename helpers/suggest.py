"""Garble-aware name suggestions: which registry name is a surface most likely a spelling of?

Reads the transliteration rules in ``helpers/rules/name_folding.yml`` (data, not code) and a list
of registry names; writes nothing. ``Suggester.suggest("Serguei Choïgou", "fr")`` returns
``Suggestion("Sergei Shoigu", ..., score=1.0, reason="same name after transliteration folding")``.

How two names are compared, token by token (so word order, missing first names and glued words
are handled explicitly rather than hoped for from a string ratio):

- **transliteration folding**: each word becomes a *skeleton* by the language's rules
  (Choïgou/Shoigu/Schoigu -> ``Soigu``; Lawrow/Lavrov -> ``lavrov``), after anyascii has turned
  any script into ASCII; skeletons are compared by edit distance, and so are the plain
  accent-free spellings (the better of the two counts);
- **first names**: equivalent given names and translations (Guillaume = William, Jacques = Jake)
  count as equal, an initial matches a name starting with it, and a *different* first name
  next to a matching surname (Ken Burns is not William Burns) keeps the suggestion out;
- **order and gaps**: tokens are aligned in the best order (Lavrov Sergei), a missing first or
  middle name costs a little, an extra word costs more;
- **glued words**: ``JakeSullivan`` is split at the capital, ``Lavrovsaid`` matches when the
  registry name opens the word.

Each suggestion carries its score (0-1) and a reason in words. ``SUGGEST_MIN`` keeps unrelated
names out; it was tuned on half of ``bench/data/name_variants.csv`` (``bench/names.py``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from anyascii import anyascii
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

RULES_PATH = Path(__file__).parent / "rules" / "name_folding.yml"
#: Below this score no suggestion is made (tuned on the tuning half of bench/data/name_variants.csv).
SUGGEST_MIN = 0.8
#: Two words count as the same word at or above this similarity (first-name checks).
SAME_WORD = 0.7
#: A surname found without its first name scores this fraction of a full match.
SURNAME_ONLY = 0.97
#: Each extra word in the surface that the registry name lacks costs this much.
EXTRA_WORD_COST = 0.12
#: Each registry word missing from the surface (besides the first name) costs this much.
MISSING_WORD_COST = 0.04
#: Similarity of a single initial ("W.") with a name starting with that letter.
INITIAL_SIMILARITY = 0.9
#: Prefilter: registry words at least this similar to some surface word are compared in full.
PREFILTER_MIN = 0.5
#: A glued word ("Lavrovsaid") may carry at most this many letters after the registry name.
GLUE_MAX_TAIL = 8

TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?\.?", re.UNICODE)
CAMEL = re.compile(r"(?<=[a-zß-öø-ÿ])(?=[A-ZÀ-ÖØ-Þ])")


@dataclass(frozen=True)
class Suggestion:
    """A registry name a surface may stand for, how sure (0-1) and why."""

    canonical: str
    kind: str
    alias: str  # the registry spelling it resembles most
    score: float
    reason: str


@dataclass(frozen=True)
class Word:
    """One word of a name: as written, accent-free lower case, and its transliteration skeleton."""

    text: str
    plain: str
    skeletons: tuple[str, ...]  # one per language whose rules may apply
    initial: bool = False


@dataclass(frozen=True)
class Rules:
    """Folding rules read from name_folding.yml."""

    before: dict[str, list[tuple[str, str]]]
    rules: dict[str, list[tuple[re.Pattern, str]]]
    common: list[tuple[re.Pattern, str]]
    particles: dict[str, str]  # any spelling -> its folded form
    first_names: dict[str, frozenset[int]]  # plain first name -> equivalence groups


def _compile(pairs: list) -> list[tuple[re.Pattern, str]]:
    compiled = []
    for source, target in pairs:
        anchored_start, anchored_end = source.startswith("^"), source.endswith("$")
        core = re.escape(source.strip("^$"))
        pattern = ("(?<![a-zA-Z])" if anchored_start else "") + core + ("(?![a-zA-Z])" if anchored_end else "")
        compiled.append((re.compile(pattern), target))
    return compiled


@lru_cache(maxsize=4)
def load_rules(path: Path = RULES_PATH) -> Rules:
    """The folding rules (cached); ValueError naming the file when a section is missing."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    missing = {"before", "rules", "common", "particles", "first_name_equivalents"} - set(data)
    if missing:
        raise ValueError(f"{path}: missing section(s) {', '.join(sorted(missing))}")
    particles = {spelling.strip("-"): form for form, spellings in data["particles"].items()
                 for spelling in spellings}
    first_names: dict[str, set[int]] = {}
    for number, group in enumerate(data["first_name_equivalents"]):
        for name in group:
            first_names.setdefault(plain_form(str(name)), set()).add(number)
    return Rules(
        before={lang: [tuple(pair) for pair in pairs] for lang, pairs in data["before"].items()},
        rules={lang: _compile(pairs) for lang, pairs in data["rules"].items()},
        common=_compile(data["common"]),
        particles=particles,
        first_names={name: frozenset(groups) for name, groups in first_names.items()},
    )


def plain_form(word: str) -> str:
    """Accent-free lower-case ASCII ('Choïgou' -> 'choigou')."""
    return anyascii(word).lower().replace("'", "").replace(".", "")


def skeleton(word: str, language: str = "", rules: Rules | None = None) -> str:
    """The transliteration skeleton of one word in ``language`` (fr/en/de; '' = English rules)."""
    if rules is None:
        return _default_skeleton(word, language)
    return _skeleton(word, language, rules)


@lru_cache(maxsize=200_000)
def _default_skeleton(word: str, language: str) -> str:
    """``skeleton`` with the shipped rules, memoised (the same names recur across a corpus)."""
    return _skeleton(word, language, load_rules())


def _skeleton(word: str, language: str, rules: Rules) -> str:
    language = language if language in rules.rules else "en"
    text = word.lower()
    for source, target in rules.before.get("any", []) + rules.before.get(language, []):
        text = text.replace(source, target)
    # anyascii would turn the class letters (S, C, Z...) into themselves: they are already ASCII.
    text = anyascii(text).replace("'", "").replace(".", "")
    for pattern, target in rules.rules[language] + rules.common:
        text = pattern.sub(target, text)
    return re.sub(r"(.)\1+", r"\1", text)


def split_words(surface: str) -> tuple[list[str], bool]:
    """Words of a name (hyphens and spaces split, glued capitals split) and whether glue was split."""
    glued = False
    words = []
    for token in TOKEN.findall(surface.replace("-", " ")):
        pieces = CAMEL.split(token)
        if len(pieces) > 1 and all(len(piece) >= 2 for piece in pieces):
            glued = True
            words += pieces
        else:
            words.append(token)
    return words, glued


def similarity(left: Word, right: Word) -> float:
    """0-1 similarity of two words: the better of skeleton and plain edit similarity; an initial
    matches a word with the same first letter."""
    if left.initial or right.initial:
        return INITIAL_SIMILARITY if left.plain[:1] == right.plain[:1] else 0.0
    best = Levenshtein.normalized_similarity(left.plain, right.plain)
    for one in left.skeletons:
        for other in right.skeletons:
            best = max(best, Levenshtein.normalized_similarity(one, other))
    return best


@dataclass(frozen=True)
class _Name:
    alias: str
    canonical: str
    kind: str
    words: tuple[Word, ...]  # particles left out


class Suggester:
    """Registry names indexed for garble-aware suggestion.

    ``names`` are (alias, canonical, kind) triples: every spelling the registry knows.
    """

    def __init__(self, names: Iterable[tuple[str, str, str]], rules: Rules | None = None) -> None:
        self.rules = rules or load_rules()
        self.names: list[_Name] = []
        self.by_skeleton: dict[str, set[int]] = {}
        seen = set()
        for alias, canonical, kind in names:
            key = (alias.strip().lower(), canonical)
            if not alias.strip() or key in seen:
                continue
            seen.add(key)
            # A registry name's own language is unknown: its words get the skeletons of every
            # language's rules (Merz read as German, Kellogg as English).
            words = self.words(alias, *sorted(self.rules.rules))
            if not words:
                continue
            self.names.append(_Name(alias.strip(), canonical, kind, tuple(words)))
            for word in words:
                if not word.initial:
                    for one in word.skeletons:
                        self.by_skeleton.setdefault(one, set()).add(len(self.names) - 1)
        self.skeletons = list(self.by_skeleton)
        self._cache: dict[tuple, list[Suggestion]] = {}

    @classmethod
    def from_registry(cls, registry) -> Suggester:
        """A suggester over every actor and outlet name of a ``helpers.registry.Registry``."""
        from helpers.tables import split_list

        triples = []
        for row in registry.actors.to_dict("records"):
            if row.get("canonical"):
                triples += [(alias, row["canonical"], row["kind"])
                            for alias in [row["canonical"], *split_list(row.get("aliases", ""))]]
        for row in registry.outlets.to_dict("records"):
            if row.get("outlet"):
                triples += [(alias, row["outlet"], "outlet")
                            for alias in [row["outlet"], *split_list(row.get("aliases", ""))]]
        return cls(triples)

    def words(self, surface: str, *languages: str) -> list[Word]:
        """The name's words (particles such as bin/al/von dropped), each with its skeleton in
        each of ``languages`` (the article's language for a surface)."""
        found = []
        tokens, _ = split_words(surface)
        for token in tokens:
            plain = plain_form(token)
            if not plain or plain in self.rules.particles:
                continue
            initial = len(plain) == 1 or (token.endswith(".") and len(plain) <= 2)
            skeletons = tuple(dict.fromkeys(skeleton(token.rstrip("."), lang, self.rules) for lang in languages))
            found.append(Word(token, plain, skeletons, initial))
        return found

    def suggest(self, surface: str, language: str = "", kinds: Iterable[str] | None = None,
                limit: int = 3) -> list[Suggestion]:
        """Up to ``limit`` registry names ``surface`` may stand for, best first, at or above
        ``SUGGEST_MIN`` (one per canonical name)."""
        kinds = None if kinds is None else frozenset(kinds)
        key = (surface, language, kinds, limit)
        if key not in self._cache:
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[key] = self._suggest(surface, language, kinds, limit)
        return self._cache[key]

    def best(self, surface: str, language: str = "", kinds: Iterable[str] | None = None) -> Suggestion | None:
        """The best suggestion, or None when nothing reaches ``SUGGEST_MIN``."""
        found = self.suggest(surface, language, kinds, limit=1)
        return found[0] if found else None

    def scored(self, surface: str, language: str = "", kinds: frozenset | None = None) -> list[Suggestion]:
        """Every compared registry name with its score, best first (no threshold)."""
        words = self.words(surface, language)
        if not words:
            return []
        _, glued = split_words(surface)
        candidates: set[int] = set()
        for word in words:
            if word.initial:
                continue
            for choice, score, _ in process.extract(word.skeletons[0], self.skeletons,
                                                    scorer=Levenshtein.normalized_similarity,
                                                    score_cutoff=PREFILTER_MIN, limit=40):
                candidates |= self.by_skeleton[choice]
            # "Lavrovsaid": a registry word opening a longer glued word.
            for length in range(3, len(word.skeletons[0])):
                candidates |= self.by_skeleton.get(word.skeletons[0][:length], set())
        best: dict[str, Suggestion] = {}
        for index in candidates:
            name = self.names[index]
            if kinds is not None and name.kind not in kinds:
                continue
            score, reason = self.compare(words, name.words, glued)
            if score > 0 and (name.canonical not in best or score > best[name.canonical].score):
                best[name.canonical] = Suggestion(name.canonical, name.kind, name.alias, round(score, 3), reason)
        return sorted(best.values(), key=lambda s: (-s.score, s.canonical))

    def _suggest(self, surface: str, language: str, kinds: frozenset | None, limit: int) -> list[Suggestion]:
        return [s for s in self.scored(surface, language, kinds) if s.score >= SUGGEST_MIN][:limit]

    def same_first_name(self, left: Word, right: Word) -> bool:
        """True when two given names are spellings or translations of each other."""
        groups = self.rules.first_names
        return bool(groups.get(left.plain, frozenset()) & groups.get(right.plain, frozenset()))

    def word_similarity(self, left: Word, right: Word) -> tuple[float, str]:
        """Similarity of two words and, when it is not plain spelling, why."""
        if not left.initial and not right.initial and self.same_first_name(left, right) and left.plain != right.plain:
            return 1.0, f"{left.text} = {right.text}"
        score = similarity(left, right)
        if (set(left.skeletons) & set(right.skeletons) and left.plain != right.plain and not left.initial
                and not right.initial):
            return score, "transliteration"
        return score, ""

    def compare(self, words: list[Word], target: tuple[Word, ...], glued: bool) -> tuple[float, str]:
        """Score (0-1) and reason for a surface's words against one registry name's words; a
        name split or joined differently ('Abdel Aty' / 'Abdelatty', 'Jin Ping') is tried too."""
        best = self._compare(words, target, glued)
        for index in range(len(words) - 1 if len(words) >= 3 else 0):
            merged = [*words[:index], joined(words[index:index + 2]), *words[index + 2:]]
            score, reason = self._compare(merged, target, glued)
            if score > best[0]:
                best = (score, reason + "; words joined")
        for index in range(len(target) - 1 if len(target) >= 3 else 0):
            merged = (*target[:index], joined(target[index:index + 2]), *target[index + 2:])
            score, reason = self._compare(words, merged, glued)
            if score > best[0]:
                best = (score, reason + "; words split")
        return best

    def _compare(self, words: list[Word], target: tuple[Word, ...], glued: bool) -> tuple[float, str]:
        if len(words) == 1 and len(target) >= 2:
            return self._surname_only(words[0], target)
        if len(words) == 1 and len(target) == 1:
            score, why = self.word_similarity(words[0], target[0])
            glue = self._glued_prefix(words[0], target[0])
            if glue > score:
                return glue, "glued to the next word"
            return score, _reason(score, [why], glued, swapped=False, missing=False)
        best_score, best_reason = 0.0, ""
        n, m = len(words), len(target)
        if n > 5 or m > 5:
            return 0.0, ""
        # Best alignment of surface words to registry words (each used at most once).
        for chosen in itertools.permutations(range(m), min(n, m)):
            for subset in itertools.combinations(range(n), len(chosen)):
                pairs = list(zip(subset, chosen))
                sims, whys = [], []
                for i, j in pairs:
                    score, why = self.word_similarity(words[i], target[j])
                    sims.append(score)
                    whys.append(why)
                # The registry's last word is the surname: it weighs double.
                weights = [2.0 if j == m - 1 else 1.0 for _, j in pairs]
                score = sum(s * w for s, w in zip(sims, weights)) / sum(weights)
                matched_target = {j for _, j in pairs}
                if m - 1 not in matched_target:
                    score *= 0.8  # no surname matched at all
                first_pair = next(((i, s) for (i, j), s in zip(pairs, sims) if j == 0), None)
                if first_pair is not None and m >= 2 and first_pair[1] < SAME_WORD:
                    score = min(score, 0.6)  # a different first name: another person of that surname
                score -= EXTRA_WORD_COST * (n - len(pairs))
                missing = [j for j in range(m) if j not in matched_target]
                score -= MISSING_WORD_COST * len([j for j in missing if j != 0])
                if 0 in missing and m >= 2:
                    score *= SURNAME_ONLY
                    if n > len(pairs):  # a word in the first name's place that is not it
                        score = min(score, 0.6)
                swapped = [j for _, j in sorted(pairs)] != sorted(j for _, j in pairs)
                if score > best_score:
                    best_score = score
                    best_reason = _reason(score, whys, glued, swapped, missing=0 in missing and m >= 2)
        return max(0.0, best_score), best_reason

    def _surname_only(self, word: Word, target: tuple[Word, ...]) -> tuple[float, str]:
        """One word against a multi-word name: the surname (or a glued first name + surname)."""
        surname = target[-1]
        score, why = self.word_similarity(word, surname)
        score *= SURNAME_ONLY
        reason = _reason(score, [why], False, False, missing=True)
        whole = joined(target)
        glued_score = similarity(word, whole)
        if glued_score > score:
            score, reason = glued_score, "first name and surname glued together"
        prefix = self._glued_prefix(word, surname) * SURNAME_ONLY
        if prefix > score:
            score, reason = prefix, "surname glued to the next word"
        return score, reason

    @staticmethod
    def _glued_prefix(word: Word, target: Word) -> float:
        """Similarity when ``word`` opens with ``target`` and carries a short tail ('Lavrovsaid')."""
        tail = len(word.plain) - len(target.plain)
        if 0 < tail <= GLUE_MAX_TAIL and len(target.plain) >= 4 and word.plain.startswith(target.plain):
            return 0.9
        if 0 < tail <= GLUE_MAX_TAIL and any(
            len(one) >= 4 and other.startswith(one) for one in target.skeletons for other in word.skeletons
        ):
            return 0.88
        return 0.0


def joined(words) -> Word:
    """Several words read as one ('Jin Ping' -> 'JinPing')."""
    count = max(len(word.skeletons) for word in words)
    skeletons = tuple(dict.fromkeys(
        "".join(word.skeletons[min(i, len(word.skeletons) - 1)] for word in words) for i in range(count)
    ))
    return Word("".join(w.text for w in words), "".join(w.plain for w in words), skeletons)


def _reason(score: float, whys: list[str], glued: bool, swapped: bool, missing: bool) -> str:
    """A short explanation of a match, for the review sheet."""
    parts = []
    translated = [why for why in whys if why and why != "transliteration"]
    if translated:
        parts.append("same first name (" + ", ".join(translated) + ")")
    if "transliteration" in whys:
        parts.append("same after transliteration folding")
    if missing:
        parts.append("first name missing")
    if swapped:
        parts.append("names in another order")
    if glued:
        parts.append("glued words split")
    if not parts or score < 0.999:
        parts.append(f"spelling {round(score * 100)}% similar")
    return "; ".join(dict.fromkeys(parts))
