"""Tools for maintainers: the benchmark against Hugo (`make bench`: bench.py, with its synthetic
corpus bench_corpus.py and its parts bench_run.py, bench_reader.py, bench_serve.py,
bench_report.py), the Lighthouse audit and the offline copies' save times (`make audit`:
audit.py), and the app icons drawn from the logo (icons.py, committed). Not used by the build.

Imports: any folder of kb but kb.adapter (they drive the build as a user would, through its
commands; the import-linter contract in pyproject.toml).
"""
