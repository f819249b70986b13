// Table cells narrower than their longest word (issue 21), for the crawl test.
() => {
  const ctx = document.createElement('canvas').getContext('2d');
  const bad = [];
  for (const cell of document.querySelectorAll('main td, main th')) {
    const rect = cell.getBoundingClientRect();
    const head = cell.closest('thead');
    if (rect.width === 0 || rect.height <= 1 || (head && head.getBoundingClientRect().width <= 1)) continue;
    const cs = getComputedStyle(cell);
    const inner = cell.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    let longest = 0, word = '';
    while (walker.nextNode()) {
      const el = walker.currentNode.parentElement;
      const es = getComputedStyle(el);
      if (es.display === 'none' || es.visibility === 'hidden' || el.closest('.ds-sr-only')) continue;
      ctx.font = `${es.fontStyle} ${es.fontWeight} ${es.fontSize} ${es.fontFamily}`;
      const text = walker.currentNode.textContent;
      // Codes, dates and numbers (words with a digit) must not wrap at all; words of prose may
      // wrap after a hyphen («andre-linje-»), as a reader expects.
      const words = es.whiteSpace === 'nowrap' ? [text.trim()] : text.split(/\s+/);
      const pieces = words.flatMap(w => /\d/.test(w) ? [w] : w.split(/(?<=-)/));
      for (const piece of pieces) {
        const width = piece ? ctx.measureText(piece).width : 0;
        if (width > longest) { longest = width; word = piece; }
      }
    }
    if (longest > inner + 2) bad.push(`«${word}» needs ${Math.round(longest)}px in a ${Math.round(inner)}px cell`);
  }
  return bad;
}
