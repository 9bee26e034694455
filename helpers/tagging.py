"""A claim-tagging form for JupyterLab (ipywidgets), built from plain data.

Reads the articles table, the actors registry, the codebook and a claim store path; shows an
article's sentences with their suggested hedging/attribution markers, lets the coder pick a
sentence (or paste a quote), fill the fields from drop-downs and save. Saving goes through
``helpers.claims.add_claim`` (validated, atomic, never drops rows); merely displaying the form
writes nothing. Without ipywidgets, ``ClaimTagger`` still builds and ``form_to_claim`` /
``add_claim`` do the same work from plain dicts (the CSV-editing path is in the notebook).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from helpers import claims as claim_store
from helpers import hedging


def form_to_claim(values: Mapping[str, object]) -> dict[str, str]:
    """Turn the form's values (lists for multi-selects, dates or strings) into a claim dict
    with the store's columns; empty fields become empty strings."""
    claim: dict[str, str] = {}
    for column in claim_store.CLAIM_COLUMNS:
        value = values.get(column, "")
        if isinstance(value, (list, tuple)):
            value = claim_store.join_list(str(v) for v in value)
        elif value is None:
            value = ""
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        claim[column] = str(value).strip()
    return claim


def period_fields(text: str, languages: list[str] | None = None, reference=None) -> dict[str, str]:
    """The three date fields for a written period ("fin 2023"), or all empty + 'unknown'."""
    period = claim_store.parse_period(text, languages, reference) if text.strip() else None
    if period is None:
        return {"event_start": "", "event_end": "", "date_precision": "unknown"}
    return period.as_row()


def article_label(record: Mapping[str, object]) -> str:
    """Drop-down label for an article: outlet or file name, then the first words."""
    text = str(record.get("body") or record.get("text") or "")
    first_line = next((line.strip() for line in text.split("\n") if line.strip()), "")
    source = str(record.get("outlet") or record.get("source_path") or record["article_id"])
    return f"{source}: {first_line[:60]}"


class ClaimTagger:
    """The tagging form. ``ClaimTagger(...).widget`` is the ipywidgets box; displaying the
    tagger shows it (with a one-line text fallback outside a live notebook)."""

    def __init__(
        self,
        articles: pd.DataFrame,
        registry: claim_store.ActorRegistry | Path | str,
        codebook: Mapping,
        store_path: Path | str,
        coder: str,
        outlet_names: Iterable[str] = (),
        id_prefix: str = "c",
    ):
        self.articles = articles
        self.bodies = claim_store.article_bodies(articles)
        self.registry = claim_store.load_registry(registry)
        self.codebook = codebook
        self.store_path = Path(store_path)
        self.coder = coder
        self.outlet_names = sorted(outlet_names)
        self.id_prefix = id_prefix
        self.languages = (dict(zip(articles["article_id"], articles["language"]))
                          if "language" in articles.columns else {})
        self.widget = self._build()

    def attribution_options(self) -> list[str]:
        """Choices offered for attributed_to: outlets, attribution labels, actors."""
        return list(dict.fromkeys([*self.outlet_names, *self.codebook["attribution_labels"],
                                   *self.registry.canonical]))

    def story_options(self) -> list[str]:
        """Story ids already used in the store (for grouping across articles)."""
        existing = claim_store.read_claims(self.store_path, missing_ok=True)
        return sorted(set(existing["story_id"]) - {""})

    def language_of(self, article_id: str) -> str:
        """The article's language (column ``language`` when present, else detected)."""
        language = self.languages.get(article_id) or ""
        return language or hedging.detect_language(self.bodies[article_id])

    def _build(self):
        import ipywidgets as w

        ids = list(self.articles["article_id"])
        labels = [article_label(r) for r in self.articles.to_dict("records")]
        layout = w.Layout(width="95%")
        self.article = w.Dropdown(options=list(zip(labels, ids)), description="article", layout=layout)
        self.sentences = w.Select(options=[], rows=8, description="sentence", layout=layout)
        self.quote = w.Textarea(description="quote", placeholder="pick a sentence, trim it, or paste a quote",
                                layout=layout)
        self.markers = w.HTML()
        self.claim_type = w.Dropdown(options=claim_store.claim_types(self.codebook), description="claim_type")
        self.stance = w.Dropdown(options=list(self.codebook["stances"]), description="stance")
        self.hedged = w.Dropdown(options=["no", "yes"], description="hedged")
        self.actors = w.TagsInput(allowed_tags=self.registry.canonical, allow_duplicates=False)
        self.target_actors = w.TagsInput(allowed_tags=self.registry.canonical, allow_duplicates=False)
        # Without an outlets registry any outlet name may be typed (validation still checks it).
        self.attributed_to = w.TagsInput(allowed_tags=self.attribution_options() if self.outlet_names else [],
                                         allow_duplicates=False)
        self.place = w.Text(description="place")
        self.period = w.Text(description="period", placeholder="avril 2023, fin 2023, Ende 2023")
        self.event_start = w.Text(description="event_start", placeholder="YYYY-MM-DD")
        self.event_end = w.Text(description="event_end", placeholder="YYYY-MM-DD")
        self.date_precision = w.Dropdown(options=list(self.codebook["date_precisions"]),
                                         value="unknown", description="precision")
        self.story_id = w.Combobox(options=self.story_options(), description="story_id")
        self.notes = w.Textarea(description="notes", layout=layout)
        self.save_button = w.Button(description="Save claim", button_style="primary")
        self.message = w.HTML()

        self.article.observe(lambda change: self.show_article(change["new"]), names="value")
        self.sentences.observe(lambda change: self._pick_sentence(change["new"]), names="value")
        self.quote.observe(lambda change: self._show_markers(), names="value")
        self.period.observe(lambda change: self._fill_period(), names="value")
        self.save_button.on_click(lambda _: self.save())
        if ids:
            self.show_article(ids[0])
        return w.VBox([
            self.article, self.sentences, self.quote, self.markers,
            w.HBox([self.claim_type, self.stance, self.hedged]),
            w.HBox([w.Label("actors"), self.actors]), w.HBox([w.Label("target_actors"), self.target_actors]),
            w.HBox([w.Label("attributed_to"), self.attributed_to]),
            w.HBox([self.place, self.story_id]),
            w.HBox([self.period, self.event_start, self.event_end, self.date_precision]),
            self.notes, self.save_button, self.message,
        ])

    def show_article(self, article_id: str) -> None:
        """Fill the sentence list with the article's sentences and their markers."""
        table = hedging.sentence_markers(self.bodies[article_id], self.language_of(article_id))
        options = []
        for row in table.to_dict("records"):
            flag = "[hedged?] " if row["hedged_suggested"] else ""
            markers = f"  <{row['markers']}>" if row["markers"] else ""
            options.append((f"{flag}{row['sentence'][:110]}{markers}", (row["start"], row["end"])))
        self.sentences.options = options

    def _pick_sentence(self, span) -> None:
        if span:
            self.quote.value = self.bodies[self.article.value][span[0]:span[1]]

    def _show_markers(self) -> None:
        language = self.language_of(self.article.value)
        found = hedging.markers_for_quote(self.quote.value, language)
        self.hedged.value = "yes" if hedging.suggests_hedged(found) else "no"
        described = ", ".join(f"<b>{m.text}</b> ({m.kind}{'; ' + m.caveat if m.caveat else ''})" for m in found)
        self.markers.value = f"markers: {described}" if found else "markers: none"

    def _fill_period(self) -> None:
        fields = period_fields(self.period.value, [self.language_of(self.article.value)])
        self.event_start.value, self.event_end.value = fields["event_start"], fields["event_end"]
        self.date_precision.value = fields["date_precision"]

    def values(self) -> dict[str, object]:
        """The form's current values, keyed by claim-store column."""
        return {
            "article_id": self.article.value, "coder": self.coder, "story_id": self.story_id.value,
            "quote": self.quote.value, "claim_type": self.claim_type.value,
            "actors": list(self.actors.value), "target_actors": list(self.target_actors.value),
            "place": self.place.value, "event_start": self.event_start.value,
            "event_end": self.event_end.value, "date_precision": self.date_precision.value,
            "attributed_to": list(self.attributed_to.value), "hedged": self.hedged.value,
            "stance": self.stance.value, "notes": self.notes.value,
        }

    def save(self) -> dict[str, str] | None:
        """Validate and append the form's claim to the store; shows the result in the form."""
        try:
            row = claim_store.add_claim(self.store_path, form_to_claim(self.values()), self.articles,
                                        self.registry, self.codebook, self.outlet_names, self.id_prefix)
        except claim_store.ClaimValidationError as error:
            self.message.value = "<br>".join(f"&#10007; {p.field}: {p.message}" for p in error.problems)
            return None
        self.message.value = f"&#10003; saved {row['claim_id']} ({row['start']}-{row['end']}) to {self.store_path.name}"
        self.story_id.options = self.story_options()
        return row

    def __repr__(self) -> str:
        return (f"ClaimTagger: {len(self.bodies)} articles, {len(claim_store.claim_types(self.codebook))} "
                f"claim types, {len(self.registry.canonical)} actors; saves to {self.store_path.name} "
                "(the form needs a live JupyterLab kernel)")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = repr(self)
        return bundle
