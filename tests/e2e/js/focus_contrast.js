// Focus rings under 3:1 against the background they are drawn on, for the crawl test.
() => {
  const parse = c => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 0]; };
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = el => {
    for (let e = el.parentElement; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.length < 4 || c[3] > 0.5) return c;
    }
    return [255, 255, 255];
  };
  const bad = [];
  // The first visible, enabled element of each kind (a form in a closed <details> has none).
  const first = selector => [...document.querySelectorAll(selector)]
    .find(el => !el.disabled && el.checkVisibility({ visibilityProperty: true }));
  const targets = [
    'header a[href]', 'header button', 'main a[href]', 'main button',
    'main input:not([type=hidden]), main select, main textarea',
  ].map(first).filter(Boolean);
  for (const el of targets) {
    el.focus();
    if (document.activeElement !== el) { bad.push(`${el.tagName}: cannot take focus`); continue; }
    const cs = getComputedStyle(el);
    if (cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) < 2) { bad.push(`${el.tagName}: no outline`); continue; }
    const r = ratio(parse(cs.outlineColor), background(el));
    if (r < 3) bad.push(`${el.tagName} «${(el.textContent || el.name || '').trim().slice(0, 30)}»: ${r.toFixed(2)}:1`);
  }
  return bad;
}
