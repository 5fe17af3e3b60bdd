/* "Export PNG": the current map view drawn into a PNG in the browser, offline.
 * Leaflet's vector layers are SVG; each is serialised (with the page's hatch patterns), drawn
 * onto a canvas with the base map's labels, the date, the title and the credits, and
 * downloaded. Online tiles are not drawn (they would taint the canvas). */
(function (global) {
  "use strict";

  function load(url) {
    return new Promise(function (resolve, reject) {
      var img = new Image();
      img.onload = function () { resolve(img); };
      img.onerror = function () { reject(new Error("cannot draw a map layer")); };
      img.src = url;
    });
  }

  function svgImage(svg, patterns) {
    var copy = svg.cloneNode(true);
    var rect = svg.getBoundingClientRect();
    copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    copy.setAttribute("width", String(rect.width));
    copy.setAttribute("height", String(rect.height));
    copy.style.transform = "";
    var defs = document.createElementNS("http://www.w3.org/2000/svg", "defs");
    patterns.forEach(function (p) { defs.appendChild(p.cloneNode(true)); });
    copy.insertBefore(defs, copy.firstChild);
    var xml = new XMLSerializer().serializeToString(copy);
    return load("data:image/svg+xml;charset=utf-8," + encodeURIComponent(xml)).then(function (img) {
      return { img: img, rect: rect };
    });
  }

  function render(scale) {
    var tl = global.SiverskTimeline;
    var map = tl.views().main.map;
    var box = map.getContainer();
    var frame = box.getBoundingClientRect();
    var w = Math.round(frame.width), h = Math.round(frame.height);
    scale = scale || global.devicePixelRatio || 1;
    var canvas = document.createElement("canvas");
    canvas.width = Math.round(w * scale);
    canvas.height = Math.round(h * scale);
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = global.getComputedStyle(box).backgroundColor || "#f4f1ea";
    ctx.fillRect(0, 0, w, h);
    var patterns = Array.prototype.slice.call(document.querySelectorAll("pattern[id^='sm-hatch']"));
    var svgs = Array.prototype.slice.call(box.querySelectorAll(".leaflet-pane svg"));
    return Promise.all(svgs.map(function (svg) { return svgImage(svg, patterns); })).then(function (layers) {
      layers.forEach(function (layer) {
        ctx.drawImage(layer.img, layer.rect.left - frame.left, layer.rect.top - frame.top,
                      layer.rect.width, layer.rect.height);
      });
      // The base map's labels as placed on the page (hidden ones stay out), each with its
      // own font, colour and rotation.
      ctx.textBaseline = "middle";
      ctx.textAlign = "center";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      box.querySelectorAll(".sm-lbl").forEach(function (node) {
        if (node.style.visibility === "hidden") { return; }
        var span = node.querySelector(".sm-lbl-text");
        var css = global.getComputedStyle(span);
        var r = span.getBoundingClientRect();
        var text = css.textTransform === "uppercase" ? span.textContent.toUpperCase() : span.textContent;
        ctx.save();
        ctx.translate(r.left - frame.left + r.width / 2, r.top - frame.top + r.height / 2);
        ctx.rotate((Number(span.getAttribute("data-angle")) || 0) * Math.PI / 180);
        ctx.font = css.fontStyle + " " + css.fontWeight + " " + css.fontSize + " " + css.fontFamily;
        ctx.fillStyle = css.color;
        ctx.strokeText(text, 0, 0);
        ctx.fillText(text, 0, 0);
        ctx.restore();
      });
      ctx.textAlign = "start";
      var date = tl.current();
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(0, 0, w, 44);
      ctx.fillStyle = "#111";
      ctx.font = "700 15px system-ui, sans-serif";
      ctx.fillText(tl.data.title || "", 10, 14);
      ctx.fillStyle = "#7f0000";
      ctx.fillText(date, 10, 33);
      var credit = box.querySelector(".tl-credit");
      var text = credit ? credit.textContent : "";
      ctx.fillStyle = "rgba(255,255,255,0.92)";
      ctx.fillRect(0, h - 20, w, 20);
      ctx.fillStyle = "#333";
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillText(text.length > 180 ? text.slice(0, 177) + "..." : text, 8, h - 10);
      return canvas;
    });
  }

  function toDataURL(scale) {
    return render(scale).then(function (canvas) { return canvas.toDataURL("image/png"); });
  }

  function download() {
    var tl = global.SiverskTimeline;
    return render().then(function (canvas) {
      return new Promise(function (resolve) {
        canvas.toBlob(function (blob) {
          var a = document.createElement("a");
          a.href = URL.createObjectURL(blob);
          a.download = (tl.data.name || "map") + "_" + tl.current() + ".png";
          document.body.appendChild(a);
          a.click();
          setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
          resolve(a.download);
        }, "image/png");
      });
    });
  }

  var button = document.getElementById("tl-export-png");
  if (button) {
    button.addEventListener("click", function () {
      download().catch(function (err) { button.title = String(err); });
    });
  }
  global.SiverskExport = { render: render, toDataURL: toDataURL, download: download };
})(window);
