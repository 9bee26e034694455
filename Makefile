# Backchannel: the two commands a researcher needs are `make run` and `make test`.
# Both create the virtual environment first if it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := backchannel

.PHONY: setup run test lab bench report

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (backchannel)" >/dev/null
	touch $(STAMP)

# `make run` runs the sample; `make run CORPUS=path/to/articles [STUDY=path/to/study]` runs your
# own corpus into its own study folder (default studies/<folder name>), never over the sample.
run: $(STAMP)
	$(BIN)/python -m helpers run $(if $(CORPUS),--corpus "$(CORPUS)") $(if $(STUDY),--study "$(STUDY)")

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

# Static HTML of the executed chain (outputs/report/index.html), readable without Python.
report: run
	$(BIN)/python -m helpers report $(if $(STUDY),--outputs "$(STUDY)/outputs",$(if $(CORPUS),--outputs "studies/$(notdir $(abspath $(CORPUS)))/outputs"))

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

# Speed figures for every stage (prints tables; takes several minutes, NER dominating).
bench: $(STAMP)
	@for script in ingest clean resolve claims networks; do \
		echo "== bench/$$script.py"; $(BIN)/python bench/$$script.py || exit 1; done
