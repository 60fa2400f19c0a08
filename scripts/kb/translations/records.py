"""`make translations`: the report of missing and outdated translations, and the stamping of records.

Whether a translation is current (its fingerprint, the state of each page pair) is a fact about the
pages, in kb/content/translation.py; this module reports it and writes the records.

`python -m kb translations` prints the missing and outdated translations and writes them as
JSON; `--stamp PATH` records the current fingerprint of PATH's original in PATH's front matter,
changing nothing else in the file.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import yaml

from kb.content.pages import Corpus, Page, load_pages
from kb.content.paths import DOCS, LANGS, ROOT, other_lang
from kb.content.texts import TRANSLATIONS_REPORT as report
from kb.content.translation import (
    FINGERPRINT_VERSION,
    MISSING,
    OK,
    OUTDATED,
    UNPINNED,
    UNTRANSLATED,
    Status,
    fingerprint,
    record_of,
    translation_status,
)
from kb.translations import substance

REPORT = ROOT / "reports" / "translations.json"


# --- stamping -----------------------------------------------------------------------------------


class StampError(Exception):
    """A page cannot be stamped; the message says why and what to do."""


def _safe_plain(value: str) -> bool:
    """Whether a hash can be written unquoted and still read back as text by any YAML reader."""
    return bool(re.search(r"[a-f]", value)) and not re.fullmatch(r"[0-9]+e[0-9]+", value)


def _scalar(value: str, style: str | None) -> str:
    if style == "'":
        return f"'{value}'"
    if style == '"' or not (value in LANGS or _safe_plain(value)):
        return f'"{value}"'
    return value


def _front_matter_span(text: str) -> tuple[int, int, str]:
    """(start, end, line ending) of the front matter's inside, as offsets into `text`."""
    start = 1 if text.startswith("\ufeff") else 0
    first = re.match(r"---[ \t]*(\r\n|\n|\r)", text[start:])
    if not first:
        raise StampError("the file has no front matter (it must start with a line '---')")
    eol = first.group(1)
    inside = start + first.end()
    pos = inside
    while pos < len(text):
        match = re.compile(r"[^\r\n]*(\r\n|\n|\r|$)").match(text, pos)
        if match is None:  # cannot happen: the pattern matches the empty string
            break
        line = match.group(0)
        if line.rstrip("\r\n").rstrip(" \t") == "---":
            return inside, pos, eol
        if not line:
            break
        pos = match.end()
    raise StampError("the front matter is not closed (a line '---' is missing after it)")


def stamp_text(text: str, original_lang: str, value: str) -> str:
    """`text` with its translation record set to {from: original_lang, hash: value}.

    Surgical: only the `hash:` (and, if wrong, `from:`) value changes, keeping its quoting; a page
    without a record gets one line `translation: {from: .., hash: ..}` right before the closing
    `---`. Comments, key order, quoting, line endings and the body stay byte for byte the same.
    """
    start, end, eol = _front_matter_span(text)
    front = text[start:end]
    try:
        root = yaml.compose(front, Loader=yaml.SafeLoader) if front.strip() else None
    except yaml.YAMLError as exc:
        raise StampError(f"the front matter is not valid YAML ({exc.__class__.__name__}); fix it first") from exc
    if root is not None and not isinstance(root, yaml.MappingNode):
        raise StampError("the front matter is not a list of 'key: value' lines")
    record_line = f"translation: {{from: {original_lang}, hash: {_scalar(value, None)}}}"
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), offsets into `front`
    node = None
    for key, val in root.value if root is not None else []:
        if isinstance(key, yaml.ScalarNode) and key.value == "translation":
            node = val
    if node is None:
        if front and not front.endswith(("\n", "\r")):
            raise StampError("the front matter's last line has no line ending")
        edits.append((len(front), len(front), record_line + eol))
    elif isinstance(node, yaml.MappingNode):
        fields = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        for name, wanted in (("from", original_lang), ("hash", value)):
            current = fields.get(name)
            if isinstance(current, yaml.ScalarNode) and current.style in (None, "'", '"'):
                if current.value != wanted:
                    edits.append((current.start_mark.index, current.end_mark.index, _scalar(wanted, current.style)))
            elif current is not None:
                raise StampError(f"the value of translation.{name} is not a simple value; write it as {wanted}")
            elif not node.value:  # `translation: {}`
                edits = [(node.start_mark.index, node.end_mark.index, record_line.split(": ", 1)[1])]
                break
            elif node.flow_style:
                last = node.value[-1][1].end_mark.index
                edits.append((last, last, f", {name}: {_scalar(wanted, None)}"))
            else:
                first_key = node.value[0][0]
                indent = " " * first_key.start_mark.column
                after = node.value[-1][1].end_mark.index
                line_end = re.compile(r"[^\r\n]*(\r\n|\n|\r)").match(front, after)
                at = line_end.end() if line_end else len(front)
                edits.append((at, at, f"{indent}{name}: {_scalar(wanted, None)}{eol}"))
    elif isinstance(node, yaml.ScalarNode) and node.value in ("", "~", "null"):
        flow = record_line.split(": ", 1)[1]
        if node.start_mark.index == node.end_mark.index:
            flow = " " + flow
        edits.append((node.start_mark.index, node.end_mark.index, flow))
    else:
        raise StampError("the value of translation: is not a record {from: .., hash: ..}; fix it by hand")
    for a, b, replacement in sorted(edits, reverse=True):
        front = front[:a] + replacement + front[b:]
    new_text = text[:start] + front + text[end:]
    _verify(new_text, original_lang, value)
    return new_text


def _verify(text: str, original_lang: str, value: str) -> None:
    from kb.content import frontmatter

    parsed = frontmatter.parse_text(text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    record = (parsed.meta or {}).get("translation")
    if record != {"from": original_lang, "hash": value}:
        raise StampError("the record could not be written safely; edit `translation:` by hand")


def _has_text(page: Page) -> bool:
    return bool(page.view.title and page.body.strip())


def stamp(page: Page, corpus: Corpus) -> str | None:
    """Record the current fingerprint of `page`'s original in `page`'s file.

    Returns the fingerprint written, or None if the record was already current.
    """
    twin = corpus.twin(page)
    where = f"docs/{page.lang}/{page.rel}"
    if page.parsed.meta is None:
        raise StampError(f"{where} cannot be read: run `make check` and fix the front matter first")
    if twin is None:
        raise StampError(f"docs/{other_lang(page.lang)}/{page.rel} does not exist: there is no original to record")
    if twin.parsed.meta is None:
        raise StampError(f"docs/{twin.lang}/{twin.rel} cannot be read: run `make check` and fix it first")
    if record_of(twin) is not None:
        raise StampError(
            f"docs/{twin.lang}/{twin.rel} also says it is a translation: remove the `translation:` "
            f"line of the original before stamping {where}"
        )
    if page.view.translation is not None and page.view.translation.pending and not _has_text(page):
        raise StampError(
            f"{where} is still to translate (it has no title or text of its own yet): write the translation, then record it"
        )
    value = fingerprint(twin)
    # compared as written: a hash written as a number is rewritten as the string it must be
    if page.meta.get("translation") == {"from": twin.lang, "hash": value}:
        return None
    raw = page.path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise StampError(f"{where} is not UTF-8 text") from exc
    page.path.write_bytes(stamp_text(text, twin.lang, value).encode("utf-8"))
    return value


# --- report -------------------------------------------------------------------------------------


def report_json(statuses: list[Status]) -> dict:
    """Per language: the pages missing in it and its outdated translations; plus every pair."""
    languages = {}
    for lang in LANGS:
        languages[lang] = {
            "missing": [s.rel for s in statuses if s.state == MISSING and s.missing_lang == lang],
            "outdated": [
                s.rel for s in statuses if s.state == OUTDATED and s.translation and s.translation.lang == lang
            ],
            "untranslated": [
                s.rel for s in statuses if s.state == UNTRANSLATED and s.translation and s.translation.lang == lang
            ],
        }
    counts = {state: sum(1 for s in statuses if s.state == state)
              for state in (OK, OUTDATED, MISSING, UNPINNED, UNTRANSLATED)}
    return {
        "fingerprint": FINGERPRINT_VERSION,
        "counts": counts,
        "languages": languages,
        "unpinned": [s.rel for s in statuses if s.state == UNPINNED],
        "pairs": [s.as_json() for s in statuses],
    }


def stamp_command(path: str) -> str:
    return f"python -m kb translations --stamp {path}"


def report_text(statuses: list[Status], lang: str = "en") -> str:
    data = report_json(statuses)
    counts = data["counts"]
    lines = [report.text(lang, "summary", pairs=len(statuses), **counts), ""]
    for code in LANGS:
        lines.append(report.text(lang, "language_heading", name=report.text(lang, f"lang_{code}"), code=code))
        rows = []
        for s in statuses:
            if s.state == MISSING and s.missing_lang == code and s.original is not None:
                detail = report.text(lang, "missing_detail", original=f"docs/{s.original.lang}/{s.rel}")
                rows.append((report.text(lang, "missing"), s.rel, detail))
            elif s.state == UNTRANSLATED and s.translation and s.original and s.translation.lang == code:
                detail = report.text(lang, "untranslated_detail", original=f"docs/{s.original.lang}/{s.rel}")
                rows.append((report.text(lang, "untranslated"), s.rel, detail))
            elif s.state == OUTDATED and s.translation and s.original and s.translation.lang == code:
                rows.append(
                    (
                        report.text(lang, "outdated"),
                        s.rel,
                        report.text(
                            lang,
                            "outdated_detail",
                            original=f"docs/{s.original.lang}/{s.rel}",
                            recorded=s.recorded or "-",
                            current=s.current,
                        ),
                    )
                )
        if not rows:
            lines.append("  " + report.text(lang, "nothing"))
        width = max((len(r[0]) for r in rows), default=0)
        width_rel = max((len(r[1]) for r in rows), default=0)
        lines += [f"  {a:<{width}}  {b:<{width_rel}}  {c}" for a, b, c in rows]
        lines.append("")
    unpinned = [s for s in statuses if s.state == UNPINNED]
    if unpinned:
        lines.append(report.text(lang, "unpinned_heading"))
        width_rel = max(len(s.rel) for s in unpinned)
        for s in unpinned:
            lines.append(f"  {s.rel:<{width_rel}}  {report.text(lang, f'unpinned_{s.reason}')}")
        lines.append("  " + report.text(lang, "unpinned_fix", command=stamp_command("docs/fr/PATH.md")))
        lines.append("")
    if counts[OUTDATED] or counts[UNTRANSLATED]:
        lines.append(report.text(lang, "outdated_fix", command=stamp_command("docs/LANG/PATH.md")))
    return "\n".join(lines).rstrip() + "\n"


def _page_of_path(arg: str, corpus: Corpus) -> Page:
    path = Path(arg)
    candidates = [path.resolve(), (ROOT / path).resolve(), (corpus.docs / path).resolve()]
    docs = corpus.docs.resolve()
    for candidate in candidates:
        try:
            rel = candidate.relative_to(docs)
        except ValueError:
            continue
        lang, _, inner = rel.as_posix().partition("/")
        page = corpus.by_rel(lang, inner)
        if page is not None:
            return page
    raise StampError(f"{arg}: not a page under docs/it/ or docs/fr/")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kb translations",
        description="Report missing and outdated translations; record which original a translation follows.",
    )
    parser.add_argument("--docs", type=Path, default=DOCS, help="folder holding it/ and fr/ (default: docs/)")
    parser.add_argument("--lang", choices=["en", "it", "fr"], default=None,
                        help="language of the report (default: from LANG, as `make check`)")
    parser.add_argument("--json", type=Path, default=REPORT, metavar="FILE",
                        help="where to write the JSON report (default: reports/translations.json)")
    parser.add_argument("--stamp", nargs="+", metavar="PATH",
                        help="record the current fingerprint of each PATH's original in PATH (a translated page)")
    parser.add_argument("--stamp-all", action="store_true", help="stamp every outdated translation (only once they have all been updated)")
    parser.add_argument("--check", action="store_true", help="exit with status 1 if a translation is outdated, missing or unrecorded")
    args = parser.parse_args(argv)
    if args.lang is None:
        from kb.content.strings import user_lang

        args.lang = user_lang()

    docs = args.docs.resolve()
    corpus = load_pages(docs)
    if args.stamp or args.stamp_all:
        targets: list[Page] = []
        try:
            targets = [_page_of_path(p, corpus) for p in args.stamp or []]
        except StampError as exc:
            print(exc, file=sys.stderr)
            return 2
        if args.stamp_all:
            targets += [s.translation for s in translation_status(corpus) if s.state == OUTDATED and s.translation]
        failed = 0
        for page in targets:
            where = f"docs/{page.lang}/{page.rel}"
            try:
                value = stamp(page, corpus)
            except StampError as exc:
                failed += 1
                print(report.text(args.lang, "stamp_failed", path=where, reason=exc), file=sys.stderr)
                continue
            if value is None:
                print(report.text(args.lang, "stamp_current", path=where))
            else:
                print(report.text(args.lang, "stamped", path=where, hash=value))
        if targets:
            corpus = load_pages(docs)
        if failed:
            return 1

    statuses = translation_status(corpus)
    figures = substance.plain_language(corpus.pages)  # sentence lengths per page (issue: plain language)
    if not (args.stamp or args.stamp_all):
        sys.stdout.write(report_text(statuses, args.lang))
        sys.stdout.write("\n".join(substance.plain_language_lines(figures, lambda key, **v: report.text(args.lang, key, **v))) + "\n")
    data = report_json(statuses)
    data["plain_language"] = figures
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    if args.check and any(s.state != OK for s in statuses):
        return 1
    return 0
