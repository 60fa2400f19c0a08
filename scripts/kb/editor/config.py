"""The Decap CMS configuration, generated: never written by hand, never out of step with the schema.

`cms_config(lang, ...)` returns the configuration of the editor in `lang` (its interface language):
- one folder collection per page type (data/vocabularies.yml `types`), files at
  docs/<lang>/<section>/<id>.md, the same path in both languages (i18n structure multiple_folders);
  pages of type `page` live in several folders: one collection per folder (`page_folders`);
  partners create the types listed in data/editor.yml `creatable`, the other pages are editable;
- every field of data/schema/page.yml that the type uses (its required fields and the optional
  ones of data/editor.yml), in the repository's order (`field_order`), with the label and hint of
  data/i18n/editor.yml;
- vocabulary fields are selects: the options are the vocabulary's keys with their labels;
- the schema's `required`, `pattern`, lengths and bounds become the editor's rules;
- `x-facts` fields are `i18n: duplicate` (one value, written identically in both files); the title,
  the description, the sources and the body are `i18n: true` (each language its own, side by side);
- the interface's language is the main column, on the left, and the language of a page written
  there first: Decap's default locale is the interface's (`locales(lang)`), so the French editor
  creates pages in French, the other language following as a translation, or as still to translate;
- list fields that a type requires are required in the form too, with a choice «none: the source
  does not say» (written `[]`, as the schema allows), except those of data/editor.yml
  `optional_lists`; `updated` is a date between the programme's start and today (widget kb-date);
  the body is the page's own widget (kb-body: the sections of `make new`, pictures with their
  description, lists pasted from a word processor).

The front matter is read and written by the page's own format (`kb-frontmatter`, kb-editor.js), in
the repository's style and order; `schema_settings()` gives it that order.
"""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

import yaml

from kb.content import media, yamldata
from kb.content.caches import cached
from kb.content.paths import DATA, DEFAULT_LANG, DOCS, LANGS, ROOT, TYPE_SECTIONS, lang_prefix
from kb.content.schema import Schema, load_schema, programme_start

SETTINGS_PATH = DATA / "editor.yml"
TEXTS_PATH = DATA / "i18n" / "editor.yml"
FORMAT = "kb-frontmatter"  # registered by kb-editor.js
NONE = "__kb_none__"  # the choice «none: the source does not say» of a required list, written []


def locales(lang: str) -> list[str]:
    """The languages of the editor whose interface is in `lang`, that language first: Decap's
    default locale (the main column, the language a new page is written in first)."""
    return [lang] + [code for code in LANGS if code != lang]


def i18n(lang: str) -> dict:
    return {"structure": "multiple_folders", "locales": locales(lang), "default_locale": lang}


@cached
def load_settings(path: Path = SETTINGS_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yamldata.load(fh)


@cached
def load_texts(path: Path = TEXTS_PATH) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yamldata.load(fh)


def message(lang: str, key: str, **values) -> str:
    text = load_texts()["messages"][lang][key]
    return text.format(**values) if values else text


def repo_of(mkdocs_yml: Path = ROOT / "mkdocs.yml") -> str | None:
    """'owner/name' from mkdocs.yml `repo_url`, the only place where the repository is named."""
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)  # !ENV and the like
    with open(mkdocs_yml, encoding="utf-8") as fh:
        url = (yaml.load(fh, Loader=Loader) or {}).get("repo_url") or ""
    return repo_of_url(url)


def repo_of_url(url: str) -> str | None:
    """'owner/name' of a GitHub repository address, None for another address."""
    match = re.match(r"^https://github\.com/([^/\s]+/[^/\s]+?)(?:\.git)?/?$", url or "")
    return match.group(1) if match else None


def _texts(name: str, lang: str) -> dict:
    entry = load_texts()["fields"].get(name)
    if not entry:
        raise KeyError(f"data/i18n/editor.yml has no label for the field {name!r}")
    return entry[lang]


def _labelled(field: dict, name: str, lang: str) -> dict:
    texts = _texts(name, lang)
    return {"label": texts["label"], **field, "hint": texts["hint"]}


def _options(schema: Schema, vocabulary: str, lang: str) -> list[dict]:
    entries = schema.vocabularies[vocabulary]
    keys = list(entries)
    if all(isinstance(e, dict) and "order" in e for e in entries.values()):
        keys.sort(key=lambda k: entries[k]["order"])
    return [{"label": str(entries[k].get(lang, k)) if isinstance(entries[k], dict) else k, "value": k} for k in keys]


def _length_pattern(spec: dict, lang: str) -> list[str] | None:
    low, high = spec.get("minLength"), spec.get("maxLength")
    if low is None and high is None:
        return None
    low = low or 0
    if high is None:
        return [f"^[\\s\\S]{{{low},}}$", message(lang, "pattern_min_length", min=low)]
    return [f"^[\\s\\S]{{{low},{high}}}$", message(lang, "pattern_length", min=low, max=high)]


def _scalar_widget(schema: Schema, name: str, spec: dict, lang: str, path: str) -> dict:
    """The widget of one scalar field (top level or inside an object or a list)."""
    vocabulary = spec.get("x-vocabulary")
    if vocabulary:
        return {"widget": "select", "options": _options(schema, vocabulary, lang)}
    if "enum" in spec and spec.get("type") is None:
        return {"widget": "select", "options": [str(v) for v in spec["enum"]]}
    if spec.get("x-date"):  # kb-editor.js: a date between the programme's start and today
        start = programme_start(schema.raw)
        return {"widget": "kb-date", **({"earliest": start.isoformat()} if start else {})}
    if spec.get("type") == "integer":
        field: dict[str, object] = {"widget": "number", "value_type": "int"}
        if "minimum" in spec:
            field["min"] = spec["minimum"]
        if "maximum" in spec:
            field["max"] = spec["maximum"]
        return field
    field = {"widget": "text" if name == "description" else "string"}
    if "pattern" in spec:
        field["pattern"] = [spec["pattern"], message(lang, "pattern_id")]
    elif spec.get("x-url"):
        field["pattern"] = ["^https://[^\\s/]+\\S*$", message(lang, "pattern_url")]
    elif spec.get("x-partial-date"):
        field["pattern"] = ["^\\d{4}(-\\d{2}(-\\d{2})?)?$", message(lang, "pattern_partial_date")]
    else:
        pattern = _length_pattern(spec, lang)
        if pattern:
            field["pattern"] = pattern
    return field


def field_config(schema: Schema, name: str, lang: str, required: bool, page_type: str) -> dict:
    """One top-level front-matter field as a Decap field."""
    spec = schema.raw["properties"][name]
    i18n = "duplicate" if spec.get("x-facts") or name == "updated" else True
    item_vocabulary = spec.get("items", {}).get("x-vocabulary") if spec.get("type") == "array" else None
    if name == "type":  # fixed by the collection
        return {"name": name, "label": name, "widget": "hidden", "default": page_type, "i18n": i18n}
    if item_vocabulary:
        # Always written (an empty list is `[]`). A list the type requires is required in the form
        # too: at least one value, or the choice «none: the source does not say» (written `[]`,
        # which the schema allows: nothing is made up to fill a field).
        options = _options(schema, item_vocabulary, lang)
        if required and name not in load_settings().get("optional_lists", []):
            options = [{"label": message(lang, "none_given"), "value": NONE}, *options]
            field = {"widget": "select", "multiple": True, "options": options, "required": True}
        else:
            field = {"widget": "select", "multiple": True, "options": options, "required": False, "default": []}
    elif spec.get("type") == "array":  # sources: a list of objects
        items = spec["items"]
        fields = []
        for sub, sub_spec in items["properties"].items():
            sub_field = _labelled({"name": sub, **_scalar_widget(schema, sub, sub_spec, lang, f"{name}.{sub}"),
                                   "required": sub in items.get("required", [])}, f"{name}.{sub}", lang)
            fields.append(sub_field)
        for sub_field in fields:  # each source in the language of its page
            sub_field["i18n"] = True
        field = {"widget": "list", "fields": fields, "summary": "{{fields.title}}", "required": required}
        if spec.get("minItems"):
            field["min"] = spec["minItems"]
    elif spec.get("type") == "object":  # period: an object of optional parts
        fields = [
            _labelled({"name": sub, **_scalar_widget(schema, sub, sub_spec, lang, f"{name}.{sub}"),
                       "required": False}, f"{name}.{sub}", lang)
            for sub, sub_spec in spec["properties"].items()
        ]
        for sub_field in fields:  # Decap wants a plain true on the object and the rule on its parts
            sub_field["i18n"] = i18n
        field = {"widget": "object", "fields": fields, "collapsed": True, "required": required}
    else:
        field = {**_scalar_widget(schema, name, spec, lang, name), "required": required}
        if name == "status":
            field["default"] = "draft"  # a new page starts as a draft
    if field["widget"] in ("list", "object"):
        i18n = True  # Decap: a container is translatable (true) or not; its parts say how
    return _labelled({"name": name, **field, "i18n": i18n}, name, lang)


def field_order(schema: Schema) -> list[str]:
    """The order of the front matter in the repository (the pages, scripts/kb/content/scaffold.py): the
    schema's, except that the sources, the longest field, come last, before the translation record."""
    names = [n for n in schema.raw["properties"] if n not in ("sources", "translation")]
    return names + [n for n in ("sources", "translation") if n in schema.raw["properties"]]


def fields_of(schema: Schema, page_type: str) -> list[str]:
    """The front-matter fields a page of `page_type` has in the editor, in the repository's order."""
    wanted = set(schema.required_for(page_type)) | set(load_settings()["optional"].get(page_type, []))
    return [name for name in field_order(schema) if name in wanted]


@cached
def page_folders(docs: Path = DOCS) -> tuple[str, ...]:
    """The folders (inside a language folder, '' for the top) that hold pages of type `page`: the
    top-level pages, the context pages, the sections' index pages. One collection each: a Decap
    folder collection lists one folder."""
    from kb.content.pages import load_pages

    corpus = load_pages(docs, (DEFAULT_LANG,))
    return tuple(sorted({posixpath.dirname(p.rel) for p in corpus.pages if p.type == "page"}))


def collection_name(page_type: str, section: str) -> str:
    return "pages-" + section.replace("/", "-") if page_type == "page" and section else section or "pages"


def collection_config(schema: Schema, page_type: str, lang: str, section: str | None = None) -> dict:
    section = TYPE_SECTIONS[page_type] if section is None else section
    required = set(schema.required_for(page_type))
    labels = schema.vocabularies["types"][page_type]
    settings = load_settings()
    depth = 1 + (section.count("/") + 1 if section else 0)  # the language folder, then the section's
    # From docs/<lang>/<section>/ (the page) and from docs/<section>/<lang>/ (the same page as
    # kb-editor.js shows it to Decap) alike, the shared picture folder is this far up.
    public = "/".join([".."] * depth) + "/" + media.images_folder()
    fields = [field_config(schema, name, lang, name in required, page_type) for name in fields_of(schema, page_type)]
    fields.append(_labelled({"name": "body", "widget": "kb-body", "i18n": True, "required": True}, "body", lang))
    label = labels.get(f"{lang}_plural", labels[lang])
    if page_type == "page" and section:
        label = f"{label} · {section}/"
    return {
        "name": collection_name(page_type, section),
        "label": label,
        "label_singular": labels[lang],
        # Decap wants docs/<section>/<lang>/<id>.md; kb-editor.js maps it to docs/<lang>/<section>/<id>.md
        "folder": f"docs/{section}" if section else "docs",
        "path": "{{slug}}",
        "slug": "{{fields.id}}",
        "extension": "md",
        "format": FORMAT,
        "create": page_type in settings["creatable"],
        "delete": False,
        "filter": {"field": "type", "value": page_type},
        "identifier_field": "title",
        "summary": "{{title}}",
        "i18n": i18n(lang),
        # Pictures: one folder for both languages (from the repository's root: Decap resolves a
        # relative media folder from the collection's folder), reached from the page by a relative link.
        "media_folder": "/" + settings["media_folder"].strip("/"),
        "public_folder": public,
        # the preview pane (kb-editor.js): the live page of `make serve`, or the page in the site's styles
        "editor": {"preview": True},
        "fields": fields,
    }


def collection_order(schema: Schema) -> list[str]:
    creatable = load_settings()["creatable"]
    types = list(schema.vocabularies["types"])
    return [t for t in creatable if t in types] + [t for t in types if t not in creatable]


def collections(schema: Schema) -> list[tuple[str, str]]:
    """(page type, folder inside the language folder) of each collection, in the editor's order."""
    out = []
    for page_type in collection_order(schema):
        folders = page_folders() if page_type == "page" else (TYPE_SECTIONS[page_type],)
        out += [(page_type, folder) for folder in folders]
    return out


def cms_config(lang: str, repo: str | None, site_url: str = "", local_backend: str | None = None,
               schema: Schema | None = None, workflow: bool = False) -> dict:
    """The whole configuration of the editor whose interface is in `lang`.

    `local_backend`: the address of a decap-server (`make edit`, tests): pages are written straight
    into the checkout, without pull requests (with `workflow`, and decap-server in MODE=git, each
    save is a branch instead: the local stand-in for pull requests, for the tests). Otherwise the
    GitHub backend with the editorial workflow (every save a branch and a pull request) and open
    authoring (from a fork).
    """
    schema = schema or load_schema()
    settings = load_settings()
    config: dict = {"locale": lang}
    auth = settings["auth"]
    if local_backend:
        # the name is never used (local_backend takes over); the branch is, in MODE=git
        config["backend"] = {"name": "git-gateway", "branch": settings["branch"]}
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
        if workflow:
            config["publish_mode"] = "editorial_workflow"
    else:
        backend = {"name": "github", "repo": repo, "branch": settings["branch"], "open_authoring": True,
                   "base_url": auth["base_url"], "auth_endpoint": auth["auth_endpoint"],
                   # forks and pull requests on the user's behalf: the narrowest scope GitHub offers an
                   # OAuth app for that (CONTRIBUTING.md, the owner's section, says what it allows)
                   "auth_scope": "public_repo"}
        if auth.get("api_root"):  # a stand-in of GitHub's API (the tests)
            backend["api_root"] = auth["api_root"]
        config["backend"] = backend
        config["publish_mode"] = "editorial_workflow"
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    config.update({
        "media_folder": settings["media_folder"],
        # the Media tab copies this path: right for pages one folder down (experiences/, outputs/…);
        # in a page, the picture button and its media library give the path from that page
        "public_folder": "../../" + media.images_folder(),
        "i18n": i18n(lang),
        "collections": [collection_config(schema, t, lang, folder) for t, folder in collections(schema)],
    })
    return config


def schema_settings(schema: Schema | None = None, preview_url: str | None = None, site_url: str = "",
                    preview_styles: tuple[str, ...] = (), local: bool = False) -> dict:
    """What kb-editor.js needs: to write front matter like the repository (the field order, the list
    fields written `[]` when empty, the required fields of each type, the facts shared by both
    languages), to write a page still to translate (the translatable fields), to start a page from
    the sections of `make new` (`templates`), to show the preview (`preview_url`: `make serve`'s
    address; `site_url` and `preview_styles`: the published site and its style sheets), the size
    limit of pictures, the texts of its own dialogs and Decap's interface strings in the site's
    languages (data/i18n/editor.yml `decap`)."""
    from kb.content.scaffold import body as scaffold_body

    schema = schema or load_schema()
    props = schema.raw["properties"]
    settings = load_settings()
    texts = load_texts()
    return {
        "order": field_order(schema),
        "lists": [n for n, s in props.items() if s.get("type") == "array" and s.get("items", {}).get("x-vocabulary")],
        "dates": [n for n, s in props.items() if s.get("x-date")],
        "facts": [n for n in schema.facts_fields() if n in props] + ["updated"],
        "translated": ["title", "description", "sources", "body"],
        "required": {t: schema.required_for(t) for t in schema.vocabularies["types"]},
        "none": NONE,
        "optional_lists": list(settings.get("optional_lists", [])),
        "local": local,
        "default_lang": DEFAULT_LANG,
        "sections": sorted({folder for _, folder in collections(schema) if folder}),
        "collection_sections": {collection_name(t, f): f for t, f in collections(schema)},
        # what the media library's «copy path» gives: the path from the page being edited
        "media_folder": settings["media_folder"].strip("/"),
        "public_folders": {collection_name(t, f): collection_config(schema, t, DEFAULT_LANG, f)["public_folder"]
                           for t, f in collections(schema)},
        "public_folder": "../../" + media.images_folder(),
        "langs": list(LANGS),
        "prefixes": {lang: lang_prefix(lang) for lang in LANGS},
        "templates": {t: {lang: "\n".join(scaffold_body(t, lang)).rstrip() + "\n" for lang in LANGS}
                      for t in schema.vocabularies["types"]},
        "preview_url": preview_url or "",
        "site_url": site_url,
        "preview_styles": list(preview_styles),
        "shared_origin": _shared_origin(site_url),
        "accept_shared_origin": bool(settings["auth"].get("accept_shared_origin")),
        "max_file_size": settings["max_file_size"],
        "messages": {lang: texts["messages"][lang] for lang in LANGS},
        "decap": {lang: (texts.get("decap") or {}).get(lang, {}) for lang in LANGS},
    }


def _shared_origin(site_url: str) -> bool:
    """A site at https://<name>.github.io/…: an origin shared with every GitHub Pages site of that
    account or organisation (CONTRIBUTING.md, the owner's section, says why that matters)."""
    host = re.match(r"^https?://([^/:]+)", site_url or "")
    return bool(host and host.group(1).lower().endswith(".github.io"))


def dump(config: dict) -> str:
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)
