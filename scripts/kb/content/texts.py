"""Every text shown to people, through one API: interface strings, vocabulary labels, the checker's
messages and terms, the messages of `make new` and of `make translations`.

Each source of texts is a catalogue; every catalogue answers the same call:

    INTERFACE.text("fr", "browse_title")                 # data/i18n/fr.yml
    INTERFACE.text("it", "count_items_other", n=3)       # '{n} schede' -> '3 schede'
    INTERFACE.strings("it")                              # every interface string of a language
    CHECKER_TERMS.text("en", "did_you_mean", suggestion="torino")   # data/i18n/checker.yml `terms`
    CHECKER_CODES.text("fr", "KB020", field="title")     # the message of a checker code
    SCAFFOLD.text("it", "created")                       # data/i18n/scaffold.yml `messages`
    TRANSLATIONS_REPORT.text("en", "summary", pairs=3, …)  # data/i18n/translations-report.yml
    COMMANDS.text("fr", "port_busy", port=8000, …)        # data/i18n/commands.yml: make serve, make edit
    labels("territories").text("fr", "torino")           # data/vocabularies.yml: 'Turin'
    labels("types").text("it", "experience", plural=True)  # its `it_plural` label

One implementation of the rules (`Catalogue.text`):
- `{name}` placeholders are filled from the keyword arguments; a placeholder with no value is left
  as it is written (`{name}`), visible rather than an exception; without arguments the text is
  returned as written;
- a text missing in the language comes from the catalogue's fallback language, if it has one
  (the checker's messages: English);
- a key that the catalogue does not have raises KeyError, except where the catalogue says the key
  itself stands in (vocabulary labels: an unknown value shows as its key).

The data files stay as they are: two layouts are read, one file per language (key -> text) or one
entry per key (key -> language -> text).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping

from kb.content import yamldata
from kb.content.caches import cached
from kb.content.paths import DATA


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: Mapping) -> str:
    """`text` with its `{name}` placeholders filled from `values`; unknown ones left visible."""
    return text.format_map(_KeepMissing(values)) if values else text


class Catalogue:
    """Texts by language and key. `tables(lang)` gives one language's {key: text}."""

    def __init__(self, name: str, tables: Callable[[str], Mapping[str, str]],
                 fallback_lang: str | None = None, key_stands_in: bool = False):
        self.name = name
        self._tables = tables
        self.fallback_lang = fallback_lang
        self.key_stands_in = key_stands_in

    def strings(self, lang: str) -> Mapping[str, str]:
        """Every text of one language (the templates receive this as `t`)."""
        return self._tables(lang)

    def lookup(self, lang: str, key: str) -> str | None:
        """The text as written, after the fallback language; None when there is none."""
        text = self._tables(lang).get(key)
        if text is None and self.fallback_lang and lang != self.fallback_lang:
            text = self._tables(self.fallback_lang).get(key)
        return text

    def has(self, lang: str, key: str) -> bool:
        return self.lookup(lang, key) is not None

    def text(self, lang: str, key: str, /, **values) -> str:
        """The text `key` in `lang`, with its placeholders filled (see the module docstring)."""
        text = self.lookup(lang, key)
        if text is None:
            if self.key_stands_in:
                return key
            raise KeyError(f"{self.name}: no text {key!r} in {lang!r}")
        return fill(text, values)

    def __repr__(self) -> str:
        return f"Catalogue({self.name!r})"


# --- the two layouts of the data files ----------------------------------------------------------

@cached
def _load(relpath: str):
    with open(DATA / relpath, encoding="utf-8") as fh:
        return yamldata.load(fh)


def _section(relpath: str, section: str | None):
    data = _load(relpath)
    return data.get(section, {}) if section else data


def per_language_files(pattern: str) -> Callable[[str], Mapping[str, str]]:
    """One file per language: `pattern` with {lang}, e.g. 'i18n/{lang}.yml' (key -> text)."""
    def tables(lang: str) -> Mapping[str, str]:
        return _load(pattern.format(lang=lang))
    return tables


def language_blocks(relpath: str, section: str | None = None) -> Callable[[str], Mapping[str, str]]:
    """One file, one block per language (lang -> key -> text)."""
    def tables(lang: str) -> Mapping[str, str]:
        return _section(relpath, section).get(lang) or {}
    return tables


def entries_by_key(relpath: str, section: str | None = None) -> Callable[[str], Mapping[str, str]]:
    """One file, one entry per key holding its languages (key -> lang -> text)."""
    @cached
    def tables(lang: str) -> Mapping[str, str]:
        entries = _section(relpath, section)
        return {key: entry[lang] for key, entry in entries.items() if isinstance(entry, dict) and lang in entry}
    return tables


INTERFACE = Catalogue("interface strings", per_language_files("i18n/{lang}.yml"))
CHECKER_TERMS = Catalogue("checker terms", entries_by_key("i18n/checker.yml", "terms"))
CHECKER_CODES = Catalogue("checker messages", entries_by_key("i18n/checker.yml", "codes"), fallback_lang="en")
SCAFFOLD = Catalogue("make new messages", entries_by_key("i18n/scaffold.yml", "messages"))
TRANSLATIONS_REPORT = Catalogue("translations report", language_blocks("i18n/translations-report.yml"))
COMMANDS = Catalogue("command messages", entries_by_key("i18n/commands.yml", "messages"))


# --- vocabulary labels ----------------------------------------------------------------------------

class Labels(Catalogue):
    """The labels of one vocabulary (data/vocabularies.yml); an unknown value shows as its key.
    `plural=True` asks for the `<lang>_plural` label where the vocabulary has one."""

    def __init__(self, vocabulary: str, entries: Callable[[], Mapping]):
        self.vocabulary = vocabulary
        self._entries = entries

        def tables(lang: str) -> Mapping[str, str]:
            return {key: e[lang] for key, e in self._entries().items() if isinstance(e, dict) and lang in e}

        super().__init__(f"labels of {vocabulary}", tables, key_stands_in=True)

    def lookup(self, lang: str, key: str) -> str | None:
        entry = self._entries().get(key)
        return entry.get(lang) if isinstance(entry, dict) else None

    def text(self, lang: str, key: str, /, plural: bool = False, **values) -> str:
        if plural:
            entry = self._entries().get(key)
            if isinstance(entry, dict) and f"{lang}_plural" in entry:
                return fill(entry[f"{lang}_plural"], values)
        return super().text(lang, key, **values)


@cached
def labels(vocabulary: str) -> Labels:
    """The labels of a vocabulary of data/vocabularies.yml."""
    from kb.content.vocab import load_vocabularies

    return Labels(vocabulary, lambda: load_vocabularies().get(vocabulary) or {})
