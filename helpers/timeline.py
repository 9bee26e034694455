"""Chapter 5: timeline of the back-channel story, from the claim coding and article dates.

Reads plain tables (``claims.csv`` and ``articles.csv`` as loaded by :mod:`helpers.claimdata`)
and returns DataFrames: events as intervals (with their precision), publication dates as points
(with theirs), the lag from event to report as a range, the first report of each story and the
sequence of assertions, denials and confirmations per story. :func:`timeline_figure` draws them,
uncertainty as bars. Undated events and articles are kept and shown as undated, never guessed.
Writes nothing.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.claimdata import UNKNOWN, article_dates, iso, split_list
from helpers.figures import CLAIM_TYPE_PALETTE, NEUTRAL, category_colours
from helpers.networks import SPEECH_CLAIM_TYPES, claim_event_bounds, claim_voices, story_reports

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


def stance_sequence(claims: pd.DataFrame, articles: pd.DataFrame,
                    stances: tuple[str, ...] = ("asserted", "denied", "confirmed")) -> pd.DataFrame:
    """Per story, the claims in the order they were voiced: who asserted, denied, confirmed.

    A denial/confirmation/statement is dated by its own event date when coded ("Peskov
    confirmed on Monday"), otherwise by its article's publication date (``when_basis`` says
    which); undated ones come last with a blank ``step``. ``stance_change`` marks a step whose
    stance differs from the previous one's.
    """
    columns = ["story_id", "step", "when", "when_upper", "when_basis", "stance", "stance_change",
               "claim_type", "voice", "actors", "article_id", "outlet", "hedged", "claim_id",
               "quote"]
    kept = claims[claims["stance"].isin(stances) & (claims["story_id"] != "")]
    events = claim_event_bounds(kept)
    dates = publication_points(articles).set_index("article_id")
    rows = []
    for claim in events.itertuples(index=False):
        info = dates.loc[claim.article_id] if claim.article_id in dates.index else None
        own = claim.claim_type in SPEECH_CLAIM_TYPES and not pd.isna(claim.event_lower)
        if own:
            lower, upper, basis = claim.event_lower, claim.event_upper, "statement date"
        elif info is not None and info["dated"]:
            lower, upper, basis = info["published_lower"], info["published_upper"], "publication"
        else:
            lower, upper, basis = pd.NaT, pd.NaT, "undated"
        rows.append({
            "story_id": claim.story_id, "when_lower": lower, "when_upper_ts": upper,
            "when_basis": basis, "stance": claim.stance, "claim_type": claim.claim_type,
            "voice": ";".join(claim_voices(claim)), "actors": claim.actors,
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


def _lane_order(events: pd.DataFrame, reports: pd.DataFrame, lane: str) -> list[str]:
    """Lanes sorted by their earliest known date (events or reports), undated lanes last."""
    first: dict[str, pd.Timestamp] = {}
    for name, group in events.groupby(lane):
        first[name] = group["event_lower"].min()
    for name, group in reports.groupby("lane"):
        value = group["published_lower"].min()
        if name not in first or pd.isna(first[name]) or (not pd.isna(value) and value < first[name]):
            first[name] = value
    far = pd.Timestamp.max
    return sorted(first, key=lambda name: (far if pd.isna(first[name]) else first[name], name))


def timeline_figure(claims: pd.DataFrame, articles: pd.DataFrame, lane: str = "story_id",
                    title: str = "Events and reports",
                    claim_types: list[str] | None = None) -> plt.Figure:
    """Timeline: one lane per story (``lane="story_id"``) or actor pair (``"pair"``).

    Each coded event is a bar from its earliest to its latest possible day (colour = claim
    type, hatched when the claim is denied); publications of the articles reporting it are
    markers above the bars (a line shows a publication date known only to the month or year).
    Events and articles without a date appear in an "undated" column on the right.
    ``claim_types`` (e.g. the codebook's) fixes the colour of each type across figures.
    """
    if lane not in LANE_KINDS:
        raise ValueError(f"lane must be one of {LANE_KINDS}, not {lane!r}")
    events = event_intervals(claims)
    dates = publication_points(articles).set_index("article_id")
    report_rows = []
    for (name, article_id), _ in events.groupby([lane, "article_id"], sort=True):
        info = dates.loc[article_id] if article_id in dates.index else None
        report_rows.append({
            "lane": name, "article_id": article_id,
            "outlet": info["outlet"] if info is not None else UNKNOWN,
            "published_lower": info["published_lower"] if info is not None else pd.NaT,
            "published_upper": info["published_upper"] if info is not None else pd.NaT,
        })
    reports = pd.DataFrame(report_rows, columns=["lane", "article_id", "outlet",
                                                 "published_lower", "published_upper"])
    reports["published_lower"] = pd.to_datetime(reports["published_lower"])
    reports["published_upper"] = pd.to_datetime(reports["published_upper"])
    lanes = _lane_order(events, reports, lane)
    y_of = {name: index for index, name in enumerate(lanes)}
    type_colours = category_colours(events["claim_type"].replace("", UNKNOWN),
                                    palette=CLAIM_TYPE_PALETTE, order=claim_types)
    outlets = sorted(set(reports["outlet"]))
    # One marker per outlet while a reader can tell them apart; beyond that, one for all.
    shapes = ["v", "D", "s", "^", "P", "X", "*", "<"]
    outlet_markers = dict(zip(outlets, shapes)) if len(outlets) <= len(shapes) else \
        {outlet: "v" for outlet in outlets}

    height = max(2.5, 0.7 * len(lanes) + 1.6)
    fig, (ax, undated_ax) = plt.subplots(
        1, 2, figsize=(11, height), sharey=True, gridspec_kw={"width_ratios": [9, 1]})
    ax.set_title(title)
    known = pd.concat([events["event_lower"], events["event_upper"], reports["published_lower"],
                       reports["published_upper"]]).dropna()
    span_days = (known.max() - known.min()).days if len(known) else 0
    # Day-precise events would be invisible hairlines on a multi-year axis: give bars a minimum
    # visible width (centred on the day), wide enough to see, far narrower than a month.
    min_width = max(1.0, span_days / 200)
    for name, group in events.groupby(lane, sort=True):
        y = y_of[name]
        dated = group[group["dated"]].reset_index(drop=True)
        for i, event in dated.iterrows():
            offset = -0.32 + 0.3 * (i / max(1, len(dated) - 1)) if len(dated) > 1 else -0.17
            colour = type_colours[event["claim_type"] or UNKNOWN]
            if event["open_interval"]:
                # Only one bound is known: a dotted line from that bound to the edge of the
                # period shown, ending in a tick at the known bound.
                bound = event["event_upper"] if pd.isna(event["event_lower"]) else event["event_lower"]
                edge = known.min() if pd.isna(event["event_lower"]) else known.max()
                ax.plot([edge, bound], [y + offset] * 2, linestyle=":", linewidth=2.2, color=colour)
                ax.plot([bound], [y + offset], marker="|", markersize=9, color=colour)
                continue
            lower, upper = event["event_lower"], event["event_upper"]
            width = (upper - lower).days + 1
            left = lower if width >= min_width else lower - pd.Timedelta(days=(min_width - width) / 2)
            ax.barh(y + offset, max(width, min_width), left=left, height=0.14,
                    color=colour, alpha=0.85,
                    hatch="///" if event["stance"] == "denied" else None,
                    edgecolor="black", linewidth=0.4)
        n_undated = int((~group["dated"]).sum())
        if n_undated:
            undated_ax.scatter([0.3], [y - 0.17], marker="s", s=60, color=NEUTRAL,
                               edgecolors="black", linewidths=0.5)
            undated_ax.annotate(f"{n_undated} event{'s' * (n_undated > 1)}", (0.3, y - 0.17),
                                xytext=(6, 0), textcoords="offset points", va="center",
                                fontsize=8)
    undated_seen: dict[str, int] = {}
    for report in reports.itertuples(index=False):
        y = y_of[report.lane] + 0.22
        marker = outlet_markers[report.outlet]
        if pd.isna(report.published_lower):
            # Side by side, so several undated articles of one lane stay countable.
            slot = undated_seen[report.lane] = undated_seen.get(report.lane, -1) + 1
            undated_ax.scatter([0.3 + 0.22 * slot], [y], marker=marker, s=45, facecolors="white",
                               edgecolors="black", linewidths=1.0)
            continue
        if report.published_upper > report.published_lower:
            ax.plot([report.published_lower, report.published_upper + pd.Timedelta(days=1)],
                    [y, y], color="black", linewidth=1.2)
        ax.scatter([report.published_lower], [y], marker=marker, s=45, color="black", zorder=4)
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(len(lanes) - 0.5, -0.6)
    ax.set_xlabel("date (bars: when the event can have happened; markers: publication)")
    ax.set_ylabel("story" if lane == "story_id" else "actors")
    ax.xaxis.set_major_locator(mdates.AutoDateLocator(minticks=4, maxticks=10))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    undated_ax.set_title("undated", fontsize=10)
    undated_ax.set_xlim(0, max(1.6, 0.6 + 0.22 * max(undated_seen.values(), default=0)))
    undated_ax.set_xticks([])
    undated_ax.tick_params(axis="y", left=False)
    undated_ax.spines["left"].set_visible(False)
    handles = [Patch(facecolor=c, edgecolor="black", linewidth=0.4, label=t)
               for t, c in sorted(type_colours.items())]
    handles.append(Patch(facecolor="white", edgecolor="black", hatch="///", label="denied"))
    if events["open_interval"].any():
        handles.append(Line2D([], [], linestyle=":", linewidth=2.2, color="black",
                              label="only one bound (before / after)"))
    if len(set(outlet_markers.values())) > 1:
        handles += [Line2D([], [], marker=outlet_markers[o], linestyle="", color="black",
                           label=f"published: {o}") for o in outlets]
    else:
        handles.append(Line2D([], [], marker="v", linestyle="", color="black",
                              label="publication"))
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="white",
                          markeredgecolor="black", label="publication undated"))
    undated_ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.05, 1.0),
                      title="claim type / report")
    return fig


def lag_figure(lags: pd.DataFrame, title: str = "Lag from event to report",
               claim_types: list[str] | None = None) -> plt.Figure:
    """One row per dated claim: a bar from the shortest to the longest possible lag in days,
    coloured by claim type (colours fixed by ``claim_types`` as in :func:`timeline_figure`);
    claims that cannot be placed are counted in the subtitle."""
    usable = lags[(lags["lag_status"] == "ok") & lags["lag_min_days"].notna()]\
        .sort_values(["story_id", "claim_id"])
    colours = category_colours(lags["claim_type"].replace("", UNKNOWN),
                               palette=CLAIM_TYPE_PALETTE, order=claim_types)
    fig, ax = plt.subplots(figsize=(9, max(2.5, 0.3 * len(usable) + 1.5)))
    labels = []
    longest = max([int(v) for v in usable["lag_max_days"].dropna()] +
                  [int(v) for v in usable["lag_min_days"]], default=1)
    min_width = max(0.8, longest / 150)  # a same-day report stays visible
    for y, row in enumerate(usable.itertuples(index=False)):
        low = int(row.lag_min_days)
        if pd.isna(row.lag_max_days):  # event only known to be "before" a date: no maximum
            ax.plot([low, max(longest, low + min_width) * 1.05], [y, y], linestyle=":",
                    linewidth=3, color=colours[row.claim_type or UNKNOWN])
            ax.plot([low], [y], marker="|", markersize=10, color=colours[row.claim_type or UNKNOWN])
            labels.append(f"{row.story_id} · {row.claim_id}")
            continue
        high = int(row.lag_max_days)
        ax.barh(y, max(high - low, min_width), left=low, height=0.6,
                color=colours[row.claim_type or UNKNOWN], edgecolor="black", linewidth=0.4)
        labels.append(f"{row.story_id} · {row.claim_id}")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    n_unplaced = len(lags) - len(usable)
    ax.set_title(f"{title}\n({len(usable)} claims; {n_unplaced} without a usable date not shown)")
    ax.set_xlabel("days between event and publication (bar = possible range)")
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.legend(handles=[Patch(facecolor=c, edgecolor="black", linewidth=0.4, label=t)
                       for t, c in sorted(colours.items())], title="claim type",
              loc="upper left", bbox_to_anchor=(1.02, 1.0))
    return fig
