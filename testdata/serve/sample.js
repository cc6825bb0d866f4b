// sample.js is a fixture for serve_test.go: a small script that compresses
// well, with sample.js.br beside it made by `brotli -q 11 -o sample.js.br sample.js`.
"use strict";
const steps = ["scalar", "gradient", "jacobian", "tensor", "backprop"];
for (const step of steps) {
	console.log("Jacobian Lab step", step);
	console.log("Jacobian Lab step", step, "again");
}
