"""The data loaders' caches, emptied at the start of each rebuild of `make serve`.

Every loader of a data file (interface strings, vocabularies, schema, checker messages, guide
spec, scaffold texts…) keeps what it read with functools.lru_cache: read once per process. A
`make serve` process lives on while data/ is edited, so each rebuild starts by forgetting what was
read. The loaders live in several folders of kb; this module does not import them (content/
imports nothing else of kb): it empties the caches of every kb module already loaded, including the
ones added later.
"""
from __future__ import annotations

import sys


def clear_caches() -> int:
    """Empty the lru_cache of every function defined at the top level of a loaded kb module;
    return how many were emptied."""
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "kb" or name.startswith("kb.")):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()
                cleared += 1
    return cleared
