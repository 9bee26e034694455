"""Where things live in a Backchannel project (raw -> interim -> annotations -> outputs)."""

from __future__ import annotations

from pathlib import Path


def project_root(start: Path | None = None) -> Path:
    """The folder holding ``pyproject.toml``, searched upwards from ``start`` (default: cwd).

    Notebooks run with their own folder as working directory; this lets them find ``data/``.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").exists() and (folder / "helpers").is_dir():
            return folder
    raise FileNotFoundError(f"no Backchannel project (pyproject.toml + helpers/) above {here}")


ROOT = project_root(Path(__file__).parent)
RAW_DIR = ROOT / "data" / "raw"
INTERIM_DIR = ROOT / "data" / "interim"
REGISTRY_DIR = ROOT / "data" / "registry"
ANNOTATIONS_DIR = ROOT / "data" / "annotations"
OUTPUTS_DIR = ROOT / "outputs"
