"""The web editor at /admin/ (Decap CMS): everything the site needs to offer it, and nothing MkDocs.

- `config.py`   the CMS configuration, generated from data/schema/page.yml, data/vocabularies.yml,
                data/i18n/editor.yml and data/editor.yml (one collection per page type);
- `admin.py`    writes /admin/ (Italian) and /fr/admin/ (French) into a built site: the page, its
                configuration, the editor's script copied from editor/node_modules (no CDN);
- `kb-editor.js` the page's own script: reads and writes front matter in the repository's style and
                records the translation of a pair created together (see its header);
- `serve.py`    `make edit`: the same editor on the local checkout (decap-server), no account needed.

Nothing here imports MkDocs: `scripts/kb/adapter/build.py` calls `admin.write_admin(site_dir)` once per build.

Imports: kb.content, kb.generate. Never kb.check, kb.translations, kb.guide or kb.adapter (the
import-linter contract in pyproject.toml).
"""
