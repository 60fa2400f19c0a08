"""Checker rule: what the site says about itself (data/site.yml).

Code (message in data/i18n/checker.yml):
  KB141 the site has no named publisher, contact or privacy controller yet: one warning for the
        file, at the first empty entry, naming every entry to fill. Never an error: the site can
        be built and previewed before its owner is known.
"""
from __future__ import annotations

import yaml

from kb.check.context import Context
from kb.check.findings import Finding
from kb.check.messages import severity_of
from kb.check.runner import corpus_rule
from kb.content import site, yamldata
from kb.content.pages import Corpus

CODE = "KB141"


def site_findings(path=None) -> list[Finding]:
    path = site.SITE if path is None else path
    if not path.exists():
        return []
    missing = site.load_site(path).missing
    if not missing:
        return []
    line, col = 1, 1
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yamldata.LOADER)
        section, key = missing[0].split(".")
        for k, v in node.value if isinstance(node, yaml.MappingNode) else ():
            if k.value == section and isinstance(v, yaml.MappingNode):
                for kk, vv in v.value:
                    if kk.value == key:
                        line, col = vv.start_mark.line + 1, vv.start_mark.column + 1
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
        pass  # a broken file is reported by rules/data.py
    return [Finding("data/site.yml", line, col, CODE, severity_of(CODE), {"entries": ", ".join(missing)})]


@corpus_rule
def site_settings(corpus: Corpus, ctx: Context):
    """One warning while the owner has not said who publishes the site."""
    yield from site_findings()
