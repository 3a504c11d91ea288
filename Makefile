# Pressroom: `make run` sets up and serves the demo; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEV := DEBUG=1
# `make run PORT=8001` when 8000 is taken.
PORT ?= 8000
ADDRESS := 127.0.0.1:$(PORT)
LANGUAGES := -l ru -l kk -l es
# Not scanned for messages: copies of the code and files a run or a build writes.
NOT_SOURCE := --ignore=.venv --ignore=build --ignore=var

.PHONY: install run test lint format messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Says which port to try instead of letting runserver fail after the setup.
define PORT_IS_FREE
import socket, sys
port = sys.argv[1]
if not port.isdigit() or not 0 < int(port) < 65536:
    sys.exit(f"make run: PORT={port} is not a port number; try `make run PORT=8001`")
with socket.socket() as probe:
    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        probe.bind(("127.0.0.1", int(port)))
    except OSError:
        sys.exit(f"make run: port {port} is taken; run `make run PORT={int(port) + 1}`")
endef
export PORT_IS_FREE

run: install
	@$(BIN)/python -c "$$PORT_IS_FREE" '$(PORT)'
	$(DEV) $(BIN)/python manage.py migrate --noinput
	$(DEV) $(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(DEV) $(BIN)/python manage.py loaddemo
	@echo "Site:  http://$(ADDRESS)/"
	@echo "Admin: http://$(ADDRESS)/admin/ (the demo logins are above)"
	@# The background worker (press kits) runs beside the server and stops with it.
	$(DEV) sh -c '$(BIN)/python manage.py db_worker --no-startup-delay --no-reload & worker=$$!; \
		trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
		$(BIN)/python manage.py runserver $(ADDRESS)'

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/pytest -n auto --maxprocesses 4

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	$(DEV) $(BIN)/python manage.py makemessages $(LANGUAGES) $(NOT_SOURCE)
	$(DEV) $(BIN)/python manage.py compilemessages $(LANGUAGES) $(NOT_SOURCE)

# Everything the targets create: the environment, var/ (the local database,
# media and generated secrets) and what pytest, ruff and setuptools write.
clean:
	rm -rf $(VENV) var build dist *.egg-info .pytest_cache .ruff_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
