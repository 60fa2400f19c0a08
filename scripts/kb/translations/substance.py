"""Readability and substance of a Markdown page body, in plain Python.

Two measures, used to keep the Italian and French pages plain and equal:

- `sentences(body)` / `words(sentence)` / `readability(body)`: the prose sentences of a body and
  their length in words (headings, code, admonition titles, HTML/SVG blocks, link URLs left out);
- `substance(body)`: what a page states that a translation must keep, in a form that compares equal
  across languages: the numbers (thousands separators, decimal commas, percent signs and dates
  normalised: «20 giugno 2016» and «20 juin 2016» are both 2016-06-20), the number of quoted
  passages and the link targets.

The caller strips the front matter (a `Page.body` has none). No import from the rest of the package.
"""
from __future__ import annotations

import re

LONG_SENTENCE = 35  # words: a sentence over this is reported
AVERAGE_LIMIT = 20  # words: the highest acceptable average of a page
# words: the lowest average of a language over the whole site. Below it, the text is a string of
# short sentences that have lost their links (languages.md asks for 14–20 with connectives).
CONNECTED_AVERAGE = 14

# --- Markdown to plain text ---------------------------------------------------------------------

_CLOSING = "»”\"')]"  # closing quotes and brackets that may follow a sentence's stop
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(\s|$)")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_ADMONITION = re.compile(r"^\s*(!!!|\?\?\?\+?)\s")
_HTML_START = re.compile(r"^\s*<(/?)([A-Za-z][A-Za-z0-9-]*)?")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S")
_ABBR_DEFINITION = re.compile(r"^\s*\*\[[^\]]+\]:")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
_ATTR_LIST = re.compile(r"\{:?\s*[#.][^}]*\}")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_FOOTNOTE = re.compile(r"\[\^[^\]]+\]")
_AUTOLINK = re.compile(r"<(?:https?|mailto|ftp):[^>]*>")
_BARE_URL = re.compile(r"\b(?:https?://|www\.)\S+")
_TAG = re.compile(r"<[^>]+>")
_HREF = re.compile(r"""\bhref\s*=\s*["']([^"']*)["']""")
_EMPHASIS = re.compile(r"(\*\*|__|\*|(?<!\w)_|_(?!\w)|`|~~)")
_SPACES = re.compile(r"[ \t\u00a0\u202f]+")
_VOID_TAGS = {"br", "hr", "img", "input", "meta", "link", "source", "wbr"}


def _html_block_end(lines: list[str], i: int, tag: str | None) -> int:
    """Index of the line after an HTML block starting at line i."""
    first = lines[i]
    if tag and tag.lower() not in _VOID_TAGS:
        closing = re.compile(rf"</{re.escape(tag)}\s*>", re.IGNORECASE)
        opening_rest = first[first.lower().find("<" + tag.lower()) + len(tag) + 1:]
        if closing.search(opening_rest) is None and not first.rstrip().endswith("/>"):
            j = i + 1
            while j < len(lines):
                if closing.search(lines[j]):
                    return j + 1
                j += 1
            return j
    j = i + 1
    while j < len(lines) and lines[j].strip():
        j += 1
    return j


def _inline(text: str) -> str:
    """Inline Markdown to plain text: link texts kept, URLs, markup and tags dropped."""
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REF_LINK.sub(lambda m: m.group(1), text)
    text = _FOOTNOTE.sub("", text)
    text = _AUTOLINK.sub(" ", text)
    text = _ATTR_LIST.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _BARE_URL.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _blocks(body: str, *, headings: bool = False, html_text: bool = False) -> list[str]:
    """The prose of a body as segments: paragraphs and list items, each as one line of text.

    With `headings`, heading texts are segments too; with `html_text`, the text nodes of HTML blocks
    (not their attributes, styles or scripts) are kept as segments.
    """
    lines = body.splitlines()
    segments: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = _inline(" ".join(current))
            if text:
                segments.append(text)
            current.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            flush()
            i += 1
            continue
        if fence := _FENCE.match(line):
            flush()
            marker = fence.group(1)
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(marker):
                i += 1
            i += 1
            continue
        html = _HTML_START.match(line)
        if html and not current and (html.group(2) or stripped.startswith("<!--")):
            flush()
            end = _html_block_end(lines, i, html.group(2)) if not stripped.startswith("<!--") else i + 1
            if stripped.startswith("<!--"):
                while end - 1 < len(lines) and "-->" not in lines[end - 1]:
                    end += 1
            if html_text:
                raw = "\n".join(lines[i:end])
                raw = re.sub(r"<(style|script)\b.*?</\1\s*>", " ", raw, flags=re.S | re.I)
                raw = re.sub(r"<!--.*?-->", " ", raw, flags=re.S)
                for piece in re.split(r"<[^>]+>", raw):
                    piece = _SPACES.sub(" ", piece.replace("\n", " ")).strip()
                    if piece:
                        segments.append(piece)
            i = end
            continue
        if _HEADING.match(line):
            flush()
            if headings:
                text = _inline(re.sub(r"^\s*#+\s*|\s*#+\s*$", "", line))
                if text:
                    segments.append(text)
            i += 1
            continue
        if _SETEXT.match(line) and current:
            heading = " ".join(current)
            current.clear()
            if headings:
                segments.append(_inline(heading))
            i += 1
            continue
        if _ADMONITION.match(line):
            flush()
            if headings:
                title = re.search(r"\"([^\"]*)\"", line)
                if title and title.group(1).strip():
                    segments.append(_inline(title.group(1)))
            i += 1
            continue
        if _TABLE_SEPARATOR.match(line) and "-" in line and ("|" in line or current):
            flush()
            i += 1
            continue
        if _LINK_DEFINITION.match(line) or _ABBR_DEFINITION.match(line):
            flush()
            i += 1
            continue
        if stripped.startswith("|") and stripped.count("|") >= 2:
            flush()
            for cell in stripped.strip("|").split("|"):
                text = _inline(cell)
                if text:
                    segments.append(text)
            i += 1
            continue
        item = _LIST_ITEM.match(line)
        if item:
            flush()
            current.append(line[item.end():].strip())
        else:
            current.append(re.sub(r"^\s*>\s?", "", stripped))
        i += 1
    flush()
    return segments


# --- Sentences -----------------------------------------------------------------------------------

# Abbreviations after which a full stop does not end a sentence (lower case, without the stop).
_ABBREVIATIONS = {
    "n", "nn", "art", "artt", "p", "pp", "pag", "es", "cfr", "cf", "vol", "dott", "dr", "prof", "sig",
    "sigg", "ca", "c", "co", "lett", "az", "agr", "m", "mm", "mme", "st", "ste", "env", "ex", "vs",
    "ss", "fig", "tab", "cap", "par", "reg", "dpr", "dlgs", "lgs", "gu", "spa", "srl", "nº",
}
_MAYBE_FINAL = {"ecc", "etc"}  # end a sentence only when a capital letter follows
_OPENERS = "«“\"'([*_"
_END = re.compile(r"[.!?;…]+")


def _ends_sentence(text: str, pos: int, end: int) -> bool:
    """Whether the punctuation text[pos:end] closes a sentence."""
    mark = text[pos:end]
    rest = text[end:]
    # closing quotes or brackets may follow the stop
    after = rest.lstrip(_CLOSING)
    if after and not after[0].isspace():
        return False  # 4.1, 50.000, UE.Coop, We.Pro, www.x
    if not after.strip():
        return True
    if set(mark) & set("!?;"):
        return True
    first = after.lstrip().lstrip(_OPENERS)[:1]
    word = re.search(r"([\w°º]+)\W*$", text[:pos])
    token = word.group(1).lower() if word else ""
    if token in _ABBREVIATIONS:
        return False
    if len(token) == 1 and token.isalpha():
        return False  # an initial: L. 141, M. Rossi
    if re.search(r"(?:\b[^\W\d]\.)+[^\W\d]$", text[max(0, pos - 12):pos]):
        return False  # L.R. D.Lgs. S.p.A
    if token in _MAYBE_FINAL:
        return first.isupper()
    return first.isupper() or first.isdigit() or not first.isalpha()


def _split(segment: str) -> list[str]:
    out: list[str] = []
    start = 0
    for match in _END.finditer(segment):
        pos, end = match.span()
        if ";" in match.group() and segment.count("(", start, pos) > segment.count(")", start, pos):
            continue  # a semicolon inside brackets: (traduit de l'italien ; en italien : …)
        if _ends_sentence(segment, pos, end):
            stop = len(segment) - len(segment[end:].lstrip(_CLOSING))
            piece = segment[start:stop].strip()
            if piece:
                out.append(piece)
            start = stop
    piece = segment[start:].strip()
    if piece:
        out.append(piece)
    return [s for s in out if words(s) > 0]


def sentences(markdown_body: str) -> list[str]:
    """The prose sentences of a Markdown body (front matter already stripped)."""
    result: list[str] = []
    for segment in _blocks(markdown_body):
        result.extend(_split(segment))
    return result


_WORD = re.compile(r"[^\W_]", re.UNICODE)


def words(sentence: str) -> int:
    """Number of words: blank-separated tokens holding at least one letter or digit."""
    return sum(1 for token in sentence.split() if _WORD.search(token))


def readability(body: str) -> dict:
    """Average and longest sentence length of a body, and its sentences over LONG_SENTENCE words."""
    found = sentences(body)
    lengths = [words(s) for s in found]
    return {
        "average": round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        "longest": max(lengths, default=0),
        "sentences": len(lengths),
        "over": [s for s, n in zip(found, lengths, strict=True) if n > LONG_SENTENCE],
    }


# --- Substance -----------------------------------------------------------------------------------

_MONTHS = {
    # Italian
    "gennaio": 1, "febbraio": 2, "marzo": 3, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "agosto": 8, "settembre": 9, "ottobre": 10, "novembre": 11, "dicembre": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "décembre": 12, "decembre": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_SP = r"[ \u00a0\u202f]"
_DAY = r"(?P<day>\d{1,2})(?:°|º|er|ᵉʳ)?"
_DATE_FULL = re.compile(
    rf"(?<![\w]){_DAY}{_SP}+(?P<month>{_MONTH_NAMES}){_SP}*(?P<year>\d{{4}})?(?!\w)", re.IGNORECASE
)
_DATE_MONTH_YEAR = re.compile(rf"(?<![\w])(?P<month>{_MONTH_NAMES}){_SP}+(?P<year>\d{{4}})(?!\w)", re.IGNORECASE)
_DATE_NUMERIC = re.compile(r"(?<![\w/.-])(\d{1,2})/(\d{1,2})/(\d{4})(?![\w/])")
_DATE_ISO = re.compile(r"(?<![\w/.-])(\d{4})-(\d{2})-(\d{2})(?![\w-])")
_NUMBER = re.compile(
    rf"(?<![\w])(?<!\d[.,])(\d{{1,3}}(?:[.,\u00a0\u202f ]\d{{3}})+|\d+)(?:([.,])(\d+))?(?:{_SP}*%)?(?![.,]?\d)"
)


def _normal_number(whole: str, sep: str | None, fraction: str | None) -> str:
    digits = re.sub(r"\D", "", whole)
    if not fraction:
        return str(int(digits))
    # "4.1" (a numbered objective) and "4,1" (a decimal) compare equal: both become 4.1
    return f"{int(digits)}.{fraction}"


def _dates(text: str) -> tuple[list[str], str]:
    found: list[str] = []

    def full(m: re.Match) -> str:
        month = _MONTHS[m.group("month").lower()]
        year = m.group("year")
        found.append(f"{year or '-'}-{month:02d}-{int(m.group('day')):02d}")
        return " "

    def month_year(m: re.Match) -> str:
        found.append(f"{m.group('year')}-{_MONTHS[m.group('month').lower()]:02d}")
        return " "

    def numeric(m: re.Match) -> str:
        found.append(f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}")
        return " "

    def iso(m: re.Match) -> str:
        found.append(f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
        return " "

    text = _DATE_FULL.sub(full, text)
    text = _DATE_MONTH_YEAR.sub(month_year, text)
    text = _DATE_NUMERIC.sub(numeric, text)
    text = _DATE_ISO.sub(iso, text)
    return found, text


def numbers(text: str) -> list[str]:
    """Numbers and dates of a plain text, normalised and sorted (a multiset: repeats kept)."""
    found, rest = _dates(text)
    for m in _NUMBER.finditer(rest):
        whole = m.group(1)
        # «50 000» and «50.000»: a group separator only between a 1-3 digit head and 3-digit groups
        found.append(_normal_number(whole, m.group(2), m.group(3)))
    return sorted(found)


def quotes(text: str) -> int:
    """Number of quoted passages: «…», “…” and "…" (a pair of straight quotes counts once)."""
    return text.count("«") + text.count("“") + text.count('"') // 2


def links(body: str) -> list[str]:
    """Targets of the Markdown links and HTML hrefs of a body (code excluded), sorted."""
    targets: list[str] = []
    in_fence = None
    for line in body.splitlines():
        fence = _FENCE.match(line)
        if fence:
            in_fence = None if in_fence else fence.group(1)
            continue
        if in_fence:
            continue
        targets.extend(m.group(2) for m in _LINK.finditer(_IMAGE.sub(" ", line)) if m.group(2))
        targets.extend(m.group(0)[1:-1] for m in _AUTOLINK.finditer(line))
        targets.extend(_HREF.findall(line))
    # a licence deed in the reader's language is the same link: deed.it / deed.fr -> deed
    return sorted(re.sub(r"/deed\.[a-z]{2}(?:-[A-Za-z]{2})?$", "/deed", t) for t in targets)


def substance(body: str) -> dict:
    """What a translation must keep: numbers (dates normalised), count of quoted passages, links."""
    text = "\n".join(_blocks(body, headings=True, html_text=True))
    return {"numbers": numbers(text), "quotes": quotes(text), "links": links(body)}


# --- The report of `make translations` ------------------------------------------------------------

def plain_language(pages) -> dict:
    """Per language: every page's average and longest sentence, and the figures of the language
    (the average over all its sentences, the longest). `pages`: objects with .lang, .rel, .body."""
    out: dict = {}
    for page in pages:
        found = [words(s) for s in sentences(page.body)]
        lang = out.setdefault(page.lang, {"pages": {}, "words": 0, "sentences": 0, "longest": 0})
        lang["pages"][page.rel] = {
            "average": round(sum(found) / len(found), 1) if found else 0.0,
            "longest": max(found, default=0),
        }
        lang["words"] += sum(found)
        lang["sentences"] += len(found)
        lang["longest"] = max(lang["longest"], max(found, default=0))
    for lang in out.values():
        lang["average"] = round(lang["words"] / lang["sentences"], 1) if lang["sentences"] else 0.0
        lang["over_limits"] = sorted(rel for rel, f in lang["pages"].items()
                                     if f["average"] > AVERAGE_LIMIT or f["longest"] > LONG_SENTENCE)
    return out


def plain_language_lines(figures: dict, text) -> list[str]:
    """The lines of the report; `text(key, **values)` gives the report's messages in its language."""
    lines = []
    for lang, f in figures.items():
        lines.append(text("plain_language", code=lang, average=f["average"], longest=f["longest"],
                          pages=len(f["pages"]), average_limit=AVERAGE_LIMIT, longest_limit=LONG_SENTENCE))
        worst = sorted(f["pages"].items(), key=lambda item: (-item[1]["longest"], item[0]))[:3]
        lines.append("  " + text("plain_language_worst") + " " + ", ".join(
            f"{rel} ({v['average']} / {v['longest']})" for rel, v in worst))
        for rel in f["over_limits"]:
            v = f["pages"][rel]
            lines.append("  " + text("plain_language_over", path=f"docs/{lang}/{rel}", average=v["average"],
                                     longest=v["longest"]))
    return lines
