// The example course page's script: it embeds the lessons the page marks
// with data-* URL keys (data-scene, data-f, …) and embed's options
// (data-title, data-auto-size: the first lesson's frame takes the height
// the lesson asks for), and reads the first lesson's state through the
// message API, to show the slope at its point and to check the reader's
// guess against it.
"use strict";
(function () {
  const lessons = {};
  for (const el of document.querySelectorAll(".lesson")) {
    lessons[el.id] = JacobianLab.embed(el, Object.assign({}, el.dataset));
  }
  // For trying the API from the browser's console.
  window.lessons = lessons;

  const slopeLesson = lessons["slope-lesson"];
  const out = document.getElementById("slope");
  let state = null;

  function show(s) {
    state = s;
    if (s.error || typeof s.dfdx !== "number") {
      out.textContent = "The lesson's function has no slope to show here.";
      return;
    }
    out.textContent = "At x₀ = " + s.x0.toFixed(3) + " the slope f′(x₀) is " + s.dfdx.toFixed(3) + ".";
  }
  slopeLesson.on("change", show);
  slopeLesson.on("state", show);
  slopeLesson.get().then(show, () => { out.textContent = "The lesson did not answer."; });

  document.getElementById("check").addEventListener("click", () => {
    const guess = Number(document.getElementById("guess").value.replace(",", "."));
    if (!state || typeof state.dfdx !== "number") return;
    if (!isFinite(guess) || document.getElementById("guess").value.trim() === "") {
      out.textContent = "Type a number first.";
      return;
    }
    const off = Math.abs(guess - state.dfdx);
    out.textContent = (off < 0.05 ? "Well guessed: " : "Not quite: ") + "the slope at x₀ = " +
      state.x0.toFixed(3) + " is " + state.dfdx.toFixed(3) + ", and you said " + guess + ".";
  });
})();
