"""Chapter 4: networks of the back-channel story, built from the claim coding.

Reads plain tables (see :mod:`helpers.claimdata` for loading ``claims.csv``, ``articles.csv``,
``mentions.csv`` and ``actors.csv``) and the meanings of the codebook's claim types and stances
(:class:`helpers.semantics.ClaimSemantics`: which types are speech acts, which stances affirm or
deny), and returns networkx graphs and DataFrames:

* the actor network (who is said to have met/called/proposed to/denied whom), as a multigraph
  with one edge per actor pair and claim type, filtered by stance (agreement/conflict) and by a
  time window; its affiliation (actor x article/story) and co-occurrence projections; the
  congruence/conflict network of voices (who asserts and who denies the same story);
* the citation network (article -> source it relies on) and its outlet-level aggregation;
* centrality and community tables (list attributes are ``;``-joined or JSON strings).

How each story spread (first report, relays, the propagation graph, text reuse) is in
:mod:`helpers.stories`. Nothing here writes: :mod:`helpers.export` writes the graphs as GEXF and
GraphML. Every graph is built with sorted nodes and edges, so exports and tables are
byte-identical across runs.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable

import networkx as nx
import pandas as pd

from helpers import rules
from helpers.claimdata import UNKNOWN, article_dates, date_bounds, iso, split_list
from helpers.semantics import ClaimSemantics, check_claims

QUALIFIERS = ("all", "agreement", "conflict")
#: Where articles whose outlet is not known are pooled (a node of the outlet-level graphs): shown
#: as such, never ranked among the publishers.
NO_OUTLET = "(no outlet)"
ACTOR_NETWORK_MODES = ("interaction", "co-occurrence")
NODE_ATTRIBUTES_FROM_REGISTRY = ("kind", "side", "country")
QUOTE_LIMIT = 300


def joined(values: Iterable) -> str:
    """Sorted, de-duplicated, ``;``-joined text of non-empty values (a GraphML-safe list)."""
    return ";".join(sorted({str(value) for value in values if str(value) != ""}))


def polarity(n_affirming: int, n_denying: int) -> str:
    """"affirmed", "denied", "contested" (both) or "neutral" (neither) for an edge's counts of
    affirming and denying claims."""
    if n_affirming and n_denying:
        return "contested"
    return "denied" if n_denying else "affirmed" if n_affirming else "neutral"


def combined_polarity(polarities: Iterable[str]) -> str:
    """The polarity of several edges together (as :func:`polarity` of their summed counts)."""
    found = set(polarities) - {"neutral"}
    if "contested" in found or {"affirmed", "denied"} <= found:
        return "contested"
    return found.pop() if found else "neutral"


def claim_event_bounds(claims: pd.DataFrame) -> pd.DataFrame:
    """``claims`` plus ``event_lower``/``event_upper`` (Timestamps, NaT when undated)."""
    lowers, uppers = [], []
    for claim in claims.itertuples(index=False):
        bounds = date_bounds(claim.event_start, claim.event_end, claim.date_precision,
                             where=f"claims.csv claim {claim.claim_id}")
        lowers.append(bounds.lower)
        uppers.append(bounds.upper)
    claims = claims.copy()
    claims["event_lower"] = pd.to_datetime(pd.Series(lowers, index=claims.index, dtype=object))
    claims["event_upper"] = pd.to_datetime(pd.Series(uppers, index=claims.index, dtype=object))
    return claims


def filter_claims(
    claims: pd.DataFrame,
    semantics: ClaimSemantics,
    articles: pd.DataFrame | None = None,
    qualifier: str = "all",
    window: tuple[str, str] | None = None,
    date_basis: str = "event",
) -> pd.DataFrame:
    """Claims kept by a stance qualifier and a time window.

    ``qualifier``: "all", "agreement" (claims whose stance the codebook calls affirming) or
    "conflict" (denying ones).
    ``window`` = (first day, last day), either end may be "" for open; a claim is kept when its
    date interval overlaps the window. ``date_basis`` "event" uses the claim's event dates,
    "published" the publication date of its article. Undated claims are dropped only when a
    window is given (the ``attrs['n_undated_dropped']`` of the result counts them).
    """
    if qualifier not in QUALIFIERS:
        raise ValueError(f"qualifier must be one of {QUALIFIERS}, not {qualifier!r}")
    check_claims(claims, semantics)
    kept = claims
    if qualifier == "agreement":
        kept = kept[kept["stance"].isin(list(semantics.affirming))]
    elif qualifier == "conflict":
        kept = kept[kept["stance"].isin(list(semantics.denying))]
    n_undated = 0
    if window is not None:
        if date_basis == "event":
            dated = claim_event_bounds(kept)
            lower, upper = dated["event_lower"], dated["event_upper"]
        elif date_basis == "published":
            dates = article_dates(articles if articles is not None else pd.DataFrame(
                columns=["article_id", "outlet", "title", "published", "published_precision"]))
            by_article = dates.set_index("article_id")
            lower = kept["article_id"].map(by_article["published_lower"])
            upper = kept["article_id"].map(by_article["published_upper"])
        else:
            raise ValueError(f"date_basis must be 'event' or 'published', not {date_basis!r}")
        lower, upper = pd.to_datetime(lower), pd.to_datetime(upper)
        first = date_bounds(window[0], "", "", where="window start").lower if window[0] else None
        last = date_bounds(window[1], "", "", where="window end").upper if window[1] else None
        dated_mask = lower.notna() | upper.notna()
        inside = dated_mask.copy()
        # An open side ("before"/"after" precision) reaches into any window on that side.
        if first is not None:
            inside &= upper.isna() | (upper >= first)
        if last is not None:
            inside &= lower.isna() | (lower <= last)
        n_undated = int((~dated_mask).sum())
        kept = kept[inside.to_numpy()]
    kept = kept.copy()
    kept.attrs["n_undated_dropped"] = n_undated
    return kept


def claim_pairs(claims: pd.DataFrame, semantics: ClaimSemantics, directed: bool = False) -> pd.DataFrame:
    """One row per (claim, actor pair): who is said to have dealt with whom in each claim.

    Each actor is paired with each target actor (actor -> target when ``directed``); several
    actors of one claim (a meeting of three) are also paired with one another (both directions
    when ``directed``), except in claims whose type the codebook marks as a speech act (e.g. a
    denial), where co-actors are one voice speaking, not parties meeting. Undirected pairs are
    stored with ``source`` < ``target``.
    """
    check_claims(claims, semantics)
    rows = []
    for claim in claims.itertuples(index=False):
        actors, targets = split_list(claim.actors), split_list(claim.target_actors)
        pairs = [(a, t) for a in actors for t in targets if a != t]
        co_actors = [] if semantics.is_speech_act(claim.claim_type) else actors
        for a, b in itertools.combinations(co_actors, 2):
            pairs.append((a, b))
            if directed:
                pairs.append((b, a))
        for source, target in pairs:
            if not directed and target < source:
                source, target = target, source
            rows.append({"claim_id": claim.claim_id, "source": source, "target": target})
    pairs = pd.DataFrame(rows, columns=["claim_id", "source", "target"]).drop_duplicates()
    return pairs.merge(claims, on="claim_id", how="left")


def _actor_attributes(names: Iterable[str], registry: pd.DataFrame | None) -> dict[str, dict]:
    registry = registry if registry is not None else pd.DataFrame(columns=["canonical"])
    by_name = registry.set_index("canonical") if len(registry) else None
    attributes = {}
    for name in sorted(set(names)):
        row = by_name.loc[name] if by_name is not None and name in by_name.index else None
        attributes[name] = {
            column: (str(row[column]) or UNKNOWN) if row is not None and column in row.index
            else UNKNOWN
            for column in NODE_ATTRIBUTES_FROM_REGISTRY
        }
        attributes[name]["in_registry"] = row is not None
    return attributes


def _add_actor_nodes(graph: nx.Graph, claims: pd.DataFrame, registry: pd.DataFrame | None) -> None:
    involvement: dict[str, list] = defaultdict(list)
    for claim in claims.itertuples(index=False):
        for name in split_list(claim.actors) + split_list(claim.target_actors):
            involvement[name].append(claim)
    for name, attributes in _actor_attributes(involvement, registry).items():
        own = involvement[name]
        graph.add_node(
            name,
            label=name,
            node_type="actor",
            **attributes,
            n_claims=len({claim.claim_id for claim in own}),
            n_articles=len({claim.article_id for claim in own}),
            story_ids=joined(claim.story_id for claim in own),
        )


def _edge_record(claims: list, semantics: ClaimSemantics) -> dict:
    """Attributes of one aggregated edge from the claims (row tuples) supporting it: counts,
    one ``n_<stance>`` per codebook stance (alphabetical), polarity, ids, dates and quotes.

    Plain Python over the rows: one pandas operation per edge would cost seconds on a corpus
    with tens of thousands of edges.
    """
    claims = sorted({claim.claim_id: claim for claim in claims}.values(), key=lambda c: c.claim_id)
    stances = Counter(claim.stance for claim in claims)
    n_affirming = sum(stances[stance] for stance in semantics.affirming)
    n_denying = sum(stances[stance] for stance in semantics.denying)
    intervals = sorted({(iso(claim.event_lower), iso(claim.event_upper)) for claim in claims
                        if not (pd.isna(claim.event_lower) and pd.isna(claim.event_upper))})
    quotes = [{"claim_id": claim.claim_id, "article_id": claim.article_id,
               "quote": claim.quote[:QUOTE_LIMIT]} for claim in claims]
    return {
        "weight": len(claims),
        "n_claims": len(claims),
        "n_articles": len({claim.article_id for claim in claims}),
        **{f"n_{stance}": stances[stance] for stance in sorted(semantics.stances)},
        "n_hedged": sum(claim.hedged == "yes" for claim in claims),
        "polarity": polarity(n_affirming, n_denying),
        "claim_ids": joined(claim.claim_id for claim in claims),
        "article_ids": joined(claim.article_id for claim in claims),
        "story_ids": joined(claim.story_id for claim in claims),
        "attributed_to": joined(source for claim in claims
                                for source in split_list(claim.attributed_to)),
        "places": joined(claim.place for claim in claims),
        "first_event": min((lower for lower, _ in intervals if lower), default=""),
        "last_event": max((upper for _, upper in intervals if upper), default=""),
        "intervals": json.dumps(intervals),
        "quotes": json.dumps(quotes, ensure_ascii=False),
    }


def actor_network(
    claims: pd.DataFrame,
    semantics: ClaimSemantics,
    registry: pd.DataFrame | None = None,
    directed: bool = False,
    qualifier: str = "all",
    window: tuple[str, str] | None = None,
    date_basis: str = "event",
    articles: pd.DataFrame | None = None,
) -> nx.MultiGraph | nx.MultiDiGraph:
    """Actors linked by the claims about them: one edge per actor pair and claim type.

    Nodes are canonical actors (attributes kind/side/country from the ``registry`` actors table,
    "unknown" when absent; number of claims and articles). Edge key = claim type; attributes:
    weight (= claims), n_articles, counts by stance, polarity (affirmed/denied/contested, from
    the codebook's stance polarities), supporting claim and article ids, attributions, event
    intervals and quotes (JSON). See :func:`filter_claims` for ``qualifier``, ``window`` and
    ``date_basis``, :func:`claim_pairs` for who is paired with whom.
    """
    kept = filter_claims(claims, semantics, articles, qualifier, window, date_basis)
    kept = claim_event_bounds(kept)
    graph: nx.MultiGraph = nx.MultiDiGraph() if directed else nx.MultiGraph()
    graph.graph.update(
        name="actor network", mode_of_links="interaction", qualifier=qualifier,
        window="" if window is None else f"{window[0]}..{window[1]}", date_basis=date_basis,
        n_claims=len(kept), n_undated_dropped=kept.attrs.get("n_undated_dropped", 0),
    )
    _add_actor_nodes(graph, kept, registry)
    grouped: dict[tuple[str, str, str], list] = defaultdict(list)
    for row in claim_pairs(kept, semantics, directed=directed).itertuples(index=False):
        grouped[(row.source, row.target, row.claim_type or "unspecified")].append(row)
    for (source, target, claim_type), rows in sorted(grouped.items()):
        graph.add_edge(source, target, key=claim_type, id=f"{source}|{target}|{claim_type}",
                       label=claim_type, claim_type=claim_type, **_edge_record(rows, semantics))
    return graph


def collapse_edges(graph: nx.MultiGraph) -> nx.Graph:
    """Simple weighted graph from a multigraph: one edge per pair, weights summed.

    Keeps ``claim_types`` (``;``-joined), ``n_claims``/``weight`` summed, ``n_articles`` as the
    number of distinct supporting articles, ``polarity`` over all types (see
    :func:`combined_polarity`). Centralities and communities are computed on this graph.
    """
    simple = nx.DiGraph() if graph.is_directed() else nx.Graph()
    simple.graph.update(graph.graph)
    simple.add_nodes_from(graph.nodes(data=True))
    grouped: dict[tuple, list[dict]] = defaultdict(list)
    for u, v, data in graph.edges(data=True):
        grouped[(u, v)].append(data)
    for (u, v), edges in sorted(grouped.items()):
        articles = {a for data in edges for a in split_list(data.get("article_ids", ""))}
        simple.add_edge(
            u, v,
            weight=sum(data.get("weight", 1) for data in edges),
            n_claims=sum(data.get("n_claims", 0) for data in edges),
            n_articles=len(articles),
            claim_types=joined(data.get("claim_type", "") for data in edges),
            polarity=combined_polarity(data.get("polarity", "neutral") for data in edges),
            article_ids=joined(articles),
        )
    return simple


def affiliation_network(
    claims: pd.DataFrame, registry: pd.DataFrame | None = None, by: str = "article_id"
) -> nx.Graph:
    """Bipartite graph: actors (``bipartite=0``) and the articles or stories (``by``) that name
    them in claims (``bipartite=1``, node id "<by>:<value>"); weight = number of claims."""
    if by not in ("article_id", "story_id"):
        raise ValueError(f"by must be 'article_id' or 'story_id', not {by!r}")
    graph = nx.Graph(name=f"affiliation actor x {by}")
    _add_actor_nodes(graph, claims, registry)
    for node in graph.nodes:
        graph.nodes[node]["bipartite"] = 0
    links: Counter = Counter()
    for claim in claims.itertuples(index=False):
        unit = getattr(claim, by) or "unspecified"
        for name in split_list(claim.actors) + split_list(claim.target_actors):
            links[(name, unit)] += 1
    for unit in sorted({unit for _, unit in links}):
        graph.add_node(f"{by}:{unit}", label=unit, node_type=by, bipartite=1)
    for (name, unit), count in sorted(links.items()):
        graph.add_edge(name, f"{by}:{unit}", weight=count)
    return graph


def co_occurrence_network(
    claims: pd.DataFrame, registry: pd.DataFrame | None = None, by: str = "article_id"
) -> nx.Graph:
    """Actors linked when claims in the same article (or story) name both; weight = number of
    shared articles (stories), listed in ``shared``. The projection of the affiliation graph."""
    affiliation = affiliation_network(claims, registry, by=by)
    actors = sorted(n for n, d in affiliation.nodes(data=True) if d["bipartite"] == 0)
    graph = nx.Graph(name=f"co-occurrence by {by}", mode_of_links="co-occurrence")
    graph.add_nodes_from((n, {k: v for k, v in affiliation.nodes[n].items() if k != "bipartite"})
                         for n in actors)
    for a, b in itertools.combinations(actors, 2):
        shared = sorted(set(affiliation[a]) & set(affiliation[b]))
        if shared:
            graph.add_edge(a, b, weight=len(shared),
                           shared=joined(affiliation.nodes[u]["label"] for u in shared))
    return graph


def claim_voices(claim, semantics: ClaimSemantics) -> list[str]:
    """Whose word a claim (a row tuple) is: the actors of a speech act (a claim type the codebook
    marks ``speech_act``, e.g. a denial), otherwise the source it is attributed to
    ("unattributed" when none)."""
    if semantics.is_speech_act(claim.claim_type) and split_list(claim.actors):
        return split_list(claim.actors)
    return split_list(claim.attributed_to) or ["unattributed"]


def congruence_network(claims: pd.DataFrame, semantics: ClaimSemantics, by: str = "story_id") -> nx.Graph:
    """Voices (see :func:`claim_voices`) linked by agreement or conflict on the same story.

    In the spirit of the Discourse Network Analyzer's congruence/conflict networks: two voices
    that affirm the same story, or both deny it, agree; one affirming and one denying are in
    conflict (stance polarities from the codebook; a neutral stance takes no side). Edge
    attributes ``n_agreement``, ``n_conflict`` (numbers of stories), ``relation``
    ("agreement", "conflict" or "mixed") and the stories.
    """
    check_claims(claims, semantics)
    positions: dict[tuple[str, str], set[str]] = defaultdict(set)
    for claim in claims.itertuples(index=False):
        side = semantics.polarity_of(claim.stance)
        for voice in claim_voices(claim, semantics):
            taken = positions[(getattr(claim, by) or "unspecified", voice)]
            if side != "neutral":
                taken.add(side)
    graph = nx.Graph(name=f"congruence and conflict by {by}")
    for voice in sorted({voice for _, voice in positions}):
        graph.add_node(voice, label=voice, node_type="voice")
    agreement: dict[tuple, set] = defaultdict(set)
    conflict: dict[tuple, set] = defaultdict(set)
    units = sorted({unit for unit, _ in positions})
    for unit in units:
        voices = sorted(voice for u, voice in positions if u == unit)
        for a, b in itertools.combinations(voices, 2):
            sides_a, sides_b = positions[(unit, a)], positions[(unit, b)]
            if sides_a & sides_b:
                agreement[(a, b)].add(unit)
            opposed = ("affirm" in sides_a and "deny" in sides_b) or \
                ("deny" in sides_a and "affirm" in sides_b)
            if opposed:
                conflict[(a, b)].add(unit)
    for a, b in sorted(set(agreement) | set(conflict)):
        n_agree, n_conflict = len(agreement[(a, b)]), len(conflict[(a, b)])
        relation = "mixed" if n_agree and n_conflict else "conflict" if n_conflict else "agreement"
        graph.add_edge(a, b, weight=n_agree + n_conflict, n_agreement=n_agree,
                       n_conflict=n_conflict, relation=relation,
                       agreement_on=joined(agreement[(a, b)]), conflict_on=joined(conflict[(a, b)]))
    return graph


def known_outlets(articles: pd.DataFrame, mentions: pd.DataFrame | None = None,
                  outlets: Iterable[str] = ()) -> set[str]:
    """Names known to be outlets: publishers of articles, outlet mentions, and ``outlets``."""
    names = set(outlets) | set(articles.get("outlet", pd.Series(dtype=str)))
    if mentions is not None and len(mentions):
        names |= set(mentions.loc[mentions["kind"] == "outlet", "canonical"])
    return {name for name in names if name and name != UNKNOWN}


def cited_sources(claims: pd.DataFrame, mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per (article, source it relies on), from claims' ``attributed_to`` and from
    mentions with role ``cited-source``: article_id, source, n_claims, n_mentions, claim_ids."""
    rows = []
    for claim in claims.itertuples(index=False):
        for source in split_list(claim.attributed_to):
            rows.append({"article_id": claim.article_id, "source": source,
                         "claim_id": claim.claim_id, "mention": 0})
    if mentions is not None and len(mentions):
        cited = mentions[(mentions["role"] == "cited-source") & (mentions["canonical"] != "")]
        for mention in cited.itertuples(index=False):
            rows.append({"article_id": mention.article_id, "source": mention.canonical,
                         "claim_id": "", "mention": 1})
    frame = pd.DataFrame(rows, columns=["article_id", "source", "claim_id", "mention"])
    table = frame.groupby(["article_id", "source"], sort=True).agg(
        n_claims=("claim_id", lambda ids: int((ids != "").sum())),
        n_mentions=("mention", "sum"),
        claim_ids=("claim_id", joined),
    ).reset_index()
    table["n_mentions"] = table["n_mentions"].astype(int)
    return table


def citation_network(
    claims: pd.DataFrame,
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    outlets: Iterable[str] = (),
) -> nx.DiGraph:
    """Directed graph article -> source it relies on (outlet, or e.g. "anonymous sources").

    Article nodes carry outlet, title, published date and precision (GEXF ``start`` when dated);
    source nodes ``node_type`` "outlet" when known as an outlet (see :func:`known_outlets`),
    else "other source". Edges: n_claims, n_mentions, weight (= claims + mentions), claim_ids.
    """
    table = cited_sources(claims, mentions)
    dates = article_dates(articles).set_index("article_id")
    outlet_names = known_outlets(articles, mentions, outlets)
    graph = nx.DiGraph(name="citation network: article -> source")
    article_ids = sorted(set(table["article_id"]) | set(claims["article_id"]) - {""})
    for article_id in article_ids:
        info = dates.loc[article_id] if article_id in dates.index else None
        attributes = {"label": article_id, "node_type": "article",
                      "outlet": UNKNOWN, "title": "", "published": "",
                      "published_precision": UNKNOWN}
        if info is not None:
            attributes.update(outlet=info["outlet"], title=info["title"],
                              published=iso(info["published_lower"]),
                              published_precision=info["published_precision"])
            if info["dated"]:
                attributes["start"] = iso(info["published_lower"])
        graph.add_node(article_id, **attributes)
    for source in sorted(set(table["source"])):
        if source in graph:  # an article id used as a source name would clash
            raise ValueError(f"source name {source!r} is also an article id")
        graph.add_node(source, label=source,
                       node_type="outlet" if source in outlet_names else "other source")
    for row in table.itertuples(index=False):
        graph.add_edge(row.article_id, row.source, weight=row.n_claims + row.n_mentions,
                       n_claims=row.n_claims, n_mentions=row.n_mentions, claim_ids=row.claim_ids)
    return graph


def outlet_of(value: str) -> str:
    """An article's outlet as an outlet-level node: the outlet, or :data:`NO_OUTLET` when it is
    blank or unknown."""
    return value if value and value != UNKNOWN else NO_OUTLET


def outlet_citation_network(citations: nx.DiGraph) -> nx.DiGraph:
    """Citation network aggregated to outlets: publishing outlet -> cited source.

    Weight = number of articles of the outlet relying on the source; ``article_ids`` lists them.
    Articles with no known outlet are pooled in one node, :data:`NO_OUTLET` (role and
    node_type "(no outlet)"), which :func:`outlet_ranking` leaves out.
    """
    graph = nx.DiGraph(name="citation network: outlet -> source")
    articles_by_pair: dict[tuple[str, str], set] = defaultdict(set)
    claims_by_pair: Counter = Counter()
    for article, source, data in citations.edges(data=True):
        outlet = outlet_of(citations.nodes[article].get("outlet", ""))
        articles_by_pair[(outlet, source)].add(article)
        claims_by_pair[(outlet, source)] += data.get("n_claims", 0)
    publishers = {o for o, _ in articles_by_pair}
    for name in sorted(publishers | {s for _, s in articles_by_pair}):
        source_type = citations.nodes[name]["node_type"] if name in citations else "outlet"
        cited = any(s == name for _, s in articles_by_pair)
        role = "publisher and source" if name in publishers and cited else \
            "publisher" if name in publishers else "cited source"
        if name == NO_OUTLET:  # a pool of articles, not a publisher
            source_type = role = NO_OUTLET
        graph.add_node(name, label=name, node_type=source_type, role=role)
    for (outlet, source), ids in sorted(articles_by_pair.items()):
        graph.add_edge(outlet, source, weight=len(ids), n_articles=len(ids),
                       n_claims=claims_by_pair[(outlet, source)], article_ids=joined(ids),
                       self_citation=outlet == source)
    return graph


def centrality_table(graph: nx.Graph) -> pd.DataFrame:
    """Per node: degree, weighted degree (strength), betweenness, closeness and eigenvector
    centrality (weights as strengths; distances as 1/weight), plus in/out degree for directed
    graphs; rounded to 6 decimals, strongest first.

    Betweenness and closeness are exact either way: networkx up to ``centrality_exact_max_edges``
    edges (``helpers/rules/thresholds.yml``), igraph above (:func:`igraph_centralities`, the same
    values computed in C: 100,000 claims take seconds, not hours)."""
    simple = collapse_edges(graph) if graph.is_multigraph() else graph
    columns = ["node", "degree", "strength", "betweenness", "closeness", "eigenvector"]
    if graph.is_directed():
        columns += ["in_degree", "out_degree"]
    if simple.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    distance = nx.Graph() if not simple.is_directed() else nx.DiGraph()
    distance.add_nodes_from(simple)
    distance.add_edges_from((u, v, {"distance": 1 / d.get("weight", 1)})
                            for u, v, d in simple.edges(data=True))
    if distance.number_of_edges() > rules.thresholds().centrality_exact_max_edges:
        betweenness, closeness = igraph_centralities(distance)
    else:
        betweenness = nx.betweenness_centrality(distance, weight="distance")
        closeness = nx.closeness_centrality(distance, distance="distance")
    try:
        # Power iteration (no SciPy needed); undefined without edges or when it does not settle.
        eigenvector = nx.eigenvector_centrality(simple, weight="weight", max_iter=1000)
    except (nx.NetworkXException, ZeroDivisionError):
        eigenvector = {}
    rows = [{
        "node": node,
        "degree": simple.degree(node),
        "strength": simple.degree(node, weight="weight"),
        "betweenness": betweenness[node],
        "closeness": closeness[node],
        "eigenvector": abs(eigenvector[node]) if node in eigenvector else float("nan"),
        **({"in_degree": simple.in_degree(node), "out_degree": simple.out_degree(node)}
           if simple.is_directed() else {}),
    } for node in simple.nodes]
    table = pd.DataFrame(rows, columns=columns).round(6)
    return table.sort_values(["strength", "degree", "node"], ascending=[False, False, True],
                             kind="stable").reset_index(drop=True)


def igraph_centralities(distance: nx.Graph) -> tuple[dict, dict]:
    """Betweenness and closeness of a graph whose edges carry ``distance``, computed by igraph
    (in C; for large graphs) and scaled as networkx scales them: betweenness normalised by
    (n-1)(n-2) over ordered pairs, closeness over the nodes that reach each node, times the
    share of the graph they are (Wasserman-Faust; networkx's ``wf_improved``), 0 when none does.
    For directed graphs closeness uses incoming distances, as networkx does. One difference:
    igraph takes two path lengths equal within float rounding (1/3 + 2/3 and 1) as a tie, where
    networkx compares them exactly; with such weights a few betweenness values differ slightly."""
    import igraph

    nodes = list(distance.nodes)
    index = {node: number for number, node in enumerate(nodes)}
    n = len(nodes)
    directed = distance.is_directed()
    graph = igraph.Graph(n=n, edges=[(index[u], index[v]) for u, v in distance.edges()], directed=directed)
    weights = [data["distance"] for _, _, data in distance.edges(data=True)]
    raw = graph.betweenness(weights=weights, directed=directed)
    # igraph counts an undirected pair once, networkx twice (then both divide by (n-1)(n-2)).
    scale = (1 if directed else 2) / ((n - 1) * (n - 2)) if n > 2 else (1 if directed else 2) * 0.5
    betweenness = {node: value * scale for node, value in zip(nodes, raw)}
    mode = "in" if directed else "all"
    mean_inverse = graph.closeness(mode=mode, weights=weights, normalized=True)  # (r-1)/sum over the r reached
    if directed:
        reached = graph.neighborhood_size(order=n, mode="in")
    else:
        sizes = graph.connected_components().sizes()
        reached = [sizes[member] for member in graph.connected_components().membership]
    closeness = {}
    for node, value, count in zip(nodes, mean_inverse, reached):
        ok = value == value and count > 1 and n > 1  # igraph gives NaN to a node nothing reaches
        closeness[node] = value * (count - 1) / (n - 1) if ok else 0.0
    return betweenness, closeness


def outlet_ranking(outlet_citations: nx.DiGraph) -> pd.DataFrame:
    """Outlets and sources ranked by :func:`centrality_table` (node, in_degree, out_degree,
    strength), without the pool of articles whose outlet is unknown (:data:`NO_OUTLET`): it is
    not a publisher, and its citations would count as one outlet's. Empty for an empty graph."""
    known = outlet_citations.subgraph(n for n in outlet_citations if n != NO_OUTLET)
    if known.number_of_nodes() == 0:
        return pd.DataFrame(columns=["node", "in_degree", "out_degree", "strength"])
    return centrality_table(known)[["node", "in_degree", "out_degree", "strength"]]


def community_table(graph: nx.Graph, method: str = "louvain", seed: int = 42) -> pd.DataFrame:
    """Communities of the (collapsed, undirected) graph: node, community (1 = largest), size.

    ``method`` "louvain" (seeded) or "greedy" (greedy modularity); isolated nodes form their
    own communities. ``attrs['modularity']`` holds the partition's modularity.
    """
    simple = collapse_edges(graph) if graph.is_multigraph() else graph
    simple = simple.to_undirected() if simple.is_directed() else simple
    if simple.number_of_nodes() == 0:
        table = pd.DataFrame(columns=["node", "community", "size"])
        table.attrs["modularity"] = float("nan")
        return table
    if simple.number_of_edges() == 0:
        parts = [{node} for node in simple.nodes]
    elif method == "louvain":
        parts = nx.community.louvain_communities(simple, weight="weight", seed=seed)
    elif method == "greedy":
        parts = nx.community.greedy_modularity_communities(simple, weight="weight")
    else:
        raise ValueError(f"method must be 'louvain' or 'greedy', not {method!r}")
    parts = sorted((sorted(part) for part in parts), key=lambda part: (-len(part), part[0]))
    rows = [{"node": node, "community": number, "size": len(part)}
            for number, part in enumerate(parts, start=1) for node in part]
    table = pd.DataFrame(rows).sort_values(["community", "node"]).reset_index(drop=True)
    table.attrs["modularity"] = (round(nx.community.modularity(simple, parts, weight="weight"), 6)
                                 if simple.number_of_edges() else float("nan"))
    return table


def nodes_table(graph: nx.Graph) -> pd.DataFrame:
    """The nodes and their attributes as a DataFrame (one row per node, ``node`` first)."""
    rows = [{"node": node, **data} for node, data in graph.nodes(data=True)]
    return pd.DataFrame(rows).sort_values("node").reset_index(drop=True) if rows else \
        pd.DataFrame(columns=["node"])


def edges_table(graph: nx.Graph) -> pd.DataFrame:
    """The edges and their attributes as a DataFrame (``source``, ``target``, then the rest)."""
    rows = [{"source": u, "target": v, **data} for u, v, data in graph.edges(data=True)]
    if not rows:
        return pd.DataFrame(columns=["source", "target", "weight"])
    frame = pd.DataFrame(rows)
    order = ["source", "target"] + (["claim_type"] if "claim_type" in frame else [])
    return frame.sort_values(order, kind="stable").reset_index(drop=True)

