"""Run the notebook chain on the sample or on a study of your own (papermill).

A *study* is a folder holding one project's inputs and everything generated from them, so that a
new corpus never writes over the sample's files::

    STUDY/
      registry/      actors.csv, outlets.csv   (copied from the template, then edited by you)
      annotations/   codebook.yml, claims.csv  (codebook copied; claims start empty)
      interim/       articles.csv, problems.csv, mentions.csv, review.csv   (generated)
      outputs/       figures/, tables/, networks/, notebooks/ (executed copies)   (generated)

The raw articles stay wherever they are (``--corpus``); they are only read.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import ANNOTATIONS_DIR, INTERIM_DIR, OUTPUTS_DIR, RAW_DIR, REGISTRY_DIR, ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL_NAME = "backchannel"


@dataclass(frozen=True)
class StudyPaths:
    """The folders one run of the chain reads and writes (absolute paths)."""

    raw_dir: Path
    interim_dir: Path
    registry_dir: Path
    annotations_dir: Path
    outputs_dir: Path

    def as_parameters(self) -> dict[str, str]:
        """The papermill parameters every chapter accepts."""
        return {
            "RAW_DIR": str(self.raw_dir),
            "INTERIM_DIR": str(self.interim_dir),
            "REGISTRY_DIR": str(self.registry_dir),
            "ANNOTATIONS_DIR": str(self.annotations_dir),
            "OUTPUTS_DIR": str(self.outputs_dir),
        }


SAMPLE = StudyPaths(RAW_DIR, INTERIM_DIR, REGISTRY_DIR, ANNOTATIONS_DIR, OUTPUTS_DIR)


def study_paths(corpus: Path | str, study: Path | str) -> StudyPaths:
    """The paths of a study folder for the raw articles in ``corpus``."""
    study = Path(study).resolve()
    return StudyPaths(
        raw_dir=Path(corpus).resolve(),
        interim_dir=study / "interim",
        registry_dir=study / "registry",
        annotations_dir=study / "annotations",
        outputs_dir=study / "outputs",
    )


def create_study(corpus: Path | str, study: Path | str) -> StudyPaths:
    """Make (or complete) a study folder: copy the template registry and codebook if missing.

    Existing files are never overwritten, so a study's edited registry and claims are safe.
    Raises ValueError if the study folder would be inside the corpus or the sample's data.
    """
    paths = study_paths(corpus, study)
    if not paths.raw_dir.is_dir():
        raise ValueError(f"corpus folder {paths.raw_dir} does not exist or is not a folder")
    study_root = paths.interim_dir.parent
    if paths.raw_dir == study_root or paths.raw_dir in study_root.parents:
        raise ValueError(f"study folder {study_root} is inside the corpus {paths.raw_dir}")
    for folder in (paths.interim_dir, paths.registry_dir, paths.annotations_dir, paths.outputs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    for template in sorted(REGISTRY_DIR.glob("*.csv")):
        target = paths.registry_dir / template.name
        if not target.exists():
            shutil.copyfile(template, target)
    codebook = ANNOTATIONS_DIR / "codebook.yml"
    if codebook.exists() and not (paths.annotations_dir / "codebook.yml").exists():
        shutil.copyfile(codebook, paths.annotations_dir / "codebook.yml")
    claims_path = paths.annotations_dir / "claims.csv"
    if not claims_path.exists():
        # An empty store (header only): the researcher's claims go here, by widget or spreadsheet.
        from helpers.claims import empty_claims, write_claims_atomic

        write_claims_atomic(empty_claims(), claims_path)
    return paths


def chapter_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The numbered chapters (``NN_name.ipynb``), in order."""
    return sorted(p for p in folder.glob("[0-9][0-9]_*.ipynb"))


def local_kernel_manager() -> type:
    """A kernel manager talking to its kernel over local (IPC) sockets rather than TCP.

    The kernel runs on this machine either way; over TCP, ipykernel prints a warning about
    unencrypted traffic for every chapter, which reads like an error in ``make run``.
    """
    from jupyter_client.manager import AsyncKernelManager

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            super().__init__(**kwargs)

    return LocalKernelManager


def run_chain(paths: StudyPaths = SAMPLE, notebooks: list[Path] | None = None) -> list[Path]:
    """Execute every chapter in order with papermill; returns the executed copies' paths.

    Executed copies go to ``OUTPUTS_DIR/notebooks/``: the committed notebooks are never
    overwritten. Stops at the first chapter that fails (papermill names the cell).
    """
    import papermill

    executed_dir = paths.outputs_dir / "notebooks"
    executed_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for notebook in notebooks or chapter_notebooks():
        target = executed_dir / notebook.name
        print(f"== {notebook.name}", flush=True)
        declared = papermill.inspect_notebook(str(notebook))
        parameters = {k: v for k, v in paths.as_parameters().items() if k in declared}
        papermill.execute_notebook(
            str(notebook),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
            kernel_manager_class=local_kernel_manager(),
        )
        written.append(target)
    return written
