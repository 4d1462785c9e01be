/* Supervisor dashboard charts (ECharts). The data comes from a json_script element; the
 * tables next to each chart stay as the accessible fallback (collapsed once drawn). */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) {
    return;
  }
  var data = JSON.parse(source.textContent);
  var departments = data.departments.map(function (d) { return d.department; });
  var font = { fontFamily: "system-ui, 'PingFang SC', 'Microsoft YaHei', sans-serif" };

  function rateChart(field, colour) {
    return {
      textStyle: font,
      grid: { left: 8, right: 40, top: 10, bottom: 10, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return v === null ? "—" : v + "%"; } },
      xAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: departments, inverse: true },
      series: [{
        type: "bar",
        data: data.departments.map(function (d) { return d[field]; }),
        itemStyle: { color: colour },
        label: { show: true, position: "right", formatter: function (p) { return p.value === null ? "—" : p.value + "%"; } }
      }]
    };
  }

  var options = {
    volume: {
      textStyle: font,
      legend: { top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.months.map(function (m) { return m.month; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: "留言数", type: "bar", data: data.months.map(function (m) { return m.received; }), itemStyle: { color: "#0b57a4" } },
        { name: "答复数", type: "bar", data: data.months.map(function (m) { return m.replied; }), itemStyle: { color: "#1d6b36" } }
      ]
    },
    on_time: rateChart("on_time_rate", "#1d6b36"),
    satisfaction: rateChart("satisfaction_rate", "#8a5300")
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (element) {
    var option = options[element.getAttribute("data-chart")];
    if (!option) {
      return;
    }
    if (element.getAttribute("data-chart") !== "volume") {
      // One bar per department: give each row room (CSSOM, allowed by the CSP).
      element.style.height = Math.max(240, departments.length * 28 + 60) + "px";
    }
    var chart = window.echarts.init(element);
    chart.setOption(option);
    charts.push(chart);
    var table = element.parentNode.querySelector("details.ws-chart-table");
    if (table) {
      table.open = false;
    }
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
