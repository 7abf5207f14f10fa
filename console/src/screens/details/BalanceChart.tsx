import { Card } from 'antd';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { ErrorText } from '../../components/ErrorText';
import { Money } from '../../components/Money';
import { formatYuan } from '../../components/money';
import { useI18n } from '../../i18n';
import { useBalanceHistory, type AccountDetail, type BalancePoint } from './queries';

echarts.use([LineChart, GridComponent, TooltipComponent, SVGRenderer]);

const DAYS = 30;

/**
 * DISPLAY ONLY: ECharts positions points by JS numbers, so the plotted y values (and the axis it derives) are
 * `Number()` of the API's decimal strings. No figure the user reads as text comes from them: the tooltip and
 * the table beside the chart show the strings themselves.
 */
const plotted = (yuan: string): number => Number(yuan);

function options(points: BalancePoint[], threshold: string | null, words: { series: string; threshold: string }): echarts.EChartsCoreOption {
  const now = Date.now();
  const line = points.map((p) => [Date.parse(p.at!), plotted(p.available!)]);
  const last = points[points.length - 1];
  if (last) line.push([now, plotted(last.available!)]);
  const start = points[0] ? Date.parse(points[0].at!) : now;
  return {
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      // The strings, not the plotted numbers: the tooltip shows the API's own figures.
      valueFormatter: (_: unknown, i: number) => formatYuan(points[Math.min(i, points.length - 1)]?.available ?? '0'),
    },
    xAxis: { type: 'time' },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: words.series, type: 'line', step: 'end', showSymbol: true, symbolSize: 5, data: line },
      ...(threshold === null ? [] : [{
        name: words.threshold, type: 'line', symbol: 'none', lineStyle: { type: 'dashed', color: '#b42318' }, tooltip: { show: false },
        data: [[start, plotted(threshold)], [now, plotted(threshold)]],
      }]),
    ],
  };
}

/** The available balance over the last 30 days after each posting, with the alert threshold as a dashed line. */
export function BalanceChart({ account }: { account: AccountDetail }) {
  const { t, date, language } = useI18n();
  const history = useBalanceHistory(account.id!, DAYS);
  const box = useRef<HTMLDivElement>(null);
  const threshold = account.alertEnabled && account.alertThreshold != null ? account.alertThreshold : null;
  const points = history.data?.points ?? [];
  useEffect(() => {
    if (!box.current || points.length === 0) return;
    const chart = echarts.init(box.current, undefined, { renderer: 'svg', locale: language === 'zh-CN' ? 'ZH' : 'EN' });
    chart.setOption(options(points, threshold, {
      series: t('details.chart.series'), threshold: t('details.chart.threshold', { amount: threshold ? formatYuan(threshold) : '' }),
    }));
    const resize = new ResizeObserver(() => chart.resize());
    resize.observe(box.current);
    return () => { resize.disconnect(); chart.dispose(); };
  }, [points, threshold, t, language]);
  return (
    <Card title={<h2 className="card-title">{t('details.chart.title')}</h2>}>
      <ErrorText error={history.error} />
      {threshold && <p className="muted">{t('details.chart.threshold', { amount: formatYuan(threshold) })}</p>}
      <div ref={box} className="details-chart" role="img" aria-label={t('details.chart.label')} data-points={points.length} />
      {history.data?.truncated && <p className="muted">{t('details.chart.truncated')}</p>}
      <table className="visually-hidden" aria-label={t('details.chart.tableCaption')}>
        <caption>{t('details.chart.tableCaption')}</caption>
        <thead><tr><th scope="col">{t('details.when')}</th><th scope="col">{t('details.chart.series')}</th></tr></thead>
        <tbody>
          {points.map((p, i) => (
            <tr key={p.transactionId ?? `start-${i}`}>
              <td>{p.transactionId ? date(p.at) : `${t('details.chart.start')} ${date(p.at)}`}</td>
              <td><Money value={p.available} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
