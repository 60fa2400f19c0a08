"""Inline patterns that cannot match are not tried (plugin option `inline_triggers`).

Python-Markdown tries each of its ~14 inline patterns on every run of text, in Python, even when
the character a pattern starts with is not in the text ('[' for a link, '`' for code...). Each
pattern below needs the characters listed; it is skipped for a text without them, which is what
trying it would conclude. Only patterns whose regular expression is exactly the one this table
was written for are skipped (a new Python-Markdown with other patterns just tries them all).
`install()` replaces the private loop `InlineProcessor.__handleInline` in this process; the
plugin calls it from `on_config`. tests/test_levers.py builds the sites with it off and compares,
tests/test_adapter_contract.py checks the private names and patterns it relies on.
"""
from __future__ import annotations

_TRIGGERS: dict[str, tuple[str, tuple[str, ...]]] = {  # name -> (its pattern, needs one of these)
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", ("`",)),
    "escape": (r"\\(.)", ("\\",)),
    "reference": (r"(?<!\!)\[", ("[",)),
    "link": (r"(?<!\!)\[", ("[",)),
    "image_link": (r"\!\[", ("![",)),
    "image_reference": (r"\!\[", ("![",)),
    "short_reference": (r"(?<!\!)\[", ("[",)),
    "short_image_ref": (r"\!\[", ("![",)),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", ("<",)),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", ("<",)),
    "linebreak": (r"  \n", ("  \n",)),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", ("&",)),
    "em_strong": (r"\*|_", ("*", "_")),
    # pymdownx.magiclink (bare addresses, as GitHub shows them) and pymdownx.tilde (~~strike~~)
    "delimiter": (r"\~", ("~",)),
}
_HTML_PREFIX = "(<("  # the raw inline HTML pattern is long; it always starts with '<'
# pymdownx.magiclink's long patterns, known by their start: a bare address has "://" or "www." (any
# case: any text with it has "w." or "W."), a bare e-mail address an "@"; its <…> form a "<".
_LONG: dict[str, tuple[str, tuple[str, ...]]] = {
    "magic-link": ("(?xi)\n(?<![^\\s*_~^[(\'\"\\x03])(?:\n    (?:ht|f)tps?://|", ("://", "w.", "W.")),
    "magic-mail": ("(?xi)\n(?P<mail>\n", ("@",)),
    "autolink": ("(?i)<((?:ht|f)tps?://", ("<",)),
}


def _needs(name: str, pattern) -> tuple[str, ...] | None:
    source = getattr(pattern, "pattern", None)
    if name == "html" and isinstance(source, str) and source.startswith(_HTML_PREFIX):
        return ("<",)
    if name in _LONG and isinstance(source, str) and source.startswith(_LONG[name][0]):
        return _LONG[name][1]
    known = _TRIGGERS.get(name)
    return known[1] if known and known[0] == source else None


def _compact(need: tuple[str, ...] | None) -> tuple[str, ...] | str | None:
    """One needed string as itself: `str in data` without a generator, for most patterns."""
    return need[0] if need is not None and len(need) == 1 else need


def guard() -> str | None:
    """The private loop this lever replaces and what it calls: InlineProcessor.__handleInline(self,
    data, patternIndex=0), called by the treeprocessor itself, __applyPattern(self, pattern, data,
    patternIndex, startIndex=0), and the pattern registry's _sort() and _priority list."""
    from markdown import treeprocessors, util

    from kb.adapter.levers import parameters, source

    cls = treeprocessors.InlineProcessor
    handle = cls.__dict__.get("_InlineProcessor__handleInline")
    apply = cls.__dict__.get("_InlineProcessor__applyPattern")
    if handle is None or apply is None:
        return "InlineProcessor has no __handleInline or __applyPattern"
    if not getattr(cls, "_kb_triggers", False) and parameters(handle) != ["self", "data", "patternIndex"]:
        return "InlineProcessor.__handleInline(self, data, patternIndex) changed"
    if parameters(apply) != ["self", "pattern", "data", "patternIndex", "startIndex"]:
        return "InlineProcessor.__applyPattern(self, pattern, data, patternIndex, startIndex) changed"
    if "self.__handleInline(" not in source(treeprocessors):
        return "InlineProcessor no longer calls its __handleInline"
    if "return data, False, 0" not in source(apply):
        return "InlineProcessor.__applyPattern no longer returns (data, matched, start)"
    registry = util.Registry()
    if not callable(getattr(registry, "_sort", None)) or not isinstance(getattr(registry, "_priority", None), list):
        return "markdown.util.Registry has no _sort() or _priority"
    return None


def install() -> bool:
    """Patch Python-Markdown's inline loop (treeprocessors.InlineProcessor) in this process."""
    from markdown import treeprocessors, util

    cls = treeprocessors.InlineProcessor
    if getattr(cls, "_kb_triggers", False):
        return True
    if not hasattr(cls, "_InlineProcessor__handleInline") or not hasattr(cls, "_InlineProcessor__applyPattern"):
        return False  # another Python-Markdown: leave it alone

    def handle_inline(self, data: str, patternIndex: int = 0) -> str:
        if isinstance(data, util.AtomicString):
            return data
        registry = self.inlinePatterns
        key = (id(registry), len(registry))
        cached = self.__dict__.get("_kb_needs")
        if cached is None or cached[0] != key:
            registry._sort()
            cached = (key, [_compact(_needs(item.name, registry[item.name])) for item in registry._priority])
            self.__dict__["_kb_needs"] = cached
        needs = cached[1]
        start = 0
        count = len(registry)
        apply = self._InlineProcessor__applyPattern
        while patternIndex < count:
            need = needs[patternIndex]
            if need is not None and not (need in data if need.__class__ is str else any(n in data for n in need)):
                patternIndex += 1  # what __applyPattern returns when nothing matches
                start = 0
                continue
            data, matched, start = apply(registry[patternIndex], data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data

    cls._InlineProcessor__handleInline = handle_inline
    cls._kb_triggers = True
    return True
