/* Retrospect: the reader's choice of a light or dark page.
 *
 * Pages follow the system's colour scheme (`prefers-color-scheme`) until the
 * reader presses the header's "Dark theme" button. The choice is kept in
 * `localStorage` ("retrospect-theme": "light" or "dark") and applied as the
 * `data-theme` attribute of <html>, which style.css and syntax.css read.
 * Choosing the scheme the system already has forgets the choice, so the page
 * follows the system again. Without JavaScript the button stays hidden and
 * pages follow the system.
 *
 * base.html loads this script in <head>, after the `color-scheme` meta tag
 * and before the stylesheets, without `defer`: it applies a kept choice
 * before anything is drawn, then wires the button once the page is parsed. */
(function () {
  "use strict";
  var KEY = "retrospect-theme";
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;

  function systemDark() {
    return !!(media && media.matches);
  }

  function isDark() {
    var chosen = root.getAttribute("data-theme");
    return chosen ? chosen === "dark" : systemDark();
  }

  function remember(value) {
    try {
      if (value) {
        localStorage.setItem(KEY, value);
      } else {
        localStorage.removeItem(KEY);
      }
    } catch (e) {
      /* Storage refused (private mode, blocked): the choice lasts for this page. */
    }
  }

  function show(value) {
    if (value) {
      root.setAttribute("data-theme", value);
    } else {
      root.removeAttribute("data-theme");
    }
    var meta = document.querySelector('meta[name="color-scheme"]');
    if (meta) meta.content = value || "light dark";
    var dark = isDark();
    Array.prototype.forEach.call(document.querySelectorAll(".theme-toggle"), function (button) {
      button.setAttribute("aria-pressed", dark ? "true" : "false");
      button.title = dark ? "Dark theme: on" : "Dark theme: off";
    });
  }

  function choose(dark) {
    var value = dark === systemDark() ? "" : dark ? "dark" : "light";
    remember(value);
    show(value);
  }

  // Now, before the page is drawn.
  var kept = null;
  try {
    kept = localStorage.getItem(KEY);
  } catch (e) {
    /* Storage refused: no choice kept. */
  }
  if (kept === "light" || kept === "dark") show(kept);

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll(".theme-toggle"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        choose(!isDark());
      });
    });
    show(root.getAttribute("data-theme") || "");
    if (media && media.addEventListener) {
      media.addEventListener("change", function () {
        show(root.getAttribute("data-theme") || "");
      });
    }
    // Another tab of the site made a choice.
    window.addEventListener("storage", function (event) {
      if (event.key === KEY || event.key === null) {
        var value = event.newValue;
        show(value === "light" || value === "dark" ? value : "");
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
