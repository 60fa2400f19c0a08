"""The page checker: `python -m kb check` (`make check`), and the same checks in `make site`.

It reads every page of docs/<lang>/ once (content/pages.py), never writes anything, and reports
one line per problem: `PATH:LINE:COL: error[KB010]: message`, the message in Italian, French or
English from data/i18n/checker.yml (what is wrong and how to fix it). Exit status: 0 when no page
has an error (warnings are printed but do not fail), 1 when one has, 2 on a usage error.

Adding a check
--------------
1. Write a function in the module of its theme (check/rules/) and register it:

       @page_rule
       def my_rule(page: Page, ctx: Context):        # once per page
           if ...:
               yield ctx.at(page, "KB070", line, col, name="...")

       @corpus_rule
       def my_pair_rule(corpus: Corpus, ctx: Context):  # once, with every page
           ...

   `ctx.at_key(page, "KB070", ("field",), ...)` points at a front-matter key instead of a line;
   `ctx.body_pos(page, offset)` turns an offset in `page.body` into (line, col).
2. Add KB070 to data/i18n/checker.yml: `severity` (error|warning) and `it`, `fr`, `en` messages
   (tests/test_check.py fails when one is missing).
3. A new module of rules goes into RULE_MODULES below.
A rule that raises is reported as KB999 on the page it was checking; it never stops the others.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable

from kb.check.context import Context
from kb.check.findings import Finding
from kb.content.pages import Corpus, Page
from kb.content.schema import Schema

# Modules that register rules with @page_rule / @corpus_rule (imported by check_corpus), by theme.
RULE_MODULES: tuple[str, ...] = (
    "kb.check.rules.reading",
    "kb.check.rules.frontmatter",
    "kb.check.rules.links",
    "kb.check.rules.body",
    "kb.check.rules.safety",
    "kb.check.rules.translations",
    "kb.check.rules.links_media",
    "kb.check.rules.github_markdown",
    "kb.check.rules.data",
    "kb.check.rules.language",
    "kb.check.rules.terminology",
    "kb.check.rules.site",
)

PageRule = Callable[[Page, "Context"], Iterable["Finding"]]
CorpusRule = Callable[[Corpus, "Context"], Iterable["Finding"]]
PAGE_RULES: list[PageRule] = []
CORPUS_RULES: list[CorpusRule] = []


def page_rule(fn: PageRule) -> PageRule:
    """Register a check that runs once per page."""
    PAGE_RULES.append(fn)
    return fn


def corpus_rule(fn: CorpusRule) -> CorpusRule:
    """Register a check that runs once over all the pages."""
    CORPUS_RULES.append(fn)
    return fn


def _load_rule_modules() -> None:
    for name in RULE_MODULES:
        importlib.import_module(name)


def _internal(ctx: Context, display_path: str, rule, exc: BaseException) -> Finding:
    text = f"{rule.__name__}: {type(exc).__name__}: {exc}".splitlines()[0][:200]
    return ctx.at_file(display_path, "KB999", 1, 1, error=text)


def check_corpus(corpus: Corpus, schema: Schema | None = None) -> list[Finding]:
    """Every finding about every page of `corpus`, sorted by file, line and column."""
    _load_rule_modules()
    try:
        ctx = Context(corpus, schema)
    except Exception as exc:  # a data file the rules need does not load: say which, and where
        from kb.check.rules.data import data_findings

        found = data_findings() or [Finding("data", 1, 1, "KB999", "error", {"error": f"{type(exc).__name__}: {exc}"[:200]})]
        return sorted(found, key=lambda f: (f.path, f.line, f.col, f.code))
    findings: list[Finding] = []
    for page in corpus.pages:
        for rule in PAGE_RULES:
            try:
                findings.extend(rule(page, ctx))
            except Exception as exc:  # a bug in a rule must not hide the other problems
                findings.append(_internal(ctx, ctx.display(page), rule, exc))
    for corpus_rule in CORPUS_RULES:
        try:
            findings.extend(corpus_rule(corpus, ctx))
        except Exception as exc:
            findings.append(_internal(ctx, ctx.display_docs, corpus_rule, exc))
    unique: dict[tuple, Finding] = {}
    for f in findings:
        unique.setdefault((f.path, f.line, f.col, f.code, json.dumps(f.args, sort_keys=True, default=str)), f)
    return sorted(unique.values(), key=lambda f: (f.path, f.line, f.col, f.code))
