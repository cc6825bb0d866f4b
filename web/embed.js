// Jacobian Lab for a host page, such as a course site: one call embeds a
// lesson in an iframe and returns an object that reads it, sets it, and
// tells of its changes, through the app's message API (web/messages.js).
//
//   <script src="https://your.site/jacobianlab/embed.js"></script>
//   <div id="lesson"></div>
//   <script src="course.js"></script>   // no inline script needed
//
//   const lesson = JacobianLab.embed(document.getElementById("lesson"),
//     { scene: "scalar", f: "sin(x)", at: "x = 1", hide: ["steps"], theme: "dark" });
//   lesson.on("change", (state) => console.log(state.dfdx));
//   lesson.set({ at: "x = 2" }).then((state) => console.log(state.x0));
//
// The options are the page's URL keys (scene, f, at, step, embed, hide,
// theme, lock, motion, quiz, a lesson's own keys; a list is joined with
// commas, true is 1, and false, null or undefined leave the key out), and
// these of embed's own:
//   src          the app's address (default: where this script was loaded from)
//   title        the iframe's title, for screen readers (default: the lesson's)
//   aspectRatio  the iframe's shape, as CSS aspect-ratio (default "3 / 2"),
//                which LMS editors that strip width and height keep
//   autoSize     true: the iframe takes the height the lesson asks for
//   timeout      ms to wait for an answer to get or set (default 10000)
// parent is set to this page's origin, so that only this page can drive
// the lesson, unless given.
"use strict";
(function () {
  const script = document.currentScript;
  const home = script && script.src ? new URL(".", script.src).href : "";
  const own = new Set(["src", "title", "aspectRatio", "autoSize", "timeout"]);
  const titles = {
    scalar: "the scalar derivative", gradient: "the gradient", jacobian: "the Jacobian",
    tensor: "the Jacobian of tensors", backprop: "backpropagation",
  };

  function embed(element, options) {
    options = options || {};
    const app = new URL(options.src || home || ".", document.baseURI);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(options)) {
      if (own.has(k) || v === undefined || v === null || v === false) continue;
      q.set(k, v === true ? "1" : Array.isArray(v) ? v.join(",") : String(v));
    }
    if (!q.has("parent") && /^https?:$/.test(location.protocol)) q.set("parent", location.origin);
    app.search = q.toString();

    const frame = document.createElement("iframe");
    frame.src = app.href;
    frame.title = options.title || "Jacobian Lab: " + (titles[options.scene] || "a lesson");
    frame.loading = "lazy";
    frame.allow = "fullscreen";
    frame.style.display = "block";
    frame.style.width = "100%";
    frame.style.border = "0";
    frame.style.aspectRatio = options.aspectRatio || "3 / 2";
    element.appendChild(frame);

    const timeout = options.timeout > 0 ? options.timeout : 10000;
    const listeners = new Map(); // type → functions
    const waiting = [];          // the gets and sets sent, in order: the app answers in order
    let isReady = false;
    let whenReady;
    const ready = new Promise((resolve) => { whenReady = resolve; });
    const lesson = { iframe: frame, ready, height: 0 };

    function emit(type, value) {
      for (const fn of listeners.get(type) || []) {
        try {
          fn(value);
        } catch (e) {
          setTimeout(() => { throw e; });
        }
      }
    }

    window.addEventListener("message", (e) => {
      const d = e.data;
      if (e.source !== frame.contentWindow || e.origin !== app.origin || !d || d.jacobianlab !== 1) return;
      switch (d.type) {
        case "ready":
          isReady = true;
          whenReady();
          emit("ready");
          break;
        case "state": {
          const w = waiting.shift();
          if (w && !w.done) {
            w.done = true;
            clearTimeout(w.timer);
            w.resolve(d.state);
          }
          emit("state", d.state);
          break;
        }
        case "change":
          emit("change", d.state);
          break;
        case "size":
          if (typeof d.height !== "number" || !(d.height > 0)) return;
          lesson.height = d.height;
          if (options.autoSize) {
            frame.style.aspectRatio = "auto";
            frame.style.height = d.height + "px";
          }
          emit("size", d.height);
          break;
      }
    });

    function request(msg) {
      return ready.then(() => new Promise((resolve, reject) => {
        const w = { resolve, done: false };
        // A request the app never answers (another origin, a stopped
        // app) stays in the queue, so that later answers stay in step.
        w.timer = setTimeout(() => {
          w.done = true;
          reject(new Error("Jacobian Lab did not answer within " + timeout + " ms"));
        }, timeout);
        waiting.push(w);
        msg.jacobianlab = 1;
        frame.contentWindow.postMessage(msg, app.origin);
      }));
    }

    // get resolves to the lesson's state, as window.jacobianlab.state()
    // in the app says it.
    lesson.get = () => request({ type: "get" });
    // set applies URL keys as the address would, and resolves to the
    // state after.
    lesson.set = (params) => request({ type: "set", params: Object.assign({}, params) });
    // on calls fn for each event of a type: "ready", "state" (an answer),
    // "change" (the state, at most 4 a second) or "size" (the height in
    // CSS pixels the lesson would like); it returns a function that stops
    // it. A "ready" listener added after the lesson was ready is called
    // at once.
    lesson.on = (type, fn) => {
      if (!listeners.has(type)) listeners.set(type, []);
      listeners.get(type).push(fn);
      if (type === "ready" && isReady) setTimeout(() => fn());
      return () => lesson.off(type, fn);
    };
    // off stops fn, which on started.
    lesson.off = (type, fn) => {
      const fns = listeners.get(type) || [];
      const i = fns.indexOf(fn);
      if (i >= 0) fns.splice(i, 1);
    };
    return lesson;
  }

  window.JacobianLab = Object.assign(window.JacobianLab || {}, { embed });
})();
