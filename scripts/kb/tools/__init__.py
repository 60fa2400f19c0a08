"""Tools for maintainers: the benchmark against Hugo (`make bench`: bench.py, with its synthetic
corpus bench_corpus.py and its parts bench_run.py, bench_reader.py, bench_serve.py,
bench_report.py) and the Lighthouse audit (`make audit`). Not used by the build.

Imports: any folder of kb but kb.adapter (they drive the build as a user would, through its
commands; the import-linter contract in pyproject.toml).
"""
