// Package mathtex sets Jacobian Lab's formulas: it builds them as trees of
// nodes (Row, Ital, Frac, Mat, …), parses them from LaTeX (TeX) or from an
// expression (Expr), and lays them out by a simplified form of TeX's rules
// for math, in Liberation Serif, which gonum/plot already links, with a
// 3 kB subset of DejaVu Serif for the symbols Liberation lacks.
//
// A Layout holds a formula's box (Metrics) and what it draws (Items): runs
// of glyphs with the golang.org/x/image/font.Face that has them, rules,
// sized delimiters and dots as plain geometry, each placed from the
// formula's origin on its baseline. Package viz draws them with Ebiten
// (viz.Formula); nothing here draws, and mathtex imports no Ebiten, so its
// tests need no display.
package mathtex
