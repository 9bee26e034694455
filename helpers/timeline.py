"""Chapter 5: timeline of the back-channel story, from the claim coding and article dates.

Reads plain tables (``claims.csv`` and ``articles.csv`` as loaded by :mod:`helpers.claimdata`)
and returns DataFrames: events as intervals (with their precision), publication dates as points
(with theirs), the lag from event to report as a range, the first report of each story and the
sequence of assertions, denials and confirmations per story (drawn by
:func:`helpers.figures.timeline_figure` and :func:`helpers.figures.lag_figure`). Undated events
and articles are kept as undated, never guessed. Writes nothing.
"""

from __future__ import annotations

import pandas as pd

from helpers.claimdata import UNKNOWN, article_dates, iso, split_list
from helpers.networks import claim_event_bounds, claim_voices
from helpers.semantics import ClaimSemantics, check_claims
from helpers.stories import story_reports

LANE_KINDS = ("story_id", "pair")


def actor_pair(claim) -> str:
    """Lane label for a claim by who is involved: "A – B" (sorted), one actor, or "(no actor)"."""
    people = sorted(set(split_list(claim.actors)) | set(split_list(claim.target_actors)))
    return " – ".join(people) if people else "(no actor)"


def event_intervals(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per claim: what happened, between which days it can have happened, how precisely.

    Columns: claim_id, story_id, article_id, claim_type, stance, hedged, actors, target_actors,
    pair, event_start, event_end, date_precision (as coded), event_lower, event_upper
    (Timestamps, NaT when undated or open on that side), event_days (length of the uncertainty
    interval; blank when open), open_interval (only one bound known: "before"/"after"), dated.
    """
    columns = ["claim_id", "story_id", "article_id", "claim_type", "stance", "hedged", "actors",
               "target_actors", "pair", "event_start", "event_end", "date_precision",
               "event_lower", "event_upper", "event_days", "open_interval", "dated"]
    frame = claim_event_bounds(claims)
    frame["pair"] = [actor_pair(claim) for claim in frame.itertuples(index=False)]
    frame["date_precision"] = frame["date_precision"].replace("", UNKNOWN)
    frame["event_days"] = ((frame["event_upper"] - frame["event_lower"]).dt.days + 1).astype("Int64")
    frame["open_interval"] = (frame["event_lower"].isna() != frame["event_upper"].isna())
    frame["dated"] = frame["event_lower"].notna() | frame["event_upper"].notna()
    return frame[columns].sort_values(["story_id", "event_lower", "claim_id"],
                                      na_position="last").reset_index(drop=True)


def publication_points(articles: pd.DataFrame) -> pd.DataFrame:
    """Per article: outlet, published (as known), precision, lower/upper bounds, dated."""
    return article_dates(articles)


def report_lags(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per claim: how long after the event the article reported it, as a range of days.

    ``lag_min_days`` = earliest publication day - latest event day (0 when the two ranges
    overlap: a report cannot precede its event), ``lag_max_days`` = latest publication day -
    earliest event day (blank when the event is only known to be "before" a date).
    ``lag_status`` says "ok", "event undated", "article undated" or "published before event?"
    (a coding or dating error worth checking).
    """
    columns = ["claim_id", "story_id", "article_id", "outlet", "claim_type", "stance",
               "event_lower", "event_upper", "date_precision", "published_lower",
               "published_upper", "published_precision", "lag_min_days", "lag_max_days",
               "lag_status"]
    events = event_intervals(claims)
    dates = publication_points(articles).drop(columns=["title", "published"])
    frame = events.merge(dates, on="article_id", how="left")
    frame["outlet"] = frame["outlet"].fillna(UNKNOWN)
    frame["published_precision"] = frame["published_precision"].fillna(UNKNOWN)
    # An event known only to be "after" a date can have happened up to publication (minimum
    # lag 0); one known only to be "before" a date has no maximum lag (left blank).
    lag_max = (frame["published_upper"] - frame["event_lower"]).dt.days
    lag_min = (frame["published_lower"] - frame["event_upper"]).dt.days
    open_end = frame["event_upper"].isna() & frame["event_lower"].notna()
    lag_min = lag_min.mask(open_end & frame["published_lower"].notna(), 0)
    overlap = lag_min.lt(0) & ~lag_max.lt(0)
    frame["lag_max_days"] = lag_max.astype("Int64")
    frame["lag_min_days"] = lag_min.mask(overlap, 0).astype("Int64")
    status = pd.Series("ok", index=frame.index)
    status[lag_max.lt(0)] = "published before event?"
    status[frame["published_lower"].isna()] = "article undated"
    status[frame["event_lower"].isna() & frame["event_upper"].isna()] = "event undated"
    frame["lag_status"] = status
    return frame[columns].sort_values(["story_id", "claim_id"]).reset_index(drop=True)


def first_reports(claims: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """Per story: the first report(s) in the corpus and how long after the events they came.

    Columns: story_id, first_article, first_outlet, first_published, first_precision,
    earliest_event, latest_event, lag_min_days / lag_max_days (first report against the story's
    events), n_articles, n_undated (reports whose date is unknown: they could be earlier).
    """
    columns = ["story_id", "first_article", "first_outlet", "first_published", "first_precision",
               "earliest_event", "latest_event", "lag_min_days", "lag_max_days", "n_articles",
               "n_undated"]
    reports = story_reports(claims, articles)
    lags = report_lags(claims, articles)
    rows = []
    for story, group in reports.groupby("story_id", sort=True):
        first = group[group["role"] == "first report"]
        story_lags = lags[(lags["story_id"] == story) & lags["article_id"].isin(first["article_id"])]
        events = lags[lags["story_id"] == story]
        rows.append({
            "story_id": story,
            "first_article": ";".join(first["article_id"]),
            "first_outlet": ";".join(first["outlet"]),
            "first_published": first["published"].min() if len(first) else "",
            "first_precision": ";".join(first["published_precision"]),
            "earliest_event": iso(events["event_lower"].min()),
            "latest_event": iso(events["event_upper"].max()),
            "lag_min_days": story_lags["lag_min_days"].min() if len(story_lags) else pd.NA,
            "lag_max_days": story_lags["lag_max_days"].max() if len(story_lags) else pd.NA,
            "n_articles": len(group),
            "n_undated": int((group["role"] == "undated").sum()),
        })
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("lag_min_days", "lag_max_days"):
        frame[column] = frame[column].astype("Int64")
    return frame


def stance_sequence(claims: pd.DataFrame, articles: pd.DataFrame, semantics: ClaimSemantics,
                    stances: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per story, the claims in the order they were voiced: who asserted, denied, confirmed.

    Claims with one of ``stances`` (default: every stance of the codebook) are kept. A speech
    act (a claim type the codebook marks ``speech_act``, e.g. a confirmation) is dated by its
    own event date when coded ("Peskov confirmed on Monday"), otherwise by its article's
    publication date (``when_basis`` says which); undated ones come last with a blank
    ``step``. ``stance_change`` marks a step whose stance differs from the previous one's.
    """
    columns = ["story_id", "step", "when", "when_upper", "when_basis", "stance", "stance_change",
               "claim_type", "voice", "actors", "article_id", "outlet", "hedged", "claim_id",
               "quote"]
    check_claims(claims, semantics)
    stances = semantics.stances if stances is None else stances
    kept = claims[claims["stance"].isin(list(stances)) & (claims["story_id"] != "")]
    events = claim_event_bounds(kept)
    dates = publication_points(articles).set_index("article_id")
    rows = []
    for claim in events.itertuples(index=False):
        info = dates.loc[claim.article_id] if claim.article_id in dates.index else None
        own = semantics.is_speech_act(claim.claim_type) and not pd.isna(claim.event_lower)
        if own:
            lower, upper, basis = claim.event_lower, claim.event_upper, "statement date"
        elif info is not None and info["dated"]:
            lower, upper, basis = info["published_lower"], info["published_upper"], "publication"
        else:
            lower, upper, basis = pd.NaT, pd.NaT, "undated"
        rows.append({
            "story_id": claim.story_id, "when_lower": lower, "when_upper_ts": upper,
            "when_basis": basis, "stance": claim.stance, "claim_type": claim.claim_type,
            "voice": ";".join(claim_voices(claim, semantics)), "actors": claim.actors,
            "article_id": claim.article_id,
            "outlet": info["outlet"] if info is not None else UNKNOWN,
            "hedged": claim.hedged, "claim_id": claim.claim_id, "quote": claim.quote,
        })
    if not rows:
        return pd.DataFrame(columns=columns)
    frame = pd.DataFrame(rows)
    frame["when_lower"] = pd.to_datetime(frame["when_lower"])
    frame["when_upper_ts"] = pd.to_datetime(frame["when_upper_ts"])
    frame = frame.sort_values(["story_id", "when_lower", "when_upper_ts", "claim_id"],
                              na_position="last")
    parts = []
    for _, story in frame.groupby("story_id", sort=True):
        story = story.copy()
        dated = story["when_lower"].notna()
        story["step"] = pd.Series(range(1, int(dated.sum()) + 1), index=story.index[dated])
        story["stance_change"] = dated & (story["stance"] != story["stance"].where(dated).shift(1)) \
            & story["step"].gt(1)
        parts.append(story)
    frame = pd.concat(parts)
    frame["step"] = frame["step"].astype("Int64")
    frame["when"] = frame["when_lower"].map(iso)
    frame["when_upper"] = frame["when_upper_ts"].map(iso)
    return frame[columns].reset_index(drop=True)
