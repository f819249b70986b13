// Progressive enhancement only: every page works without this file.
document.addEventListener("DOMContentLoaded", () => {
  // Move focus to the error summary so screen readers announce the form's errors first.
  const summary = document.querySelector(".portal-error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }

  // A visible counter under every text area with a length limit (the server enforces the
  // same limit). Screen readers hear it only when few characters are left.
  const norwegian = (document.documentElement.lang || "nb").startsWith("n");
  document.querySelectorAll("textarea[maxlength]").forEach((area) => {
    const max = Number(area.getAttribute("maxlength"));
    if (!max) return;
    const counter = document.createElement("p");
    counter.className = "ds-paragraph portal-counter";
    counter.dataset.size = "sm";
    const update = () => {
      const left = max - area.value.length;
      counter.textContent = norwegian
        ? `${area.value.length} av ${max} tegn`
        : `${area.value.length} of ${max} characters`;
      counter.setAttribute("aria-live", left < 100 ? "polite" : "off");
    };
    area.insertAdjacentElement("afterend", counter);
    area.addEventListener("input", update);
    update();
  });
});
