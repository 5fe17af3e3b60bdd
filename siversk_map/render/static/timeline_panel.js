/* siversk-map timeline, part 5 of 6: the panel: figures, claims and events of the date shown. */
(function (global, ns) {
  "use strict";

  var tl = ns.tl;
  var SM = tl.SM, el = tl.el, D = tl.D, T = tl.T, cur = tl.cur, ui = tl.ui, SIDES = tl.SIDES;
  var fmt = tl.fmt, signed = tl.signed, patch = tl.patch, pair = tl.pair;

  // ---- panel ------------------------------------------------------------------------------

  function cell(tr, tag, text, cls) { tr.appendChild(el(tag, cls || null, text)); }

  function figuresTable(from, to) {
    var table = el("table", "tl-table");
    var head = el("tr");
    var cols = from === null ? ["side", "held km\u00B2"]
      : (cur.compare ? ["side", "A km\u00B2", "B km\u00B2", "gained", "lost", "net"]
                     : ["side", "held km\u00B2", "gained", "lost", "net"]);
    cols.forEach(function (c) { cell(head, "th", T(c)); });
    table.appendChild(head);
    var areasTo = D.states[to].areas;
    var areasFrom = from === null ? {} : D.states[from].areas;
    var p = from === null ? null : pair(from, to);
    SIDES.forEach(function (side) {
      if (!(side in areasTo) && !(side in areasFrom)) { return; }
      var tr = el("tr");
      cell(tr, "td", D.side_labels[side]);
      if (cur.compare && from !== null) { cell(tr, "td", fmt(areasFrom[side] || 0, 1)); }
      cell(tr, "td", fmt(areasTo[side] || 0, 1));
      if (p) {
        var s = p.sides[side] || { gained_km2: 0, lost_km2: 0 };
        cell(tr, "td", fmt(s.gained_km2, 2), "sm-gain");
        cell(tr, "td", fmt(s.lost_km2, 2), "sm-loss");
        cell(tr, "td", signed(s.gained_km2 - s.lost_km2, 2));
      } else if (from !== null) {
        cell(tr, "td", "\u2013", "sm-gain");
        cell(tr, "td", "\u2013", "sm-loss");
        cell(tr, "td", signed((areasTo[side] || 0) - (areasFrom[side] || 0), 2));
      }
      table.appendChild(tr);
    });
    return table;
  }

  function line(box, label, value, extra) {
    var div = el("div", "tl-fig");
    div.appendChild(document.createTextNode(label + ": "));
    div.appendChild(el("b", null, value));
    if (extra) { div.appendChild(el("span", "tl-delta", " " + extra)); }
    box.appendChild(div);
  }

  function linkButton(text, action) {
    var button = el("button", "tl-link", text);
    button.setAttribute("type", "button");
    button.onclick = action;  // a property: patch() hands it to the button already shown
    return button;
  }

  // Bounds of the ground gained or lost now drawn (any side), or null when nothing changed.
  function changeBounds() {
    var bounds = null;
    SIDES.forEach(function (side) {
      var shown = tl.main.shown["change_" + side];
      Object.keys(shown).forEach(function (key) {
        var b = shown[key].getBounds();
        if (!b.isValid()) { return; }
        bounds = bounds ? bounds.extend(b) : L.latLngBounds(b.getSouthWest(), b.getNorthEast());
      });
    });
    return bounds;
  }

  // The panel is built detached and patched onto the one shown (patch: only changed text,
  // attributes and nodes are written).
  function renderFigures() {
    var box = el("div");
    buildFigures(box);
    patch(ui.figures, box);
  }

  function buildFigures(box) {
    var to = cur.i;
    var from = cur.compare ? cur.a : (to > 0 ? to - 1 : null);
    var st = D.states[to];
    if (cur.compare) {
      box.appendChild(el("h2", null, T("Compare") + " " + D.dates[cur.a] + " \u2192 " + D.dates[to]));
      if (cur.a === to) { box.appendChild(el("p", "tl-small", T("Choose two different dates."))); }
    } else {
      box.appendChild(el("h2", null, T("Figures on") + " " + st.date));
    }
    if (st.claims) {
      box.appendChild(el("p", "sm-claim-note",
        T("Claims on this date are drawn hatched and dashed: they are not assessed control.")));
    }
    var caption = from === null ? T("Ground held (first date)")
      : T("Ground held and change since") + " " + D.dates[from];
    if (Object.keys(st.areas).length === 0) {
      // A date before any control is drawn (events only).
      box.appendChild(el("p", "tl-small", T("No control is drawn on or before this date.")));
    } else {
      box.appendChild(el("div", "tl-caption", caption));
      box.appendChild(figuresTable(from === to ? null : from, to));
    }
    var far = from !== null && from !== to ? pair(from, to) : null;
    if (far && far.fromFaces) {
      box.appendChild(el("p", "tl-small", T("Gained and lost ground between these two dates are " +
        "added up in the page from the faces of every stored change, and the deepest advance is " +
        "measured in the page (to within {m} m).").replace("{m}", D.advance_tolerance_m)));
    }
    if (from !== null && from !== to && !pair(from, to)) {
      box.appendChild(el("p", "tl-small", D.changes
        ? T("Gained and lost ground are precomputed between consecutive dates only in a series " +
          "this long; the net change is the difference of the areas held.")
        : T("This page was built without the change analysis (--no-changes); the net change " +
          "is the difference of the areas held.")));
    }
    var views = el("div", "tl-small");
    var bounds = changeBounds();
    if (bounds) {
      views.appendChild(linkButton(T("zoom to the change"), function () {
        tl.main.map.fitBounds(changeBounds(), { padding: [30, 30], maxZoom: 15, animate: false });
      }));
      views.appendChild(document.createTextNode(" \u00B7 "));
    }
    views.appendChild(linkButton(T("whole area"), function () {
      tl.main.map.setView(D.center, D.zoom, { animate: false });
    }));
    box.appendChild(views);
    var place = D.reference.name || T("the reference point");
    var front = st.front;
    var before = from === null ? null : D.states[from].front;
    function delta(key) {
      if (!before || before[key] === null || front[key] === null || from === to) { return ""; }
      return "(" + signed(front[key] - before[key], 2) + " km since " + D.dates[from] + ")";
    }
    if (front.to_reference_km !== null) {
      line(box, T("Front to") + " " + place, fmt(front.to_reference_km, 2) + " km", delta("to_reference_km"));
    }
    if (front.to_river_km !== null) {
      line(box, T("Front to the river line"), fmt(front.to_river_km, 2) + " km", delta("to_river_km"));
    }
    if (from !== null && from !== to) {
      var both = pair(from, to);
      var adv = both ? both.advance : null;
      if (adv) {
        line(box, T("Deepest advance since") + " " + D.dates[from], fmt(adv.km, 2) + " km");
      } else if (from < to && both) {
        line(box, T("Deepest advance since") + " " + D.dates[from], T("none"));
      }
    }
    st.measures.forEach(function (m) {
      var div = el("div", "tl-fig");
      div.appendChild(document.createTextNode(m.name || "Measure"));
      if (m.data_advance_km !== null && m.data_advance_km !== undefined) {
        div.appendChild(el("br"));
        div.appendChild(document.createTextNode(T("Advance measured on this data set along the line") + ", " +
          m.data_from + " \u2192 " + m.data_to + ": "));
        div.appendChild(el("b", null, fmt(m.data_advance_km, 1) + " km"));
      }
      div.appendChild(el("span", "tl-delta", " (" + T("line") + " " + fmt(m.length_km, 1) + " km)"));
      box.appendChild(div);
    });
    renderClaims(box, D.dates[to]);
    if (st.against) {
      var ag = el("div", "tl-fig");
      ag.appendChild(el("b", null, "Against " + D.against.title + " (its snapshot of " + st.against.date + ")"));
      box.appendChild(ag);
      Object.keys(st.against.sides).forEach(function (side) {
        var s = st.against.sides[side];
        line(box, D.side_labels[side] + "-held, both agree", fmt(s.agree_km2, 1) + " km\u00B2");
        line(box, "  in this data set only", fmt(s.a_only_km2, 2) + " km\u00B2");
        line(box, "  in the other source only", fmt(s.b_only_km2, 2) + " km\u00B2");
      });
    } else if (D.against) {
      box.appendChild(el("p", "tl-small", D.against.title + " has no snapshot on or before this date."));
    }
    if (st.sources.length) {
      var src = el("div", "tl-fig tl-small");
      src.appendChild(el("b", null, T("Sources shown on this date") + ": "));
      src.appendChild(document.createTextNode(st.sources.join("; ")));
      box.appendChild(src);
    }
  }

  // The claims made on or before a date, each with its check (computed by the data side).
  function renderClaims(box, day) {
    var made = (D.claims || []).filter(function (c) { return c.claimed_on <= day; });
    if (!made.length) { return; }
    var div = el("div", "tl-fig tl-claims");
    div.appendChild(el("b", null, T("Claims checked against the data")));
    made.forEach(function (c) {
      var p = el("div", "tl-claim");
      p.appendChild(el("b", null, c.name + ": "));
      p.appendChild(document.createTextNode(c.text));
      if (c.held_on === null || day < c.held_on) {
        p.appendChild(el("span", "tl-delta",
          T(" \u2014 on {day} the claim is ahead of the ground").replace("{day}", day)));
      }
      p.appendChild(el("div", "tl-small", T("Claim:") + " " + c.source));
      div.appendChild(p);
    });
    box.appendChild(div);
  }

  function renderEvents() {
    var box = el("div");
    buildEvents(box);
    patch(ui.events, box);
  }

  function buildEvents(box) {
    var ids = [];
    var title;
    if (cur.compare && cur.a !== cur.i) {
      var lo = Math.min(cur.a, cur.i), hi = Math.max(cur.a, cur.i);
      for (var k = lo + 1; k <= hi; k++) { ids = ids.concat(D.states[k].events); }
      title = T("Reported after") + " " + D.dates[lo] + " " + T("up to") + " " + D.dates[hi];
    } else {
      ids = D.states[cur.i].events;
      title = T("Reported on") + " " + D.dates[cur.i];
    }
    box.appendChild(el("h2", null, title));
    if (!ids.length) { box.appendChild(el("p", "tl-small", T("No events in the data."))); return; }
    var list = el("ul", "sm-events");
    ids.forEach(function (id) {
      var p = D.features[id].properties;
      var li = el("li");
      li.appendChild(el("b", null, p.name || T("Event")));
      if (p.status === "claimed") { li.appendChild(el("i", null, " " + T("(claim)"))); }
      if (p.date !== D.dates[cur.i]) { li.appendChild(el("span", "tl-small", " " + p.date)); }
      if (p.summary) { li.appendChild(document.createTextNode(": " + p.summary)); }
      var src = el("div", "tl-small");
      src.appendChild(document.createTextNode(T("Source") + ": "));
      src.appendChild(SM.sourceLine(p));
      if (tl.main.cache["f:" + id] && tl.main.shown.event["f:" + id]) {
        src.appendChild(document.createTextNode(" "));
        src.appendChild(linkButton(T("show on map"), function () { tl.main.openFeature("f:" + id); }));
      }
      li.appendChild(src);
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  tl.renderFigures = renderFigures;
  tl.renderEvents = renderEvents;
})
