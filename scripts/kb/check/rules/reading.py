"""What the reader found while reading a file: encoding, front matter, YAML syntax, size."""
from __future__ import annotations

from kb.check.context import Context
from kb.check.runner import page_rule
from kb.content.pages import Page


@page_rule
def read_problems(page: Page, ctx: Context):
    """What the reader found: encoding, missing or unclosed front matter, YAML syntax, size…"""
    for problem in page.parsed.problems:
        yield ctx.at(page, problem.code, problem.line, problem.col, **problem.args)
