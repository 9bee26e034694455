"""Stories: who reported each story when, where it came from, how it spread, and text reuse.

A *story* is a group of claims sharing a ``story_id`` (chapter 3's coding). Reads plain tables
(``claims.csv`` and ``articles.csv`` as loaded by :mod:`helpers.claimdata`) and returns
DataFrames and a networkx graph, for chapter 3 (:func:`story_table`), chapter 4 (story reports,
origins, the propagation graph, shared passages), chapter 5 (first reports) and exercise E2
(the origin of a story). Writes nothing.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from helpers.claimdata import UNKNOWN, article_dates, iso, split_list
from helpers.networks import NO_OUTLET, joined, outlet_of


def story_table(claims: pd.DataFrame) -> pd.DataFrame:
    """Per ``story_id``: number of claims, of articles, and the sources relied on (``;``)."""
    grouped = claims[claims["story_id"] != ""].groupby("story_id")
    return pd.DataFrame({
        "claims": grouped.size(),
        "articles": grouped["article_id"].nunique(),
        "sources": grouped["attributed_to"].agg(
            lambda values: "; ".join(sorted({name for value in values for name in split_list(value)}))),
    })


def story_reports(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per story and article: who reported it when, in publication order.

    Columns: story_id, article_id, outlet, published, published_precision, dated, order (1 =
    first report; blank for undated articles, which are listed, never guessed), role ("first
    report", "relay", "undated"), days_after_first (from the first report's earliest possible
    date; ``days_after_first_max`` uses the latest), order_uncertain (date ranges overlap the
    previous report), sources (attributions), n_claims, n_hedged, stances.
    """
    dates = article_dates(articles).set_index("article_id")
    columns = ["story_id", "article_id", "outlet", "published", "published_precision", "dated",
               "order", "role", "days_after_first", "days_after_first_max", "order_uncertain",
               "sources", "n_claims", "n_hedged", "stances"]
    grouped: dict[tuple[str, str], list] = defaultdict(list)
    for claim in claims[claims["story_id"] != ""].itertuples(index=False):
        grouped[(claim.story_id, claim.article_id)].append(claim)
    known = {row.article_id: row for row in dates.reset_index().itertuples(index=False)}
    rows = []
    for (story, article_id), group in sorted(grouped.items()):
        info = known.get(article_id)
        rows.append({
            "story_id": story, "article_id": article_id,
            "outlet": info.outlet if info is not None else UNKNOWN,
            "published_lower": info.published_lower if info is not None else pd.NaT,
            "published_upper": info.published_upper if info is not None else pd.NaT,
            "published_precision": info.published_precision if info is not None else UNKNOWN,
            "dated": bool(info.dated) if info is not None else False,
            "sources": joined(s for claim in group for s in split_list(claim.attributed_to)),
            "n_claims": len({claim.claim_id for claim in group}),
            "n_hedged": sum(claim.hedged == "yes" for claim in group),
            "stances": joined(claim.stance for claim in group),
        })
    frame = pd.DataFrame(rows)
    if frame.empty:
        return pd.DataFrame(columns=columns)
    frame["published_lower"] = pd.to_datetime(frame["published_lower"])
    frame["published_upper"] = pd.to_datetime(frame["published_upper"])
    frame["published"] = frame["published_lower"].map(iso)
    frame["span"] = frame["published_upper"] - frame["published_lower"]
    frame = frame.sort_values(["story_id", "dated", "published_lower", "span", "article_id"],
                              ascending=[True, False, True, True, True], na_position="last")
    parts = []
    for _, story in frame.groupby("story_id", sort=True):
        story = story.copy()
        dated = story["dated"]
        story["order"] = pd.Series(range(1, int(dated.sum()) + 1), index=story.index[dated])
        first_lower = story.loc[dated, "published_lower"].min()
        first_upper = story.loc[dated, "published_upper"].min()
        story["days_after_first"] = (story["published_lower"] - first_lower).dt.days
        story["days_after_first_max"] = (story["published_upper"] - first_lower).dt.days
        previous_upper = story["published_upper"].where(dated).shift(1)
        story["order_uncertain"] = dated & (story["published_lower"] <= previous_upper)
        story["role"] = "relay"
        story.loc[~dated, "role"] = "undated"
        story.loc[story["order"] == 1, "role"] = "first report"
        # Several reports that may all be the first (overlapping date ranges) share the role.
        story.loc[dated & (story["published_lower"] <= first_upper), "role"] = "first report"
        parts.append(story)
    frame = pd.concat(parts)
    frame["order"] = frame["order"].astype("Int64")
    frame["days_after_first"] = frame["days_after_first"].astype("Int64")
    frame["days_after_first_max"] = frame["days_after_first_max"].astype("Int64")
    return frame[columns].reset_index(drop=True)


def story_origins(reports: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Per story: the first report in the corpus, the source(s) the coverage credits as origin
    (the most cited attributions), the relaying outlets in order and the spread in days."""
    columns = ["story_id", "n_articles", "n_dated", "n_undated", "first_article", "first_outlet",
               "first_published", "credited_origin", "relays", "last_published", "spread_days",
               "share_hedged"]
    rows = []
    for story, group in reports.groupby("story_id", sort=True):
        story_claims = claims[claims["story_id"] == story]
        attributions = Counter(s for value in story_claims["attributed_to"]
                               for s in split_list(value))
        top = max(attributions.values(), default=0)
        first = group[group["role"] == "first report"]
        dated = group[group["dated"].astype(bool)]
        relays = dated[dated["role"] == "relay"]
        rows.append({
            "story_id": story,
            "n_articles": len(group),
            "n_dated": len(dated),
            "n_undated": len(group) - len(dated),
            "first_article": joined(first["article_id"]),
            "first_outlet": joined(first["outlet"]),
            "first_published": first["published"].min() if len(first) else "",
            "credited_origin": joined(name for name, n in attributions.items() if n == top),
            "relays": ";".join(relays["outlet"]),
            "last_published": dated["published"].max() if len(dated) else "",
            "spread_days": dated["days_after_first"].max() if len(dated) else pd.NA,
            "share_hedged": round((story_claims["hedged"] == "yes").mean(), 3)
            if len(story_claims) else pd.NA,
        })
    frame = pd.DataFrame(rows, columns=columns)
    frame["spread_days"] = frame["spread_days"].astype("Int64")
    return frame


def propagation_network(reports: pd.DataFrame) -> nx.MultiDiGraph:
    """Echo graph per story: first-reporting outlet -> each outlet relaying the story.

    Edge key = story_id; attributes days_after_first (and its maximum), article_id of the relay
    and ``start`` (its publication date, a GEXF time) so Gephi can replay the spread. Undated
    reports become nodes with ``undated_reports`` counts but no edge (their order is unknown).
    Reports whose outlet is unknown are pooled in one node, :data:`~helpers.networks.NO_OUTLET`
    (node_type "(no outlet)"). :func:`no_relay_reason` says why a graph has no edge.
    """
    graph = nx.MultiDiGraph(name="story propagation: first report -> relays")
    reports = reports.assign(outlet=reports["outlet"].map(outlet_of))
    for name in sorted(set(reports["outlet"])):
        own = reports[reports["outlet"] == name]
        graph.add_node(name, label=name, node_type=NO_OUTLET if name == NO_OUTLET else "outlet",
                       n_first_reports=int((own["role"] == "first report").sum()),
                       n_relays=int((own["role"] == "relay").sum()),
                       undated_reports=int((own["role"] == "undated").sum()))
    for story, group in reports.groupby("story_id", sort=True):
        firsts = group[group["role"] == "first report"]
        for first in firsts.itertuples(index=False):
            for relay in group[group["role"] == "relay"].itertuples(index=False):
                key = f"{story}|{first.article_id}|{relay.article_id}"
                graph.add_edge(first.outlet, relay.outlet, key=key, id=key, story_id=story,
                               from_article=first.article_id, article_id=relay.article_id,
                               days_after_first=int(relay.days_after_first),
                               days_after_first_max=int(relay.days_after_first_max),
                               weight=1, start=relay.published)
    return graph


def no_relay_reason(reports: pd.DataFrame) -> str:
    """Why :func:`propagation_network` has no edge, in one sentence from the reports' counts
    (stories without a dated report, with one, with several tied for first; undated reports).
    Empty when some story has a relay."""
    if (reports["role"] == "relay").any():
        return ""
    if reports.empty:
        return "No propagation to draw: no claim has a story_id, so there is no story to follow."
    per_story = reports.groupby("story_id")["dated"].agg(lambda dated: int(dated.astype(bool).sum()))
    none, one = int((per_story == 0).sum()), int((per_story == 1).sum())
    tied = int((per_story > 1).sum())
    undated = int((reports["role"] == "undated").sum())
    stories = f"{len(per_story)} {'story' if len(per_story) == 1 else 'stories'}"
    undated_reports = f"{undated} undated report{'' if undated == 1 else 's'}"
    return (f"No propagation to draw: no dated report follows the first report of any story "
            f"({stories}: {none} without a dated report, {one} with one, {tied} with several "
            f"tied for first; {undated_reports} cannot be put in order). "
            f"Dating the articles (chapter 1) or coding more of them would show who relayed whom.")


WORD = re.compile(r"\w+", re.UNICODE)


def shared_passages(
    articles: pd.DataFrame, n: int = 8, max_articles: int | None = None, text_column: str = "body"
) -> pd.DataFrame:
    """Text reuse between articles: passages of at least ``n`` words that two articles share.

    Word n-grams (lower-cased) are indexed; an n-gram found in more than ``max_articles``
    articles is treated as boilerplate and ignored. Consecutive shared n-grams merge into one
    passage. Columns: article_a, article_b (a < b), n_passages, longest_words, share_a, share_b
    (fraction of each article's words inside shared passages), passage (the longest, as in a).
    """
    columns = ["article_a", "article_b", "n_passages", "longest_words", "share_a", "share_b",
               "passage"]
    tokens = {
        row.article_id: [m.group(0) for m in WORD.finditer(getattr(row, text_column) or "")]
        for row in articles.itertuples(index=False)
    }
    index: dict[tuple, set] = defaultdict(set)
    for article_id, words in tokens.items():
        lowered = [w.lower() for w in words]
        for i in range(len(lowered) - n + 1):
            index[tuple(lowered[i:i + n])].add(article_id)
    pair_grams: dict[tuple[str, str], set] = defaultdict(set)
    for gram, ids in index.items():
        if len(ids) < 2 or (max_articles is not None and len(ids) > max_articles):
            continue
        for a, b in itertools.combinations(sorted(ids), 2):
            pair_grams[(a, b)].add(gram)
    rows = []
    for (a, b), grams in sorted(pair_grams.items()):
        covered = {}
        passages = {}
        for article_id in (a, b):
            lowered = [w.lower() for w in tokens[article_id]]
            starts = [i for i in range(len(lowered) - n + 1) if tuple(lowered[i:i + n]) in grams]
            runs = []
            for start in starts:
                if runs and start <= runs[-1][1] + 1:
                    runs[-1][1] = start
                else:
                    runs.append([start, start])
            covered[article_id] = sum(end - start + n for start, end in runs) / len(lowered)
            passages[article_id] = runs
        longest = max(passages[a], key=lambda run: (run[1] - run[0], -run[0]))
        rows.append({
            "article_a": a, "article_b": b, "n_passages": len(passages[a]),
            "longest_words": longest[1] - longest[0] + n,
            "share_a": round(covered[a], 4), "share_b": round(covered[b], 4),
            "passage": " ".join(tokens[a][longest[0]:longest[1] + n]),
        })
    return pd.DataFrame(rows, columns=columns)
