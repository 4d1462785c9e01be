/* Charts of the public statistics page (ECharts). The same figures are in the tables
   below each chart, so the page is complete without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("stats-data");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var stats = JSON.parse(source.textContent);
  var large = document.documentElement.classList.contains("a11y");
  var fontSize = large ? 16 : 13;
  var palette = ["#0b4f9c", "#b45309", "#15803d", "#9b1c1c"];

  function pct(value) {
    return value === null || value === undefined ? null : Math.round(value * 1000) / 10;
  }

  function chart(id, option) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    var instance = window.echarts.init(element, null, { renderer: "canvas" });
    option.color = palette;
    option.textStyle = { fontSize: fontSize };
    option.aria = { enabled: true };
    option.tooltip = option.tooltip || { trigger: "axis" };
    instance.setOption(option);
    window.addEventListener("resize", function () {
      instance.resize();
    });
    return instance;
  }

  var months = stats.by_month.map(function (row) {
    return String(Number(row.month.slice(5))) + "月";
  });
  chart("chart-month", {
    legend: { top: 0, textStyle: { fontSize: fontSize } },
    grid: { left: 48, right: 48, top: 72, bottom: 32 },
    xAxis: { type: "category", data: months, axisLabel: { fontSize: fontSize } },
    yAxis: [
      { type: "value", name: "件", minInterval: 1, axisLabel: { fontSize: fontSize } },
      { type: "value", name: "%", min: 0, max: 100, axisLabel: { fontSize: fontSize } }
    ],
    series: [
      { name: "留言数", type: "bar", data: stats.by_month.map(function (r) { return r.received; }) },
      { name: "答复数", type: "bar", data: stats.by_month.map(function (r) { return r.replied; }) },
      {
        name: "按期办结率",
        type: "line",
        yAxisIndex: 1,
        connectNulls: true,
        data: stats.by_month.map(function (r) { return pct(r.on_time_rate); })
      }
    ]
  });

  var departments = stats.by_department.filter(function (row) {
    return row.received > 0 || row.replied > 0;
  });
  var labels = departments.map(function (r) { return r.department; });
  var departmentChart = document.getElementById("chart-department");
  if (departmentChart) {
    departmentChart.style.height = Math.max(320, departments.length * 56 + 96) + "px";
  }
  chart("chart-department", {
    legend: { top: 0, textStyle: { fontSize: fontSize } },
    grid: { left: 8, right: 24, top: 48, bottom: 16, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, name: "%", axisLabel: { fontSize: fontSize } },
    yAxis: {
      type: "category",
      inverse: true,
      data: labels,
      axisLabel: { fontSize: fontSize, width: 150, overflow: "truncate" }
    },
    series: [
      { name: "答复率", type: "bar", barGap: "10%", barCategoryGap: "25%", data: departments.map(function (r) { return pct(r.reply_rate); }) },
      { name: "按期办结率", type: "bar", data: departments.map(function (r) { return pct(r.on_time_rate); }) },
      { name: "满意率", type: "bar", data: departments.map(function (r) { return pct(r.satisfaction_rate); }) }
    ]
  });
})();
