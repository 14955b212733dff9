/* The theme's print and full-screen buttons, run from data-book-action attributes: the build
   (minsk2020.sphinxext) moves the theme's onclick="..." handlers here, so no page needs an
   inline event handler under its Content Security Policy. */
(function () {
  "use strict";
  var actions = {
    print: function () { window.print(); },
    fullscreen: function () { if (typeof window.toggleFullScreen === "function") window.toggleFullScreen(); },
  };
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-book-action]") : null;
    if (!button) return;
    var run = actions[button.getAttribute("data-book-action")];
    if (run) { event.preventDefault(); run(); }
  });
})();
