"""Each speed lever of the build, turned off alone, writes the same site: same files, same bytes
(notes/PERFORMANCE.md lists the levers and what each is worth; mkdocs.yml switches them).

Two sites: the small fixture site (tests/kb_fixture.py) and a synthetic corpus of the real pages
plus 20 experiences per language (scripts/kb/tools/bench_corpus.py), enough for the item pages,
the generated lists and the navigation of a folder with many pages. `minify` changes the output
on purpose: with it off, every page must read the same once its indentation goes.
The levers of `make serve` (render_cache, page_cache) are compared with a build in their own tests
(tests/test_render_cache.py, tests/test_page_cache.py).
"""
from __future__ import annotations

import filecmp
import json
import os
import re
from pathlib import Path

import pytest
from conftest import copy_repo, run_kb
from kb.adapter.minify import collapse_indentation
from test_minify import read_alike

pytestmark = pytest.mark.build  # builds a site per lever

SITE_URL = "https://example.org/kb/"
LEVERS = ["markdown_reuse", "inline_triggers", "theme_listing", "template_cache", "nav_fragments", "minify"]
SYNTHETIC_ITEMS = 20  # experiences per language


def build(root: Path, dest: Path, off: tuple[str, ...] = ()) -> Path:
    """`python -m kb build` of the repository at `root`; `off` names plugin options turned off,
    in a variant of its mkdocs.yml written next to `dest` (with the project's folders)."""
    config = root / "mkdocs.yml"
    if off:
        text = config.read_text(encoding="utf-8")
        for option in off:
            assert f"      {option}: true\n" in text, f"mkdocs.yml does not switch on {option}"
            text = text.replace(f"      {option}: true\n", f"      {option}: false\n")
        text = text.replace("\ndocs_dir: docs\n", f"\ndocs_dir: {root / 'docs'}\n")
        text = text.replace("\n  custom_dir: overrides\n", f"\n  custom_dir: {root / 'overrides'}\n")
        config = dest.parent / "mkdocs.yml"
        config.write_text(text, encoding="utf-8")
    run_kb("build", "--site", str(dest), "--config", str(config), cwd=root, env=dict(os.environ, SITE_URL=SITE_URL),
           check=True)
    return dest


def files_of(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def differences(reference: Path, built: Path, lever: str) -> list[str]:
    """The files that differ between two sites (HTML read alike after the indentation goes, for
    `minify`); files present in one site only count too."""
    out = sorted(files_of(reference) ^ files_of(built))
    for rel in sorted(files_of(reference) & files_of(built)):
        if filecmp.cmp(reference / rel, built / rel, shallow=False):
            continue
        if lever == "minify" and rel.endswith(".html"):
            unminified = without_offline_sizes((built / rel).read_text(encoding="utf-8"))
            minified = without_offline_sizes((reference / rel).read_text(encoding="utf-8"))
            if collapse_indentation(unminified) == minified and read_alike(unminified, minified):
                continue
        if lever == "minify" and same_offline_lists(reference / rel, built / rel):
            continue
        out.append(rel)
    return out


def without_offline_sizes(html: str) -> str:
    """A home page without the figures of its "save for offline" block: the size of the copy is
    the pages' size, smaller when they are minified."""
    return re.sub(r'<section class="kb-offline".*?</section>', lambda m: re.sub(r"\d", "0", m.group()), html,
                  flags=re.S)


def same_offline_lists(reference: Path, built: Path) -> bool:
    """The offline copy's list (<lang>/offline/copy.json) and the service worker (sw.js) name the
    same files, whose sizes and hashes follow the pages' bytes."""
    if reference.name == "copy.json":
        a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (reference, built))
        return ([f[0] for f in a.pop("files")] == [f[0] for f in b.pop("files")]
                and {k: v for k, v in a.items() if k not in ("size", "version")}
                == {k: v for k, v in b.items() if k not in ("size", "version")})
    if reference.name == "sw.js":
        def mask(text: str) -> str:
            return re.sub(r'("(?:revision|version)": ?")[0-9a-f]+"', r'\1"', text)
        return mask(reference.read_text(encoding="utf-8")) == mask(built.read_text(encoding="utf-8"))
    return False


@pytest.fixture(scope="module")
def fixture_repo(tmp_path_factory) -> Path:
    from kb_fixture import write_corpus

    repo = copy_repo(tmp_path_factory.mktemp("levers-fixture") / "repo")
    write_corpus(repo)
    return repo


@pytest.fixture(scope="module")
def fixture_site(fixture_repo, tmp_path_factory) -> Path:
    return build(fixture_repo, tmp_path_factory.mktemp("levers-fixture-on") / "site")


@pytest.fixture(scope="module")
def synthetic_repo(tmp_path_factory) -> Path:
    from kb.tools import bench_corpus

    repo = copy_repo(tmp_path_factory.mktemp("levers-synthetic") / "repo")
    source = tmp_path_factory.mktemp("levers-source") / "docs"
    os.replace(repo / "docs", source)
    bench_corpus.write_docs(repo / "docs", SYNTHETIC_ITEMS, "real", source_docs=source)
    return repo


@pytest.fixture(scope="module")
def synthetic_site(synthetic_repo, tmp_path_factory) -> Path:
    return build(synthetic_repo, tmp_path_factory.mktemp("levers-synthetic-on") / "site")


def test_every_lever_is_switched_in_mkdocs_yml():
    from kb.adapter.plugin import KbConfig

    text = (Path(__file__).resolve().parents[1] / "mkdocs.yml").read_text(encoding="utf-8")
    options = {name for name, _option in KbConfig._schema} - {"check"}
    assert set(LEVERS) | {"render_cache", "page_cache"} == options
    for option in options:
        assert f"      {option}: true\n" in text, option


@pytest.mark.parametrize("lever", LEVERS)
def test_fixture_site_is_the_same_with_the_lever_off(lever, fixture_repo, fixture_site, tmp_path):
    off = build(fixture_repo, tmp_path / "site", off=(lever,))
    assert differences(fixture_site, off, lever) == []


@pytest.mark.slow
@pytest.mark.parametrize("lever", LEVERS)
def test_synthetic_site_is_the_same_with_the_lever_off(lever, synthetic_repo, synthetic_site, tmp_path):
    items = list((synthetic_site / "experiences").glob("synth-*/index.html"))
    assert len(items) == SYNTHETIC_ITEMS  # the item pages are there to compare
    off = build(synthetic_repo, tmp_path / "site", off=(lever,))
    assert differences(synthetic_site, off, lever) == []
