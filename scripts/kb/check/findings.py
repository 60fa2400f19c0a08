"""A finding: one problem at PATH:LINE:COL, with a stable code and language-neutral arguments."""
from __future__ import annotations

from dataclasses import dataclass, field

from kb.check.messages import _localize
from kb.content.texts import CHECKER_CODES


@dataclass(frozen=True)
class Finding:
    """One problem: where (path relative to the repository, 1-based line and column), what (code)."""

    path: str
    line: int
    col: int
    code: str
    severity: str = "error"
    args: dict = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str = "en") -> str:
        """The message in `lang` (it, fr, en); findings carry language-neutral arguments, and the
        language-dependent pieces (suggestions, examples, type names) are added here."""
        if not CHECKER_CODES.has(lang, self.code):
            return f"{self.code} {self.args}"
        return " ".join(CHECKER_CODES.text(lang, self.code, **_localize(self, lang)).split())

    def as_dict(self, lang: str = "en") -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang),
        }
