"""Speed of the chapter 4/5 helpers on a synthetic corpus (prints seconds per step).

    python bench/networks.py [--articles 2000] [--claims 10000]

The corpus is random but seeded: actors, stories, outlets and dates drawn from small pools,
article bodies of ~400 words with some copied passages, so text reuse has something to find.
"""

from __future__ import annotations

import argparse
import random
import time

import pandas as pd

from helpers.claimdata import CLAIM_COLUMNS
from helpers.claims import load_codebook
from helpers.export import export_graph
from helpers.paths import ANNOTATIONS_DIR
from helpers.networks import (
    actor_network, centrality_table, citation_network, co_occurrence_network, collapse_edges,
    community_table, congruence_network,
)
from helpers.semantics import claim_semantics
from helpers.stories import shared_passages, story_reports
from helpers.timeline import report_lags, stance_sequence


def synthetic(n_articles: int, n_claims: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = random.Random(seed)
    actors = [f"Actor {i}" for i in range(300)]
    outlets = [f"Outlet {i}" for i in range(40)]
    vocabulary = [f"w{i}" for i in range(5000)]
    bodies = []
    for i in range(n_articles):
        words = [rng.choice(vocabulary) for _ in range(400)]
        if bodies and rng.random() < 0.2:  # a relay copying a passage
            source = rng.choice(bodies).split()
            start = rng.randrange(0, 350)
            words[100:130] = source[start:start + 30]
        bodies.append(" ".join(words))
    articles = pd.DataFrame({
        "article_id": [f"a{i:05d}" for i in range(n_articles)],
        "outlet": [rng.choice(outlets) for _ in range(n_articles)],
        "title": "",
        "body": bodies,
        "published": [("" if rng.random() < 0.1 else f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")
                      for _ in range(n_articles)],
        "published_precision": "day",
    })
    rows = []
    for i in range(n_claims):
        rows.append({
            "claim_id": f"c{i:06d}", "article_id": f"a{rng.randrange(n_articles):05d}",
            "story_id": f"s{rng.randrange(50)}", "quote": "quote",
            "claim_type": rng.choice(["meeting", "call", "proposal", "denial", "confirmation"]),
            "actors": ";".join(rng.sample(actors, rng.randint(1, 2))),
            "target_actors": ";".join(rng.sample(actors, rng.randint(0, 2))),
            "event_start": "" if rng.random() < 0.2 else f"2022-{rng.randint(1, 12):02d}",
            "date_precision": "month", "attributed_to": rng.choice(outlets + ["anonymous sources"]),
            "hedged": rng.choice(["yes", "no"]), "stance": rng.choice(["asserted", "denied", "confirmed"]),
        })
    claims = pd.DataFrame([{c: row.get(c, "") for c in CLAIM_COLUMNS} for row in rows])
    return claims, articles


def timed(label: str, function, *args, **kwargs):
    start = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<28} {time.perf_counter() - start:8.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=10000)
    args = parser.parse_args()
    claims, articles = synthetic(args.articles, args.claims)
    print(f"{len(articles)} articles, {len(claims)} claims")
    # The shipped codebook says which claim types are speech acts and which stances deny.
    semantics = claim_semantics(load_codebook(ANNOTATIONS_DIR / "codebook.yml"))
    graph = timed("actor_network", actor_network, claims, semantics)
    print(f"{'':<28} {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")
    timed("centrality_table", centrality_table, collapse_edges(graph))
    timed("community_table (louvain)", community_table, graph)
    timed("co_occurrence_network", co_occurrence_network, claims)
    timed("congruence_network", congruence_network, claims, semantics)
    timed("citation_network", citation_network, claims, articles)
    timed("story_reports", story_reports, claims, articles)
    timed("report_lags", report_lags, claims, articles)
    timed("stance_sequence", stance_sequence, claims, articles, semantics)
    reuse = timed("shared_passages (n=8)", shared_passages, articles, n=8)
    print(f"{'':<28} {len(reuse)} article pairs with shared passages")
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        timed("export_graph (gexf+graphml)", export_graph, graph, folder, "actors")


if __name__ == "__main__":
    main()
