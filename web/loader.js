// Loads the app's WebAssembly, which the data-wasm attribute of this
// script's tag names (jacobianlab.wasm, or its name made from its content
// in a build of make dist), with a progress bar, compiling it while it
// downloads, starts it, and shows a readable message if the download or the
// program fails. window.jacobianlab.timing records when each stage ended, in
// milliseconds since navigation.
"use strict";
(function () {
  const wasm = document.currentScript.dataset.wasm || "jacobianlab.wasm";
  const text = document.getElementById("loader-text");
  const bar = document.getElementById("loader-bar");
  const api = window.jacobianlab = window.jacobianlab || {};
  // The page is dark while the app loads when the app will be: theme=dark
  // in the address, or no theme and a system that asks for dark.
  const theme = new URLSearchParams(location.search).get("theme");
  if (theme === "dark" || (!theme && window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches)) {
    document.documentElement.classList.add("dark");
  }
  api.ready = false;
  api.timing = {};
  document.getElementById("overlay-reload").addEventListener("click", function () { location.reload(); });

  function mark(name) { api.timing[name] = Math.round(performance.now()); }

  function fail(title, detail) {
    document.getElementById("loader").hidden = true;
    document.getElementById("overlay-title").textContent = title;
    document.getElementById("overlay-text").textContent = detail;
    document.getElementById("overlay").hidden = false;
    api.failure = title + ": " + detail;
  }

  function mb(n) { return (n / 1e6).toFixed(1) + " MB"; }

  // The app's WebGL canvas needs no multisampling and no depth buffer:
  // Ebiten draws each frame into an image of its own and copies it to the
  // canvas with one axis-aligned quad, which has no edges to smooth, and it
  // never tests depth. WebGL gives both by default, and then every frame
  // pays for a canvas four times the size and its resolve: with software
  // GL, a quarter of the frame time. Ebiten does not set these attributes,
  // so the loader does, before the app starts.
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (type, attrs) {
    if (type === "webgl" || type === "webgl2") {
      attrs = Object.assign({}, attrs, { antialias: false, depth: false });
    }
    return getContext.call(this, type, attrs);
  };

  // chunks returns a function that reads the next chunk of resp's body,
  // moves the progress bar, and returns the chunk, or null at the end. It
  // fails, with a message that says the download stopped, if the
  // connection breaks or fewer bytes arrive than announced.
  function chunks(resp) {
    // With Content-Encoding the stream yields decoded bytes, so the total
    // is the decoded size the server announces, not Content-Length. From
    // another origin (a sandboxed iframe's is opaque) a server may not
    // expose those two headers: then Content-Length, the encoded size, is
    // all the loader sees, and more bytes than that arrive.
    const decoded = resp.headers.get("X-Decoded-Length");
    const encoded = resp.headers.get("Content-Encoding");
    const total = Number(decoded || (encoded ? 0 : resp.headers.get("Content-Length")) || 0);
    const reader = resp.body.getReader();
    let received = 0;
    return async function () {
      let chunk;
      try {
        chunk = await reader.read();
      } catch (e) {
        throw new Error("the download stopped after " + received + " bytes (" + String(e.message || e) + ")");
      }
      if (chunk.done) {
        mark("downloaded");
        if (total > 0 && received < total) {
          throw new Error("the download stopped after " + received + " of " + total + " bytes");
        }
        return null;
      }
      received += chunk.value.length;
      if (total > 0) {
        bar.value = Math.min(1, received / total);
        text.textContent = "Downloading the app: " + mb(received) + " of " + mb(total);
      } else {
        bar.removeAttribute("value");
        text.textContent = "Downloading the app: " + mb(received);
      }
      return chunk.value;
    };
  }

  // watch reads resp, a copy of the download, only to move the progress
  // bar, and fails as chunks does.
  async function watch(resp) {
    const next = chunks(resp);
    while (await next() !== null) {
      // Each chunk moves the bar.
    }
  }

  // counted passes the body of resp through, moving the progress bar, in a
  // response that says it is WebAssembly, and fails as chunks does.
  function counted(resp) {
    const next = chunks(resp);
    const body = new ReadableStream({
      async pull(controller) {
        try {
          const chunk = await next();
          if (chunk === null) {
            controller.close();
          } else {
            controller.enqueue(chunk);
          }
        } catch (e) {
          controller.error(e);
        }
      },
    });
    return new Response(body, { headers: { "Content-Type": "application/wasm" } });
  }

  // instantiate compiles the app from resp while it downloads and
  // instantiates it. When the server says the file is WebAssembly, the
  // compiler reads resp itself and a copy moves the progress bar: the
  // browser then keeps the compiled code in its cache, and a second visit
  // starts without compiling again, which it does not do for a response
  // made in JavaScript. A server that labels the file otherwise gets the
  // bytes passed through in such a response, labelled as WebAssembly.
  async function instantiate(resp, imports) {
    const type = (resp.headers.get("Content-Type") || "").split(";")[0].trim().toLowerCase();
    if (!WebAssembly.instantiateStreaming) {
      return WebAssembly.instantiate(await counted(resp).arrayBuffer(), imports);
    }
    if (type !== "application/wasm") {
      return WebAssembly.instantiateStreaming(counted(resp), imports);
    }
    // A download cut short fails both; the copy's error says what happened.
    const [watched, compiled] = await Promise.allSettled([watch(resp.clone()), WebAssembly.instantiateStreaming(resp, imports)]);
    if (watched.status === "rejected") {
      throw watched.reason;
    }
    if (compiled.status === "rejected") {
      throw compiled.reason;
    }
    return compiled.value;
  }

  // downloadAdvice says why a download that failed before any answer may
  // have failed. A page whose origin is opaque ("null") fetches its own
  // files across origins, which its server may not allow: the page is in
  // an iframe sandboxed without allow-same-origin, or opened from a file.
  function downloadAdvice() {
    if (window.origin !== "null") {
      return "Check your connection and reload.";
    }
    if (location.protocol === "file:") {
      return "This page was opened from a file, and a browser does not let such a page download the app: " +
        "serve its folder instead (jacobianlab serve -dir FOLDER) and open the address it prints.";
    }
    return "This lesson is inside a frame of another page, and that frame is sandboxed: " +
      "the browser lets it download the app only if the lesson's server allows it " +
      "(Access-Control-Allow-Origin: *, which make dist sets up), or if the frame's sandbox setting " +
      "also has allow-same-origin. Ask the page's author to change one of them.";
  }

  async function start() {
    const go = new Go();
    let exitCode = 0;
    const exit = go.exit;
    go.exit = function (code) { exitCode = code; exit.call(go, code); };

    let resp;
    try {
      resp = await fetch(wasm);
    } catch (e) {
      fail("The app could not be downloaded", String(e.message || e) + ". " + downloadAdvice());
      return;
    }
    if (!resp.ok) {
      fail("The app could not be downloaded", "the server answered " + resp.status + " " + resp.statusText +
        " for " + wasm + ". Check your connection and reload.");
      return;
    }
    let inst;
    try {
      ({ instance: inst } = await instantiate(resp, go.importObject));
    } catch (e) {
      const msg = String(e.message || e);
      if (msg.indexOf("download stopped") >= 0) {
        fail("The app could not be downloaded", msg + ". Check your connection and reload.");
      } else {
        fail("The app could not start", msg + ". It needs a browser with WebAssembly and WebGL 2.");
      }
      return;
    }
    mark("compiled");
    text.textContent = "Starting…";
    bar.removeAttribute("value");
    document.addEventListener("jacobianlab-ready", function () {
      mark("ready");
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
