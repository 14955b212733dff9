/* The claims register's search, filters and sort (chapters/claims/register).
   Loaded as a file (no inline script, so the page's Content Security Policy needs no
   'unsafe-inline'). The table itself is Sphinx content (minsk2020.claims.register_nodes); this
   script reads the filter options and each row's keys from the JSON block
   #claims-register-data and builds labelled, keyboard-usable controls above the table with the
   DOM API (no markup from data). Without JavaScript the whole table is shown. */
(function () {
  "use strict";
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function init() {
    var root = document.getElementById("claims-register");
    var block = document.getElementById("claims-register-data");
    if (!root || !block) return;
    var data = JSON.parse(block.textContent);
    var table = root.querySelector("table.claims-table"), tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows).filter(function (r) { return data.rows[r.id]; });
    var texts = rows.map(function (r) { return r.textContent.toLowerCase().replace(/\s+/g, " "); });

    var controls = el("form", { "class": "claims-controls", role: "search", "aria-label": "Search, filter and sort the claims" });
    controls.addEventListener("submit", function (e) { e.preventDefault(); });
    var searchField = el("div", { "class": "claims-control claims-control-search" });
    searchField.appendChild(el("label", { "for": "claims-search" }, "Search the claims"));
    var search = el("input", { type: "search", id: "claims-search", autocomplete: "off",
                               placeholder: "a word, a name or an id such as C12" });
    searchField.appendChild(search);
    controls.appendChild(searchField);

    var selects = data.filters.map(function (f) {
      var wrap = el("div", { "class": "claims-control" });
      wrap.appendChild(el("label", { "for": "claims-filter-" + f.key }, f.label));
      var select = el("select", { id: "claims-filter-" + f.key, "data-filter": f.key });
      select.appendChild(el("option", { value: "" }, "All"));
      f.options.forEach(function (o) { select.appendChild(el("option", { value: o[0] }, o[1])); });
      wrap.appendChild(select);
      controls.appendChild(wrap);
      return select;
    });

    var sortWrap = el("div", { "class": "claims-control" });
    sortWrap.appendChild(el("label", { "for": "claims-sort" }, "Sort by"));
    var sort = el("select", { id: "claims-sort" });
    data.sorts.forEach(function (s) { sort.appendChild(el("option", { value: s[0] }, s[1])); });
    sortWrap.appendChild(sort);
    controls.appendChild(sortWrap);

    var status = el("p", { "class": "claims-status", role: "status", "aria-live": "polite" });
    controls.appendChild(status);
    root.insertBefore(controls, root.firstChild);

    function apply() {
      var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
      rows.forEach(function (r, i) {
        var keys = data.rows[r.id];
        var show = selects.every(function (s) { return !s.value || keys[s.getAttribute("data-filter")] === s.value; })
          && words.every(function (w) { return texts[i].indexOf(w) >= 0; });
        r.hidden = !show;
        if (show) shown++;
      });
      status.textContent = shown + " of " + rows.length + " claims shown";
    }

    function order() {
      var key = sort.value;
      var sorted = rows.slice().sort(function (x, y) {
        var a = data.rows[x.id], b = data.rows[y.id];
        var ka = key === "verdict" ? a.verdict_rank : a[key], kb = key === "verdict" ? b.verdict_rank : b[key];
        if (ka < kb) return -1;
        if (ka > kb) return 1;
        return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      });
      sorted.forEach(function (r) { tbody.appendChild(r); });
    }

    search.addEventListener("input", apply);
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    sort.addEventListener("change", order);
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
