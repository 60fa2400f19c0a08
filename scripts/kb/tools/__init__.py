"""Tools for maintainers: the benchmark against Hugo (`make bench`: bench.py, with its synthetic
corpus bench_corpus.py) and the Lighthouse audit (`make audit`). Not used by the build.

Imports: any folder of kb (they drive the build as a user would, through its commands).
"""
