# WESTEM mentoring platform. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.lock build-constraints.txt | cksum | cut -d' ' -f1)
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
# The base of the links in the emails the demo and the site send, and the address the demo
# prints: where `make run` serves, unless SITE_URL is given (in the environment or to make).
SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: run test axe install messages migrate demo lint format lock makemessages clean

# No beat runs here: the outbox's sweep runs beside the server (an email whose sending failed
# is tried again after its backoff), and stops with it.
run: install messages migrate demo
	trap 'kill 0' EXIT; SITE_URL='$(SITE_URL)' $(MANAGE) send_due_notifications --every 60 & \
		SITE_URL='$(SITE_URL)' $(MANAGE) runserver $(HOST):$(PORT)

# The suite on TEST_PROCESSES processes (pytest-xdist; each has its own test database and Redis
# database); the long browser tests are shared out as the processes free up (worksteal).
TEST_PROCESSES ?= 2
test: install messages axe
	$(BIN)/pytest -n $(TEST_PROCESSES) --dist worksteal $(PYTEST_ARGS)

# axe-core for the browser tests' accessibility checks (npm; the site itself needs none).
axe: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: the accessibility checks will be skipped (apt-get install npm)"; fi

install: $(STAMP)

$(STAMP): requirements.lock build-constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/pip install --quiet --disable-pip-version-check --build-constraint build-constraints.txt -r requirements.lock
	rm -f $(VENV)/.installed-*
	touch $@

# Compile the .po catalogues with Babel, so no system gettext is needed to run the site.
# locale_overrides/ holds django-allauth's strings in the project's words, Swedish and English
# (not touched by makemessages; LOCALE_PATHS lists it after locale/).
messages: install
	$(BIN)/pybabel compile --domain django --directory locale --statistics 2>&1 | grep -v '^$$' || true
	$(BIN)/pybabel compile --domain django --directory locale_overrides --statistics 2>&1 | grep -v '^$$' || true

migrate: install
	$(MANAGE) migrate --noinput

demo: install
	SITE_URL='$(SITE_URL)' $(MANAGE) seed_demo

# The layers are checked too: imports (import-linter, its contract in pyproject.toml) and the
# templates' {% load %}, {% extends %}/{% include %} and {% url %} (tests/test_template_layers.py).
# makemigrations --check also checks the database's migration history; a database it cannot
# reach is only a RuntimeWarning to Django, and made an error here so the check is not skipped.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/pytest -q -p no:cacheprovider tests/test_template_layers.py
	$(BIN)/python -W error::RuntimeWarning manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Needs GNU gettext (apt-get install gettext).
makemessages: install
	$(MANAGE) makemessages --locale sv --no-obsolete --add-location file --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'tests/*' --ignore 'bench/*'

lock:
	$(BIN)/pip-compile --quiet --extra dev --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links --pip-args "--build-constraint build-constraints.txt" \
		-o requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3 test-artifacts
