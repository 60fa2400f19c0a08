"""The page checker (`make check`): one fault at a time on a small valid tree, plus the real docs.

Each case asserts the code, the file, the line (and column where it means something), the exit
status, and that nothing under docs/ changed.
"""
from __future__ import annotations

import copy
import json
import os
import re
import string
from pathlib import Path

import pytest
import yaml
from checker_fixtures import HOME, ROOT, run_check, run_cli, tree_hash, write_tree
from conftest import copy_repo
from kb.check import runner as check
from kb.content.schema import load_schema
from kb.content.strings import user_lang


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def edit(docs: Path, rel: str, old: str, new: str) -> None:
    path = docs / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def put(docs: Path, rel: str, content) -> None:
    path = docs / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def checked(docs: Path, *args: str):
    """Run the checker and assert it changed nothing."""
    before = tree_hash(docs)
    result = run_check(docs, *args)
    assert tree_hash(docs) == before, "the checker changed a file under docs/"
    return result


def assert_reported_at(docs: Path, breaker, code: str, rel: str, line: int, col: int) -> None:
    """After `breaker(docs)`: `code` at docs/`rel`:`line`:`col`, exit status 1, no rule crashed
    (KB999), and its message in Italian and in French with every placeholder filled (`{: }`, the
    attribute-list syntax some messages show, is not a placeholder)."""
    breaker(docs)
    result = checked(docs)
    assert result.code == 1, result.out
    hits = [f for f in result.find(code) if f["path"] == f"docs/{rel}"]
    assert (line, col) in {(f["line"], f["col"]) for f in hits}, result.out
    assert not result.find("KB999"), result.out
    for lang in ("it", "fr"):
        messages = [f["message"] for f in checked(docs, "--lang", lang).find(code)]
        assert messages and all(m.strip() and "{" not in m.replace("{:", "") for m in messages), messages


# --- the valid tree -------------------------------------------------------------------------------

def test_the_valid_tree_has_no_error(docs):
    result = checked(docs)
    assert result.code == 0
    assert result.errors() == []
    # translation records: another check; the project's data files (data/…) are not the tree's
    assert {f["code"] for f in result.findings if f["path"].startswith("docs/")} <= {"KB071"}


def test_text_output_and_summary(docs):
    result = checked(docs, "--format", "text")
    assert result.code == 0
    assert result.out.strip().splitlines()[-1].startswith(("All good", "Errors: 0"))


# --- one fault at a time ------------------------------------------------------------------------------
# (id, how to break the tree, code, file, line (None: any), col (None: any))

def _fm_case(rel, old, new):
    return lambda d: edit(d, rel, old, new)


IT_EXP = "it/experiences/orti.md"
FR_EXP = "fr/experiences/orti.md"
IT_HOME = "it/index.md"

CASES = [
    # reading
    ("invalid-utf8", lambda d: put(d, IT_HOME, HOME["it"].encode().replace(b"Pagina", b"P\xe0gina")),
     "KB002", IT_HOME, 4, 9),
    ("empty-file", lambda d: put(d, IT_HOME, ""), "KB003", IT_HOME, 1, 1),
    ("no-front-matter", lambda d: put(d, IT_HOME, "# Titolo\n\nTesto.\n"), "KB004", IT_HOME, 1, 1),
    ("never-closed", lambda d: put(d, IT_HOME, HOME["it"].replace("---\n!!!", "!!!")), "KB005", IT_HOME, 1, 1),
    ("yaml-syntax", _fm_case(IT_HOME, "title: Pagina iniziale", 'title: "Pagina iniziale'), "KB006", IT_HOME, None, None),
    ("not-a-mapping", lambda d: put(d, IT_HOME, "---\n- a\n- b\n---\ntesto\n"), "KB007", IT_HOME, 2, 1),
    ("duplicate-key", _fm_case(IT_HOME, "status: published", "status: published\nstatus: draft"), "KB008", IT_HOME, 8, 1),
    ("yaml-alias", _fm_case(IT_HOME, "title: Pagina iniziale", "title: &t Pagina iniziale\ndescription2: *t"),
     "KB009", IT_HOME, 4, None),
    ("huge-file", lambda d: put(d, IT_HOME, HOME["it"] + "x" * (20 * 1024 * 1024)), "KB061", IT_HOME, 1, 1),
    ("deep-nesting", _fm_case(IT_HOME, "status: published", "status: published\nx: " + "[" * 5000 + "]" * 5000),
     "KB062", IT_HOME, 8, None),
    # fields
    ("missing-field", _fm_case(IT_HOME, "description: La pagina iniziale del sito di prova per il controllo.\n", ""),
     "KB010", IT_HOME, 9, 1),
    ("missing-field-of-type", _fm_case(IT_EXP, "themes: [agricoltura-sociale]\n", ""), "KB010", IT_EXP, 16, 1),
    ("unknown-key", _fm_case(IT_HOME, "title:", "tittle: x\ntitle:"), "KB011", IT_HOME, 4, 1),
    ("wrong-type", _fm_case(IT_EXP, "phases: [conoscere, creare-relazioni]", "phases: conoscere"), "KB012", IT_EXP, 8, 9),
    ("bad-id", _fm_case(IT_EXP, "id: orti", "id: Orti Comuni"), "KB014", IT_EXP, 2, 5),
    ("short-title", _fm_case(IT_HOME, "title: Pagina iniziale", "title: P"), "KB016", IT_HOME, 4, 8),
    ("long-title", _fm_case(IT_HOME, "title: Pagina iniziale", "title: " + "P" * 130), "KB017", IT_HOME, 4, 8),
    ("no-sources", _fm_case(IT_HOME, "sources:\n  - {title: \"Presentazione", "sources: []\nx_sources:\n  - {title: \"Presentazione"),
     "KB018", IT_HOME, 8, 1),
    ("duplicate-value", _fm_case(IT_EXP, "territories: [torino]", "territories: [torino, torino]"), "KB019", IT_EXP, 9, 1),
    ("out-of-range", _fm_case(IT_EXP, "status: published", "status: published\nweight: -3"), "KB020", IT_EXP, 8, 9),
    ("vocabulary", _fm_case(IT_EXP, "territories: [torino]", "territories: [Torino]"), "KB021", IT_EXP, 9, 15),
    ("date-format", _fm_case(IT_HOME, "updated: 2026-11-26", "updated: 26/11/2026"), "KB022", IT_HOME, 6, 10),
    ("date-with-time", _fm_case(IT_HOME, "updated: 2026-11-26", "updated: 2026-11-26 10:00:00"), "KB022", IT_HOME, 6, 10),
    ("impossible-date", _fm_case(IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30"), "KB023", IT_HOME, 6, 10),
    ("impossible-partial-date", _fm_case(IT_EXP, '{start: "2022-07"}', '{start: "2022-13"}'), "KB023", IT_EXP, 13, 17),
    ("partial-date-format", _fm_case(IT_EXP, '{start: "2022-07"}', '{start: "luglio 2022"}'), "KB024", IT_EXP, 13, 17),
    ("http-url", _fm_case(IT_EXP, "https://www.example.org/pagina", "http://www.example.org/pagina"), "KB025", IT_EXP, 16, None),
    ("url-without-host", _fm_case(IT_EXP, "https://www.example.org/pagina", "https:///pagina"), "KB025", IT_EXP, 16, None),
    ("source-url-and-ref", _fm_case(IT_EXP, 'url: "https://www.example.org/pagina"', 'url: "https://www.example.org/pagina", ref: seed'),
     "KB026", IT_EXP, 16, 5),
    ("enum", _fm_case(IT_EXP, "ref: seed", "ref: seme"), "KB013", IT_EXP, 15, None),
    # pages together
    ("duplicate-id", lambda d: put(d, "it/copia.md", HOME["it"]), "KB030", "it/copia.md", 2, 5),
    ("missing-twin", lambda d: (d / FR_EXP).unlink(), "KB031", IT_EXP, 1, 1),
    ("facts-differ", _fm_case(FR_EXP, "territories: [torino]", "territories: [cuneo]"), "KB032", FR_EXP, 9, 1),
    ("status-differs", _fm_case(FR_EXP, "status: published", "status: draft"), "KB032", FR_EXP, 7, 9),
    # links
    ("broken-link", _fm_case(IT_HOME, "(experiences/orti.md)", "(experiences/orto.md)"), "KB040", IT_HOME, 14, 21),
    ("broken-image", _fm_case(IT_HOME, "## Sezione", "![Mappa](img/mappa.png)\n\n## Sezione"), "KB041", IT_HOME, 16, 10),
    ("link-out-of-docs", _fm_case(IT_HOME, "## Sezione", "[x](../../segreti.md)\n\n## Sezione"), "KB043", IT_HOME, 16, 5),
    ("link-other-language", _fm_case(IT_HOME, "## Sezione", "[x](../fr/index.md)\n\n## Sezione"), "KB043", IT_HOME, 16, 5),
    ("link-to-folder", _fm_case(IT_HOME, "## Sezione", "[x](experiences/)\n\n## Sezione"), "KB044", IT_HOME, 16, 5),
    # safety
    ("script", _fm_case(IT_HOME, "## Sezione", "<script>alert(1)</script>\n\n## Sezione"), "KB063", IT_HOME, 16, 1),
    ("iframe", _fm_case(IT_HOME, "## Sezione", 'Mappa: <iframe src="https://www.example.org/"></iframe>'), "KB063", IT_HOME, 16, 8),
    ("object", _fm_case(IT_HOME, "## Sezione", '<OBJECT data="x.swf"></OBJECT>'), "KB063", IT_HOME, 16, 1),
    ("embed", _fm_case(IT_HOME, "## Sezione", '<embed src="x.swf">'), "KB063", IT_HOME, 16, 1),
    ("onclick", _fm_case(IT_HOME, "## Sezione", '<a href="#" onclick="steal()">x</a>'), "KB064", IT_HOME, 16, 13),
    ("onerror-slash", _fm_case(IT_HOME, "## Sezione", '<img/src="x"/onerror=alert(1)>'), "KB064", IT_HOME, 16, 14),
    ("attr-list-event", _fm_case(IT_HOME, "## Sezione", "[x](experiences/orti.md){ onmouseover=\"x()\" }"), "KB064", IT_HOME, 16, 27),
    ("javascript-link", _fm_case(IT_HOME, "## Sezione", "[clic](javascript:alert(1))"), "KB065", IT_HOME, 16, 8),
    ("javascript-entity", _fm_case(IT_HOME, "## Sezione", "[clic](&#106;ava&#x09;script:alert(1))"), "KB065", IT_HOME, 16, 8),
    ("javascript-href", _fm_case(IT_HOME, "## Sezione", "<a href=' JavaScript:alert(1)'>x</a>"), "KB065", IT_HOME, 16, 9),
    ("data-image", _fm_case(IT_HOME, "## Sezione", "![x](data:image/svg+xml;base64,PHN2Zz4=)"), "KB065", IT_HOME, 16, 6),
    ("reference-link", _fm_case(IT_HOME, "## Sezione", "[x][y]\n\n[y]: javascript:alert(1)"), "KB065", IT_HOME, 18, 6),
    ("svg-script", _fm_case(IT_HOME, "## Sezione", '<svg viewBox="0 0 1 1"><script>alert(1)</script></svg>'), "KB063", IT_HOME, 16, 24),
    ("svg-onload", _fm_case(IT_HOME, "## Sezione", '<svg viewBox="0 0 1 1" onload="alert(1)"></svg>'), "KB064", IT_HOME, 16, 24),
    ("svg-javascript-href", _fm_case(IT_HOME, "## Sezione", '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>'),
     "KB065", IT_HOME, 16, 20),
    ("svg-animate", _fm_case(IT_HOME, "## Sezione", '<svg><a><animate attributeName="href" to="javascript:alert(1)"/></a></svg>'),
     "KB065", IT_HOME, 16, 42),
    ("script-in-title", _fm_case(IT_HOME, "title: Pagina iniziale", 'title: "Pagina <script>alert(1)</script>"'),
     "KB063", IT_HOME, 4, 8),
    # pages made by `make new`, published too early
    ("placeholder-published", _fm_case(IT_HOME, "Un sito di prova.", "DA COMPLETARE: due frasi."), "KB051", IT_HOME, 12, 5),
]


@pytest.mark.parametrize("name,breaker,code,rel,line,col", CASES, ids=[c[0] for c in CASES])
def test_each_fault_is_reported_where_it_is(docs, name, breaker, code, rel, line, col):
    breaker(docs)
    result = checked(docs)
    assert result.code == 1, result.out
    hits = [f for f in result.find(code) if f["path"] == f"docs/{rel}"]
    assert hits, f"{code} not reported on docs/{rel}:\n{result.out}"
    if line is not None:
        assert line in {f["line"] for f in hits}, hits
    if col is not None:
        assert (line, col) in {(f["line"], f["col"]) for f in hits}, hits
    assert not result.find("KB999"), result.out


def test_fault_messages_say_how_to_fix(docs):
    edit(docs, IT_HOME, "title:", "tittle: x\ntitle:")
    edit(docs, IT_EXP, "territories: [torino]", "territories: [Torino]")
    result = checked(docs)
    unknown = result.find("KB011")[0]["message"]
    assert "“tittle”" in unknown and "Did you mean “title”?" in unknown
    vocabulary = result.find("KB021")[0]["message"]
    assert "Did you mean “torino”?" in vocabulary and "valle-aosta" in vocabulary


def test_missing_field_message_gives_an_example(docs):
    edit(docs, IT_HOME, "updated: 2026-11-26\n", "")
    message = checked(docs, "--lang", "it").find("KB010")[0]["message"]
    assert "«updated»" in message and "`updated: 2026-11-26`" in message


def test_only_the_type_is_reported_when_it_is_missing(docs):
    edit(docs, IT_EXP, "type: experience\n", "")
    missing = checked(docs).find("KB010")
    assert [f["message"].split("“")[1].split("”")[0] for f in missing if f["path"].startswith("docs/it")] == ["type"]


def test_facts_difference_is_reported_once(docs):
    edit(docs, FR_EXP, "territories: [torino]", "territories: [cuneo]")
    hits = checked(docs).find("KB032")
    assert len(hits) == 1 and "docs/it/experiences/orti.md" in hits[0]["message"]


def test_the_order_of_a_list_of_facts_does_not_matter(docs):
    # the fixture's French page lists the phases in another order
    assert not checked(docs).find("KB032")


# --- accepted input --------------------------------------------------------------------------------

def test_bom_and_crlf_are_accepted_silently(docs):
    text = HOME["it"].replace("\n", "\r\n")
    put(docs, IT_HOME, b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = checked(docs)
    assert result.code == 0 and result.errors() == []


def test_crlf_keeps_line_numbers(docs):
    text = HOME["it"].replace("title:", "tittle: x\ntitle:", 1).replace("\n", "\r\n")
    put(docs, IT_HOME, text.encode("utf-8"))
    assert [f["line"] for f in checked(docs).find("KB011")] == [4]


def test_a_file_that_is_only_front_matter_is_read(docs):
    put(docs, IT_HOME, HOME["it"].split("!!!")[0].rstrip("\n"))
    result = checked(docs)
    assert result.code == 0 and result.errors() == []
    assert result.find("KB047")  # a warning: no summary box


def test_warnings_alone_do_not_fail(docs):
    edit(docs, IT_HOME, "## Sezione", "# Titolo\n\n## Sezione")
    result = checked(docs)
    assert result.find("KB046") and result.find("KB046")[0]["severity"] == "warning"
    assert result.code == 0


def test_links_into_generated_paths_are_not_broken(docs):
    edit(docs, IT_HOME, "## Sezione", "[fasi](browse/phase/conoscere.md) [dati](../api/catalogue.json)\n\n## Sezione")
    assert not {"KB040", "KB043"} & checked(docs).codes()


def test_links_in_code_are_not_links(docs):
    edit(docs, IT_HOME, "## Sezione", "```markdown\n[esempio](pagina-che-non-esiste.md)\n```\n\n`[x](nessuna.md)`\n\n## Sezione")
    assert not checked(docs).find("KB040")


def test_links_with_titles_anchors_and_parentheses(docs):
    edit(docs, IT_HOME, "## Sezione", '[a](experiences/orti.md "titolo") [b](#sezione) [c](https://x.org/a_(b))\n\n## Sezione')
    result = checked(docs)
    assert result.errors() == [] and not result.find("KB042")


def test_missing_anchor_is_a_warning(docs):
    edit(docs, IT_HOME, "experiences/orti.md#dove", "experiences/orti.md#altrove")
    result = checked(docs)
    assert [(f["line"], f["severity"]) for f in result.find("KB042")] == [(14, "warning")]
    assert result.code == 0


def test_absolute_link_is_a_warning(docs):
    edit(docs, IT_HOME, "(experiences/orti.md)", "(/experiences/orti.md)")
    assert [f["severity"] for f in checked(docs).find("KB045")] == ["warning"]


def test_inline_svg_without_code_is_allowed(docs):
    svg = (
        '<figure><svg viewBox="0 0 10 10" role="img" aria-labelledby="t"><title id="t">Fasi</title>'
        '<a href="conoscere/"><rect x="1" y="1" width="8" height="8"/></a></svg></figure>'
    )
    edit(docs, IT_HOME, "## Sezione", svg + "\n\n## Sezione")
    result = checked(docs)
    assert result.errors() == [], result.out


def test_prose_with_equals_and_colons_is_not_flagged(docs):
    edit(docs, IT_HOME, "## Sezione", "Data: 12 maggio. Nota: on = acceso; 2 + 2 = 4. Vedi [x](https://example.org/?a=1&b=2).")
    assert checked(docs).errors() == []


def test_the_placeholder_of_a_draft_is_a_warning(docs):
    edit(docs, IT_HOME, "Un sito di prova.", "DA COMPLETARE: due frasi.")
    edit(docs, IT_HOME, "status: published", "status: draft")
    edit(docs, "fr/index.md", "status: published", "status: draft")
    edit(docs, IT_EXP, "[pagina iniziale](../index.md)", "pagina iniziale")  # a published page
    edit(docs, FR_EXP, "[page d'accueil](../index.md)", "page d'accueil")  # links to no draft
    result = checked(docs)
    assert [(f["line"], f["severity"]) for f in result.find("KB050")] == [(12, "warning")]
    assert result.errors() == []


def test_wrong_section_for_the_type_is_a_warning(docs):
    for lang in ("it", "fr"):
        (docs / lang / "orti.md").write_text((docs / lang / "experiences" / "orti.md").read_text(encoding="utf-8"), encoding="utf-8")
        (docs / lang / "experiences" / "orti.md").unlink()
        edit(docs, f"{lang}/orti.md", "(../index.md)", "(index.md)")
        edit(docs, f"{lang}/index.md", "experiences/orti.md", "orti.md")
        edit(docs, f"{lang}/index.md", "experiences/orti.md", "orti.md")
    result = checked(docs)
    hits = [f for f in result.find("KB034") if f["path"] == "docs/it/orti.md"]
    assert hits and hits[0]["severity"] == "warning" and "docs/it/experiences/orti.md" in hits[0]["message"]
    assert result.code == 0


# --- files that are not what they seem ----------------------------------------------------------

def test_symlink_out_of_docs_is_reported_and_never_read(docs, tmp_path):
    secret = tmp_path / "secret.md"
    secret.write_text("---\nid: segreto\n---\nSEGRETO", encoding="utf-8")
    os.symlink(secret, docs / "it" / "rubato.md")
    os.symlink(tmp_path, docs / "it" / "cartella")
    os.symlink("/etc/hostname", docs / "it" / "immagine.png")
    result = checked(docs)
    paths = {f["path"] for f in result.find("KB060")}
    assert paths == {"docs/it/rubato.md", "docs/it/cartella", "docs/it/immagine.png"}
    assert "SEGRETO" not in result.out and "segreto" not in result.out
    assert not result.find("KB030") and result.code == 1


def test_symlink_inside_docs_is_a_normal_file(docs):
    os.symlink("index.md", docs / "it" / "alias.md")
    assert not checked(docs).find("KB060")


def test_a_named_pipe_is_not_read(docs):
    os.mkfifo(docs / "it" / "tubo.md")
    result = checked(docs)
    assert [f["path"] for f in result.find("KB066")] == ["docs/it/tubo.md"]


def test_an_unexpected_error_in_a_rule_names_the_file(docs, monkeypatch):
    def broken(page, ctx):
        if page.rel == "index.md" and page.lang == "it":
            raise ZeroDivisionError("boom")
        return []

    monkeypatch.setattr(check, "PAGE_RULES", [*check.PAGE_RULES, broken])
    edit(docs, IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30")
    result = checked(docs)
    crash = result.find("KB999")
    assert [f["path"] for f in crash] == ["docs/it/index.md"]
    assert "broken: ZeroDivisionError: boom" in crash[0]["message"]
    assert result.find("KB023")  # the other checks still ran
    assert result.code == 1


@pytest.mark.parametrize("raw", [
    b"---\nx: !!python/object:os.system ls\n---\n",
    b"---\nx: !!int abc\n---\n",
    b"---\nx: !!binary 'zz%'\n---\n",
    b"---\n? [a]\n: b\n---\n",
    b"---\nid: a\x00\n---\n",
    b"---\n" + b"- " * 40000 + b"a\n---\n",
    b"---\na: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n---\n",
    b"---\n1: a\ntrue: b\nnull: c\n---\n!!! abstract \"x\"\n",
    b"---\nsources: !!set {a, b}\n---\n",
    b"---\n---\n",
    b"---",
    b"\n\n\n",
    b"\xef\xbb\xbf",
    b"\r\n---\r\n",
    bytes(range(256)),
])
def test_bad_input_never_crashes(docs, raw):
    put(docs, IT_HOME, raw)
    result = checked(docs)
    assert result.code == 1
    assert [f for f in result.findings if f["path"] == "docs/it/index.md" and f["severity"] == "error"]
    assert not result.find("KB999"), result.out


# --- output, exit status, languages ---------------------------------------------------------------

def test_text_line_format_and_exit_status(docs):
    edit(docs, IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30")
    result = run_cli("check", "--docs", str(docs), "--lang", "en")
    assert result.code == 1
    first = next(line for line in result.out.splitlines() if line.startswith("docs/it/index.md"))
    assert re.fullmatch(r"docs/it/index\.md:6:10: error\[KB023\]: .+", first), first
    assert result.out.splitlines()[-1].startswith("Errors: ")
    assert "Traceback" not in result.err


def test_github_annotations(docs):
    edit(docs, IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30")
    edit(docs, IT_HOME, "## Sezione", "# Titolo")
    result = run_check(docs, "--format", "github")
    lines = result.out.splitlines()
    assert any(re.fullmatch(r"::error file=docs/it/index\.md,line=6,col=10,title=KB023::.+", line) for line in lines), lines
    assert any(line.startswith("::warning file=docs/it/index.md,line=16,col=1,title=KB046::") for line in lines)


def test_json_output(docs):
    edit(docs, IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30")
    data = json.loads(run_check(docs, "--format", "json").out)
    assert data["errors"] >= 1 and data["pages"] == 4
    assert {"path", "line", "col", "code", "severity", "message"} <= set(data["findings"][0])


@pytest.mark.parametrize("args", [
    ["--format", "xml"], ["--lang", "de"], ["--no-such-option"], ["--docs", "/nonexistent/docs"], ["--docs", "scripts"],
])
def test_usage_errors_exit_2(args):
    result = run_cli("check", *args)
    assert result.code == 2, (result.out, result.err)
    assert "Traceback" not in result.err


@pytest.mark.parametrize("env,expected", [
    ({"LANG": "fr_FR.UTF-8"}, "la date « 2026-02-30 »"),
    ({"LANG": "it_IT.UTF-8"}, "la data «2026-02-30»"),
    ({"LANG": "C.UTF-8"}, "the date “2026-02-30”"),
    ({"LANGUAGE": "de:fr", "LANG": "de_DE.UTF-8"}, "la date « 2026-02-30 »"),
])
def test_message_language_from_the_environment(docs, env, expected):
    edit(docs, IT_HOME, "updated: 2026-11-26", "updated: 2026-02-30")
    clean = dict.fromkeys(("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"), "")
    result = run_cli("check", "--docs", str(docs), env={**clean, **env})
    assert expected in result.out, result.out


def test_user_lang():
    assert user_lang({}) == "en"
    assert user_lang({"LANG": "fr_CH.UTF-8"}) == "fr"
    assert user_lang({"LC_ALL": "C", "LANG": "it_IT"}) == "en"
    assert user_lang({"LANGUAGE": "it:en", "LANG": "fr_FR"}) == "it"


# --- the messages file ---------------------------------------------------------------------------------

def _catalog() -> dict:
    with open(ROOT / "data" / "i18n" / "checker.yml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_code_has_a_severity_and_the_same_message_in_three_languages():
    codes = _catalog()["codes"]
    for code, entry in codes.items():
        assert re.fullmatch(r"KB\d{3}", code)
        assert entry.get("severity") in {"error", "warning"}, code
        assert set(entry) == {"severity", "it", "fr", "en"}, code
        assert all(entry[lang].strip() for lang in ("it", "fr", "en")), code
        assert _fields(entry["it"]) == _fields(entry["fr"]) == _fields(entry["en"]), code


def test_every_term_exists_in_three_languages():
    for key, entry in _catalog()["terms"].items():
        assert set(entry) == {"it", "fr", "en"}, key
        assert _fields(entry["it"]) == _fields(entry["fr"]) == _fields(entry["en"]), key


def test_every_code_the_code_uses_has_a_message():
    used = set()
    for path in (ROOT / "scripts" / "kb").rglob("*.py"):
        used |= set(re.findall(r"\"(KB\d{3})\"", path.read_text(encoding="utf-8")))
    assert used, "no code found"
    assert used <= set(_catalog()["codes"]), used - set(_catalog()["codes"])


def test_the_reader_codes_are_kept():
    codes = _catalog()["codes"]
    assert {f"KB00{n}" for n in range(1, 8)} <= set(codes)


# --- the schema ----------------------------------------------------------------------------------------

def test_the_schema_is_valid_draft_2020_12():
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(load_schema().compiled)


def _variants(meta: dict):
    """Many small changes of a valid front matter, valid or not."""
    values = [None, "", "x", "published", "torino", 0, -1, 2022, 3.5, True, [], ["x"], ["torino", "torino"], {},
              {"start": "2022"}, {"start": 2022}, {"start": "2022-13"}, "2026-02-30", "https://a.org/", "http://a.org"]
    for key in [*list(meta), "weight", "code", "kind", "year", "period", "translation", "extra"]:
        variant = copy.deepcopy(meta)
        variant.pop(key, None)
        yield variant
        for value in values:
            variant = copy.deepcopy(meta)
            variant[key] = value
            yield variant
    for entry in ({"title": "abc"}, {"title": "abc", "url": "https://a.org", "ref": "seed"}, {"title": "ab", "ref": "seed"},
                  {"title": "abc", "ref": "seed", "x": 1}, "seed", {"title": "abc", "url": "ftp://a"}):
        variant = copy.deepcopy(meta)
        variant["sources"] = [entry]
        yield variant
    for page_type in ("phase", "output", "experience", "page", "nope"):
        variant = copy.deepcopy(meta)
        variant["type"] = page_type
        yield variant


def test_the_fast_path_never_accepts_what_jsonschema_refuses(docs):
    from kb.content.pages import load_pages

    schema = load_schema()
    corpus = load_pages(docs)
    metas = [p.meta for p in corpus.pages]
    total = 0
    for meta in metas:
        for variant in _variants(meta):
            total += 1
            if schema.fast(variant):
                assert schema.validator.is_valid(variant), variant
    assert total > 500
    assert all(schema.fast(m) for m in metas)  # and it does say yes to valid pages


# --- the real site -------------------------------------------------------------------------------------

# Known problems of the real pages, reported to the content writers rather than edited here: the
# C4 diagram of the method page still carries its look inline (style="…" and a <style> block), now
# in overrides/assets/site.css. Remove an entry once the page is fixed (issue 16).
def test_the_real_docs_pass_the_checker():
    result = run_cli("check", "--lang", "en", "--format", "json")
    assert "Traceback" not in result.err
    errors = {(f["path"], f["code"]) for f in result.errors()}
    assert errors == set(), result.out[-5000:]
    assert result.code == 0


@pytest.mark.build
def test_the_build_fails_on_a_broken_page_with_the_checker_message(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    about = repo / "docs" / "it" / "about.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(re.sub(r"(?m)^updated: .*$", "updated: 2026-02-30", text, count=1), encoding="utf-8")
    env = {"SITE_URL": "http://127.0.0.1/", "LANG": "C.UTF-8", "LANGUAGE": "it"}  # messages in the builder's language
    result = run_cli("build", "--site", str(tmp_path / "site"), env=env, cwd=repo)
    assert result.code != 0
    output = result.out + result.err
    assert re.search(r"docs/it/about\.md:\d+:10: error\[KB023\]: la data «2026-02-30»", output), output[-3000:]


def test_a_fact_missing_in_one_language_is_named(docs):
    edit(docs, FR_EXP, 'period: {start: "2022-07"}\n', "")
    message = checked(docs).find("KB032")[0]["message"]
    assert "“period” is (missing) here" in message and '{"start": "2022-07"}' in message
