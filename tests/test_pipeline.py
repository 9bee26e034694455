"""Running chapters: each kernel on its own private sockets, so runs never collide or hang."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import pipeline


def tiny_chapter(folder: Path, name: str, code: str) -> Path:
    """A one-cell notebook with a papermill parameters cell."""
    notebook = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("OUT = ''")
    parameters.metadata["tags"] = ["parameters"]
    notebook.cells = [parameters, nbformat.v4.new_code_cell(code)]
    notebook.metadata["kernelspec"] = {"name": pipeline.KERNEL_NAME, "display_name": "Python", "language": "python"}
    path = folder / name
    nbformat.write(notebook, path)
    return path


def test_each_chapter_kernel_gets_its_own_socket_folder_which_is_removed_after(tmp_path, monkeypatch):
    folders: list[Path] = []
    real = pipeline.local_kernel_manager

    def recording(socket_dir: Path) -> type:
        folders.append(socket_dir)
        return real(socket_dir)

    monkeypatch.setattr(pipeline, "local_kernel_manager", recording)
    chapter = tiny_chapter(tmp_path, "01_one.ipynb", "import pathlib; pathlib.Path(OUT).write_text('done')")
    for round_ in range(2):
        out = tmp_path / f"out{round_}.txt"
        pipeline.run_chapter(chapter, tmp_path / f"run{round_}.ipynb", {"OUT": str(out)})
        assert out.read_text() == "done"
    assert len(set(folders)) == 2
    assert not any(folder.exists() for folder in folders)
    # Nothing is left beside the notebook either (jupyter_client's default kernel-ipc-N files).
    assert not list(tmp_path.glob("kernel-ipc*"))


def test_two_runs_at_once_both_finish(tmp_path):
    """Two processes, as two `make run`s started together (papermill changes the working folder
    while a chapter runs, so concurrent runs are separate processes, as they are in real use)."""
    chapter = tiny_chapter(tmp_path, "01_one.ipynb",
                           "import pathlib, time; time.sleep(1); pathlib.Path(OUT).write_text('done')")
    script = ("import sys; from pathlib import Path; from helpers import pipeline; "
              "pipeline.run_chapter(Path(sys.argv[1]), Path(sys.argv[2]), {'OUT': sys.argv[3]})")
    runs = [subprocess.Popen([sys.executable, "-c", script, str(chapter), str(tmp_path / f"run{i}.ipynb"),
                              str(tmp_path / f"out{i}")], stderr=subprocess.PIPE, text=True)
            for i in range(2)]
    for run in runs:
        _, errors = run.communicate(timeout=300)  # a hang fails here instead of waiting forever
        assert run.returncode == 0, errors
    assert (tmp_path / "out0").read_text() == (tmp_path / "out1").read_text() == "done"


def test_a_cell_that_runs_too_long_stops_with_a_message_naming_the_chapter(tmp_path):
    chapter = tiny_chapter(tmp_path, "01_slow.ipynb", "import time; time.sleep(60)")
    with pytest.raises(RuntimeError, match=r"01_slow\.ipynb: a cell ran longer than 2 s"):
        pipeline.run_chapter(chapter, tmp_path / "run.ipynb", {"OUT": ""}, cell_timeout=2)
