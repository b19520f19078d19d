// Dates in the reader's locale; keyboard work of the worklists (j/k or arrows move, Enter opens); the dashboard's
// charts drawn (and redrawn after each live refresh) with Chart.js.
(function () {
  function localise(root) {
    root.querySelectorAll("time[datetime]").forEach(function (el) {
      var value = el.getAttribute("datetime");
      var dateOnly = el.hasAttribute("data-date-only") || /^\d{4}-\d{2}-\d{2}$/.test(value);
      var when = dateOnly ? new Date(value + "T12:00:00") : new Date(value);
      if (!isNaN(when)) el.textContent = dateOnly ? when.toLocaleDateString() : when.toLocaleString();
    });
  }
  var charts = {};
  function drawCharts() {
    var data = document.getElementById("chart-data");
    if (!data || !window.Chart) return;
    var all = JSON.parse(data.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.getAttribute("data-chart"), series = all[name];
      if (!series) return;
      if (charts[name]) {
        charts[name].data.labels = series.labels;
        charts[name].data.datasets[0].data = series.values;
        charts[name].update("none");
        return;
      }
      charts[name] = new Chart(canvas, {
        type: canvas.getAttribute("data-kind") || "bar",
        data: { labels: series.labels, datasets: [{ label: name.replace("_", " "), data: series.values, backgroundColor: "#2f6fdb", borderColor: "#2f6fdb" }] },
        options: { animation: false, plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true } } }
      });
    });
  }
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("table.worklist tbody tr[data-href]")); }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input, textarea, select")) return;
    var list = rows();
    if (!list.length) return;
    var at = list.indexOf(document.activeElement);
    if (event.key === "j" || event.key === "ArrowDown") { list[Math.min(at + 1, list.length - 1)].focus(); event.preventDefault(); }
    else if (event.key === "k" || event.key === "ArrowUp") { list[Math.max(at - 1, 0)].focus(); event.preventDefault(); }
    else if (event.key === "Enter" && at >= 0) { window.location = list[at].getAttribute("data-href"); }
  });
  document.addEventListener("DOMContentLoaded", function () { localise(document); drawCharts(); });
  var focusedKey = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    focusedKey = active && active.getAttribute ? active.getAttribute("data-key") : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    localise(event.target); drawCharts();
    if (focusedKey) {  // keep the row a person is on focused across a live refresh of the list
      var again = document.querySelector('tr[data-key="' + CSS.escape(focusedKey) + '"]');
      if (again) again.focus();
    }
  });
  window.addEventListener("load", drawCharts);
})();
