/* The site's script, on every reader page (overrides/main.html). Each part is an enhancement: without
   JavaScript every page reads the same.
   1. Glossary terms (abbreviations the build marks with <abbr title>): their definition shows on a
      tap and on keyboard focus (the mouse has the browser's tooltip), and a screen reader hears it
      (aria-describedby); Escape hides it.
   2. Print: the address of every link inside the text is written after it on paper (CSS shows the
      addresses of other sites; this adds the site's own, as absolute addresses).
   3. Offline: the service worker (scripts/kb/generate/sw.js) is registered once the page has
      loaded; the home page's "save this language" control, the footer link with the date of the
      saved copy, and the list of saved pages on the offline page. */
(function () {
  "use strict";
  var script = document.currentScript;
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var fill = function (text, values) {
    return text.replace(/\{(\w+)\}/g, function (all, key) { return key in values ? values[key] : all; });
  };

  // --- 1. glossary terms ------------------------------------------------------------------------
  // At start-up, attributes only: the first occurrence of each term is a tab stop, the others take
  // focus from a tap; each is described (for screen readers) by its definition, kept once per term
  // in a hidden list. One tip, under the focused term, shows the definition; the mouse keeps the
  // browser's own tooltip (the title), as without JavaScript.
  var tip = null;
  var current = null;
  function terms() {
    var found = document.querySelectorAll(".md-content abbr[title]");
    if (!found.length) return;
    var list = document.createElement("div");
    list.className = "kb-terms";
    list.hidden = true;
    var ids = {};
    var count = 0;
    each(found, function (abbr) {
      var key = abbr.textContent + "\n" + abbr.getAttribute("title");
      if (!ids[key]) {
        var item = document.createElement("span");
        item.id = "kb-term-" + (count += 1);
        item.textContent = abbr.getAttribute("title");
        list.appendChild(item);
        ids[key] = item.id;
        abbr.tabIndex = 0;
      } else {
        abbr.tabIndex = -1;
      }
      abbr.setAttribute("aria-describedby", ids[key]);
    });
    found[0].closest(".md-content").appendChild(list);
  }
  function showTip(abbr) {
    var text = document.getElementById(abbr.getAttribute("aria-describedby"));
    if (!text) return;
    if (!tip) {
      tip = document.createElement("div");
      tip.className = "kb-tip";
      tip.setAttribute("aria-hidden", "true"); // read as the term's description already
      document.body.appendChild(tip);
    }
    if (abbr.hasAttribute("title")) { // no second tooltip from the browser while ours shows
      abbr.setAttribute("data-kb-title", abbr.getAttribute("title"));
      abbr.removeAttribute("title");
    }
    current = abbr;
    tip.textContent = text.textContent;
    tip.hidden = false;
    var box = abbr.getBoundingClientRect();
    var room = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(box.left, room - tip.offsetWidth - 8));
    tip.style.left = left + window.pageXOffset + "px";
    tip.style.top = box.bottom + window.pageYOffset + 4 + "px";
  }
  function hideTip() {
    if (tip) tip.hidden = true;
  }
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("abbr[aria-describedby]")) showTip(target);
  });
  document.addEventListener("focusout", function (event) {
    var abbr = event.target;
    if (abbr !== current) return;
    hideTip();
    current = null;
    if (abbr.hasAttribute("data-kb-title")) abbr.setAttribute("title", abbr.getAttribute("data-kb-title"));
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && current) hideTip();
  });

  // --- 2. link addresses on paper -------------------------------------------------------------------
  function printAddresses() {
    var canonical = document.querySelector('link[rel="canonical"]');
    var here = canonical ? canonical.href : location.href; // the published address, also from a copy
    each(document.querySelectorAll(".md-content a[href]"), function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(href) || link.hasAttribute("data-kb-print")) return;
      if (link.closest(".headerlink")) return;
      link.setAttribute("data-kb-print", new URL(href, here).href);
    });
  }
  window.addEventListener("beforeprint", printAddresses);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onPrint = function (event) { if (event.matches) printAddresses(); };
    if (print.addEventListener) print.addEventListener("change", onPrint); else if (print.addListener) print.addListener(onPrint);
  }

  // --- 3. offline ---------------------------------------------------------------------------------
  var lang = script && script.getAttribute("data-lang") || document.documentElement.lang;
  var swUrl = script && script.getAttribute("data-sw");
  var scope = script && new URL(script.getAttribute("data-scope") || "/", location.href).href;
  var canKeep = "serviceWorker" in navigator && "caches" in window && window.isSecureContext;
  var metaCache = "kb-meta:" + scope;
  var pagesCache = "kb-pages:" + scope;

  function savedCopy(language) {
    return caches.open(metaCache).then(function (cache) {
      return cache.match(new URL("__kb/saved-" + language, scope).href);
    }).then(function (response) { return response ? response.json() : null; })
      .catch(function () { return null; });
  }
  function day(time) {
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric" }).format(new Date(time));
  }
  function megabytes(bytes, section) {
    var number = function (n, digits) {
      return new Intl.NumberFormat(lang, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(n);
    };
    return bytes < 1e6 ? fill(section.getAttribute("data-kb"), { n: number(Math.max(1, Math.round(bytes / 1e3)), 0) })
      : fill(section.getAttribute("data-mb"), { n: number(bytes / 1e6, 1) });
  }

  // The worker, once active (registered by this page or an earlier one), and workbox-window's
  // messageSW to talk to it: loaded after the page, whatever the reader does first.
  var library = null;
  var registering = null; // rejects if the worker cannot be registered
  function register() {
    if (library) return library;
    library = new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = script.getAttribute("data-window");
      tag.onload = function () { resolve(window.workbox); };
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
    library.then(function (workbox) {
      registering = new workbox.Workbox(swUrl, { scope: scope }).register();
      registering.catch(function () { /* no worker: the site works online as before */ });
      if (!navigator.serviceWorker.controller) {
        // This page was loaded before the worker ran: keep it, and what it loaded, now.
        var urls = [location.href];
        each(performance.getEntriesByType("resource"), function (entry) { urls.push(entry.name); });
        tell({ type: "KB_KEEP", urls: urls }).catch(function () { /* kept the next time it is opened */ });
      }
    });
    return library;
  }
  function tell(message) {
    return register().then(function (workbox) {
      var never = new Promise(function () {});
      return Promise.race([navigator.serviceWorker.ready, registering.then(function () { return never; })])
        .then(function (ready) { return workbox.messageSW(ready.active, message); });
    });
  }

  function footer() {
    var line = document.querySelector(".kb-offline-link");
    if (!line) return;
    line.removeAttribute("data-kb-off");
    savedCopy(lang).then(function (meta) {
      if (meta) line.querySelector(".kb-offline-link__date").textContent = fill(line.getAttribute("data-saved"), { date: day(meta.saved) });
    });
  }

  function control() {
    var section = document.querySelector(".kb-offline[data-lang]");
    if (!section) return;
    var button = section.querySelector(".kb-offline__save");
    var bar = section.querySelector(".kb-offline__progress");
    var status = section.querySelector(".kb-offline__status");
    var pdf = section.querySelector('input[name="kb-offline-pdf"]');
    var say = function (text) { status.textContent = text; };
    var attr = function (name) { return section.getAttribute("data-" + name); };
    var announced = -1;
    section.hidden = false;
    function showSaved(meta) {
      if (!meta) return;
      say(fill(attr("saved"), { date: day(meta.saved) }));
      button.textContent = attr("update");
      if (pdf) pdf.checked = !!meta.pdf;
    }
    savedCopy(lang).then(showSaved);
    var saving = false;
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.lang !== lang) return;
      if (data.type === "KB_SAVED" && !saving) showSaved(data); // saved from another tab, or refreshed
      if (data.type !== "KB_PROGRESS" || !saving || !data.total || data.done >= data.total) return;
      var percent = Math.floor(100 * data.done / data.total);
      bar.hidden = false;
      bar.value = percent;
      // Said aloud at each quarter, not at every file
      if (Math.floor(percent / 25) !== announced) {
        announced = Math.floor(percent / 25);
        say(fill(attr("progress"), { done: megabytes(data.done, section), total: megabytes(data.total, section) }));
      }
    });
    button.addEventListener("click", function () {
      if (!navigator.onLine) { say(attr("offline")); return; }
      button.disabled = true;
      saving = true;
      announced = -1;
      var total = Number(attr("bytes")) + (pdf && pdf.checked ? Number(attr("pdf-bytes")) : 0);
      var space = navigator.storage && navigator.storage.estimate ? navigator.storage.estimate() : Promise.resolve(null);
      space.then(function (estimate) {
        if (estimate && estimate.quota && estimate.quota - estimate.usage < total) throw new Error("space");
        if (navigator.storage && navigator.storage.persist) navigator.storage.persist(); // not evicted without asking
        return tell({ type: "KB_SAVE", lang: lang, pdf: !!(pdf && pdf.checked) });
      }).then(function (result) {
        if (!result || result.type !== "KB_SAVED") throw new Error("failed");
        saving = false;
        bar.value = 100;
        bar.hidden = true;
        showSaved(result);
        footer();
      }).catch(function (error) {
        bar.hidden = true;
        say(error && error.message === "space" ? attr("space") : attr("failed"));
      }).then(function () { button.disabled = false; saving = false; });
    });
  }

  function offlinePage() {
    var box = document.querySelector(".kb-offline-saved");
    if (!box) return;
    var home = new URL(box.getAttribute("data-home"), location.href).href;
    // the homes of the other languages that lie inside this one's (the default language's is the root)
    var others = (box.getAttribute("data-others") || "").split(" ").filter(Boolean).map(function (path) {
      return new URL(path, location.href).href;
    }).filter(function (other) { return other !== home && other.indexOf(home) === 0; });
    var ofThisLanguage = function (url) {
      return url.indexOf(home) === 0 && !others.some(function (other) { return url.indexOf(other) === 0; });
    };
    box.hidden = false;
    savedCopy(lang).then(function (meta) {
      if (meta) {
        var copy = box.querySelector(".kb-offline-saved__copy");
        copy.textContent = fill(box.getAttribute("data-saved"), { date: day(meta.saved) });
        copy.hidden = false;
        box.querySelector(".kb-offline-saved__entry").hidden = false;
        return;
      }
      return caches.open(pagesCache).then(function (cache) {
        return cache.keys().then(function (requests) {
          var mine = requests.map(function (r) { return r.url; }).filter(function (url) {
            return ofThisLanguage(url) && url !== location.href.split(/[?#]/)[0];
          }).slice(0, 200);
          return Promise.all(mine.map(function (url) {
            return cache.match(url).then(function (response) { return response.text(); }).then(function (html) {
              var title = /<title>([^<]*)<\/title>/.exec(html);
              var parsed = new DOMParser().parseFromString(title ? title[1] : url, "text/html");
              return { url: url, title: parsed.documentElement.textContent || url };
            });
          }));
        });
      }).then(function (pages) {
        var list = box.querySelector(".kb-offline-saved__read");
        pages.forEach(function (page) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = page.url;
          link.textContent = page.title;
          item.appendChild(link);
          list.appendChild(item);
        });
        box.querySelector(pages.length ? ".kb-offline-saved__title" : ".kb-offline-saved__nothing").hidden = false;
      });
    }).catch(function () { box.querySelector(".kb-offline-saved__nothing").hidden = false; });
  }

  function offline() {
    if (!canKeep || !script) return;
    if (!swUrl) {
      // `make serve`: no worker, and none left by an earlier build at this address answers instead
      navigator.serviceWorker.getRegistrations().then(function (all) {
        all.forEach(function (one) { if (one.scope.indexOf(scope) === 0) one.unregister(); });
      });
      return;
    }
    footer();
    control();
    offlinePage();
    navigator.serviceWorker.addEventListener("message", function (event) {
      // a new worker (a new build of the site) has taken over: it refreshes the saved copies
      if (event.data && event.data.type === "KB_ACTIVE" && navigator.onLine) tell({ type: "KB_REFRESH" }).catch(function () {});
    });
    if (document.readyState === "complete") register();
    else window.addEventListener("load", register, { once: true });
  }

  // The terms in a task of their own, after the theme's start-up: not one long task on a slow phone.
  setTimeout(terms, 0);
  offline();
})();
