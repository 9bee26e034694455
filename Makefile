# Backchannel: the two commands a researcher needs are `make run` and `make test`.
# Both create the virtual environment first if it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := backchannel

.PHONY: setup run test lab bench report

# CORPUS and STUDY reach the Python command line through the environment, never through the
# shell: a folder name with quotes, backticks, `$` or spaces is passed exactly as typed and
# runs nothing. ($(value ...) keeps make from expanding `$(...)` inside the name.)
export BACKCHANNEL_CORPUS = $(value CORPUS)
export BACKCHANNEL_STUDY = $(value STUDY)
export BACKCHANNEL_REGISTRY_TEMPLATE = $(value REGISTRY_TEMPLATE)
# Make would export CORPUS and STUDY themselves too, expanding them (running a `$(shell ...)`).
unexport CORPUS STUDY REGISTRY_TEMPLATE

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (backchannel)" >/dev/null
	touch $(STAMP)

# `make run` runs the sample; `make run CORPUS=path/to/articles [STUDY=path/to/study]` runs your
# own corpus into its own study folder (default studies/<folder name>), never over the sample.
# `make run ... DRY_RUN=1` only prints the folders the run would read and write.
# `make run CORPUS=... REGISTRY_TEMPLATE=sample|empty` starts a new study's actors.csv from the
# sample's actors or from nothing, rather than from data/registry_templates/world_2024.
run: $(STAMP)
	$(BIN)/python -m helpers run $(if $(DRY_RUN),--dry-run)

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

# Static HTML of the executed chain (outputs/report/index.html), readable without Python.
report: run
	$(BIN)/python -m helpers report

# JupyterLab at the repository root (data/, outputs/, notebooks/ and studies/ all reachable);
# extra options with LAB_FLAGS="--no-browser --port 8899"; `make lab STUDY=path` opens that study's
# executed claims chapter, whose tagging workbench writes into the study (--allow-root as root).
lab: $(STAMP)
	$(BIN)/python -m helpers lab --jupyter $(BIN)/jupyter -- $(LAB_FLAGS)

# Speed figures for every stage, the name-variant benchmark and the attribution-cue benchmark
# (cited vs mentioned on bench/data/cues_*.csv, next to main's cues) (prints tables; several minutes,
# NER dominating). The extraction and date benchmarks take a local copy of the public evaluation
# sets: `python bench/extraction.py DIR/trafilatura/tests`, `python bench/dates.py DIR/htmldate/tests`,
# `python bench/hedging.py DIR/UD_French-GSD DIR/UD_German-GSD` (UD treebanks; English sample shipped).
bench: $(STAMP)
	@for script in ingest clean resolve claims networks names cues; do \
		echo "== bench/$$script.py"; $(BIN)/python bench/$$script.py || exit 1; done
