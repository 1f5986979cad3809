// Confirmation before destructive or final actions: forms marked data-confirm ask first.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// On narrow screens the main navigation folds behind a "Menu" button (a real button, so it
// works with the keyboard and screen readers). Without JavaScript the navigation stays open.
(function () {
  var button = document.querySelector(".menu-toggle");
  var nav = document.getElementById("main-nav");
  if (!button || !nav || !window.matchMedia) {
    return;
  }
  var narrow = window.matchMedia("(max-width: 48rem)");
  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    nav.classList.toggle("collapsed", !open);
  }
  function fit() {
    button.hidden = !narrow.matches;
    setOpen(!narrow.matches);
  }
  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });
  if (narrow.addEventListener) {
    narrow.addEventListener("change", fit);
  }
  fit();
})();

// A table wider than the screen scrolls inside its wrapper; keyboard users must be able to
// reach and scroll it too, so a wrapper that overflows becomes a focusable, named region.
(function () {
  function mark() {
    document.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.querySelector("caption");
        var name = caption ? caption.textContent.trim() : document.title;
        wrap.setAttribute("aria-label", name);
      } else if (wrap.getAttribute("tabindex") === "0") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    });
  }
  mark();
  window.addEventListener("resize", mark);
  document.addEventListener("toggle", mark, true);
})();
