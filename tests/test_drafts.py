"""A draft (`status: draft`, what `make new` writes) is previewed by `make serve` only: the built
site is byte for byte the site without it (no page, list entry, facet count, map count, sitemap
entry, catalogue row, search entry, JSON-LD, language link), and the PDF guide leaves it out."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from conftest import build_site, copy_repo, run_kb
from kb_fixture import DRAFT_ID, SITE_URL, add_draft, write_corpus
from kb_fixture import DRAFT_TITLES as TITLES
from kb_fixture import build_env as env

pytestmark = pytest.mark.build  # every test builds a site with a draft


@pytest.fixture(scope="module")
def draft_repo(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("drafts") / "repo")
    write_corpus(repo)
    add_draft(repo)
    return repo


@pytest.fixture(scope="module")
def draft_site(draft_repo) -> Path:
    return build_site(draft_repo.parent / "site", SITE_URL, root=draft_repo)


def readable(path: Path) -> bytes:
    """The file's bytes, uncompressed when gzip-compressed (sitemap.xml.gz, Pagefind's index)."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_the_draft_is_nowhere_in_the_built_site(draft_site):
    needles = [DRAFT_ID.encode()] + [t.encode() for t in TITLES.values()]
    needles += [t.replace("'", "&#39;").encode() for t in TITLES.values()]
    files = [p for p in draft_site.rglob("*") if p.is_file()]
    assert any(p.suffix == ".pf_fragment" for p in files) and (draft_site / "sitemap.xml.gz").is_file()
    found = [(p.relative_to(draft_site).as_posix(), n.decode()) for p in files for n in needles if n in readable(p)]
    assert found == []


def test_the_site_with_a_draft_is_the_site_without_it(draft_site, generated_site):
    """Same files, same bytes: no count, list, map, index or catalogue knows of the draft."""
    def tree(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}

    with_draft, without = tree(draft_site), tree(generated_site)
    assert sorted(with_draft) == sorted(without)
    assert [name for name in with_draft if with_draft[name] != without[name]] == []


def test_the_guide_leaves_the_draft_out(draft_repo, draft_site, tmp_path):
    """The PDF guide's experiences section lists the published experiences, not the draft."""
    result = run_kb("pdf", "--site", str(draft_site), "--lang", "it", "--html", str(tmp_path), cwd=draft_repo, env=env())
    assert result.returncode == 0, result.stderr[-2000:]
    document = (tmp_path / "guide-it.html").read_text(encoding="utf-8")
    assert "Orti condivisi di prova" in document  # a published experience is there
    assert TITLES["it"] not in document and DRAFT_ID not in document


def test_a_published_page_may_not_link_to_a_draft(draft_repo, tmp_path):
    """The link would lead nowhere in the built site: the checker says so (KB054), and so the build."""
    import json
    import shutil

    docs = shutil.copytree(draft_repo / "docs", tmp_path / "docs")
    about = docs / "it" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + f"\n[La bozza](experiences/{DRAFT_ID}.md)\n", encoding="utf-8")
    draft = docs / "it" / "experiences" / f"{DRAFT_ID}.md"
    draft.write_text(draft.read_text(encoding="utf-8") + "\n[Chi siamo](../about.md)\n", encoding="utf-8")
    result = run_kb("check", "--docs", str(docs), "--format", "json", "--lang", "en", cwd=draft_repo, env=env())
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "KB054"]
    assert [f["path"].endswith("it/about.md") for f in found] == [True]  # a draft may link anywhere
    assert f"experiences/{DRAFT_ID}.md" in found[0]["message"] and "draft" in found[0]["message"]
    assert result.returncode == 1
