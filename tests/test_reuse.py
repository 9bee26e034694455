"""Tests for helpers.reuse: the winnowed n-gram index against the exact reference method."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.reuse import (
    article_signatures,
    combine_signatures,
    exact_shared_passages,
    gram_hashes,
    reuse_pairs,
    shared_passages,
    winnow,
    word_hashes,
)


def random_corpus(seed: int, n_articles: int = 60, n_copies: int = 25) -> pd.DataFrame:
    """Articles of random words from a small vocabulary, some copying a stretch of another."""
    rng = np.random.default_rng(seed)
    vocabulary = [f"w{i}" for i in range(400)]
    bodies = [" ".join(rng.choice(vocabulary, size=rng.integers(40, 160))) for _ in range(n_articles)]
    for _ in range(n_copies):
        source, target = rng.choice(n_articles, size=2, replace=False)
        words = bodies[source].split()
        length = int(rng.integers(8, len(words)))
        start = int(rng.integers(0, len(words) - length + 1))
        target_words = bodies[target].split()
        at = int(rng.integers(0, len(target_words) + 1))
        bodies[target] = " ".join(target_words[:at] + words[start:start + length] + target_words[at:])
    return pd.DataFrame({"article_id": [f"a{i:03d}" for i in range(n_articles)], "body": bodies})


def test_hashes_are_stable_and_case_blind():
    assert np.array_equal(word_hashes("Secret TALKS in Ankara"), word_hashes("secret talks in ankara"))
    assert word_hashes("").size == 0
    grams = gram_hashes(word_hashes("a b c d e"), n=3)
    assert len(grams) == 3 and len(set(grams.tolist())) == 3
    assert gram_hashes(word_hashes("b a"), n=2)[0] != gram_hashes(word_hashes("a b"), n=2)[0]


def test_winnowing_picks_one_minimum_per_window():
    grams = np.array([5, 3, 9, 3, 7, 1, 8, 6], dtype=np.uint64)
    chosen = winnow(grams, window=3)
    for start in range(len(grams) - 2):
        window = grams[start:start + 3]
        assert any(start <= position < start + 3 and grams[position] == window.min()
                   for position in chosen)
    assert list(winnow(grams[:2], window=3)) == [0, 1]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_n_gram_index_equals_the_exact_method(seed):
    articles = random_corpus(seed)
    exact = exact_shared_passages(articles, n=8)
    indexed = shared_passages(articles, n=8, window=1, max_articles=None)
    pd.testing.assert_frame_equal(indexed, exact.sort_values(["article_a", "article_b"])
                                  .reset_index(drop=True))


@pytest.mark.parametrize("seed", [4, 5])
def test_winnowed_index_finds_every_long_reuse_pair_exactly_measured(seed):
    articles = random_corpus(seed)
    exact = exact_shared_passages(articles, n=8).set_index(["article_a", "article_b"])
    indexed = shared_passages(articles, n=8, window=8).set_index(["article_a", "article_b"])
    assert set(indexed.index) <= set(exact.index)
    # Winnowing guarantees every pair sharing a passage of n + window - 1 = 15 words.
    long_pairs = exact[exact["longest_words"] >= 15]
    assert len(long_pairs) > 5 and set(long_pairs.index) <= set(indexed.index)
    pd.testing.assert_frame_equal(indexed, exact.loc[indexed.index])


def test_partitions_give_the_same_pairs_as_one_pass():
    articles = random_corpus(6)
    whole = shared_passages(articles, partition_size=len(articles))
    assert len(whole) > 0
    pd.testing.assert_frame_equal(shared_passages(articles, partition_size=7), whole)
    ids, bodies = articles["article_id"].tolist(), articles["body"].tolist()
    parts = combine_signatures([article_signatures(ids[:30], bodies[:30]),
                                article_signatures(ids[30:], bodies[30:])])
    texts = dict(zip(ids, bodies))
    pd.testing.assert_frame_equal(reuse_pairs(parts, texts=texts), whole)


def test_boilerplate_in_many_articles_proposes_no_pair():
    footer = "all rights reserved reproduction without written permission is strictly forbidden here"
    bodies = [f"story number {i} about something else entirely {footer}" for i in range(6)]
    articles = pd.DataFrame({"article_id": [f"b{i}" for i in range(6)], "body": bodies})
    assert len(shared_passages(articles, max_articles=None)) == 15
    assert shared_passages(articles, max_articles=5).empty
