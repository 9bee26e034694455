"""Chapter 2 (actors): find who is named, who is speaking for whom, and which outlets are cited.

Reads ``OUT_DIR/articles.csv`` (its ``body`` column, into which every offset points, and
``language`` when present; read through ``helpers.schemas``) and a registry folder (``helpers.registry``), and writes

- ``OUT_DIR/mentions.csv``: one row per mention (person, organisation, place, outlet) with the
  text as written, its canonical registry name (empty when unresolved), character offsets into
  the text that was matched (``body[start:end] == surface``), how it was found and how sure;
- ``OUT_DIR/review.csv``: one row per distinct unresolved or fuzzy surface, with the best
  registry candidate, why, and an example sentence, for a researcher to accept or reject;
- ``OUT_DIR/cache/ner.sqlite``: spaCy entities per article, keyed by model and the SHA-256 of
  the text, so re-runs skip the slow step (a fully cached re-run loads no model).

Matching order, per article: registry aliases (fast, accent/case-insensitive, tolerant of glued
words), then titles standing for a person ("le porte-parole du Kremlin"), then spaCy NER
(model chosen by language) for names the registry lacks, each compared with rapidfuzz to the
registry. Fuzzy matches are resolved only above ``FUZZY_ACCEPT`` and are always queued for review.

``resolve_article`` works on one article (a plain dict); ``resolve_articles`` runs a table,
batching NER over processes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import pandas as pd
from tqdm.auto import tqdm

from helpers import rules, schemas
from helpers.names import NameSpan, find_names, is_first_name, is_noise, lower_words
from helpers.registry import Registry, Title, fold, load_registry
from helpers.schemas import MENTION_COLUMNS, REVIEW_COLUMNS  # noqa: F401  (the tables' columns)
from helpers.suggest import Suggester

#: spaCy model per article language (small models: fast enough for a laptop).
NER_MODELS = {"fr": "fr_core_news_sm", "en": "en_core_web_sm", "de": "de_core_news_sm"}
#: spaCy entity labels kept, and the mention kind each becomes (MISC, NORP, DATE... are dropped).
NER_KINDS = {
    "PER": "person", "PERSON": "person",
    "ORG": "organisation",
    "LOC": "place", "GPE": "place",
}
#: Columns of articles.csv holding a publication date (first non-empty wins); dates make
#: time-dependent titles ("directeur de la CIA") resolve to whoever held them then.
DATE_COLUMNS = ("published", "date", "published_at", "pub_date")

SCORE_REGISTRY = 1.0
SCORE_GLUED = 0.9  # alias found inside a glued word ("Richard Hassprésident")
SCORE_TITLE_DATED = 0.9
SCORE_TITLE_UNDATED = 0.8  # article date unknown: the registry's only holder is assumed
#: rapidfuzz token_sort_ratio at or above which an NER name resolves (still sent to review).
FUZZY_ACCEPT = 90
#: Below this similarity no candidate is suggested.
FUZZY_SUGGEST = 75
#: A person's name resolves (still sent to review) when helpers.suggest scores it this high:
#: the same name after transliteration folding, or a registered surname alone ("M. Burns").
NAME_ACCEPT = 0.95
#: Registry kinds an NER label may be matched with (spaCy often labels outlets ORG).
COMPATIBLE_KINDS = {"person": {"person"}, "organisation": {"organisation", "outlet"}, "place": {"place"}}
#: Longest text handed to spaCy in one piece (longer texts are split at paragraph breaks).
NER_PIECE_CHARS = 100_000

# Words and cues per language are data: helpers/rules/<language>/attribution.yml (merged over
# the languages, like every rules list; see helpers/rules/README.md). Compiled in a
# ``rules.Compiled`` namespace so ``rules.reload`` / ``use_rules_dirs`` take effect at once.
_CUE = partial(rules.alternation, "attribution")
# Between a title and the name it introduces: "le directeur de la CIA, William Burns".
APPOSITION_GAP = re.compile(r"[\s,:;(«»\"“”'‘’–-]{0,4}")
PREVIOUS_WORD = re.compile(r"(\w+)\W*$")
APPOSITIVE = re.compile(r"^\s*,[^,.;!?]{0,150},")
#: Words of a clause searched for a report verb when the verb comes last ("wie die Zeitung
#: Kommersant am Montag unter Berufung auf Diplomaten gemeldet hatte").
VERB_FINAL_WORDS = 12
CLAUSE_END = re.compile(r"[,;:()«»“”\"]")


def _compile_cues() -> dict[str, object]:
    """The attribution patterns, built from the rules as loaded now (``rules.Compiled``)."""
    articles = r"(?:" + _CUE("articles") + r"\W+)?"
    # "l'agence", "the state news agency", "der staatlichen Agentur", "au média américain":
    # up to two words, a medium's noun, up to three words, all optional.
    medium = r"(?:(?:\w+\W+){0,2}?" + _CUE("media_nouns") + r"\W+(?:\w+\W+){0,3}?)?"
    return {
        # Words before a title that show it does not stand for the current holder ("un porte-parole
        # du Kremlin", "former CIA director", "l'ancien directeur de la CIA").
        "NOT_THE_HOLDER": set(rules.words("attribution", "not_the_holder")),
        # Attribution cues for outlets, matched on cue-folded (lower-case, accent-free) text.
        "CITED_BEFORE": re.compile(r"\b" + _CUE("cited_before") + r"\b(?:\W+\w+){0,5}?\W*$"),
        "CITED_JUST_BEFORE": re.compile(r"\b" + _CUE("cited_just_before") + r"\W+" + articles + medium + "$"),
        "TOLD_TO": re.compile(r"\b" + _CUE("told_to_verbs") + r"\b(?:\W+\w+){0,10}?\W+"
                              + _CUE("told_to_prepositions") + r"\W+" + articles + medium + "$"),
        # up to three words after the name, within its clause ("Die Zeit drängt, sagte X": not cited)
        "CITED_AFTER": re.compile(r"^\W*(?:\w+[^\w,;]+){0,3}?" + _CUE("cited_after") + r"\b"),
        "CITED_VERB": re.compile(r"\b" + _CUE("cited_after") + r"\b"),
        "VERB_FINAL_BEFORE": re.compile(r"(?:(?<!\w)|(?=\W))" + _CUE("verb_final_openers") + r"\W+" + articles
                                        + medium + "$"),
        "VERB_FINAL_AFTER": re.compile(r"^\W*" + _CUE("verb_final_auxiliaries") + r"\b"),
        "COMPLEMENT": re.compile(r"(?:^|\W)" + _CUE("of_prepositions") + r"(?:\W+" + _CUE("articles") + r")?\W*$"),
        # A person or organisation speaking: "Peskov a déclaré", "Burns said", "selon Peskov", "laut Lawrow".
        # Matched on lower-cased text with its accents (these run for every name, so no folding).
        "SPOKE_AFTER": re.compile(r"^\W*(?:\w+\W+){0,3}?" + _CUE("spoke_after") + r"\b"),
        "SPOKE_BEFORE": re.compile(r"\b" + _CUE("spoke_before") + r"\W+(?:\w+\W+){0,3}?\W*$"),
        "COORDINATED": re.compile(r"^\W*(?:" + _CUE("conjunctions") + r"|,)\W+" + articles + "$"),
    }


CUES = rules.Compiled(_compile_cues)
SENTENCE_END = re.compile(r"[.!?\n]")
URL_START = re.compile(r"(?:https?://)?(?:www\.)?((?:[a-z0-9-]+\.)+[a-z]{2,})[^\s\"'<>)\]]*", re.I)
ENTITY_TRIM = " \t\n\r.,;:!?«»\"“”'‘’()[]{}–—-*#/"


# --------------------------------------------------------------------------- article fields


def article_text(article: dict) -> str:
    """The text to match: ``body`` (the cleaned article; mention offsets point into it). An
    article without a body has nothing to match: no fallback to another column."""
    body = article.get("body")
    return body if isinstance(body, str) else ""


def article_day(article: dict) -> dt.date | None:
    """Publication date of an article from the first non-empty ``DATE_COLUMNS`` cell, if any."""
    for column in DATE_COLUMNS:
        value = article.get(column)
        if isinstance(value, str) and len(value) >= 10:
            try:
                return dt.date.fromisoformat(value[:10])
            except ValueError:
                continue
    return None


def article_language(article: dict, text: str | None = None) -> str:
    """The article's language code: the ``language`` column, else the project's one language
    identifier (:func:`helpers.language.detect_language`) on the first 3,000 characters."""
    language = article.get("language")
    if isinstance(language, str) and language.strip():
        return language.strip().lower()
    from helpers.language import detect_language

    text = article_text(article) if text is None else text
    return detect_language(text, 3000) if text.strip() else ""


# --------------------------------------------------------------------------- registry pass


def url_spans(text: str, registry: Registry) -> list[dict]:
    """Links in the text; those on a registered outlet's domain become outlet mentions."""
    spans = []
    for marker in ("http", "www."):
        position = text.find(marker)
        while position != -1:
            found = URL_START.match(text, position)
            if found and (position == 0 or not text[position - 1].isalnum()):
                domain = found.group(1).lower()
                entry = None
                parts = domain.removeprefix("www.").split(".")
                for first in range(len(parts) - 1):
                    entry = registry.domains.get(".".join(parts[first:]))
                    if entry:
                        break
                spans.append({"start": found.start(), "end": found.end(), "entry": entry})
                position = text.find(marker, found.end())
            else:
                position = text.find(marker, position + 1)
    spans.sort(key=lambda span: span["start"])
    kept = []
    for span in spans:
        if not kept or span["start"] >= kept[-1]["end"]:
            kept.append(span)
    return kept


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when [start, end) overlaps any of ``spans``."""
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def mention(article_id, kind, text, start, end, canonical, method, score, role="", candidate="", reason=""):
    """One mention record; ``surface`` is always ``text[start:end]``."""
    return {
        "article_id": article_id, "kind": kind, "surface": text[start:end], "canonical": canonical,
        "start": start, "end": end, "method": method, "score": round(float(score), 3), "role": role,
        "candidate": candidate, "reason": reason,
    }


def adjacent_to_name(text: str, start: int, end: int, names: list[tuple[int, int]]) -> bool:
    """True when a person's name directly follows or precedes the span (an apposition)."""
    for name_start, name_end in names:
        if 0 <= name_start - end <= 4 and APPOSITION_GAP.fullmatch(text, end, name_start):
            return True
        if 0 <= start - name_end <= 4 and APPOSITION_GAP.fullmatch(text, name_end, start):
            return True
    return False


def title_holders(titles: tuple[Title, ...], day: dt.date | None) -> list[Title]:
    """Holders of a title on ``day``; with no date, the latest holder (by ``title_from``)."""
    if day is not None:
        return [title for title in titles if title.held_on(day)]
    latest = max((title.valid_from or dt.date.min) for title in titles)
    return [title for title in titles if (title.valid_from or dt.date.min) == latest]


def title_mention(article_id: str, text: str, match, day: dt.date | None) -> dict | None:
    """A person mention for a title standing alone, or None when it does not name the holder."""
    previous = PREVIOUS_WORD.search(text, max(0, match.start - 40), match.start)
    if previous and fold(previous.group(1)) in CUES.NOT_THE_HOLDER:
        return None
    holders = title_holders(match.value, day)
    if len(holders) == 1:
        score = SCORE_TITLE_DATED if day else SCORE_TITLE_UNDATED
        reason = "" if day else "article date unknown: assumed the latest holder in the registry"
        return mention(article_id, holders[0].holder.kind, text, match.start, match.end,
                       holders[0].holder.canonical, "title", score, reason=reason)
    names = ", ".join(sorted(title.holder.canonical for title in match.value))
    if holders:
        reason = f"title held by several people on {day or 'an unknown date'}: {names}"
    else:
        reason = f"no registry holder of this title on {day}; known holders: {names}"
    candidate = sorted(title.holder.canonical for title in (holders or match.value))[0]
    return mention(article_id, "person", text, match.start, match.end, "", "title", 0.0,
                   candidate=candidate, reason=reason)


def cue_fold(text: str) -> str:
    """Lower-case ASCII copy of a short window for matching attribution cues (length may change,
    so never use it for offsets): faster than ``fold`` because it stays in C."""
    text = text.replace("’", "'").lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text.replace("ß", "ss")).encode("ascii", "ignore").decode("ascii")


def sentence_rest(text: str, end: int, width: int) -> str:
    """Cue-folded text after ``end`` up to the end of its sentence (at most ``width`` characters)."""
    after = text[end:end + width]
    stop = SENTENCE_END.search(after)
    return cue_fold(after[:stop.start()] if stop else after)


def clause_has_report_verb(after: str) -> bool:
    """True when a report verb (``cited_after``) ends the clause opening ``after`` (cue-folded),
    within ``VERB_FINAL_WORDS`` words: the German verb-final "... gemeldet hatte"."""
    stop = CLAUSE_END.search(after)
    clause = after[:stop.start()] if stop else after
    words = re.match(r"(?:\W*\w+){0,%d}" % VERB_FINAL_WORDS, clause)
    return bool(CUES.CITED_VERB.search(words.group() if words else clause))


def after_first_name(text: str, start: int) -> bool:
    """True when a capitalised known first name directly precedes ``start`` ("Michael Bloomberg"):
    the outlet's name is then part of a person's name."""
    previous = PREVIOUS_WORD.search(text, max(0, start - 30), start)
    if previous is None or previous.end(1) != start - 1 or not text[start - 1].isspace():
        return False
    word = previous.group(1)
    return word[:1].isupper() and word[1:2].islower() and is_first_name(word, "")


def cited_role(text: str, start: int, end: int) -> str:
    """'cited-source' when attribution cues surround an outlet name, else 'mentioned'.

    Before the name: a cue up to five words away ("selon", "according to"), a cue right before it
    ("schreibt die"), speaking to it ("told Reuters", "a confié au Monde", "im Interview mit der
    FAZ"), or a clause opener whose report verb ends the clause ("wie die Zeitung Kommersant
    gemeldet hatte"). After it, unless it is the complement of another noun ("le correspondant de
    NBC News publie") or part of a person's name: a report verb up to three words on, before or
    after an appositive ("Reuters reported", "Le NYT, citant ...,"), or an auxiliary and the
    verb at the clause end ("Kommersant hatte ... berichtet").
    """
    cues = CUES
    window_start = max(0, start - 160)
    before = cue_fold(text[window_start:start])
    cut = max((m.end() for m in SENTENCE_END.finditer(before)), default=0)
    before = before[cut:]
    if cues.CITED_BEFORE.search(before) or cues.CITED_JUST_BEFORE.search(before) or cues.TOLD_TO.search(before):
        return "cited-source"
    after = sentence_rest(text, end, 220)
    if cues.VERB_FINAL_BEFORE.search(before) and clause_has_report_verb(after):
        return "cited-source"
    if cues.COMPLEMENT.search(before):
        return "mentioned"
    if cues.VERB_FINAL_AFTER.match(after) and clause_has_report_verb(after):
        return "cited-source"
    found = cues.CITED_AFTER.match(after[:80])
    appositive = APPOSITIVE.match(after)
    if not found and appositive:
        found = cues.CITED_AFTER.match(after[appositive.end():][:80])
    if found and not after_first_name(text, start):
        return "cited-source"
    return "mentioned"


def speaker_role(text: str, start: int, end: int) -> str:
    """'speaker' when a speech verb follows a name or 'selon'/'according to' precedes it."""
    after = text[end:end + 60]
    stop = SENTENCE_END.search(after)
    if CUES.SPOKE_AFTER.match((after[:stop.start()] if stop else after).lower()):
        return "speaker"
    if CUES.SPOKE_BEFORE.search(text[max(0, start - 40):start].lower()):
        return "speaker"
    return ""


def spread_citation(text: str, outlets: list[dict]) -> None:
    """'selon le NYT et le WSJ': outlets joined by 'and' share the cited-source role."""
    for _ in range(2):
        for left, right in zip(outlets, outlets[1:]):
            if {left["role"], right["role"]} == {"cited-source", "mentioned"} and CUES.COORDINATED.match(
                cue_fold(text[left["end"]:right["start"]])
            ):
                left["role"] = right["role"] = "cited-source"


def registry_mentions(article_id: str, text: str, registry: Registry, day: dt.date | None = None,
                      names: list[tuple[int, int]] | None = None, covered: list | None = None) -> list[dict]:
    """Mentions found by registry aliases, titles and outlet domains (no NER).

    ``names`` are extra person-name spans (from NER) next to which a title is not a mention;
    ``covered``, when given, receives the spans of every title and link, mentions or not (so NER
    does not report "ministre russe des Affaires étrangères" as an unknown organisation).
    """
    links = url_spans(text, registry)
    link_spans = [(link["start"], link["end"]) for link in links]
    found: list[dict] = []
    for link in links:
        if link["entry"] is not None:
            found.append(mention(article_id, "outlet", text, link["start"], link["end"],
                                 link["entry"].canonical, "registry", SCORE_REGISTRY, role="link"))
    aliases, titles = registry.matcher.find(text)
    outlets = []
    for match in aliases:
        if link_spans and overlaps(match.start, match.end, link_spans):
            continue
        entry = match.value
        score = SCORE_GLUED if match.glued else SCORE_REGISTRY
        record = mention(article_id, entry.kind, text, match.start, match.end, entry.canonical, "registry", score)
        if entry.kind == "outlet":
            record["role"] = cited_role(text, match.start, match.end)
            outlets.append(record)
        elif entry.kind in ("person", "organisation"):
            record["role"] = speaker_role(text, match.start, match.end)
        found.append(record)
    spread_citation(text, outlets)
    for record in found:  # "le porte-parole du Kremlin a démenti": the spokesman speaks, not the Kremlin
        if record["role"] == "speaker" and any(t.start <= record["start"] and record["end"] <= t.end for t in titles):
            record["role"] = ""
    person_spans = [(m["start"], m["end"]) for m in found if m["kind"] == "person"] + list(names or [])
    if covered is not None:
        covered += link_spans + [(match.start, match.end) for match in titles]
    for match in titles:
        if overlaps(match.start, match.end, link_spans) or adjacent_to_name(text, match.start, match.end, person_spans):
            continue
        record = title_mention(article_id, text, match, day)
        if record is not None:
            record["role"] = speaker_role(text, match.start, match.end)
            found.append(record)
    return found


# --------------------------------------------------------------------------- NER pass


def trim_entity(text: str, start: int, end: int) -> tuple[int, int]:
    """Entity span without surrounding punctuation, cut at the first line break."""
    while start < end and text[start] in ENTITY_TRIM:
        start += 1
    while end > start and text[end - 1] in ENTITY_TRIM:
        end -= 1
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
        while end > start and text[end - 1] in ENTITY_TRIM:
            end -= 1
    return start, end


def best_candidate(surface: str, registry: Registry, among: Iterable[str] | None = None,
                   kinds: Iterable[str] | None = None):
    """(entry, score 0-100, alias) of the registry name most similar to ``surface``, or None.

    ``among`` limits the search to some canonical names, ``kinds`` to some registry kinds.
    Results are memoised per registry (the same names recur across a corpus).
    """
    from rapidfuzz import fuzz, process

    among = None if among is None else frozenset(among)
    kinds = None if kinds is None else frozenset(kinds)
    folded = fold(surface)
    cache = registry.similarity_cache
    key = (folded, among, kinds)
    if key in cache:
        return cache[key]
    if len(cache) > 100_000:
        cache.clear()
    choices = registry.fuzzy_choices
    keys = [
        alias for alias, entry in choices.items()
        if (among is None or entry.canonical in among) and (kinds is None or entry.kind in kinds)
    ]
    best = process.extractOne(folded, keys, scorer=fuzz.token_sort_ratio) if keys else None
    result = None if best is None else (choices[best[0]], best[1], best[0])
    cache[key] = result
    return result


_SUGGESTERS: dict[int, tuple[Registry, Suggester]] = {}


def suggester_for(registry: Registry) -> Suggester:
    """The garble-aware suggester over a registry's names (built once per registry object)."""
    held = _SUGGESTERS.get(id(registry))
    if held is None or held[0] is not registry:
        if len(_SUGGESTERS) > 8:
            _SUGGESTERS.clear()
        held = _SUGGESTERS[id(registry)] = (registry, Suggester.from_registry(registry))
    return held[1]


def suggest_for(surface: str, kind: str, registry: Registry,
                language: str = "") -> tuple[object, float, str, bool] | None:
    """(registry entry, score 0-1, reason, resolves?) of the best registry name for a surface.

    People are compared by ``helpers.suggest`` (transliteration, first names, word order, glued
    words); organisations, places and outlets by rapidfuzz's token_sort_ratio, as before.
    """
    if kind == "person":
        best = suggester_for(registry).best(surface, language, ["person"])
        if best is None:
            return None
        entry = registry.entries.get(best.canonical)
        if entry is None:
            return None
        return entry, best.score, f"{best.reason}: like {best.alias!r} ({entry.where})", best.score >= NAME_ACCEPT
    best = best_candidate(surface, registry, kinds=COMPATIBLE_KINDS.get(kind, {kind}))
    if best is None or best[1] < FUZZY_SUGGEST:
        return None
    reason = f"similar to {best[2]!r} ({best[0].kind}, {best[0].where})"
    return best[0], best[1] / 100, reason, best[1] >= FUZZY_ACCEPT


def unregistered_mention(article_id: str, text: str, start: int, end: int, kind: str, method: str,
                         registry: Registry, titles: list[dict], language: str) -> dict:
    """A mention for a name the registry lacks: resolved when the suggestion is sure enough,
    else unresolved with its best candidate (both reach the review queue)."""
    surface = text[start:end]
    found = suggest_for(surface, kind, registry, language)
    candidate, score, reason = "", 0.0, ""
    if found is not None:
        candidate, score, reason = found[0].canonical, found[1], found[2]
    if kind == "person":
        for title in titles:
            holder = title["canonical"] or title["candidate"]
            if holder and adjacent_to_name(text, title["start"], title["end"], [(start, end)]):
                similar = best_candidate(surface, registry, among=[holder])
                candidate, score = holder, (similar[1] / 100 if similar else 0.0)
                reason = f"stands next to the title {title['surface']!r} held by {holder}"
    if found is not None and found[3] and candidate == found[0].canonical:
        return mention(article_id, found[0].kind, text, start, end, candidate, "fuzzy", score,
                       role=_outlet_role(text, start, end, found[0].kind), candidate=candidate, reason=reason)
    return mention(article_id, kind, text, start, end, "", method, score, role=_outlet_role(text, start, end, kind),
                   candidate=candidate, reason=reason or "no similar registry name")


def entity_mentions(article_id: str, text: str, entities: list[tuple[int, int, str]], registry: Registry,
                    taken: list[dict], covered: Iterable[tuple[int, int]] = (), language: str = "") -> list[dict]:
    """Mentions for spaCy entities that the registry pass did not already cover; entities that
    are not names (``helpers.names.is_noise``: 'Ladite', 'Premier ministre') are dropped."""
    taken_spans = [(m["start"], m["end"]) for m in taken] + list(covered)
    titles = [m for m in taken if m["method"] == "title"]
    lowered = lower_words(text)
    found = []
    for raw_start, raw_end, label in entities:
        kind = NER_KINDS.get(label)
        if kind is None:
            continue
        start, end = trim_entity(text, raw_start, raw_end)
        surface = text[start:end]
        if end - start < 2 or not any(c.isupper() for c in surface) or overlaps(start, end, taken_spans):
            continue
        if registry.ignored and registry.is_ignored(surface, kind):
            continue
        if is_noise(surface, kind, text, language, lowered):
            continue
        found.append(unregistered_mention(article_id, text, start, end, kind, "ner-unresolved", registry,
                                          titles, language))
        taken_spans.append((start, end))
    return found


def name_mentions(article_id: str, text: str, spans: list[NameSpan], registry: Registry, taken: list[dict],
                  covered: Iterable[tuple[int, int]] = (), language: str = "") -> list[dict]:
    """Mentions for names found without a model (``helpers.names``) where nothing else was found.

    Spans with evidence (an honorific, a role, a first name, an organisation word) are kept;
    name-shaped spans without evidence only when they resemble a registered person ("Kupchin").
    """
    taken_spans = [(m["start"], m["end"]) for m in taken] + list(covered)
    titles = [m for m in taken if m["method"] == "title"]
    lowered = lower_words(text)
    found = []
    for span in spans:
        kind = span.kind or "person"
        surface = text[span.start:span.end]
        if overlaps(span.start, span.end, taken_spans):
            continue
        if registry.ignored and registry.is_ignored(surface, kind):
            continue
        if not span.kind and suggest_for(surface, "person", registry, language) is None:
            continue
        if is_noise(surface, kind, text, language, lowered):
            continue
        record = unregistered_mention(article_id, text, span.start, span.end, kind, "names-unresolved", registry,
                                      titles, language)
        if record["method"] != "fuzzy":
            record["reason"] = f"{span.evidence}; {record['reason']}"
        found.append(record)
        taken_spans.append((span.start, span.end))
    return found


def _outlet_role(text: str, start: int, end: int, kind: str) -> str:
    if kind == "outlet":
        return cited_role(text, start, end)
    return speaker_role(text, start, end) if kind in ("person", "organisation") else ""


def sort_mentions(mentions: list[dict]) -> list[dict]:
    """Mentions in text order (stable for equal spans)."""
    return sorted(mentions, key=lambda m: (m["article_id"], m["start"], m["end"], m["kind"], m["canonical"]))


def resolve_text(article_id: str, text: str, registry: Registry, entities=None, day=None, language: str = "",
                 find_unregistered: bool = False) -> list[dict]:
    """All mentions in one text; ``entities`` are spaCy (start, end, label) triples or None.

    ``find_unregistered`` also looks for names the registry lacks without a model
    (``helpers.names``), after spaCy's entities, in the text's ``language``.
    """
    names = []
    if entities:
        names = [trim_entity(text, s, e) for s, e, label in entities if NER_KINDS.get(label) == "person"]
    spans = find_names(text, language, weak=True) if find_unregistered else []
    names += [(span.start, span.end) for span in spans if span.kind == "person"]
    covered: list[tuple[int, int]] = []
    found = registry_mentions(article_id, text, registry, day, names, covered)
    if entities:
        found += entity_mentions(article_id, text, entities, registry, found, covered, language)
    if spans:
        found += name_mentions(article_id, text, spans, registry, found, covered, language)
    for record in found:
        if text[record["start"]:record["end"]] != record["surface"]:  # cannot happen; never write bad offsets
            raise AssertionError(f"article {article_id}: offsets {record['start']}-{record['end']} do not match")
    return sort_mentions(found)


def doc_entities(doc, offset: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, label) of a spaCy Doc's entities, shifted by ``offset``."""
    return [(ent.start_char + offset, ent.end_char + offset, ent.label_) for ent in doc.ents]


def text_pieces(text: str, limit: int = NER_PIECE_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) splitting a long text at paragraph breaks so spaCy's length limit holds."""
    if len(text) <= limit:
        return [(0, text)]
    pieces, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append((start, text[start:end]))
        start = end
    return pieces


def resolve_article(article: dict, registry: Registry, nlp=None, find_unregistered: bool = False) -> list[dict]:
    """Mentions in one article (a dict with ``article_id`` and ``body`` or ``text``).

    ``nlp`` is a loaded spaCy pipeline for the article's language, or None; ``find_unregistered``
    adds names found without a model. Both off: registry only. Offsets are into
    ``article_text(article)``.
    """
    text = article_text(article)
    entities = None
    if nlp is not None:
        entities = []
        for offset, piece in text_pieces(text):
            entities += doc_entities(nlp(piece), offset)
    language = article_language(article, text) if (nlp is not None or find_unregistered) else ""
    return resolve_text(str(article.get("article_id", "")), text, registry, entities, article_day(article),
                        language, find_unregistered)


# --------------------------------------------------------------------------- spaCy + cache

_MODELS: dict[str, object] = {}
_NOTICES: set[str] = set()


def _not_for_ner(name: str) -> list[str]:
    """The components of the installed model ``name`` that NER does not need (neither ``ner``
    nor a ``tok2vec`` it listens to), read from its config without loading it: excluded, they
    are never loaded (the lemmatizer's tables and the parser cost seconds per process), and
    disabled they never ran anyway. Empty (load everything) when the config cannot be read."""
    import spacy

    try:
        folder = spacy.util.get_package_path(name)
        config = spacy.util.load_config(next(folder.glob("*/config.cfg")))
        components = config["nlp"]["pipeline"]
        embedding = config["components"]["ner"]["model"].get("tok2vec", {})
    except Exception:  # noqa: BLE001 - an unusual package layout: load it whole, as before
        return []
    keep = {"ner"}
    if "Listener" in str(embedding.get("@architectures", "")):
        upstream = embedding.get("upstream", "*")
        keep |= {component for component in components if component == upstream
                 or (upstream == "*" and config["components"][component].get("factory") in ("tok2vec", "transformer"))}
    return [component for component in components if component not in keep]


def load_ner_model(language: str):
    """The spaCy pipeline for ``language`` with only NER (and what it listens to) enabled.

    Returns None, with a one-line notice on stderr, when no model is configured or installed:
    nothing is ever downloaded.
    """
    if language in _MODELS:
        return _MODELS[language]
    name = NER_MODELS.get(language)
    nlp = None
    if name is None:
        notice = f"notice: no spaCy model configured for language {language!r}: NER skipped, registry matching still runs"
    else:
        import spacy

        try:
            nlp = spacy.load(name, exclude=_not_for_ner(name))
            notice = ""
        except OSError:
            notice = (f"notice: spaCy model {name} for {language!r} is not installed: NER skipped for "
                      f"those articles, registry matching still runs")
    if nlp is not None:
        keep = {"ner"} | {
            pipe_name for pipe_name, pipe in nlp.pipeline
            if "ner" in (getattr(pipe, "listening_components", None) or [])
        }
        nlp.select_pipes(enable=[pipe_name for pipe_name in nlp.pipe_names if pipe_name in keep])
    elif notice not in _NOTICES:
        _NOTICES.add(notice)
        print(notice, file=sys.stderr)
    _MODELS[language] = nlp
    return nlp


def model_tag(nlp) -> str:
    """'fr_core_news_sm-3.8.0': the cache key of a loaded model."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'model')}-{nlp.meta.get('version', '0')}"


def model_tag_for(language: str) -> str | None:
    """The cache key of the model configured for ``language``, read from the installed
    package's metadata without loading it (None when none is configured or installed)."""
    if language in _MODELS:
        return model_tag(_MODELS[language]) if _MODELS[language] is not None else None
    name = NER_MODELS.get(language)
    if name is None:
        return None
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{name}-{version(name)}"
    except PackageNotFoundError:
        return None


def text_sha256(text: str) -> str:
    """SHA-256 of the text handed to NER (the cache key)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class NerCache:
    """spaCy entities per (model, text SHA-256) in one SQLite file, ``CACHE_DIR/ner.sqlite``:
    one store for the whole corpus (not a file per article), safe for several processes to
    read and write at once (write-ahead log; a writer waits for another)."""

    def __init__(self, cache_dir: Path | str) -> None:
        self.path = Path(cache_dir) / "ner.sqlite"

    def _connect(self):
        import sqlite3

        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=120)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE IF NOT EXISTS entities (model TEXT, digest TEXT, entities TEXT, "
                           "PRIMARY KEY (model, digest)) WITHOUT ROWID")
        return connection

    def get_many(self, model: str, digests: list[str]) -> dict[str, list[tuple[int, int, str]]]:
        """Cached entities of the digests found (a damaged entry is left out: NER runs again)."""
        if not self.path.exists() or not digests:
            return {}
        found: dict[str, list[tuple[int, int, str]]] = {}
        connection = self._connect()
        try:
            unique = sorted(set(digests))
            for start in range(0, len(unique), 500):
                part = unique[start:start + 500]
                query = f"SELECT digest, entities FROM entities WHERE model = ? AND digest IN ({','.join('?' * len(part))})"
                for digest, stored in connection.execute(query, [model, *part]):
                    try:
                        found[digest] = [tuple(item) for item in json.loads(stored)]
                    except (ValueError, TypeError):
                        continue
        finally:
            connection.close()
        return found

    def put_many(self, model: str, items: dict[str, list[tuple[int, int, str]]]) -> None:
        """Store entities per digest, in one transaction (all or nothing)."""
        if not items:
            return
        connection = self._connect()
        try:
            with connection:
                connection.executemany(
                    "INSERT OR REPLACE INTO entities VALUES (?, ?, ?)",
                    [(model, digest, json.dumps(entities, ensure_ascii=False)) for digest, entities in items.items()])
        finally:
            connection.close()


def _ner_batch(job: tuple[str, list[str]]) -> list[list[tuple[int, int, str]]]:
    """Entities of a batch of texts in a worker process (only small tuples travel back)."""
    language, texts = job
    nlp = load_ner_model(language)
    return [doc_entities(doc) for doc in nlp.pipe(texts, batch_size=16)]


def _limit_threads() -> None:
    """One numeric thread per worker process: the processes themselves use the cores."""
    for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = "1"


def _pipe_pieces(pieces: list[str], nlp, language: str, workers: int, progress: bool):
    """Entities of each piece, in order, on ``workers`` processes (forked: the model is shared)."""
    bar = tqdm(total=len(pieces), disable=not progress, desc=f"NER {language}", unit="text")
    if workers <= 1 or len(pieces) < 2 * workers:
        for doc in nlp.pipe(pieces, batch_size=16):
            bar.update()
            yield doc_entities(doc)
        bar.close()
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(4, min(64, len(pieces) // (workers * 4) or 1))
    jobs = [(language, pieces[i:i + size]) for i in range(0, len(pieces), size)]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method),
                             initializer=_limit_threads) as pool:
        for batch in pool.map(_ner_batch, jobs):
            bar.update(len(batch))
            yield from batch
    bar.close()


def ner_entities(texts: list[str], nlp=None, cache_dir: Path | None = None, workers: int = 1,
                 progress: bool = False, language: str = "") -> list[list[tuple[int, int, str]]]:
    """spaCy entities for each text, from the cache (:class:`NerCache`) when present; the
    others in batches (``nlp.pipe``) on ``workers`` processes.

    ``nlp`` is the loaded pipeline, or None to load the one for ``language`` only when some
    text is not cached: a fully cached re-run never loads a model.
    """
    language = language or (nlp.meta.get("lang", "") if nlp is not None else "")
    if nlp is not None:
        _MODELS.setdefault(language, nlp)
    tag = model_tag(nlp) if nlp is not None else model_tag_for(language)
    if tag is None:
        return [[] for _ in texts]
    results: list[list | None] = [None] * len(texts)
    digests = [text_sha256(text) for text in texts]
    cache = NerCache(cache_dir) if cache_dir is not None else None
    if cache is not None:
        cached = cache.get_many(tag, digests)
        results = [cached.get(digest) for digest in digests]
    todo = [index for index, found in enumerate(results) if found is None]
    if not todo:
        return results
    nlp = nlp if nlp is not None else load_ner_model(language)
    if nlp is None:
        return [found or [] for found in results]
    pieces = [(index, offset, piece) for index in todo for offset, piece in text_pieces(texts[index])]
    for index in todo:
        results[index] = []
    found = _pipe_pieces([piece for _, _, piece in pieces], nlp, language, workers, progress)
    for (index, offset, _), entities in zip(pieces, found):
        results[index] += [(start + offset, end + offset, label) for start, end, label in entities]
    if cache is not None:
        cache.put_many(tag, {digests[index]: results[index] for index in todo})
    return results


# --------------------------------------------------------------------------- table level


def resolve_articles(articles: pd.DataFrame, registry: Registry, use_ner: bool = True, workers: int = 1,
                     cache_dir: Path | str | None = None, progress: bool | None = None) -> pd.DataFrame:
    """Mentions of every article (all columns, including ``candidate`` and ``reason``)."""
    records = sorted(articles.to_dict("records"), key=lambda record: str(record.get("article_id", "")))
    if progress is None:
        progress = len(records) > 200
    texts = [article_text(record) for record in records]
    entities: list[list | None] = [None] * len(records)
    languages = [""] * len(records)
    if use_ner:
        by_language: dict[str, list[int]] = {}
        for index, (record, text) in enumerate(zip(records, texts)):
            languages[index] = article_language(record, text)
            by_language.setdefault(languages[index], []).append(index)
        for language, indexes in sorted(by_language.items()):
            # The model is loaded only when some text is not in the cache; a language without a
            # configured or installed model gets its one-line notice and no NER.
            if not language or (model_tag_for(language) is None and load_ner_model(language) is None):
                continue
            found = ner_entities([texts[i] for i in indexes], None, Path(cache_dir) if cache_dir else None,
                                 workers=workers, progress=progress, language=language)
            for index, article_entities in zip(indexes, found):
                entities[index] = article_entities
    jobs = [(str(record.get("article_id", "")), text, article_entities, article_day(record), language, use_ner)
            for record, text, article_entities, language in zip(records, texts, entities, languages)]
    rows: list[tuple] = []
    for found in _resolve_jobs(jobs, registry, workers, progress):
        rows += found
    return pd.DataFrame.from_records(rows, columns=_ROW_KEYS)  # already in (article_id, start) order


#: Below this many articles a process pool costs more than it saves for the registry pass.
POOL_MIN_ARTICLES = 2000
_POOL_REGISTRY: Registry | None = None  # set before forking: workers inherit it, nothing is pickled


_ROW_KEYS = [*MENTION_COLUMNS, "candidate", "reason"]


def _resolve_chunk(jobs: list[tuple]) -> list[list[tuple]]:
    """Mentions of a chunk of articles as tuples (much cheaper to send back than dicts)."""
    return [
        [tuple(m[key] for key in _ROW_KEYS) for m in resolve_text(*job[:2], _POOL_REGISTRY, *job[2:])]
        for job in jobs
    ]


def _resolve_jobs(jobs: list[tuple], registry: Registry, workers: int, progress: bool):
    """Mention rows (tuples of ``_ROW_KEYS``) per (article_id, text, entities, day) job, in order;
    forked workers for large tables (the registry's compiled patterns are shared, not rebuilt)."""
    import multiprocessing

    global _POOL_REGISTRY
    bar = tqdm(total=len(jobs), disable=not progress, desc="resolve", unit="article")
    if workers <= 1 or len(jobs) < POOL_MIN_ARTICLES or "fork" not in multiprocessing.get_all_start_methods():
        for job in jobs:
            bar.update()
            yield [tuple(m[key] for key in _ROW_KEYS) for m in resolve_text(*job[:2], registry, *job[2:])]
        bar.close()
        return
    from concurrent.futures import ProcessPoolExecutor

    registry.matcher.find("")  # compile once, before forking
    _POOL_REGISTRY = registry
    size = max(50, len(jobs) // (workers * 8))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for results in pool.map(_resolve_chunk, chunks):
                bar.update(len(results))
                yield from results
    finally:
        _POOL_REGISTRY = None
        bar.close()


def example_sentence(text: str, start: int, end: int, width: int = 240) -> str:
    """The sentence around a mention, whitespace collapsed, at most ``width`` characters."""
    left = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - width), start)), default=max(0, start - width))
    right_match = SENTENCE_END.search(text, end, end + width)
    right = right_match.end() if right_match else min(len(text), end + width)
    sentence = " ".join(text[left:right].split())
    if len(sentence) > width:
        surface = " ".join(text[start:end].split())
        at = max(0, sentence.find(surface) - width // 3)
        sentence = sentence[at:at + width]
    return sentence


def needs_review(mentions: pd.DataFrame) -> pd.Series:
    """Fuzzy matches, unresolved NER names and titles that could not be pinned to one holder."""
    return mentions["method"].isin(["fuzzy", "ner-unresolved", "names-unresolved"]) | (
        (mentions["method"] == "title") & (mentions["canonical"] == "")
    )


def build_review(mentions: pd.DataFrame, texts: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per distinct surface to review, most frequent first; ``decision`` left empty.

    The example sentence comes from ``texts`` (article id -> body), or, without them, from the
    mentions' own ``example_sentence`` column (filled where each partition's bodies were at hand).

    A researcher writes ``accept`` (the candidate is right), ``reject``, or another canonical
    name in ``decision``; ``accepted_aliases`` turns the sheet into registry additions.
    """
    queue = mentions[needs_review(mentions)]
    if queue.empty:
        return pd.DataFrame(columns=REVIEW_COLUMNS)
    rows = []
    keys = queue["kind"] + "\x00" + queue["surface"].map(lambda s: " ".join(fold(s).split()))
    for _, group in queue.groupby(keys, sort=True):
        group = group.sort_values(["article_id", "start"])
        first = group.iloc[0]
        surfaces = Counter(group["surface"].map(lambda s: " ".join(s.split())))
        candidates = Counter(c for c in group["candidate"] if c)
        best = group.sort_values(["score", "article_id", "start"], ascending=[False, True, True]).iloc[0]
        candidate = candidates.most_common(1)[0][0] if candidates else ""
        rows.append({
            "kind": first["kind"],
            "surface": sorted(surfaces.items(), key=lambda item: (-item[1], item[0]))[0][0],
            "method": "fuzzy" if (group["method"] == "fuzzy").any() else first["method"],
            "candidate": candidate,
            "score": round(float(group.loc[group["candidate"] == candidate, "score"].max() if candidate else 0.0), 3),
            "reason": best["reason"] if best["candidate"] == candidate else first["reason"],
            "n_mentions": len(group),
            "n_articles": group["article_id"].nunique(),
            "example_article_id": first["article_id"],
            "example_sentence": (example_sentence(texts.get(first["article_id"], ""), int(first["start"]), int(first["end"]))
                                 if texts is not None else first.get("example_sentence", "")),
            "decision": "",
        })
    review = pd.DataFrame(rows, columns=REVIEW_COLUMNS)
    return review.sort_values(["n_mentions", "kind", "surface"], ascending=[False, True, True], ignore_index=True)


def rejected_surfaces(review: pd.DataFrame) -> list[tuple[str, str]]:
    """(surface, kind) pairs a researcher rejected (``decision`` = reject) in a review sheet."""
    return [
        (str(row["surface"]), str(row["kind"]))
        for row in review.fillna("").to_dict("records")
        if str(row["decision"]).strip().lower() == "reject"
    ]


def accepted_aliases(review: pd.DataFrame) -> list[tuple[str, str]]:
    """(surface, canonical) pairs a researcher accepted in a filled-in review sheet: ``accept``
    with a candidate, or a canonical name written in ``decision``."""
    pairs = []
    for row in review.fillna("").to_dict("records"):
        decision = str(row["decision"]).strip()
        if not decision or decision.lower() == "reject":
            continue
        canonical = row["candidate"] if decision.lower() == "accept" else decision
        if canonical:
            pairs.append((str(row["surface"]), str(canonical)))
    return pairs


#: Registry kinds a review row's kind becomes when the row creates a new actor.
NEW_ACTOR_KINDS = {"person": "person", "organisation": "organisation", "place": "place", "outlet": "organisation"}


def new_actors(review: pd.DataFrame, known: Iterable[str]):
    """Actors to create from a review sheet: ``accept`` on a row without a candidate (the surface
    becomes the canonical name), or a ``decision`` naming someone not in ``known``. The kind is
    the row's, read from the context (a role, an honorific, spaCy's label); the notes ask the
    researcher to confirm it."""
    from helpers.registry_edit import NewActor

    known = set(known)
    actors: dict[str, NewActor] = {}
    for row in review.fillna("").to_dict("records"):
        decision = str(row["decision"]).strip()
        surface = " ".join(str(row["surface"]).split())
        if decision.lower() == "accept" and not str(row["candidate"]).strip():
            canonical, aliases = surface, ()
        elif decision and decision.lower() not in ("accept", "reject") and decision not in known:
            canonical, aliases = decision, (() if fold(surface) == fold(decision) else (surface,))
        else:
            continue
        if not canonical or canonical in actors:
            continue
        kind = NEW_ACTOR_KINDS.get(str(row.get("kind", "")).strip(), "person")
        context = str(row.get("reason", "")).split(";")[0].strip()
        notes = (f"added from the review queue: kind {kind} read from the context"
                 f"{f' ({context})' if context else ''}, to confirm")
        actors[canonical] = NewActor(canonical, kind, aliases, notes)
    return list(actors.values())


def apply_review(review_path: Path | str, registry_dir: Path | str) -> tuple[int, int]:
    """Write the decisions of a filled-in review sheet into the registry, as small diffs.

    ``accept`` or a canonical name -> a new alias in actors.csv; ``accept`` without a candidate,
    or a name the registry lacks -> a new actor (kind from the context, noted to confirm);
    ``reject`` -> ignore.csv. Existing lines keep their order and quoting
    (``helpers.registry_edit``). Returns (aliases and actors added, names ignored).
    """
    from helpers.registry_edit import CsvText, add_to_actors, add_to_ignored

    review_path = Path(review_path)
    if not review_path.exists():
        raise FileNotFoundError(f"{review_path} does not exist: run resolve once, then fill its decision column")
    review = schemas.read_table(review_path, schemas.REVIEW)
    actors_table = CsvText.read(Path(registry_dir) / "actors.csv")
    name_column = actors_table.column("canonical")
    known = [record[name_column].strip() for record in actors_table.records if len(record) > name_column]
    aliases, actors = add_to_actors(registry_dir, accepted_aliases(review), new_actors(review, known))
    return aliases + actors, add_to_ignored(registry_dir, rejected_surfaces(review))


def review_key(kind: str, surface: str) -> tuple[str, str]:
    """What identifies a review row across runs: its kind and its folded, space-collapsed surface."""
    return str(kind), " ".join(fold(str(surface)).split())


def carry_decisions(review: pd.DataFrame, previous: pd.DataFrame, registry: Registry | None = None) -> pd.DataFrame:
    """The new review sheet with the decisions already filled in ``previous`` carried over.

    A decision follows its (kind, surface) row; a decided row that is no longer queued is kept
    at the end unless the registry already holds its outcome (the surface is now an alias, or
    ignored), so re-running resolve never loses a researcher's work.
    """
    if previous is None or previous.empty or "decision" not in previous.columns:
        return review
    previous = previous.fillna("").astype(str)
    decided = previous[previous["decision"].str.strip() != ""]
    if decided.empty:
        return review
    decisions = {review_key(row["kind"], row["surface"]): row for row in decided.to_dict("records")}
    review = review.copy()
    keys = [review_key(kind, surface) for kind, surface in zip(review["kind"], review["surface"])]
    review["decision"] = [decisions[key]["decision"] if key in decisions else decision
                          for key, decision in zip(keys, review["decision"])]
    left = [row for key, row in decisions.items() if key not in set(keys)]
    if registry is not None:
        left = [row for row in left if not _applied(row, registry)]
    if left:
        extra = pd.DataFrame([{column: row.get(column, "") for column in REVIEW_COLUMNS} for row in left],
                             columns=REVIEW_COLUMNS)
        review = pd.concat([review, extra], ignore_index=True)
    return review


def _applied(row: dict, registry: Registry) -> bool:
    """True when the registry already reflects a decided review row."""
    from helpers.registry import alias_key

    surface = str(row["surface"])
    if str(row["decision"]).strip().lower() == "reject":
        return registry.is_ignored(surface, str(row["kind"]))
    key = alias_key(surface)
    return key[1] in registry.matcher.aliases or surface.strip() in registry.matcher.acronyms or \
        surface.strip() in registry.entries


def previous_review(path: Path) -> pd.DataFrame | None:
    """The review sheet already in ``path`` (None when absent). A damaged sheet stops the run
    with its row named, rather than being replaced and its decisions lost."""
    if not path.exists():
        return None
    return schemas.read_table(path, schemas.REVIEW)


#: The columns of articles.csv that resolve uses (the others are never read).
RESOLVE_COLUMNS = ["article_id", "body", "language", *DATE_COLUMNS]


def read_articles_path(out_dir: Path) -> Path:
    """Where ``OUT_DIR``'s articles table is (``articles.csv`` or ``articles.parquet``); a
    one-line error when there is none."""
    path = schemas.table_location(Path(out_dir) / "articles.csv")
    if not path.exists():
        raise FileNotFoundError(f"{path} does not exist: run `python -m helpers ingest RAW_DIR {out_dir}` first")
    return path


def read_articles(out_dir: Path, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """``OUT_DIR/articles.csv`` (or its Parquet form) as text columns (only ``columns`` when
    given: resolve reads :data:`RESOLVE_COLUMNS`); one-line errors when missing or unusable."""
    return schemas.read_table(read_articles_path(Path(out_dir)), schemas.ARTICLES, columns=columns)


def write_resolve_tables(mentions: pd.DataFrame, review: pd.DataFrame, out_dir: Path | str,
                         format: str = "csv") -> None:
    """Write ``mentions`` (MENTION_COLUMNS; CSV or Parquet) and ``review.csv`` (always CSV: it
    is filled in by hand) into ``out_dir``."""
    from helpers.tables import write_csv_atomic, write_table_set

    out_dir = Path(out_dir)
    write_table_set({"mentions": mentions[MENTION_COLUMNS]}, out_dir, format)
    write_csv_atomic(review[REVIEW_COLUMNS], out_dir / "review.csv")


def resolve_folder(out_dir: Path | str, registry_dir: Path | str, use_ner: bool = True, workers: int = 1,
                   cache_dir: Path | str | None = None, format: str = "csv") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read ``OUT_DIR/articles.csv`` (the columns resolve uses), resolve, write mentions and
    review.csv; returns both."""
    out_dir = Path(out_dir)
    registry = load_registry(registry_dir)
    articles = read_articles(out_dir, RESOLVE_COLUMNS)
    mentions = resolve_articles(articles, registry, use_ner=use_ner, workers=workers,
                                cache_dir=cache_dir if cache_dir is not None else out_dir / "cache")
    texts = {str(r["article_id"]): article_text(r) for r in articles.to_dict("records")}
    review = carry_decisions(build_review(mentions, texts), previous_review(out_dir / "review.csv"), registry)
    write_resolve_tables(mentions, review, out_dir, format)
    return mentions, review


# --------------------------------------------------------------------------- summaries for chapter 2


def spellings_table(mentions: pd.DataFrame) -> pd.DataFrame:
    """Per resolved actor/outlet: how often, in how many articles, and every spelling seen."""
    resolved = mentions[mentions["canonical"] != ""]
    rows = []
    for (kind, canonical), group in resolved.groupby(["kind", "canonical"], sort=True):
        spellings = Counter(" ".join(surface.split()) for surface in group["surface"])
        rows.append({
            "kind": kind, "canonical": canonical, "n_mentions": len(group),
            "n_articles": group["article_id"].nunique(),
            "spellings": "; ".join(f"{s} ({n})" for s, n in sorted(spellings.items(), key=lambda i: (-i[1], i[0]))),
            "methods": ", ".join(sorted(group["method"].unique())),
        })
    table = pd.DataFrame(rows, columns=["kind", "canonical", "n_mentions", "n_articles", "spellings", "methods"])
    return table.sort_values(["kind", "n_mentions", "canonical"], ascending=[True, False, True], ignore_index=True)


def actor_article_matrix(mentions: pd.DataFrame, kinds: Iterable[str] = ("person", "organisation")) -> pd.DataFrame:
    """Mentions per resolved actor (rows, most mentioned first) and article (columns)."""
    resolved = mentions[(mentions["canonical"] != "") & mentions["kind"].isin(list(kinds))]
    matrix = pd.crosstab(resolved["canonical"], resolved["article_id"])
    order = sorted(matrix.index, key=lambda name: (-int(matrix.loc[name].sum()), name))
    matrix = matrix.loc[order]
    matrix.index.name, matrix.columns.name = "actor", "article_id"
    return matrix


def cited_outlets_table(mentions: pd.DataFrame, articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per article: its publishing outlet (if chapter 1 found it), the outlets it cites as its
    source, and outlets merely mentioned; counts in brackets."""
    outlets = mentions[(mentions["kind"] == "outlet") & (mentions["canonical"] != "") & (mentions["role"] != "link")]
    ids = sorted(mentions["article_id"].unique()) if articles is None else sorted(articles["article_id"])
    publisher = {}
    if articles is not None and "outlet" in articles.columns:
        publisher = dict(zip(articles["article_id"], articles["outlet"].fillna("")))

    def listing(frame: pd.DataFrame) -> str:
        counts = Counter(frame["canonical"])
        return "; ".join(f"{name} ({n})" for name, n in sorted(counts.items(), key=lambda i: (-i[1], i[0])))

    rows = []
    for article_id in ids:
        own = outlets[outlets["article_id"] == article_id]
        rows.append({
            "article_id": article_id, "published_by": publisher.get(article_id, ""),
            "cites_as_source": listing(own[own["role"] == "cited-source"]),
            "also_mentions": listing(own[own["role"] == "mentioned"]),
        })
    return pd.DataFrame(rows, columns=["article_id", "published_by", "cites_as_source", "also_mentions"])
