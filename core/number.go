package core

import (
	"fmt"
	"strconv"
	"strings"
)

// The one way the lessons write a number: in plain notation, a power of
// ten as × 10ⁿ with superscript digits in a text (6.9 × 10¹⁰) and as
// \times 10^{n} in a TeX formula, never in a computer's e-notation
// (6.9e+10).

// Sprintf formats as fmt.Sprintf does, but writes each float64 argument
// in plain notation, whatever its verb (%g, %e, %v, …).
func Sprintf(format string, a ...any) string { return sprintf(false, format, a) }

// TeXSprintf is Sprintf for a TeX formula's source: a power of ten is
// written \times 10^{n}.
func TeXSprintf(format string, a ...any) string { return sprintf(true, format, a) }

func sprintf(tex bool, format string, a []any) string {
	b := make([]any, len(a))
	for i, v := range a {
		if f, ok := v.(float64); ok {
			v = plain{f, tex}
		}
		b[i] = v
	}
	return fmt.Sprintf(format, b...)
}

// Float writes v with the given significant digits in plain notation.
func Float(v float64, digits int) string {
	return plainText(strconv.FormatFloat(v, 'g', digits, 64), false)
}

// plain is a number that formats itself in plain notation.
type plain struct {
	v   float64
	tex bool
}

// Format implements fmt.Formatter: the number as the verb, flags and
// precision write it, its exponent rewritten, then padded to the width.
func (p plain) Format(f fmt.State, verb rune) {
	spec := "%"
	for _, c := range "+ #0" {
		if f.Flag(int(c)) {
			spec += string(c)
		}
	}
	if prec, ok := f.Precision(); ok {
		spec += "." + strconv.Itoa(prec)
	}
	s := plainText(fmt.Sprintf(spec+string(verb), p.v), p.tex)
	if w, ok := f.Width(); ok {
		if pad := w - len([]rune(s)); pad > 0 {
			if f.Flag('-') {
				s += strings.Repeat(" ", pad)
			} else {
				s = strings.Repeat(" ", pad) + s
			}
		}
	}
	f.Write([]byte(s))
}

// plainText rewrites a number formatted by strconv or fmt, such as
// 6.9e+10, in plain notation.
func plainText(s string, tex bool) string {
	i := strings.IndexAny(s, "eE")
	if i < 0 || strings.ContainsAny(s, "nN") { // no exponent, or NaN, Inf
		return s
	}
	n, err := strconv.Atoi(s[i+1:])
	if err != nil {
		return s
	}
	m := s[:i]
	if tex {
		return m + ` \times 10^{` + strconv.Itoa(n) + `}`
	}
	return m + " × 10" + Superscript(n)
}

// Superscript writes n in superscript digits, with a superscript minus
// when negative: 10 and Superscript(-3) make 10⁻³.
func Superscript(n int) string {
	sup := []rune("⁰¹²³⁴⁵⁶⁷⁸⁹")
	var b strings.Builder
	if n < 0 {
		b.WriteRune('⁻')
		n = -n
	}
	for _, c := range strconv.Itoa(n) {
		b.WriteRune(sup[c-'0'])
	}
	return b.String()
}
