"""Hedging and attribution markers, suggested per sentence, per language.

Reads an article body (plain text) and its language; returns, per sentence, the markers found:
``conditional`` (French conditionnel "aurait", "serait", "mènerait"; German Konjunktiv II
"wäre", "hätte"), ``distancing`` ("selon", "d'après", "reportedly", "allegedly", "laut", "soll",
"angeblich") and ``attribution`` (reporting verbs: "affirme", "citant", "said", "sagte"). A sentence
with a conditional or distancing marker is *suggested* as hedged; the coder decides (the codebook
lists the false friends, e.g. future-in-the-past after "a déclaré que"). Writes nothing.

Sentences come from spaCy's rule-based sentencizer (no language model needed), with paragraph
breaks as hard boundaries, so offsets are offsets into the body the claims use.

The markers are data: ``helpers/rules/<language>/hedging.yml`` (``distancing``, ``attribution``
and an optional ``conditional`` rule); a language without that file gets sentences and no markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from helpers import rules
from helpers.language import detect_language as _detect_language

#: Kinds of marker lists a language's ``hedging.yml`` may hold (regex fragments, whole words).
MARKER_KINDS = ("distancing", "attribution")


@dataclass(frozen=True)
class Conditional:
    """How one language marks the conditional mood (``conditional`` in its ``hedging.yml``)."""

    pattern: re.Pattern | None  # verb forms in the conditional
    not_conditional: frozenset[str]  # words the pattern catches that are not verbs
    reported_speech: re.Pattern | None  # before the verb: future-in-the-past, not hedging
    caveat: str


def markers_of(language: str) -> dict[str, list[str]]:
    """Distancing and attribution patterns of ``language`` from ``rules/<language>/hedging.yml``."""
    data = rules.language_rules(language, "hedging")
    return {kind: list(data[kind]) for kind in MARKER_KINDS if data.get(kind)}


@lru_cache(maxsize=32)
def conditional_of(language: str) -> Conditional | None:
    """The language's conditional-mood rule: a ``pattern`` or a list of ``words`` (None if none)."""
    data = rules.language_rules(language, "hedging").get("conditional") or {}
    if not data:
        return None
    if data.get("pattern"):
        pattern = re.compile(str(data["pattern"]), re.IGNORECASE)
    else:
        pattern = re.compile(r"\b(?:" + "|".join(data.get("words") or []) + r")\b", re.IGNORECASE)
    reported = data.get("reported_speech")
    return Conditional(pattern, frozenset(str(w).lower() for w in data.get("not_conditional") or []),
                       re.compile(str(reported), re.IGNORECASE) if reported else None,
                       str(data.get("caveat") or ""))


@dataclass(frozen=True)
class Marker:
    """One marker found in a sentence (offsets into the body)."""

    text: str
    kind: str  # conditional, distancing or attribution
    start: int
    end: int
    caveat: str = ""


@lru_cache(maxsize=32)
def _compiled(language: str) -> dict[str, re.Pattern]:
    return {
        kind: re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
        for kind, words in markers_of(language).items()
    }


rules.on_reload(_compiled.cache_clear)
rules.on_reload(conditional_of.cache_clear)


@lru_cache(maxsize=4)
def _sentencizer(language: str):
    import spacy

    try:
        nlp = spacy.blank(language or "xx")
    except Exception:  # noqa: BLE001 - an unknown language code falls back to the multilingual one
        nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    return nlp


def split_sentences(body: str, language: str = "fr") -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``body``; paragraph (line) breaks always split."""
    spans: list[tuple[int, int]] = []
    nlp = _sentencizer(language)
    offset = 0
    for line in body.split("\n"):
        if line.strip():
            for sentence in nlp(line).sents:
                text = sentence.text.strip()
                if text:
                    begin = offset + sentence.start_char + (len(sentence.text) - len(sentence.text.lstrip()))
                    spans.append((begin, begin + len(text)))
        offset += len(line) + 1
    return spans


def find_markers(sentence: str, language: str, offset: int = 0) -> list[Marker]:
    """Hedging and attribution markers in one sentence, in text order."""
    found: list[Marker] = []
    for kind, pattern in _compiled(language).items():
        for match in pattern.finditer(sentence):
            found.append(Marker(match.group(0), kind, offset + match.start(), offset + match.end()))
    conditional = conditional_of(language)
    if conditional is not None:
        for match in conditional.pattern.finditer(sentence):
            if match.group(0).lower() in conditional.not_conditional:
                continue
            caveat = ""
            if conditional.reported_speech and conditional.reported_speech.search(sentence[: match.start()]):
                caveat = conditional.caveat
            found.append(Marker(match.group(0), "conditional", offset + match.start(),
                                offset + match.end(), caveat))
    return sorted(found, key=lambda m: (m.start, m.kind))


def suggests_hedged(markers: list[Marker]) -> bool:
    """True when a conditional (without caveat) or a distancing marker is present."""
    return any(m.kind == "distancing" or (m.kind == "conditional" and not m.caveat) for m in markers)


def detect_language(text: str) -> str:
    """Two-letter language of ``text``: the project's one identifier (``helpers.language``)."""
    return _detect_language(text)


SENTENCE_COLUMNS = ["sentence_id", "start", "end", "sentence", "markers", "kinds", "caveats",
                    "hedged_suggested"]


def sentence_markers(body: str, language: str | None = None) -> pd.DataFrame:
    """One row per sentence of ``body``: its offsets, text, markers (``;`` separated), their
    kinds, caveats and whether it is suggested as hedged."""
    language = language or detect_language(body)
    rows = []
    for index, (start, end) in enumerate(split_sentences(body, language)):
        markers = find_markers(body[start:end], language, start)
        rows.append({
            "sentence_id": index,
            "start": start,
            "end": end,
            "sentence": body[start:end],
            "markers": "; ".join(m.text for m in markers),
            "kinds": "; ".join(m.kind for m in markers),
            "caveats": "; ".join(f"{m.text}: {m.caveat}" for m in markers if m.caveat),
            "hedged_suggested": suggests_hedged(markers),
        })
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def markers_for_quote(quote: str, language: str) -> list[Marker]:
    """Markers inside a quote (the widget shows them next to the quote being coded)."""
    return find_markers(quote, language)


def article_hedging(body: str, language: str | None = None) -> dict[str, object]:
    """Per-article hedging profile: sentences, hedged sentences, their share, marker counts."""
    language = language or detect_language(body)
    table = sentence_markers(body, language)
    kinds = [kind for cell in table["kinds"] for kind in cell.split("; ") if kind]
    n_sentences = len(table)
    n_hedged = int(table["hedged_suggested"].sum()) if n_sentences else 0
    return {
        "language": language,
        "n_sentences": n_sentences,
        "n_hedged_sentences": n_hedged,
        "hedged_share": round(n_hedged / n_sentences, 3) if n_sentences else 0.0,
        "n_conditional": kinds.count("conditional"),
        "n_distancing": kinds.count("distancing"),
        "n_attribution": kinds.count("attribution"),
    }


PROFILE_COLUMNS = ["article_id", "outlet", "language", "n_sentences", "n_hedged_sentences",
                   "hedged_share", "n_conditional", "n_distancing", "n_attribution"]


def hedging_profile(articles: pd.DataFrame) -> pd.DataFrame:
    """``article_hedging`` for every article of an articles table (``body`` when present, else
    ``text``; ``language`` and ``outlet`` columns used when present, else detected / left
    empty)."""
    column = "body" if "body" in articles.columns else "text"
    rows = []
    for record in articles.to_dict("records"):
        body = str(record[column]).replace("\r\n", "\n")
        language = str(record.get("language") or "") or None
        rows.append({"article_id": record["article_id"], "outlet": str(record.get("outlet") or ""),
                     **article_hedging(body, language)})
    return pd.DataFrame(rows, columns=PROFILE_COLUMNS).sort_values("article_id").reset_index(drop=True)


def hedging_by_group(profile: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Per group (outlet, else article file): share of sentences with hedging markers (from
    ``hedging_profile`` plus a ``group`` column) and share of hand-coded claims marked hedged
    (claims with a ``group`` column, see ``helpers.claims.add_group_column``)."""
    sentences = profile.groupby("group").agg(n_sentences=("n_sentences", "sum"),
                                             n_hedged_sentences=("n_hedged_sentences", "sum"))
    sentences["marker_share"] = (sentences["n_hedged_sentences"] / sentences["n_sentences"]).round(3)
    coded = claims.assign(is_hedged=claims["hedged"].eq("yes")).groupby("group").agg(
        n_claims=("claim_id", "size"), n_hedged_claims=("is_hedged", "sum"))
    coded["coded_share"] = (coded["n_hedged_claims"] / coded["n_claims"]).round(3)
    table = sentences.join(coded, how="outer").fillna(0)
    for column in ("n_sentences", "n_hedged_sentences", "n_claims", "n_hedged_claims"):
        table[column] = table[column].astype(int)
    return table.reset_index().sort_values("group").reset_index(drop=True)
