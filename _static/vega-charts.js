/* Draws every chart of the page: each <div class="vega-chart" data-spec="ID"> gets the
   Vega-Lite spec from <script type="application/json" id="ID"> (data, not script) and is
   embedded with the Vega bundle served from _static/vendor. Loaded as a file, after the
   bundle, so the page's Content Security Policy needs neither 'unsafe-inline' nor
   'unsafe-eval': `ast: true` makes Vega run expressions with its interpreter instead of
   compiling them with Function(). */
(function () {
  "use strict";
  function draw(el) {
    var block = document.getElementById(el.getAttribute("data-spec"));
    if (!block) { console.error("chart " + el.id + ": no spec block"); return; }
    var spec = JSON.parse(block.textContent);
    window.vegaEmbed(el, spec, { actions: false, renderer: "svg", ast: true })
      .catch(function (e) { console.error(e); });
  }
  function start() {
    if (!window.vegaEmbed) { return setTimeout(start, 20); }
    Array.prototype.forEach.call(document.querySelectorAll(".vega-chart[data-spec]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
