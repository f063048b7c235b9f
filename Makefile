# The two commands of the README, and what they need. Every target installs what it uses, so
# each works on a fresh machine.
PYTHON ?= python3
NPM_CI = npm ci --no-audit --no-fund --loglevel=error

.PHONY: demo demo-neo4j test install install-test neo4j webapp lint-cypher bench-import bench-peer schema catalogue compile-catalogue

install:
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[examples]'
	-pyenv rehash 2>/dev/null
	$(MAKE) --no-print-directory compile-catalogue

install-test: neo4j webapp
	$(PYTHON) -m pip install --quiet --disable-pip-version-check -e '.[test]'
	-pyenv rehash 2>/dev/null
	$(PYTHON) -c 'from service.store.bundled_neo4j import archive_classes; archive_classes()'
	$(MAKE) --no-print-directory compile-catalogue
	cd tools/cypher-lint && $(NPM_CI)
	cd tools/graphql-http-audit && $(NPM_CI)
	cd tools/graphql-ws-client && $(NPM_CI)
	cd tools/graphql-schema && $(NPM_CI)
	cd client_examples/js && $(NPM_CI)
	cd bench/peer && $(NPM_CI)

## Build the web application (webapp/: Vite and Preact from the npm registry) into webapp/dist, served at /app/
webapp:
	cd webapp && $(NPM_CI) && npm run --silent build -- --logLevel warn

## Build the bundled Neo4j 5.26 Community (tools/neo4j; Maven Central, then ~/.m2)
neo4j:
	cd tools/neo4j && mvn -q -B package

## Start the API on the embedded engine with the demo network: http://127.0.0.1:8000/graphql, the app at /
demo: install webapp
	$(PYTHON) -m service.cli serve --demo

## The same demo on the bundled Neo4j (a temporary directory, removed on exit)
demo-neo4j: install neo4j webapp
	$(PYTHON) -m service.cli serve --demo --engine neo4j

## Install everything the tests use, then run the whole suite on both engines
test: install-test
	$(PYTHON) -m pytest -n 2 --dist worksteal

## Time a bulk import of 2,000 officers and 3,000 postings on the embedded engine
bench-import: install
	$(PYTHON) bench/import_bench.py

## Time lonet against the peer (bench/peer: @neo4j/graphql on the same bundled Neo4j); a small network
## unless BENCH_ARGS says otherwise (BENCH_ARGS= for the full network)
BENCH_ARGS ?= --quick
bench-peer: install neo4j
	cd bench/peer && $(NPM_CI)
	$(PYTHON) bench/run.py --engine neo4j --peer $(BENCH_ARGS)

## Print the GraphQL schema the code serves to graph_schema/schema.graphql (commit it; a test checks it)
schema:
	$(PYTHON) -m service.graphql.sdl

## Lint every Cypher statement and the Neo4j DDL with Neo4j's own front end
lint-cypher: install-test
	$(PYTHON) -c "import sys; from graph_schema.lint import main; sys.exit(main())"

## Languages (README): gather every _() text of service/ into the four catalogues; translate the empty ones
catalogue:
	$(PYTHON) -m babel.messages.frontend -q extract -F pyproject.toml -o service/i18n/lonet.pot --no-location --sort-output --omit-header .
	$(PYTHON) -m babel.messages.frontend -q update -i service/i18n/lonet.pot -d service/i18n/locale -D lonet --no-fuzzy-matching --ignore-obsolete --ignore-pot-creation-date --width 120
	$(PYTHON) -m service.i18n.english
	$(MAKE) --no-print-directory compile-catalogue

## Compile the catalogues (.po -> .mo; the server compiles a missing or older one in memory itself)
compile-catalogue:
	$(PYTHON) -m babel.messages.frontend -q compile -d service/i18n/locale -D lonet
