// For each slide of a reveal.js deck, every fragment shown: how far its content goes past the canvas, the code
// blocks and outputs cut on the right, and its smallest text in canvas px (HTML text, SVG text inside the page,
// and the text of figures embedded as images, from the data-font / data-width the build writes on them).
() => {
  const height = Reveal.getConfig().height, found = [];
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  Reveal.getSlides().forEach((slide, index) => {
    if (slide.querySelector(':scope > section')) return;  // a vertical stack: its children are measured
    Reveal.slide(...Object.values(Reveal.getIndices(slide)).slice(0, 2));
    slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    const top = slide.getBoundingClientRect().top, scale = Reveal.getScale();
    let bottom = 0, smallest = {size: Infinity, text: ''};
    const consider = (size, text) => { if (size < smallest.size) smallest = {size, text: text.trim().slice(0, 60)}; };
    slide.querySelectorAll('*').forEach(el => {
      if (el.closest('aside.notes, .live-toolbar')) return;
      const box = el.getBoundingClientRect();
      if (box.width && box.height) { bottom = Math.max(bottom, (box.bottom - top) / scale); }
      if (!visible(el)) return;
      const own = [...el.childNodes].filter(n => n.nodeType === 3 && n.textContent.replace(/[\s\u200b]/g, '')).map(n => n.textContent).join(' ');
      if (own) {
        const size = parseFloat(getComputedStyle(el).fontSize);
        const m = el instanceof SVGElement ? el.getScreenCTM() : null;
        const zoom = m ? Math.hypot(m.a, m.b) / scale : 1;  // rotated text too
        consider(size * zoom, own);
      }
      if (el.tagName === 'IMG' && el.dataset.font && el.dataset.width) {
        consider(parseFloat(el.dataset.font) * (box.width / scale) / parseFloat(el.dataset.width), el.alt || 'figure');
      }
    });
    const cut = [...slide.querySelectorAll('pre, .jp-OutputArea-output, table')]
      .filter(el => !el.closest('aside.notes') && el.scrollWidth > el.clientWidth + 2).length;
    found.push({index: index + 1, bottom: Math.round(bottom), height: height, cut: cut,
                smallest: Math.round(smallest.size * 10) / 10, smallestText: smallest.text,
                title: (slide.querySelector('h1,h2,h3') || {}).textContent || ''});
  });
  Reveal.slide(0, 0);
  return found;
}
