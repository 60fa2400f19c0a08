/* Progressive filter of the generated item lists (scripts/kb/generate/listings.py). Without JavaScript the
   form stays hidden; the full list and the links to the /browse/ pages are the way in. */
(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  each(document.querySelectorAll("form.kb-filter"), function (form) {
    var list = document.getElementById(form.getAttribute("data-list"));
    if (!list) return;
    var items = list.querySelectorAll("li");
    var selects = form.querySelectorAll("select");
    var status = form.querySelector(".kb-filter-status");
    var message = form.getAttribute("data-status") || "{shown}/{total}";
    var params = new URLSearchParams(location.search);

    function matches(li) {
      return Array.prototype.every.call(selects, function (s) {
        if (!s.value) return true;
        return (li.getAttribute("data-" + s.name) || "").split(" ").indexOf(s.value) !== -1;
      });
    }

    function apply() {
      var shown = 0;
      each(items, function (li) {
        var ok = matches(li);
        li.hidden = !ok;
        if (ok) shown += 1;
      });
      if (status) {
        status.textContent = message.replace("{shown}", shown).replace("{total}", items.length);
      }
      var query = new URLSearchParams(location.search);
      each(selects, function (s) {
        if (s.value) query.set(s.name, s.value); else query.delete(s.name);
      });
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    var preset = false;
    each(selects, function (s) {
      var wanted = params.get(s.name);
      if (wanted && s.querySelector('option[value="' + CSS.escape(wanted) + '"]')) {
        s.value = wanted;
        preset = true;
      }
    });
    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    if (preset) apply();
  });
})();
