"""Text reuse at corpus scale: which articles share passages, found with a winnowed n-gram index.

Reads article bodies (a DataFrame with ``article_id`` and ``body``) and returns one row per pair
of articles sharing at least one passage of ``n`` or more consecutive words (lower-cased word
tokens), with the share of each article inside shared passages and the longest passage.
Writes nothing; :mod:`helpers.stories` orders the pairs in time and the ``stories`` command
writes them.

How it scales (near-linear time, memory bounded): each article's words are hashed once
(``pandas.util.hash_array``, a fixed-key SipHash, so runs and processes agree), its n-grams
become one 64-bit number each, and only the *winnowed* fingerprints (the smallest n-gram hash
in every window of ``window`` consecutive n-grams; Schleimer, Wilkerson & Aiken 2003) go into
the index. Any passage of at least ``n + window - 1`` words shared by two articles therefore
shares a fingerprint. Candidate pairs come from sorting the fingerprints (numpy), and each
candidate is then measured exactly on the stored n-gram hashes, never by re-tokenising.
:func:`article_signatures` works on one partition of the corpus at a time, so a distributed
engine can map it over partitions and :func:`reuse_pairs` combines their signatures.

:func:`exact_shared_passages` is the former one-dict-of-every-n-gram method, kept only as the
reference that ``bench/reuse.py`` and the tests measure the index against.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

#: A word: a run of letters, digits or underscores (any script).
WORD = re.compile(r"\w+", re.UNICODE)
#: Shortest shared passage, in words.
MIN_WORDS = 8
#: Winnowing window, in n-grams: passages of ``MIN_WORDS + WINDOW - 1`` words are always found.
WINDOW = 8
#: A fingerprint found in more articles than this is boilerplate (menus, credits, wire
#: footers): it proposes no pair (the pairs it would propose grow with its square).
MAX_ARTICLES_PER_PASSAGE = 200
#: An article is a near-duplicate of another when at least this share of its words lies in
#: passages shared with that one article ("mostly the other").
NEAR_DUPLICATE_SHARE = 0.5

PAIR_COLUMNS = ["article_a", "article_b", "n_passages", "longest_words", "share_a", "share_b",
                "passage"]

# Odd multipliers, one per position in the n-gram, so "a b" and "b a" hash differently.
_RNG = np.random.default_rng(20260417)
_MULTIPLIERS = (_RNG.integers(1, 2**63 - 1, size=64, dtype=np.int64).astype(np.uint64)
                | np.uint64(1))


def words(text: str) -> list[str]:
    """The word tokens of ``text`` as written (case kept)."""
    return WORD.findall(text or "")


def word_hashes(text: str) -> np.ndarray:
    """One 64-bit hash per lower-cased word of ``text`` (stable across runs and processes)."""
    tokens = WORD.findall((text or "").lower())
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    return pd.util.hash_array(np.asarray(tokens, dtype=object), categorize=True)


def gram_hashes(hashes: np.ndarray, n: int = MIN_WORDS) -> np.ndarray:
    """One hash per window of ``n`` consecutive words (empty when there are fewer words)."""
    count = len(hashes) - n + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    if n > len(_MULTIPLIERS):
        raise ValueError(f"passages of at most {len(_MULTIPLIERS)} words can be indexed, not {n}")
    grams = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):  # wrap-around multiplication is the point of the hash
        for position in range(n):
            grams += hashes[position:position + count] * _MULTIPLIERS[position]
    return grams


def winnow(grams: np.ndarray, window: int = WINDOW) -> np.ndarray:
    """Positions of the winnowed fingerprints: the smallest hash of every ``window``
    consecutive n-grams (the rightmost on ties), each position once; all when fewer."""
    if len(grams) <= window:
        return np.arange(len(grams))
    windows = np.lib.stride_tricks.sliding_window_view(grams[::-1], window)
    # argmin on the reversed array picks the rightmost minimum of each original window.
    rightmost = len(grams) - 1 - (np.arange(len(windows)) + windows.argmin(axis=1))
    return np.unique(rightmost)


@dataclass
class Signatures:
    """The n-gram hashes and winnowed fingerprints of a set of articles.

    ``grams`` holds every article's n-gram hashes one after the other, article ``i`` at
    ``grams[offsets[i]:offsets[i + 1]]``; ``n_words`` its number of words. ``fingerprints``
    and ``owners`` are the selected hashes and the index of the article each came from.
    """

    article_ids: list[str]
    n_words: np.ndarray
    offsets: np.ndarray
    grams: np.ndarray
    fingerprints: np.ndarray
    owners: np.ndarray

    def article_grams(self, index: int) -> np.ndarray:
        return self.grams[self.offsets[index]:self.offsets[index + 1]]


def article_signatures(article_ids: Iterable[str], texts: Iterable[str], n: int = MIN_WORDS,
                       window: int = WINDOW) -> Signatures:
    """Signatures of one partition of the corpus (ids and bodies in the same order).

    The whole partition is hashed in one call and its n-grams and windows computed on one
    array (n-grams and windows that would straddle two articles are dropped), so the cost per
    article is a regular-expression pass and a share of a few numpy operations.
    """
    if n > len(_MULTIPLIERS):
        raise ValueError(f"passages of at most {len(_MULTIPLIERS)} words can be indexed, not {n}")
    ids = [str(article_id) for article_id in article_ids]
    tokens = [WORD.findall(text.lower()) if isinstance(text, str) else [] for text in texts]
    lengths = np.fromiter((len(t) for t in tokens), dtype=np.int64, count=len(tokens))
    flat = [token for article in tokens for token in article]
    del tokens
    hashes = (pd.util.hash_array(np.asarray(flat, dtype=object), categorize=True) if flat
              else np.zeros(0, dtype=np.uint64))
    del flat
    word_ends = np.cumsum(lengths)
    word_starts = word_ends - lengths
    # n-grams over the whole partition; one is kept when its n words are in one article.
    all_grams = gram_hashes(hashes, n)
    gram_counts = np.maximum(lengths - n + 1, 0)
    gram_offsets = np.zeros(len(ids) + 1, dtype=np.int64)
    gram_offsets[1:] = np.cumsum(gram_counts)
    owner_of_gram = np.repeat(np.arange(len(ids), dtype=np.int64), gram_counts)
    positions = np.arange(gram_offsets[-1]) - gram_offsets[:-1][owner_of_gram] + word_starts[owner_of_gram]
    grams = all_grams[positions] if len(positions) else np.zeros(0, dtype=np.uint64)
    del all_grams, positions
    # Winnowing on the same array: windows lying inside one article; articles with no more
    # n-grams than a window keep all of them.
    chosen = []
    if len(grams) > window:
        windows = np.lib.stride_tricks.sliding_window_view(grams[::-1], window)
        rightmost = len(grams) - 1 - (np.arange(len(windows)) + windows.argmin(axis=1))
        starts = len(grams) - window - np.arange(len(windows))  # first n-gram of each window
        inside = owner_of_gram[starts] == owner_of_gram[starts + window - 1]
        chosen.append(rightmost[inside])
    short = gram_counts[owner_of_gram] <= window
    chosen.append(np.flatnonzero(short))
    chosen_positions = np.unique(np.concatenate(chosen))
    return Signatures(ids, lengths, gram_offsets, grams, grams[chosen_positions],
                      owner_of_gram[chosen_positions])


def combine_signatures(parts: Iterable[Signatures]) -> Signatures:
    """Signatures of several partitions as one (article indices shifted)."""
    parts = list(parts)
    ids = [article_id for part in parts for article_id in part.article_ids]
    shifts = np.cumsum([0] + [len(part.article_ids) for part in parts])
    gram_shifts = np.cumsum([0] + [len(part.grams) for part in parts])
    offsets = np.concatenate([np.zeros(1, dtype=np.int64)] +
                             [part.offsets[1:] + shift for part, shift in zip(parts, gram_shifts)])
    return Signatures(
        ids,
        np.concatenate([part.n_words for part in parts]) if parts else np.zeros(0, np.int64),
        offsets,
        np.concatenate([part.grams for part in parts]) if parts else np.zeros(0, np.uint64),
        np.concatenate([part.fingerprints for part in parts]) if parts else np.zeros(0, np.uint64),
        np.concatenate([part.owners + shift for part, shift in zip(parts, shifts)])
        if parts else np.zeros(0, np.int64),
    )


def candidate_pairs(signatures: Signatures,
                    max_articles: int | None = MAX_ARTICLES_PER_PASSAGE) -> np.ndarray:
    """Article index pairs (i < j, sorted, unique) sharing at least one fingerprint, as an
    (m, 2) array. Fingerprints held by more than ``max_articles`` articles are skipped."""
    order = np.lexsort((signatures.owners, signatures.fingerprints))
    prints, owners = signatures.fingerprints[order], signatures.owners[order]
    # One (fingerprint, article) entry per article, even if the article repeats the passage.
    keep = np.ones(len(prints), dtype=bool)
    keep[1:] = (prints[1:] != prints[:-1]) | (owners[1:] != owners[:-1])
    prints, owners = prints[keep], owners[keep]
    starts = np.flatnonzero(np.r_[True, prints[1:] != prints[:-1]])
    sizes = np.diff(np.r_[starts, len(prints)])
    limit = max_articles if max_articles is not None else len(signatures.article_ids)
    pairs = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= limit)]):
        # All groups of one size at once: every (i, j) combination of positions in a group.
        group_starts = starts[sizes == size]
        left, right = np.triu_indices(int(size), k=1)
        a = owners[group_starts[:, None] + left[None, :]].ravel()
        b = owners[group_starts[:, None] + right[None, :]].ravel()
        pairs.append(np.unique(np.minimum(a, b) * len(signatures.article_ids) + np.maximum(a, b)))
    if not pairs:
        return np.zeros((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(pairs))
    return np.stack([codes // len(signatures.article_ids), codes % len(signatures.article_ids)],
                    axis=1)


def _runs(shared: np.ndarray) -> list[tuple[int, int]]:
    """(first, last) n-gram positions of each run of consecutive shared n-grams."""
    positions = np.flatnonzero(shared)
    if not len(positions):
        return []
    breaks = np.flatnonzero(np.diff(positions) > 1)
    firsts = np.r_[positions[0], positions[breaks + 1]]
    lasts = np.r_[positions[breaks], positions[-1]]
    return list(zip(firsts.tolist(), lasts.tolist()))


def measure_pair(grams_a: np.ndarray, grams_b: np.ndarray, n: int,
                 words_a: int, words_b: int) -> dict | None:
    """Shared passages of two articles from their n-gram hashes: n_passages, longest_words,
    share_a, share_b and the longest passage's first word in a (``start_a``); None when they
    share no n-gram."""
    shared_a = np.isin(grams_a, grams_b)
    if not shared_a.any():
        return None
    result = {}
    for side, shared, n_words in (("a", shared_a, words_a),
                                  ("b", np.isin(grams_b, grams_a), words_b)):
        runs = _runs(shared)
        result[f"share_{side}"] = round(sum(last - first + n for first, last in runs) / n_words, 4)
        if side == "a":
            first, last = max(runs, key=lambda run: (run[1] - run[0], -run[0]))
            result.update(n_passages=len(runs), longest_words=last - first + n, start_a=first)
    return result


def reuse_pairs(signatures: Signatures, n: int = MIN_WORDS,
                max_articles: int | None = MAX_ARTICLES_PER_PASSAGE,
                texts: dict[str, str] | None = None) -> pd.DataFrame:
    """Pairs of articles sharing passages, measured exactly on their n-gram hashes.

    Columns as :data:`PAIR_COLUMNS` (article_a < article_b by id). ``passage`` (the longest
    shared passage as written in a) needs the bodies in ``texts``; it is empty otherwise.
    """
    rows = []
    for i, j in candidate_pairs(signatures, max_articles):
        a, b = (i, j) if signatures.article_ids[i] < signatures.article_ids[j] else (j, i)
        measured = measure_pair(signatures.article_grams(a), signatures.article_grams(b), n,
                                int(signatures.n_words[a]), int(signatures.n_words[b]))
        if measured is None:  # a 64-bit fingerprint collision: nothing actually shared
            continue
        id_a = signatures.article_ids[a]
        start = measured.pop("start_a")
        passage = ""
        if texts is not None:
            passage = " ".join(words(texts[id_a])[start:start + measured["longest_words"]])
        rows.append({"article_a": id_a, "article_b": signatures.article_ids[b], **measured,
                     "passage": passage})
    frame = pd.DataFrame(rows, columns=PAIR_COLUMNS)
    return frame.sort_values(["article_a", "article_b"]).reset_index(drop=True)


#: Maps :func:`partition_signatures` over partitions (``(ids, bodies)`` pairs), yielding their
#: signatures in order: the built-in ``map`` here, Dask tasks with ``helpers.engine``.
SignatureMapper = Callable[..., Iterable["Signatures"]]


def partition_signatures(partition: tuple[list[str], list[str]], n: int = MIN_WORDS,
                         window: int = WINDOW) -> Signatures:
    """:func:`article_signatures` of one partition given as (article ids, bodies): the unit of
    work a distributed engine sends to a worker."""
    ids, bodies = partition
    return article_signatures(ids, bodies, n, window)


def signature_partitions(articles: pd.DataFrame, text_column: str = "body",
                         partition_size: int = 5000) -> list[tuple[list[str], list[str]]]:
    """The corpus cut into partitions of (article ids, bodies), in table order."""
    if "article_id" not in articles or text_column not in articles:
        raise ValueError(f"text reuse needs the columns article_id and {text_column}")
    ids = articles["article_id"].astype(str).tolist()
    bodies = articles[text_column].fillna("").astype(str).tolist()
    return [(ids[start:start + partition_size], bodies[start:start + partition_size])
            for start in range(0, len(ids), partition_size)]


def shared_passages(articles: pd.DataFrame, n: int = MIN_WORDS, window: int = WINDOW,
                    max_articles: int | None = MAX_ARTICLES_PER_PASSAGE,
                    text_column: str = "body", partition_size: int = 5000,
                    mapper: SignatureMapper | None = None) -> pd.DataFrame:
    """Text reuse between articles: pairs sharing passages of at least ``n`` words.

    Signatures are built ``partition_size`` articles at a time (by ``mapper``, which maps
    :func:`partition_signatures` over the partitions: in this process by default, or as Dask
    tasks, see ``helpers.engine.signature_mapper``), then indexed together (see the module
    docstring). Columns: article_a, article_b (a < b), n_passages, longest_words,
    share_a, share_b (fraction of each article's words inside shared passages), passage (the
    longest, as written in a). Passages shorter than ``n + window - 1`` words can be missed
    when they are an article's only link to the other; ``window=1`` indexes every n-gram.
    """
    partitions = signature_partitions(articles, text_column, partition_size)
    parts = list((mapper or map)(partial(partition_signatures, n=n, window=window), partitions))
    texts = {article_id: body for ids, bodies in partitions for article_id, body in zip(ids, bodies)}
    return reuse_pairs(combine_signatures(parts), n, max_articles, texts)


def exact_shared_passages(
    articles: pd.DataFrame, n: int = MIN_WORDS, max_articles: int | None = None,
    text_column: str = "body"
) -> pd.DataFrame:
    """The former exact method (every n-gram of every article in one dict), kept only as the
    reference ``bench/reuse.py`` and the tests compare :func:`shared_passages` with. Its
    memory and time grow with the square of the articles sharing a passage."""
    tokens = {
        row.article_id: [m.group(0) for m in WORD.finditer(getattr(row, text_column) or "")]
        for row in articles.itertuples(index=False)
    }
    index: dict[tuple, set] = defaultdict(set)
    for article_id, tokens_of in tokens.items():
        lowered = [w.lower() for w in tokens_of]
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
            runs: list[list[int]] = []
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
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)
