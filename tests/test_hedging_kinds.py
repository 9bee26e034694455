"""Tests for the hedging kinds: the data files' examples and false friends, the moods of
helpers.mood (French conditional vs imperfect, German Konjunktiv I/II vs indicative), English
modals, the per-kind profile and the ``python -m helpers hedging`` command."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import hedging as H
from helpers import mood, rules
from helpers.cli import main


def _documented(kind_filter=None):
    """(language, kind, marker name, sentence, is_example) for every example and false friend."""
    cases = []
    for language in ("fr", "en", "de"):
        data = rules.language_rules(language, "hedging")
        for kind, entries in H.markers_of(language).items():
            for name, entry in entries.items():
                cases += [(language, kind, name, s, True) for s in entry.get("examples") or []]
                cases += [(language, kind, name, s, False) for s in entry.get("false_friends") or []]
        mood_sections = [("conditional", data.get("conditional") or {})]
        mood_sections += [("subjunctive", v) for v in (data.get("subjunctive") or {}).values()]
        for kind, section in mood_sections:
            cases += [(language, kind, kind, s, True) for s in section.get("examples") or []]
            cases += [(language, kind, kind, s, False) for s in section.get("false_friends") or []]
    return cases


@pytest.mark.parametrize("language, kind, name, sentence, is_example", _documented())
def test_every_documented_example_and_false_friend(language, kind, name, sentence, is_example):
    kinds = [m.kind for m in H.find_markers(sentence, language)]
    if is_example:
        assert kind in kinds, f"{language} {kind} {name!r}: example {sentence!r} gives {kinds}"
    else:
        assert kind not in kinds, f"{language} {kind} {name!r}: false friend {sentence!r} gives {kinds}"


def test_every_marker_has_examples_documented():
    for language in ("fr", "en", "de"):
        for kind, entries in H.markers_of(language).items():
            for name, entry in entries.items():
                assert entry.get("examples"), f"{language}/{kind}/{name} has no example"
                assert "false_friends" in entry, f"{language}/{kind}/{name} lists no false friends"


@pytest.mark.parametrize("sentence, conditionals", [
    ("Il espérait un accord avant l'été.", []),
    ("L'armée retirait ses troupes du nord.", []),
    ("Il espérerait un accord avant l'été.", ["espérerait"]),
    ("Les deux hommes se seraient rencontrés à Ankara.", ["seraient"]),
    ("Moscou pourrait accepter un gel du front.", ["pourrait"]),
])
def test_french_conditional_is_not_the_imperfect_of_rer_verbs(sentence, conditionals):
    found = [m.text for m in H.find_markers(sentence, "fr") if m.kind == "conditional"]
    assert found == conditionals


def test_french_spelling_alone_cannot_tell_the_imperfect():
    """Without the model the -rer imperfect is a false conditional: the reason for the model."""
    section = rules.language_rules("fr", "hedging")["conditional"]
    assert [f.text for f in mood.conditional_forms("Il espérait un accord.", section, use_model=False)] == ["espérait"]
    assert mood.conditional_forms("Il espérait un accord.", section) == []


@pytest.mark.parametrize("sentence, forms", [
    ("Der Sprecher sagte, Burns sei nicht in Ankara gewesen.", [("sei", "Konjunktiv I")]),
    ("Peskow erklärte, man habe keine Pläne.", [("habe", "Konjunktiv I")]),
    ("Ich habe keine Pläne.", []),
    ("Heute habe ich keine Zeit.", []),
    ("Er ist nicht in Ankara gewesen.", []),
    ("Der Minister betonte, man unterstütze die Gespräche.", [("unterstütze", "Konjunktiv I")]),
    ("Der Kreml erklärte, er existiere nicht.", [("existiere", "Konjunktiv I")]),
    ("Er werde nach Moskau reisen, sagte er.", [("werde", "Konjunktiv I")]),
    ("Ich werde nach Moskau reisen.", []),
    ("Ein Treffen wäre möglich, und Burns hätte Zeit.", [("wäre", "Konjunktiv II"), ("hätte", "Konjunktiv II")]),
    ("Die Würde des Menschen ist unantastbar.", []),
    ("Die Gespräche fanden teilweise in Oman statt.", []),
    ("Die SPD sollte also klare Bedingungen stellen.", [("sollte", "Konjunktiv II")]),
    ("Sollte er kommen, reisen wir ab.", [("Sollte", "Konjunktiv II")]),
    # "tue" is also the first person indicative
    ("Ich tue mich schwer mit Passwörtern.", []),
    ("Er sagte, er tue alles für den Frieden.", [("tue", "Konjunktiv I")]),
    # a capitalised word opening the sentence is a noun unless it is a listed form
    ("Beispiele sind die Line-Inseln im Pazifik.", []),
    ("Aussage des Verkäufers war, es gebe keine Ware.", [("gebe", "Konjunktiv I")]),
    ("Habe er das gewusst, sei es ein Skandal, sagte sie.", [("Habe", "Konjunktiv I"), ("sei", "Konjunktiv I")]),
])
def test_german_konjunktiv_one_and_two_against_the_indicative(sentence, forms):
    found = [(m.text, m.detail) for m in H.find_markers(sentence, "de") if m.kind == "subjunctive"]
    assert found == forms


@pytest.mark.parametrize("sentence, forms", [
    # reported speech: a cue, or a Konjunktiv I form of its own, turns the preterite-alike form
    ("In Madrid hieß es, die Transporter steckten in den Staus.", [("steckten", "Konjunktiv II")]),
    ("Der Bahn fehlten Milliarden, für die Waigel nicht vorgesorgt habe.",
     [("fehlten", "Konjunktiv II"), ("habe", "Konjunktiv I")]),
    ("Die Leute arbeiteten zu viel, sagte er, das sei ungesund.", [("arbeiteten", "Konjunktiv II"), ("sei", "Konjunktiv I")]),
    ("Er tat so, als ob sie nicht existierten.", [("existierten", "Konjunktiv II")]),
    ("Sie wären froh, wenn die Gespräche gingen.", [("wären", "Konjunktiv II"), ("gingen", "Konjunktiv II")]),
    # the same forms without such a context are the preterite indicative
    ("Die Transporter steckten in den Staus.", []),
    ("Die Gespräche gingen weiter.", []),
    # the verb that introduces the report stays indicative
    ("Die Minister erklärten, sie seien bereit.", [("seien", "Konjunktiv I")]),
    ("Die Sprecher teilten mit, die Lage sei ruhig.", [("sei", "Konjunktiv I")]),
    ("Die Demonstranten protestierten, die Regierung habe gelogen.", [("habe", "Konjunktiv I")]),
    # after an article: a participle made adjective, not a verb
    ("Die erwarteten Zahlen seien gut, hieß es.", [("seien", "Konjunktiv I")]),
    # a noun after it, in a clause that cannot hold it as its finite verb: a participle made
    # adjective (a subordinate clause, whose finite verb stands last; a clause with a finite
    # Konjunktiv form of its own)...
    ("Es hieß, daß der Streit über die in der Ukraine stationierten strategischen Raketen beigelegt sei.",
     [("sei", "Konjunktiv I")]),
    ("Die Urteile seien von einem rechtmäßig konstituierten Gericht gefällt worden.", [("seien", "Konjunktiv I")]),
    ("Die in der Ukraine stationierten Raketen seien veraltet.", [("seien", "Konjunktiv I")]),
    # ... but the verb in a main clause of its own, or before its complements
    ("In Moskau hieß es, die Russen stationierten Raketen in Kuba.", [("stationierten", "Konjunktiv II")]),
    ("Sie seien müde und brauchten Ruhe, hieß es.", [("seien", "Konjunktiv I"), ("brauchten", "Konjunktiv II")]),
    ("In Moskau hieß es, daß die Russen Raketen stationierten.", [("stationierten", "Konjunktiv II")]),
    ("Damit fehlten Milliarden, hieß es.", [("fehlten", "Konjunktiv II")]),
    ("Die Urteile seien gefällt, die Richter arbeiteten ohne Pause.",
     [("seien", "Konjunktiv I"), ("arbeiteten", "Konjunktiv II")]),    # a temporal clause narrates what happened: its verb is the indicative past, even in reported
    # or unreal speech, and even when "und" joins nouns inside it; "als" with the verb first is
    # the unreal comparison
    ("Als wir mit Freunden und Kollegen ein Lokal suchten, hieß es, es gebe keines.", [("gebe", "Konjunktiv I")]),
    ("Nachdem die Truppen abzogen, seien die Kämpfe abgeflaut.", [("seien", "Konjunktiv I")]),
    ("Es klang, als fielen Bomben, hieß es.", [("fielen", "Konjunktiv II")]),
])
def test_german_konjunktiv_two_spelled_like_the_preterite_needs_a_context(sentence, forms):
    found = [(m.text, m.detail) for m in H.find_markers(sentence, "de") if m.kind == "subjunctive"]
    assert found == forms


@pytest.mark.parametrize("word, verb", [
    ("zeigten", "zeigen"), ("arbeiteten", "arbeiten"), ("überlebten", "leben"), ("existierten", "existieren"),
    ("gingen", "gingen"), ("vergriffen", ""), ("gemachten", ""), ("gesicherten", ""), ("ersten", ""), ("zeigte", ""), ("kosten", ""),
])
def test_preterite_alike_forms_and_their_verbs(word, verb):
    assert mood._preterite_alike_verb(word, mood.subjunctive_rules("de")) == verb


@pytest.mark.parametrize("sentence, markers", [
    ("The envoy may have met Russian officials.", [("may", "epistemic")]),
    ("The summit took place on May 5.", []),
    ("A deal could be signed within weeks.", [("could", "epistemic")]),
    ("The ministry could not be reached for comment.", []),
    ("Under the plan, Russia would withdraw its troops.", [("would", "conditional")]),
    ("The spokesman would not comment.", []),
    ("The alleged meeting took place in March, sources said.", [("alleged", "hearsay"), ("sources said", "distancing")]),
    ("The talks appear to have stalled.", [("appear to", "epistemic")]),
])
def test_english_modals_that_hedge_and_those_that_do_not(sentence, markers):
    found = [(m.text, m.kind) for m in H.find_markers(sentence, "en") if m.kind in H.HEDGING_KINDS]
    assert found == markers


def test_english_would_after_a_reporting_verb_is_future_in_the_past():
    found = H.find_markers("He said the delegation would travel to Minsk.", "en")
    would = [m for m in found if m.kind == "conditional"]
    assert [m.text for m in would] == ["would"] and "future-in-the-past" in would[0].caveat
    assert not H.suggests_hedged(found)


def test_denial_and_attribution_do_not_suggest_hedging():
    found = H.find_markers("Le Kremlin a démenti, a déclaré Peskov.", "fr")
    assert {m.kind for m in found} == {"denial", "attribution"}
    assert not H.suggests_hedged(found)


def test_older_list_layout_still_reads(tmp_path, monkeypatch):
    folder = tmp_path / "rules" / "it"
    folder.mkdir(parents=True)
    (folder / "hedging.yml").write_text("distancing: ['secondo']\nhearsay: ['presunt[oa]']\n", encoding="utf-8")
    monkeypatch.setenv(rules.ENV_VAR, str(tmp_path / "rules"))
    rules.reload()
    try:
        found = H.find_markers("Secondo fonti, il presunto incontro è avvenuto.", "it")
        assert [(m.text, m.kind) for m in found] == [("Secondo", "distancing"), ("presunto", "hearsay")]
    finally:
        monkeypatch.delenv(rules.ENV_VAR)
        rules.reload()


def test_profile_per_kind_counts_sentences_per_language():
    articles = pd.DataFrame({
        "article_id": ["a", "b"],
        "text": ["Lavrov aurait participé. Selon NBC, il est venu. Il est parti.",
                 "Peskow sagte, das Treffen habe stattgefunden. Es war kurz."],
        "language": ["fr", "de"], "outlet": ["Le Monde", "Die Zeit"]})
    profile = H.hedging_profile(articles).assign(group=lambda t: t["outlet"])
    row_fr = profile.set_index("article_id").loc["a"]
    assert row_fr["sentences_conditional"] == 1 and row_fr["sentences_distancing"] == 1
    assert row_fr["n_hedged_sentences"] == 2
    table = H.hedging_by_kind(profile).set_index("group")
    assert table.loc["Le Monde", "share_conditional"] == round(1 / 3, 3)
    assert table.loc["Die Zeit", "share_subjunctive"] == 0.5
    assert table.loc["Die Zeit", "share_conditional"] == 0.0


def test_cli_writes_one_csv_row_per_line(tmp_path, capsys):
    text = tmp_path / "sentences.txt"
    text.write_text("Burns soll Naryschkin getroffen haben.\n\nEr sagte, ein Treffen wäre möglich.\n",
                    encoding="utf-8")
    assert main(["hedging", str(text), "--language", "de"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["line,markers,kinds", "1,soll,distancing", "2,,",
                     "3,sagte;wäre,attribution;subjunctive"]


def test_cli_french_conditional_kind(tmp_path, capsys):
    text = tmp_path / "phrases.txt"
    text.write_text("Selon NBC, Lavrov aurait participé.\nIl espérait un accord.\n", encoding="utf-8")
    assert main(["hedging", str(text), "--language", "fr"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["1,Selon;aurait,distancing;conditional", "2,,"]


@pytest.mark.parametrize("arguments, message", [
    (["MISSING.txt", "--language", "fr"], "MISSING.txt: no such file"),
    (["TEXT", "--language", "xx"], "unknown language 'xx'"),
])
def test_cli_bad_input_is_one_line(tmp_path, capsys, arguments, message):
    text = tmp_path / "ok.txt"
    text.write_text("Il est venu.\n", encoding="utf-8")
    arguments = [str(tmp_path / a) if a.endswith(".txt") else (str(text) if a == "TEXT" else a) for a in arguments]
    assert main(["hedging", *arguments]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and message in error


def test_cli_empty_file_gives_the_header_and_non_utf8_is_one_line(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["hedging", str(empty), "--language", "EN"]) == 0
    assert capsys.readouterr().out == "line,markers,kinds\n"
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Il aurait été là.\n".encode("latin-1"))
    assert main(["hedging", str(latin), "--language", "fr"]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "latin1.txt: not UTF-8 text" in error
