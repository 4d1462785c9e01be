/* Charts of a survey's results page (ECharts, as the statistics page). The same figures
   are in the table under each chart, so the page is complete without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("survey-results");
  if (!source || typeof window.echarts === "undefined") {
    return;
  }
  var results = JSON.parse(source.textContent);
  var large = document.documentElement.classList.contains("a11y");
  var fontSize = large ? 16 : 13;

  results.questions.forEach(function (q) {
    var element = document.getElementById("chart-q" + q.id);
    if (!element) {
      return;
    }
    var labels;
    var counts;
    if (q.options) {
      labels = q.options.map(function (o) { return o.text; });
      counts = q.options.map(function (o) { return o.count; });
    } else if (q.rating) {
      labels = q.rating.distribution.map(function (d) { return d.score + "分"; });
      counts = q.rating.distribution.map(function (d) { return d.count; });
    } else {
      return;
    }
    element.style.height = Math.max(200, labels.length * 44 + 64) + "px";
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption({
      color: ["#0b4f9c"],
      textStyle: { fontSize: fontSize },
      aria: { enabled: true },
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 32, top: 16, bottom: 16, containLabel: true },
      xAxis: { type: "value", minInterval: 1, name: "人", axisLabel: { fontSize: fontSize } },
      yAxis: {
        type: "category",
        inverse: true,
        data: labels,
        axisLabel: { fontSize: fontSize, width: 160, overflow: "truncate" }
      },
      series: [{ name: "人数", type: "bar", data: counts, label: { show: true, position: "right" } }]
    });
    window.addEventListener("resize", function () {
      chart.resize();
    });
  });
})();
