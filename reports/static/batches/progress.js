/* Bulk import progress page (templates/batches/progress.html): refresh counts and rows from
   progress.json every second until every file is settled. Text only, never HTML. */
(function () {
  "use strict";
  var root = document.getElementById("batch");
  var url = root.dataset.progressUrl;
  var assignTemplate = null;  // the server-rendered assign form, cloned for rows that need one
  var firstAssign = root.querySelector("form.batch-assign");
  if (firstAssign) { assignTemplate = firstAssign.cloneNode(true); }

  function setText(el, text) { if (el && el.textContent !== String(text)) { el.textContent = text; } }

  function renderRow(row, item) {
    var status = row.querySelector(".batch-status");
    status.className = "batch-status batch-status-" + item.status;
    setText(status, item.status_label);
    setText(row.querySelector(".batch-agency"), item.agency ? item.agency + " · " + item.year : "");
    var message = row.querySelector(".batch-message");
    var hasForm = message.querySelector("form.batch-assign");
    if (item.status === "unmatched") {
      if (!hasForm && assignTemplate) {
        message.textContent = item.message;
        var form = assignTemplate.cloneNode(true);
        form.action = item.assign_url;
        message.appendChild(form);
      }
    } else {
      setText(message, item.message);
    }
  }

  function render(data) {
    var fill = document.getElementById("batch-bar-fill");
    fill.style.width = data.percent + "%";
    document.getElementById("batch-bar").setAttribute("aria-valuenow", data.percent);
    setText(document.getElementById("batch-percent"), data.percent + " %");
    setText(document.getElementById("batch-settled"), data.settled);
    document.getElementById("batch-finished").hidden = !data.finished;
    Object.keys(data.counts).forEach(function (status) {
      setText(root.querySelector('[data-count="' + status + '"]'), data.counts[status]);
    });
    document.getElementById("batch-retry-button").disabled = !data.counts.failed;
    data.items.forEach(function (item) {
      var row = root.querySelector('tr[data-item="' + item.id + '"]');
      if (row) { renderRow(row, item); }
    });
    return data.finished;
  }

  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        // Keep polling after "finished" too, but slower: a retry or an assignment restarts work.
        var finished = data ? render(data) : false;
        window.setTimeout(poll, finished ? 5000 : 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
