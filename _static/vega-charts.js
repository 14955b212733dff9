/* Draws every chart of the page: each <div class="vega-chart" data-spec="ID"> gets the
   Vega-Lite spec from <script type="application/json" id="ID"> (data, not script) and is
   embedded with the Vega bundle served from _static/vendor. Loaded as a file, after the
   bundle, so the page's Content Security Policy needs neither 'unsafe-inline' nor
   'unsafe-eval': `ast: true` makes Vega run expressions with its interpreter instead of
   compiling them with Function().

   Before drawing, the spec is fitted to the width of the chart's column (whatever width a
   chapter asked for): a single or layered view gets that width with autosize "fit-x"; a
   concatenated or faceted chart has its views scaled until the whole chart fits. Titles are
   wrapped to the width (measured with the chart's font), legends move below the plot and wrap
   into columns on narrow screens, and the source line (shown as text under the chart) is not
   drawn twice. A chart that cannot be legible that narrow (labelled timelines, below
   DENSE_MIN_WIDTH) keeps a minimum width and scrolls inside its own box, which then shows a
   hint and takes keyboard focus. Lines with tooltips get an invisible layer of points with a
   "nearest" selection, so the tooltip follows the pointer to the closest point. */
(function () {
  "use strict";
  var MIN_WIDTH = 300;         // narrower than this, a chart scrolls in its box
  var DENSE_MIN_WIDTH = 520;   // charts that carry text labels on a time axis
  var NARROW = 640;            // below this width legends wrap under the plot
  var MIN_VIEW = 140;          // smallest width of one view of a concatenated or faceted chart
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  var measurer = null;

  function textWidth(text, font) {
    if (!measurer) measurer = document.createElement("canvas").getContext("2d");
    measurer.font = font;
    return measurer.measureText(text).width;
  }

  function wrap(lines, maxWidth, font) {
    var words = [].concat(lines).join(" ").split(/\s+/).filter(Boolean), out = [], line = "";
    words.forEach(function (w) {
      var next = line ? line + " " + w : w;
      if (line && textWidth(next, font) > maxWidth) { out.push(line); line = w; } else { line = next; }
    });
    if (line) out.push(line);
    return out;
  }

  function markType(unit) { return typeof unit.mark === "string" ? unit.mark : (unit.mark && unit.mark.type); }

  function usesTextOnTime(spec) {
    var json = JSON.stringify(spec);
    return /"mark":\s*(\{"type":\s*)?"text"/.test(json) && /"type":\s*"temporal"|:T"/.test(json);
  }

  function isComposite(spec) {
    var enc = spec.encoding || {};
    return ["hconcat", "vconcat", "concat", "facet", "repeat"].some(function (k) { return k in spec; })
      || !!(enc.row || enc.column || enc.facet);
  }

  /* The views whose width sets the chart's width: the children of a concatenation, the inner
     spec of a facet, or the chart itself. */
  function views(spec, out) {
    out = out || [];
    if (spec.facet || spec.repeat) { views(spec.spec, out); }
    else if (spec.hconcat || spec.vconcat || spec.concat) {
      (spec.hconcat || spec.vconcat || spec.concat).forEach(function (c) { views(c, out); });
    } else { out.push(spec); }
    return out;
  }

  /* An invisible point layer with a "nearest" selection over every line that has a tooltip. */
  var nearestCount = 0;
  function withNearest(unit) {
    var enc = unit.encoding || {};
    if (markType(unit) !== "line" || !enc.tooltip || !enc.x || !enc.y || unit.params) return null;
    var name = "nearest_point_" + (++nearestCount);
    var keep = {};
    ["x", "y", "color", "detail", "tooltip"].forEach(function (k) { if (enc[k]) keep[k] = enc[k]; });
    if (enc.strokeDash && !keep.detail) keep.detail = enc.strokeDash;  // one series per dash pattern too
    keep.opacity = { condition: { param: name, empty: false, value: 1 }, value: 0 };
    var overlay = {
      mark: { type: "point", filled: true, size: 50 },
      encoding: keep,
      params: [{ name: name, select: { type: "point", nearest: true, on: "pointerover", clear: "pointerout" } }],
    };
    var line = {}, wrapper = { layer: null };
    Object.keys(unit).forEach(function (k) {
      if (k === "mark" || k === "encoding") line[k] = unit[k];
      else wrapper[k] = unit[k];
    });
    wrapper.layer = [line, overlay];
    return wrapper;
  }

  function addNearest(spec) {
    if (spec.layer) {
      spec.layer = spec.layer.map(function (c) { addNearest(c); return withNearest(c) || c; });
    }
    ["hconcat", "vconcat", "concat"].forEach(function (k) {
      if (spec[k]) spec[k] = spec[k].map(function (c) { addNearest(c); return withNearest(c) || c; });
    });
    if (spec.spec) { addNearest(spec.spec); spec.spec = withNearest(spec.spec) || spec.spec; }
    return spec;
  }

  function eachLegend(spec, fn) {
    if (!spec || typeof spec !== "object") return;
    if (Array.isArray(spec)) { spec.forEach(function (s) { eachLegend(s, fn); }); return; }
    Object.keys(spec).forEach(function (k) {
      var v = spec[k];
      if (k === "encoding" && v && typeof v === "object") {
        Object.keys(v).forEach(function (ch) {
          if (v[ch] && typeof v[ch] === "object" && v[ch].legend && typeof v[ch].legend === "object") fn(v[ch].legend);
        });
      } else if (v && typeof v === "object") { eachLegend(v, fn); }
    });
  }

  /* The spec as drawn at `width` px: titles wrapped, legends placed, source line as text. */
  function fitted(original, width, scale, pad) {
    var spec = JSON.parse(JSON.stringify(original));
    var config = spec.config = spec.config || {};
    var titleSize = (config.title && config.title.fontSize) || 15;
    var titleWidth = width - 12 - (pad ? pad.left + pad.right : 0);
    if (spec.title && typeof spec.title === "object") {
      delete spec.title.subtitle;  // the source line is printed under the chart
      spec.title.text = wrap(spec.title.text, titleWidth, "600 " + titleSize + "px " + FONT);
    } else if (typeof spec.title === "string") {
      spec.title = { text: wrap(spec.title, titleWidth, "600 " + titleSize + "px " + FONT) };
    }
    var narrow = width < NARROW;
    if (narrow) {
      var columns = width < 420 ? 2 : 3;
      config.legend = Object.assign({}, config.legend, {
        orient: "bottom", direction: "horizontal", columns: columns,
        labelLimit: Math.floor(width / columns) - 36, titleLimit: width - 20,
      });
      eachLegend(spec, function (legend) {
        if (legend.orient && legend.orient !== "none" && ["top", "bottom"].indexOf(legend.orient) < 0) legend.orient = "bottom";
        legend.direction = "horizontal";
        legend.columns = columns;
        legend.labelLimit = Math.min(legend.labelLimit || 1e9, Math.floor(width / columns) - 36);
      });
      config.axis = Object.assign({}, config.axis, { labelLimit: Math.max(90, Math.floor(width * 0.38)) });
    }
    config.axisX = Object.assign({}, config.axisX, { titleLimit: width - 40 });
    config.axisY = Object.assign({}, config.axisY, { titleLimit: 300 });
    if (pad) spec.padding = pad;
    if (!isComposite(spec)) {
      spec.width = width;
      spec.autosize = { type: "fit-x", contains: "padding" };
    } else {
      if (spec.facet && !spec.facet.row && !spec.facet.column && narrow) spec.columns = 1;
      var base = (config.view && config.view.continuousWidth) || 620;
      views(spec).forEach(function (v) {
        var w = typeof v.width === "number" ? v.width : base;
        v.width = Math.max(MIN_VIEW, Math.floor(w * scale));
      });
    }
    return addNearest(spec);
  }

  /* Padding that brings every text of the drawn chart inside its SVG, or null if none is needed. */
  function overflow(el) {
    var svg = el.querySelector("svg");
    if (!svg) return null;
    var s = svg.getBoundingClientRect(), need = { left: 0, right: 0, top: 0, bottom: 0 };
    Array.prototype.forEach.call(svg.querySelectorAll("text"), function (t) {
      var r = t.getBoundingClientRect();
      if (!r.width) return;
      need.left = Math.max(need.left, s.left - r.left);
      need.right = Math.max(need.right, r.right - s.right);
      need.top = Math.max(need.top, s.top - r.top);
      need.bottom = Math.max(need.bottom, r.bottom - s.bottom);
    });
    if (need.left <= 0.5 && need.right <= 0.5 && need.top <= 0.5 && need.bottom <= 0.5) return null;
    return { left: 5 + Math.ceil(need.left), right: 5 + Math.ceil(need.right), top: 5 + Math.ceil(need.top),
             bottom: 5 + Math.ceil(need.bottom) };
  }

  function svgWidth(el) {
    var g = el.querySelector("svg, canvas");
    return g ? g.getBoundingClientRect().width : 0;
  }

  function draw(el) {
    var block = document.getElementById(el.getAttribute("data-spec"));
    if (!block) { console.error("chart " + el.id + ": no spec block"); return; }
    var original = JSON.parse(block.textContent);
    var box = el.closest(".chart-scroll") || el;
    var minWidth = usesTextOnTime(original) && !isComposite(original) ? DENSE_MIN_WIDTH : MIN_WIDTH;
    var drawnAt = null, drawing = null;
    var generation = 0;  // each render() starts a new one; a pass of an older one stops (a resize mid-drawing)

    var lastScale = 1;
    // up to three more passes: add padding and shorten the x-axis title by what still overflows
    function unclip(round, pad, shorten, mine) {
      if (mine !== generation) return Promise.resolve();
      var need = overflow(el);
      if (!need) return Promise.resolve();
      if (round >= 3) {
        // still cut off: too dense for this width, so it keeps a legible width and scrolls in its box
        if (minWidth < DENSE_MIN_WIDTH && avail() < DENSE_MIN_WIDTH) {
          minWidth = DENSE_MIN_WIDTH;
          drawnAt = null;
          return render();
        }
        return Promise.resolve();
      }
      var sum = pad ? { left: pad.left + need.left, right: pad.right + need.right, top: pad.top + need.top,
                        bottom: pad.bottom + need.bottom } : need;
      shorten += 2 * (need.right + need.left);
      var spec = fitted(original, Math.max(avail(), minWidth), lastScale, sum);
      spec.config.axisX.titleLimit = Math.max(80, spec.config.axisX.titleLimit - shorten);
      var legendLimit = Math.max(60, ((spec.config.legend || {}).labelLimit || 260) - shorten);
      spec.config.legend = Object.assign({}, spec.config.legend, { labelLimit: legendLimit });
      eachLegend(spec, function (legend) { legend.labelLimit = Math.min(legend.labelLimit || 1e9, legendLimit); });
      return embed(spec).then(function () { return unclip(round + 1, sum, shorten, mine); });
    }
    function avail() { return Math.floor(box.clientWidth); }
    function embed(spec) {
      nearestCount = 0;
      return window.vegaEmbed(el, spec, { actions: false, renderer: "svg", ast: true });
    }

    function render() {
      var avail = Math.floor(box.clientWidth);
      if (!avail || avail === drawnAt) return Promise.resolve();
      drawnAt = avail;
      var mine = ++generation;
      el.setAttribute("data-chart-state", "drawing");  // "drawn" once fitted (tests wait for it)
      var width = Math.max(avail, minWidth);
      var composite = isComposite(original);
      var job = embed(fitted(original, width, 1)).then(function () {
        if (!composite || mine !== generation) return;
        // scale the views until the whole chart fits: the chart's width is about O + s * K
        var s0 = svgWidth(el);
        if (s0 <= width) return;
        var r = width / s0;
        lastScale = r;
        return embed(fitted(original, width, r)).then(function () {
          var s1 = svgWidth(el);
          if (s1 <= width || mine !== generation) return;
          var k = (s0 - s1) / (1 - r), o = s0 - k, s = (width - o) / k;
          if (s > 0 && s < r) { lastScale = s * 0.98; return embed(fitted(original, width, lastScale)); }
        });
      }).then(function () {
        // text that still reaches outside the drawing (labels placed beyond the plot) gets padding
        return unclip(0, null, 0, mine);
      }).then(function () {
        if (mine !== generation) return;  // a newer drawing (another width) marks the chart when it is done
        hint(box, el);
        el.setAttribute("data-chart-state", "drawn");
      });
      drawing = job.catch(function (e) { console.error(e); });
      return drawing;
    }

    var timer = null;
    function later() {
      clearTimeout(timer);
      timer = setTimeout(render, 150);
    }

    render();
    if (window.ResizeObserver) {  // the drawing's or the box's size can settle after the promise: keep the hint true
      var observer = new ResizeObserver(function () {
        hint(box, el);
        // the column can change width without a window resize event (a full-page screenshot does): redraw then too
        if (drawnAt !== null && Math.floor(box.clientWidth) !== drawnAt) later();
      });
      observer.observe(el);
      if (box !== el) observer.observe(box);
      var svgWatch = new MutationObserver(function () { hint(box, el); });
      svgWatch.observe(el, { childList: true, subtree: true, attributes: true, attributeFilter: ["width", "height"] });
    }
    window.addEventListener("load", function () { hint(box, el); });
    window.addEventListener("resize", later);
  }

  /* A chart wider than its box scrolls inside it: say so, and let the keyboard scroll it. */
  function hint(box, el) {
    var scrolls = box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight;
    var figure = box.closest(".book-figure") || box.parentNode;
    var note = figure.querySelector(".chart-scroll-hint");
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Chart, wider than the screen: scroll sideways to see all of it");
      if (!note) {
        note = document.createElement("p");
        note.className = "chart-scroll-hint";
        note.textContent = "Wider than your screen: scroll the chart sideways to see all of it.";
        box.parentNode.insertBefore(note, box);
      }
    } else {
      if (box !== el) { box.removeAttribute("tabindex"); box.removeAttribute("role"); box.removeAttribute("aria-label"); }
      if (note) note.parentNode.removeChild(note);
    }
  }

  // Jupyter Book also links every script of _static/ into every page, so this file can run twice on a
  // page: only the first copy draws (two would draw each chart at once, and the last one to finish wins)
  if (window.bookChartsLoaded) return;
  window.bookChartsLoaded = true;

  function start() {
    if (!window.vegaEmbed) { return setTimeout(start, 20); }
    Array.prototype.forEach.call(document.querySelectorAll(".vega-chart[data-spec]"), draw);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
