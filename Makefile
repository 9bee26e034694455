# Backchannel: the two commands a researcher needs are `make run` and `make test`.
# Both create the virtual environment first if it is missing or out of date.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := backchannel
# Where executed copies of the notebooks go (the committed notebooks are never overwritten).
RUN_DIR ?= outputs/notebooks
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: setup run test lab bench clean-outputs

setup: $(STAMP)

$(STAMP): requirements.txt constraints.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (backchannel)" >/dev/null
	touch $(STAMP)

run: $(STAMP)
	@mkdir -p $(RUN_DIR)
	@for notebook in $(NOTEBOOKS); do \
		echo "== $$notebook"; \
		$(BIN)/papermill --cwd notebooks -k $(KERNEL) --log-level WARNING \
			$$notebook $(RUN_DIR)/$$(basename $$notebook) || exit 1; \
	done
	@echo "Executed notebooks are in $(RUN_DIR)/; figures and tables in outputs/."

test: $(STAMP)
	$(BIN)/python -m pytest tests notebooks --nbval --nbval-current-env \
		--nbval-sanitize-with tests/nbval_sanitize.cfg

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

bench: $(STAMP)
	$(BIN)/python bench/ingest.py
