/* Search page: Pagefind's modular UI on the page's own <label>/<input>, results of the page's
   language only (Pagefind loads the index matching <html lang>), status messages from the page. */
(function () {
  "use strict";
  var box = document.querySelector(".kb-search");
  if (!box) return;
  var unavailable = document.querySelector(".kb-search__unavailable");
  function giveUp() {
    box.hidden = true;
    if (unavailable) unavailable.hidden = false;
  }
  if (!window.PagefindModularUI) return giveUp(); // no index in this build (the UI file is missing)

  var bundle = new URL(box.getAttribute("data-bundle"), document.baseURI);
  var status = box.querySelector(".kb-search__status");
  var input = box.querySelector(".kb-search__input");
  var list = box.querySelector(".kb-search__results");
  function say(key, term, count) {
    status.textContent = box.getAttribute("data-" + key)
      .replace("{term}", term).replace("{count}", String(count));
  }

  var ui = window.PagefindModularUI;
  var search = new ui.Instance({
    bundlePath: bundle.pathname,
    baseUrl: new URL("../", bundle).pathname, // result links keep the site's base path
    excerptLength: 24
  });
  search.add(new ui.Input({ inputElement: "#kb-search-input" }));
  search.add(new ui.ResultList({
    containerElement: ".kb-search__results",
    placeholderTemplate: function () { return '<li class="kb-search__placeholder" aria-hidden="true"></li>'; },
    resultTemplate: function (result) {
      var item = document.createElement("li");
      var title = document.createElement("a");
      title.className = "kb-search__link";
      title.href = result.meta && result.meta.url ? result.meta.url : result.url;
      title.textContent = (result.meta && result.meta.title) || title.href;
      var excerpt = document.createElement("p");
      excerpt.className = "kb-search__excerpt";
      excerpt.innerHTML = result.excerpt; // Pagefind's excerpt of our own page, with <mark>
      item.appendChild(title);
      item.appendChild(excerpt);
      return item;
    }
  }));
  var term = "";
  search.on("search", function (value) { term = value; });
  search.on("loading", function () { if (term) say("loading", term, 0); });
  search.on("results", function (found) {
    var count = found && found.results ? found.results.length : 0;
    if (!term) { status.textContent = ""; list.textContent = ""; return; }
    say(count === 0 ? "none" : count === 1 ? "one" : "many", term, count);
  });

  // Check that the index exists before showing the form (it is missing in a build without Pagefind).
  fetch(new URL("pagefind-entry.json", bundle)).then(function (response) {
    if (!response.ok) return giveUp();
    box.hidden = false;
    var query = new URLSearchParams(location.search).get("q");
    if (query) {
      input.value = query;
      search.triggerSearch(query);
    }
  }, giveUp);
})();
