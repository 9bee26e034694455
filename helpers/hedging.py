"""Hedging and attribution markers, suggested per sentence, per language, by *kind*.

Reads an article body (plain text) and its language; returns, per sentence, the markers found,
each of one kind (the codebook's ``hedging_kinds``):

* ``conditional``: the French conditionnel ("aurait", "mènerait"), English "would" of hearsay;
* ``subjunctive``: German Konjunktiv I ("sei", "habe") and II ("wäre", "hätte") (``detail``);
* ``distancing``: attribution that hands the claim to a source ("selon", "according to", "laut");
* ``epistemic``: modals and adverbs of possibility ("may", "probablement", "vermutlich");
* ``hearsay``: adverbs of second-hand report ("reportedly", "prétendument", "angeblich");
* ``denial``: denial verbs ("a démenti", "denied", "dementierte"): the stance, not hedging;
* ``attribution``: reporting verbs ("affirme", "said", "sagte"): the source, not hedging.

A sentence with a marker of a hedging kind (the first five) is *suggested* as hedged, unless the
marker carries a caveat (future-in-the-past after "a déclaré que"); the coder decides. Writes
nothing.

The markers are data: ``helpers/rules/<language>/hedging.yml``, one mapping per kind (each
marker with a ``pattern``, ``examples`` and ``false_friends``; a plain list of regex fragments,
the older layout, still works); the moods are found by ``helpers.mood``. A language without that
file gets sentences and no markers.

Sentences come from spaCy's rule-based sentencizer (no language model needed), with paragraph
breaks as hard boundaries, so offsets are offsets into the body the claims use.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import mood, rules
from helpers.language import detect_language as _detect_language

#: Kinds of word markers a language's ``hedging.yml`` may hold (the moods have sections of their own).
MARKER_KINDS = ("distancing", "hearsay", "epistemic", "denial", "attribution")
#: Every kind, in the order of the profile's columns.
KINDS = ("conditional", "subjunctive", "distancing", "epistemic", "hearsay", "denial", "attribution")
#: Kinds whose markers suggest that a sentence is hedged.
HEDGING_KINDS = ("conditional", "subjunctive", "distancing", "epistemic", "hearsay")


@dataclass(frozen=True)
class WordMarker:
    """One marker of a kind, compiled from its entry in ``hedging.yml``."""

    name: str
    pattern: re.Pattern
    not_before: re.Pattern | None = None  # no marker when the text right after fits this
    not_after: re.Pattern | None = None  # no marker when the text right before ends with this


def _entries(value) -> dict[str, dict]:
    """A kind's markers as ``{name: entry}``: a mapping as written, or (older layout) a list of
    regex fragments, each its own marker."""
    if isinstance(value, dict):
        return {str(name): (entry if isinstance(entry, dict) else {"pattern": str(entry)})
                for name, entry in value.items()}
    return {str(fragment): {"pattern": str(fragment)} for fragment in value or []}


def markers_of(language: str) -> dict[str, dict[str, dict]]:
    """The word markers of ``language`` per kind, ``{kind: {name: entry}}`` (entries as in
    ``rules/<language>/hedging.yml``: pattern, examples, false_friends...)."""
    data = rules.language_rules(language, "hedging")
    return {kind: _entries(data[kind]) for kind in MARKER_KINDS if data.get(kind)}


def _compile(entry: dict) -> WordMarker:
    flags = 0 if entry.get("case_sensitive") else re.IGNORECASE
    pattern = re.compile(r"(?<!\w)(?:" + str(entry["pattern"]) + r")(?!\w)", flags)
    not_before = re.compile(str(entry["not_before"]), re.IGNORECASE) if entry.get("not_before") else None
    not_after = re.compile(r"(?:" + str(entry["not_after"]) + r")\s*$", re.IGNORECASE) if entry.get("not_after") else None
    return WordMarker(str(entry.get("name", "")), pattern, not_before, not_after)


@lru_cache(maxsize=32)
def _compiled(language: str) -> dict[str, tuple[WordMarker, ...]]:
    compiled = {}
    for kind, entries in markers_of(language).items():
        try:
            compiled[kind] = tuple(_compile({**entry, "name": name}) for name, entry in entries.items())
        except (KeyError, re.error) as error:
            raise ValueError(f"rules {language}/hedging.yml, kind {kind!r}: a marker without a valid "
                             f"pattern ({error})") from error
    return compiled


@dataclass(frozen=True)
class Conditional:
    """How one language marks the conditional mood (``conditional`` in its ``hedging.yml``)."""

    section: dict  # the section as written: pattern or words, not_conditional, model...
    reported_speech: re.Pattern | None  # before the verb: future-in-the-past, not hedging
    caveat: str


@lru_cache(maxsize=32)
def conditional_of(language: str) -> Conditional | None:
    """The language's conditional-mood rule: a ``pattern`` or a list of ``words`` (None if none)."""
    data = rules.language_rules(language, "hedging").get("conditional") or {}
    if not data:
        return None
    reported = data.get("reported_speech")
    return Conditional(dict(data), re.compile(str(reported), re.IGNORECASE) if reported else None,
                       str(data.get("caveat") or ""))


@dataclass(frozen=True)
class Marker:
    """One marker found in a sentence (offsets into the body)."""

    text: str
    kind: str  # one of KINDS
    start: int
    end: int
    caveat: str = ""
    detail: str = ""  # "Konjunktiv I" / "Konjunktiv II" for the German subjunctive


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


def find_markers(sentence: str, language: str, offset: int = 0, use_model: bool = True) -> list[Marker]:
    """Markers of every kind in one sentence, in text order (``use_model=False``: the French
    conditional from spelling alone, without the spaCy model)."""
    found: list[Marker] = []
    for kind, markers in _compiled(language).items():
        for marker in markers:
            for match in marker.pattern.finditer(sentence):
                if marker.not_before and marker.not_before.match(sentence, match.end()):
                    continue
                if marker.not_after and marker.not_after.search(sentence, 0, match.start()):
                    continue
                found.append(Marker(match.group(0), kind, offset + match.start(), offset + match.end()))
    conditional = conditional_of(language)
    if conditional is not None:
        for form in mood.conditional_forms(sentence, conditional.section, use_model):
            caveat = ""
            if conditional.reported_speech and conditional.reported_speech.search(sentence[: form.start]):
                caveat = conditional.caveat
            found.append(Marker(form.text, "conditional", offset + form.start, offset + form.end, caveat))
    for form in mood.subjunctive_forms(sentence, language):
        found.append(Marker(form.text, "subjunctive", offset + form.start, offset + form.end,
                            detail=form.detail))
    unique = {(m.start, m.end, m.kind): m for m in found}  # two patterns of one kind, one marker
    return sorted(unique.values(), key=lambda m: (m.start, KINDS.index(m.kind)))


def suggests_hedged(markers: list[Marker]) -> bool:
    """True when a marker of a hedging kind (``HEDGING_KINDS``) without caveat is present."""
    return any(m.kind in HEDGING_KINDS and not m.caveat for m in markers)


def detect_language(text: str) -> str:
    """Two-letter language of ``text``: the project's one identifier (``helpers.language``)."""
    return _detect_language(text)


SENTENCE_COLUMNS = ["sentence_id", "start", "end", "sentence", "markers", "kinds", "caveats",
                    "hedged_suggested", "hedging_kinds"]


def sentence_markers(body: str, language: str | None = None) -> pd.DataFrame:
    """One row per sentence of ``body``: its offsets, text, markers (``;`` separated), their
    kinds, caveats, whether it is suggested as hedged, and the hedging kinds that suggest it."""
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
            "hedging_kinds": "; ".join(dict.fromkeys(
                m.kind for m in markers if m.kind in HEDGING_KINDS and not m.caveat)),
        })
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def markers_for_quote(quote: str, language: str) -> list[Marker]:
    """Markers inside a quote (the widget shows them next to the quote being coded)."""
    return find_markers(quote, language)


def article_hedging(body: str, language: str | None = None) -> dict[str, object]:
    """Per-article hedging profile: sentences, hedged sentences, their share, marker counts per
    kind (``n_<kind>``) and sentences with a marker of each hedging kind (``sentences_<kind>``,
    caveated markers left out)."""
    language = language or detect_language(body)
    table = sentence_markers(body, language)
    kinds = [kind for cell in table["kinds"] for kind in cell.split("; ") if kind]
    n_sentences = len(table)
    n_hedged = int(table["hedged_suggested"].sum()) if n_sentences else 0
    profile: dict[str, object] = {
        "language": language,
        "n_sentences": n_sentences,
        "n_hedged_sentences": n_hedged,
        "hedged_share": round(n_hedged / n_sentences, 3) if n_sentences else 0.0,
    }
    profile.update({f"n_{kind}": kinds.count(kind) for kind in KINDS})
    for kind in HEDGING_KINDS:
        profile[f"sentences_{kind}"] = sum(kind in cell for cell in table["hedging_kinds"])
    return profile


PROFILE_COLUMNS = ["article_id", "outlet", "language", "n_sentences", "n_hedged_sentences",
                   "hedged_share", *(f"n_{kind}" for kind in KINDS),
                   *(f"sentences_{kind}" for kind in HEDGING_KINDS)]


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


def hedging_by_kind(profile: pd.DataFrame) -> pd.DataFrame:
    """Per group and language (``hedging_profile`` plus a ``group`` column): the share of
    sentences with a marker of each hedging kind (``share_<kind>``), so outlets are compared
    kind by kind rather than on one total that mixes kinds measured unequally per language."""
    columns = ["n_sentences", *(f"sentences_{kind}" for kind in HEDGING_KINDS)]
    table = profile.groupby(["group", "language"])[columns].sum()
    for kind in HEDGING_KINDS:
        table[f"share_{kind}"] = (table[f"sentences_{kind}"] / table["n_sentences"].where(
            table["n_sentences"] > 0)).fillna(0.0).round(3)
    shares = [f"share_{kind}" for kind in HEDGING_KINDS]
    return table[["n_sentences", *shares]].reset_index().sort_values(["language", "group"]).reset_index(drop=True)


# --- command line: python -m helpers hedging TEXT_FILE --language LANG ----------------------------

CLI_COLUMNS = ["line", "markers", "kinds"]


def hedging_lines(path: str | Path, language: str) -> pd.DataFrame:
    """One row per line of the UTF-8 text file ``path`` (one sentence a line): ``line``
    (1-based), ``markers`` (``;``-joined marker texts as they occur) and ``kinds`` (the same
    order). A missing file or a language without hedging rules is a one-line error."""
    language = language.strip().lower()
    known = sorted(code for code in rules.languages() if rules.language_rules(code, "hedging"))
    if language not in known:
        raise ValueError(f"unknown language {language!r}: hedging rules exist for {', '.join(known)}")
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such file")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise ValueError(f"{path}: not UTF-8 text (byte {error.start})") from error
    rows = []
    for number, line in enumerate(lines, start=1):
        markers = find_markers(line, language)
        rows.append({"line": number, "markers": ";".join(m.text for m in markers),
                     "kinds": ";".join(m.kind for m in markers)})
    return pd.DataFrame(rows, columns=CLI_COLUMNS)


def command_hedging(args: argparse.Namespace) -> int:
    """Print the markers of each line of TEXT_FILE as CSV on standard output."""
    hedging_lines(args.text_file, args.language).to_csv(sys.stdout, index=False)
    return 0


def add_hedging_command(commands: argparse._SubParsersAction) -> None:
    """Add ``hedging TEXT_FILE --language LANG`` to the ``python -m helpers`` sub-commands."""
    parser = commands.add_parser("hedging", help="hedging markers of each line of a text file, as CSV")
    parser.add_argument("text_file", help="UTF-8 text, one sentence per line")
    parser.add_argument("--language", required=True, help="language code of the text (fr, en, de)")
    parser.set_defaults(run=command_hedging)


# --- the codebook's hedging kinds -----------------------------------------------------------------


def kinds_table(codebook: dict) -> pd.DataFrame:
    """The codebook's ``hedging_kinds`` as a table: kind, whether it suggests hedging, whether it
    is comparable across languages, and why (``comparable``)."""
    kinds = codebook.get("hedging_kinds") or {}
    rows = [{"kind": kind, "hedges": bool(entry.get("hedges")),
             "comparable_across_languages": bool(entry.get("comparable_across_languages")),
             "comparable": " ".join(str(entry.get("comparable") or "").split())}
            for kind, entry in kinds.items()]
    return pd.DataFrame(rows, columns=["kind", "hedges", "comparable_across_languages", "comparable"])


def not_comparable_sentence(codebook: dict, languages: list[str]) -> str:
    """One sentence naming the hedging kinds not comparable across languages (from the codebook),
    or saying that all are, given the languages of the corpus."""
    table = kinds_table(codebook)
    kinds = table.loc[table["hedges"] & ~table["comparable_across_languages"], "kind"].tolist()
    languages = sorted({code for code in languages if code})
    if not kinds:
        return "Every hedging kind is measured alike in French, English and German."
    scope = (f"This corpus has articles in {', '.join(languages)}: " if len(languages) > 1
             else f"This corpus has articles in {languages[0] if languages else 'no known language'} only; in a multilingual corpus, ")
    return (scope + f"the kinds {' and '.join(kinds)} are not comparable across languages "
            f"(a grammatical mood of one language each), so compare outlets of different languages "
            f"only on {', '.join(k for k in HEDGING_KINDS if k not in kinds)}.")
