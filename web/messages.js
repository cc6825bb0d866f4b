// The message API, the app's side: a host page that embeds the app in an
// iframe talks to it with window.postMessage (web/embed.js is the host's
// side). Every message is an object {jacobianlab: 1, type: …}.
//
//   host → app   {type: "get"}
//                {type: "set", params: {scene: "gradient", f: "x^2", …}}:
//                the URL keys, applied as the address would apply them
//   app → host   {type: "ready"}                  the first frame is drawn
//                {type: "state", state}           the answer to get and set
//                {type: "change", state}          at most 4 a second
//                {type: "size", height}           CSS pixels wanted at this width
//
// The app listens only to its parent window (a page that is not in a
// frame has none), and to no other origin than the page's parent= key
// names, if it has one. It ignores any message that is not an object of
// this form, or larger than 64 KiB as JSON, and answers each to the window
// and origin it came from, in the order they came: a set's answer comes
// after the tick that applied it, before a later get's.
"use strict";
(function () {
  if (window.parent === window) return; // no host page
  const api = window.jacobianlab = window.jacobianlab || {};
  const maxBytes = 64 * 1024; // the largest message read, as JSON
  const maxKeys = 64;         // the most keys a set may have
  const period = 250;         // ms at least between two changes: 4 a second
  const settle = 50;          // ms after a hint of a change before state() is read: a tick or so
  const early = [];           // messages that came before the app was ready
  let ready = false;
  let queue = Promise.resolve(); // the messages being answered, in order

  // api.parent, which the app sets as it starts, is the origin that
  // parent= allows: "*" for any, "" for none (a bad value).
  function allowed(origin) {
    return api.parent === "*" || (!!api.parent && api.parent === origin);
  }

  // Where the messages the host did not ask for go: the parent= origin,
  // or the parent's origin as the browser says it, or any.
  function hostOrigin() {
    if (api.parent && api.parent !== "*") return api.parent;
    const ancestors = location.ancestorOrigins;
    if (ancestors && ancestors.length > 0 && ancestors[0] !== "null") return ancestors[0];
    return "*";
  }

  function post(msg, to, origin) {
    if (api.parent === "") return; // parent= was bad: no host is trusted
    msg.jacobianlab = 1;
    try {
      to.postMessage(msg, origin && origin !== "null" ? origin : "*");
    } catch (e) {
      // The host went away, or its origin is not one to post to.
    }
  }

  // jsonBytes returns the size of data as UTF-8 JSON, or Infinity when it
  // cannot be written as JSON.
  function jsonBytes(data) {
    try {
      const s = JSON.stringify(data);
      return s === undefined ? Infinity : new TextEncoder().encode(s).length;
    } catch (e) {
      return Infinity;
    }
  }

  function plain(o) {
    return o !== null && typeof o === "object" && !Array.isArray(o);
  }

  // parse returns the request data holds, {type, params}, or null when it
  // is not one. A set's values are strings; numbers are written as they
  // would be in an address, and true and false as 1 and 0.
  function parse(data) {
    if (!plain(data) || data.jacobianlab !== 1 || (data.type !== "get" && data.type !== "set")) return null;
    if (jsonBytes(data) > maxBytes) return null;
    if (data.type === "get") return { type: "get" };
    if (!plain(data.params)) return null;
    const entries = Object.entries(data.params);
    if (entries.length > maxKeys) return null;
    const params = {};
    for (const [k, v] of entries) {
      if (!/^[A-Za-z][A-Za-z0-9_]{0,31}$/.test(k)) return null;
      if (typeof v === "string") params[k] = v;
      else if (typeof v === "number" && isFinite(v)) params[k] = String(v);
      else if (typeof v === "boolean") params[k] = v ? "1" : "0";
      else return null;
    }
    return { type: "set", params };
  }

  // The last state the host was sent, as JSON: a change is a state that
  // differs from it.
  let sent = "";

  function answer(req, source, origin) {
    queue = queue.then(() => new Promise((resolve) => {
      const reply = () => {
        const state = api.state();
        sent = JSON.stringify(state);
        post({ type: "state", state }, source, origin);
        resolve();
      };
      if (req.type === "get") {
        reply();
        return;
      }
      // Answered after the tick that applied the keys, which the app
      // calls back from its game loop: the answer goes out from the
      // page's own. A frame out of view may not tick until it is back
      // in view (browsers pause its frames), and then answers.
      if (!api.set(req.params, () => setTimeout(reply, 0))) resolve();
    }));
  }

  window.addEventListener("message", (e) => {
    if (e.source !== window.parent) return;
    const req = parse(e.data);
    if (!req) return;
    if (!ready) {
      if (early.length < 16) early.push([req, e.source, e.origin]);
      return;
    }
    if (allowed(e.origin)) answer(req, e.source, e.origin);
  });

  // Changes: when something hints that state() may have changed (the
  // app's address or description changed, the reader let go of a key or
  // the pointer), state() is read a moment later and, if it differs from
  // what the host was last sent, sent as a change; then read again a
  // period later, and so on while it keeps changing. So a drag sends 4
  // changes a second, and its end is sent too.
  let timer = 0;
  let lastChange = -Infinity;
  function check() {
    timer = 0;
    const state = api.state();
    const json = JSON.stringify(state);
    if (json === sent) return;
    sent = json;
    lastChange = performance.now();
    post({ type: "change", state }, window.parent, hostOrigin());
    soon();
  }
  function soon() {
    if (!ready || timer) return;
    timer = setTimeout(check, Math.max(settle, lastChange + period - performance.now()));
  }
  document.addEventListener("jacobianlab-change", soon);
  for (const type of ["pointerup", "keyup", "wheel", "input"]) {
    window.addEventListener(type, soon, { capture: true, passive: true });
  }

  // Size: the height the lesson would like at the canvas's width.
  let height = 0;
  function sendSize() {
    post({ type: "size", height }, window.parent, hostOrigin());
  }
  document.addEventListener("jacobianlab-page", (e) => {
    const h = e.detail.height;
    if (h > 0 && h !== height) {
      height = h;
      if (ready) sendSize();
    }
  });

  document.addEventListener("jacobianlab-ready", () => {
    ready = true;
    sent = JSON.stringify(api.state());
    post({ type: "ready" }, window.parent, hostOrigin());
    if (height > 0) sendSize();
    for (const [req, source, origin] of early.splice(0)) {
      if (allowed(origin)) answer(req, source, origin);
    }
  }, { once: true });
})();
