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
import tempfile
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


#: Longest a single cell may run before the chapter is stopped with a clear message (seconds).
#: Generous: NER over a large corpus is the slowest cell; a hang should not wait forever.
CELL_TIMEOUT_SECONDS = 4 * 60 * 60


def local_kernel_manager(socket_dir: Path) -> type:
    """A kernel manager talking to its kernel over local (IPC) sockets inside ``socket_dir``.

    The kernel runs on this machine either way; over TCP, ipykernel prints a warning about
    unencrypted traffic for every chapter, which reads like an error in ``make run``. The socket
    files live in a private folder made for one chapter of one run: with jupyter_client's default
    (``kernel-ipc-1`` ... ``-5`` in the working directory) a finished chapter's kernel removing
    its files could remove the next chapter's, and two runs at once shared the same files.
    """
    from jupyter_client.manager import AsyncKernelManager

    prefix = str(socket_dir / "kernel")

    class LocalKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            kwargs.setdefault("transport", "ipc")
            kwargs.setdefault("ip", prefix)
            super().__init__(**kwargs)

    return LocalKernelManager


def run_chapter(notebook: Path, target: Path, parameters: dict[str, str],
                cell_timeout: int = CELL_TIMEOUT_SECONDS) -> None:
    """Execute one chapter with papermill into ``target``, its kernel on private sockets.

    A cell running longer than ``cell_timeout`` seconds stops the chapter with a message naming
    the notebook and the limit (papermill names the cell).
    """
    import papermill

    # A short private folder: Unix socket paths are limited to about 100 characters.
    socket_dir = Path(tempfile.mkdtemp(prefix="backchannel-kernel-"))
    try:
        papermill.execute_notebook(
            str(notebook),
            str(target),
            parameters=parameters,
            kernel_name=KERNEL_NAME,
            cwd=str(notebook.parent),
            progress_bar=False,
            execution_timeout=cell_timeout,
            kernel_manager_class=local_kernel_manager(socket_dir),
        )
    except TimeoutError as error:
        raise RuntimeError(f"{notebook.name}: a cell ran longer than {cell_timeout} s and was stopped "
                           f"({error})") from error
    finally:
        shutil.rmtree(socket_dir, ignore_errors=True)


def run_chain(paths: StudyPaths = SAMPLE, notebooks: list[Path] | None = None,
              cell_timeout: int = CELL_TIMEOUT_SECONDS) -> list[Path]:
    """Execute every chapter in order with papermill; returns the executed copies' paths.

    Executed copies go to ``OUTPUTS_DIR/notebooks/``: the committed notebooks are never
    overwritten. Stops at the first chapter that fails (papermill names the cell). Each chapter's
    kernel has its own socket folder, so chapters and concurrent runs never share a connection.
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
        run_chapter(notebook, target, parameters, cell_timeout)
        written.append(target)
    return written
