//go:build js

package main

import (
	"encoding/json"
	"net/url"
	"syscall/js"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes"
)

// host is the web page: it supplies the URL's query and exposes
// window.jacobianlab. Only the files named *_js.go touch syscall/js.
type host struct {
	q   url.Values
	api js.Value
}

func newHost() (*host, error) {
	mark("main")
	loc := js.Global().Get("location").Get("search").String()
	q, err := url.ParseQuery(trimQuestion(loc))
	if err != nil {
		// A malformed query still opens the default scene.
		q = url.Values{}
	}
	return &host{q: q}, nil
}

// mark records in window.jacobianlab.timing when a stage of start-up ended,
// in milliseconds since navigation (the loader records the earlier ones).
func mark(stage string) {
	api := js.Global().Get("jacobianlab")
	if t := api.Get("timing"); t.Truthy() {
		t.Set(stage, int(js.Global().Get("performance").Call("now").Float()))
	}
}

func trimQuestion(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

func (h *host) query() url.Values { return h.q }

// attach exposes window.jacobianlab for m and returns the game to run.
// Every callback recovers from panics, returns at once and never waits for
// the game loop.
func (h *host) attach(m *scenes.Manager) ebiten.Game {
	api := js.Global().Get("jacobianlab")
	if api.IsUndefined() || api.IsNull() {
		api = js.Global().Get("Object").New()
		js.Global().Set("jacobianlab", api)
	}
	m.Share = webSharer{}
	h.api = api
	api.Set("ready", false)
	jsonParse := js.Global().Get("JSON").Get("parse")
	fn := func(f func(args []js.Value) any) js.Func {
		return js.FuncOf(func(_ js.Value, args []js.Value) (ret any) {
			defer func() {
				if r := recover(); r != nil {
					ret = js.Global().Get("Error").New("jacobianlab: internal error")
				}
			}()
			return f(args)
		})
	}
	api.Set("state", fn(func([]js.Value) any {
		return jsonParse.Invoke(string(m.State()))
	}))
	api.Set("layout", fn(func([]js.Value) any {
		return jsonParse.Invoke(string(m.Drawn()))
	}))
	api.Set("setScene", fn(func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeString {
			m.Request(args[0].String())
		}
		return nil
	}))
	api.Set("perf", fn(func([]js.Value) any {
		b, _ := json.Marshal(m.Perf())
		return jsonParse.Invoke(string(b))
	}))
	api.Set("resetPerf", fn(func([]js.Value) any {
		m.ResetPerf()
		return nil
	}))
	slice := js.Global().Get("String").Get("prototype").Get("slice")
	api.Set("setField", fn(func(args []js.Value) any {
		if len(args) > 1 && args[0].Type() == js.TypeString && args[1].Type() == js.TypeString {
			// Only as much of the text as can be a function, and one
			// character more: the field refuses a longer one and says
			// why. A UTF-16 unit is at least one byte of UTF-8.
			text := slice.Call("call", args[1], 0, scenes.FieldTextLimit+1).String()
			m.SetField(args[0].String(), text, len(args) > 2 && args[2].Truthy())
		}
		return nil
	}))
	api.Set("scrollField", fn(func(args []js.Value) any {
		if len(args) > 1 && args[0].Type() == js.TypeString && args[1].Type() == js.TypeNumber {
			m.ScrollField(args[0].String(), args[1].Float())
		}
		return nil
	}))
	api.Set("moveFocus", fn(func(args []js.Value) any {
		return m.MoveFocus(len(args) > 0 && args[0].Truthy())
	}))
	api.Set("clearFocus", fn(func([]js.Value) any {
		m.ClearFocus()
		return nil
	}))
	api.Set("enterFocus", fn(func(args []js.Value) any {
		m.EnterFocus(len(args) > 0 && args[0].Truthy())
		return nil
	}))
	api.Set("parent", m.Parent())
	api.Set("set", fn(func(args []js.Value) any {
		if len(args) == 0 || args[0].Type() != js.TypeObject {
			return false
		}
		var done func()
		if len(args) > 1 && args[1].Type() == js.TypeFunction {
			cb := args[1]
			done = func() { cb.Invoke() }
		}
		m.Apply(keysOf(args[0]), done)
		return true
	}))
	listenForMotion(m, fn)
	mark("attached")
	doc := js.Global().Get("document")
	canvas := doc.Call("querySelector", "canvas")
	// The canvas comes after the page's inputs in the Tab order, not
	// first, as Ebiten's tabindex 1 would put it.
	canvas.Call("setAttribute", "tabindex", 0)
	canvas.Call("setAttribute", "role", "application")
	canvas.Call("setAttribute", "aria-label", canvasLabel(""))
	// dispatch fires the event name on the document with detail.
	dispatch := func(name string, detail any) {
		doc.Call("dispatchEvent", js.Global().Get("CustomEvent").New(name, map[string]any{"detail": detail}))
	}
	// The inputs' font is added with the first fields, after the first
	// frame (see scenes.Manager.OnFields).
	fontAdded := false
	m.OnFields = func(fields []scenes.FieldView) {
		if !fontAdded {
			fontAdded = true
			loadFont()
		}
		dispatch("jacobianlab-fields", fieldsValue(fields))
	}
	m.OnFirstFrame = func() {
		api.Set("ready", true)
		js.Global().Get("document").Call("dispatchEvent", js.Global().Get("Event").New("jacobianlab-ready"))
	}
	// The description goes into the page's live region, a paragraph
	// each: a screen reader announces the paragraphs whose text changed.
	desc := js.Global().Get("document").Call("getElementById", "description")
	m.OnDescribe = func(paragraphs []string) {
		if !desc.Truthy() {
			return
		}
		ps := desc.Get("children")
		for ps.Length() > len(paragraphs) {
			desc.Call("removeChild", desc.Get("lastElementChild"))
		}
		for i, text := range paragraphs {
			if i == ps.Length() {
				desc.Call("appendChild", js.Global().Get("document").Call("createElement", "p"))
			}
			if p := ps.Index(i); p.Get("textContent").String() != text {
				p.Set("textContent", text)
			}
		}
	}
	m.OnLink = func(query string) {
		u := js.Global().Get("URL").New(js.Global().Get("location").Get("href"))
		u.Set("search", "?"+query)
		// In an iframe sandboxed without allow-same-origin, whose origin
		// is opaque, the browser may refuse: the address then stays as
		// it was, and the lesson goes on.
		tryCall(js.Global().Get("history"), "replaceState", nil, "", u.Call("toString"))
		changed()
	}
	describe := m.OnDescribe
	m.OnDescribe = func(paragraphs []string) {
		describe(paragraphs)
		changed()
	}
	// The page is told of the lesson on show: the canvas is named after
	// it, and web/messages.js and web/controls.js take the height it
	// would like and where the wheel goes to it.
	m.OnPage = func(p scenes.Page) {
		if label := canvasLabel(p.Lesson); canvas.Call("getAttribute", "aria-label").String() != label {
			canvas.Call("setAttribute", "aria-label", label)
		}
		dispatch("jacobianlab-page", pageValue(p))
	}
	return &timedGame{Manager: m}
}

// timedGame is the manager with the end of its first tick marked in
// window.jacobianlab.timing as "update": the stage between the Go
// program's start and the first frame that the lesson's own work fills.
// Each of its ticks first checks that Ebiten draws at the page's pixel
// ratio (followPixelRatio).
type timedGame struct {
	*scenes.Manager
	ticked bool
}

// Update implements ebiten.Game.
func (g *timedGame) Update() error {
	followPixelRatio()
	err := g.Manager.Update()
	if !g.ticked {
		g.ticked = true
		mark("update")
	}
	return err
}

// tryCall calls the method of v with args, and lets it throw: the
// browser's storage and history throw in a page whose origin is opaque,
// and the app goes on without them.
func tryCall(v js.Value, method string, args ...any) {
	defer func() {
		if r := recover(); r != nil {
			if _, thrown := r.(js.Error); !thrown {
				panic(r)
			}
		}
	}()
	v.Call(method, args...)
}

// canvasLabel returns the canvas's accessible name with the lesson on
// show.
func canvasLabel(lesson string) string {
	if lesson == "" {
		lesson = "a lesson"
	}
	return "Jacobian Lab, " + lesson + ": the lesson's pictures and controls (Tab moves between them; ? lists the keys)"
}

// changed tells the page that what state() says may have changed: the
// address or the description did. web/messages.js then compares state()
// with what it last sent the host page, a few times a second at most.
func changed() {
	js.Global().Get("document").Call("dispatchEvent", js.Global().Get("Event").New("jacobianlab-change"))
}

// maxKeys is the most keys a host page's set may hold.
const maxKeys = 64

// keysOf returns the string-valued keys of the object o as URL keys; the
// page (web/messages.js) has turned numbers and booleans into strings and
// checked the size.
func keysOf(o js.Value) url.Values {
	q := url.Values{}
	entries := js.Global().Get("Object").Call("entries", o)
	for i := range min(entries.Length(), maxKeys) {
		kv := entries.Index(i)
		if k, v := kv.Index(0), kv.Index(1); v.Type() == js.TypeString {
			q.Set(k.String(), v.String())
		}
	}
	return q
}

// listenForMotion tells m whether the reader's system asks for reduced
// motion and for a dark colour scheme, now and whenever the settings
// change.
func listenForMotion(m *scenes.Manager, fn func(func([]js.Value) any) js.Func) {
	match := js.Global().Get("matchMedia")
	if match.Type() != js.TypeFunction {
		return
	}
	for query, set := range map[string]func(bool){
		"(prefers-reduced-motion: reduce)": m.SetReducedMotion,
		"(prefers-color-scheme: dark)":     m.SetSystemDark,
	} {
		mq := js.Global().Call("matchMedia", query)
		set(mq.Get("matches").Truthy())
		mq.Call("addEventListener", "change", fn(func(args []js.Value) any {
			set(args[0].Get("matches").Truthy())
			return nil
		}))
	}
}

// loadFont adds the font the canvas draws its text in to the page, for the
// inputs over the text fields: Liberation Sans, which the app carries
// already, so that their text lies exactly where the canvas's error mark
// expects it on every system, phones included (web/controls.js).
func loadFont() {
	ctor := js.Global().Get("FontFace")
	if ctor.IsUndefined() {
		return // the inputs fall back to fonts of the same metrics
	}
	buf := js.Global().Get("Uint8Array").New(len(liberationsansregular.TTF))
	js.CopyBytesToJS(buf, liberationsansregular.TTF)
	face := ctor.New("Jacobian Lab Sans", buf.Get("buffer"))
	js.Global().Get("document").Get("fonts").Call("add", face)
}
