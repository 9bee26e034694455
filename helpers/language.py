"""Language identification, the project's one identifier: py3langid's model and decision,
with fewer memory look-ups. ``detect_language`` is what every stage calls.

py3langid (the maintained fork of langid.py) reads a text's UTF-8 bytes through an automaton
whose states mark byte n-gram features, then scores the features found with a naive Bayes
table of 97 languages. Cleaning asks it once or twice per article. Inside the cleaning loop,
where the rest of the work pushes the model out of the processor's caches, one call cost
~150 µs, most of it waiting for memory:

* the byte walk looks up three places per byte (the transition table, then two Python lists
  of ints, each int a separate object somewhere in memory);
* the scoring gathers one row of the feature table per feature.

``LanguageIdentifier`` below keeps py3langid's model file, text encoding, features, scores and
tie-breaking, and changes only how the tables are laid out: each transition stores the next
state's row offset and feature together (one look-up per byte), and the feature table is
converted once from its stored float16 to float32: numpy multiplies float16 by float32 without
BLAS and converts element by element, the slower half of scoring; float16 -> float32 is exact,
so the scores are py3langid's. ``tests/test_language.py`` checks it answers like
``py3langid.classify``.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from functools import lru_cache
from itertools import islice

import numpy as np

#: Bits of a packed transition that hold the next state's feature (+1; 0 = no feature).
FEATURE_BITS = 20
FEATURE_MASK = (1 << FEATURE_BITS) - 1


class LanguageIdentifier:
    """py3langid's classifier over its own model, one packed look-up per byte."""

    def __init__(self) -> None:
        from py3langid.langid import RAW_FLOOR, LanguageIdentifier as Py3LangId
        from py3langid.langid import MODEL_DIR, MODEL_FILE
        from py3langid.modelio import load_model

        table, prior, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
        # py3langid's own object gives the encoding and the alias columns it folds together.
        reference = Py3LangId(table, prior, classes, nextmove, output, tk_row=row)
        self._encode = reference._encode
        self.classes = list(classes)
        self._table = np.asarray(table, dtype=np.float32)
        self._prior = np.asarray(prior, dtype=np.float32)
        self._floor = np.float32(RAW_FLOOR)
        pairs = reference._alias_pairs
        self._alias_keep = np.array([keep for keep, _ in pairs], dtype=np.intp)
        self._alias_drop = np.array([drop for _, drop in pairs], dtype=np.intp)
        if set(self._alias_keep) & set(self._alias_drop):
            raise ValueError("py3langid alias columns chain; the folding below assumes they do not")

        next_state = np.asarray(nextmove, dtype=np.int64)
        row_offset = np.asarray(reference._rowbase, dtype=np.int64)
        feature = np.asarray(output, dtype=np.int64) + 1
        if feature.max() > FEATURE_MASK:
            raise ValueError(f"py3langid model has more than {FEATURE_MASK} features")
        packed = (row_offset[next_state] << FEATURE_BITS) | feature[next_state]
        self._transitions = array("q", packed.tobytes())
        self._start = int(row_offset[0])

    def features(self, data: bytes) -> Counter:
        """Feature index -> count for the encoded bytes (py3langid's ``visit_counts``)."""
        transitions, offset, found = self._transitions, self._start, []
        append = found.append
        for byte in data:
            packed = transitions[offset + byte]
            offset = packed >> FEATURE_BITS
            feature = packed & FEATURE_MASK
            if feature:
                append(feature - 1)
        return Counter(found)

    def scores(self, text: str) -> np.ndarray:
        """Naive Bayes score per model column, alias columns folded (py3langid's ``_decide``)."""
        counts = self.features(self._encode(text))
        if counts:
            index = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            weight = np.log1p(np.fromiter(counts.values(), dtype=np.float32, count=len(counts)))
            scores = weight @ self._table[index] + self._prior
        else:
            scores = np.full(len(self.classes), self._floor, dtype=np.float32)
        scores[self._alias_keep] = np.maximum(scores[self._alias_keep], scores[self._alias_drop])
        scores[self._alias_drop] = self._floor
        return scores

    def classify(self, text: str) -> str:
        """ISO 639-1 code of the most likely language of ``text``."""
        return self.classes[int(self.scores(text).argmax())]


@lru_cache(maxsize=1)
def language_identifier() -> LanguageIdentifier:
    """The identifier, built once per process (~0.5 s: the model file is compressed)."""
    return LanguageIdentifier()


#: Characters of a text read to detect its language: enough for a stable guess, fast.
LANGUAGE_SAMPLE_CHARS = 120
#: Fewer words than this and the guess is left empty (too short to tell).
MIN_LANGUAGE_WORDS = 4
WORD = re.compile(r"\w+")


def detect_language(text: str, sample_chars: int = LANGUAGE_SAMPLE_CHARS) -> str:
    """ISO 639-1 code of ``text`` by py3langid on its first ``sample_chars`` characters, any of
    py3langid's 97 languages ("" when the sample has fewer than four words)."""
    sample = text[:sample_chars]
    if sum(1 for _ in islice(WORD.finditer(sample), MIN_LANGUAGE_WORDS)) < MIN_LANGUAGE_WORDS:
        return ""
    return language_identifier().classify(sample)
