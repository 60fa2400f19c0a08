"""Which language a text is written in, Italian or French: py3langid (a naive Bayes classifier over
byte n-grams whose model ships inside the package), limited to the site's languages.

What is classified is the prose a reader reads, in words that are not names: `prose_blocks(page)`
gives the paragraphs of a page's body (a heading, a paragraph, a list, a table, the text of an
admonition) without code, quotations (`> …`, `!!! quote`), paragraphs marked with their own
language (`{: lang="fr" }`), link addresses, HTML tags and reference definitions; `common_words`
keeps, of a block, only the words that start with a lower-case letter. Proper names (Azienda
Agricola Il Palaset, Provincia di Cuneo, Confcooperative, ATS «Reti di Welfare di Prossimità») are
the same in both languages' pages; left in, a French paragraph that lists Italian organisations
reads as Italian. The common words (de, la, qui, pour / di, che, per, della) are what tells the
languages apart.

The model is read once per process. Its file is compressed (LZMA: about 1 s to read, 2–3 s on a
busy machine, several times the whole check); the first read keeps the Italian and French part,
uncompressed, in the user's cache folder (~/.cache/kb-langid/, XDG_CACHE_HOME), where later runs
map it into memory instead of reading it. Without py3langid (an install that skipped the lock),
`identifier()` is None and the language rules say nothing.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kb.content.caches import cached
from kb.content.paths import LANGS

# A word: letters, with inner apostrophes (l'initiative, dell'ATS).
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LINK = re.compile(r"(!?)\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_REF_LINK = re.compile(r"\[([^\[\]\n]*)\]\[[^\[\]\n]*\]")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*\S.*$")
_TAG = re.compile(r"<[^<>\n]*>")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_ATTR_LIST = re.compile(r"\{:?[^{}\n]*\}")
_MARKED_LANG = re.compile(r"\{:?[^{}\n]*\blang\s*=")
_ADMONITION = re.compile(r"^( *)(?:!!!|\?\?\?\+?)[ \t]+\"?([\w-]+)\"?(?:[ \t]+\"([^\"\n]*)\")?")
_LIST_MARK = re.compile(r"^ *(?:[-*+]|\d{1,9}[.)])[ \t]+")
_HEADING_MARK = re.compile(r"^ {0,3}#{1,6}[ \t]+")
QUOTATION_ADMONITIONS = frozenset({"quote", "cite"})


@dataclass(frozen=True)
class Block:
    """A paragraph of prose: where it starts in the body (offset) and its text, markup removed."""

    offset: int
    text: str


def prose_blocks(masked: str) -> list[Block]:
    """The paragraphs of a body whose code is masked (check/markdown.py mask_code), offsets kept.

    Blocks are separated by blank lines. Left out: blockquote lines (`>`), the content of a quote
    admonition (`!!! quote`), blocks marked with their language (`{: lang="…" }`), reference
    definitions. An admonition's title (`!!! abstract "In breve"`) is prose; its type is not.
    """
    blocks: list[Block] = []
    lines: list[str] = []
    start = 0
    quote_indent: int | None = None  # inside a quote admonition indented more than this
    offset = 0

    def close() -> None:
        text = " ".join(part for part in lines if part)
        if text and not _MARKED_LANG.search(text):
            blocks.append(Block(start, _clean(text)))
        lines.clear()

    for line in masked.split("\n"):
        here = offset
        offset += len(line) + 1
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if quote_indent is not None:
            if not stripped or indent > quote_indent:
                continue
            quote_indent = None
        if not stripped:
            close()
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            close()
            if admonition.group(2).lower() in QUOTATION_ADMONITIONS:
                quote_indent = len(admonition.group(1))
                continue
            if admonition.group(3):
                blocks.append(Block(here, _clean(admonition.group(3))))
            continue
        if stripped.startswith(">") or _REF_DEF.match(line):
            close()
            continue
        if not lines:
            start = here + indent
        lines.append(stripped)
    close()
    return [b for b in blocks if b.text]


def _clean(text: str) -> str:
    text = _LIST_MARK.sub("", _HEADING_MARK.sub("", text))
    text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)  # an image's alt text is not the body's
    text = _REF_LINK.sub(r"\1", text)
    text = _TAG.sub(" ", text)
    text = _URL.sub(" ", text)
    text = _ATTR_LIST.sub(" ", text)
    return " ".join(text.split())


def common_words(text: str) -> list[str]:
    """The words of `text` that start with a lower-case letter: what is left when names are not."""
    return [w for w in _WORD.findall(text) if w[0].islower()]


# --- the classifier -----------------------------------------------------------------------------


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "kb-langid"


@cached
def identifier():
    """py3langid's identifier limited to the site's languages, with probabilities; None without
    py3langid. The state machine it walks (40 MB) is read from the cache by mapping the file, not
    copied."""
    try:
        import numpy as np
        from py3langid import langid
    except ImportError:
        return None
    model = langid.MODEL_DIR / langid.MODEL_FILE
    stat = model.stat()
    key = hashlib.sha256(f"{model}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(LANGS)}".encode()).hexdigest()[:16]
    cached = _cache_dir() / f"model-{key}"
    arrays = _read_cache(cached)
    if arrays is None:
        full = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
        full.set_languages(list(LANGS))
        arrays = {
            "ptc": np.ascontiguousarray(full.nb_ptc), "pc": np.asarray(full.nb_pc),
            "classes": np.array(full.nb_classes), "nextmove": np.frombuffer(full.tk_nextmove, dtype=_dtype(full.tk_nextmove)),
            "row": np.frombuffer(full.tk_row, dtype=_dtype(full.tk_row)), "output": np.asarray(full.tk_output, dtype=np.int32),
        }
        _write_cache(cached, arrays)
    return langid.LanguageIdentifier(
        np.asarray(arrays["ptc"]), np.asarray(arrays["pc"]), [str(c) for c in arrays["classes"]],
        _walkable(arrays["nextmove"]), np.asarray(arrays["output"]).tolist(), norm_probs=True,
        tk_row=_walkable(arrays["row"]),
    )


NAMES = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _dtype(values: array) -> str:
    return {2: "<u2", 4: "<u4", 8: "<u8"}[values.itemsize]


def _walkable(values):
    """Unsigned integers as the classifier indexes them one by one: a memoryview of the (mapped)
    array, as fast to index as the stdlib array the package builds, without a copy."""
    return memoryview(values).cast("B").cast({2: "H", 4: "I", 8: "Q"}[values.dtype.itemsize])


def _read_cache(folder: Path) -> dict | None:
    import numpy as np

    try:
        return {name: np.load(folder / f"{name}.npy", mmap_mode="r" if name == "nextmove" else None,
                              allow_pickle=False) for name in NAMES}
    except (OSError, ValueError):
        return None


def _write_cache(folder: Path, arrays: dict) -> None:
    import numpy as np

    with contextlib.suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".model-"))
        try:
            for name in NAMES:
                np.save(tmp / f"{name}.npy", np.ascontiguousarray(arrays[name]))
            os.replace(tmp, folder)  # whole or not at all, even with two checks at once
        except OSError:
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


def classify(words: list[str]) -> tuple[str, float] | None:
    """(language, probability) of a run of words, or None without a classifier or words."""
    ident = identifier()
    if ident is None or not words:
        return None
    lang, probability = ident.classify(" ".join(words))
    return str(lang), float(probability)


def iter_classified(masked: str, min_words: int) -> Iterator[tuple[Block, int, tuple[str, float]]]:
    """(block, number of common words, its language) for each block with at least `min_words`."""
    for block in prose_blocks(masked):
        words = common_words(block.text)
        if len(words) >= min_words:
            verdict = classify(words)
            if verdict is not None:
                yield block, len(words), verdict
