/* The "Cite this chapter" box: puts the reader's date (or the one picked in "Accessed on")
   into every citation record of the page, in each record's own form, so a copied APA, BibTeX,
   RIS or CSL-JSON record carries the date the reader accessed the chapter. Without scripts
   the records show the date the book was built. */
(function () {
  "use strict";
  if (window.minsk2020CiteBox) { return; }  // the theme may load the file twice
  window.minsk2020CiteBox = true;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  var FORMS = {
    iso: function (y, m, d) { return y + "-" + pad(m) + "-" + pad(d); },
    ris: function (y, m, d) { return y + "/" + pad(m) + "/" + pad(d); },
    apa: function (y, m, d) { return MONTHS[m - 1] + " " + d + ", " + y; },
    csl: function (y, m, d) { return y + ", " + m + ", " + d; }
  };
  function show(value) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value || "");
    if (!parts) { return; }
    var y = +parts[1], m = +parts[2], d = +parts[3];
    document.querySelectorAll(".cite-accessed").forEach(function (span) {
      var form = FORMS[span.getAttribute("data-form")];
      if (form) { span.textContent = form(y, m, d); }
    });
  }
  function start() {
    var now = new Date();
    var today = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    document.querySelectorAll(".cite-accessed-input").forEach(function (input) {
      input.value = today;
      input.addEventListener("change", function () { show(input.value); });
    });
    show(today);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
