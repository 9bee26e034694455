"""Story candidates, relays across languages and near-duplicates, end to end: a corpus in three
languages through ``python -m helpers ingest``, ``resolve --no-ner`` and ``stories``."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from helpers.claimdata import load_articles, load_mentions
from helpers.cli import main
from helpers.export import export_graph
from helpers.figures import plot_outlet_reuse, plot_relays
from helpers.paths import REGISTRY_DIR
from helpers.stories import (
    CANDIDATE_COLUMNS,
    REUSE_COLUMNS,
    candidate_origins,
    readable_labels,
    relay_network,
    relays,
    story_outputs,
)
from story_corpus import FILES, write_story_corpus


def run_stories(tmp_path: Path, files: dict[str, str]) -> tuple[dict[str, dict], pd.DataFrame]:
    """Ingest, resolve (registry only) and build the story tables; returns the candidates by
    file name and the reuse table."""
    raw = write_story_corpus(tmp_path / "raw", files)
    out = tmp_path / "out"
    assert main(["ingest", str(raw), str(out), "--outlets", str(REGISTRY_DIR / "outlets.csv")]) == 0
    assert main(["resolve", str(out), "--no-ner", "--registry", str(REGISTRY_DIR)]) == 0
    assert main(["stories", str(out)]) == 0
    articles = pd.read_csv(out / "articles.csv", dtype=str, keep_default_na=False)
    names = dict(zip(articles["article_id"], articles["source_path"]))
    candidates = pd.read_csv(out / "story_candidates.csv", dtype=str, keep_default_na=False)
    reuse = pd.read_csv(out / "reuse.csv", dtype=str, keep_default_na=False)
    duplicates = pd.read_csv(out / "near_duplicates.csv", dtype=str, keep_default_na=False)
    assert list(candidates.columns) == CANDIDATE_COLUMNS
    assert list(reuse.columns) == REUSE_COLUMNS
    assert list(duplicates.columns) == ["article_id", "near_duplicate_of"]
    candidates = candidates.merge(duplicates, on="article_id")
    by_file = {}
    for row in candidates.to_dict("records"):
        row["relay_of"] = names.get(row["relay_of"], "")
        row["near_duplicate_of"] = names.get(row["near_duplicate_of"], "")
        by_file[names[row["article_id"]]] = row
    for column in ("earlier_article_id", "later_article_id"):
        reuse[column] = reuse[column].map(names)
    return by_file, reuse


@pytest.fixture(scope="module")
def story_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("story")
    return folder, run_stories(folder, FILES)


@pytest.fixture(scope="module")
def story(story_dir):
    return story_dir[1]


def test_original_is_first_report_and_relays_in_three_languages_point_to_it(story):
    rows, _ = story
    original = rows["en_original.txt"]
    assert original["first_report"] == "yes" and original["relay_of"] == ""
    assert "2023-07-06" in original["evidence"]
    for relay, cue in (("fr_relay.txt", "Selon NBC News"), ("de_relay.txt", "Laut NBC News")):
        assert rows[relay]["relay_of"] == "en_original.txt"
        assert rows[relay]["first_report"] == "no"
        assert cue in rows[relay]["evidence"]
    assert rows["blog_copy.txt"]["relay_of"] == "en_original.txt"
    assert "copies" in rows["blog_copy.txt"]["evidence"]
    story_names = {rows[name]["story_candidate"] for name in
                   ("en_original.txt", "fr_relay.txt", "de_relay.txt", "blog_copy.txt")}
    assert len(story_names) == 1 and story_names != {""}
    assert rows["en_later.txt"]["story_candidate"] not in story_names
    assert all(row["could_be_earlier"] == "no" for row in rows.values())


def test_the_silent_copy_is_flagged_near_duplicate_of_the_original(story):
    rows, reuse = story
    assert rows["blog_copy.txt"]["near_duplicate_of"] == "en_original.txt"
    assert [name for name, row in rows.items() if row["near_duplicate_of"]] == ["blog_copy.txt"]
    pair = reuse.set_index(["earlier_article_id", "later_article_id"]).loc[
        ("en_original.txt", "blog_copy.txt")]
    assert pair["order_uncertain"] == "no" and pair["near_duplicate"] == "yes"
    assert float(pair["share_later"]) > 0.9 and int(pair["longest_passage_words"]) >= 50


def test_an_undated_original_could_be_earlier_and_is_not_called_a_copy(tmp_path):
    """The failure this issue started from: the original's date line is not read."""
    files = dict(FILES)
    files["en_original.txt"] = files["en_original.txt"].replace("Published: July 6, 2023\n", "")
    rows, reuse = run_stories(tmp_path, files)
    original = rows["en_original.txt"]
    assert original["first_report"] == "no" and original["could_be_earlier"] == "yes"
    assert rows["fr_relay.txt"]["first_report"] == "yes"  # the earliest *dated* report
    assert rows["fr_relay.txt"]["relay_of"] == "en_original.txt"  # it still credits NBC News
    assert original["near_duplicate_of"] == ""
    assert rows["blog_copy.txt"]["near_duplicate_of"] == "en_original.txt"
    assert (reuse["order_uncertain"] == "yes").all()


def test_propagation_network_figures_and_origins_name_articles_readably(story_dir, tmp_path):
    folder, _ = story_dir
    articles, mentions = load_articles(folder / "out"), load_mentions(folder / "out")
    candidates, reuse = story_outputs(articles, mentions)
    labels = readable_labels(articles)
    by_file = dict(zip(articles["source_path"], articles["article_id"]))
    assert labels[by_file["fr_relay.txt"]].startswith("Le Monde · 2023-07-07 · Des anciens")
    assert labels[by_file["blog_copy.txt"]].startswith("geopolitics-watch.example.org · 2023-07-09")
    table = relays(articles, mentions, reuse, labels)
    graph = relay_network(table, articles, candidates)
    original = by_file["en_original.txt"]
    assert sorted((graph.nodes[v]["language"], d["how"]) for u, v, d in graph.edges(data=True)
                  if u == original) == [("de", "credit"), ("en", "copy"), ("fr", "credit")]
    assert by_file["en_later.txt"] not in graph
    gexf, graphml = export_graph(graph, tmp_path, "propagation")
    assert nx.read_graphml(graphml).number_of_edges() == 3 and nx.read_gexf(gexf).number_of_edges() == 3
    figure = plot_relays(graph)
    texts = {text.get_text() for text in figure.axes[0].texts}
    assert labels[original] in texts
    figure = plot_outlet_reuse(reuse, articles)
    assert [label.get_text() for label in figure.axes[0].get_yticklabels()] == ["NBC News"]
    assert [label.get_text() for label in figure.axes[0].get_xticklabels()] == ["geopolitics-watch.example.org"]
    origins = candidate_origins(candidates, mentions)
    assert len(origins) == 1 and origins.loc[0, "credited_origin"] == "NBC News"
    assert origins.loc[0, "first_report"] == labels[original]


def test_stories_command_needs_articles_and_says_so(tmp_path, capsys):
    assert main(["stories", str(tmp_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("error: ") and "articles.csv not found" in error and len(error.splitlines()) == 1
