import { parseA1, toA1 } from "./address";
import { writeTable, type WriteResult } from "./tables";
import type { TornadoView } from "./views";

export interface ChartResult extends WriteResult {
  chart: string;
  chartCreated: boolean;
}

const belowColour = "#F4B183";
const aboveColour = "#9DC3E6";

/**
 * Writes a tornado chart: its data as a named table (inserted or refreshed in place by `writeTable`), and Excel's own
 * stacked bar chart beside it, drawn from the table's first columns. A chart of the same name on that sheet is pointed
 * at the refreshed data instead of being added again, so its place, size and the analyst's formatting stay.
 */
export async function writeTornado(context: Excel.RequestContext, view: TornadoView, canResize: boolean): Promise<ChartResult> {
  const written = await writeTable(context, view.data, canResize);
  const table = context.workbook.tables.getItemOrNullObject(view.data.table);
  const sheet = table.worksheet;
  const range = table.getRange();
  range.load("address");
  const existing = sheet.charts.getItemOrNullObject(view.chart);
  existing.load("name");
  await context.sync();

  const data = parseA1(range.address);
  const source = sheet.getRange(toA1({ ...data, columns: view.chartColumns }));
  const chartCreated = existing.isNullObject;
  let chart: Excel.Chart;
  if (chartCreated) {
    chart = sheet.charts.add(Excel.ChartType.barStacked, source, Excel.ChartSeriesBy.columns);
    chart.name = view.chart;
    const left = data.column + data.columns + 1;
    chart.setPosition(
      toA1({ row: data.row, column: left, rows: 1, columns: 1 }),
      toA1({ row: data.row + Math.max(18, data.rows + 2), column: left + 9, rows: 1, columns: 1 }),
    );
    chart.legend.position = Excel.ChartLegendPosition.bottom;
  } else {
    chart = existing;
    chart.setData(source, Excel.ChartSeriesBy.columns);
  }
  chart.title.text = view.chartTitle;
  // Bar charts draw the first category at the bottom: reversed, the variable that moves the tariff most is on top.
  chart.axes.categoryAxis.reversePlotOrder = true;
  chart.axes.valueAxis.minimum = view.axisMinimum;
  // The first series only carries each bar to its low: no fill, no line.
  const base = chart.series.getItemAt(0);
  base.format.fill.clear();
  base.format.line.lineStyle = Excel.ChartLineStyle.none;
  chart.series.getItemAt(1).format.fill.setSolidColor(belowColour);
  chart.series.getItemAt(2).format.fill.setSolidColor(aboveColour);
  await context.sync();
  return { ...written, chart: view.chart, chartCreated };
}
