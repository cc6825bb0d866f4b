//go:build js

package main

import (
	"syscall/js"
)

// webSharer carries out the Share menu's actions in the browser: texts go
// to the clipboard, or, where the page may not write it (an iframe without
// the clipboard-write permission), into a box on the page to copy from;
// files are downloads. It says what happened in a live region of its own,
// #share-status, for screen readers.
type webSharer struct{}

// Address implements scenes.Sharer: the page's address with the query.
func (webSharer) Address(query string) string {
	u := js.Global().Get("URL").New(js.Global().Get("location").Get("href"))
	u.Set("search", "?"+query)
	u.Set("hash", "")
	return u.Call("toString").String()
}

// Copy implements scenes.Sharer.
func (w webSharer) Copy(what, text string) string {
	clip := js.Global().Get("navigator").Get("clipboard")
	if !clip.Truthy() || !clip.Get("writeText").Truthy() {
		showText(what, text)
		return ""
	}
	var ok, refused js.Func
	release := func() { ok.Release(); refused.Release() }
	ok = js.FuncOf(func(js.Value, []js.Value) any {
		release()
		announce("The " + what + " is copied.")
		return nil
	})
	refused = js.FuncOf(func(js.Value, []js.Value) any {
		release()
		showText(what, text)
		return nil
	})
	clip.Call("writeText", text).Call("then", ok, refused)
	return ""
}

// Save implements scenes.Sharer: a download of the data.
func (webSharer) Save(name, mime string, data []byte) string {
	g := js.Global()
	buf := g.Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(buf, data)
	opts := g.Get("Object").New()
	opts.Set("type", mime)
	blob := g.Get("Blob").New([]any{buf}, opts)
	url := g.Get("URL").Call("createObjectURL", blob)
	doc := g.Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	a.Get("style").Set("display", "none")
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		g.Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	g.Call("setTimeout", revoke, 60000)
	announce(name + " is saved to your downloads.")
	return ""
}

// announce says msg in the live region #share-status, which it adds to
// the page the first time.
func announce(msg string) {
	doc := js.Global().Get("document")
	st := doc.Call("getElementById", "share-status")
	if !st.Truthy() {
		st = doc.Call("createElement", "div")
		st.Set("id", "share-status")
		st.Call("setAttribute", "role", "status")
		st.Set("className", "visually-hidden")
		doc.Get("body").Call("appendChild", st)
	}
	st.Set("textContent", msg)
}

// showText shows text in a box on the page, selected, to be copied by
// hand, with a button that closes it (as Escape does).
func showText(what, text string) {
	doc := js.Global().Get("document")
	if old := doc.Call("getElementById", "share-text"); old.Truthy() {
		old.Call("remove")
	}
	box := doc.Call("createElement", "div")
	box.Set("id", "share-text")
	box.Call("setAttribute", "role", "dialog")
	box.Call("setAttribute", "aria-label", "Copy the "+what)
	box.Get("style").Set("cssText", "position:fixed;left:50%;top:64px;transform:translateX(-50%);z-index:3;"+
		"width:min(520px,calc(100vw - 32px));box-sizing:border-box;padding:16px;background:#fff;color:#1b1f24;"+
		"border:1px solid #5f6770;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.2);font:16px sans-serif")
	p := doc.Call("createElement", "p")
	p.Set("textContent", "This page may not use the clipboard. Copy the "+what+" from here:")
	p.Get("style").Set("cssText", "margin:0 0 8px")
	area := doc.Call("createElement", "textarea")
	area.Set("readOnly", true)
	area.Set("value", text)
	area.Set("rows", 4)
	area.Call("setAttribute", "aria-label", "The "+what)
	area.Get("style").Set("cssText", "width:100%;box-sizing:border-box;font:14px monospace")
	closeBtn := doc.Call("createElement", "button")
	closeBtn.Set("type", "button")
	closeBtn.Set("textContent", "Close")
	closeBtn.Get("style").Set("cssText", "margin-top:8px;min-height:44px;min-width:88px;font:16px sans-serif")
	box.Call("append", p, area, closeBtn)
	var onClose, onKey js.Func
	shut := func() {
		box.Call("remove")
		onClose.Release()
		onKey.Release()
		if c := doc.Call("querySelector", "canvas"); c.Truthy() {
			c.Call("focus")
		}
	}
	onClose = js.FuncOf(func(js.Value, []js.Value) any { shut(); return nil })
	onKey = js.FuncOf(func(_ js.Value, args []js.Value) any {
		if len(args) > 0 && args[0].Get("key").String() == "Escape" {
			shut()
		}
		return nil
	})
	closeBtn.Call("addEventListener", "click", onClose)
	box.Call("addEventListener", "keydown", onKey)
	doc.Get("body").Call("appendChild", box)
	area.Call("focus")
	area.Call("select")
	announce("The " + what + " is in a box on the page, selected, to copy.")
}
