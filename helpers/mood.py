"""Verb moods that hedge: the French conditional and the German Konjunktiv I and II.

Reads the ``conditional`` and ``subjunctive`` sections of ``helpers/rules/<language>/hedging.yml``
(spellings, word lists, verbs and prefixes: the language knowledge is there, not here) and, for
French, the installed spaCy model named by ``conditional.model`` (its ``Mood``/``Tense`` features
settle what spelling cannot: "espérait" is an imperfect, "espérerait" a conditional). German has
no model here: its ``subjunctive`` section lists the forms, and for Konjunktiv II forms spelled
like the preterite ("zeigten", "gingen") the cues of a sentence of reported speech or of the
unreal (``konjunktiv_2_in_context``), less those that the clause shows to be participles made
adjectives (``konjunktiv_2_in_context.participle``). Returns found forms with their offsets in
the sentence; writes nothing.

English needs no morphology: its "would" is a word rule (``conditional.words``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from helpers import rules

KONJUNKTIV_1 = "Konjunktiv I"
KONJUNKTIV_2 = "Konjunktiv II"
#: A word for the rules below: letters (with umlauts and accents), apostrophes and hyphens inside.
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class MoodForm:
    """One verb form in a hedging mood, with its offsets in the sentence."""

    text: str
    start: int
    end: int
    detail: str = ""  # "Konjunktiv I", "Konjunktiv II" or "" (the French conditional)


# --- French: spelling proposes, the model disposes ------------------------------------------------


@lru_cache(maxsize=4)
def _spacy_model(name: str):
    """The installed spaCy pipeline ``name`` (None when it is not installed: spelling only)."""
    import spacy

    try:
        return spacy.load(name, exclude=["ner", "parser"])
    except OSError:
        return None


def model_lemmas(sentence: str, model_name: str) -> dict[int, tuple[str, str]] | None:
    """``{start offset: (lemma, part of speech)}`` of every token of ``sentence`` as the spaCy
    model ``model_name`` reads it; None when the model is not installed."""
    nlp = _spacy_model(model_name)
    if nlp is None:
        return None
    return {token.idx: (token.lemma_.lower(), token.pos_) for token in nlp(sentence)}


def is_imperfect(form: str, lemma: str, rule: dict) -> bool:
    """True when ``form`` is the imperfect of ``lemma`` by the section's ``imperfect`` rule: the
    lemma minus its infinitive ending (``lemma_endings``: "espérer" -> "espér") plus an
    imperfect ending ("espérait"), where the conditional keeps the infinitive ("espérerait")."""
    form = form.lower()
    for lemma_ending in rule.get("lemma_endings") or []:
        if lemma.endswith(str(lemma_ending)):
            stem = lemma[: -len(str(lemma_ending))]
            if any(form == stem + str(ending) for ending in rule.get("endings") or []):
                return True
    return False


def spelling_candidates(sentence: str, section: dict) -> list[MoodForm]:
    """Forms matching the section's ``pattern`` (or ``words``), minus ``not_conditional`` and
    those followed by ``not_before``."""
    if section.get("pattern"):
        pattern = re.compile(str(section["pattern"]), re.IGNORECASE)
    else:
        words = sorted((str(w) for w in section.get("words") or []), key=len, reverse=True)
        if not words:
            return []
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)
    excluded = {str(w).lower() for w in section.get("not_conditional") or []}
    not_before = re.compile(str(section["not_before"]), re.IGNORECASE) if section.get("not_before") else None
    found = []
    for match in pattern.finditer(sentence):
        if match.group(0).lower() in excluded:
            continue
        if not_before and not_before.match(sentence, match.end()):
            continue
        found.append(MoodForm(match.group(0), match.start(), match.end()))
    return found


def conditional_forms(sentence: str, section: dict, use_model: bool = True) -> list[MoodForm]:
    """Conditional forms of ``sentence``: spelling candidates, less those that the lemma from
    the section's spaCy ``model`` shows to be imperfects (the ``imperfect`` rule) and those it
    tags with a part of speech in ``model_not_verbs``. The model's
    own Mood tag is not trusted alone (it reads "participerait" as an imperfect; bench/hedging.py
    compares). Without a model (none named, not installed, or ``use_model`` False) spelling
    alone decides."""
    candidates = spelling_candidates(sentence, section)
    model_name = section.get("model")
    if not candidates or not model_name or not use_model:
        return candidates
    lemmas = model_lemmas(sentence, str(model_name))
    if lemmas is None:
        return candidates
    rule = section.get("imperfect") or {}
    not_verbs = {str(p) for p in section.get("model_not_verbs") or []}
    kept = []
    for form in candidates:
        lemma, pos = lemmas.get(form.start, ("", ""))
        if lemma and is_imperfect(form.text, lemma, rule):
            continue  # "espérait" (espérer): the imperfect, not a conditional
        if pos in not_verbs:
            continue  # "vrais", "engrais": an adjective or a noun
        kept.append(form)
    return kept


# --- German: Konjunktiv I and II from forms and a verb list ---------------------------------------


@dataclass(frozen=True)
class SubjunctiveRules:
    """The ``subjunctive`` section of a language's ``hedging.yml``, as sets."""

    k1_words: frozenset[str]
    k1_first_person_alike: frozenset[str]
    first_person: frozenset[str]
    verbs: frozenset[str]
    prefixes: tuple[str, ...]
    not_verbs: frozenset[str]
    not_verb_endings: tuple[str, ...]
    k2_words: frozenset[str]
    #: ``konjunktiv_2_in_context``: forms spelled like the preterite, Konjunktiv II by context
    k2_context_words: frozenset[str] = frozenset()
    k2_weak_endings: tuple[str, ...] = ()
    k2_cues: re.Pattern | None = None
    report_verbs: frozenset[str] = frozenset()
    k2_not_prefixes: frozenset[str] = frozenset()
    k2_not_after: frozenset[str] = frozenset()
    #: ``konjunktiv_2_in_context.participle``: what tells a participle made adjective from a verb
    subordinators: frozenset[str] = frozenset()
    coordinators: frozenset[str] = frozenset()
    not_adjectives: frozenset[str] = frozenset()
    #: ``konjunktiv_2_in_context.narrative_openers``: temporal conjunctions whose clause narrates
    narrative_openers: frozenset[str] = frozenset()


def _lower_set(values) -> frozenset[str]:
    return frozenset(str(v).lower() for v in values or [])


@lru_cache(maxsize=8)
def subjunctive_rules(language: str) -> SubjunctiveRules | None:
    """The language's subjunctive rules (None when its ``hedging.yml`` has no ``subjunctive``)."""
    section = rules.language_rules(language, "hedging").get("subjunctive") or {}
    if not section:
        return None
    k1 = section.get("konjunktiv_1") or {}
    k2 = section.get("konjunktiv_2") or {}
    in_context = section.get("konjunktiv_2_in_context") or {}
    prefixes = tuple(sorted((str(p).lower() for p in k1.get("prefixes") or []), key=len, reverse=True))
    cues = [str(cue) for cue in in_context.get("cues") or []]
    participle = in_context.get("participle") or {}
    return SubjunctiveRules(
        k1_words=_lower_set(k1.get("words")), k1_first_person_alike=_lower_set(k1.get("first_person_alike")),
        first_person=_lower_set([k1.get("first_person") or "ich"]), verbs=_lower_set(k1.get("verbs")),
        prefixes=prefixes, not_verbs=_lower_set(k1.get("not_verbs")),
        not_verb_endings=tuple(sorted(_lower_set(k1.get("not_verb_endings")))), k2_words=_lower_set(k2.get("words")),
        k2_context_words=_lower_set(in_context.get("words")),
        k2_weak_endings=tuple(sorted(_lower_set(in_context.get("weak_endings")), key=len, reverse=True)),
        k2_cues=re.compile(r"(?<!\w)(?:" + "|".join(cues) + r")(?!\w)", re.IGNORECASE) if cues else None,
        report_verbs=_lower_set(in_context.get("report_verbs")),
        k2_not_prefixes=_lower_set(in_context.get("not_prefixes")), k2_not_after=_lower_set(in_context.get("not_after")),
        subordinators=_lower_set(participle.get("subordinators")),
        coordinators=_lower_set(participle.get("coordinators")),
        not_adjectives=_lower_set(participle.get("not_adjectives")),
        narrative_openers=_lower_set(in_context.get("narrative_openers")))


rules.on_reload(subjunctive_rules.cache_clear)


def _verb_of_stem(stem: str, table: SubjunctiveRules, prefixes: tuple[str, ...] | None = None) -> str:
    """The listed verb (infinitive, without its prefix) whose stem is ``stem``, after stripping
    one of ``prefixes`` (default: the table's; "ausmach": machen); any stem in -ier is a verb in
    -ieren; "" when none."""
    if stem.endswith("ier"):
        return stem + "en"
    prefixes = table.prefixes if prefixes is None else prefixes
    candidates = [stem] + [stem[len(p):] for p in prefixes if stem.startswith(p) and len(stem) - len(p) >= 2]
    for form in candidates:
        for infinitive in (form + "en", form + "n"):
            if infinitive in table.verbs:
                return infinitive
    return ""


def _is_verb_stem_form(word: str, table: SubjunctiveRules) -> bool:
    """True when ``word`` (lower case, ending in -e) is stem + e of a listed verb, possibly
    after a prefix ("ausmache": machen), or of any verb in -ieren ("existiere")."""
    if word in table.not_verbs or len(word) < 4 or word.endswith(table.not_verb_endings):
        return False
    return bool(_verb_of_stem(word[:-1], table))


def _preterite_alike_verb(word: str, table: SubjunctiveRules) -> str:
    """The verb of which ``word`` (lower case) is a form whose Konjunktiv II is spelled like its
    preterite: a listed form ("wollten", "gingen": the form itself is returned) or the weak
    preterite plural of a listed verb ("zeigten": zeigen); "" when it is neither. Listed forms
    take no prefix: "vergriffen" is a participle, and "auswiesen" in a report is mostly an
    indicative relative clause (UD German-GSD dev, UD German-PUD)."""
    if word in table.k2_context_words:
        return word
    if word in table.not_verbs or word.endswith(table.not_verb_endings):
        return ""
    # no "ge-": "gemachten" is a participle made adjective, never a preterite
    prefixes = tuple(p for p in table.prefixes if p not in table.k2_not_prefixes)
    for ending in table.k2_weak_endings:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            verb = _verb_of_stem(word[: -len(ending)], table, prefixes)
            if verb:
                return verb
    return ""


def subjunctive_forms(sentence: str, language: str) -> list[MoodForm]:
    """Konjunktiv I and II forms of ``sentence`` (``detail`` says which).

    Konjunktiv II: the listed forms, and forms spelled like the preterite ("wollten", "zeigten")
    when the sentence is reported speech or unreal (``_k2_context``) and the verb is no reporting
    verb. Konjunktiv I: the listed forms; forms shared with the first person singular indicative
    ("habe") and the generic stem + e of a listed verb only when no first-person subject stands
    right after or earlier in the clause; a capitalised word is a noun unless it opens the
    sentence or a quote.
    """
    table = subjunctive_rules(language)
    if table is None:
        return []
    tokens = list(WORD.finditer(sentence))
    found, alike = [], []  # alike: (token index, form)
    for index, match in enumerate(tokens):
        text = match.group(0)
        word = text.lower()
        if text[0].isupper() and index > 0 and not _opens_clause(sentence, match.start()):
            continue  # German nouns are capitalised: "die Würde", "Katja Wolle"
        verb = _preterite_alike_verb(word, table)
        if verb:
            after_article = index > 0 and tokens[index - 1].group(0).lower() in table.k2_not_after
            if verb not in table.report_verbs and not after_article:  # "die erwarteten Zahlen"
                alike.append((index, MoodForm(text, match.start(), match.end(), KONJUNKTIV_2)))
        elif word in table.k2_words:
            found.append(MoodForm(text, match.start(), match.end(), KONJUNKTIV_2))
        elif word in table.k1_words:
            found.append(MoodForm(text, match.start(), match.end(), KONJUNKTIV_1))
        elif word.endswith("e") and (word in table.k1_first_person_alike or _is_verb_stem_form(word, table)):
            if text[0].isupper() and word not in table.k1_first_person_alike:
                continue  # opening the sentence: a noun ("Aussage des Verkäufers", "Beispiele sind")
            if _first_person_clause(sentence, tokens, index, table):
                continue  # "ich habe", "habe ich", "ich ... und werde": the indicative
            found.append(MoodForm(text, match.start(), match.end(), KONJUNKTIV_1))
    if alike and _k2_context(sentence, found, table):
        verbs = [form for index, form in alike if not _is_attributive(sentence, tokens, index, found, table)
                 and not _in_narrative_clause(sentence, tokens, index, table)]
        found = sorted(found + verbs, key=lambda form: form.start)
    return found


def _clause_span(sentence: str, tokens: list, index: int, table: SubjunctiveRules,
                 at_coordinators: bool = True) -> tuple[int, int]:
    """(first, last) token index of the clause around token ``index``: it ends at , ; : ( ) or
    a sentence mark, and (``at_coordinators``) at a coordinating conjunction
    (``participle.coordinators``)."""

    def boundary(left: int, right: int) -> bool:
        """True when a clause ends between tokens ``left`` and ``right``."""
        between = sentence[tokens[left].end(): tokens[right].start()]
        return bool(re.search(r"[,;:()!?]|\.\s", between)) or (
            at_coordinators and tokens[right].group(0).lower() in table.coordinators)

    first = index
    while first > 0 and not boundary(first - 1, first):
        first -= 1
    last = index
    while last + 1 < len(tokens) and not boundary(last, last + 1):
        last += 1
    return first, last


def _is_attributive(sentence: str, tokens: list, index: int, found: list[MoodForm],
                    table: SubjunctiveRules) -> bool:
    """True when the preterite-alike form at token ``index`` is a participle made adjective: a
    noun follows it (after any adjectives in -en), and its clause cannot hold it as its finite
    verb, opening with a subordinating conjunction (the finite verb stands last) or holding a
    Konjunktiv form of its own (a clause has one finite verb). See ``participle`` in the data."""
    first, last = _clause_span(sentence, tokens, index, table)
    for token in tokens[index + 1: last + 1]:
        word = token.group(0)
        if word[0].isupper():
            break  # a noun: German capitalises them
        lower = word.lower()
        if not lower.endswith("en") or lower in table.not_adjectives or lower in table.k2_not_after:
            return False  # "steckten in den Staus", "brauchten einen Arzt": the verb's complements
    else:
        return False  # no noun up to the clause's end: "..., dass sie Raketen stationierten."
    if tokens[first].group(0).lower() in table.subordinators:
        return True
    start, end = tokens[first].start(), tokens[last].end()
    return any(start <= form.start and form.end <= end for form in found)


def _in_narrative_clause(sentence: str, tokens: list, index: int, table: SubjunctiveRules) -> bool:
    """True when the preterite-alike form at token ``index`` is the verb of a temporal clause
    ("Als wir ein Lokal suchten, ..."): its clause opens with one of ``narrative_openers`` and
    something other than the form or a conjunction follows the opener ("als fielen Bomben", "als
    ob sie existierten" are the unreal comparison). Such clauses tell what happened, so the form
    is the preterite indicative."""
    # back to the last punctuation only: "und" joins nouns inside the clause here
    first, _ = _clause_span(sentence, tokens, index, table, at_coordinators=False)
    if tokens[first].group(0).lower() not in table.narrative_openers or index == first + 1:
        return False
    return tokens[first + 1].group(0).lower() not in table.subordinators  # "als ob", "als wenn": unreal


def _k2_context(sentence: str, found: list[MoodForm], table: SubjunctiveRules) -> bool:
    """True when ``sentence`` is reported speech or unreal: it holds a Konjunktiv form of its own
    (``found``) or a cue of ``konjunktiv_2_in_context.cues`` ("hieß es", "als ob")."""
    return bool(found) or bool(table.k2_cues and table.k2_cues.search(sentence))


def _opens_clause(sentence: str, start: int) -> bool:
    """True when only spaces and quotes or a colon stand between the last clause mark and ``start``."""
    before = sentence[:start].rstrip(" \"'„“”»«‚‘")
    return not before or before[-1] in ":;.!?"


def _first_person_clause(sentence: str, tokens: list, index: int, table: SubjunctiveRules) -> bool:
    """True when the first-person subject stands right after the form, or before it in the same
    clause (no comma, colon or semicolon in between)."""
    if index + 1 < len(tokens) and tokens[index + 1].group(0).lower() in table.first_person:
        return True
    for previous in reversed(tokens[:index]):
        if re.search(r"[,;:]", sentence[previous.end(): tokens[index].start()]):
            return False
        if previous.group(0).lower() in table.first_person:
            return True
    return False
