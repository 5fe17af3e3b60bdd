/* siversk-map timeline, part 6 of 6: state and address (hash), stepping, compare mode, the
 * keys and buttons, and the page's entry point (ns.timeline, window.SiverskTimeline). */
(function (global, ns) {
  "use strict";

  var tl = ns.tl;
  var D = tl.D, T = tl.T, N = tl.N, cur = tl.cur, ui = tl.ui, byId = tl.byId, clamp = tl.clamp;
  var HASH_DELAY_MS = tl.HASH_DELAY_MS, MapView = tl.MapView, pair = tl.pair;
  var facePair = tl.facePair, stateWanted = tl.stateWanted, addChange = tl.addChange;
  var renderFigures = tl.renderFigures, renderEvents = tl.renderEvents;
  var renderChart = tl.renderChart;

  var main = tl.main = new MapView("tl-map");
  var ref = null;

  // True while one map follows the other, or while both are being resized.
  var syncBusy = false;

  function syncMaps(a, b) {
    function follow(src, dst) {
      return function () {
        if (syncBusy) { return; }
        syncBusy = true;
        dst.setView(src.getCenter(), src.getZoom(), { animate: false });
        syncBusy = false;
      };
    }
    a.on("move zoomend", follow(a, b));
    b.on("move zoomend", follow(b, a));
  }

  // ---- state ------------------------------------------------------------------------------

  function hashText() {
    return cur.compare ? D.dates[cur.a] + ".." + D.dates[cur.i] : D.dates[cur.i];
  }

  // history.replaceState costs a round trip to the browser (15 ms and more on file: URLs), so
  // the hash is written once the dates stop changing, not on every step of a drag or a replay.
  var hashTimer = null;
  // The address as the page last wrote or read it. If it differs when a delayed write runs, the
  // reader changed it meanwhile and its hashchange is still queued: that address wins.
  var knownHash = global.location.hash;

  function flushHash() {
    hashTimer = null;
    if (global.location.hash !== knownHash) { return; }
    var text = "#" + hashText();
    if (global.location.hash === text) { return; }
    try {
      global.history.replaceState(null, "", text);
    } catch (err) {
      global.location.hash = text;  // replaceState can be refused on some file: URLs
    }
    knownHash = global.location.hash;
  }

  function writeHash() {
    if (hashTimer !== null) { global.clearTimeout(hashTimer); }
    hashTimer = global.setTimeout(flushHash, HASH_DELAY_MS);
  }

  function render() {
    if (!N) { return; }
    var i = cur.i;
    var wanted = stateWanted(i);
    addChange(wanted, cur.compare ? cur.a : (i > 0 ? i - 1 : null), i);
    main.show(wanted);
    if (cur.compare && ref) {
      var wantedRef = stateWanted(cur.a);
      addChange(wantedRef, cur.a, i);
      ref.show(wantedRef);
      ui.labelA.textContent = "A \u00B7 " + D.dates[cur.a];
      ui.labelB.textContent = "B \u00B7 " + D.dates[i];
      ui.dateA.value = String(cur.a);
      ui.dateB.value = String(i);
    }
    ui.date.textContent = D.dates[i];
    ui.slider.value = String(i);
    ui.slider.setAttribute("aria-valuetext", D.dates[i]);
    if (ui.dateField && ui.dateField.value !== D.dates[i]) { ui.dateField.value = D.dates[i]; }
    ui.prev.disabled = ui.first.disabled = i === 0;
    ui.next.disabled = ui.last.disabled = i === N - 1;
    if (ui.pageLink && D.date_pages.length) { ui.pageLink.setAttribute("href", D.date_pages[i]); }
    renderFigures();
    renderEvents();
    renderChart();
    noteAsked();
    writeHash();
  }

  // An address with a date the data has no map for shows the nearest earlier date (the first
  // before the data's range) and says so, until the reader moves to another date.
  function noteAsked() {
    var box = byId("tl-asked");
    var show = cur.asked && cur.asked !== D.dates[cur.i] && cur.askedShown === cur.i;
    if (!show) { cur.asked = null; if (box) { box.hidden = true; } return; }
    if (!box) {
      box = document.createElement("p");
      box.id = "tl-asked";
      box.className = "tl-asked";
      box.setAttribute("role", "status");
      var bar = document.querySelector(".tl-bar");
      (bar || document.body).appendChild(box);
    }
    var which = cur.asked < D.dates[0] ? T("the first date") : T("the nearest earlier date");
    box.textContent = T("No map for") + " " + cur.asked + ": " + T("showing") + " " +
      D.dates[cur.i] + ", " + which + ".";
    box.hidden = false;
  }

  function go(i) {
    cur.i = clamp(i);
    render();
    return cur.i;
  }

  function stop() {
    if (cur.timer !== null) { global.clearInterval(cur.timer); cur.timer = null; }
    ui.play.textContent = T("Play");
    ui.play.setAttribute("aria-pressed", "false");
  }

  function play() {
    stop();
    if (cur.i >= N - 1) { go(0); }
    cur.timer = global.setInterval(function () {
      if (cur.i >= N - 1) { stop(); return; }
      go(cur.i + 1);
    }, Number(ui.speed.value) || 1000);
    ui.play.textContent = T("Pause");
    ui.play.setAttribute("aria-pressed", "true");
  }

  function invalidate() {
    // Leaflet still holds the old size here, so this is the centre the user was looking at.
    var centre = main.map.getCenter(), zoom = main.map.getZoom();
    syncBusy = true;
    main.map.invalidateSize({ pan: false });
    main.map.setView(centre, zoom, { animate: false });
    if (ref) {
      ref.map.invalidateSize({ pan: false });
      ref.map.setView(centre, zoom, { animate: false });
    }
    syncBusy = false;
    placeSwipe();
  }

  function placeSwipe() {
    if (!(cur.compare && cur.mode === "swipe")) {
      ui.mapRef.style.clipPath = "";
      return;
    }
    var width = ui.maps.clientWidth;
    var x = Math.round(width * cur.swipeX);
    ui.mapRef.style.clipPath = "inset(0 " + (width - x) + "px 0 0)";
    ui.swipe.style.left = x + "px";
    ui.swipe.setAttribute("aria-valuenow", String(Math.round(cur.swipeX * 100)));
    ui.swipe.setAttribute("aria-valuetext", Math.round(cur.swipeX * 100) + " %");
  }

  // The layout last set up (compare on or off, its mode): only a change of layout needs the
  // maps resized, a forced layout of tens of ms at hundreds of dates.
  var laidOut = null;

  function setCompare(on, mode) {
    cur.compare = !!on;
    if (mode) { cur.mode = mode; }
    var layout = cur.compare ? "compare:" + cur.mode : "single";
    if (layout === laidOut) { render(); return; }
    laidOut = layout;
    if (cur.compare && !ref) {
      ui.mapRef.hidden = false;
      ref = new MapView("tl-map-ref");
      syncMaps(main.map, ref.map);
    }
    ui.mapRef.hidden = !cur.compare;
    ui.labelB.hidden = !cur.compare;
    ui.bar.hidden = !cur.compare;
    ui.swipe.hidden = !(cur.compare && cur.mode === "swipe");
    ui.compare.setAttribute("aria-pressed", cur.compare ? "true" : "false");
    ui.maps.classList.toggle("tl-compare", cur.compare);
    ui.maps.classList.toggle("tl-side", cur.compare && cur.mode === "side");
    ui.maps.classList.toggle("tl-swipe-mode", cur.compare && cur.mode === "swipe");
    ui.modeSide.checked = cur.mode === "side";
    ui.modeSwipe.checked = cur.mode === "swipe";
    invalidate();
    render();
  }

  function compare(a, b, mode) {
    cur.a = clamp(a);
    cur.i = clamp(b);
    setCompare(true, mode || cur.mode);
  }

  function setPanel(open) {
    cur.panelOpen = !!open;
    document.body.classList.toggle("tl-panel-open", cur.panelOpen);
    ui.panelToggle.setAttribute("aria-expanded", cur.panelOpen ? "true" : "false");
    invalidate();
  }

  function indexFor(iso) {
    // The state on a date is the latest date on or before it; before the first: the first.
    var lo = 0, hi = N - 1;
    if (!N || iso < D.dates[0]) { return 0; }
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (D.dates[mid] <= iso) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function readHash() {
    var raw = global.location.hash.replace(/^#/, "");
    var text;
    // A malformed escape (#%E0%A4%A) throws URIError: read it as written, never stop set-up.
    try { text = decodeURIComponent(raw); } catch (err) { text = raw; }
    var m = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/.exec(text);
    if (!m) { return false; }
    cur.asked = m[2] ? null : m[1];
    cur.askedShown = m[2] ? null : indexFor(m[1]);
    if (m[2]) {
      compare(indexFor(m[1]), indexFor(m[2]));
    } else {
      if (cur.compare) { cur.compare = false; setCompare(false); }
      go(indexFor(m[1]));
    }
    return true;
  }

  // ---- wiring -----------------------------------------------------------------------------

  ui.slider.addEventListener("input", function () { stop(); go(Number(ui.slider.value)); });
  ui.prev.addEventListener("click", function () { stop(); go(cur.i - 1); });
  ui.next.addEventListener("click", function () { stop(); go(cur.i + 1); });
  ui.first.addEventListener("click", function () { stop(); go(0); });
  ui.last.addEventListener("click", function () { stop(); go(N - 1); });
  ui.play.addEventListener("click", function () { if (cur.timer !== null) { stop(); } else { play(); } });
  ui.speed.addEventListener("change", function () { if (cur.timer !== null) { play(); } });
  ui.compare.addEventListener("click", function () {
    stop();
    if (cur.compare) { setCompare(false); return; }
    // Open on the step that led to the current date: A = the date before it, B = it.
    if (cur.i > 0) { compare(cur.i - 1, cur.i); } else { compare(0, Math.min(1, N - 1)); }
  });
  ui.dateA.addEventListener("change", function () { cur.a = clamp(Number(ui.dateA.value)); render(); });
  ui.dateB.addEventListener("change", function () { stop(); go(Number(ui.dateB.value)); });
  ui.swap.addEventListener("click", function () { var a = cur.a; cur.a = cur.i; go(a); });
  ui.modeSide.addEventListener("change", function () { setCompare(true, "side"); });
  ui.modeSwipe.addEventListener("change", function () { setCompare(true, "swipe"); });
  ui.panelToggle.addEventListener("click", function () { setPanel(!cur.panelOpen); });
  ui.panelClose.addEventListener("click", function () { setPanel(false); });
  ui.chart.addEventListener("click", function (e) {
    var target = e.target.closest ? e.target.closest("[data-i]") : null;
    if (target) { stop(); go(Number(target.getAttribute("data-i"))); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".tl-tick"), function (tick) {
    tick.addEventListener("click", function () { stop(); go(Number(tick.getAttribute("data-i"))); });
  });

  // A calendar step from the current date: the date n days or months away, or the next date
  // in that direction when none falls there.
  function shifted(days, months) {
    var t = new Date(D.dates[cur.i] + "T00:00:00Z");
    if (months) { t.setUTCMonth(t.getUTCMonth() + months); }
    if (days) { t.setUTCDate(t.getUTCDate() + days); }
    var k = indexFor(t.toISOString().slice(0, 10));
    var forward = days > 0 || months > 0;
    if (forward && k <= cur.i) { k = cur.i + 1; }
    if (!forward && k >= cur.i) { k = cur.i - 1; }
    return k;
  }

  // Keys: arrows a date (with Shift a week), PageUp/PageDown a month, Home/End the ends.
  function stepKey(e) {
    if (e.key === "ArrowLeft") { return e.shiftKey ? shifted(-7, 0) : cur.i - 1; }
    if (e.key === "ArrowRight") { return e.shiftKey ? shifted(7, 0) : cur.i + 1; }
    if (e.key === "PageUp") { return shifted(0, -1); }
    if (e.key === "PageDown") { return shifted(0, 1); }
    if (e.key === "Home") { return 0; }
    if (e.key === "End") { return N - 1; }
    return null;
  }

  // The slider keeps its own arrows; week and month steps are the page's.
  ui.slider.addEventListener("keydown", function (e) {
    if (!(e.shiftKey || e.key === "PageUp" || e.key === "PageDown")) { return; }
    var to = stepKey(e);
    if (to === null) { return; }
    e.preventDefault();
    stop();
    go(to);
  });
  if (ui.dateField) {
    ui.dateField.addEventListener("change", function () {
      if (/^\d{4}-\d{2}-\d{2}$/.test(ui.dateField.value)) { stop(); go(indexFor(ui.dateField.value)); }
    });
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target;
    var tag = t && t.tagName;
    // The slider and form fields handle their own keys.
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA" || (t && t.isContentEditable)) { return; }
    var to = stepKey(e);
    if (to === null) { return; }
    e.preventDefault();
    stop();
    go(to);
  });

  global.addEventListener("hashchange", function () {
    knownHash = global.location.hash;
    if (knownHash !== "#" + hashText()) { readHash(); }
  });
  global.addEventListener("pagehide", function () { if (hashTimer !== null) { flushHash(); } });
  global.addEventListener("resize", placeSwipe);

  (function dragSwipe() {
    var dragging = false;
    function move(e) {
      if (!dragging) { return; }
      var box = ui.maps.getBoundingClientRect();
      cur.swipeX = Math.max(0.02, Math.min(0.98, (e.clientX - box.left) / box.width));
      placeSwipe();
    }
    ui.swipe.addEventListener("pointerdown", function (e) {
      dragging = true;
      ui.swipe.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    ui.swipe.addEventListener("pointermove", move);
    ui.swipe.addEventListener("pointerup", function () { dragging = false; });
    // The keyboard moves the divider too (before the page's date keys see the arrows).
    ui.swipe.addEventListener("keydown", function (e) {
      var step = { ArrowLeft: -0.05, ArrowDown: -0.05, ArrowRight: 0.05, ArrowUp: 0.05 }[e.key];
      if (e.key === "Home") { cur.swipeX = 0.02; }
      else if (e.key === "End") { cur.swipeX = 0.98; }
      else if (step) { cur.swipeX = Math.max(0.02, Math.min(0.98, cur.swipeX + step)); }
      else { return; }
      e.preventDefault();
      placeSwipe();
    });
    L.DomEvent.disableClickPropagation(ui.swipe);
  })();

  setPanel(global.innerWidth > 760);
  if (!readHash()) { render(); }

  ns.timeline = {
    data: D, go: go, compare: compare, setCompare: setCompare, setPanel: setPanel,
    play: play, stop: stop,
    // The pair from -> to as the page draws it; `measured` forces the face-based path.
    pair: function (from, to, measured) { return measured ? facePair(from, to) : pair(from, to); },
    // The ground of the groups of faces listed, drawn as one (no inner edges).
    ground: function (side, faces) { return tl.dissolve(side, faces); },
    current: function () { return D.dates[cur.i]; },
    views: function () { return { main: main, ref: ref }; },
    topology: ns.topology,
    ready: global.performance ? global.performance.now() : 0
  };

})
