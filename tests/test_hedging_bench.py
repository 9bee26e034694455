"""Tests for bench/hedging.py's gold reading: CoNLL-U words with offsets and labels, and the
German Konjunktiv I / II split the bench documents."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
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


GERMAN = """# sent_id = dev-s500
# text = Die SPD sollte also gehen.
1\tDie\tder\tDET\t_\t_\t2\tdet\t_\t_
2\tSPD\tSPD\tPROPN\t_\t_\t5\tnsubj\t_\t_
3\tsollte\tsollen\tAUX\t_\tMood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin\t5\taux\t_\t_
4\talso\talso\tADV\t_\t_\t5\tadvmod\t_\t_
5\tgehen\tgehen\tVERB\t_\tVerbForm=Inf\t0\troot\t_\tSpaceAfter=No
6\t.\t.\tPUNCT\t_\t_\t5\tpunct\t_\t_

# sent_id = dev-s501
# text = Er sagte, sie sei da.
1\tEr\ter\tPRON\t_\t_\t2\tnsubj\t_\t_
2\tsagte\tsagen\tVERB\t_\tMood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No
3\t,\t,\tPUNCT\t_\t_\t5\tpunct\t_\t_
4\tsie\tsie\tPRON\t_\t_\t5\tnsubj\t_\t_
5\tsei\tsein\tAUX\t_\tMood=Sub|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin\t2\tccomp\t_\t_
6\tda\tda\tADV\t_\t_\t5\tadvmod\t_\tSpaceAfter=No
7\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_
"""


def test_german_gsd_is_also_scored_on_its_news_part(tmp_path):
    path = tmp_path / "de_gsd-ud-dev.conllu"
    path.write_text(GERMAN, encoding="utf-8")
    assert bench.sentence_numbers(path) == [500, 501]
    rows = pd.DataFrame(bench.treebank_rows(tmp_path)).set_index(["split", "system", "kind"])
    # the whole split: the review's "sollte" (tagged indicative) is a false Konjunktiv II of ours
    assert rows.loc[("dev", "ours", bench.K2), "predicted"] == 1
    assert rows.loc[("dev", "ours", bench.K2), "precision"] == 0
    # the news part (from s501 on) holds only the reported "sei"
    assert rows.loc[("dev news", "ours", bench.K1), ["gold", "found", "predicted"]].tolist() == [1, 1, 1]
    assert rows.loc[("dev news", "ours", bench.K2), "predicted"] == 0
    assert set(rows.reset_index()["treebank"]) == {"de_gsd"}


def test_adjudicated_moods_replace_the_treebank_ones(tmp_path):
    path = tmp_path / "de_gsd-ud-dev.conllu"
    path.write_text(GERMAN, encoding="utf-8")
    table = tmp_path / "adjudicated.csv"
    table.write_text("treebank,split,sent_id,form,lemma,treebank_mood,adjudicated_mood,reason\n"
                     "de_gsd,dev,dev-s500,sollte,sollen,Ind,Sub,should\n"
                     "de_gsd,dev,dev-s501,sei,sein,Sub,Ind,a test\n", encoding="utf-8")
    sentences = list(bench.read_conllu(path, bench.german_label))
    judged = bench.adjudicated(sentences, bench.sentence_ids(path), "de_gsd", "dev", table)
    assert [(w.form, w.label) for _, words in judged for w in words if w.label] == [("sollte", bench.K2)]
    # the treebank's own labels are left alone
    assert [(w.form, w.label) for _, words in sentences for w in words if w.label] == [("sei", bench.K1)]
    # another split, or a file holding none of the listed sentences: nothing to adjudicate
    assert bench.adjudicated(sentences, bench.sentence_ids(path), "de_gsd", "test", table) is None
    assert bench.adjudicated(sentences, ["x1", "x2"], "de_gsd", "dev", table) is None


def test_adjudicated_word_missing_is_one_clear_error(tmp_path):
    path = tmp_path / "de_gsd-ud-dev.conllu"
    path.write_text(GERMAN, encoding="utf-8")
    table = tmp_path / "adjudicated.csv"
    table.write_text("treebank,split,sent_id,form,lemma,treebank_mood,adjudicated_mood,reason\n"
                     "de_gsd,dev,dev-s500,möchte,mögen,Ind,Sub,typo\n", encoding="utf-8")
    sentences = list(bench.read_conllu(path, bench.german_label))
    with pytest.raises(ValueError, match=r"adjudicated.csv: row 2: no word 'möchte' in sentence 'dev-s500'"):
        bench.adjudicated(sentences, bench.sentence_ids(path), "de_gsd", "dev", table)


def test_project_adjudications_name_real_gsd_words():
    """Every adjudicated row says why, and changes or confirms a mood of a form it names."""
    table = pd.read_csv(bench.ADJUDICATED, keep_default_na=False)
    assert set(table["treebank"]) == {"de_gsd"}
    assert set(table["adjudicated_mood"]) <= {"Sub", "Ind"} and set(table["treebank_mood"]) <= {"Sub", "Ind"}
    assert (table["reason"].str.len() > 10).all()
    assert all(row["sent_id"].startswith(row["split"] + "-") for _, row in table.iterrows())
