"""Backchannel helpers: one module per stage of the pipeline.

- ``ingest``: a folder of raw files -> articles.csv and problems.csv (decoded text + provenance).
- ``cli``: the ``python -m helpers`` command line.
- ``paths``: where the project's data folders are.
"""

__version__ = "0.1.0"
