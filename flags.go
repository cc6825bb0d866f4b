package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/jacobianlab/jacobianlab/core"
)

// byteSize is a flag.Value of a number of bytes, written as a whole
// number with an optional binary unit: 1048576, 512KiB, 64MiB, 1.5GiB.
type byteSize struct{ n int }

// newByteSize returns a byteSize of n bytes.
func newByteSize(n int) *byteSize { return &byteSize{n} }

// byteUnits are the units a byteSize takes, by their names.
var byteUnits = []struct {
	name string
	size float64
}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}

// String returns the size in the largest unit, e.g. "64MiB".
func (b *byteSize) String() string {
	return strings.ReplaceAll(core.FormatBytes(float64(b.n)), " ", "")
}

// Set reads a size such as 64MiB. It refuses a size that is not positive,
// has another unit, or does not fit in an int.
func (b *byteSize) Set(s string) error {
	num, unit := s, 1.0
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(s, u.name); ok {
			num, unit = strings.TrimSpace(rest), u.size
			break
		}
	}
	n, err := positive(num, unit)
	if err != nil {
		return fmt.Errorf("%q is not a size in bytes such as 1048576, 512KiB, 64MiB or 2GiB", s)
	}
	b.n = n
	return nil
}

// count is a flag.Value of a positive whole number, written in digits or in
// e-notation: 4294967296 or 1e10.
type count struct{ n int }

// newCount returns a count of n.
func newCount(n int) *count { return &count{n} }

// String returns the number in digits.
func (c *count) String() string { return strconv.Itoa(c.n) }

// Set reads a number such as 1e10.
func (c *count) Set(s string) error {
	n, err := positive(s, 1)
	if err != nil {
		return fmt.Errorf("%q is not a positive whole number such as 4294967296 or 1e10", s)
	}
	c.n = n
	return nil
}

// positive returns the number s times unit as a positive int, refusing
// what is not a number, not whole, not positive, or too large.
func positive(s string, unit float64) (int, error) {
	v, err := strconv.ParseFloat(s, 64)
	v *= unit
	if err != nil || v < 1 || v != math.Trunc(v) || v >= math.MaxInt64 {
		return 0, strconv.ErrSyntax
	}
	return int(v), nil
}

// A commandFlags is the flag set of a subcommand, with what its usage
// message says besides the flags: its usage line and what it does.
type commandFlags struct {
	set      *flag.FlagSet
	synopsis string // the usage line, without the program's name
	doc      string // what the subcommand does
}

// newCommandFlags returns an empty flag set for the subcommand name, whose
// usage line is synopsis and whose description is doc.
func newCommandFlags(name, synopsis, doc string) *commandFlags {
	set := flag.NewFlagSet(name, flag.ContinueOnError)
	set.Usage = func() {} // parse prints the usage where it belongs.
	return &commandFlags{set: set, synopsis: synopsis, doc: doc}
}

// parse parses args, refusing a flag given twice and an argument that is
// not a flag. It returns -1 to go on, or the exit status: 0 after printing
// the usage on stdout for -h, 2 after printing an error and the usage on
// stderr.
func (c *commandFlags) parse(args []string, stdout, stderr io.Writer) int {
	c.set.SetOutput(stderr)
	err := parseOnce(c.set, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		c.usage(stdout)
		return 0
	case err != nil:
		c.usage(stderr)
		return 2
	case c.set.NArg() > 0:
		return c.usageError(stderr, "unexpected argument %q", c.set.Arg(0))
	}
	return -1
}

// usageError prints a usage error and the usage on stderr, and returns 2.
func (c *commandFlags) usageError(stderr io.Writer, format string, args ...any) int {
	fmt.Fprintf(stderr, "jacobianlab %s: %s\n", c.set.Name(), fmt.Sprintf(format, args...))
	c.usage(stderr)
	return 2
}

// usage prints the usage of the subcommand on w.
func (c *commandFlags) usage(w io.Writer) {
	fmt.Fprintf(w, "Usage: jacobianlab %s\n\n%s\n\n", c.synopsis, c.doc)
	c.set.SetOutput(w)
	c.set.PrintDefaults()
}

// sources is a flag.Value of Content-Security-Policy source expressions
// separated by spaces, such as "'self' https://course.example", checked
// by checkSources.
type sources struct{ s string }

// String returns the sources as they were given.
func (v *sources) String() string { return v.s }

// Set checks and sets the sources.
func (v *sources) Set(s string) error {
	if err := checkSources(s); err != nil {
		return err
	}
	v.s = s
	return nil
}

// parseOnce parses args with set, as set.Parse does, but refuses a flag
// given a second time, which would otherwise silently replace the first
// value.
func parseOnce(set *flag.FlagSet, args []string) error {
	set.VisitAll(func(f *flag.Flag) { f.Value = &once{Value: f.Value, name: f.Name} })
	defer set.VisitAll(func(f *flag.Flag) { f.Value = f.Value.(*once).Value })
	return set.Parse(args)
}

// once is a flag.Value that can be set only once.
type once struct {
	flag.Value
	name string
	set  bool
}

// Set sets the value, or refuses if it was set before.
func (o *once) Set(s string) error {
	if o.set {
		return fmt.Errorf("-%s is given twice", o.name)
	}
	o.set = true
	return o.Value.Set(s)
}

// IsBoolFlag reports whether the flag is a boolean, which takes no value.
func (o *once) IsBoolFlag() bool {
	b, ok := o.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}
