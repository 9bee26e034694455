"""A claim-tagging workbench for JupyterLab (ipywidgets), built from plain data.

Reads the articles table, the actors registry (and ``outlets.csv`` beside it, as ``claims
validate`` does), the codebook and one coder's claim store. Shows an article with the spans
already coded highlighted, its sentences with suggested hedging/attribution markers, the coder's
claims on it (to edit or delete), and a form; saving goes through ``helpers.claimstore``
(``add_claim`` / ``edit_claim`` / ``delete_claim``: locked, validated by
``helpers.claims.validate_claim`` exactly as ``claims validate``, duplicates refused, history
kept). Displaying the form writes nothing.

Each coder writes their own store (``claims_<coder>.csv`` beside the shipped coding by
default); the shipped sample stores are read-only for the form unless
``allow_reference_edit=True``. Every text that reaches an HTML widget (article, quote, names,
messages) is escaped, so a scraped article cannot run script in JupyterLab.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from helpers import claims as claim_store
from helpers import claimstore, hedging, paths


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


# --------------------------------------------------------------------------------------------
# Names, stores and HTML
# --------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    """``value`` as HTML text: ``& < >`` escaped (quotes kept readable: they are inert outside
    attributes)."""
    return html.escape(str(value), quote=False)



def _folded(name: str) -> str:
    """Case- and accent-insensitive form of a name ('Sergueï' ~ 'sergueі')."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def resolve_name(name: str, registry: claim_store.ActorRegistry) -> str | None:
    """The canonical actor for a typed name: itself, an alias from the registry (the article's
    own spelling, e.g. 'Sergueï Lavrov'), or the same ignoring case and accents; else None."""
    name = " ".join(str(name).split())
    if name in registry:
        return name
    if name in registry.aliases:
        return registry.aliases[name]
    folded = _folded(name)
    matches = {canonical for canonical in registry.canonical if _folded(canonical) == folded}
    matches |= {canonical for alias, canonical in registry.aliases.items() if _folded(alias) == folded}
    return matches.pop() if len(matches) == 1 else None


def nearest_names(name: str, choices: Iterable[str], limit: int = 3, min_score: float = 60.0) -> list[str]:
    """Up to ``limit`` choices closest to ``name`` (rapidfuzz WRatio), best first."""
    from rapidfuzz import fuzz, process, utils

    found = process.extract(name, list(dict.fromkeys(choices)), scorer=fuzz.WRatio,
                            processor=utils.default_process, limit=limit)
    return [choice for choice, score, _ in found if score >= min_score]


def coder_store_path(coder: str, annotations_dir: Path | str = paths.ANNOTATIONS_DIR) -> Path:
    """A coder's own claim store: ``claims_<coder>.csv`` in the annotations folder."""
    safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in coder.strip())
    if not safe:
        raise ValueError("say who is coding: coder must not be empty")
    return Path(annotations_dir) / f"claims_{safe}.csv"


def is_reference_store(path: Path | str) -> bool:
    """True for the shipped sample coding (``data/annotations/claims.csv`` and the stores in
    ``data/annotations/agreement/``), which the form does not write unless asked."""
    path = Path(path).resolve()
    shipped = paths.ANNOTATIONS_DIR.resolve()
    return path == shipped / "claims.csv" or path.parent == shipped / "agreement"


def highlighted_article(body: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """The article body as escaped HTML, with each coded span ``(start, end, label)`` marked
    (overlapping spans are merged into one mark listing their labels)."""
    merged: list[list] = []
    for start, end, label in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    parts, position = [], 0
    for start, end, labels in merged:
        parts.append(_text(body[position:start]))
        title = html.escape(", ".join(labels), quote=True)  # an attribute: quotes escaped too
        parts.append(f'<mark title="{title}">{_text(body[start:end])}</mark>'
                     f'<sup>{_text(", ".join(labels))}</sup>')
        position = end
    parts.append(_text(body[position:]))
    return ('<div style="white-space: pre-wrap; max-height: 24em; overflow-y: auto; '
            'border: 1px solid #ccc; padding: 0.5em">' + "".join(parts) + "</div>")


# --------------------------------------------------------------------------------------------
# The form
# --------------------------------------------------------------------------------------------


class ClaimTagger:
    """The tagging workbench. ``ClaimTagger(...).widget`` is the ipywidgets box; displaying
    the tagger shows it (with a one-line text fallback outside a live notebook).

    ``store_path`` defaults to the coder's own file (``coder_store_path``); the shipped sample
    coding is refused unless ``allow_reference_edit``. ``outlet_names`` defaults to the
    registry folder's ``outlets.csv``, as for ``claims validate``.
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        registry: claim_store.ActorRegistry | Path | str,
        codebook: Mapping,
        store_path: Path | str | None = None,
        coder: str = "",
        outlet_names: Iterable[str] | None = None,
        id_prefix: str = "c",
        annotations_dir: Path | str = paths.ANNOTATIONS_DIR,
        allow_reference_edit: bool = False,
        story_candidates: pd.DataFrame | Path | str | None = None,
    ):
        if not str(coder).strip():
            raise ValueError("say who is coding: ClaimTagger(..., coder='your initials')")
        self.coder = str(coder).strip()
        self.store_path = Path(store_path) if store_path is not None else coder_store_path(self.coder, annotations_dir)
        if is_reference_store(self.store_path) and not allow_reference_edit:
            raise ValueError(
                f"{self.store_path} is the shipped reference coding, read-only for the form; code into "
                f"your own file ({coder_store_path(self.coder, annotations_dir).name}, the default) or pass "
                "allow_reference_edit=True")
        if outlet_names is None:
            outlet_names = [] if isinstance(registry, claim_store.ActorRegistry) else \
                claim_store.load_outlet_names(Path(registry).parent if Path(registry).suffix == ".csv" else registry)
        self.articles = articles
        self.bodies = claim_store.article_bodies(articles)
        self.registry = claim_store.load_registry(registry)
        self.codebook = codebook
        self.outlet_names = sorted(outlet_names)
        self.id_prefix = id_prefix
        self.editing: str | None = None  # claim id loaded into the form for editing
        if story_candidates is not None and not isinstance(story_candidates, pd.DataFrame):
            story_candidates = pd.read_csv(story_candidates, dtype=str, keep_default_na=False)
        self.story_candidates = story_candidates
        self.languages = (dict(zip(articles["article_id"], articles["language"]))
                          if "language" in articles.columns else {})
        self.widget = self._build()

    # ---------------------------------------------------------------- data

    def attribution_options(self) -> list[str]:
        """Choices offered for attributed_to: outlets, attribution labels, actors."""
        return list(dict.fromkeys([*self.outlet_names, *self.codebook["attribution_labels"],
                                   *self.registry.canonical]))

    def stored_claims(self) -> pd.DataFrame:
        """The coder's store as it is on disk now (empty when not created yet)."""
        return claim_store.read_claims(self.store_path, missing_ok=True)

    def story_options(self) -> list[str]:
        """Story ids already used in the store (for grouping across articles)."""
        return sorted(set(self.stored_claims()["story_id"]) - {""})

    def claims_on_article(self, article_id: str) -> pd.DataFrame:
        """This store's claims on one article, in text order."""
        claims = self.stored_claims()
        claims = claims[claims["article_id"] == article_id]
        return claims.assign(_start=pd.to_numeric(claims["start"], errors="coerce")).sort_values("_start").drop(columns="_start")

    def language_of(self, article_id: str) -> str:
        """The article's language (column ``language`` when present, else detected)."""
        language = self.languages.get(article_id) or ""
        return language or hedging.detect_language(self.bodies[article_id])

    def unknown_names(self) -> dict[str, list[str]]:
        """Per list field, the names in the form the validator would reject (actors not in the
        registry; sources neither outlet, label nor actor when outlets are known)."""
        unknown = {field: [n for n in getattr(self, field).value if n not in self.registry]
                   for field in ("actors", "target_actors")}
        allowed = set(self.attribution_options())
        unknown["attributed_to"] = [n for n in self.attributed_to.value if n not in allowed] if self.outlet_names else []
        return {field: names for field, names in unknown.items() if names}

    # ---------------------------------------------------------------- widgets

    def _build(self):
        import ipywidgets as w

        ids = list(self.articles["article_id"])
        labels = [article_label(r) for r in self.articles.to_dict("records")]
        layout = w.Layout(width="95%")
        self.article = w.Dropdown(options=list(zip(labels, ids)), description="article", layout=layout)
        self.article_view = w.HTML(layout=layout)
        self.my_claims = w.Select(options=[], rows=5, description="my claims", layout=layout)
        self.edit_button = w.Button(description="Edit selected")
        self.delete_button = w.Button(description="Delete selected", button_style="danger")
        self.next_button = w.Button(description="Next uncoded sentence")
        self.sentences = w.Select(options=[], rows=8, description="sentence", layout=layout)
        self.quote = w.Textarea(description="quote", placeholder="pick a sentence, trim it, or paste a quote",
                                layout=layout)
        self.markers = w.HTML()
        self.claim_type = w.Dropdown(options=claim_store.claim_types(self.codebook), description="claim_type")
        self.stance = w.Dropdown(options=list(self.codebook["stances"]), description="stance")
        self.hedged = w.Dropdown(options=["no", "yes"], description="hedged")
        # Free typing (an empty allowed list): a restricted box silently drops an alias typed in the
        # article's spelling; aliases are turned into canonical names, unknown names are flagged.
        self.actors = w.TagsInput(allowed_tags=[], allow_duplicates=False)
        self.target_actors = w.TagsInput(allowed_tags=[], allow_duplicates=False)
        self.attributed_to = w.TagsInput(allowed_tags=[], allow_duplicates=False)
        self.names = w.HTML()
        self.suggestions = w.HBox([])
        self.place = w.Text(description="place")
        self.period = w.Text(description="period", placeholder="avril 2023, fin 2023, Ende 2023")
        self.event_start = w.Text(description="event_start", placeholder="YYYY-MM-DD")
        self.event_end = w.Text(description="event_end", placeholder="YYYY-MM-DD")
        self.date_precision = w.Dropdown(options=list(self.codebook["date_precisions"]),
                                         value="unknown", description="precision")
        self.story_id = w.Combobox(options=self.story_options(), description="story_id")
        # A suggestion only: the candidate reaches story_id when the coder clicks, never by itself.
        self.story_hint = w.HTML()
        self.story_button = w.Button(description="Use suggested story",
                                     layout=w.Layout(display="none"))
        self.notes = w.Textarea(description="notes", layout=layout)
        self.save_button = w.Button(description="Save claim", button_style="primary")
        self.clear_button = w.Button(description="Clear form")
        self.message = w.HTML()

        # Stable CSS classes (bc-<name>) so a browser test, or a course's custom CSS, can find them.
        for name in ("article", "article_view", "my_claims", "edit_button", "delete_button", "next_button",
                     "sentences", "quote", "markers", "claim_type", "stance", "hedged", "actors",
                     "target_actors", "attributed_to", "names", "suggestions", "place", "period",
                     "event_start", "event_end", "date_precision", "story_id", "story_hint",
                     "story_button", "notes", "save_button", "clear_button", "message"):
            getattr(self, name).add_class("bc-" + name.replace("_", "-"))

        self.article.observe(lambda change: self.show_article(change["new"]), names="value")
        self.sentences.observe(lambda change: self._pick_sentence(change["new"]), names="value")
        self.quote.observe(lambda change: self._show_markers(), names="value")
        self.period.observe(lambda change: self._fill_period(), names="value")
        for field in ("actors", "target_actors", "attributed_to"):
            getattr(self, field).observe(lambda change, field=field: self._resolve_names(field), names="value")
        self.save_button.on_click(lambda _: self.save())
        self.clear_button.on_click(lambda _: self.clear())
        self.edit_button.on_click(lambda _: self.load_claim(self.my_claims.value))
        self.delete_button.on_click(lambda _: self.delete(self.my_claims.value))
        self.next_button.on_click(lambda _: self.next_uncoded_sentence())
        self.story_button.on_click(lambda _: self.use_suggested_story())
        if ids:
            self.show_article(ids[0])
        return w.VBox([
            w.HTML(f"coder <b>{_text(self.coder)}</b>, saving to <code>{_text(str(self.store_path))}</code>"),
            self.article, self.article_view,
            self.my_claims, w.HBox([self.edit_button, self.delete_button, self.next_button]),
            self.sentences, self.quote, self.markers,
            w.HBox([self.claim_type, self.stance, self.hedged]),
            w.HBox([w.Label("actors"), self.actors]), w.HBox([w.Label("target_actors"), self.target_actors]),
            w.HBox([w.Label("attributed_to"), self.attributed_to]),
            self.names, self.suggestions,
            w.HBox([self.place, self.story_id, self.story_button]), self.story_hint,
            w.HBox([self.period, self.event_start, self.event_end, self.date_precision]),
            self.notes, w.HBox([self.save_button, self.clear_button]), self.message,
        ])

    def html_values(self) -> dict[str, str]:
        """Every HTML widget's current value, by name (what the browser renders as markup)."""
        import ipywidgets as w

        def walk(widget):
            yield widget
            for child in getattr(widget, "children", ()):
                yield from walk(child)

        named = {id(value): name for name, value in vars(self).items() if isinstance(value, w.Widget)}
        return {named.get(id(widget), f"html{index}"): widget.value
                for index, widget in enumerate(walk(self.widget)) if isinstance(widget, w.HTML)}

    # ---------------------------------------------------------------- showing

    def suggested_story(self, article_id: str) -> str:
        """The story candidate suggested for the article ("" when none)."""
        table = self.story_candidates
        if table is None or "story_candidate" not in table:
            return ""
        found = table.loc[table["article_id"] == article_id, "story_candidate"]
        return str(found.iloc[0]) if len(found) else ""

    def use_suggested_story(self) -> None:
        """The coder accepts the suggestion: copy it into the story_id box (saved with the claim)."""
        suggestion = self.suggested_story(self.article.value)
        if suggestion:
            self.story_id.value = suggestion

    def show_article(self, article_id: str) -> None:
        """Show the article with its coded spans, the coder's claims on it and its sentences."""
        from helpers.stories import candidate_suggestion

        hint = candidate_suggestion(self.story_candidates, article_id)
        self.story_hint.value = f"<i>{_text(hint)}</i> (a suggestion: click to use it)" if hint else ""
        self.story_button.layout.display = "" if hint else "none"
        body = self.bodies[article_id]
        claims = self.claims_on_article(article_id)
        spans = [(int(s), int(e), c) for s, e, c in zip(claims["start"], claims["end"], claims["claim_id"])
                 if str(s).isdigit() and str(e).isdigit()]
        self.article_view.value = highlighted_article(body, spans)
        self.my_claims.options = [(f"{c['claim_id']} {c['claim_type']}: {c['quote'][:80]}", c["claim_id"])
                                  for c in claims.to_dict("records")]
        table = hedging.sentence_markers(body, self.language_of(article_id))
        options = []
        for row in table.to_dict("records"):
            flag = "[hedged?] " if row["hedged_suggested"] else ""
            markers = f"  <{row['markers']}>" if row["markers"] else ""
            options.append((f"{flag}{row['sentence'][:110]}{markers}", (row["start"], row["end"])))
        self.sentences.options = options

    def next_uncoded_sentence(self) -> tuple[int, int] | None:
        """Select the next sentence (after the current one, wrapping round) that no claim of this
        store overlaps; returns its span, or None when every sentence is coded."""
        claims = self.claims_on_article(self.article.value)
        coded = [(int(s), int(e)) for s, e in zip(claims["start"], claims["end"]) if str(s).isdigit() and str(e).isdigit()]
        spans = [span for _, span in self.sentences.options]
        current = spans.index(self.sentences.value) + 1 if self.sentences.value in spans else 0
        for span in spans[current:] + spans[:current]:
            if not any(start < span[1] and span[0] < end for start, end in coded):
                self.sentences.value = span
                return span
        self.message.value = "every sentence of this article overlaps a coded claim"
        return None

    def _pick_sentence(self, span) -> None:
        if span:
            self.quote.value = self.bodies[self.article.value][span[0]:span[1]]

    def _show_markers(self) -> None:
        language = self.language_of(self.article.value)
        found = hedging.markers_for_quote(self.quote.value, language)
        self.hedged.value = "yes" if hedging.suggests_hedged(found) else "no"
        described = ", ".join(
            f"<b>{_text(m.text)}</b> ({_text(m.kind)}{'; ' + _text(m.caveat) if m.caveat else ''})"
            for m in found)
        self.markers.value = f"markers: {described}" if found else "markers: none"

    def _fill_period(self) -> None:
        fields = period_fields(self.period.value, [self.language_of(self.article.value)])
        self.event_start.value, self.event_end.value = fields["event_start"], fields["event_end"]
        self.date_precision.value = fields["date_precision"]

    def _resolve_names(self, field: str) -> None:
        """Turn aliases typed in a name box into canonical names; flag the rest with the nearest
        registered names as buttons that replace them."""
        box = getattr(self, field)
        resolved = list(dict.fromkeys(resolve_name(name, self.registry) or name for name in box.value))
        if resolved != list(box.value):
            box.value = resolved  # observed again; the second pass changes nothing
            return
        self._show_unknown_names()

    def _show_unknown_names(self) -> None:
        import ipywidgets as w

        unknown = self.unknown_names()
        lines, buttons = [], []
        for field, names in unknown.items():
            choices = self.registry.canonical if field != "attributed_to" else self.attribution_options()
            lookup = {**{c: c for c in choices}, **self.registry.aliases}
            for name in names:
                near = list(dict.fromkeys(lookup[n] for n in nearest_names(name, lookup) if lookup[n] in choices))
                lines.append(f"&#10007; {_text(field)}: {_text(name)!r} is not registered"
                             + (f"; nearest: {_text(', '.join(near))}" if near else ""))
                for choice in near:
                    button = w.Button(description=f"{name} → {choice}", tooltip=f"use {choice} in {field}")
                    button.on_click(lambda _, f=field, n=name, c=choice: self.replace_name(f, n, c))
                    buttons.append(button)
        self.names.value = "<br>".join(lines)
        self.suggestions.children = buttons

    def replace_name(self, field: str, name: str, choice: str) -> None:
        """Replace ``name`` by ``choice`` in a name box (a suggestion button's action)."""
        box = getattr(self, field)
        box.value = list(dict.fromkeys(choice if value == name else value for value in box.value))

    # ---------------------------------------------------------------- saving

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

    def _show_problems(self, problems: Iterable[claim_store.ClaimProblem]) -> None:
        self.message.value = "<br>".join(f"&#10007; {_text(p.field)}: {_text(p.message)}"
                                         for p in problems)
        self._show_unknown_names()

    def save(self) -> dict[str, str] | None:
        """Validate and save the form's claim (a new one, or the one loaded with Edit); shows
        the result in the form and clears it after a save (article and story kept)."""
        claim = form_to_claim(self.values())
        try:
            if self.editing:
                changes = {key: value for key, value in claim.items() if key not in ("claim_id", "coder")}
                changes["start"] = changes["end"] = ""  # located again from the quote
                row = claimstore.edit_claim(self.store_path, self.editing, changes, self.articles, self.registry,
                                            self.codebook, self.outlet_names, changed_by=self.coder)
                done = "updated"
            else:
                row = claimstore.add_claim(self.store_path, claim, self.articles, self.registry, self.codebook,
                                           self.outlet_names, self.id_prefix, changed_by=self.coder)
                done = "saved"
        except claim_store.ClaimValidationError as error:
            self._show_problems(error.problems)
            return None
        except KeyError as error:  # the claim being edited was deleted meanwhile
            self.message.value = f"&#10007; {_text(str(error))}"
            return None
        self.clear()
        self.message.value = (f"&#10003; {done} {_text(row['claim_id'])} ({row['start']}-{row['end']}) "
                              f"to {_text(self.store_path.name)}")
        self.story_id.options = self.story_options()
        self.show_article(self.article.value)
        return row

    def clear(self) -> None:
        """Empty the claim fields (article and story kept on purpose) and leave edit mode."""
        self.editing = None
        self.save_button.description = "Save claim"
        self.sentences.value = None
        self.quote.value = ""
        self.claim_type.value = self.claim_type.options[0]
        self.stance.value = self.stance.options[0]
        self.hedged.value = "no"
        for box in (self.actors, self.target_actors, self.attributed_to):
            box.value = []
        for text in (self.place, self.period, self.event_start, self.event_end, self.notes):
            text.value = ""
        self.date_precision.value = "unknown"
        self.names.value, self.suggestions.children, self.message.value = "", (), ""

    def load_claim(self, claim_id: str | None) -> None:
        """Put a stored claim into the form; Save then updates it (its id kept)."""
        if not claim_id:
            return
        claims = self.stored_claims().set_index("claim_id")
        if claim_id not in claims.index:
            self.message.value = f"&#10007; no claim {_text(claim_id)} in {_text(self.store_path.name)}"
            return
        claim = claims.loc[claim_id]
        self.clear()
        self.article.value = claim["article_id"]
        self.quote.value = claim["quote"]
        for field in ("claim_type", "stance", "hedged", "date_precision"):
            getattr(self, field).value = claim[field]
        for field in ("actors", "target_actors", "attributed_to"):
            getattr(self, field).value = claim_store.split_list(claim[field])
        for field in ("place", "event_start", "event_end", "story_id", "notes"):
            getattr(self, field).value = claim[field]
        self.editing = claim_id
        self.save_button.description = f"Update {claim_id}"
        self.message.value = f"editing {_text(claim_id)}: change the fields, then Update"

    def delete(self, claim_id: str | None) -> dict[str, str] | None:
        """Delete a claim of this store (kept in the store's history)."""
        if not claim_id:
            return None
        try:
            removed = claimstore.delete_claim(self.store_path, claim_id, changed_by=self.coder)
        except KeyError as error:
            self.message.value = f"&#10007; {_text(str(error))}"
            return None
        if self.editing == claim_id:
            self.clear()
        self.message.value = f"&#10003; deleted {_text(claim_id)} (kept in {_text(claimstore.history_path(self.store_path).name)})"
        self.show_article(self.article.value)
        return removed

    def __repr__(self) -> str:
        return (f"ClaimTagger: {len(self.bodies)} articles, {len(claim_store.claim_types(self.codebook))} "
                f"claim types, {len(self.registry.canonical)} actors; coder {self.coder} saves to "
                f"{self.store_path.name} (the form needs a live JupyterLab kernel)")

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = self.widget._repr_mimebundle_(include=include, exclude=exclude) or {}
        bundle["text/plain"] = repr(self)
        return bundle
