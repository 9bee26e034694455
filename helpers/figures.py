"""Shared figure style: print-friendly, colour-blind-safe, and byte-stable when saved.

Every chapter saves its figures through ``save_figure`` so that ``make run`` writes PNG and SVG
files into ``outputs/figures/`` that do not change between identical runs.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

#: Okabe & Ito's colour-blind-safe palette (black removed: it is reserved for text).
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#999999"]


def use_print_style() -> None:
    """Legible fonts, no chart junk, the Okabe-Ito cycle, and deterministic SVG ids."""
    mpl.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "font.size": 10,
            "axes.titlesize": 11,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
            "svg.hashsalt": "backchannel",
            "svg.fonttype": "none",
        }
    )


def save_figure(figure: Figure, name: str, outputs_dir: Path | str) -> list[Path]:
    """Save ``figure`` as ``outputs_dir/figures/name.png`` and ``.svg`` with no timestamps."""
    folder = Path(outputs_dir) / "figures"
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.png", folder / f"{name}.svg"]
    figure.savefig(paths[0], metadata={"Software": None}, bbox_inches="tight")
    figure.savefig(paths[1], metadata={"Date": None, "Creator": None}, bbox_inches="tight")
    return paths


def new_figure(width: float = 7.0, height: float = 3.5) -> tuple[Figure, plt.Axes]:
    """A figure and axes in the print style."""
    use_print_style()
    return plt.subplots(figsize=(width, height), layout="constrained")
