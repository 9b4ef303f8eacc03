// ECharts for every chart, from 'echarts/core' with only what the app draws (bars and lines),
// so a page's chunk stays small. SVG keeps lines crisp; `aria` describes each chart's data in
// Chinese for screen readers (and lets a browser test read what a chart shows).
import { use, type ComposeOption } from 'echarts/core'
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts'
import {
  AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent,
  type AriaComponentOption, type GridComponentOption, type LegendComponentOption,
  type TitleComponentOption, type TooltipComponentOption,
} from 'echarts/components'
import { SVGRenderer } from 'echarts/renderers'

use([BarChart, LineChart, AriaComponent, GridComponent, LegendComponent, TitleComponent, TooltipComponent, SVGRenderer])

export type ChartOption = ComposeOption<
  | BarSeriesOption | LineSeriesOption | AriaComponentOption | GridComponentOption
  | LegendComponentOption | TitleComponentOption | TooltipComponentOption
>

export interface Series {
  name: string
  values: (number | null)[]
}

/** A category chart: one x label per value, one bar or line per series. */
export function categoryChart(
  kind: 'bar' | 'line',
  labels: string[],
  series: Series[],
  { title = '', unit = '', percent = false, money = false }: { title?: string; unit?: string; percent?: boolean; money?: boolean } = {},
): ChartOption {
  const shown = (value: number) =>
    percent ? `${(value * 100).toFixed(1)}%` : money ? `¥${value.toLocaleString('zh-CN')}` : `${value}${unit}`
  return {
    title: title ? { text: title, show: false } : undefined,
    aria: { enabled: true },
    grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    legend: series.length > 1 ? { top: 0 } : undefined,
    tooltip: { trigger: 'axis', valueFormatter: (value) => (typeof value === 'number' ? shown(value) : '—') },
    xAxis: { type: 'category', data: labels, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: percent ? undefined : 1, axisLabel: { formatter: (value: number) => shown(value) } },
    series: series.map((one) =>
      kind === 'bar'
        ? { type: 'bar', name: one.name, data: one.values, barMaxWidth: 36 }
        : { type: 'line', name: one.name, data: one.values, connectNulls: true, symbolSize: 6 },
    ),
  } as ChartOption
}
