// Loads jacobianlab.wasm with a progress bar, starts it, and shows a readable
// message if the download or the program fails.
"use strict";
(function () {
  const text = document.getElementById("loader-text");
  const bar = document.getElementById("loader-bar");
  window.jacobianlab = window.jacobianlab || {};
  window.jacobianlab.ready = false;

  function fail(title, detail) {
    document.getElementById("loader").hidden = true;
    document.getElementById("overlay-title").textContent = title;
    document.getElementById("overlay-text").textContent = detail;
    document.getElementById("overlay").hidden = false;
    window.jacobianlab.failure = title + ": " + detail;
  }
  window.jacobianlab.fail = fail;

  function mb(n) { return (n / 1e6).toFixed(1) + " MB"; }

  async function download(url) {
    const resp = await fetch(url);
    if (!resp.ok) {
      throw new Error("the server answered " + resp.status + " " + resp.statusText + " for " + url);
    }
    // With Content-Encoding the stream yields decoded bytes, so the total
    // is the decoded size the server announces, not Content-Length.
    const decoded = resp.headers.get("X-Decoded-Length");
    const encoded = resp.headers.get("Content-Encoding");
    let total = Number(decoded || (encoded ? 0 : resp.headers.get("Content-Length")) || 0);
    if (!resp.body) {
      return new Uint8Array(await resp.arrayBuffer());
    }
    const reader = resp.body.getReader();
    const chunks = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.length;
      if (total > 0) {
        bar.value = Math.min(1, received / total);
        text.textContent = "Downloading the app: " + mb(received) + " of " + mb(total);
      } else {
        bar.removeAttribute("value");
        text.textContent = "Downloading the app: " + mb(received);
      }
    }
    if (total > 0 && received !== total) {
      throw new Error("the download stopped after " + received + " of " + total + " bytes");
    }
    const bytes = new Uint8Array(received);
    let off = 0;
    for (const c of chunks) { bytes.set(c, off); off += c.length; }
    return bytes;
  }

  async function start() {
    let bytes;
    try {
      bytes = await download("jacobianlab.wasm");
    } catch (e) {
      fail("The app could not be downloaded", String(e.message || e) + ". Check your connection and reload.");
      return;
    }
    text.textContent = "Starting…";
    bar.removeAttribute("value");
    const go = new Go();
    let exitCode = 0;
    const exit = go.exit;
    go.exit = function (code) { exitCode = code; exit.call(go, code); };
    let inst;
    try {
      ({ instance: inst } = await WebAssembly.instantiate(bytes, go.importObject));
    } catch (e) {
      fail("The app could not start", String(e.message || e) +
        ". It needs a browser with WebAssembly and WebGL 2.");
      return;
    }
    document.addEventListener("jacobianlab-ready", function () {
      document.getElementById("loader").hidden = true;
    }, { once: true });
    go.run(inst).then(function () {
      fail("Jacobian Lab stopped", "The program ended (exit code " + exitCode + "). Reload the page to start it again.");
    }, function (e) {
      fail("Jacobian Lab stopped", String(e.message || e));
    });
  }
  start();
})();
