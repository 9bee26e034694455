"""Agreement between any number of coders, and adjudication of their claims into a gold store.

Reads claim tables (one store per coder, or one stacked table whose ``coder`` column tells the
coders apart); writes nothing itself (the ``claims agreement`` / ``claims adjudicate`` commands
in ``helpers.claims`` write the tables they print).

How coders are compared:

- **Units.** Coders cut the text into claims themselves, so claims are first matched into units:
  same article, overlapping quote spans, one claim per coder per unit, largest overlap
  (intersection over union of the two spans) first. A claim no other coder matched is a unit of
  its own, coded by one coder only (itself a disagreement, listed as ``(claim)``).
- **Missing values.** A coder who did not code a unit, and a blank field, both mean "not coded":
  ``np.nan`` in the reliability matrix (coders x units). Krippendorff's alpha uses every unit
  with at least two values; percent agreement counts the same units.
- **Set-valued fields** (``actors``, ``target_actors``, ``attributed_to``) are compared as sets:
  order and repeats do not matter, and each distinct set is one nominal category, so
  ``{Burns, Naryshkin}`` against ``{Burns}`` is a full disagreement (no partial credit).
- **Segmentation** (where coders cut claims differently) is measured by ``span_agreement``: the
  share of units both coders coded, the mean overlap of their quotes, and the share of marked
  characters both marked.
- **Alpha** is computed by the ``krippendorff`` package at the nominal level for claim fields;
  ``krippendorff_alpha`` also offers ordinal, interval and ratio for numeric codes.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from helpers.claims import CLAIM_COLUMNS, LIST_FIELDS, join_list
from helpers.tables import split_list

#: Fields compared between coders by default (nominal level; list fields compared as sets).
AGREEMENT_FIELDS = [
    "claim_type",
    "stance",
    "hedged",
    "actors",
    "target_actors",
    "place",
    "attributed_to",
    "date_precision",
]
#: Levels of measurement ``krippendorff_alpha`` accepts (all but nominal need numeric codes).
LEVELS = ("nominal", "ordinal", "interval", "ratio")
#: What adjudication decides per unit: whether it is a claim at all, its span, then its fields
#: (``dates`` = event_start, event_end and date_precision together, so they stay consistent).
ADJUDICATED_FIELDS = ["(claim)", "span", "claim_type", "stance", "hedged", "actors", "target_actors",
                      "attributed_to", "place", "dates", "story_id", "notes"]
AGREEMENT_COLUMNS = ["field", "n_shared", "n_agree", "percent_agreement", "alpha"]


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or str(value).strip() == ""


def comparable_value(field: str, value: object) -> str:
    """A field's value in the form compared between coders (list fields as sorted sets);
    ``""`` for a blank (not coded)."""
    if field in LIST_FIELDS:
        return join_list(sorted(split_list(value)))
    return "" if _is_blank(value) else str(value).strip()


# --------------------------------------------------------------------------------------------
# Krippendorff's alpha
# --------------------------------------------------------------------------------------------


def reliability_matrix(values: Sequence[Sequence[object]], level: str = "nominal") -> np.ndarray:
    """Coders x units matrix of float codes, ``np.nan`` where a value is blank (not coded).

    Nominal values may be any text (each distinct value gets a code); the other levels need
    numbers and raise ValueError naming the first value that is not one.
    """
    if level not in LEVELS:
        raise ValueError(f"level {level!r} is not one of {', '.join(LEVELS)}")
    lengths = {len(row) for row in values}
    if len(lengths) > 1:
        raise ValueError(f"every coder needs a value (or a blank) for every unit; got lengths {sorted(lengths)}")
    cells = [[None if _is_blank(v) else (v if isinstance(v, (int, float)) else str(v).strip()) for v in row]
             for row in values]
    if level == "nominal":
        domain = sorted({v for row in cells for v in row if v is not None}, key=str)
        codes = {value: float(index) for index, value in enumerate(domain)}
        return np.array([[np.nan if v is None else codes[v] for v in row] for row in cells], dtype=float)
    matrix = np.full((len(cells), len(cells[0]) if cells else 0), np.nan)
    for i, row in enumerate(cells):
        for j, value in enumerate(row):
            if value is not None:
                try:
                    matrix[i, j] = float(value)
                except ValueError:
                    raise ValueError(f"{level} alpha needs numbers; coder {i + 1}, unit {j + 1} has {value!r}") from None
    return matrix


def krippendorff_alpha(*values: Sequence[object], level: str = "nominal") -> float:
    """Krippendorff's alpha for k >= 2 coders' values on the same units (one sequence per
    coder, a blank or NaN where the coder did not code the unit), by the ``krippendorff``
    package. NaN when undefined: fewer than two units with two values, or one value throughout.
    """
    import krippendorff

    if len(values) < 2:
        raise ValueError("agreement needs at least two coders")
    matrix = reliability_matrix(values, level)
    pairable = matrix[:, (~np.isnan(matrix)).sum(axis=0) >= 2]
    if pairable.shape[1] < 2 or len(np.unique(pairable[~np.isnan(pairable)])) < 2:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=pairable, level_of_measurement=level))


# --------------------------------------------------------------------------------------------
# Coders and units
# --------------------------------------------------------------------------------------------


def split_coders(*stores: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """One table per coder, named by its ``coder`` label, in the order given.

    Each argument is one coder's store; an argument holding several coder labels (a stacked
    table) is split by its ``coder`` column, so a third coder in it is counted, not ignored.
    Two arguments with the same label are told apart as ``A``, ``A#2``.
    """
    coders: dict[str, pd.DataFrame] = {}
    for store in stores:
        labels = list(dict.fromkeys(store["coder"].astype(str))) if "coder" in store.columns else []
        parts = [(label, store[store["coder"].astype(str) == label]) for label in labels] if len(labels) > 1 \
            else [(labels[0] if labels else f"coder{len(coders) + 1}", store)]
        for label, part in parts:
            name, number = label or f"coder{len(coders) + 1}", 2
            while name in coders:
                name, number = f"{label}#{number}", number + 1
            coders[name] = part.reset_index(drop=True)
    return coders


def _span(claim: Mapping[str, object]) -> tuple[int, int]:
    return int(claim["start"]), int(claim["end"])


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> tuple[float, int]:
    """(intersection over union, intersection) of two character spans."""
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 0.0, 0
    return overlap / (max(a[1], b[1]) - min(a[0], b[0])), overlap


def match_units(coders: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """Match the claims of k coders into units (see the module docstring).

    Coders are added in order: each claim of the next coder joins the unit it overlaps most
    (best intersection over union with any claim already in the unit), one claim per coder per
    unit; claims left over start new units. Returns one row per unit: ``unit`` (u001...),
    ``article_id`` and one column per coder holding its claim id ("" when it did not code it),
    sorted by article and claim ids.
    """
    names = list(coders)
    units: list[dict] = []  # {"article_id", "members": {coder: record}}
    by_article: dict[str, list[int]] = {}  # article -> indices of its units
    for name in names:
        records = coders[name].to_dict("records")
        candidates = []
        for claim in records:
            for index in by_article.get(claim["article_id"], []):
                unit = units[index]
                best = max(_overlap(_span(claim), _span(member)) for member in unit["members"].values())
                if best[1] > 0:
                    first_id = next(iter(unit["members"].values()))["claim_id"]
                    candidates.append((best[0], best[1], first_id, claim["claim_id"], index, claim))
        used_units, used_claims = set(), set()
        for share, overlap, first_id, claim_id, index, claim in sorted(
                candidates, key=lambda c: (-c[0], -c[1], c[2], c[3])):
            if index not in used_units and claim_id not in used_claims:
                units[index]["members"][name] = claim
                used_units.add(index)
                used_claims.add(claim_id)
        for claim in records:
            if claim["claim_id"] not in used_claims:
                by_article.setdefault(claim["article_id"], []).append(len(units))
                units.append({"article_id": claim["article_id"], "members": {name: claim}})
    rows = [{"article_id": unit["article_id"],
             **{name: str(unit["members"][name]["claim_id"]) if name in unit["members"] else "" for name in names}}
            for unit in units]
    table = pd.DataFrame(rows, columns=["article_id", *names])
    table = table.sort_values(["article_id", *names]).reset_index(drop=True)
    table.insert(0, "unit", [f"u{number:03d}" for number in range(1, len(table) + 1)])
    return table


def match_claims(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Pair the claims of two coders: same article and overlapping quote spans, one-to-one,
    largest overlap first. Unpaired claims appear with the other side empty (a claim only one
    coder saw is itself a disagreement). Columns: article_id, claim_id_1, claim_id_2, overlap."""
    units = match_units({"1": first, "2": second})
    spans_1 = {c["claim_id"]: _span(c) for c in first.to_dict("records")}
    spans_2 = {c["claim_id"]: _span(c) for c in second.to_dict("records")}
    pairs = pd.DataFrame({
        "article_id": units["article_id"], "claim_id_1": units["1"], "claim_id_2": units["2"],
        "overlap": [round(_overlap(spans_1[a], spans_2[b])[0], 3) if a and b else 0.0
                    for a, b in zip(units["1"], units["2"])],
    })
    return pairs.sort_values(["article_id", "claim_id_1", "claim_id_2"]).reset_index(drop=True)


def unit_values(coders: Mapping[str, pd.DataFrame], units: pd.DataFrame, field: str) -> pd.DataFrame:
    """Units x coders table of one field's comparable values (None where the coder has no
    claim in the unit, ``""`` where its claim leaves the field blank)."""
    lookup = {name: frame.set_index("claim_id") for name, frame in coders.items()}
    data = {name: [comparable_value(field, lookup[name].at[claim_id, field]) if claim_id else None
                   for claim_id in units[name]] for name in coders}
    return pd.DataFrame(data, index=units["unit"], dtype=object)  # object: keeps None apart from ""


# --------------------------------------------------------------------------------------------
# Agreement and disagreement tables
# --------------------------------------------------------------------------------------------


def agreement_table(*stores: pd.DataFrame, fields: Iterable[str] = AGREEMENT_FIELDS) -> pd.DataFrame:
    """Per field, over the units at least two coders coded (blank fields count as not coded):
    ``n_shared`` such units, ``n_agree`` of them where every coder who coded the field gave the
    same value, ``percent_agreement`` and Krippendorff's nominal ``alpha``. Takes each coder's
    store as an argument, or stacked tables (see ``split_coders``); k >= 2 coders."""
    fields = list(fields)
    unknown = [field for field in fields if field not in CLAIM_COLUMNS]
    if unknown:
        raise ValueError(f"not claim-store fields: {', '.join(unknown)}")
    coders = split_coders(*stores)
    units = match_units(coders)
    rows = []
    for field in fields:
        table = unit_values(coders, units, field)
        values = [[v if isinstance(v, str) and v else None for v in table[name]] for name in coders]
        present = [[v for v in column if v is not None] for column in zip(*values)]
        shared = [unit for unit in present if len(unit) >= 2]
        agree = sum(len(set(unit)) == 1 for unit in shared)
        alpha = krippendorff_alpha(*values) if len(coders) >= 2 else float("nan")
        rows.append({
            "field": field,
            "n_shared": len(shared),
            "n_agree": agree,
            "percent_agreement": round(100 * agree / len(shared), 1) if shared else float("nan"),
            "alpha": round(alpha, 3),
        })
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def disagreement_table(*stores: pd.DataFrame, fields: Iterable[str] = AGREEMENT_FIELDS) -> pd.DataFrame:
    """One row per (unit, field) where the coders who coded the unit differ (a blank against a
    value included), with each coder's claim id and value (``claim_id_1``, ``value_1``... in
    coder order) and the first coder's quote; then one row per unit some coder did not code
    (field ``(claim)``, values ``coded`` / ``not coded``)."""
    coders = split_coders(*stores)
    names = list(coders)
    units = match_units(coders)
    quotes = {(name, c["claim_id"]): c["quote"] for name, frame in coders.items() for c in frame.to_dict("records")}
    ids = [f"claim_id_{number}" for number in range(1, len(names) + 1)]
    value_columns = [f"value_{number}" for number in range(1, len(names) + 1)]
    tables = {field: unit_values(coders, units, field) for field in fields}
    rows, unclaimed = [], []
    for unit in units.to_dict("records"):
        coded = [name for name in names if unit[name]]
        base = {"article_id": unit["article_id"], **{i: unit[name] for i, name in zip(ids, names)},
                "quote": quotes[(coded[0], unit[coded[0]])]}
        if len(coded) < len(names):
            unclaimed.append({**base, "field": "(claim)", **{v: "coded" if unit[name] else "not coded"
                                                             for v, name in zip(value_columns, names)}})
        if len(coded) < 2:
            continue
        for field in fields:
            values = tables[field].loc[unit["unit"]]
            if len({values[name] for name in coded}) > 1:
                rows.append({**base, "field": field, **{v: values[name] if isinstance(values[name], str) else ""
                                                        for v, name in zip(value_columns, names)}})
    columns = ["article_id", *ids, "field", *value_columns, "quote"]
    return pd.DataFrame(rows + unclaimed, columns=columns)


def _covered(claims: pd.DataFrame) -> set[tuple[str, int]]:
    """Every (article, character offset) inside some claim's quote."""
    return {(article_id, offset) for article_id, start, end in zip(claims["article_id"], claims["start"], claims["end"])
            for offset in range(int(start), int(end))}


def span_agreement(*stores: pd.DataFrame) -> pd.DataFrame:
    """How far coders segment the text alike, per pair of coders (a documented overlap measure
    rather than unitized alpha). Columns: ``coder_1``, ``coder_2``, ``n_units`` (units either
    coded), ``n_both`` (units both coded), ``unit_agreement`` (``n_both / n_units``),
    ``mean_overlap`` (mean intersection over union of the two quotes, over the units both coded)
    and ``char_agreement`` (characters inside a quote of both coders / inside a quote of either,
    over all articles: 1 when they marked exactly the same text)."""
    coders = split_coders(*stores)
    names = list(coders)
    rows = []
    for position, first in enumerate(names):
        for second in names[position + 1:]:
            pair = {first: coders[first], second: coders[second]}
            units = match_units(pair)
            both = units[(units[first] != "") & (units[second] != "")]
            spans = {name: {c["claim_id"]: _span(c) for c in frame.to_dict("records")} for name, frame in pair.items()}
            overlaps = [_overlap(spans[first][a], spans[second][b])[0] for a, b in zip(both[first], both[second])]
            covered_1, covered_2 = _covered(coders[first]), _covered(coders[second])
            either = len(covered_1 | covered_2)
            rows.append({
                "coder_1": first, "coder_2": second, "n_units": len(units), "n_both": len(both),
                "unit_agreement": round(len(both) / len(units), 3) if len(units) else float("nan"),
                "mean_overlap": round(float(np.mean(overlaps)), 3) if overlaps else float("nan"),
                "char_agreement": round(len(covered_1 & covered_2) / either, 3) if either else float("nan"),
            })
    return pd.DataFrame(rows, columns=["coder_1", "coder_2", "n_units", "n_both", "unit_agreement",
                                       "mean_overlap", "char_agreement"])


# --------------------------------------------------------------------------------------------
# Adjudication: several coders -> one gold store, every decision recorded
# --------------------------------------------------------------------------------------------


def _field_value(field: str, claim: Mapping[str, object]) -> str:
    if field == "span":
        return f"{claim['start']}-{claim['end']}"
    if field == "dates":
        return f"{comparable_value('event_start', claim['event_start'])}..{comparable_value('event_end', claim['event_end'])} " \
               f"({comparable_value('date_precision', claim['date_precision'])})"
    return comparable_value(field, claim[field])


def _decide(values: Mapping[str, str | None], default_coder: str, blanks_vote: bool) -> tuple[str, str]:
    """(chosen value, rule) among the coders' values (None: coder did not code the unit)."""
    voting = {name: value for name, value in values.items() if value is not None and (blanks_vote or value)}
    if not voting:
        return "", "all blank"
    counts = Counter(voting.values())
    value, top = counts.most_common(1)[0]
    if len(counts) == 1:
        return value, "unanimous"
    if top * 2 > len(voting):
        return value, "majority"
    if default_coder in voting:
        return voting[default_coder], f"coder-{default_coder}-default"
    first = next(iter(voting))
    return voting[first], f"first-coder-{first}"


def read_manual_decisions(manual: pd.DataFrame | None) -> dict[tuple[str, str], str]:
    """``(unit, field) -> chosen`` from a table with columns unit, field, chosen. Rows with an
    empty ``chosen``, or a ``rule`` column other than empty or ``manual``, are ignored: a
    decisions table can be passed back with the rows to override set to rule ``manual``."""
    if manual is None or manual.empty:
        return {}
    missing = [c for c in ("unit", "field", "chosen") if c not in manual.columns]
    if missing:
        raise ValueError(f"manual decisions need columns unit, field, chosen; missing {', '.join(missing)}")
    manual = manual.fillna("").astype(str)
    return {(u, f): c for u, f, c, r in zip(manual["unit"], manual["field"], manual["chosen"],
                                            manual.get("rule", pd.Series([""] * len(manual))))
            if c != "" and r in ("", "manual")}


def adjudicate(
    *stores: pd.DataFrame,
    default_coder: str | None = None,
    manual: pd.DataFrame | None = None,
    gold_coder: str = "gold",
    id_prefix: str = "g",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Merge two or more coders' claims into one gold store; returns ``(gold, decisions)``.

    Per unit (see ``match_units``) and per field of ``ADJUDICATED_FIELDS`` the value is chosen by
    the first rule that applies: ``manual`` (a row of ``manual``: unit, field, chosen), then
    ``unanimous``, ``majority`` (more than half of the coders who coded it), then
    ``coder-<X>-default`` (``default_coder``, by default the first coder). Blank fields do not
    vote unless every coder left the field blank. ``(claim)`` decides whether the unit is a
    claim of the gold store at all (coders who did not code it vote "not coded"), ``span`` which
    quote it keeps, ``dates`` the three date fields together.

    ``decisions`` has one row per unit and field: unit, article_id, gold claim_id ("" for a
    unit left out), field, one ``value_<coder>`` column per coder, chosen, rule. The gold store
    has the store's columns, coder ``gold_coder`` and new ids (g001...); check it with
    ``claims validate`` (fields chosen separately can still disagree, e.g. type and stance).
    """
    coders = split_coders(*stores)
    if len(coders) < 2:
        raise ValueError("adjudication needs at least two coders")
    names = list(coders)
    default_coder = default_coder or names[0]
    if default_coder not in coders:
        raise ValueError(f"default coder {default_coder!r} is not one of {', '.join(names)}")
    manual_choices = read_manual_decisions(manual)
    records = {name: {c["claim_id"]: c for c in frame.to_dict("records")} for name, frame in coders.items()}
    units = match_units(coders)
    gold_rows, decisions = [], []
    for unit in units.to_dict("records"):
        claims = {name: records[name][unit[name]] for name in names if unit[name]}
        unit_decisions = []
        gold: dict[str, str] = {}
        for field in ADJUDICATED_FIELDS:
            if field == "(claim)":
                values = {name: "coded" if name in claims else "not coded" for name in names}
            else:
                values = {name: _field_value(field, claims[name]) if name in claims else None for name in names}
            if (unit["unit"], field) in manual_choices:
                chosen, rule = manual_choices[(unit["unit"], field)], "manual"
            else:
                chosen, rule = _decide(values, default_coder, blanks_vote=field in ("(claim)", "span", "dates"))
            unit_decisions.append({"unit": unit["unit"], "article_id": unit["article_id"], "field": field,
                                   **{f"value_{name}": "" if v is None else v for name, v in values.items()},
                                   "chosen": chosen, "rule": rule})
            if field == "(claim)" and chosen != "coded":
                break
            gold[field] = chosen
        claim_id = ""
        if gold.get("(claim)") == "coded":
            claim_id = f"{id_prefix}{len(gold_rows) + 1:03d}"
            gold_rows.append(_gold_row(claim_id, unit["article_id"], gold, claims, gold_coder))
        decisions += [{**row, "claim_id": claim_id} for row in unit_decisions]
    value_columns = [f"value_{name}" for name in names]
    decision_table = pd.DataFrame(decisions, columns=["unit", "article_id", "claim_id", "field",
                                                      *value_columns, "chosen", "rule"])
    return pd.DataFrame(gold_rows, columns=CLAIM_COLUMNS), decision_table


def _gold_row(claim_id: str, article_id: str, chosen: Mapping[str, str],
              claims: Mapping[str, Mapping[str, object]], gold_coder: str) -> dict[str, str]:
    """A gold claim from the chosen values: the quote of a claim with the chosen span."""
    source = next((c for c in claims.values() if _field_value("span", c) == chosen["span"]), None)
    if source is None:
        raise ValueError(f"{claim_id}: span {chosen['span']!r} is not the span of any coder's claim in "
                         "this unit; choose one of theirs and edit the gold store afterwards")
    dates = re.fullmatch(r"(.*)\.\.(.*) \((.*)\)", chosen.get("dates", ""))
    row = {column: "" for column in CLAIM_COLUMNS}
    row.update({field: chosen.get(field, "") for field in ADJUDICATED_FIELDS if field in CLAIM_COLUMNS})
    row.update(claim_id=claim_id, article_id=article_id, coder=gold_coder, quote=str(source["quote"]),
               start=str(source["start"]), end=str(source["end"]))
    if dates:
        row.update(event_start=dates.group(1), event_end=dates.group(2), date_precision=dates.group(3))
    return row
