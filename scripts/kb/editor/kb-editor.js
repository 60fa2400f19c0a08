// The script of the editor's page (/admin/, /fr/admin/): starts Decap CMS with what the repository
// needs. Copied into the built site by scripts/kb/editor/admin.py, with kb-schema.json beside it
// (scripts/kb/editor/config.py schema_settings: the schema's field order, list fields, required
// fields and facts, the sections of `make new`, the editor's own texts and Decap's strings).
//
// 1. A front-matter format of our own, `kb-frontmatter` (the collections of config.yml use it):
//    it reads YAML front matter like Decap's built-in format (the same `yaml` library) and writes it
//    the way the repository does (scripts/kb/content/scaffold.py, the pages under docs/): fields in schema
//    order, lists in brackets `[a, b]`, sources one per line `- {title: "...", url: https://...}`,
//    texts in double quotes, keys and dates plain; an empty vocabulary list is written `[]`, an
//    empty optional field not at all. Fields the editor does not show (`translation`) are kept,
//    and so is the order of the keys of an existing page. A required list with no value has the
//    choice «none: the source does not say» in the form (`settings.none`), written `[]`.
// 2. Either language is the original. The interface's language is the main column (Decap's default
//    locale) and the language a new page is written in first. When the pair is saved, the other
//    page is written as the translation of that original: with its own text in each translated
//    field, `translation: {from: <original>, hash: ...}`, the fingerprint of the original saved
//    with it (the same computation as scripts/kb/content/translation.py `fingerprint`), so the pair
//    starts up to date; with a translated field missing, copied from the original, or still the
//    sections of `make new`, as a page still to translate: its facts, what was really written in
//    its language, and `translation: {from: <original>}` without a fingerprint (the checker's
//    KB071; readers of that language see the original, with a notice). Nothing of one language is
//    ever written into the other's file: Decap's «copy from another locale» asks first, says so,
//    and a copy left as it is counts as untranslated. A page still to translate that is translated
//    later in the editor (in its own language's interface) is recorded as translated when saved.
//    Decap's `preSave` event sees the whole entry but can change only the default language's data:
//    it adds a marker there, which the format removes from that file and turns into the other file
//    it writes next (Decap writes the files of an entry one language after the other, the default
//    language first: config.py puts it first in `locales`). Only a new pair is stamped: an edit of
//    an existing page's original leaves the other page's record as it was, and that page then shows
//    as outdated (KB070), as it should.
// 3. Decap sees the language folder under the section folder (see "the repository's folders").
// 4. Pictures larger than the checker's limit are refused before they are uploaded.
// 5. The page's own widgets: kb-body (the text: a new page starts from the sections of `make new`;
//    an «insert a picture» button that opens the media library, then asks for the picture's
//    description and writes `![description](path from this page)`; bullets pasted from a word
//    processor become a Markdown list) and kb-date (a date between the programme's start and
//    today). The preview pane shows the live page of `make serve` (make edit), or the page with the
//    site's style sheets.
// 6. Decap's interface strings in Italian and French, its gaps filled (data/i18n/editor.yml `decap`).
// 7. GitHub sign-in is refused on a shared *.github.io origin unless the owner accepted it.
import { YAML } from './yaml/index.js';

const FINGERPRINT_VERSION = 'kb-translation-fingerprint-1';
const STAMP = '__kb_translation_stamp';
const ORDER = '__kb_key_order'; // the order of the keys in the file read, kept with the entry's data
const here = new URL('.', import.meta.url);
const settings = await (await fetch(new URL('kb-schema.json', here))).json();
const lang = document.documentElement.lang || settings.default_lang;
const text = (key, values = {}) => Object.entries(values).reduce(
  (out, [k, v]) => out.replaceAll(`{${k}}`, String(v)), (settings.messages[lang] || {})[key] || key);

// --- fingerprint (scripts/kb/content/translation.py) ------------------------------------------------------
// Python's str.split() and str.rstrip() white space.
const WS = '[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const WS_RUN = new RegExp(WS + '+');
const WS_END = new RegExp(WS + '+$');

export function normalizeInline(value) {
  if (value === null || value === undefined) return '';
  return String(value).normalize('NFC').split(WS_RUN).filter(Boolean).join(' ');
}

export function normalizeBody(text) {
  const lines = String(text || '').normalize('NFC').replace(/\r\n/g, '\n').replace(/\r/g, '\n').split('\n');
  const out = [];
  for (let line of lines) {
    line = line.replace(WS_END, '');
    if (line || (out.length && out[out.length - 1])) out.push(line);
  }
  while (out.length && !out[out.length - 1]) out.pop();
  return out.join('\n');
}

export async function fingerprint(title, description, body) {
  const text = [FINGERPRINT_VERSION, 'title: ' + normalizeInline(title),
    'description: ' + normalizeInline(description), '', normalizeBody(body)].join('\n');
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map(b => b.toString(16).padStart(2, '0')).join('').slice(0, 12);
}

// --- front matter in the repository's style ----------------------------------------------------
const RESERVED = /^(y|n|yes|no|on|off|true|false|null|~)$/i;
const PLAIN_KEY = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const PLAIN_URL = /^https:\/\/[A-Za-z0-9._~/-]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isEmpty(value) {
  if (value === null || value === undefined || value === '') return true;
  if (Array.isArray(value)) return false; // an empty list is a value: `[]`
  if (typeof value === 'object') return Object.values(value).every(isEmpty);
  return false;
}

function scalar(value, key) {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  if (settings.dates.includes(key) && DATE.test(text)) return text;
  if (key === 'url' && PLAIN_URL.test(text)) return text;
  if (key === 'hash' && /^[0-9a-f]+$/.test(text) && !/^[0-9]+(e[0-9]+)?$/.test(text)) return text;
  if (PLAIN_KEY.test(text) && !RESERVED.test(text) && key !== 'title' && key !== 'description') return text;
  return JSON.stringify(text); // JSON strings are valid double-quoted YAML
}

function flow(value, key) {
  if (Array.isArray(value)) return '[' + value.map(v => flow(v, key)).join(', ') + ']';
  if (value && typeof value === 'object') {
    const parts = Object.entries(value).filter(([, v]) => !isEmpty(v)).map(([k, v]) => `${k}: ${flow(v, k)}`);
    return '{' + parts.join(', ') + '}';
  }
  return scalar(value, key);
}

// The order of the keys: the file's own when it exists (pages differ: phase pages put `code` and
// `weight` first), a new key where the repository's order puts it; for a new page, that order.
function keyOrder(data) {
  const required = settings.required[data.type] || [];
  const present = k => k in data || (settings.lists.includes(k) && required.includes(k));
  const rank = k => (settings.order.includes(k) ? settings.order.indexOf(k) : settings.order.length);
  const keys = (Array.isArray(data[ORDER]) ? data[ORDER] : []).filter(k => present(k) && k !== 'body');
  const wanted = [...settings.order.filter(present),
    ...Object.keys(data).filter(k => !settings.order.includes(k) && ![ 'body', STAMP, ORDER].includes(k))];
  for (const key of wanted) {
    if (keys.includes(key)) continue;
    const after = keys.findIndex(k => rank(k) > rank(key));
    if (after === -1) keys.push(key); else keys.splice(after, 0, key);
  }
  return keys;
}

export function frontMatterLines(data) {
  const required = settings.required[data.type] || [];
  const lines = [];
  for (const key of keyOrder(data)) {
    let value = data[key];
    if (settings.lists.includes(key) && (value === null || value === undefined || value === '')) {
      if (!required.includes(key)) continue;
      value = [];
    }
    if (isEmpty(value)) continue;
    if (Array.isArray(value) && value.some(v => v && typeof v === 'object')) {
      lines.push(`${key}:`);
      for (const item of value) if (!isEmpty(item)) lines.push(`  - ${flow(item, key)}`);
    } else {
      lines.push(`${key}: ${flow(value, key)}`);
    }
  }
  return lines;
}

export function fromFile(content) {
  const text = String(content).replace(/\r\n/g, '\n');
  if (!text.startsWith('---\n')) return { body: text };
  let end = text.indexOf('\n---\n', 3);
  let body = '';
  if (end === -1) {
    if (!text.endsWith('\n---')) return { body: text };
    end = text.length - 4;
  } else {
    body = text.slice(end + 5);
  }
  const meta = YAML.parse(text.slice(4, end + 1)) || {};
  for (const key of requiredLists(meta.type)) {
    if (Array.isArray(meta[key]) && !meta[key].length) meta[key] = [settings.none];
  }
  return { ...meta, [ORDER]: Object.keys(meta), body: body.replace(/^\n+/, '') };
}

// The list fields the form requires for a type: «none: the source does not say» stands for [].
function requiredLists(type) {
  const required = settings.required[type] || [];
  return settings.lists.filter(k => required.includes(k) && !settings.optional_lists.includes(k));
}

// --- the pair's translation (see 2. above) ---------------------------------------------------------
let pending = null; // {hash, original, lang, texts, type, until}: the original of a new pair was just written
const STRIP = '__kb_strip'; // fields of this file copied from the original: not written

const blank = v => v === null || v === undefined || (Array.isArray(v) ? !v.length : !String(v).trim());
const same = (a, b) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const normalized = v => normalizeBody(String(v || ''));

export function isTemplate(body, type, locale) {
  const templates = settings.templates[type] || {};
  return Object.values(templates).some(t => normalized(t) === normalized(body)) && !!(templates[locale] || body);
}

// The fields whose text, identical to the original's, can only be a copy: a title or a source's
// title may rightly be the same in both languages (a name, an article's own title).
const PROSE = ['description', 'body'];
const copiedFields = (data, original) => PROSE.filter(k => !blank(data[k]) && original && same(data[k], original[k]));

// The translated fields of `data` that really are in its language: written, not copied from the
// original, not the sections of `make new` left as they are.
export function ownTexts(data, original, type) {
  const copied = copiedFields(data, original);
  return settings.translated.filter(key => !blank(data[key]) && !copied.includes(key)
    && !(key === 'body' && isTemplate(data[key], type)));
}

export function toFile(input) {
  let data = { ...input };
  if (ORDER in data && !Array.isArray(data[ORDER])) data[ORDER] = [];
  for (const key of settings.lists) {
    if (Array.isArray(data[key])) data[key] = data[key].filter(v => v !== settings.none);
  }
  if (Array.isArray(data[STRIP])) {
    for (const key of data[STRIP]) delete data[key];
  }
  delete data[STRIP];
  if (STAMP in data) {
    const mark = data[STAMP];
    pending = { ...mark, texts: Object.fromEntries(settings.translated.map(k => [k, data[k]])),
      type: data.type, until: Date.now() + 10000 };
    delete data[STAMP];
  } else if (pending && Date.now() < pending.until && pending.mode === 'check') {
    // An existing pair: the other page is written as it is, unless it is the translation and
    // holds text copied from the original (Decap's «copy from another locale»): then it is still
    // to translate, without the copy.
    const record = data.translation || {};
    const copied = copiedFields(data, pending.texts);
    if (record.from === pending.original && copied.length) {
      for (const key of copied) delete data[key];
      if (copied.includes('body')) data.body = '';
      data.translation = { from: pending.original };
    }
    pending = null;
  } else if (pending && Date.now() < pending.until) {
    const own = ownTexts(data, pending.texts, pending.type);
    if (own.length === settings.translated.length) {
      data.translation = { from: pending.original, hash: pending.hash };
    } else {
      // Written in one language only, or partly: the page still to translate keeps its facts,
      // what was written in its own language, and a record without a fingerprint.
      const keep = new Set([...settings.facts, ...own, ORDER, 'type']);
      data = Object.fromEntries(Object.entries(data).filter(([k]) => keep.has(k)));
      data.translation = { from: pending.original };
      data.body = own.includes('body') ? data.body : '';
    }
    pending = null;
  }
  const body = String(data.body || '').replace(/^\n+/, '').replace(/\s+$/, '');
  return ['---', ...frontMatterLines(data), '---', '', body, ''].join('\n').replace(/\n\n\n$/, '\n');
}

async function onPreSave({ entry }) {
  const data = entry.get('data');
  const i18n = entry.get('i18n');
  if (!i18n) return undefined;
  const other = settings.langs.find(l => l !== lang);
  const otherData = i18n.getIn([other, 'data']);
  const plain = m => (m && m.toJS ? m.toJS() : m || {});
  const isNew = entry.get('newRecord') || entry.get('isModification') === false;
  const record = plain(data.get('translation'));
  if (isNew && !record.from) {
    // this language is the original: the other page follows it (toFile)
    const hash = await fingerprint(data.get('title'), data.get('description'), data.get('body'));
    return data.set(STAMP, { hash, original: lang });
  }
  if (record.from === other && otherData) {
    // This page is the translation. Text copied from the original is not saved as its translation:
    // the page is still to translate, without the copy. A page still to translate, translated
    // here, is recorded when it has all its own texts.
    const original = plain(otherData);
    const mine = plain(data);
    const own = ownTexts(mine, original, mine.type);
    const copied = copiedFields(mine, original);
    let next = copied.length ? data.set(STRIP, copied) : data;
    if (copied.length) {
      next = next.set('translation', { from: other });
    } else if (!record.hash && own.length === settings.translated.length) {
      const hash = await fingerprint(original.title, original.description, original.body);
      next = next.set('translation', { from: other, hash });
    }
    return next === data ? undefined : next;
  }
  if (!record.from) {
    // this page is the original (or the pair says nothing yet): the other page is looked at when written
    return data.set(STAMP, { mode: 'check', original: lang });
  }
  return undefined;
}

// --- the repository's folders as Decap expects them ---------------------------------------------
// Decap's i18n structure `multiple_folders` wants the language folder right above the file
// (docs/experiences/it/x.md); the repository has it at the top (docs/it/experiences/x.md, the
// layout of the site). Every backend (GitHub, the local decap-server) is wrapped so that Decap sees
// docs/<section>/<lang>/<file> while the repository keeps docs/<lang>/<section>/<file>.
const LANGS = settings.langs.join('|');
const SECTIONS = settings.sections.map(s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const VIRTUAL = new RegExp(`^docs/(${SECTIONS})/(${LANGS})/(.+)$`);
const REAL = new RegExp(`^docs/(${LANGS})/(${SECTIONS})/(.+)$`);
const VIRTUAL_FOLDER = new RegExp(`^docs/(${SECTIONS})/?$`);

export const toReal = path => (typeof path === 'string' ? path.replace(VIRTUAL, 'docs/$2/$1/$3') : path);
export const toVirtual = path => (typeof path === 'string' ? path.replace(REAL, 'docs/$2/$1/$3') : path);

function virtualFiles(entries) {
  return entries.map(entry => ({ ...entry, file: { ...entry.file, path: toVirtual(entry.file.path) } }));
}

function wrapBackend(impl) {
  const listing = method => async (folder, extension, depth, ...rest) => {
    const section = VIRTUAL_FOLDER.exec(folder);
    if (!section) return impl[method](folder, extension, depth, ...rest);
    const lists = await Promise.all(settings.langs.map(lang =>
      impl[method](`docs/${lang}/${section[1]}`, extension, 1, ...rest)));
    return virtualFiles(lists.flat());
  };
  const handlers = {
    entriesByFolder: listing('entriesByFolder'),
    allEntriesByFolder: impl.allEntriesByFolder ? listing('allEntriesByFolder') : undefined,
    entriesByFiles: async files => virtualFiles(await impl.entriesByFiles(files.map(f => ({ ...f, path: toReal(f.path) })))),
    getEntry: async path => {
      const entry = await impl.getEntry(toReal(path));
      return entry && entry.file ? { ...entry, file: { ...entry.file, path: toVirtual(entry.file.path) } } : entry;
    },
    persistEntry: (entry, options) => impl.persistEntry({
      ...entry,
      dataFiles: entry.dataFiles.map(f => ({ ...f, path: toReal(f.path), newPath: toReal(f.newPath) })),
    }, options),
    unpublishedEntry: async (...args) => {
      const data = await impl.unpublishedEntry(...args);
      return data && data.diffs
        ? { ...data, diffs: data.diffs.map(d => ({ ...d, path: toVirtual(d.path), newPath: toVirtual(d.newPath), oldPath: toVirtual(d.oldPath) })) }
        : data;
    },
    unpublishedEntryDataFile: (collection, slug, path, id) => impl.unpublishedEntryDataFile(collection, slug, toReal(path), id),
    deleteFiles: (paths, message) => impl.deleteFiles(paths.map(toReal), message),
  };
  return new Proxy(impl, {
    get(target, prop) {
      if (Object.prototype.hasOwnProperty.call(handlers, prop) && handlers[prop] && typeof target[prop] === 'function') {
        return handlers[prop];
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

function wrapBackends(CMS) {
  for (const name of ['github', 'proxy', 'test-repo']) {
    const entry = CMS.getBackend(name);
    if (!entry) continue;
    const init = entry.init;
    entry.init = (...args) => wrapBackend(init(...args));
  }
}

// --- start -------------------------------------------------------------------------------------
function refuseLargeFiles(event) {
  const input = event.target;
  if (!input || input.type !== 'file' || !input.files) return;
  for (const file of input.files) {
    if (file.size > settings.max_file_size) {
      event.stopImmediatePropagation();
      event.preventDefault();
      input.value = '';
      window.alert(settings.messages[lang].too_large.replace('{name}', file.name)
        .replace('{size}', Math.round(file.size / 1000)).replace('{max}', Math.round(settings.max_file_size / 1000)));
      return;
    }
  }
}

// --- the text: kb-body ------------------------------------------------------------------------------
// Bullets that word processors and PDF readers paste (the checker's KB117 lists the same ones).
const PASTED_BULLET = /^[ \t]*[•◦▪▫●○■□‣⁃∙·–—][ \t\u00a0]*/;

export function pastedList(textIn) {
  const lines = String(textIn).replace(/\r\n?/g, '\n').split('\n');
  if (!lines.some(l => PASTED_BULLET.test(l))) return null;
  const out = [];
  for (const line of lines) {
    if (PASTED_BULLET.test(line)) {
      const last = out[out.length - 1];
      if (out.length && last !== '' && !last.startsWith('- ')) out.push(''); // a blank line before the list
      out.push('- ' + line.replace(PASTED_BULLET, '').trim());
    } else {
      out.push(line);
    }
  }
  return out.join('\n');
}

function template(type, locale) {
  return (settings.templates[type] || settings.templates.page || {})[locale] || '';
}

function bodyWidget(h, createClass) {
  return createClass({
    getInitialState() { return { pending: null, description: '', error: '', note: '' }; },
    // Decap's wrapper asks the control whether to render again (with the wrapper's props, which
    // name the control by this.props.forID): when the picture chosen in the media library
    // arrives (mediaPaths), not only when the value changes.
    shouldComponentUpdate(nextProps, nextState) {
      return nextState !== undefined || nextProps.value !== this.props.value
        || !!(nextProps.mediaPaths && nextProps.mediaPaths.get(this.props.forID))
        || nextProps.classNameWrapper !== this.props.classNameWrapper;
    },
    componentDidMount() {
      // a new page starts from the sections of `make new`, in this column's language
      if (this.props.value === undefined || this.props.value === null) {
        const type = this.props.collection && this.props.collection.getIn(['filter', 'value']);
        const start = template(type, this.props.locale || lang);
        if (start) this.props.onChange(start);
      }
    },
    componentDidUpdate() {
      const { mediaPaths, forID, onRemoveInsertedMedia } = this.props;
      const chosen = mediaPaths && mediaPaths.get(forID);
      const path = !chosen ? '' : typeof chosen === 'string' ? chosen : (chosen.first ? chosen.first() : chosen[0]);
      if (!path) {
        this.handled = null;
      } else if (path !== this.handled) {  // once per choice: the store forgets it a moment later
        this.handled = path;
        onRemoveInsertedMedia(forID);
        this.setState({ pending: path, description: '', error: '' }, () => {
          const input = document.getElementById(forID + '-image-description');
          if (input) input.focus();
        });
      }
    },
    openLibrary(event) {
      event.preventDefault();
      this.selection = this.textarea ? [this.textarea.selectionStart, this.textarea.selectionEnd] : null;
      this.props.onOpenMediaLibrary({ controlID: this.props.forID, forImage: true, allowMultiple: false,
        field: this.props.field, value: [] });
    },
    insertAt(snippet) {
      const value = String(this.props.value || '');
      const [start, end] = this.selection || [value.length, value.length];
      this.props.onChange(value.slice(0, start) + snippet + value.slice(end));
    },
    insertImage(event) {
      event.preventDefault();
      const description = this.state.description.replace(/[\[\]\n]/g, ' ').trim();
      if (!description) { this.setState({ error: text('image_required') }); return; }
      const path = encodeURI(this.state.pending);
      this.insertAt(`![${description}](${path})`);
      this.setState({ pending: null, description: '', error: '' });
    },
    onPaste(event) {
      const pasted = event.clipboardData && event.clipboardData.getData('text/plain');
      const list = pasted && pastedList(pasted);
      if (!list) return;
      event.preventDefault();
      const area = event.target;
      this.selection = [area.selectionStart, area.selectionEnd];
      const value = String(this.props.value || '');
      const before = value.slice(0, area.selectionStart);
      const lead = before && !before.endsWith('\n\n') && list.startsWith('- ') ? (before.endsWith('\n') ? '\n' : '\n\n') : '';
      this.insertAt(lead + list);
      this.setState({ note: text('pasted_list') });
    },
    isValid() { return true; },
    render() {
      const { forID, value, classNameWrapper, setActiveStyle, setInactiveStyle } = this.props;
      const { pending, description, error, note } = this.state;
      const lines = String(value || '').split('\n').length;
      const children = [
        h('div', { className: 'kb-body__tools', key: 'tools' },
          h('button', { type: 'button', className: 'kb-body__button', onClick: this.openLibrary }, text('body_image'))),
        h('textarea', {
          key: 'text', id: forID, className: classNameWrapper + ' kb-body__text', value: value || '',
          rows: Math.min(Math.max(lines + 2, 12), 40), spellCheck: true, lang: this.props.locale || lang,
          ref: el => { this.textarea = el; },
          onChange: e => this.props.onChange(e.target.value), onFocus: setActiveStyle, onBlur: setInactiveStyle,
          onPaste: this.onPaste,
        }),
      ];
      if (note) children.push(h('p', { key: 'note', className: 'kb-body__note', role: 'status' }, note));
      if (pending) {
        const id = forID + '-image-description';
        children.push(h('div', { key: 'dialog', className: 'kb-dialog', role: 'dialog', 'aria-modal': 'true',
          'aria-labelledby': id + '-title' },
        h('form', { className: 'kb-dialog__box', onSubmit: this.insertImage, noValidate: true },
          h('h2', { id: id + '-title' }, text('image_title')),
          h('p', { className: 'kb-dialog__path' }, h('code', null, pending)),
          h('label', { htmlFor: id }, text('image_help')),
          h('textarea', { id, rows: 3, value: description, required: true, 'aria-required': 'true',
            'aria-invalid': error ? 'true' : 'false', 'aria-describedby': error ? id + '-error' : undefined,
            onChange: e => this.setState({ description: e.target.value, error: '' }) }),
          error ? h('p', { id: id + '-error', className: 'kb-dialog__error', role: 'alert' }, error) : null,
          h('div', { className: 'kb-dialog__buttons' },
            h('button', { type: 'submit', className: 'kb-body__button' }, text('image_insert')),
            h('button', { type: 'button', onClick: () => this.setState({ pending: null }) }, text('image_cancel'))))));
      }
      return h('div', { className: 'kb-body' }, ...children);
    },
  });
}

// --- a date between the programme's start and today: kb-date ------------------------------------------
const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);

export function dateProblem(value, earliest) {
  const day = String(value || '');
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const real = match && new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
  if (!real) return text('date_invalid', { today: today() });
  if ((earliest && day < earliest) || day > today()) return text('date_range', { earliest, today: today() });
  return null;
}

function dateWidget(h, createClass) {
  return createClass({
    componentDidMount() {
      if (!this.props.value) this.props.onChange(today());
    },
    isValid() {
      const problem = dateProblem(this.props.value, this.props.field.get('earliest'));
      return problem ? { error: { type: 'CUSTOM', message: problem } } : true;
    },
    render() {
      const { forID, value, classNameWrapper, setActiveStyle, setInactiveStyle, field } = this.props;
      const raw = value && value.toISOString ? value.toISOString().slice(0, 10) : String(value || '');
      return h('input', { type: 'date', id: forID, className: classNameWrapper, value: raw,
        min: field.get('earliest'), max: today(), onFocus: setActiveStyle, onBlur: setInactiveStyle,
        onChange: e => this.props.onChange(e.target.value) });
    },
  });
}

// --- the preview pane ----------------------------------------------------------------------------------
function pageAddress(collection, entry, locale) {
  const section = settings.collection_sections[collection] || '';
  const slug = entry.get('slug') || entry.getIn(['data', 'id']) || '';
  const path = (section ? section + '/' : '') + (slug && slug !== 'index' ? slug + '/' : '');
  return settings.prefixes[locale || lang] + path;
}

let serveAnswered = null;
async function serveRuns() {
  if (serveAnswered === null) {
    serveAnswered = fetch(settings.preview_url, { mode: 'no-cors', cache: 'no-store' }).then(() => true, () => false);
    setTimeout(() => { serveAnswered = null; }, 3000);
  }
  return serveAnswered;
}

function previewTemplate(h, createClass, collection) {
  return createClass({
    getInitialState() { return { live: null }; },
    componentDidMount() { this.poll(); },
    componentWillUnmount() { clearTimeout(this.timer); },
    async poll() {
      if (!settings.preview_url) return;
      const live = await serveRuns();
      if (live !== this.state.live) this.setState({ live });
      if (!live) this.timer = setTimeout(() => this.poll(), 2000);
    },
    render() {
      const { entry, widgetFor, locale } = this.props;
      const address = pageAddress(collection, entry, locale);
      if (settings.preview_url) {
        const url = settings.preview_url + address;
        const head = h('p', { className: 'kb-preview__head' }, text('preview_live', { url }), ' ',
          h('a', { href: url, target: '_blank', rel: 'noopener' }, text('preview_open')));
        if (!this.state.live) return h('div', { className: 'kb-preview' }, head, h('p', null, text('preview_not_running')));
        return h('div', { className: 'kb-preview' }, head,
          h('iframe', { src: url, title: entry.getIn(['data', 'title']) || url, className: 'kb-preview__frame' }));
      }
      const title = entry.getIn(['data', 'title']);
      const published = settings.site_url && entry.get('slug') ? settings.site_url + address : '';
      return h('div', { className: 'md-typeset kb-preview', lang: locale || lang },
        h('p', { className: 'kb-preview__head' }, text('preview_styles'),
          published ? [' ', h('a', { key: 'a', href: published, target: '_blank', rel: 'noopener' }, text('preview_published'))] : null),
        title ? h('h1', null, title) : null,
        widgetFor('body'));
    },
  });
}

// --- the media library's «copy path» --------------------------------------------------------------------
// Decap copies a picture's place in the repository (docs/assets/images/x.png), which no page can
// use; the picture button writes the path from the page. The copy gives that same path: the one from
// the page being edited (the collection in the address), else from a page one folder down.
export function publicPath(path, hash = '') {
  const folder = settings.media_folder + '/';
  if (typeof path !== 'string' || !path.startsWith(folder)) return path;
  const collection = /#\/collections\/([^/?]+)/.exec(hash);
  const base = (collection && settings.public_folders[collection[1]]) || settings.public_folder;
  return base + '/' + path.slice(folder.length);
}

function copyPublicPaths() {
  const clipboard = navigator.clipboard;
  if (!clipboard || !clipboard.writeText) return;
  const write = clipboard.writeText.bind(clipboard);
  Object.defineProperty(clipboard, 'writeText', { configurable: true, value: t => write(publicPath(String(t), location.hash)) });
}

// --- Decap's interface strings ---------------------------------------------------------------------------
function withStrings(base, flat) {
  const out = JSON.parse(JSON.stringify(base || {}));
  for (const [key, value] of Object.entries(flat || {})) {
    const parts = key.split('.');
    let node = out;
    for (const part of parts.slice(0, -1)) node = node[part] = (node[part] && typeof node[part] === 'object') ? node[part] : {};
    node[parts[parts.length - 1]] = value;
  }
  return out;
}

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = src;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function start() {
  // GitHub sign-in keeps the contributor's token in this origin's storage: not on an origin that
  // every GitHub Pages site of the account shares, unless the owner accepted it (data/editor.yml).
  if (!settings.local && location.hostname.endsWith('.github.io') && !settings.accept_shared_origin) {
    const main = document.getElementById('kb-content');
    const notice = document.createElement('p');
    notice.className = 'kb-admin__notice';
    notice.setAttribute('role', 'status');
    notice.textContent = text('shared_origin');
    if (main) main.append(notice);
    return;
  }
  window.CMS_MANUAL_INIT = true;
  await loadScript(new URL('decap/decap-cms.js', here).href);
  const CMS = window.CMS;
  const { h, createClass } = window;
  for (const locale of settings.langs) {
    CMS.registerLocale(locale, withStrings(CMS.getLocale(locale), settings.decap[locale]));
  }
  wrapBackends(CMS);
  CMS.registerCustomFormat('kb-frontmatter', 'md', { fromFile, toFile });
  CMS.registerEventListener({ name: 'preSave', handler: onPreSave });
  const markdown = CMS.getWidget('markdown');
  CMS.registerWidget('kb-body', bodyWidget(h, createClass), markdown && markdown.preview);
  CMS.registerWidget('kb-date', dateWidget(h, createClass));
  for (const collection of Object.keys(settings.collection_sections)) {
    CMS.registerPreviewTemplate(collection, previewTemplate(h, createClass, collection));
  }
  for (const style of settings.preview_styles) CMS.registerPreviewStyle(new URL('../' + style, here).href);
  CMS.registerPreviewStyle(new URL('kb-admin.css', here).href);
  document.addEventListener('change', refuseLargeFiles, true);
  copyPublicPaths();
  document.documentElement.classList.add('kb-cms-running');
  CMS.init();
}

if (typeof window !== 'undefined' && !window.KB_EDITOR_NO_START) await start();
