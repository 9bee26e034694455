"""Bring your own corpus: the whole chain (papermill) on a second, small, multilingual corpus.

The study has its own articles (English, German, French), its own registry and its own claims;
its outputs go to its own folder and the sample's files are left exactly as they were.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import claims, ingest, pipeline
from helpers.clean import describe_articles
from helpers.outlets import load_outlets
from helpers.paths import ROOT

ARTICLES = {
    "en/talks.txt": """Envoys met secretly in Vienna, officials say

Published 12 March 2024

Two envoys met secretly in Vienna last week, according to Reuters.
Anna Berg reportedly told Piotr Lenz that the talks would continue in April.
The foreign ministry denied that any meeting had taken place.

Share this article
Facebook
Twitter

2 Comments
John: interesting, if true.
Mary: I doubt it.

Source: https://www.reuters.com/world/envoys-vienna-2024-03-12/
""",
    "de/gespraeche.txt": """Geheime Gespräche in Wien

14. März 2024

Laut Reuters sollen sich Anna Berg und Piotr Lenz in Wien getroffen haben.
Das Außenministerium bestätigte am Donnerstag, dass es Kontakte gegeben habe.

Mehr zum Thema
Teilen
""",
    "fr/pourparlers.txt": """Des pourparlers secrets à Vienne

Selon Reuters, Anna Berg aurait rencontré Piotr Lenz à Vienne en mars 2024.
Le ministère des Affaires étrangères a démenti toute rencontre.

Lire aussi : un autre sujet
""",
}

ACTORS = """canonical,kind,aliases,titles,title_from,title_to,role,country,side,wikidata,notes
Anna Berg,person,Berg,,,,,AT,Austria,,fictional
Piotr Lenz,person,Lenz,,,,,PL,Poland,,fictional
Foreign Ministry,organisation,foreign ministry;Außenministerium;ministère des Affaires étrangères,,,,,AT,Austria,,fictional
"""

OUTLETS = """outlet,aliases,domains,country,state_affiliated,notes
Reuters,Reuters;#Reuters,reuters.com,GB,no,
"""

# (file, quote, claim_type, actors, targets, stance, hedged)
CODING = [
    ("en/talks.txt", "Anna Berg reportedly told Piotr Lenz that the talks would continue in April.",
     "statement", "Anna Berg", "Piotr Lenz", "asserted", "yes"),
    ("en/talks.txt", "The foreign ministry denied that any meeting had taken place.",
     "denial", "Foreign Ministry", "", "denied", "no"),
    ("de/gespraeche.txt", "Laut Reuters sollen sich Anna Berg und Piotr Lenz in Wien getroffen haben.",
     "meeting", "Anna Berg", "Piotr Lenz", "asserted", "yes"),
    ("de/gespraeche.txt", "Das Außenministerium bestätigte am Donnerstag, dass es Kontakte gegeben habe.",
     "confirmation", "Foreign Ministry", "", "confirmed", "no"),
    ("fr/pourparlers.txt", "Anna Berg aurait rencontré Piotr Lenz à Vienne en mars 2024.",
     "meeting", "Anna Berg", "Piotr Lenz", "asserted", "yes"),
]


def tree_checksums(*folders: Path) -> dict[str, str]:
    return {
        str(path): hashlib.sha256(path.read_bytes()).hexdigest()
        for folder in folders
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "cache" not in path.parts
    }


def make_study(tmp_path: Path) -> pipeline.StudyPaths:
    corpus = tmp_path / "corpus"
    for name, text in ARTICLES.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    paths = pipeline.create_study(corpus, tmp_path / "study")
    (paths.registry_dir / "actors.csv").write_text(ACTORS, encoding="utf-8")
    (paths.registry_dir / "outlets.csv").write_text(OUTLETS, encoding="utf-8")
    # The coder works on the cleaned bodies, as a researcher would after chapter 1.
    articles, _ = ingest.ingest_folder(corpus)
    articles = describe_articles(articles, load_outlets(paths.registry_dir / "outlets.csv"))
    rows = []
    for number, (name, quote, kind, actors, targets, stance, hedged) in enumerate(CODING, 1):
        article = articles.set_index("source_path").loc[name]
        start, end = claims.locate_quote(article["body"], quote)
        rows.append({
            "claim_id": f"s{number:03d}", "article_id": article["article_id"], "coder": "T",
            "story_id": "vienna_talks", "quote": quote, "start": str(start), "end": str(end),
            "claim_type": kind, "actors": actors, "target_actors": targets, "place": "Vienna",
            "event_start": "2024-03-01", "event_end": "2024-03-31", "date_precision": "month",
            "attributed_to": "Reuters", "hedged": hedged, "stance": stance, "notes": "",
        })
    claims.write_claims_atomic(pd.DataFrame(rows, columns=claims.CLAIM_COLUMNS),
                               paths.annotations_dir / "claims.csv")
    return paths


@pytest.mark.slow
def test_chain_runs_on_a_new_multilingual_study_without_touching_the_sample(tmp_path):
    sample_before = tree_checksums(ROOT / "data", ROOT / "outputs" / "tables",
                                   ROOT / "outputs" / "networks")
    paths = make_study(tmp_path)

    executed = pipeline.run_chain(paths)

    assert [p.name for p in executed] == [p.name for p in pipeline.chapter_notebooks()]
    articles = pd.read_csv(paths.interim_dir / "articles.csv", keep_default_na=False)
    assert sorted(articles["language"]) == ["de", "en", "fr"]
    assert set(articles["outlet"]) >= {"Reuters"}
    mentions = pd.read_csv(paths.interim_dir / "mentions.csv", keep_default_na=False)
    assert {"Anna Berg", "Piotr Lenz", "Foreign Ministry"} <= set(mentions["canonical"])
    edges = pd.read_csv(paths.outputs_dir / "tables" / "actor_edges.csv", keep_default_na=False)
    assert len(edges) >= 1
    assert (paths.outputs_dir / "networks" / "actor_network.gexf").exists()
    assert list((paths.outputs_dir / "figures").glob("*.svg"))
    assert tree_checksums(ROOT / "data", ROOT / "outputs" / "tables",
                          ROOT / "outputs" / "networks") == sample_before

    # The report target's command, on the study's outputs.
    completed = subprocess.run(
        [sys.executable, "-m", "helpers", "report", "--outputs", str(paths.outputs_dir)],
        capture_output=True, text=True, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pages = {p.name for p in (paths.outputs_dir / "report").glob("*.html")}
    assert pages == {"index.html", *(f"{p.stem}.html" for p in executed)}
    assert "Chapter" in (paths.outputs_dir / "report" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_chain_runs_on_a_fresh_study_before_any_claim_is_coded(tmp_path, capfd):
    """A researcher's first `make run CORPUS=...`: no claims yet, every chapter still runs,
    and the kernels (on local sockets) print no warning about unencrypted TCP."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "one.txt").write_text(ARTICLES["en/talks.txt"], encoding="utf-8")
    paths = pipeline.create_study(corpus, tmp_path / "study")

    executed = pipeline.run_chain(paths)

    assert len(executed) == len(pipeline.chapter_notebooks())
    assert "without encryption" not in capfd.readouterr().err
    assert claims.read_claims(paths.annotations_dir / "claims.csv").empty
    assert (paths.outputs_dir / "tables" / "actor_edges.csv").exists()


# --- study folders that must be refused ----------------------------------------------------------

import os  # noqa: E402

import yaml  # noqa: E402


def corpus_folder(parent: Path, name: str = "articles") -> Path:
    corpus = parent / name
    corpus.mkdir(parents=True)
    (corpus / "one.txt").write_text(ARTICLES["en/talks.txt"], encoding="utf-8")
    return corpus


@pytest.mark.parametrize("study", [ROOT, ROOT / "data", ROOT / "outputs", ROOT / "notebooks",
                                   ROOT / "helpers", ROOT / "data" / "mine", ROOT.parent])
def test_a_study_may_not_be_hold_or_sit_in_a_project_folder(tmp_path, study):
    sample_before = tree_checksums(ROOT / "data", ROOT / "outputs" / "tables")
    with pytest.raises(ValueError, match=r"study folder .* (holds the project itself|overlaps the project folder)"):
        pipeline.create_study(corpus_folder(tmp_path), study)
    assert tree_checksums(ROOT / "data", ROOT / "outputs" / "tables") == sample_before
    assert not (ROOT / "data" / "mine").exists()


def test_a_study_inside_its_corpus_is_refused(tmp_path):
    corpus = corpus_folder(tmp_path)
    with pytest.raises(ValueError, match="is inside the corpus"):
        pipeline.create_study(corpus, corpus / "study")


@pytest.mark.parametrize("generated", ["outputs", "interim", "registry", "annotations"])
def test_a_corpus_inside_a_folder_the_chain_writes_is_refused(tmp_path, generated):
    study = tmp_path / "study"
    corpus = corpus_folder(study, generated)
    with pytest.raises(ValueError, match=f"the corpus {corpus} overlaps .*{generated}, which the chain writes"):
        pipeline.create_study(corpus, study)
    assert sorted(p.name for p in study.iterdir()) == [generated]  # nothing created beside it


def test_a_corpus_in_its_own_subfolder_of_the_study_is_fine(tmp_path):
    study = tmp_path / "study"
    corpus = corpus_folder(study, "raw")
    paths = pipeline.create_study(corpus, study)
    assert paths.raw_dir == corpus.resolve()


def test_a_study_records_its_corpus_and_refuses_another_one(tmp_path):
    first = corpus_folder(tmp_path / "2023", "articles")
    second = corpus_folder(tmp_path / "2024", "articles")  # same folder name, other corpus
    study = tmp_path / "studies" / "articles"
    pipeline.create_study(first, study)
    manifest = yaml.safe_load((study / "study.yml").read_text(encoding="utf-8"))
    assert manifest["corpus"] == str(first.resolve())
    claims_before = (study / "annotations" / "claims.csv").read_bytes()
    with pytest.raises(ValueError) as refused:
        pipeline.create_study(second, study)
    message = str(refused.value)
    assert f"belongs to the corpus {first.resolve()}" in message and "STUDY=" in message
    assert (study / "annotations" / "claims.csv").read_bytes() == claims_before
    # The same corpus again (even through a relative path) is its own study.
    here = Path.cwd()
    os.chdir(tmp_path)
    try:
        assert pipeline.create_study(Path("2023/articles"), study).raw_dir == first.resolve()
    finally:
        os.chdir(here)


def test_two_corpora_with_the_same_name_do_not_share_the_default_study(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "STUDIES_DIR", tmp_path / "studies")
    first = corpus_folder(tmp_path / "a", "corpus")
    second = corpus_folder(tmp_path / "b", "corpus")
    pipeline.create_study(first, pipeline.default_study(first))
    with pytest.raises(ValueError, match=f"belongs to the corpus {first.resolve()}"):
        pipeline.check_study(second, pipeline.default_study(second))


def test_a_non_empty_folder_that_is_not_a_study_is_refused(tmp_path):
    home = tmp_path / "home"
    (home / "thesis").mkdir(parents=True)
    (home / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="is not empty and is not a study"):
        pipeline.create_study(corpus_folder(tmp_path), home)
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt", "thesis"]


def test_a_study_made_before_manifests_is_adopted(tmp_path):
    corpus = corpus_folder(tmp_path)
    study = tmp_path / "old-study"
    (study / "registry").mkdir(parents=True)
    (study / "registry" / "actors.csv").write_text("edited by hand\n")
    pipeline.create_study(corpus, study)
    assert (study / "registry" / "actors.csv").read_text() == "edited by hand\n"
    assert yaml.safe_load((study / "study.yml").read_text())["corpus"] == str(corpus.resolve())


def test_run_dry_run_prints_the_folders_from_the_environment_and_creates_nothing(tmp_path):
    corpus = corpus_folder(tmp_path)
    study = tmp_path / "my study"
    completed = subprocess.run(
        [sys.executable, "-m", "helpers", "run", "--dry-run"], capture_output=True, text=True,
        check=False, env={**os.environ, "BACKCHANNEL_CORPUS": str(corpus), "BACKCHANNEL_STUDY": str(study)},
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [f"corpus: {corpus}", f"study: {study}", f"outputs: {study / 'outputs'}"]
    assert not study.exists()


def test_run_refuses_the_project_root_as_study_before_running_anything(tmp_path):
    sample_before = tree_checksums(ROOT / "outputs")
    completed = subprocess.run(
        [sys.executable, "-m", "helpers", "run", "--corpus", str(corpus_folder(tmp_path)), "--study", "."],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert completed.returncode == 2
    assert completed.stderr.strip() == (f"error: study folder {ROOT} holds the project itself; "
                                        "choose another study folder (make run ... STUDY=path, or --study path)")
    assert tree_checksums(ROOT / "outputs") == sample_before


# --- registry templates and a study's own rules -------------------------------------------------


@pytest.mark.parametrize("template, expected", [
    ("world_2024", pipeline.REGISTRY_TEMPLATES_DIR / "world_2024" / "actors.csv"),
    ("sample", pipeline.REGISTRY_DIR / "actors.csv"),
])
def test_a_new_study_starts_from_the_chosen_actor_template(tmp_path, template, expected):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = pipeline.create_study(corpus, tmp_path / "study", registry_template=template)
    assert (paths.registry_dir / "actors.csv").read_bytes() == expected.read_bytes()
    # Outlets come from the template's own outlets.csv (world_2024 ships one, the sample's is
    # data/registry's); the words that are never actors come from the general registry.
    assert (paths.registry_dir / "outlets.csv").read_bytes() == (expected.parent / "outlets.csv").read_bytes()
    assert (paths.registry_dir / "ignore.csv").read_bytes() == (pipeline.REGISTRY_DIR / "ignore.csv").read_bytes()


def test_the_default_template_is_not_the_samples_story(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = pipeline.create_study(corpus, tmp_path / "study")
    assert pipeline.DEFAULT_REGISTRY_TEMPLATE != "sample"
    assert (paths.registry_dir / "actors.csv").read_bytes() != (pipeline.REGISTRY_DIR / "actors.csv").read_bytes()


def test_an_empty_template_gives_a_valid_header_only_registry(tmp_path):
    from helpers import schemas

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = pipeline.create_study(corpus, tmp_path / "study", registry_template="empty")
    actors = schemas.read_table(paths.registry_dir / "actors.csv", schemas.ACTORS)
    assert actors.empty and list(actors.columns) == schemas.ACTOR_COLUMNS


def test_an_unknown_template_is_refused_naming_the_choices_and_creating_nothing(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with pytest.raises(ValueError, match="unknown registry template 'nope': choose one of .*world_2024.*empty"):
        pipeline.create_study(corpus, tmp_path / "study", registry_template="nope")
    assert not (tmp_path / "study").exists()


def test_a_studys_rules_folder_reaches_the_chapters(tmp_path, monkeypatch):
    from helpers import rules

    monkeypatch.delenv(rules.ENV_VAR, raising=False)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    paths = pipeline.create_study(corpus, tmp_path / "study")
    italian = pipeline.study_rules_dir(paths) / "it"
    italian.mkdir(parents=True)
    (italian / "dates.yml").write_text("months:\n  gennaio: 1\n", encoding="utf-8")
    try:
        pipeline.use_study_rules(paths)
        pipeline.use_study_rules(paths)  # twice: listed once
        assert os.environ[rules.ENV_VAR] == str(pipeline.study_rules_dir(paths))
        assert "it" in rules.languages()
    finally:
        monkeypatch.delenv(rules.ENV_VAR, raising=False)
        rules.reload()
