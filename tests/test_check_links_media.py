"""How links and images are written, images themselves, page file names, links to drafts
(scripts/kb/check/rules/links_media.py): one fault at a time on the small valid tree."""
from __future__ import annotations

from pathlib import Path

import pytest
from checker_fixtures import EXPERIENCE, write_tree
from test_check import FR_EXP, IT_EXP, IT_HOME, assert_reported_at, checked, edit, put


@pytest.fixture
def docs(tmp_path) -> Path:
    return write_tree(tmp_path)


def at_section(snippet: str):
    return lambda d: edit(d, IT_HOME, "## Sezione", snippet)


def with_image(snippet: str, size: int = 100):
    def breaker(d):
        put(d, "it/foto.jpg", b"\xff\xd8" + b"0" * size)
        edit(d, IT_HOME, "## Sezione", snippet)
    return breaker


CASES = [
    # (id, how to break the tree, code, file, line, col)
    ("windows-image", at_section(r"![Mappa](C:\Users\anna\Desktop\Mappa Orti.png)"), "KB088", IT_HOME, 16, 10),
    ("file-image", at_section("![Foto](file:///home/anna/foto.jpg)"), "KB088", IT_HOME, 16, 9),
    ("disk-image", at_section("![Foto](/home/anna/foto.jpg)"), "KB088", IT_HOME, 16, 9),
    ("html-disk-image", at_section(r'<img src="C:\foto.jpg" alt="Foto">'), "KB088", IT_HOME, 16, 6),
    ("image-elsewhere", at_section("![Foto](https://www.example.org/foto.jpg)"), "KB086", IT_HOME, 16, 9),
    ("image-without-alt", with_image("![](foto.jpg)"), "KB089", IT_HOME, 16, 5),
    ("link-with-spaces", at_section("[verbale](Verbale riunione.pdf)"), "KB091", IT_HOME, 16, 11),
    ("link-with-backslashes", at_section(r"[orti](experiences\orti.md)"), "KB092", IT_HOME, 16, 8),
    ("link-to-file", at_section("[verbale](file:///C:/Documenti/verbale.pdf)"), "KB093", IT_HOME, 16, 11),
    ("link-to-drive", at_section(r"[verbale](C:\Documenti\verbale.pdf)"), "KB093", IT_HOME, 16, 11),
    ("html-image-missing", at_section('<img src="foto/mappa.png" alt="Mappa">'), "KB041", IT_HOME, 16, 6),
    ("html-link-to-file", at_section('<a href="file:///C:/verbale.pdf">verbale</a>'), "KB093", IT_HOME, 16, 4),
]


@pytest.mark.parametrize("name,breaker,code,rel,line,col", CASES, ids=[c[0] for c in CASES])
def test_each_fault_is_reported_where_it_is(docs, name, breaker, code, rel, line, col):
    assert_reported_at(docs, breaker, code, rel, line, col)


def test_a_disk_image_message_says_where_to_put_it(docs):
    edit(docs, IT_EXP, "A Torino.", r"A Torino. ![Mappa](C:\Users\anna\Desktop\Mappa Orti.png)")
    it = checked(docs, "--lang", "it").find("KB088")[0]["message"]
    # one folder, the one the web editor uploads to, shared by both languages
    assert "docs/assets/images/mappa-orti.png" in it and "«../../assets/images/mappa-orti.png»" in it
    assert "docs/it/experiences/mappa-orti.png" not in it and "docs/it/assets/" not in it
    fr = checked(docs, "--lang", "fr").find("KB088")[0]["message"]
    assert "« ../../assets/images/mappa-orti.png »" in fr


def test_spaces_message_gives_both_fixes(docs):
    edit(docs, IT_HOME, "## Sezione", "[verbale](Verbale riunione.pdf)")
    message = checked(docs).find("KB091")[0]["message"]
    assert "Verbale%20riunione.pdf" in message and "“verbale-riunione.pdf”" in message


def test_a_large_image_is_a_warning_with_how_to_shrink_it(docs):
    with_image("![Foto dell'orto](foto.jpg)", size=600 * 1024)(docs)
    result = checked(docs, "--lang", "it")
    hits = result.find("KB090")
    assert [(f["line"], f["col"], f["severity"]) for f in hits] == [(16, 19, "warning")]
    assert "1600 px" in hits[0]["message"] and "WebP" in hits[0]["message"]
    assert result.code == 0


def test_a_small_image_with_alt_text_is_fine(docs):
    with_image('![Foto dell\'orto](foto.jpg "Orto") <img src="foto.jpg" alt="Orto">')(docs)
    assert checked(docs).errors() == []


def test_an_html_image_without_alt_is_reported(docs):
    with_image('<img src="foto.jpg">')(docs)
    assert [(f["line"], f["col"]) for f in checked(docs).find("KB089")] == [(16, 1)]


def test_a_page_file_name_gives_the_rename_for_both_languages(docs):
    for lang in ("it", "fr"):
        text = EXPERIENCE[lang].replace("id: orti", "id: mia-pagina")
        put(docs, f"{lang}/experiences/Mia Pagina.md", text)
    result = checked(docs)
    assert result.code == 1
    hits = [f for f in result.find("KB094") if f["path"] == "docs/it/experiences/Mia Pagina.md"]
    assert [(f["line"], f["col"], f["severity"]) for f in hits] == [(1, 1, "error")]
    message = hits[0]["message"]
    assert 'git mv "docs/it/experiences/Mia Pagina.md" docs/it/experiences/mia-pagina.md' in message
    assert 'git mv "docs/fr/experiences/Mia Pagina.md" docs/fr/experiences/mia-pagina.md' in message
    assert "mia-pagina.md" in checked(docs, "--lang", "fr").find("KB094")[0]["message"]


@pytest.mark.parametrize("name", ["Orti.md", "orti_comuni.md", "orti comuni.md", "città.md"])
def test_names_outside_lower_case_digits_and_hyphens_are_errors(docs, name):
    for lang in ("it", "fr"):
        put(docs, f"{lang}/{name}", (docs / lang / "index.md").read_text(encoding="utf-8").replace("id: home", "id: altra"))
    assert {f["path"] for f in checked(docs).find("KB094")} == {f"docs/it/{name}", f"docs/fr/{name}"}


def test_a_published_page_linking_to_a_draft_is_an_error(docs):
    for rel in (IT_EXP, FR_EXP):
        edit(docs, rel, "status: published", "status: draft")
    result = checked(docs)
    hits = [f for f in result.find("KB054") if f["path"] == f"docs/{IT_HOME}"]
    assert [(f["line"], f["col"]) for f in hits] == [(14, 21), (14, 62)]
    assert "docs/it/experiences/orti.md" in hits[0]["message"]
    assert result.code == 1
    # the draft itself may link anywhere
    assert not [f for f in result.find("KB054") if f["path"] == f"docs/{IT_EXP}"]
