"""Speed of the claims stage on a synthetic corpus: validation, relocation, hedging markers,
agreement. Prints figures; run with ``python bench/claims.py [N_ARTICLES] [CLAIMS_PER_ARTICLE]``."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from helpers import claims as C
from helpers import hedging as H

PARAGRAPH = ("Selon NBC News, William Burns aurait téléphoné à Sergey Naryshkin en avril 2023, "
             "alors que la Maison Blanche a nié tout contact. Le Kremlin a confirmé la réunion {n}.")
CODEBOOK = {"claim_types": {"call": {}, "meeting": {}, "denial": {"stance": "denied"}},
            "stances": ["asserted", "denied", "confirmed"], "fields": {},
            "date_precisions": ["month", "unknown"], "attribution_labels": ["unattributed"]}


def synthetic(n_articles: int, per_article: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Articles of ``per_article`` paragraphs and one call claim per paragraph."""
    articles, claims = [], []
    for a in range(n_articles):
        body = "\n\n".join(PARAGRAPH.format(n=f"{a}-{p}") for p in range(per_article))
        articles.append({"article_id": f"a{a:05d}", "body": body})
        quote = f"Le Kremlin a confirmé la réunion {a}-"
        position = 0
        for p in range(per_article):
            position = body.index(quote + f"{p}.", position)
            text = quote + f"{p}."
            claims.append({"claim_id": f"c{len(claims) + 1:06d}", "article_id": f"a{a:05d}", "coder": "A",
                           "story_id": "", "quote": text, "start": str(position), "end": str(position + len(text)),
                           "claim_type": "call", "actors": "William Burns", "target_actors": "Sergey Naryshkin",
                           "place": "", "event_start": "2023-04-01", "event_end": "2023-04-30",
                           "date_precision": "month", "attributed_to": "NBC News", "hedged": "yes",
                           "stance": "asserted", "notes": ""})
    return pd.DataFrame(articles), pd.DataFrame(claims, columns=C.CLAIM_COLUMNS)


def timed(label: str, count: int, unit: str, function):
    began = time.perf_counter()
    result = function()
    seconds = time.perf_counter() - began
    print(f"{label:<46} {seconds:7.3f} s  ({count / seconds:,.1f} {unit}/s)")
    return result


def main() -> None:
    n_articles = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    per_article = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    articles, claims = synthetic(n_articles, per_article)
    registry = C.registry_from_names(["William Burns", "Sergey Naryshkin"])
    print(f"{n_articles} articles x {per_article} claims = {len(claims)} claims")
    problems = timed("validate_claims", len(claims), "claims", lambda: C.validate_claims(claims, articles, registry, CODEBOOK))
    assert not problems, problems[:3]
    shifted = {k: "X" + v for k, v in C.article_bodies(articles).items()}
    timed("relocate_offsets (every quote moved)", len(claims), "claims", lambda: C.relocate_offsets(claims, shifted))
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "claims.csv"
        timed("write_claims_atomic", len(claims), "claims", lambda: C.write_claims_atomic(claims, store))
        timed("add_claim to that store (one claim)", 1, "claims",
              lambda: C.add_claim(store, {**claims.iloc[0].to_dict(), "claim_id": "", "notes": "second reading"}, articles, registry, CODEBOOK))
    timed("spaCy import + sentencizer (once per process)", 1, "runs", lambda: H.split_sentences("Un. Deux.", "fr"))
    profile = timed("hedging_profile (sentences + markers)", len(articles), "articles",
                    lambda: H.hedging_profile(articles.assign(language="fr")))
    print(f"  {int(profile['n_sentences'].sum())} sentences")
    second = claims.assign(claim_id=claims["claim_id"].str.replace("c", "b"))
    timed("agreement_table (claims matched + alpha)", len(claims), "claims", lambda: C.agreement_table(claims, second))


if __name__ == "__main__":
    main()
