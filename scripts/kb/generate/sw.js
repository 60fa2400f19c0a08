/* The site's service worker: the site read without a network (scripts/kb/generate/offline.py).

   The build fills in KB (the languages, their saved-copy lists and versions, the editor's folders)
   and Workbox's injectManifest the precache list (the manifest placeholder below: the theme's CSS, JS, fonts and
   the offline page of each language, each with a revision from its content), then writes sw.js at
   the root of the site; its scope is the site's path. The Workbox runtime is served by the site.

   - Precached files are answered from the cache (a new build brings new revisions).
   - Every other address of the site (not the editor) is network first: online a page is always
     fresh; after a short time-out, or without a network, the saved copy answers. So every page and
     file a reader has opened opens again offline, and Pagefind finds its index in the cache.
   - A page that was never saved opens, offline, the offline page of its language.
   - "Save this language" (the page asks: message KB_SAVE) downloads the language's list of pages,
     images, search index and, if asked, its PDF guide; progress goes to every open page.
   - A saved language whose list changed in a new build is refreshed in the background on the next
     page opened online, file by file (only what changed), unless the reader saves data. */
"use strict";

const KB = __KB_CONFIG__;

importScripts(...KB.modules.map((name) => `${KB.workbox}workbox-${name}.prod.js`));
const { precaching, routing, strategies } = self.workbox;

const SCOPE = self.registration.scope;
const at = (path) => new URL(path, SCOPE).href;
const PAGES = `kb-pages:${SCOPE}`;
const FILES = `kb-files:${SCOPE}`;
const META = `kb-meta:${SCOPE}`;
const metaKey = (lang) => at(`__kb/saved-${lang}`);
const PRIVATE = KB.private.map(at);

// --- which requests are the site's --------------------------------------------------------------

function ours(url) {
  return url.origin === self.location.origin && url.href.startsWith(SCOPE) && !PRIVATE.some((p) => url.href.startsWith(p));
}

function languageOf(url) {
  let best = KB.default;
  for (const [lang, info] of Object.entries(KB.languages)) {
    if (info.home && url.href.startsWith(at(info.home))) best = lang;
  }
  return best;
}

// One cache entry per address: `?q=…` on the search page, `?ts=…` on Pagefind's entry file.
const withoutQuery = {
  cacheKeyWillBeUsed: async ({ request }) => {
    const url = new URL(request.url);
    url.search = "";
    url.hash = "";
    return url.href;
  },
};

// Sent to the offline page's own address (precached), not answered in place: its links, styles and
// scripts are written relative to that address.
const offlinePage = {
  handlerDidError: async ({ request }) => Response.redirect(at(KB.languages[languageOf(new URL(request.url))].offline), 302),
};

self.addEventListener("install", () => self.skipWaiting());
// A new worker (a new build) takes over at once; the open pages then ask it to refresh the saved
// copies (KB_REFRESH), as the next page opened online would.
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim().then(() => tell({ type: "KB_ACTIVE" }))));

precaching.precacheAndRoute(self.__WB_MANIFEST);
precaching.cleanupOutdatedCaches();

routing.registerRoute(
  ({ request, url }) => request.mode === "navigate" && ours(url),
  new strategies.NetworkFirst({ cacheName: PAGES, networkTimeoutSeconds: KB.timeout, plugins: [withoutQuery, offlinePage] }),
);
routing.registerRoute(
  ({ request, url }) => request.mode !== "navigate" && ours(url),
  new strategies.NetworkFirst({ cacheName: FILES, networkTimeoutSeconds: KB.timeout, plugins: [withoutQuery] }),
);

// --- saved languages ----------------------------------------------------------------------------

async function readMeta(lang) {
  const cache = await caches.open(META);
  const response = await cache.match(metaKey(lang));
  return response ? response.json() : null;
}

async function writeMeta(lang, meta) {
  const cache = await caches.open(META);
  await cache.put(metaKey(lang), new Response(JSON.stringify(meta), { headers: { "Content-Type": "application/json" } }));
}

async function tell(message) {
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    client.postMessage(message);
  }
}

const isPage = (path) => path === "" || path.endsWith("/");
const PARALLEL = 6; // downloads at once: what a browser opens to one host over HTTP/1.1
const running = {}; // lang -> the save under way

function save(lang, withPdf) {
  if (!running[lang]) {
    running[lang] = download(lang, withPdf).finally(() => {
      delete running[lang];
    });
  }
  return running[lang];
}

async function download(lang, withPdf) {
  const info = KB.languages[lang];
  const listed = await fetch(at(info.copy), { cache: "no-cache" });
  if (!listed.ok) throw new Error(`${info.copy}: ${listed.status}`);
  const copy = await listed.json();
  const before = (await readMeta(lang)) || { files: {} };
  const items = copy.files.concat(withPdf && copy.pdf ? [copy.pdf] : []);
  const total = items.reduce((sum, item) => sum + item[1], 0);
  const pages = await caches.open(PAGES);
  const files = await caches.open(FILES);
  let done = 0;
  let count = 0;
  let told = 0;
  let failed = false;
  const queue = items.slice();
  const progress = (force) => {
    const now = Date.now();
    if (force || now - told > 200) {
      told = now;
      tell({ type: "KB_PROGRESS", lang, done, total, count, files: items.length });
    }
  };
  progress(true);
  async function worker() {
    while (queue.length && !failed) {
      const [path, size, hash] = queue.shift();
      const url = at(path);
      const cache = isPage(path) ? pages : files;
      if (before.files[path] !== hash || !(await cache.match(url))) {
        try {
          const response = await fetch(url, { cache: "no-cache" });
          if (!response.ok) throw new Error(`${path}: ${response.status}`);
          await cache.put(url, response);
        } catch (error) {
          failed = true; // the other downloads stop too
          throw error;
        }
      }
      done += size;
      count += 1;
      progress(false);
    }
  }
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  const saved = Object.fromEntries(items.map(([path, , hash]) => [path, hash]));
  for (const path of Object.keys(before.files)) {
    if (!(path in saved)) await (isPage(path) ? pages : files).delete(at(path));
  }
  const meta = { lang, version: copy.version, saved: Date.now(), pdf: Boolean(withPdf && copy.pdf), bytes: total, files: saved };
  await writeMeta(lang, meta);
  progress(true);
  const result = { type: "KB_SAVED", lang, saved: meta.saved, pdf: meta.pdf, bytes: total };
  await tell(result);
  return result;
}

// A saved language whose list changed (a new build) is brought up to date in the background, unless
// the reader saves data (a metered connection).
let refreshing = null;

function refreshSaved(event) {
  const connection = self.navigator.connection;
  if (connection && connection.saveData) return;
  if (refreshing) {
    event.waitUntil(refreshing);
    return;
  }
  refreshing = (async () => {
    for (const [lang, info] of Object.entries(KB.languages)) {
      const meta = await readMeta(lang);
      if (meta && meta.version !== info.version) await save(lang, meta.pdf);
    }
  })()
    .catch(() => undefined)
    .finally(() => {
      refreshing = null;
    });
  event.waitUntil(refreshing);
}

self.addEventListener("fetch", (event) => {
  if (event.request.mode === "navigate" && ours(new URL(event.request.url))) refreshSaved(event);
});

// The first page of a visit was loaded before the worker ran: keep it and its files now.
async function keep(urls) {
  const pages = await caches.open(PAGES);
  const files = await caches.open(FILES);
  for (const [index, address] of urls.entries()) {
    const url = new URL(address);
    if (!ours(url) || precaching.getCacheKeyForURL(url.href)) continue;
    url.search = "";
    url.hash = "";
    const cache = index === 0 ? pages : files;
    if (await cache.match(url.href)) continue;
    try {
      const response = await fetch(url.href);
      if (response.ok) await cache.put(url.href, response);
    } catch (error) {
      // offline again: it will be kept the next time it is opened
    }
  }
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (value) => event.ports && event.ports[0] && event.ports[0].postMessage(value);
  if (data.type === "KB_SAVE" && KB.languages[data.lang]) {
    event.waitUntil(save(data.lang, Boolean(data.pdf)).then(reply, (error) => {
      const failed = { type: "KB_SAVE_FAILED", lang: data.lang, error: String(error) };
      tell(failed);
      reply(failed);
    }));
  } else if (data.type === "KB_REFRESH") {
    refreshSaved(event);
    reply({ type: "KB_REFRESHING" });
  } else if (data.type === "KB_KEEP" && Array.isArray(data.urls)) {
    event.waitUntil(keep(data.urls).then(() => reply({ type: "KB_KEPT" })));
  }
});
