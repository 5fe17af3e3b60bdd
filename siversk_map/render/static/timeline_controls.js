/* siversk-map timeline, part 2 of 6: the date controls and the chart (slider ticks, date lists,
 * chart points and its cursor). */
(function (global, ns) {
  "use strict";

  var tl = ns.tl;
  var el = tl.el, D = tl.D, N = tl.N, fmt = tl.fmt, cur = tl.cur, byId = tl.byId;

  var ui = {
    date: byId("current-date"), slider: byId("tl-slider"), first: byId("tl-first"),
    prev: byId("tl-prev"), next: byId("tl-next"), last: byId("tl-last"), play: byId("tl-play"),
    speed: byId("tl-speed"), compare: byId("tl-compare"), bar: byId("tl-compare-bar"),
    dateA: byId("tl-date-a"), dateB: byId("tl-date-b"), swap: byId("tl-swap"),
    modeSide: byId("tl-mode-side"), modeSwipe: byId("tl-mode-swipe"), maps: byId("tl-maps"),
    mapRef: byId("tl-map-ref"), mapMain: byId("tl-map"), swipe: byId("tl-swipe"),
    labelA: byId("tl-label-a"), labelB: byId("tl-label-b"), panel: byId("tl-panel"),
    panelToggle: byId("tl-panel-toggle"), panelClose: byId("tl-panel-close"),
    figures: byId("tl-figures"), events: byId("tl-events"), chart: byId("tl-chart"),
    cursor: byId("tl-chart-cursor"), cursorRef: byId("tl-chart-ref"), pageLink: byId("tl-page-link"),
    dateField: byId("tl-date-field"), ticks: byId("tl-ticks"), hits: byId("tl-chart-hits"),
    points: byId("tl-chart-points"), marks: byId("tl-chart-marks")
  };

  // ---- built from the list of dates: options, slider ticks, chart points ------------------

  var SVG_NS = "http://www.w3.org/2000/svg";
  // Up to this many dates every date has a tick; past it, months and years.
  var TICK_EVERY_MAX = 60;
  var POINT_R = 3.5;  // a chart point's radius (viewBox units)

  (function buildDateControls() {
    [ui.dateA, ui.dateB].forEach(function (select) {
      var frag = document.createDocumentFragment();
      D.dates.forEach(function (d, k) {
        var option = document.createElement("option");
        option.value = String(k);
        option.textContent = d;
        frag.appendChild(option);
      });
      select.appendChild(frag);
    });
    var frag = document.createDocumentFragment();
    var span = Math.max(N - 1, 1);
    function at(k) { return (100 * k / span).toFixed(3) + "%"; }
    var lastYear = null, lastYearAt = -1e9, width = ui.slider.clientWidth || 800;
    D.dates.forEach(function (d, k) {
      var month = k === 0 || d.slice(0, 7) !== D.dates[k - 1].slice(0, 7);
      if (N <= TICK_EVERY_MAX || month) {
        var tick = el("span", N <= TICK_EVERY_MAX ? "tl-tick" : "tl-tick tl-month");
        tick.style.left = at(k);
        tick.setAttribute("title", N <= TICK_EVERY_MAX ? d : d.slice(0, 7));
        tick.setAttribute("data-i", String(k));
        frag.appendChild(tick);
      }
      if (d.slice(0, 4) !== lastYear) {
        // Each year is labelled at its first date or not at all (never under a later date).
        lastYear = d.slice(0, 4);
        if ((k - lastYearAt) / span * width >= 24 || lastYearAt < 0) {
          var year = el("span", "tl-year", lastYear);
          year.style.left = at(k);
          frag.appendChild(year);
          lastYearAt = k;
        }
      }
    });
    ui.ticks.appendChild(frag);
    var C = D.chart;
    if (!C) { return; }
    var hits = document.createDocumentFragment(), points = document.createDocumentFragment();
    D.chart_xs.forEach(function (x, k) {
      var rect = document.createElementNS(SVG_NS, "rect");
      rect.setAttribute("class", "tl-hit");
      rect.setAttribute("data-i", String(k));
      rect.setAttribute("x", String(Math.round((x - C.hit_w / 2) * 100) / 100));
      rect.setAttribute("y", String(C.top));
      rect.setAttribute("width", String(C.hit_w));
      rect.setAttribute("height", String(C.bottom - C.top));
      var title = document.createElementNS(SVG_NS, "title");
      title.textContent = D.dates[k];
      rect.appendChild(title);
      hits.appendChild(rect);
    });
    C.series.forEach(function (s) {
      s.i.forEach(function (k, n) {
        var side = s.side;
        var c = document.createElementNS(SVG_NS, "circle");
        c.setAttribute("class", "tl-pt");
        c.setAttribute("data-i", String(k));
        c.setAttribute("cx", String(D.chart_xs[k]));
        c.setAttribute("cy", String(s.y[n]));
        c.setAttribute("r", String(POINT_R));
        c.setAttribute("fill", s.colour);
        var title = document.createElementNS(SVG_NS, "title");
        var km2 = side && D.states[k].areas[side] !== undefined ? fmt(D.states[k].areas[side], 1) : "";
        title.textContent = D.dates[k] + ": " + s.label + " " + km2 + " km\u00B2";
        c.appendChild(title);
        points.appendChild(c);
      });
    });
    ui.hits.appendChild(hits);
    ui.points.appendChild(points);
    // Dates closer than a point's width: the points, white-edged, would hide the series line
    // under them (at hundreds of dates a pale band). They stay as click targets, unpainted.
    if (C.hit_w < 2 * POINT_R) { ui.chart.classList.add("tl-dense"); }
  })();

  // The chart's points by date. A step leaves the chart untouched: the cursor and the marks of
  // the dates shown (circles drawn over their points) are on an SVG of their own laid over it
  // (#tl-chart-over), so a step repaints them, not the hundreds of points under them.
  var chartPoints = {};
  Array.prototype.forEach.call(ui.chart.querySelectorAll(".tl-pt"), function (pt) {
    var k = pt.getAttribute("data-i");
    (chartPoints[k] = chartPoints[k] || []).push(pt);
  });
  var MARK_R = { "tl-current": "5", "tl-ref": "4.5" };
  var marks = [];

  function setAttr(node, name, value) {
    if (node.getAttribute(name) !== value) { node.setAttribute(name, value); }
  }

  function renderChart() {
    var x = String(D.chart_xs[cur.i]);
    setAttr(ui.cursor, "x1", x);
    setAttr(ui.cursor, "x2", x);
    if (cur.compare) {
      var xa = String(D.chart_xs[cur.a]);
      setAttr(ui.cursorRef, "x1", xa);
      setAttr(ui.cursorRef, "x2", xa);
      setAttr(ui.cursorRef, "visibility", "visible");
    } else {
      setAttr(ui.cursorRef, "visibility", "hidden");
    }
    var shown = [];  // [point, kind]: the reference date first, so the current one is on top
    if (cur.compare && cur.a !== cur.i) {
      (chartPoints[cur.a] || []).forEach(function (pt) { shown.push([pt, "tl-ref"]); });
    }
    (chartPoints[cur.i] || []).forEach(function (pt) { shown.push([pt, "tl-current"]); });
    shown.forEach(function (item, n) {
      var mark = marks[n];
      if (!mark) {
        mark = marks[n] = document.createElementNS(SVG_NS, "circle");
        ui.marks.appendChild(mark);
      }
      var pt = item[0];
      setAttr(mark, "class", "tl-mark " + item[1]);
      setAttr(mark, "cx", pt.getAttribute("cx"));
      setAttr(mark, "cy", pt.getAttribute("cy"));
      setAttr(mark, "r", MARK_R[item[1]]);
      setAttr(mark, "fill", pt.getAttribute("fill"));
      setAttr(mark, "visibility", "visible");
    });
    for (var n = shown.length; n < marks.length; n++) { setAttr(marks[n], "visibility", "hidden"); }
  }
  tl.ui = ui;
  tl.renderChart = renderChart;
})
