// The dashboard's three charts, drawn from the figures the page also shows as tables.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var number = new Intl.NumberFormat("vi-VN");
    var palette = ["#8b1a1a", "#1f5f99", "#2e7d32", "#b26a00", "#6a1b9a", "#00796b", "#5d4037", "#455a64"];
    Chart.defaults.font.family = "system-ui, sans-serif";
    Chart.defaults.animation = false;
    var categories = document.getElementById("chart-categories");
    if (categories) {
      new Chart(categories, {
        type: "bar",
        data: { labels: data.categories.labels, datasets: [{ label: "Số người", data: data.categories.values, backgroundColor: palette[0] }] },
        options: { indexAxis: "y", maintainAspectRatio: false, plugins: { legend: { display: false } },
                   scales: { x: { ticks: { callback: function (v) { return number.format(v); } } } } }
      });
    }
    var months = document.getElementById("chart-months");
    if (months) {
      new Chart(months, {
        type: "line",
        data: { labels: data.months.labels, datasets: [
          { label: "Đã chi (đồng)", data: data.months.paid, borderColor: palette[0], backgroundColor: palette[0], tension: 0.2 },
          { label: "Theo danh sách đã duyệt (đồng)", data: data.months.planned, borderColor: palette[1], backgroundColor: palette[1], borderDash: [6, 4], tension: 0.2 }
        ] },
        options: { maintainAspectRatio: false,
                   scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return number.format(v); } } } } }
      });
    }
    var parts = document.getElementById("chart-parts");
    if (parts) {
      new Chart(parts, {
        type: "bar",
        data: { labels: data.parts.labels, datasets: data.parts.series.map(function (s, i) {
          return { label: s.label, data: s.values, backgroundColor: palette[i % palette.length] };
        }) },
        options: { maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } }
      });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
