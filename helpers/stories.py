"""Stories: who reported each story when, where it came from, how it spread, and text reuse.

A *story* is a group of claims sharing a ``story_id`` (chapter 3's coding). Reads plain tables
(``claims.csv``, ``articles.csv`` and ``mentions.csv`` as loaded by :mod:`helpers.claimdata`)
and returns DataFrames and networkx graphs, for chapter 3 (:func:`story_table`), chapter 4
(story reports, origins, the propagation graph, directed reuse, story candidates), chapter 5
(first reports), the tagging workbench (:func:`candidate_suggestion`) and exercise E2 (the
origin of a story). Writes nothing; ``python -m helpers stories OUT_DIR`` (:mod:`helpers.cli`)
writes :func:`story_candidates` and :func:`directed_reuse` as ``story_candidates.csv`` and
``reuse.csv``.

Before any coding, articles are grouped into *story candidates* (suggestions only, never a
``story_id``): two articles are linked when one relays the other (it credits the other's outlet
as its source, in any language, through chapter 2's ``cited-source`` mentions, or it copies a
large share of its words), when they share a long passage, or when they name mostly the same
actors, places and cited sources within a few days of each other.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import networkx as nx
import pandas as pd

from helpers.claimdata import UNKNOWN, article_dates, date_bounds, iso, split_list
from helpers.networks import NO_OUTLET, joined, outlet_of
from helpers.reuse import NEAR_DUPLICATE_SHARE, shared_passages  # noqa: F401  (re-exported)
from helpers.schemas import domain_of
from helpers.tables import write_csv_set_atomic


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


def story_origins(reports: pd.DataFrame, claims: pd.DataFrame,
                  articles: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per story: the first report in the corpus (the earliest *dated* one) with its date
    evidence, the reports that could be earlier (undated: their order is unknown), the
    source(s) the coverage credits as origin (the most cited attributions) beside them, the
    relaying outlets in order and the spread in days. ``articles`` gives ``first_evidence``
    (the text the first report's date was read from) and readable labels."""
    columns = ["story_id", "n_articles", "n_dated", "n_undated", "first_article", "first_label",
               "first_outlet", "first_published", "first_evidence", "could_be_earlier",
               "credited_origin", "relays", "last_published", "spread_days", "share_hedged"]
    articles = articles if articles is not None else pd.DataFrame(columns=["article_id"])
    labels = readable_labels(articles)
    evidence = dict(zip(articles["article_id"], articles["published_evidence"])) \
        if "published_evidence" in articles else {}
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
            "first_label": "; ".join(labels.get(a, a) for a in sorted(first["article_id"])),
            "first_outlet": joined(first["outlet"]),
            "first_published": first["published"].min() if len(first) else "",
            "first_evidence": " | ".join(str(evidence.get(a, "")) for a in sorted(first["article_id"])
                                         if evidence.get(a, "")),
            "could_be_earlier": "; ".join(labels.get(a, a) for a in
                                          sorted(group.loc[~group["dated"].astype(bool), "article_id"])),
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




# --------------------------------------------------------------------------------------------
# Readable labels
# --------------------------------------------------------------------------------------------

#: Longest title kept in a label (cut at a word, with an ellipsis).
LABEL_TITLE_CHARS = 40


def short_title(title: str, limit: int = LABEL_TITLE_CHARS) -> str:
    """``title`` cut at a word boundary to at most ``limit`` characters, with an ellipsis."""
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    # Up to limit - 1 characters and the ellipsis; a word ending exactly there stays whole.
    cut = title[:limit].rsplit(" ", 1)[0] if " " in title[:limit] else title[:limit - 1]
    return cut.rstrip(" ,;:–-") + "…"


def _cell(row: dict, column: str) -> str:
    value = row.get(column, "")
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()


def _publisher(row: dict) -> str:
    outlet = _cell(row, "outlet")
    if not outlet or outlet == UNKNOWN:
        outlet = domain_of(_cell(row, "url")) if _cell(row, "url") else NO_OUTLET
    return outlet


def publishers(articles: pd.DataFrame) -> dict[str, str]:
    """Per article id: its outlet (registry name), else its URL's domain, else "(no outlet)"."""
    return {_cell(row, "article_id"): _publisher(row) for row in articles.to_dict("records")}


def readable_labels(articles: pd.DataFrame) -> dict[str, str]:
    """Per article id: "outlet · date · short title" for tables and figures. The outlet is the
    registry's name, else the URL's domain, else "(no outlet)"; the date as precise as known,
    else "undated". Labels two articles would share get the id's first 8 digits added."""
    labels: dict[str, str] = {}
    for row in articles.to_dict("records"):
        parts = [_publisher(row), _cell(row, "published")[:10] or "undated"]
        if _cell(row, "title"):
            parts.append(short_title(_cell(row, "title")))
        labels[_cell(row, "article_id")] = " · ".join(parts)
    counts = Counter(labels.values())
    return {article_id: f"{label} · {article_id[:8]}" if counts[label] > 1 else label
            for article_id, label in labels.items()}


def with_labels(table: pd.DataFrame, labels: dict[str, str],
                columns: dict[str, str]) -> pd.DataFrame:
    """``table`` with a readable label column inserted after each id column
    (``columns`` maps id column -> label column); ids without a label keep the id."""
    table = table.copy()
    for id_column, label_column in columns.items():
        position = table.columns.get_loc(id_column) + 1
        table.insert(position, label_column,
                     [labels.get(value, value) if value else "" for value in table[id_column]])
    return table


# --------------------------------------------------------------------------------------------
# Publication order
# --------------------------------------------------------------------------------------------

#: Optional columns another stage may add: bounds of a date not read exactly ("not before",
#: "not after", ISO dates). Read when present, never required.
BOUND_COLUMNS = ("published_not_before", "published_not_after")


def publication_bounds(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: outlet, url, title, language, published, precision, evidence, the earliest
    and latest possible day (``lower``/``upper``), ``dated`` (a publication date was read) and
    ``bounded`` (only bounds are known). The ``published_not_before``/``published_not_after``
    columns, when present, fill or narrow the bounds."""
    dates = article_dates(articles)
    extra = articles.reindex(columns=["article_id", "url", "language", "published_evidence",
                                      *BOUND_COLUMNS]).fillna("").astype(str)
    frame = dates.merge(extra, on="article_id", how="left").fillna("")
    lower, upper, bounded = [], [], []
    for row in frame.itertuples(index=False):
        low, high = row.published_lower, row.published_upper
        not_before = date_bounds(row.published_not_before, where=f"article {row.article_id}").lower \
            if row.published_not_before else pd.NaT
        not_after = date_bounds(row.published_not_after, where=f"article {row.article_id}").upper \
            if row.published_not_after else pd.NaT
        if not pd.isna(not_before) and (pd.isna(low) or not_before > low):
            low = not_before
        if not pd.isna(not_after) and (pd.isna(high) or not_after < high):
            high = not_after
        lower.append(low)
        upper.append(high)
        bounded.append(not row.dated and not (pd.isna(low) and pd.isna(high)))
    frame["lower"] = pd.to_datetime(pd.Series(lower, dtype="datetime64[ns]"))
    frame["upper"] = pd.to_datetime(pd.Series(upper, dtype="datetime64[ns]"))
    frame["bounded"] = bounded
    return frame.set_index("article_id", drop=False)


def settled_order(first: Mapping, second: Mapping) -> int:
    """-1 when ``first`` (a :func:`publication_bounds` row, as a Series or dict) was certainly published before
    ``second``, 1 when certainly after, 0 when the dates and their precision do not settle it
    (same day, overlapping ranges, a date unknown)."""
    if not pd.isna(first["upper"]) and not pd.isna(second["lower"]) and first["upper"] < second["lower"]:
        return -1
    if not pd.isna(second["upper"]) and not pd.isna(first["lower"]) and second["upper"] < first["lower"]:
        return 1
    return 0


def _sort_key(row: Mapping) -> tuple:
    # Earliest possible day first; unknown last; the id settles ties (a stable, stated rule).
    lower = row["lower"]
    return (pd.isna(lower), pd.Timestamp.max if pd.isna(lower) else lower, row["article_id"])


# --------------------------------------------------------------------------------------------
# Directed reuse
# --------------------------------------------------------------------------------------------

REUSE_COLUMNS = ["earlier_article_id", "later_article_id", "order_uncertain", "share_earlier",
                 "share_later", "longest_passage_words", "near_duplicate"]


def directed_reuse(pairs: pd.DataFrame, articles: pd.DataFrame,
                   bounds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Pairs of :func:`helpers.reuse.shared_passages` put in publication order.

    Columns :data:`REUSE_COLUMNS`, then n_passages and passage: which article is earlier (by
    publication date or its bounds; when they do not settle it, ``order_uncertain`` is "yes" and
    the article with the earlier possible day, else the smaller id, is listed first), the share
    of each inside shared passages, the longest passage and ``near_duplicate`` "yes" when one of
    them is mostly the other (a share of at least :data:`~helpers.reuse.NEAR_DUPLICATE_SHARE`).
    """
    bounds = bounds if bounds is not None else publication_bounds(articles)
    known = bounds.to_dict("index")  # plain dicts: a row lookup per pair stays cheap
    rows = []
    for pair in pairs.itertuples(index=False):
        a, b = known[pair.article_a], known[pair.article_b]
        order = settled_order(a, b)
        swap = order == 1 or (order == 0 and _sort_key(b) < _sort_key(a))
        earlier, later = (pair.article_b, pair.article_a) if swap else (pair.article_a, pair.article_b)
        share_earlier, share_later = (pair.share_b, pair.share_a) if swap else (pair.share_a, pair.share_b)
        rows.append({
            "earlier_article_id": earlier, "later_article_id": later,
            "order_uncertain": "yes" if order == 0 else "no",
            "share_earlier": share_earlier, "share_later": share_later,
            "longest_passage_words": int(pair.longest_words),
            "near_duplicate": "yes" if max(share_earlier, share_later) >= NEAR_DUPLICATE_SHARE else "no",
            "n_passages": int(pair.n_passages), "passage": pair.passage,
        })
    frame = pd.DataFrame(rows, columns=[*REUSE_COLUMNS, "n_passages", "passage"])
    return frame.sort_values(["earlier_article_id", "later_article_id"]).reset_index(drop=True)


def near_duplicates(reuse: pd.DataFrame, article_ids: Iterable[str],
                    origins: Iterable[str] = ()) -> pd.Series:
    """The ``near_duplicate_of`` column of the articles table, indexed by article id: the
    article this one is mostly a copy of (its share in their shared passages at least
    :data:`~helpers.reuse.NEAR_DUPLICATE_SHARE`), the highest share first; "" when none.

    An article is never a near-duplicate of one certainly published after it. When the dates
    do not settle the order, the later-listed article is the copy unless the earlier one holds
    strictly more of the other, or the later one is among ``origins`` (articles that relays
    credit as their source).
    """
    origins = set(origins)
    best: dict[str, tuple[float, str]] = {}
    for row in reuse.itertuples(index=False):
        copy, share, original = row.later_article_id, row.share_later, row.earlier_article_id
        if row.order_uncertain == "yes" and (row.share_earlier > row.share_later
                                             or (copy in origins and original not in origins)):
            copy, share, original = original, row.share_earlier, row.later_article_id
        if share >= NEAR_DUPLICATE_SHARE and (share, original) > best.get(copy, (0.0, "")):
            best[copy] = (share, original)
    return pd.Series({article_id: best.get(article_id, (0.0, ""))[1] for article_id in article_ids},
                     name="near_duplicate_of", dtype=str)


# --------------------------------------------------------------------------------------------
# Relays and story candidates
# --------------------------------------------------------------------------------------------

#: A later article with at least this share of its words in passages shared with an earlier
#: one is a copy of it, so a relay (the bench's threshold for "real" reuse too).
COPY_SHARE = 0.3
#: A shared passage at least this long links two articles into one story candidate.
LINK_PASSAGE_WORDS = 20
#: Two articles are suggested as one story when they name mostly the same people (and cited
#: sources) within a few days: at least SAME_NAMES_MIN shared, a Jaccard index of at least
#: SAME_NAMES_JACCARD, both dated at most STORY_WINDOW_DAYS apart; or, whatever their dates
#: (unknown ones included, unless certainly further apart), when they also credit the same
#: source: at least SAME_SOURCE_MIN shared names, one a cited source, Jaccard at least
#: SAME_SOURCE_JACCARD. Places and organisations (Kremlin, Ukraine, CIA) are left out: they
#: name the whole topic, not one story.
STORY_WINDOW_DAYS = 3
SAME_NAMES_MIN = 2
SAME_NAMES_JACCARD = 0.5
SAME_SOURCE_MIN = 3
SAME_SOURCE_JACCARD = 0.3
#: Prefix of a cited source among an article's names.
SOURCE = "source: "

CANDIDATE_COLUMNS = ["article_id", "story_candidate", "first_report", "relay_of",
                     "could_be_earlier", "evidence"]


def article_names(mentions: pd.DataFrame) -> dict[str, set[str]]:
    """Per article: the resolved people it names and the outlets it cites as sources
    (``"source: NBC News"``), from chapter 2's mentions."""
    names: dict[str, set[str]] = defaultdict(set)
    if mentions is None or mentions.empty:
        return names
    resolved = mentions[mentions["canonical"].fillna("") != ""]
    for row in resolved.itertuples(index=False):
        if row.kind == "person":
            names[row.article_id].add(row.canonical)
        elif row.kind == "outlet" and getattr(row, "role", "") == "cited-source":
            names[row.article_id].add(f"{SOURCE}{row.canonical}")
    return names


def _same_story_reason(shared: set[str], union: set[str], days: int | None) -> str:
    """Why two articles naming ``shared`` of ``union`` look like one story ("" when not)."""
    jaccard = len(shared) / len(union) if union else 0.0
    if (days is not None and days <= STORY_WINDOW_DAYS and len(shared) >= SAME_NAMES_MIN
            and jaccard >= SAME_NAMES_JACCARD):
        return f"names the same {_names_list(shared)} within {_days(days)}"
    if (len(shared) >= SAME_SOURCE_MIN and any(name.startswith(SOURCE) for name in shared)
            and jaccard >= SAME_SOURCE_JACCARD and (days is None or days <= STORY_WINDOW_DAYS)):
        return f"names the same {_names_list(shared)}"
    return ""


def credited_outlets(mentions: pd.DataFrame,
                     bodies: dict[str, str] | None = None) -> dict[str, dict[str, str]]:
    """Per article: the outlets it credits (chapter 2's ``cited-source`` mentions, found with
    the attribution cues of ``helpers/rules/<lang>/attribution.yml``) -> the words that credit
    them: the first mention with up to three words before it when ``bodies`` are given."""
    credits: dict[str, dict[str, str]] = defaultdict(dict)
    if mentions is None or mentions.empty or "role" not in mentions:
        return credits
    cited = mentions[(mentions["kind"] == "outlet") & (mentions["role"] == "cited-source")
                     & (mentions["canonical"].fillna("") != "")]
    for row in cited.sort_values(["article_id", "start"]).itertuples(index=False):
        words = row.surface
        body = (bodies or {}).get(row.article_id, "")
        if body and body[int(row.start):int(row.end)] == row.surface:
            before = body[max(0, int(row.start) - 40):int(row.start)].split("\n")[-1].split()[-3:]
            words = " ".join([*before, row.surface])
        credits[row.article_id].setdefault(row.canonical, words)
    return credits


def _names_list(names: Iterable[str], limit: int = 4) -> str:
    names = sorted(names)
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _days(days: int) -> str:
    return f"{days} day{'' if days == 1 else 's'}"


def _days_apart(a: Mapping, b: Mapping) -> int | None:
    """Fewest days that can separate two publications; None when either date is unknown."""
    if any(pd.isna(value) for value in (a["lower"], a["upper"], b["lower"], b["upper"])):
        return None
    if a["upper"] < b["lower"]:
        return (b["lower"] - a["upper"]).days
    if b["upper"] < a["lower"]:
        return (a["lower"] - b["upper"]).days
    return 0


def relays(articles: pd.DataFrame, mentions: pd.DataFrame, reuse: pd.DataFrame,
           labels: dict[str, str] | None = None, bounds: pd.DataFrame | None = None) -> pd.DataFrame:
    """Which article relays which, whatever the language: one row per (relay, origin, how).

    ``credit``: the relay credits an outlet that published an article of the corpus naming at
    least one of the same people, not certainly later than the relay (the latest
    such one before it, else the earliest). ``copy``: the relay is certainly later and has at
    least :data:`COPY_SHARE` of its words in passages shared with it. Columns: article_id,
    relay_of, how, order_uncertain (yes/no), days_after (fewest days between them, when both
    are dated), evidence.
    """
    bounds = bounds if bounds is not None else publication_bounds(articles)
    known = bounds.to_dict("index")
    labels = labels if labels is not None else readable_labels(articles)
    names = article_names(mentions)
    by_outlet: dict[str, set[str]] = defaultdict(set)
    for article_id, outlet in zip(bounds["article_id"], bounds["outlet"]):
        if outlet and outlet != UNKNOWN:
            by_outlet[outlet].add(article_id)
    # Who names whom, so a credit is compared only with the outlet's articles naming a same person.
    holders: dict[str, set[str]] = defaultdict(set)
    for holder, held in names.items():
        for name in held:
            if not name.startswith(SOURCE):
                holders[name].add(holder)
    rows = []
    bodies = dict(zip(articles["article_id"], articles["body"])) if "body" in articles else {}
    for article_id, credited in sorted(credited_outlets(mentions, bodies).items()):
        if article_id not in known:
            continue
        relay = known[article_id]
        for outlet, surface in sorted(credited.items()):
            if outlet == relay["outlet"]:
                continue  # an outlet citing itself relays nothing
            people = {n for n in names[article_id] if not n.startswith(SOURCE)}
            others = set().union(*(holders[n] for n in people)) & by_outlet.get(outlet, set()) \
                if people else set()
            shared_of = {other: people & names[other] for other in sorted(others - {article_id})}
            options = [other for other, shared in shared_of.items()
                       if shared and settled_order(known[other], relay) != 1]
            if not options:
                continue
            settled = [o for o in options if settled_order(known[o], relay) == -1]
            origin = max(settled, key=lambda o: _sort_key(known[o])) if settled else \
                min(options, key=lambda o: _sort_key(known[o]))
            order = settled_order(known[origin], relay)
            shared = _names_list(shared_of[origin])
            rows.append({"article_id": article_id, "relay_of": origin, "how": "credit",
                         "order_uncertain": "no" if order == -1 else "yes",
                         "days_after": _days_apart(known[origin], relay),
                         "evidence": f"credits {outlet} ('{surface}') for a story naming {shared}: "
                                     f"relay of {labels.get(origin, origin)}"
                                     + ("" if order == -1 else " (dates do not settle the order)")})
    for row in reuse.itertuples(index=False):
        if row.order_uncertain == "no" and row.share_later >= COPY_SHARE:
            rows.append({"article_id": row.later_article_id, "relay_of": row.earlier_article_id,
                         "how": "copy", "order_uncertain": "no",
                         "days_after": _days_apart(known[row.earlier_article_id],
                                                   known[row.later_article_id]),
                         "evidence": f"copies {labels.get(row.earlier_article_id, row.earlier_article_id)}: "
                                     f"{row.share_later:.0%} of its words in shared passages, "
                                     f"longest {row.longest_passage_words} words"})
    frame = pd.DataFrame(rows, columns=["article_id", "relay_of", "how", "order_uncertain",
                                        "days_after", "evidence"])
    frame["days_after"] = frame["days_after"].astype("Int64")
    return frame.sort_values(["article_id", "how", "relay_of"]).reset_index(drop=True)


def _components(nodes: Iterable[str], links: Iterable[tuple[str, str]]) -> list[set[str]]:
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(links)
    return [set(c) for c in nx.connected_components(graph) if len(c) > 1]


def story_links(articles: pd.DataFrame, mentions: pd.DataFrame, reuse: pd.DataFrame,
                relay_table: pd.DataFrame, labels: dict[str, str],
                bounds: pd.DataFrame | None = None) -> dict[tuple[str, str], str]:
    """Why two articles are suggested as one story: (a, b) with a < b -> the reason, for relays,
    long shared passages (:data:`LINK_PASSAGE_WORDS`) and the same people and sources (see
    :data:`STORY_WINDOW_DAYS`)."""
    bounds = bounds if bounds is not None else publication_bounds(articles)
    known = bounds.to_dict("index")
    links: dict[tuple[str, str], str] = {}

    def add(a: str, b: str, reason: str) -> None:
        links.setdefault((min(a, b), max(a, b)), reason)

    for row in relay_table.itertuples(index=False):
        add(row.article_id, row.relay_of, f"{row.how} relay")
    for row in reuse.itertuples(index=False):
        if row.longest_passage_words >= LINK_PASSAGE_WORDS:
            add(row.earlier_article_id, row.later_article_id,
                f"shared passage of {row.longest_passage_words} words")
    names = article_names(mentions)
    # Articles are compared only with those sharing a name (an inverted index, not all pairs).
    holders: dict[str, list[str]] = defaultdict(list)
    for article_id, held in names.items():
        for name in held:
            holders[name].append(article_id)
    seen: set[tuple[str, str]] = set()
    for name, group in holders.items():
        if len(group) > 500:  # a name in hundreds of articles says nothing about one story
            continue
        group = sorted(group)
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if (a, b) in seen or a not in known or b not in known:
                    continue
                seen.add((a, b))
                reason = _same_story_reason(names[a] & names[b], names[a] | names[b],
                                            _days_apart(known[a], known[b]))
                if reason:
                    add(a, b, reason)
    return links


def story_candidates(articles: pd.DataFrame, mentions: pd.DataFrame,
                     reuse: pd.DataFrame, bounds: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per article: the story candidate it belongs to (a suggestion a coder confirms
    into ``story_id``; empty when it is linked to no other article), whether it is the first
    report (the earliest *dated* report of its candidate; several when their dates tie), the
    article it relays, whether it could be earlier than the first report (undated or only
    bounded, and not a relay), and the evidence for all of it in words.

    Columns :data:`CANDIDATE_COLUMNS`, then ``near_duplicate_of`` and ``label``. Candidates are
    numbered ``story-001``... in order of their first report.
    """
    bounds = bounds if bounds is not None else publication_bounds(articles)
    known = bounds.to_dict("index")
    labels = readable_labels(articles)
    reuse = reuse if reuse is not None else pd.DataFrame(columns=REUSE_COLUMNS)
    relay_table = relays(articles, mentions, reuse, labels, bounds)
    links = story_links(articles, mentions, reuse, relay_table, labels, bounds)
    components = _components(bounds["article_id"], links)
    components.sort(key=lambda c: min(_sort_key(known[a]) for a in c))
    copies = near_duplicates(reuse, bounds["article_id"],
                             relay_table.loc[relay_table["how"] == "credit", "relay_of"])
    # One relay per article: a copy (textual evidence) before a credit, then the earliest origin.
    relay_of = {}
    for row in relay_table.sort_values(["article_id", "how"]).itertuples(index=False):  # copy < credit
        relay_of.setdefault(row.article_id, row)
    # The first link (other than a relay) of each article, for its evidence.
    linked: dict[str, tuple[str, str]] = {}
    for (a, b), reason in sorted(links.items()):
        if "relay" not in reason:
            linked.setdefault(a, (b, reason))
            linked.setdefault(b, (a, reason))
    rows = []
    for number, component in enumerate(components, start=1):
        name = f"story-{number:03d}"
        members = [(article_id, known[article_id]) for article_id in sorted(component)]
        dated = [(article_id, row) for article_id, row in members if row["dated"]]
        first_upper = min((row["upper"] for _, row in dated), default=pd.NaT)
        firsts = {article_id for article_id, row in dated if row["lower"] <= first_upper}
        for article_id, row in members:
            evidence = []
            is_first = article_id in firsts
            relay = relay_of.get(article_id)
            if is_first:
                source = row["published_evidence"] or row["published"]
                evidence.append(f"first dated report: published {row['published']} "
                                f"({row['published_precision']} precision, from '{source}')"
                                + (" tied with another report" if len(firsts) > 1 else ""))
            could = (not is_first and relay is None
                     and (not row["dated"] and (pd.isna(row["lower"]) or pd.isna(first_upper)
                                                or row["lower"] <= first_upper)))
            if could:
                what = "only date bounds known" if row["bounded"] else "undated"
                evidence.append(f"{what}: could be earlier than the first report" if firsts else
                                f"{what}, like every report of this candidate: order unknown")
            if relay is not None:
                evidence.append(relay.evidence)
            if copies.get(article_id, ""):
                evidence.append(f"near-duplicate of {labels.get(copies[article_id])}")
            if article_id in linked:
                other, reason = linked[article_id]
                evidence.append(f"{reason} as {labels.get(other, other)}")
            rows.append({"article_id": article_id, "story_candidate": name,
                         "first_report": "yes" if is_first else "no",
                         "relay_of": relay.relay_of if relay is not None else "",
                         "could_be_earlier": "yes" if could else "no",
                         "evidence": "; ".join(evidence)})
    grouped = {row["article_id"] for row in rows}
    for article_id in bounds["article_id"]:
        if article_id not in grouped:
            rows.append({"article_id": article_id, "story_candidate": "", "first_report": "no",
                         "relay_of": "", "could_be_earlier": "no",
                         "evidence": "linked to no other article"})
    frame = pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)
    frame["near_duplicate_of"] = frame["article_id"].map(copies).fillna("")
    frame["label"] = frame["article_id"].map(labels)
    return frame.sort_values(["article_id"]).reset_index(drop=True)


def candidate_origins(candidates: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """Per story candidate: the first report (readable label and id) with its date evidence,
    the reports that could be earlier, the source the coverage credits (the outlet most often
    cited as a source by its articles) beside it, and the relays."""
    credits = credited_outlets(mentions)
    rows = []
    for name, group in candidates[candidates["story_candidate"] != ""].groupby("story_candidate"):
        first = group[group["first_report"] == "yes"]
        cited = Counter(outlet for article_id in group["article_id"]
                        for outlet in credits.get(article_id, {}))
        top = max(cited.values(), default=0)
        rows.append({
            "story_candidate": name, "n_articles": len(group),
            "first_report": "; ".join(first["label"]),
            "first_article_id": ";".join(first["article_id"]),
            "first_evidence": "; ".join(e.split(";")[0] for e in first["evidence"]),
            "could_be_earlier": "; ".join(group.loc[group["could_be_earlier"] == "yes", "label"]),
            "credited_origin": joined(o for o, n in cited.items() if n == top),
            "relays": "; ".join(group.loc[group["relay_of"] != "", "label"]),
        })
    return pd.DataFrame(rows, columns=["story_candidate", "n_articles", "first_report",
                                       "first_article_id", "first_evidence", "could_be_earlier",
                                       "credited_origin", "relays"])


def relay_network(relay_table: pd.DataFrame, articles: pd.DataFrame,
                  candidates: pd.DataFrame | None = None,
                  bounds: pd.DataFrame | None = None) -> nx.DiGraph:
    """Propagation graph of articles: origin -> relay, one edge per relay (credit or copy).

    Nodes are the articles involved and, given ``candidates``, every article of a story
    candidate (``story_candidate`` attribute), labelled readably (outlet · date · title), with
    outlet, language, published and ``start`` (GEXF time) when dated; edges carry how
    (credit/copy), days_after, order_uncertain and ``start`` (the relay's date).
    """
    bounds = bounds if bounds is not None else publication_bounds(articles)
    known = bounds.to_dict("index")
    labels = readable_labels(articles)
    story_of = {} if candidates is None else \
        dict(zip(candidates["article_id"], candidates["story_candidate"]))
    graph = nx.DiGraph(name="story propagation: origin article -> relay")
    members = {a for a, story in story_of.items() if story}
    for article_id in sorted(set(relay_table["article_id"]) | set(relay_table["relay_of"]) | members):
        row = known[article_id]
        attributes = {"label": labels[article_id], "outlet": outlet_of(row["outlet"]),
                      "language": row["language"] or UNKNOWN, "published": row["published"],
                      "story_candidate": story_of.get(article_id, ""), "node_type": "article"}
        if row["dated"]:
            attributes["start"] = iso(row["lower"])
        graph.add_node(article_id, **attributes)
    for row in relay_table.itertuples(index=False):
        relay = known[row.article_id]
        attributes = {"how": row.how, "order_uncertain": row.order_uncertain, "weight": 1,
                      "days_after": "" if pd.isna(row.days_after) else int(row.days_after)}
        if relay["dated"]:
            attributes["start"] = iso(relay["lower"])
        graph.add_edge(row.relay_of, row.article_id, **attributes)
    return graph


def no_relay_network_reason(candidates: pd.DataFrame, mentions: pd.DataFrame,
                            articles: pd.DataFrame) -> str:
    """Why :func:`relay_network` has no edge, in one sentence: how many articles credit an
    outlet, how many of those outlets published an article of the corpus, how many candidates."""
    credits = credited_outlets(mentions)
    cited = {outlet for outlets in credits.values() for outlet in outlets}
    publishing = set(articles["outlet"]) - {"", UNKNOWN} if "outlet" in articles else set()
    n_candidates = candidates["story_candidate"].replace("", pd.NA).nunique()
    return (f"No relay to draw: {len(credits)} of {len(articles)} articles credit an outlet as "
            f"their source ({len(cited)} outlets), {len(cited & publishing)} of which published an "
            f"article of this corpus (none of them on the same people and earlier), and no article copies "
            f"{COPY_SHARE:.0%} or more of an earlier one's words; {n_candidates} story candidates "
            f"were found. A corpus holding the original reports would show who relayed whom.")


def candidate_suggestion(candidates: pd.DataFrame, article_id: str) -> str:
    """One line for the tagging workbench: the story candidate of ``article_id`` and the other
    articles in it, as a *suggestion* to confirm into ``story_id``; "" when there is none."""
    if candidates is None or candidates.empty:
        return ""
    own = candidates[candidates["article_id"] == article_id]
    if own.empty or not own["story_candidate"].iloc[0]:
        return ""
    name = own["story_candidate"].iloc[0]
    others = candidates[(candidates["story_candidate"] == name)
                        & (candidates["article_id"] != article_id)]
    names = others["label"] if "label" in others else others["article_id"]
    listed = "; ".join(names.head(5)) + (" …" if len(others) > 5 else "")
    return f"suggested story {name}, with {len(others)} other article(s): {listed}"


def write_story_tables(articles: pd.DataFrame, mentions: pd.DataFrame, out_dir: Path | str,
                       partition_size: int = 5000, mapper=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Write ``story_candidates.csv`` (:data:`CANDIDATE_COLUMNS`), ``reuse.csv``
    (:data:`REUSE_COLUMNS`) and ``near_duplicates.csv`` (article_id, near_duplicate_of: the
    articles table's ``near_duplicate_of`` column, kept beside ingest's ``articles.csv`` rather
    than rewriting it) into ``out_dir``, together; returns (candidates, reuse) in full."""
    candidates, reuse = story_outputs(articles, mentions, partition_size, mapper)
    out_dir = Path(out_dir)
    write_csv_set_atomic({
        out_dir / "story_candidates.csv": candidates[CANDIDATE_COLUMNS],
        out_dir / "reuse.csv": reuse[REUSE_COLUMNS],
        out_dir / "near_duplicates.csv": candidates[["article_id", "near_duplicate_of"]],
    })
    return candidates, reuse


def story_outputs(articles: pd.DataFrame, mentions: pd.DataFrame,
                  partition_size: int = 5000, mapper=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the ``stories`` command writes: (story candidates, directed reuse), computed from
    the articles and their mentions (text reuse first, then relays and candidates). ``mapper``
    builds the reuse signatures partition by partition elsewhere (``helpers.reuse.shared_passages``;
    Dask tasks with ``helpers.engine.signature_mapper``)."""
    pairs = shared_passages(articles, partition_size=partition_size, mapper=mapper)
    bounds = publication_bounds(articles)
    reuse = directed_reuse(pairs, articles, bounds)
    return story_candidates(articles, mentions, reuse, bounds), reuse
