/* Retrospect: sortable tables, as progressive enhancement.
 *
 * Tables marked `data-sortable` get a button in each column header; a cell's
 * `data-sort` attribute, when present, is the value sorted on (ISO dates,
 * numbers, status ranks), else its text. Numbers sort as numbers. The
 * current order is announced through `aria-sort` on the header cell. Without
 * JavaScript the tables read exactly the same, in the order the site built. */
(function () {
  "use strict";
  if (!document.querySelectorAll || !Array.prototype.forEach) return;

  var collator = window.Intl && Intl.Collator
    ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" })
    : null;

  function key(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var value = cell.getAttribute("data-sort");
    return value !== null ? value : (cell.textContent || "").trim();
  }

  function compare(a, b) {
    var x = Number(a), y = Number(b);
    if (a !== "" && b !== "" && !isNaN(x) && !isNaN(y)) return x - y;
    return collator ? collator.compare(a, b) : (a < b ? -1 : a > b ? 1 : 0);
  }

  function setup(table) {
    var head = table.tHead;
    var body = table.tBodies[0];
    if (!head || !body || !head.rows.length || body.rows.length < 2) return;
    var headers = Array.prototype.slice.call(head.rows[0].cells);
    var original = Array.prototype.slice.call(body.rows);

    headers.forEach(function (th, index) {
      var label = th.textContent.trim();
      if (!label) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort-button";
      while (th.firstChild) button.appendChild(th.firstChild);
      var indicator = document.createElement("span");
      indicator.className = "sort-indicator";
      indicator.setAttribute("aria-hidden", "true");
      indicator.textContent = "\u2195";
      button.appendChild(indicator);
      th.appendChild(button);

      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var direction = current === "ascending" ? "descending"
          : current === "descending" ? "none" : "ascending";
        headers.forEach(function (other) {
          other.removeAttribute("aria-sort");
          var i = other.querySelector(".sort-indicator");
          if (i) i.textContent = "\u2195";
        });
        var rows;
        if (direction === "none") {
          rows = original.slice();
        } else {
          var sign = direction === "ascending" ? 1 : -1;
          rows = original
            .map(function (row, position) { return { row: row, key: key(row, index), position: position }; })
            .sort(function (a, b) { return sign * compare(a.key, b.key) || a.position - b.position; })
            .map(function (item) { return item.row; });
          th.setAttribute("aria-sort", direction);
          indicator.textContent = direction === "ascending" ? "\u2191" : "\u2193";
        }
        var fragment = document.createDocumentFragment();
        rows.forEach(function (row) { fragment.appendChild(row); });
        body.appendChild(fragment);
      });
    });

    var caption = table.caption;
    if (caption) {
      var hint = document.createElement("span");
      hint.className = "visually-hidden";
      hint.textContent = " Column headers are buttons that sort the table.";
      caption.appendChild(hint);
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
