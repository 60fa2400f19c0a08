"""Every YAML file under data/ is read by `make check` (scripts/kb/check/rules/data.py): PATH:LINE:COL
messages in the reader's language, never a traceback; what must exist in both languages does."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from checker_fixtures import ROOT, run_cli, write_tree
from conftest import copy_repo
from kb.check.rules import data as check_data


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    """A copy of data/ that the data rules read instead of the real one."""
    copy = tmp_path / "data"
    shutil.copytree(ROOT / "data", copy)
    monkeypatch.setattr(check_data, "DATA_DIR", copy)
    return copy


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def findings(data: Path, code: str | None = None):
    found = check_data.data_findings(data)
    return [f for f in found if code is None or f.code == code]


def line_of(path: Path, needle: str) -> int:
    return path.read_text(encoding="utf-8").split("\n").index(next(
        line for line in path.read_text(encoding="utf-8").split("\n") if needle in line)) + 1


def test_the_real_data_files_are_clean():
    assert check_data.data_findings(ROOT / "data") == []


def test_a_tab_in_the_vocabularies_is_a_message_not_a_traceback(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    vocabularies = repo / "data" / "vocabularies.yml"
    replace(vocabularies, "\n  output: {", "\n\toutput: {")
    line = line_of(vocabularies, "\toutput: {")
    for lang, words in (("it_IT.UTF-8", "tabulazione: usa spazi"), ("fr_FR.UTF-8", "tabulation : utilisez des espaces"),
                        ("C.UTF-8", "tab character: indent with spaces")):
        result = run_cli("check", env={"LANGUAGE": "", "LC_ALL": "", "LC_MESSAGES": "", "LANG": lang}, cwd=repo)
        assert result.code == 1
        assert "Traceback" not in result.err and "Traceback" not in result.out, result.err
        assert f"data/vocabularies.yml:{line}:1: error[KB100]: " in result.out, result.out
        assert words in result.out and "cannot start any token" not in result.out


@pytest.mark.parametrize("rel,old,new,reason", [
    ("listings.yml", "pages:\n", "pages:\n\t", "yaml_tab"),
    ("i18n/it.yml", "sources: Fonti", "sources Fonti\nx: y", "yaml_colon"),
    ("guide.yml", "list_limit: 20", 'list_limit: "20', "yaml_quote"),
    ("glossary/ats.yml", "abbr: ATS", "abbr: [ATS", "yaml_flow"),
    ("i18n/checker.yml", "codes:\n", "codes:\n  x: a: b\n", "yaml_mapping_value"),
    ("schema/page.yml", "\n", "\n  bad indent: x\n", None),
    ("i18n/scaffold.yml", "it:\n", "it:\n  - x\n", None),
])
def test_every_data_file_is_read_with_a_position(data, rel, old, new, reason):
    replace(data / rel, old, new)
    found = [f for f in findings(data) if f.path == f"data/{rel}"]
    assert found, f"nothing reported on data/{rel}"
    first = found[0]
    assert first.line >= 1 and first.col >= 1
    if reason:
        assert first.code == "KB100" and first.args["reason_term"] == reason
    for lang in ("it", "fr", "en"):
        assert not re.search(r"\{[a-z_]+\}", first.message(lang)), first.message(lang)


def test_a_vocabulary_value_without_french_label(data):
    replace(data / "vocabularies.yml", "torino: {country: IT, it: Torino, fr: Turin}", "torino: {country: IT, it: Torino}")
    found = findings(data, "KB103")
    line = line_of(data / "vocabularies.yml", "torino: {")
    assert [(f.path, f.line, f.col, f.args["key"], f.args["missing"]) for f in found] == [
        ("data/vocabularies.yml", line, 3, "torino", "fr")]
    assert "`fr: …`" in found[0].message("it")


def test_an_interface_string_missing_in_french(data):
    replace(data / "i18n" / "fr.yml", "edit_page:", "edit_page_x:")
    found = findings(data, "KB104")
    assert {(f.path, f.args["key"]) for f in found} == {("data/i18n/it.yml", "edit_page"), ("data/i18n/fr.yml", "edit_page_x")}
    italian = next(f for f in found if f.path == "data/i18n/it.yml")
    assert italian.line == line_of(data / "i18n" / "it.yml", "edit_page:") and "data/i18n/fr.yml" in italian.message("fr")


def test_a_glossary_term_without_its_french_definition(data):
    text = (data / "glossary" / "ats.yml").read_text(encoding="utf-8")
    start = text.index("fr:\n")
    (data / "glossary" / "ats.yml").write_text(text[:start] + "fr:\n  term: ATS\n" + text[text.index("sources:"):], encoding="utf-8")
    assert [(f.path, f.args["missing"]) for f in findings(data, "KB103")] == [("data/glossary/ats.yml", "fr.definition")]


def test_a_checker_message_missing_in_one_language(data):
    replace(data / "i18n" / "checker.yml", '    en: "the file is empty.', '    xx: "the file is empty.')
    assert [f.args["key"] for f in findings(data, "KB103")] == ["KB003"]


def test_a_message_of_make_new_or_make_translations_missing_in_one_language(data):
    replace(data / "i18n" / "scaffold.yml", '    en: "usage: make new', '    xx: "usage: make new')
    replace(data / "i18n" / "translations-report.yml", "  lang_it: Italian\n", "")
    found = {(f.path, f.args["key"], f.args["missing"]) for f in findings(data, "KB103")}
    assert ("data/i18n/scaffold.yml", "usage", "en") in found
    assert ("data/i18n/translations-report.yml", "lang_it", "en") in found


def test_the_shape_of_the_guide(data):
    replace(data / "guide.yml", "{page: prodotti, then: output, as: full}", "{page: prodotti, then: output, as: big}")
    found = findings(data, "KB105")
    assert len(found) == 1 and found[0].path == "data/guide.yml"
    assert found[0].line == line_of(data / "guide.yml", "as: big")
    assert "'as' must be one of full, short" in found[0].message("it")


def test_not_utf8(data):
    (data / "listings.yml").write_bytes("pages:\n  home: caf\xe9\n".encode("latin-1"))
    found = findings(data, "KB101")
    assert [(f.line, f.col) for f in found] == [(2, 12)]


def test_data_problems_appear_in_make_check(data, tmp_path):
    from checker_fixtures import run_check

    replace(data / "vocabularies.yml", "torino: {country: IT, it: Torino, fr: Turin}", "torino: {country: IT, it: Torino}")
    result = run_check(write_tree(tmp_path))
    assert result.code == 1 and [f["path"] for f in result.find("KB103")] == ["data/vocabularies.yml"]


def test_a_key_written_twice(data):
    replace(data / "vocabularies.yml", "  torino: {country: IT", "  cuneo: {it: Cuneo, fr: Coni}\n  torino: {country: IT")
    found = findings(data, "KB102")
    assert [(f.path, f.args["key"]) for f in found] == [("data/vocabularies.yml", "cuneo")]
    assert found[0].line == line_of(data / "vocabularies.yml", "  cuneo: {it: Cuneo, fr: Coni}") + 2


def test_each_edit_is_seen_by_the_next_check_in_the_same_process(data):
    """`make serve` and the editor check again and again in one process, and the findings of data/
    are kept between checks: two quick edits of the same length, then the file as it was, each
    give the findings of what the file holds now."""
    vocabularies = data / "vocabularies.yml"
    original = vocabularies.read_text(encoding="utf-8")
    assert findings(data) == []
    first_line = original.split("\n", 1)[0]
    vocabularies.write_text(original.replace(first_line, "\t" + first_line[1:], 1), encoding="utf-8")
    assert [f.code for f in findings(data)] == ["KB100"]
    vocabularies.write_text(original, encoding="utf-8")
    assert findings(data) == []
    copy = data.parent / "same-content"
    shutil.copytree(data, copy)
    (copy / "glossary" / "extra.yml").write_text("a: 1\na: 2\n", encoding="utf-8")
    assert "KB102" in {f.code for f in findings(copy)}
    assert findings(data) == []
