/**
 * The funnel and the KPI charts, drawn with Chart.js. Only the parts used are registered, so
 * the bundle carries bar and doughnut charts and nothing else. Charts are not animated: the
 * page is the same picture every time it is drawn (a screenshot test compares nothing by
 * timing). In Arabic, numbers on the axes use Arabic-Indic digits (Chart.js formats ticks with
 * `Intl.NumberFormat` in the chart's `locale`), the category axis runs right to left, and the
 * legend and tooltips are laid out right to left.
 */
import { ArcElement, BarController, BarElement, CategoryScale, Chart, DoughnutController, Legend, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js'
import { intlLocale, isRtl, type LabelLocale } from 'touchbase'

Chart.register(ArcElement, BarController, BarElement, CategoryScale, DoughnutController, Legend, LinearScale, Tooltip)
// The page's font, so that canvas text and the page's text match (Arabic included).
Chart.defaults.font.family = 'system-ui, "DejaVu Sans", sans-serif'
Chart.defaults.font.size = 12

/** One bar or slice. */
export interface Datum {
  readonly label: string
  readonly value: number
  readonly colour: string
}

const common = (locale: LabelLocale) =>
  ({
    locale: intlLocale(locale),
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
  }) as const

/** A bar chart of counts or percentages; `horizontal` lays the bars along the reading direction. */
export const barChart = (canvas: HTMLCanvasElement, locale: LabelLocale, data: readonly Datum[], options: { horizontal?: boolean; max?: number } = {}): Chart => {
  const rtl = isRtl(locale)
  const horizontal = options.horizontal === true
  const valueAxis = { beginAtZero: true, ...(options.max === undefined ? {} : { max: options.max }), ticks: { precision: 0 } }
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: data.map((d) => d.label),
      datasets: [{ data: data.map((d) => d.value), backgroundColor: data.map((d) => d.colour), borderRadius: 3 }],
    },
    options: {
      ...common(locale),
      indexAxis: horizontal ? 'y' : 'x',
      scales: horizontal
        ? { x: { ...valueAxis, reverse: rtl }, y: { position: rtl ? 'right' : 'left' } }
        : { x: { reverse: rtl }, y: { ...valueAxis, position: rtl ? 'right' : 'left' } },
      plugins: { legend: { display: false }, tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' } },
    },
  }
  return new Chart(canvas, config)
}

/** A doughnut of shares, with its legend. */
export const doughnutChart = (canvas: HTMLCanvasElement, locale: LabelLocale, data: readonly Datum[]): Chart => {
  const rtl = isRtl(locale)
  const config: ChartConfiguration<'doughnut'> = {
    type: 'doughnut',
    data: {
      labels: data.map((d) => d.label),
      datasets: [{ data: data.map((d) => d.value), backgroundColor: data.map((d) => d.colour) }],
    },
    options: {
      ...common(locale),
      plugins: {
        legend: { position: 'bottom', rtl, textDirection: rtl ? 'rtl' : 'ltr' },
        tooltip: { rtl, textDirection: rtl ? 'rtl' : 'ltr' },
      },
    },
  }
  return new Chart(canvas, config)
}
