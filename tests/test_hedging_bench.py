"""Tests for bench/hedging.py's gold reading: CoNLL-U words with offsets and labels, and the
German Konjunktiv I / II split the bench documents."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import hedging as bench  # noqa: E402

CONLLU = """# sent_id = 1
# text = Il aurait parlé du plan.
1\tIl\til\tPRON\t_\tNumber=Sing|Person=3\t2\tnsubj\t_\t_
2\taurait\tavoir\tAUX\t_\tMood=Cnd|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t3\taux\t_\t_
3\tparlé\tparler\tVERB\t_\tTense=Past|VerbForm=Part\t0\troot\t_\t_
4-5\tdu\t_\t_\t_\t_\t_\t_\t_\t_
4\tde\tde\tADP\t_\t_\t6\tcase\t_\t_
5\tle\tle\tDET\t_\tDefinite=Def\t6\tdet\t_\t_
6\tplan\tplan\tNOUN\t_\tGender=Masc\t3\tobl\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t_\t_\t3\tpunct\t_\t_

# sent_id = 2
# text = Il espérait.
1\tIl\til\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tespérait\tespérer\tVERB\t_\tMood=Ind|Tense=Imp\t0\troot\t_\tSpaceAfter=No
3\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_
"""


def test_conllu_words_carry_offsets_and_gold_labels(tmp_path):
    path = tmp_path / "fr_test-ud-test.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    sentences = list(bench.read_conllu(path, bench.french_label))
    assert [text for text, _ in sentences] == ["Il aurait parlé du plan.", "Il espérait."]
    text, words = sentences[0]
    assert [w.form for w in words] == ["Il", "aurait", "parlé", "du", "plan", "."]
    assert all(text[w.start:w.end] == w.form for w in words)
    assert [w.form for w in words if w.label] == ["aurait"]
    assert not any(w.label for w in sentences[1][1])


def test_ours_beats_main_on_the_imperfect(tmp_path):
    path = tmp_path / "fr_test-ud-test.conllu"
    path.write_text(CONLLU, encoding="utf-8")
    sentences = list(bench.read_conllu(path, bench.french_label))
    assert bench.score(sentences, bench.baseline_system("fr"), ("conditional",)) == {"conditional": (1, 1, 1, 2)}
    assert bench.score(sentences, bench.ours("fr"), ("conditional",)) == {"conditional": (1, 1, 1, 1)}


@pytest.mark.parametrize("form, lemma, label", [
    ("habe", "haben", bench.K1), ("sei", "sein", bench.K1), ("seien", "sein", bench.K1),
    ("könne", "können", bench.K1), ("ausmache", "ausmachen", bench.K1), ("handele", "handeln", bench.K1),
    ("handle", "handeln", bench.K1), ("ändre", "ändern", bench.K1), ("ändere", "ändern", bench.K1),
    ("wäre", "sein", bench.K2), ("hätte", "haben", bench.K2), ("würde", "werden", bench.K2),
    ("sollte", "sollen", bench.K2), ("könnte", "können", bench.K2),
])
def test_german_gold_split_from_form_and_lemma(form, lemma, label):
    assert bench.german_label(form, lemma, "Mood=Sub|Number=Sing|Person=3|Tense=Past") == label
    assert bench.german_label(form, lemma, "Mood=Ind|Number=Sing|Person=3|Tense=Pres") == ""
