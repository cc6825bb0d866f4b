package scenes

import (
	"bytes"
	"fmt"
	"html"
	"image"
	"image/png"
	"math"
	"net/url"
	"slices"
	"strings"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/jacobianlab/jacobianlab/scenes/figure"
	"github.com/jacobianlab/jacobianlab/viz"
)

// The Share menu. The Share button at the tab bar's right end, or S,
// opens a menu of what can be taken away from the lesson on show: its
// link, an iframe to embed it, a picture of the canvas, its main figure
// as SVG or PDF (package figure, the same as the export command's), and
// its formula as LaTeX. The arrows, Tab and Shift+Tab go through the
// menu, Enter or Space picks an item, and Escape or a press beside the
// menu closes it. Where the texts go and the files are saved is the
// host's: see Sharer.

// Sharer carries out the Share menu's actions where the app runs: in the
// browser, with its clipboard and downloads; on the desktop, with files.
type Sharer interface {
	// Address returns the link that opens the app with the URL query.
	Address(query string) string
	// Copy puts text, which what names ("the link"), on the clipboard, or
	// shows it to be copied where the clipboard is refused.
	Copy(what, text string) (notice string)
	// Save saves data, of the MIME type, as a file named name.
	Save(name, mime string, data []byte) (notice string)
}

// The Share menu's items, in its order.
const (
	shareLink = iota
	shareEmbed
	sharePicture
	shareSVG
	sharePDF
	shareTeX
	shareItems
)

// shareLabels are the items' labels.
var shareLabels = [shareItems]string{"Copy link", "Copy embed code", "Save picture", "Save figure (SVG)", "Save figure (PDF)", "Copy LaTeX"}

// shareLabel is the Share button's label.
const shareLabel = "Share"

// Sizes of the Share menu, in CSS pixels.
const (
	shareW   = 240 // its width
	shareRow = 44  // an item's height: a finger's press
	shareGap = 4   // between items, and its margin inside
)

// shareMenu is the open Share menu and what it is about to do.
type shareMenu struct {
	open    bool
	ui      *viz.UI
	items   [shareItems]*viz.Button
	rect    image.Rectangle
	picture bool // Save picture was picked: the next frame is saved
}

// newShareMenu returns the closed menu.
func newShareMenu() shareMenu {
	var s shareMenu
	s.ui = viz.NewUI()
	for i, l := range shareLabels {
		s.items[i] = &viz.Button{Label: l}
		s.ui.Add(s.items[i])
	}
	return s
}

// toggleShare opens the Share menu, with the focus on its first item, or
// closes it, with the focus back on the Share button.
func (m *Manager) toggleShare() {
	sh := &m.share
	sh.open = !sh.open
	m.help.open, m.menuOpen = false, false
	if sh.open {
		m.clearFocus()
		sh.ui.Focus(sh.items[0])
		return
	}
	sh.ui.Focus(nil)
	m.ui.Focus(m.shareButton)
}

// placeShare places the open menu's items under the Share button, inside
// the screen.
func (m *Manager) placeShare() {
	s := m.scale
	w := int(math.Min(shareW*s, float64(m.w)-2*shareGap*s))
	x1 := min(m.shareButton.Rect.Max.X, m.w-int(shareGap*s))
	x0 := max(x1-w, 0)
	y := int(tabHeight * s)
	pad, row := int(shareGap*s), int(shareRow*s)
	for i, b := range m.share.items {
		top := y + pad + i*(row+pad)
		b.Rect = image.Rect(x0+pad, top, x1-pad, top+row)
	}
	m.share.rect = image.Rect(x0, y, x1, y+pad+len(m.share.items)*(row+pad))
}

// updateShare runs the Share menu for a tick: S opens it, the arrows move
// through it, Escape or a press beside it closes it, and a picked item is
// carried out. It runs before the tab bar's controls, which a press on the
// menu does not reach.
func (m *Manager) updateShare() {
	in := &m.in
	sh := &m.share
	if m.help.open && sh.open {
		sh.open = false // ? opened the Help panel over the menu
		sh.ui.Focus(nil)
	}
	if _, typing := m.focused().(*viz.TextField); !typing && slices.ContainsFunc(in.Chars, isShareKey) {
		in.Chars = slices.DeleteFunc(in.Chars, isShareKey)
		m.toggleShare()
	}
	if !sh.open {
		return
	}
	m.placeShare()
	switch {
	case in.TakePress(ebiten.KeyEscape):
		m.toggleShare()
		return
	case in.Take(ebiten.KeyArrowDown):
		if !sh.ui.MoveFocus(false) {
			sh.ui.Focus(sh.items[0])
		}
	case in.Take(ebiten.KeyArrowUp):
		if !sh.ui.MoveFocus(true) {
			sh.ui.Focus(sh.items[len(sh.items)-1])
		}
	}
	sh.ui.Update(in)
	p := &in.Pointer
	at := image.Pt(int(p.X), int(p.Y))
	if p.Pressed && !at.In(sh.rect) && !at.In(viz.HitRect(m.shareButton.Rect, m.scale)) {
		m.toggleShare() // a press beside the menu closes it
		p.Pressed = false
		return
	}
	if at.In(sh.rect) {
		p.Pressed = false // the menu's, not the bar's
	}
	for i, b := range sh.items {
		if b.Clicked() {
			m.toggleShare()
			m.shareItem(i)
			return
		}
	}
}

// isShareKey reports whether r is the key that opens the Share menu.
func isShareKey(r rune) bool { return r == 's' || r == 'S' }

// shareItem carries out the Share menu's item i.
func (m *Manager) shareItem(i int) {
	if m.Share == nil {
		m.notice = joinNotices(m.notice, "Sharing is not available here.")
		return
	}
	q := m.address()
	say := ""
	switch i {
	case shareLink:
		say = m.Share.Copy("link", m.Share.Address(q.Encode()))
	case shareEmbed:
		say = m.Share.Copy("embed code", m.embedCode(q))
	case sharePicture:
		m.share.picture = true // at the end of the next frame, without the menu
	case shareSVG, sharePDF, shareTeX:
		fig, err := figure.FromQuery(m.figureKeys(q))
		if err != nil {
			m.notice = joinNotices(m.notice, "No figure: "+err.Error())
			return
		}
		if i == shareTeX {
			say = m.Share.Copy("LaTeX", m.shownTeX(fig))
			break
		}
		format, mime := figure.SVG, "image/svg+xml"
		if i == sharePDF {
			format, mime = figure.PDF, "application/pdf"
		}
		var buf bytes.Buffer
		if err := fig.Write(&buf, format, figure.DefaultWidth, figure.DefaultHeight); err != nil {
			m.notice = joinNotices(m.notice, "No figure: "+err.Error())
			return
		}
		say = m.Share.Save("jacobianlab-"+m.id+"."+format, mime, buf.Bytes())
	}
	m.notice = joinNotices(m.notice, say)
}

// embedCode returns an iframe that embeds the lesson of the keys q: its
// title names the lesson, it loads when scrolled to, and its CSS aspect
// ratio is the canvas's, so that an editor that drops width and height
// keeps its shape. It leaves out the parent key, which names the host
// page of this view, not of the page the code goes into.
func (m *Manager) embedCode(q url.Values) string {
	q = cloneKeys(q)
	q.Set("embed", "1")
	q.Del("parent") // the host that embeds this page is not the one the code is for
	lesson := m.id
	if e, ok := lookup(m.id); ok {
		lesson = e.Title
	}
	w, h := int(math.Round(float64(m.w)/m.scale)), int(math.Round(float64(m.h)/m.scale))
	if w < 1 || h < 1 {
		w, h = 3, 2
	}
	return fmt.Sprintf(`<iframe src="%s" title="%s" loading="lazy" allow="fullscreen" style="width:100%%;aspect-ratio:%d/%d;border:0"></iframe>`,
		html.EscapeString(m.Share.Address(q.Encode())), html.EscapeString("Jacobian Lab: "+lesson), w, h)
}

// cloneKeys returns a copy of q.
func cloneKeys(q url.Values) url.Values {
	c := make(url.Values, len(q))
	for k, v := range q {
		c[k] = slices.Clone(v)
	}
	return c
}

// figureKeys returns the keys q with the lesson's function and its values
// added when they lack them, as a gallery item's link does.
func (m *Manager) figureKeys(q url.Values) url.Values {
	if q.Get("f") != "" {
		return q
	}
	type functioner interface{ functionKeys() url.Values }
	if l, ok := m.scene.(functioner); ok {
		q = cloneKeys(q)
		k := l.functionKeys()
		q.Set("f", k.Get("f"))
		q.Set("at", k.Get("at"))
	}
	return q
}

// functionKeys returns the keys f and at of the lesson's function as it
// is compiled.
func (l *lesson) functionKeys() url.Values { return l.link(l.fn(0).Prog.Inputs()) }

// shownTeX returns the formulas the last frame drew, a line each, or the
// figure's formula when it drew none.
func (m *Manager) shownTeX(fig *figure.Figure) string {
	var lines []string
	for _, d := range m.layout {
		if d.Kind == viz.DrawnFormula && d.Text != "" {
			lines = append(lines, d.Text)
		}
	}
	if len(lines) == 0 {
		return fig.TeX
	}
	return strings.Join(lines, "\n")
}

// drawShare draws the open Share menu.
func (m *Manager) drawShare(screen *ebiten.Image) {
	if !m.share.open {
		return
	}
	viz.FillRect(screen, m.share.rect, viz.Th().Panel)
	viz.StrokeRect(screen, m.share.rect, m.scale, viz.Th().Border)
	m.share.ui.Draw(screen)
}

// savePicture saves the frame just drawn as a PNG, at the screen's
// resolution, when Save picture was picked.
func (m *Manager) savePicture(screen *ebiten.Image) {
	if !m.share.picture || m.Share == nil {
		return
	}
	m.share.picture = false
	img := image.NewRGBA(screen.Bounds())
	screen.ReadPixels(img.Pix)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		m.notice = joinNotices(m.notice, "The picture could not be made: "+err.Error())
		return
	}
	m.notice = joinNotices(m.notice, m.Share.Save("jacobianlab-"+m.id+".png", "image/png", buf.Bytes()))
}
