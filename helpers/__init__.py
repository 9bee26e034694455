"""Backchannel helpers: one module per stage of the pipeline, plain data in and out.

- ``ingest``: a folder of raw files -> articles.csv and problems.csv (decoded text + provenance).
- ``clean``, ``dates``, ``outlets``: title/body/comments/boilerplate, language, outlet, url and
  publication date of each article (more columns of articles.csv).
- ``registry``, ``resolve``: actors and outlets named or cited -> mentions.csv, review.csv.
- ``claims``, ``hedging``, ``mood``, ``tagging``: the codebook, the hand-coded claim store and its
  validation, hedging markers by kind (``mood``: French conditional, German Konjunktiv I/II),
  the Jupyter tagging widget, coder agreement.
- ``claimdata``, ``networks``, ``stories``, ``timeline``: actor/citation networks, how each story
  spread (first reports, relays, text reuse) and the timeline; ``export`` writes the networks as
  GEXF and GraphML, ``network_view`` as pages to explore.
- ``figures``, ``report``, ``pipeline``, ``exercises``: every plot (one style, one palette, one
  save), static HTML report, running the chain on a study, feedback for the teaching exercises.
- ``schemas``: the data contract: every table's columns, its one loader and its one validator
  (every stage reads articles, mentions, review, registry, claims and codebook through it).
- ``engine``: the per-article stages of ingest and resolve on Dask (a local or a remote cluster),
  partition by partition; ``tables``: writing tables safely, as CSV or Parquet.
- ``cli``: the ``python -m helpers`` command line; ``paths``: where the project's folders are.
"""

__version__ = "0.1.0"
