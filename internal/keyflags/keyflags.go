// Package keyflags gives the commands that open a lesson (the desktop app
// and jacobianlab export) the page's URL keys as flags. It is a package of
// its own so that the web app, which reads the keys from its address,
// does not link package flag.
package keyflags

import (
	"flag"
	"fmt"
	"net/url"
)

// Define defines on fs the flags of the commands that take the page's
// URL keys (the desktop app and jacobianlab export): -scene, -f, -at and
// -step, and -query for any keys at all, which the others override. The
// function it returns gives the keys they make, once fs is parsed, or an
// error for a -query that is not a query string.
func Define(fs *flag.FlagSet) func() (url.Values, error) {
	scene := fs.String("scene", "", "the `lesson`: scalar, gradient, jacobian, tensor or backprop (as the page's ?scene=)")
	f := fs.String("f", "", "the function, an `expression` such as \"sin(x)\" (as ?f=)")
	at := fs.String("at", "", "the `values` of its inputs, such as \"x = 1\" (as ?at=)")
	step := fs.String("step", "", "the `step` of the lesson's walk-through, from 0 (as ?step=)")
	extra := fs.String("query", "", "more of the page's URL keys, as a query `string` (g=cos(y)&item=softmax&N=4); the flags above win")
	return func() (url.Values, error) {
		q, err := url.ParseQuery(*extra)
		if err != nil {
			return nil, fmt.Errorf("-query %q is not a query string such as g=cos(y)&N=4: %w", *extra, err)
		}
		for k, v := range map[string]string{"scene": *scene, "f": *f, "at": *at, "step": *step} {
			if v != "" {
				q.Set(k, v)
			}
		}
		return q, nil
	}
}
