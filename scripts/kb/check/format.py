"""The findings as text lines, GitHub annotations or JSON, with a summary line."""
from __future__ import annotations

import json

from kb.check.findings import Finding
from kb.check.messages import MESSAGE_LANGS
from kb.content.texts import CHECKER_TERMS

FORMATS: tuple[str, ...] = ("text", "github", "json")


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def summary(findings: list[Finding], lang: str, pages: int | None = None) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    files = len({f.path for f in findings})
    if pages is None:
        return CHECKER_TERMS.text(lang, "summary_short", errors=errors, warnings=warnings, files=files)
    if not findings:
        return CHECKER_TERMS.text(lang, "summary_clean", pages=pages)
    return CHECKER_TERMS.text(lang, "summary", errors=errors, warnings=warnings, files=files, pages=pages)


def format_findings(findings: list[Finding], lang: str = "en", fmt: str = "text", pages: int | None = None) -> str:
    """The findings as text lines (PATH:LINE:COL: severity[CODE]: message), GitHub annotations
    or JSON, followed (text, github) by a summary line."""
    lang = lang if lang in MESSAGE_LANGS else "en"
    if fmt == "json":
        items = [f.as_dict(lang) for f in findings]
        errors = sum(f.severity == "error" for f in findings)
        return json.dumps(
            {"findings": items, "errors": errors, "warnings": len(findings) - errors, "pages": pages},
            ensure_ascii=False, indent=1,
        )
    lines = []
    for f in findings:
        text = f.message(lang)
        if fmt == "github":  # CI cannot know who reads the annotation: both languages of the site
            text = f"IT: {f.message('it')} / FR: {f.message('fr')}"
            kind = "error" if f.severity == "error" else "warning"
            lines.append(
                f"::{kind} file={_gh_escape(f.path, True)},line={f.line},col={f.col},"
                f"title={_gh_escape(f.code, True)}::{_gh_escape(text)}"
            )
        else:
            lines.append(f"{f.path}:{f.line}:{f.col}: {f.severity}[{f.code}]: {text}")
    lines.append(summary(findings, lang, pages))
    return "\n".join(lines)
