"""What the fork server of a local Dask cluster builds once, before it forks the workers.

``helpers.engine.dask_client`` starts local workers from a fork server (``multiprocessing``'s
"forkserver" method) that imports this module first: the stage modules, and the resources
every worker would otherwise build for its first partition (the language identifier and the
cleaning rules for ``ingest``, the default actor registry and its matcher for ``resolve``,
spaCy's NER models for a ``resolve`` whose NER cache is empty), are then built once per
command instead of once per worker, and each worker starts with them (forked, sharing their
memory pages). The stages to warm are read from the environment variable
``BACKCHANNEL_DASK_WARM`` (comma-separated: ``ingest``, ``resolve``, ``ner:fr+en+de``), which
``dask_client`` sets only while it starts the fork server. Reads a small made-up article in a
temporary folder; writes nothing that outlives the import. A failure here only costs time:
the workers then build what they need themselves, as they do on a remote cluster.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

#: The environment variable naming the stages to warm.
WARM_VARIABLE = "BACKCHANNEL_DASK_WARM"

#: A made-up article in the three languages of the rules, so every language's rules load.
WARM_TEXT = (
    "Le ministre des Affaires étrangères a rencontré hier à Genève son homologue pour des "
    "discussions discrètes sur un échange de prisonniers.\n\n"
    "The foreign minister met his counterpart in Geneva yesterday for quiet talks about a "
    "prisoner exchange, officials said.\n\n"
    "Der Außenminister traf gestern in Genf seinen Amtskollegen zu vertraulichen Gesprächen "
    "über einen Gefangenenaustausch.\n"
)


def warm_ingest() -> None:
    """Import ``ingest``/``describe`` and run them on one made-up article (language
    identifier, rules, date and outlet look-ups built)."""
    from helpers.describe import describe_articles
    from helpers.ingest import build_tables, ingest_file

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.txt"
        path.write_text(WARM_TEXT, encoding="utf-8")
        articles, _ = build_tables([ingest_file(path, Path(folder))])
    describe_articles(articles, None, workers=1, progress=False)


def warm_resolve() -> None:
    """Import ``resolve`` and build the default actor registry's matcher (used when the
    command's registry folder is the default one: ``helpers.engine.registry_from_files``
    keys it by the files' bytes)."""
    import helpers.resolve  # noqa: F401
    from helpers.engine import registry_files, registry_from_files
    from helpers.paths import REGISTRY_DIR

    registry_from_files(registry_files(REGISTRY_DIR))


def warm_ner(languages: list[str]) -> None:
    """Load the NER models of ``languages`` (``helpers.resolve.load_ner_model``)."""
    from helpers.resolve import load_ner_model

    for language in languages:
        load_ner_model(language)


def warm(stages: str) -> None:
    """Warm the comma-separated ``stages``; a stage that fails is reported on stderr and left
    to the workers."""
    for stage in filter(None, stages.split(",")):
        try:
            if stage == "ingest":
                warm_ingest()
            elif stage == "resolve":
                warm_resolve()
            elif stage.startswith("ner:"):
                warm_ner(stage[4:].split("+"))
        except Exception as error:  # noqa: BLE001 - warming is only a head start
            print(f"notice: Dask workers not warmed for {stage} ({type(error).__name__}: {error})", file=sys.stderr)


warm(os.environ.get(WARM_VARIABLE, ""))
