/* The claims register's filters and sortable columns (chapters/claims/register).
   Loaded as a file (no inline script, so the page's Content Security Policy needs no
   'unsafe-inline'); it reads the data-* attributes minsk2020.claims writes on each row. */
(function () {
  "use strict";
  function init() {
    var root = document.getElementById("claims-register");
    if (!root) return;
    var table = root.querySelector("table"), tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
    var status = root.querySelector(".claims-status");
    function apply() {
      var shown = 0;
      rows.forEach(function (r) {
        var show = selects.every(function (s) {
          return !s.value || r.getAttribute("data-" + s.getAttribute("data-filter")) === s.value;
        });
        r.hidden = !show;
        if (show) shown++;
      });
      status.textContent = shown + " of " + rows.length + " claims shown";
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    Array.prototype.slice.call(table.querySelectorAll("th button[data-sort]")).forEach(function (b) {
      b.addEventListener("click", function () {
        var th = b.parentNode, key = b.getAttribute("data-sort");
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.slice.call(table.querySelectorAll("th[aria-sort]")).forEach(function (h) {
          h.removeAttribute("aria-sort");
        });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        rows.sort(function (x, y) {
          var a = x.getAttribute("data-sort-" + key), c = y.getAttribute("data-sort-" + key);
          return (a < c ? -1 : a > c ? 1 : 0) * (asc ? 1 : -1);
        });
        rows.forEach(function (r) { tbody.appendChild(r); });
      });
    });
    root.querySelector(".claims-controls").hidden = false;
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
