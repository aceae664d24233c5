.PHONY: run test test-backend schema bench help

help:
	@echo "make run    start the whole product locally (API, worker, dashboard, demo data)"
	@echo "make test   run every test"
	@echo "make schema regenerate schema.graphql from the code"
	@echo "make bench  run the benchmarks in bench/"

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

test-backend:
	@bash -c 'source scripts/lib.sh && ensure_venv && ensure_services && .venv/bin/python -m pytest'

schema:
	@.venv/bin/packline export-schema

bench:
	@bash scripts/bench.sh
