// The page's own controls around the app's canvas.
//
// Text inputs: the app reports its text fields of functions in a
// "jacobianlab-fields" event (their place in CSS pixels, label, text,
// error), and an HTML input is laid over each, before the canvas in the
// page, so that phones show their keyboard, input methods, dictation,
// paste and undo work, and screen readers can read and edit the
// functions. What is typed goes to the app with window.jacobianlab
// .setField; the canvas draws each field's box and error mark under its
// input, in the same font (see loadFont in wasm/bridge_js.go).
//
// Tab: Ebiten cancels every key on its canvas, Tab included, so that Tab
// would never leave it. A capture-phase listener takes Tab before Ebiten
// and asks the app to move its focus (window.jacobianlab.moveFocus); past
// the app's last control, or before its first, it lets the browser move
// the page's focus on, out of the canvas and, in an iframe, to the host
// page. When the canvas gets the focus from the keyboard, the app focuses
// its first control, or its last when the focus came backwards
// (window.jacobianlab.enterFocus), and draws its focus ring. The app
// focuses its canvas as it starts, for its keys to work at once; the first
// Tab from there starts at the top of the page, with the inputs.
"use strict";
(function () {
  const api = window.jacobianlab = window.jacobianlab || {};
  const box = document.getElementById("fields");
  const inputs = new Map(); // field id → its input
  let canvas = null;

  // Each input tells the app how far it has scrolled its text, for the
  // error mark to follow.
  function sendScroll(id, input) {
    if (input.sentScroll !== input.scrollLeft && api.scrollField) {
      input.sentScroll = input.scrollLeft;
      api.scrollField(id, input.scrollLeft);
    }
  }

  function makeInput(id) {
    const input = document.createElement("input");
    input.type = "text";
    input.id = "field-" + id;
    for (const [k, v] of [["autocapitalize", "off"], ["autocorrect", "off"], ["autocomplete", "off"],
      ["spellcheck", "false"], ["inputmode", "text"], ["enterkeyhint", "done"]]) {
      input.setAttribute(k, v);
    }
    const error = document.createElement("span");
    error.id = "field-" + id + "-error";
    error.className = "visually-hidden";
    input.setAttribute("aria-describedby", error.id);
    input.errorText = error;
    const send = (submit) => {
      if (api.setField) api.setField(id, input.value, submit);
      sendScroll(id, input);
    };
    // While an input method composes, its text is not yet typed.
    input.addEventListener("input", (e) => { if (!e.isComposing) send(false); });
    input.addEventListener("compositionend", () => send(false));
    input.addEventListener("keydown", (e) => { if (e.key === "Enter" && !e.isComposing) send(true); });
    for (const type of ["scroll", "keyup", "pointerup", "select", "focus"]) {
      input.addEventListener(type, () => sendScroll(id, input));
    }
    input.addEventListener("blur", () => requestAnimationFrame(() => sendScroll(id, input)));
    return input;
  }

  document.addEventListener("jacobianlab-fields", (e) => {
    const c = document.querySelector("canvas");
    if (c) {
      const r = c.getBoundingClientRect();
      box.style.left = r.left + "px";
      box.style.top = r.top + "px";
    }
    const seen = new Set();
    e.detail.forEach((f, i) => {
      seen.add(f.id);
      let input = inputs.get(f.id);
      if (!input) {
        input = makeInput(f.id);
        inputs.set(f.id, input);
        input.value = f.text;
      } else if (f.changed && input.value !== f.text) {
        input.value = f.text;
      }
      // In the app's order, moving an input only when it is out of place
      // (a move would take its focus).
      const at = box.children[2 * i];
      if (at !== input) {
        box.insertBefore(input, at || null);
        box.insertBefore(input.errorText, input.nextSibling);
      }
      const [x0, y0, x1, y1] = f.rect;
      const s = input.style;
      s.left = x0 + "px";
      s.top = y0 + "px";
      s.width = (x1 - x0) + "px";
      s.height = (y1 - y0) + "px";
      s.lineHeight = (y1 - y0) + "px";
      s.fontSize = f.px + "px";
      s.paddingLeft = s.paddingRight = f.pad + "px";
      s.color = s.caretColor = f.color;
      s.setProperty("--accent", f.accent);
      input.readOnly = f.readOnly;
      input.hidden = f.hidden;
      input.setAttribute("aria-label", f.label);
      input.setAttribute("aria-invalid", f.error ? "true" : "false");
      input.errorText.textContent = f.error;
    });
    for (const [id, input] of inputs) {
      if (!seen.has(id)) {
        input.errorText.remove();
        input.remove();
        inputs.delete(id);
      }
    }
  });

  // Tab on the canvas goes to the app, until the app has no control left
  // in that direction.
  let leftByTab = false;
  let started = false; // the canvas has had the focus since the app started it
  window.addEventListener("keydown", (e) => {
    if (e.key !== "Tab" || e.ctrlKey || e.altKey || e.metaKey || !canvas || e.target !== canvas) return;
    e.stopPropagation(); // Ebiten's handler would cancel it
    const first = [...inputs.values()].find((input) => !input.hidden);
    if (started && !e.shiftKey && first) {
      started = false;
      e.preventDefault();
      first.focus();
    } else if (api.moveFocus && api.moveFocus(e.shiftKey)) {
      e.preventDefault();
    } else {
      leftByTab = true; // the browser's Tab takes the focus out
    }
  }, true);

  function watchCanvas() {
    canvas = document.querySelector("canvas");
    if (!canvas) return;
    // held: the canvas is the page's focused element, though the window
    // may not have the focus (it comes back to the canvas with it).
    let held = started = document.activeElement === canvas;
    let pointing = false; // a press on the canvas focuses it: the app focuses what is under it
    canvas.addEventListener("pointerdown", () => { pointing = true; started = false; }, true);
    // Another element of the page took the focus: the canvas no longer
    // holds it, though it may have lost it with the window, earlier, and
    // no control on it keeps the focus.
    document.addEventListener("focusin", (e) => {
      if (e.target === canvas || !held) return;
      held = started = false;
      api.clearFocus();
    });
    window.addEventListener("pointerup", () => { pointing = false; }, true);
    window.addEventListener("pointercancel", () => { pointing = false; }, true);
    canvas.addEventListener("blur", (e) => {
      pointing = false; // a press whose release the page missed (it was outside an iframe)
      if (e.relatedTarget) {
        api.clearFocus(); // another element of the page has the focus
      }
      // The focus went to another element or, by Tab, out of the page;
      // otherwise the window lost it, and the canvas keeps it.
      if (e.relatedTarget || leftByTab) {
        held = started = false;
      }
      leftByTab = false;
    });
    canvas.addEventListener("focus", (e) => {
      const from = e.relatedTarget;
      const entering = !held && !pointing;
      pointing = false; // a press focuses the canvas once, if at all
      held = true;
      if (!entering) {
        return;
      }
      // From an element before the canvas the focus came forwards, from
      // one after it backwards. From outside the page (the host page of
      // an iframe) it came backwards if the page has inputs before the
      // canvas, which Tab would have reached first.
      let back;
      if (from) {
        back = !!(from.compareDocumentPosition(canvas) & Node.DOCUMENT_POSITION_PRECEDING);
      } else {
        back = [...inputs.values()].some((input) => !input.hidden);
      }
      api.enterFocus(back);
    });
  }
  // After the app's first frame: Ebiten focuses the canvas as it starts,
  // which is no keyboard's doing.
  document.addEventListener("jacobianlab-ready", watchCanvas, { once: true });

  // Pinching the page: Ebiten takes every touch on its canvas and cancels
  // it, so that the browser would never zoom the page over the lesson,
  // which fills it. A capture-phase listener keeps the touches of two
  // fingers or more from Ebiten, and the browser zooms the page, unless
  // every finger is on a view that zooms itself (the app lists them in its
  // "jacobianlab-page" event), such as the backprop graph. A lone finger
  // still reaches the app; once a pinch began, nothing does until the last
  // finger lifts, whose touchend lets the app see that none is left.
  let zoomViews = [];
  document.addEventListener("jacobianlab-page", (e) => {
    zoomViews = (e.detail.wheel || []).filter((p) => p.zoom);
  });
  let pinching = false;
  const onZoomView = (t) => { // t: a touch or a wheel event
    const r = document.querySelector("canvas").getBoundingClientRect();
    const x = t.clientX - r.left, y = t.clientY - r.top;
    return zoomViews.some((p) => x >= p.rect[0] && x < p.rect[2] && y >= p.rect[1] && y < p.rect[3]);
  };
  // A pinch on a touchpad, or the wheel with Ctrl, zooms the page the
  // same way, unless it is over a view that zooms itself.
  window.addEventListener("wheel", (e) => {
    if (e.ctrlKey && e.target === document.querySelector("canvas") && !onZoomView(e)) e.stopPropagation();
  }, { capture: true, passive: true });
  for (const type of ["touchstart", "touchmove", "touchend", "touchcancel"]) {
    window.addEventListener(type, (e) => {
      if (e.target !== document.querySelector("canvas")) return;
      if (!pinching && e.touches.length >= 2 && ![...e.touches].every(onZoomView)) pinching = true;
      if (!pinching) return;
      if (e.touches.length === 0) {
        pinching = false; // the app takes this end: no finger is left
        return;
      }
      e.stopPropagation();
    }, { capture: true, passive: true });
  }

  // The wheel, in a page embedded in another: Ebiten takes every wheel
  // event on its canvas and cancels it, so that the host page would not
  // scroll over the lesson. A capture-phase listener keeps the event from
  // Ebiten, and the browser scrolls the host page, unless the pointer is
  // over a place that takes the wheel (the app lists them in its
  // "jacobianlab-page" event): a panel that can scroll that way, or a
  // view that zooms, such as the backprop graph, once a press on it has
  // chosen it, as a map wants a click first. Until then a hint says so.
  // A page on its own has nothing to scroll, and the wheel goes to the
  // app wherever it is.
  if (window.parent !== window) {
    let places = [];
    let chosen = ""; // the rectangle of the zooming place a press chose, until the pointer leaves it
    let hint = null;
    let hintTimer = 0;
    const key = (p) => (p && p.zoom ? p.rect.join() : "");
    document.addEventListener("jacobianlab-page", (e) => {
      places = e.detail.wheel || [];
      if (!places.some((p) => key(p) === chosen)) chosen = "";
    });
    const placeAt = (e) => {
      const c = document.querySelector("canvas");
      if (!c || e.target !== c) return undefined;
      const r = c.getBoundingClientRect(), x = e.clientX - r.left, y = e.clientY - r.top;
      return places.find((p) => x >= p.rect[0] && x < p.rect[2] && y >= p.rect[1] && y < p.rect[3]) || null;
    };
    const showHint = (p) => {
      const c = document.querySelector("canvas");
      if (!hint) {
        hint = document.createElement("div");
        hint.className = "wheel-hint";
        hint.setAttribute("aria-hidden", "true"); // for the mouse: a keyboard zooms with + and −
        hint.textContent = "To zoom with the wheel, click here first";
        document.body.appendChild(hint);
      }
      const r = c.getBoundingClientRect();
      hint.style.left = (r.left + (p.rect[0] + p.rect[2]) / 2) + "px";
      hint.style.top = (r.top + (p.rect[1] + p.rect[3]) / 2) + "px";
      hint.hidden = false;
      clearTimeout(hintTimer);
      hintTimer = setTimeout(() => { hint.hidden = true; }, 1500);
    };
    window.addEventListener("wheel", (e) => {
      const p = placeAt(e);
      if (p === undefined) return; // not on the canvas
      if (p && p.zoom && key(p) === chosen) return; // the app zooms
      if (p && !p.zoom && ((e.deltaY < 0 && p.up) || (e.deltaY > 0 && p.down))) return; // the app scrolls
      e.stopPropagation();
      if (p && p.zoom) showHint(p);
    }, { capture: true, passive: true });
    window.addEventListener("pointerdown", (e) => {
      chosen = key(placeAt(e));
      if (chosen && hint) hint.hidden = true;
    }, true);
    window.addEventListener("pointermove", (e) => {
      if (chosen && key(placeAt(e)) !== chosen) chosen = "";
    }, true);
    window.addEventListener("pointerout", (e) => {
      if (!e.relatedTarget) chosen = ""; // out of the page
    }, true);
  }
})();
