/* siversk-map: unpack the page's compressed parts (render/packed.py, docs/FORMAT.md).
 *
 * Each <script type="application/x-siversk-packed" data-packed="json|script"> holds base-85
 * text (RFC 1924's alphabet, '<' written as '.') of a zlib stream. In document order: a "json"
 * part is put back as the text of its own element (type application/json), a "script" part
 * replaces its element with a <script> that runs it. <html data-unpacking> is set while this
 * works and cleared when every part ran (or when it failed: then #sm-unpack-note is shown).
 * Inflating uses the browser's own DecompressionStream (Chromium 80, Firefox 113, Safari 16.4). */
(function () {
  "use strict";
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz!#$%&()*+-;.=>?@^_`{|}~";
  var global = window;
  var root = document.documentElement;
  var parts = Array.prototype.slice.call(document.querySelectorAll("script[data-packed]"));

  function fail(err) {
    root.removeAttribute("data-unpacking");
    root.setAttribute("data-unpack-failed", "");
    var note = document.getElementById("sm-unpack-note");
    if (note) { note.hidden = false; }
    if (err && global.console) { global.console.error("siversk-map: the page could not unpack: " + err); }
  }

  function decode(text) {
    var digit = new Int16Array(128), i, n = 0;
    for (i = 0; i < 128; i++) { digit[i] = -1; }
    for (i = 0; i < ALPHABET.length; i++) { digit[ALPHABET.charCodeAt(i)] = i; }
    var chars = new Uint8Array(text.length);
    for (i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      if (c === 10 || c === 13 || c === 32 || c === 9) { continue; }
      var d = c < 128 ? digit[c] : -1;
      if (d < 0) { throw new Error("not base-85 text at character " + i); }
      chars[n++] = d;
    }
    var tail = n % 5;
    if (tail === 1) { throw new Error("base-85 text of a wrong length"); }
    var out = new Uint8Array(Math.floor(n / 5) * 4 + (tail ? tail - 1 : 0)), o = 0;
    for (i = 0; i < n; i += 5) {
      var v = 0;
      for (var k = 0; k < 5; k++) { v = v * 85 + (i + k < n ? chars[i + k] : 84); }
      if (v > 0xffffffff) { throw new Error("base-85 group out of range"); }
      var take = Math.min(4, out.length - o);
      for (k = 0; k < take; k++) { out[o++] = (v >>> (24 - 8 * k)) & 255; }
    }
    return out;
  }

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text();
  }

  if (!parts.length) { return; }
  if (typeof global.DecompressionStream !== "function" || typeof global.Response !== "function" ||
      typeof global.Blob !== "function" || !global.Blob.prototype.stream) {
    fail();
    return;
  }
  root.setAttribute("data-unpacking", "");
  var texts;
  try {
    texts = parts.map(function (el) { return inflate(decode(el.textContent)); });
  } catch (err) {
    fail(err);
    return;
  }
  Promise.all(texts).then(function (done) {
    done.forEach(function (text, i) {
      var el = parts[i];
      if (el.getAttribute("data-packed") === "json") {
        el.removeAttribute("data-packed");
        el.type = "application/json";
        el.textContent = text;
      } else {
        var script = document.createElement("script");
        script.text = text;
        el.parentNode.replaceChild(script, el);  // runs it now, before the next part
      }
    });
    root.removeAttribute("data-unpacking");
  }).catch(fail);
})();
