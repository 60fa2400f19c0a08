"""The speed levers' guards: an upgrade may make the build slower, never broken.

Each lever that relies on a library's internals (a private name, a signature, an attribute the
library reads) has a `guard()` next to its `install()`, in its own module: it looks at the
installed library, without changing anything, and returns None when everything the lever needs is
there and as expected, or a short sentence saying what is not. The plugin asks `usable(name)`
before installing a lever (on_config); a lever whose guard fails, or whose install raises, is off
for the run, with one INFO line naming it, the library and its version, and the build goes on as
it would with the lever's option set to false: slower, same output (tests/test_levers.py proves
each lever writes the same bytes as the build without it; tests/test_lever_guards.py builds the
site with libraries whose private names were renamed). The parallel build (`parallel`) falls back
to the sequential one the same way (adapter/build.py).

`python -m kb.adapter.levers` prints each lever, its library's version and whether it is on: the
scheduled workflow "Newest libraries" runs it after upgrading the libraries.

Which of the build's processes says it: `python -m kb build` runs MkDocs with `-q` (warnings and
errors only), one process per language, so it tells the process that should print the lines
(KB_LEVER_NOTICES=stderr: written to stderr as MkDocs writes an INFO line) and the other to keep
quiet (=quiet); under `mkdocs serve` or `mkdocs build` (no variable) they go to MkDocs's log.
"""
from __future__ import annotations

import importlib
import logging
import os
import sys
from dataclasses import dataclass

log = logging.getLogger("mkdocs.plugins.kb")

NOTICES_ENV = "KB_LEVER_NOTICES"  # stderr | quiet | unset (MkDocs's log)


@dataclass(frozen=True)
class Lever:
    name: str  # the plugin option in mkdocs.yml (or `parallel`: `python -m kb build` without --sequential)
    library: str  # the distribution whose internals it relies on
    module: str  # kb.adapter.<module>, which has guard() and install()
    what: str


LEVERS: dict[str, Lever] = {lever.name: lever for lever in (
    Lever("parallel", "mkdocs-static-i18n", "parallel", "one MkDocs process per language"),
    Lever("markdown_reuse", "mkdocs", "markdown_reuse", "one Markdown converter per build"),
    Lever("inline_triggers", "Markdown", "inline_triggers", "inline patterns that cannot match are not tried"),
    Lever("theme_listing", "mkdocs", "assets", "the theme's files listed without walking its icons"),
    Lever("template_cache", "Jinja2", "parallel", "Jinja bytecode cache"),
    Lever("nav_fragments", "mkdocs", "fragments", "the navigation rendered once per folder"),
    Lever("render_cache", "mkdocs", "render_cache", "`make serve`: unchanged Markdown not converted again"),
    Lever("page_cache", "mkdocs", "page_cache", "`make serve`: unchanged pages not rendered again"),
)}

_checked: dict[str, str | None] = {}  # lever -> why it is off (None: usable), once per process
_told: set[str] = set()


def _guard_of(lever: Lever):
    module = importlib.import_module(f"kb.adapter.{lever.module}")
    return getattr(module, f"guard_{lever.name}", None) or module.guard


def check(name: str) -> str | None:
    """Why the lever `name` cannot be used with the installed libraries, or None. Never raises."""
    if name not in _checked:
        try:
            _checked[name] = _guard_of(LEVERS[name])()
        except Exception as exc:  # a guard that cannot even look is a lever that is off
            _checked[name] = f"{type(exc).__name__}: {exc}"
    return _checked[name]


def version(library: str) -> str:
    from importlib import metadata  # only when a lever is off, or for the report

    try:
        return metadata.version(library)
    except metadata.PackageNotFoundError:
        return "?"


def notice_text(name: str, reason: str) -> str:
    lever = LEVERS[name]
    return (f"kb: speed lever '{name}' off for this build ({lever.library} {version(lever.library)}: {reason}); "
            "the build goes on without it, slower, with the same pages")


def switch_off(name: str, reason: str, where: str | None = None) -> None:
    """Note that `name` is off for this process, and say it once (`where`: as NOTICES_ENV)."""
    _checked[name] = reason
    if name in _told:
        return
    _told.add(name)
    where = where or os.environ.get(NOTICES_ENV)
    if where == "stderr":
        print(f"INFO    -  {notice_text(name, reason)}", file=sys.stderr, flush=True)
    elif where == "quiet":
        log.debug(notice_text(name, reason))
    else:
        log.info(notice_text(name, reason))


def usable(name: str) -> bool:
    """True if the lever's guard passes; else it is switched off (one INFO line) and False."""
    reason = check(name)
    if reason is not None:
        switch_off(name, reason)
    return reason is None


def install(name: str, install_function, *args) -> bool:
    """Install a lever if its guard passes; an install that raises or refuses switches it off."""
    if not usable(name):
        return False
    try:
        done = install_function(*args)
    except Exception as exc:
        done, why = False, f"install failed: {type(exc).__name__}: {exc}"
    else:
        why = "install refused: the library is not as the lever expects"
    if done is False:
        switch_off(name, why)
        return False
    return True


# --- helpers for the guards ------------------------------------------------------------------

def parameters(function) -> list[str]:
    import inspect

    return list(inspect.signature(function).parameters)


def source(obj) -> str:
    """The source text of a function, or of a module (read from its file, no parsing)."""
    import inspect

    try:
        return inspect.getsource(obj)
    except (OSError, TypeError):
        return ""


def report() -> list[tuple[str, str, str, str]]:
    """(lever, library, version, 'on' or why it is off) for every lever."""
    rows = []
    for name, lever in LEVERS.items():
        reason = check(name)
        rows.append((name, lever.library, version(lever.library), "on" if reason is None else f"OFF: {reason}"))
    return rows


def main() -> int:
    rows = report()
    width = max(len(row[0]) for row in rows)
    lib_width = max(len(f"{row[1]} {row[2]}") for row in rows)
    for name, library, ver, state in rows:
        print(f"{name:<{width}}  {library + ' ' + ver:<{lib_width}}  {state}")
    off = [row[0] for row in rows if row[3] != "on"]
    print(f"levers off: {', '.join(off) if off else 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
