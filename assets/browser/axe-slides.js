// Run axe-core on every slide of a reveal.js deck and in every fragment state; resolves to the violations found,
// one entry per slide, rule and element (the deck must be loaded with axe injected).
async ({tags}) => {
  const found = new Map();
  const slides = Reveal.getSlides();
  for (const [index, slide] of slides.entries()) {
    if (slide.querySelector(':scope > section')) continue;  // a vertical stack: its children are checked
    const {h, v} = Reveal.getIndices(slide);
    const states = slide.querySelectorAll('.fragment').length;
    for (let fragment = -1; fragment < states; fragment++) {
      Reveal.slide(h, v, fragment);
      const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
      for (const rule of result.violations) {
        for (const node of rule.nodes) {
          const target = node.target.join(' ');
          const key = `${index}|${rule.id}|${target}`;
          if (!found.has(key)) {
            found.set(key, {slide: index + 1, fragment, rule: rule.id, impact: node.impact || rule.impact,
                            help: rule.help, target, summary: (node.failureSummary || '').split('\n').slice(0, 2).join(' ')});
          }
        }
      }
    }
  }
  Reveal.slide(0, 0);
  return [...found.values()];
}
