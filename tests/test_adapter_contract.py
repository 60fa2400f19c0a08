"""What scripts/kb/adapter/ relies on inside MkDocs, mkdocs-static-i18n, Python-Markdown and
Material, checked against the installed libraries, with the versions it was written for.

After an upgrade, a failure here names the adapter module to revisit: the speed levers patch
private names, and the parallel build sets static-i18n's internal state. Each test checks the
thing itself (a name, a signature, a line of the library's source), not only the version, so an
upgrade that keeps them passes once requirements/site.txt is updated. The build itself does not
wait for these tests: each lever's guard (adapter/levers.py) switches it off when what it needs
is not there (tests/test_lever_guards.py); here, every guard must pass with the pinned libraries,
so that a guard that is wrong cannot make the build slower unnoticed.
"""
from __future__ import annotations

import functools
import inspect
import re
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.pinned  # about the pinned releases (the workflow "Newest libraries" leaves them out)

# The versions the adapter was written and measured for (requirements/site.txt pins the same).
PINNED = {
    "mkdocs": "1.6.1",
    "mkdocs-material": "9.8.2",
    "mkdocs-static-i18n": "1.3.1",
    "Markdown": "3.11.3",
    "pymdown-extensions": "13.1.2",
}


def revisit(module: str, what: str) -> str:
    where = f"scripts/kb/adapter/{module}" if module else "scripts/kb/adapter/ (the modules named by the other tests here)"
    return f"{what}: revisit {where} and tests/test_adapter_contract.py after the upgrade"


def _pinned_in_requirements() -> dict[str, str]:
    text = (ROOT / "requirements" / "site.txt").read_text(encoding="utf-8")
    found = re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", text, re.M)
    return {name.lower(): value for name, value in found}


@pytest.mark.parametrize("package", sorted(PINNED))
def test_requirements_pin_the_versions_the_adapter_was_written_for(package):
    pinned = _pinned_in_requirements()
    assert pinned.get(package.lower()) == PINNED[package], revisit(
        "", f"requirements/site.txt pins {package} {pinned.get(package.lower())}, the adapter knows {PINNED[package]}")
    assert version(package) == PINNED[package], revisit(
        "", f"{package} {version(package)} is installed, the adapter knows {PINNED[package]} (run `make setup`)")


def test_page_render_and_the_attributes_the_render_cache_restores():
    from kb.adapter import render_cache
    from mkdocs.structure.pages import Page

    render = Page.render  # no build runs in the tests' own process: MkDocs's own method
    assert list(inspect.signature(render).parameters) == ["self", "config", "files"], revisit(
        "render_cache.py", "Page.render(self, config, files) changed")
    source = inspect.getsource(render)
    for name in render_cache.ATTRIBUTES:
        assert f"self.{name}" in source, revisit("render_cache.py", f"Page.render no longer sets {name}")


def test_files_add_files_from_theme_lists_the_theme_through_the_environment():
    from mkdocs.structure.files import Files

    method = getattr(Files.add_files_from_theme, "_kb_original", Files.add_files_from_theme)
    assert list(inspect.signature(method).parameters) == ["self", "env", "config"], revisit(
        "assets.py", "Files.add_files_from_theme(self, env, config) changed")
    assert "list_templates(" in inspect.getsource(method), revisit(
        "assets.py", "Files.add_files_from_theme no longer lists the theme with env.list_templates")
    from jinja2 import FileSystemLoader

    loader = FileSystemLoader(str(ROOT))
    assert hasattr(loader, "searchpath") and hasattr(loader, "followlinks"), revisit(
        "assets.py", "jinja2's FileSystemLoader has no searchpath/followlinks")


def test_file_generated_and_the_cached_properties_files_py_resets():
    from mkdocs.structure.files import File, Files, InclusionLevel

    assert "content" in inspect.signature(File.generated).parameters, revisit(
        "files.py", "File.generated(config, src_uri, content=...) changed")
    assert "inclusion" in inspect.signature(File.generated).parameters, revisit("files.py", "File.generated has no inclusion")
    assert InclusionLevel.NOT_IN_NAV and InclusionLevel.INCLUDED
    for name in ("url", "abs_dest_path", "dest_uri"):
        # files.py sets dest_uri, then pops the cached url and abs_dest_path computed from it
        assert isinstance(inspect.getattr_static(File, name), functools.cached_property), revisit(
            "files.py", f"File.{name} is no longer a cached property")
    assert isinstance(inspect.getattr_static(Files, "src_uris"), property), revisit(
        "render_cache.py", "Files.src_uris is gone")


def test_static_i18n_state_the_parallel_build_sets():
    from mkdocs_static_i18n.plugin import I18n

    plugin = I18n()
    for name in ("current_language", "building", "i18n_files_per_language"):
        assert hasattr(plugin, name), revisit("parallel.py / files.py", f"static-i18n's plugin has no {name}")
    assert isinstance(plugin.i18n_files_per_language, dict), revisit("files.py", "i18n_files_per_language is not a dict")
    assert isinstance(inspect.getattr_static(I18n, "build_languages"), property), revisit(
        "parallel.py", "static-i18n's build_languages is gone")
    source = inspect.getsource(I18n)
    assert "self.building = True" in source and "self.current_language = locale" in source, revisit(
        "parallel.py", "static-i18n no longer builds its other languages by setting current_language and building")


def test_material_search_files_the_build_leaves_out():
    import material
    from kb.adapter import assets

    theme = Path(material.__file__).parent / "templates"
    for prefix in assets.BUILTIN_SEARCH_FILES:
        assert list(theme.glob(prefix + "*")), revisit("assets.py", f"Material has no {prefix}* any more")


def test_inline_processor_private_names_the_inline_triggers_replace():
    import markdown
    from kb.adapter import inline_triggers
    from markdown import treeprocessors

    cls = treeprocessors.InlineProcessor
    for name in ("_InlineProcessor__handleInline", "_InlineProcessor__applyPattern"):
        assert hasattr(cls, name), revisit("inline_triggers.py", f"InlineProcessor has no {name}")
    handle = cls._InlineProcessor__handleInline
    if not getattr(cls, "_kb_triggers", False):  # MkDocs's own loop: the one the patch was written from
        assert list(inspect.signature(handle).parameters) == ["self", "data", "patternIndex"], revisit(
            "inline_triggers.py", "InlineProcessor.__handleInline(self, data, patternIndex) changed")
    # the site's extensions that bring inline patterns of their own (mkdocs.yml)
    converter = markdown.Markdown(extensions=["abbr", "attr_list", "md_in_html", "tables", "toc", "pymdownx.magiclink",
                                              "pymdownx.tilde"], extension_configs={"pymdownx.tilde": {"subscript": False}})
    patterns = converter.treeprocessors["inline"].inlinePatterns
    known = {item.name: inline_triggers._needs(item.name, patterns[item.name]) for item in patterns._priority}
    skipped = {name for name, needs in known.items() if needs is not None}
    # every pattern of the table still has the regular expression it was written for
    expected = (set(inline_triggers._TRIGGERS) - {"autolink"}) | {"html"} | set(inline_triggers._LONG)
    assert expected <= skipped, revisit(
        "inline_triggers.py", f"inline patterns changed: no longer skipped: {expected - skipped}")


def test_build_page_the_page_cache_wraps():
    from mkdocs import utils
    from mkdocs.commands import build

    original = getattr(build._build_page, "_kb_original", build._build_page)
    assert list(inspect.signature(original).parameters) == [
        "page", "config", "doc_files", "nav", "env", "dirty", "excluded"], revisit(
        "page_cache.py", "mkdocs.commands.build._build_page(page, config, doc_files, nav, env, dirty, excluded) changed")
    assert "_build_page(" in inspect.getsource(build.build), revisit(
        "page_cache.py", "mkdocs.commands.build.build no longer calls _build_page by its module name")
    assert callable(utils.write_file), revisit("page_cache.py", "mkdocs.utils.write_file is gone")



def test_the_live_reload_server_parts_livereload_py_wraps():
    from kb.adapter import livereload
    from mkdocs.livereload import LiveReloadServer

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=".")
    try:
        server.error_handler = lambda code: b"<html><body><p>404</p></body></html>"
        assert livereload.keep_on_error_pages(server), revisit(
            "livereload.py", "LiveReloadServer lost error_handler, _inject_js_into_html or _visible_epoch")
        page = server.error_handler(404)
        assert b"livereload(" in page and page.index(b"<script>") < page.index(b"</body>"), revisit(
            "livereload.py", "_inject_js_into_html(content, epoch) no longer adds the reload script")
        assert inspect.signature(LiveReloadServer._inject_js_into_html).parameters.keys() >= {"content", "epoch"}
    finally:
        server.server_close()


CONVERT = """
import sys, markdown
if sys.argv[1] == "on":
    from kb.adapter import inline_triggers
    assert inline_triggers.install()
text = ("Vedi https://example.org/a_b e WwW.example.org, scrivi a nome@example.org o <https://x.org>.\\n\\n"
        "~~barrato~~ e *corsivo* con `codice` & [link](../x.md) ![img](a.png) \\\\* fine  \\nriga\\n\\n"
        "testo semplice senza nulla di speciale\\n")
extensions = ["abbr", "attr_list", "md_in_html", "tables", "toc", "sane_lists", "pymdownx.magiclink", "pymdownx.tilde"]
print(markdown.Markdown(extensions=extensions, extension_configs={"pymdownx.tilde": {"subscript": False}}).convert(text))
"""


def test_inline_triggers_render_what_every_pattern_tried_renders():
    """The same HTML with and without the skipping, on text that needs the site's own extensions."""
    import subprocess
    import sys

    on, off = (subprocess.run([sys.executable, "-c", CONVERT, arg], capture_output=True, text=True, check=True).stdout
               for arg in ("on", "off"))
    assert "<del>barrato</del>" in on and 'href="https://example.org/a_b"' in on and "&#64;" in on  # e-mail: encoded
    assert on == off


def test_the_link_handling_syntax_py_reuses():
    """kb.adapter.syntax.links calls Python-Markdown's own link, image, escape and reference
    processors, as the inline treeprocessor calls them."""
    import markdown
    from markdown import blockprocessors, inlinepatterns, treeprocessors, util

    md = markdown.Markdown()
    patterns = md.inlinePatterns
    expected = {"escape": (inlinepatterns.EscapeInlineProcessor, inlinepatterns.ESCAPE_RE),
                "link": (inlinepatterns.LinkInlineProcessor, inlinepatterns.LINK_RE),
                "image_link": (inlinepatterns.ImageInlineProcessor, inlinepatterns.IMAGE_LINK_RE)}
    for name, (cls, regex) in expected.items():
        assert type(patterns[name]) is cls and patterns[name].compiled_re.pattern == regex, revisit(
            "syntax.py", f"the inline pattern {name} is no longer {cls.__name__}({regex!r})")
    # the order syntax.links applies them in: escapes, then links, then images
    assert patterns.get_index_for_name("escape") < patterns.get_index_for_name("link") < patterns.get_index_for_name(
        "image_link"), revisit("syntax.py", "escapes, links and images are no longer tried in this order")
    for method in ("getText", "getLink"):
        assert list(inspect.signature(getattr(inlinepatterns.LinkInlineProcessor, method)).parameters) == [
            "self", "data", "index"], revisit("syntax.py", f"LinkInlineProcessor.{method}(self, data, index) changed")
    handle = inspect.getsource(inlinepatterns.LinkInlineProcessor.handleMatch)
    assert "self.getText(data, m.end(0))" in handle and "self.getLink(data, index)" in handle, revisit(
        "syntax.py", "LinkInlineProcessor.handleMatch no longer calls getText, then getLink")
    # a link's text is read again with the patterns after it (images), and the scan goes on after it
    apply = inspect.getsource(treeprocessors.InlineProcessor._InlineProcessor__applyPattern)
    assert "child.text, patternIndex + 1" in apply, revisit("syntax.py", "a link's text is no longer read for images")
    assert isinstance(md.parser.blockprocessors["reference"], blockprocessors.ReferenceProcessor), revisit(
        "syntax.py", "reference definitions are no longer read by ReferenceProcessor")
    assert "m.group(2).lstrip('<').rstrip('>')" in inspect.getsource(blockprocessors.ReferenceProcessor.run), revisit(
        "syntax.py", "ReferenceProcessor no longer takes its group 2 as the destination")
    # the characters that stand for escapes and links already found: removed from any source
    assert util.STX == "\x02" and "STX" in inspect.getsource(markdown.preprocessors.NormalizeWhitespace.run), revisit(
        "syntax.py", "the renderer no longer removes STX from the text it reads")
    # getLink's unescape reads the inline stash, which syntax.py creates with one conversion
    assert "treeprocessors['inline'].stashed_nodes" in inspect.getsource(inlinepatterns.InlineProcessor.unescape), revisit(
        "syntax.py", "getLink no longer reads the inline treeprocessor's stash")
    assert "self.stashed_nodes" in inspect.getsource(treeprocessors.InlineProcessor.run), revisit(
        "syntax.py", "the inline treeprocessor no longer creates its stash when it runs")


def test_the_heading_ids_syntax_py_reads():
    """kb.adapter.syntax.heading_id renders a heading with toc and attr_list, as mkdocs.yml does
    (with toc's own slugify and separator), and reads the id from the toc's tokens."""
    import markdown
    import yaml

    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    extensions = {next(iter(e)) if isinstance(e, dict) else e: (e[next(iter(e))] if isinstance(e, dict) else {})
                  for e in config["markdown_extensions"]}
    assert {"toc", "attr_list"} <= set(extensions) and not {"slugify", "separator"} & set(extensions["toc"] or {}), revisit(
        "syntax.py", "mkdocs.yml no longer makes heading ids with toc's own slugify and separator")
    md = markdown.Markdown(extensions=["toc", "attr_list"])
    md.convert("# Uso di `kb` {#altro}\n\n# Uso di `kb`")
    assert [token["id"] for token in md.toc_tokens] == ["altro", "uso-di-kb"], revisit(
        "syntax.py", "the toc extension's tokens no longer give each heading's id")


@pytest.mark.parametrize("lever", ["parallel", "markdown_reuse", "inline_triggers", "theme_listing", "template_cache",
                                   "nav_fragments", "render_cache", "page_cache"])
def test_every_lever_guard_passes_with_the_pinned_libraries(lever):
    from kb.adapter import levers

    assert lever in levers.LEVERS
    assert levers.check(lever) is None, revisit(levers.LEVERS[lever].module + ".py", levers.check(lever))


def test_a_lever_that_cannot_be_installed_is_off_with_one_info_line(caplog, monkeypatch):
    """What the plugin does with a lever whose install raises: off for the run, said once, at INFO,
    with the library's version; the caller goes on."""
    from kb.adapter import levers

    monkeypatch.setattr(levers, "_checked", {})
    monkeypatch.setattr(levers, "_told", set())
    monkeypatch.delenv(levers.NOTICES_ENV, raising=False)

    def broken() -> bool:
        raise AttributeError("type object 'InlineProcessor' has no attribute '_InlineProcessor__handleInline'")

    with caplog.at_level("DEBUG", logger="mkdocs.plugins.kb"):
        assert levers.install("inline_triggers", broken) is False
        assert levers.install("inline_triggers", broken) is False  # asked again: still off, not said again
        assert levers.usable("inline_triggers") is False
    lines = [r for r in caplog.records if "inline_triggers" in r.getMessage()]
    assert len(lines) == 1 and lines[0].levelname == "INFO"
    assert f"Markdown {version('Markdown')}" in lines[0].getMessage() and "AttributeError" in lines[0].getMessage()


def test_the_levers_report_lists_every_lever_on():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "kb.adapter.levers"], cwd=ROOT, capture_output=True, text=True,
                            timeout=120, check=True)
    assert result.stdout.strip().splitlines()[-1] == "levers off: none", result.stdout
    assert f"mkdocs-static-i18n {PINNED['mkdocs-static-i18n']}" in result.stdout
