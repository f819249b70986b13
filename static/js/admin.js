// Django's two-box picker (SelectFilter2) labels its search icon with aria-label on a bare
// <span>, which assistive technology ignores (axe: aria-prohibited-attr). role="img" makes the
// label the icon's name (issue 21).
new MutationObserver(() => {
  for (const icon of document.querySelectorAll("span.help-tooltip[aria-label]:not([role])")) {
    icon.setAttribute("role", "img");
  }
}).observe(document.documentElement, { childList: true, subtree: true });
