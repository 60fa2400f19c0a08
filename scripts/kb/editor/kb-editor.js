// The script of the editor's page (/admin/, /fr/admin/): starts Decap CMS with what the repository
// needs. Copied into the built site by scripts/kb/editor/admin.py, with kb-schema.json beside it
// (the schema's field order, list fields and required fields, from data/schema/page.yml).
//
// 1. A front-matter format of our own, `kb-frontmatter` (the collections of config.yml use it):
//    it reads YAML front matter like Decap's built-in format (the same `yaml` library) and writes it
//    the way the repository does (scripts/kb/content/scaffold.py, the pages under docs/): fields in schema
//    order, lists in brackets `[a, b]`, sources one per line `- {title: "...", url: https://...}`,
//    texts in double quotes, keys and dates plain; an empty vocabulary list is written `[]`, an
//    empty optional field not at all. Fields the editor does not show (`translation`) are kept,
//    and so is the order of the keys of an existing page.
// 2. The translation record of a pair created together. The French page of a new pair records
//    `translation: {from: it, hash: ...}`, the fingerprint of the Italian text saved with it (the
//    same computation as scripts/kb/content/translation.py `fingerprint`), so the pair starts up to date:
//    no KB071 (unrecorded) and no KB070 (outdated). Only a new pair, or one not yet published, is
//    stamped: an edit of an existing page's Italian text leaves the French record as it was, and
//    the French twin then shows as outdated, as it should. Decap's `preSave` event sees the whole
//    entry but can change only the default language's data: it adds a marker there (the hash),
//    which the format removes from the Italian file and turns into the record of the French file
//    it writes next (Decap writes the files of an entry one language after the other). A new page
//    written in Italian only gets the Italian title, description, sources and text on the French side,
//    and no record: it passes the checks, and shows as a translation still to do (KB071).
// 3. Decap sees the language folder under the section folder (see "the repository's folders").
// 4. Pictures larger than the checker's limit are refused before they are uploaded.
import { YAML } from './yaml/index.js';

const FINGERPRINT_VERSION = 'kb-translation-fingerprint-1';
const STAMP = '__kb_translation_stamp';
const ORDER = '__kb_key_order'; // the order of the keys in the file read, kept with the entry's data
const here = new URL('.', import.meta.url);
const settings = await (await fetch(new URL('kb-schema.json', here))).json();
const lang = document.documentElement.lang || settings.default_lang;

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
  return { ...meta, [ORDER]: Object.keys(meta), body: body.replace(/^\n+/, '') };
}

let pending = null; // {hash, until, original}: the Italian file of a new pair was just written
const TRANSLATED = ['title', 'description', 'sources', 'body'];

export function toFile(input) {
  const data = { ...input };
  if (ORDER in data && !Array.isArray(data[ORDER])) data[ORDER] = [];
  if (STAMP in data) {
    const original = Object.fromEntries(TRANSLATED.map(k => [k, data[k]]));
    pending = { hash: data[STAMP], until: Date.now() + 10000, original };
    delete data[STAMP];
  } else if (pending && Date.now() < pending.until) {
    const missing = v => v === null || v === undefined || (Array.isArray(v) ? !v.length : !String(v).trim());
    const untranslated = TRANSLATED.filter(k => missing(data[k]));
    if (untranslated.length) {
      // Written in one language only: the other page gets the same text, so that the pair passes
      // the checks, and no record, so that it shows as a translation still to do (KB071).
      for (const key of untranslated) data[key] = pending.original[key];
    } else {
      data.translation = { from: settings.default_lang, hash: pending.hash };
    }
    pending = null;
  }
  const body = String(data.body || '').replace(/^\n+/, '').replace(/\s+$/, '');
  return ['---', ...frontMatterLines(data), '---', '', body, ''].join('\n');
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
  window.CMS_MANUAL_INIT = true;
  await loadScript(new URL('decap/decap-cms.js', here).href);
  const CMS = window.CMS;
  wrapBackends(CMS);
  CMS.registerCustomFormat('kb-frontmatter', 'md', { fromFile, toFile });
  CMS.registerEventListener({
    name: 'preSave',
    handler: async ({ entry }) => {
      const data = entry.get('data');
      const isNew = entry.get('newRecord') || entry.get('isModification') === false;
      if (!isNew || !entry.get('i18n') || data.get('translation')) return undefined;
      return data.set(STAMP, await fingerprint(data.get('title'), data.get('description'), data.get('body')));
    },
  });
  document.addEventListener('change', refuseLargeFiles, true);
  document.documentElement.classList.add('kb-cms-running');
  CMS.init();
}

if (typeof window !== 'undefined' && !window.KB_EDITOR_NO_START) await start();
