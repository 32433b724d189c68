/* 审核工作台: keyboard shortcuts and cell focus. Progressive enhancement — every action works
   without this file (plain forms and links). No inline scripts. */
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  var findings = Array.prototype.slice.call(document.querySelectorAll("[data-finding]"));
  var current = -1;

  function focusFinding(index) {
    if (!findings.length) return;
    current = Math.max(0, Math.min(findings.length - 1, index));
    findings.forEach(function (el) { el.classList.remove("current"); });
    var el = findings[current];
    el.classList.add("current");
    el.focus();
    el.scrollIntoView({ block: "nearest" });
    highlightCells(el.getAttribute("data-finding"));
  }

  function highlightCells(id) {
    document.querySelectorAll("td.flash").forEach(function (td) { td.classList.remove("flash"); });
    var first = null;
    document.querySelectorAll("td[data-findings], mark[data-findings]").forEach(function (td) {
      if (td.getAttribute("data-findings").split(" ").indexOf(id) >= 0) {
        td.classList.add("flash");
        first = first || td;
      }
    });
    if (first) first.scrollIntoView({ block: "center", inline: "nearest" });
  }

  findings.forEach(function (el, i) {
    el.addEventListener("click", function (ev) {
      if (ev.target.closest("form, a")) return;
      focusFinding(i);
    });
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev.target)) return;
    var el = current >= 0 ? findings[current] : null;
    switch (ev.key) {
      case "j": focusFinding(current + 1); break;
      case "k": focusFinding(current - 1); break;
      case "c":
      case "x":
      case "m":
        if (!el) return;
        var control = el.querySelector('[data-key="' + ev.key + '"]');
        if (!control) return;
        if (ev.key === "c") control.click(); else control.focus();
        break;
      case "/":
        var search = document.querySelector('[data-key="/"]');
        if (!search) return;
        search.focus();
        break;
      default: return;
    }
    ev.preventDefault();
  });
})();
