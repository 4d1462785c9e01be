// The ECharts build served as static/vendor/echarts/echarts.min.js: only the parts the
// pages use (frontend/static/frontend/statistics.js, frontend/static/frontend/surveys.js,
// frontend/static/workspace/dashboard.js),
// bundled and tree-shaken by esbuild at install time (`npm run build`, run by
// `make install`) into frontend/build/ (git-ignored; never committed).
// Add a chart type or component here when a page starts using it.
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import {
  AriaComponent,
  GridComponent,
  LegendPlainComponent,
  TooltipComponent,
} from "echarts/components";
import { CanvasRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendPlainComponent,
  TooltipComponent,
  CanvasRenderer,
]);

// The pages' scripts read the classic global.
window.echarts = echarts;
