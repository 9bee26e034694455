"""Run the notebook chain on the sample or on a study of your own (papermill).

A *study* is a folder holding one project's inputs and everything generated from them, so that a
new corpus never writes over the sample's files::

    STUDY/
      registry/      actors.csv, outlets.csv   (copied from the template, then edited by you)
      annotations/   codebook.yml, claims.csv  (codebook copied; claims start empty)
      interim/       articles.csv, problems.csv, mentions.csv, review.csv   (generated)
      outputs/       figures/, tables/, networks/, notebooks/ (executed copies)   (generated)

The raw articles stay wherever they are (``--corpus``); they are only read.

A study records its corpus in ``STUDY/study.yml`` (the corpus folder's absolute path). A study
folder is refused when it belongs to another corpus, when it is, holds or sits inside one of the
project's own folders (``data/``, ``outputs/``, ``notebooks/``, ``helpers/``...; ``studies/`` is
where studies go), when it lies inside the corpus, or when the corpus overlaps one of the folders
the chain writes (``interim/``, ``outputs/``...): the chain would otherwise write over the sample's
files or into the articles it reads.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from helpers.kernels import local_kernel_manager
from helpers.paths import ANNOTATIONS_DIR, INTERIM_DIR, OUTPUTS_DIR, RAW_DIR, REGISTRY_DIR, ROOT

NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL_NAME = "backchannel"

#: Where studies go by default: ``studies/<corpus folder name>``.
STUDIES_DIR = ROOT / "studies"

#: The project's own folders: a study may not be one of them, contain one or sit inside one.
PROJECT_FOLDERS = [ROOT / name for name in
                   ("data", "outputs", "notebooks", "helpers", "tests", "docs", "bench", "teaching",
                    ".git", ".venv")]

#: The small file naming a study's corpus.
MANIFEST_NAME = "study.yml"


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


def default_study(corpus: Path | str) -> Path:
    """The study folder used when none is given: ``studies/<corpus folder name>``."""
    return STUDIES_DIR / Path(corpus).resolve().name


def overlaps(one: Path, other: Path) -> bool:
    """True when two (resolved) folders are the same or one lies inside the other."""
    return one == other or one in other.parents or other in one.parents


def study_owner(study_root: Path) -> Path | None:
    """The corpus named in a study's manifest, or None when it has none."""
    import yaml

    manifest = study_root / MANIFEST_NAME
    if not manifest.is_file():
        return None
    content = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    if not isinstance(content, dict) or not content.get("corpus"):
        raise ValueError(f"{manifest}: no 'corpus:' line naming the study's corpus folder")
    return Path(str(content["corpus"]))


def check_study(corpus: Path | str, study: Path | str) -> StudyPaths:
    """The study's paths, after every check that it is safe to use; creates nothing.

    Raises ValueError with a one-line reason (which folder, what to do) when the corpus is not a
    folder, the study is or holds a project folder, the study is inside the corpus, the corpus
    overlaps a folder the chain writes, or the study belongs to another corpus.
    """
    paths = study_paths(corpus, study)
    raw_dir, study_root = paths.raw_dir, paths.interim_dir.parent
    choose = "choose another study folder (make run ... STUDY=path, or --study path)"
    if not raw_dir.is_dir():
        raise ValueError(f"corpus folder {raw_dir} does not exist or is not a folder")
    if study_root == ROOT or study_root in ROOT.parents:
        raise ValueError(f"study folder {study_root} holds the project itself; {choose}")
    for folder in PROJECT_FOLDERS:
        if overlaps(study_root, folder.resolve()):
            raise ValueError(f"study folder {study_root} overlaps the project folder {folder.name}/ "
                             f"(the sample's data, outputs or code); {choose}")
    if raw_dir == study_root or raw_dir in study_root.parents:
        raise ValueError(f"study folder {study_root} is inside the corpus {raw_dir}; {choose}")
    for written in (paths.interim_dir, paths.registry_dir, paths.annotations_dir, paths.outputs_dir):
        if overlaps(raw_dir, written):
            raise ValueError(f"the corpus {raw_dir} overlaps {written}, which the chain writes; "
                             f"move the articles or {choose}")
    owner = study_owner(study_root)
    if owner is not None and owner.resolve() != raw_dir:
        raise ValueError(f"study folder {study_root} belongs to the corpus {owner} "
                         f"(see {study_root / MANIFEST_NAME}); {choose}, or, if that corpus has "
                         f"moved, put its new path on the 'corpus:' line of {MANIFEST_NAME}")
    if owner is None and study_root.is_dir():
        is_study = any(p.is_dir() for p in (paths.interim_dir, paths.registry_dir, paths.outputs_dir))
        # The corpus may live in the study (STUDY/raw): only other content makes it someone's folder.
        others = [p for p in study_root.iterdir() if not overlaps(p.resolve(), raw_dir)]
        if not is_study and others:
            raise ValueError(f"study folder {study_root} is not empty and is not a study "
                             f"(no {MANIFEST_NAME}); {choose}")
    return paths


def write_manifest(paths: StudyPaths) -> Path:
    """Write ``study.yml`` naming the study's corpus (absolute path); returns its path."""
    import yaml

    manifest = paths.interim_dir.parent / MANIFEST_NAME
    content = {"corpus": str(paths.raw_dir),
               "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    header = "# This study's corpus: runs with another corpus are refused. Written by make run.\n"
    manifest.write_text(header + yaml.safe_dump(content, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    return manifest


#: Starter actor registries a new study can begin with (``data/registry_templates/<name>/``);
#: ``empty`` is a header only. The sample's own ``data/registry/actors.csv`` (one story's actors,
#: garbles included) is a template only when asked for by name (``sample``).
REGISTRY_TEMPLATES_DIR = ROOT / "data" / "registry_templates"
DEFAULT_REGISTRY_TEMPLATE = "world_2024"


def registry_templates() -> list[str]:
    """The names accepted by ``create_study(..., registry_template=...)``."""
    shipped = sorted(p.name for p in REGISTRY_TEMPLATES_DIR.glob("*") if (p / "actors.csv").is_file())
    return [*shipped, "sample", "empty"]


def template_actors(name: str) -> Path | None:
    """The actors.csv a template names (None for ``empty``); ValueError listing the choices."""
    if name == "empty":
        return None
    if name == "sample":
        return REGISTRY_DIR / "actors.csv"
    path = REGISTRY_TEMPLATES_DIR / name / "actors.csv"
    if name not in registry_templates() or not path.is_file():
        raise ValueError(f"unknown registry template {name!r}: choose one of {', '.join(registry_templates())}")
    return path


def create_study(corpus: Path | str, study: Path | str,
                 registry_template: str = DEFAULT_REGISTRY_TEMPLATE) -> StudyPaths:
    """Make (or complete) a study folder: manifest, registry and codebook if missing.

    The study's ``actors.csv`` starts from ``registry_template`` (see :func:`registry_templates`),
    and so does ``outlets.csv`` (outlets and agencies) when the template ships one (``world_2024``
    does), else it comes from the project's general one like ``ignore.csv`` (demonyms and other
    words that are not actors). Existing files are never overwritten, so a
    study's edited registry and claims are safe. Raises ValueError (see :func:`check_study`) for
    a study that is not safe to write, or for an unknown template.
    """
    actors_template = template_actors(registry_template)
    # A template folder may ship its own outlets.csv (world_2024 does); else the sample's is used.
    outlets_template = (actors_template.parent / "outlets.csv") if actors_template is not None else None
    paths = check_study(corpus, study)
    for folder in (paths.interim_dir, paths.registry_dir, paths.annotations_dir, paths.outputs_dir):
        folder.mkdir(parents=True, exist_ok=True)
    if study_owner(paths.interim_dir.parent) is None:
        write_manifest(paths)
    for template in sorted(REGISTRY_DIR.glob("*.csv")):
        target = paths.registry_dir / template.name
        if target.exists():
            continue
        if template.name == "outlets.csv" and outlets_template is not None and outlets_template.is_file():
            shutil.copyfile(outlets_template, target)
        elif template.name != "actors.csv":
            shutil.copyfile(template, target)
        elif actors_template is not None:
            shutil.copyfile(actors_template, target)
        else:
            from helpers import schemas
            from helpers.tables import write_csv_atomic

            write_csv_atomic(pd.DataFrame(columns=schemas.ACTOR_COLUMNS), target)
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


def study_rules_dir(paths: StudyPaths) -> Path:
    """A study's own rules folder (``STUDY/rules/``: languages, per-site additions; see
    ``helpers/rules/README.md``). It need not exist."""
    return paths.interim_dir.parent / "rules"


def use_study_rules(paths: StudyPaths) -> None:
    """Add the study's rules folder, when it exists, to the folders every chapter's kernel reads
    (the kernels inherit this process's environment)."""
    from helpers import rules

    folder = study_rules_dir(paths)
    if not folder.is_dir():
        return
    listed = [part for part in os.environ.get(rules.ENV_VAR, "").split(os.pathsep) if part.strip()]
    if str(folder) not in listed:
        os.environ[rules.ENV_VAR] = os.pathsep.join([*listed, str(folder)])
        rules.reload()


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
    use_study_rules(paths)
    written = []
    for notebook in notebooks or chapter_notebooks():
        target = executed_dir / notebook.name
        print(f"== {notebook.name}", flush=True)
        declared = papermill.inspect_notebook(str(notebook))
        parameters = {k: v for k, v in paths.as_parameters().items() if k in declared}
        run_chapter(notebook, target, parameters, cell_timeout)
        written.append(target)
    return written
