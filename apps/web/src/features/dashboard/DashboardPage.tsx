import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Col, Radio, Row, Select, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { StatsBasis } from '../../gql/graphql';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { NotFoundPage } from '../../components/NotFound';
import { problemOf } from '../../lib/client';
import { formatFigure, groupThousands } from '../../lib/money';
import { isPeriod, shiftPeriod } from '../../lib/period';
import { getToken } from '../../lib/session';
import { MonitoringPanel } from '../../components/MonitoringPanel';
import { Chart } from './Chart';

/** The dashboard's words. */
const TEXTS = {
  version: ['第{n} 版', 'Version {n}'],
  monthsN: ['{n}个月', '{n} months'],
  provincialReport: ['全省报表', 'Provincial report'],
  noneBuiltYet: ['尚未生成', 'None built yet'],
  build: ['生成新版本', 'Build a new version'],
  breakdown: ['下级单位明细', 'Breakdown'],
  childUnits: ['下级单位分布', 'Child units'],
  subsidies: ['生活补贴与标准', 'Subsidies against the standard'],
  paidYuan: ['发放（元）', 'Paid (yuan)'],
  eligible: ['人数', 'Eligible'],
  perChild: ['人均（元）', 'Per child'],
  standard: ['标准（元）', 'Standard'],
  below: ['低于标准', 'Below'],
  yes: ['是', 'yes'],
} as const satisfies TextTable;

/** Everything the dashboard shows, in one request. */
const DashboardDocument = graphql(`
  query Dashboard($code: ID!, $period: Period!, $basis: StatsBasis!, $indicator: String!, $from: Period!, $province: Boolean!) {
    unit(code: $code, period: $period) {
      code
      name
      level
      ancestors {
        code
        name
      }
    }
    stats(unitCode: $code, period: $period, basis: $basis) {
      computedAt
      values {
        indicator
        value
      }
      completeness {
        expected
        submitted
        approved
        onTime
      }
      derived {
        monitoredChildren
        redOrangeShare
        subsidies {
          indicator
          paidFen
          eligible
          perChildFen
          standardFen
          belowStandard
        }
      }
    }
    statsBreakdown(unitCode: $code, period: $period, basis: $basis) {
      unit {
        code
        name
        level
      }
      values {
        indicator
        value
      }
      completeness {
        expected
        submitted
        approved
      }
    }
    timeSeries(unitCode: $code, indicator: $indicator, from: $from, to: $period, basis: $basis) {
      period
      value
    }
    indicators(period: $period) {
      code
      nameZh
      nameEn
      kind
    }
    provincialReport(provinceCode: $code, period: $period) @include(if: $province) {
      version
      createdAt
      trigger
      checksum
      downloads {
        csv
        xlsx
      }
    }
  }
`);

/** A province's code, short (52) or full (520000000000): its dashboard also shows the provincial report. */
const isProvinceCode = (code: string) => /^\d{2}(0{10})?$/.test(code);

interface ProvincialReport {
  version: number;
  createdAt: string;
  downloads: { csv: string; xlsx: string };
}

const BuildProvincialReportDocument = graphql(`
  mutation BuildProvincialReport($code: ID!, $period: Period!) {
    buildProvincialReport(provinceCode: $code, period: $period)
  }
`);

const POLL_MS = 3000;

async function download(url: string) {
  const r = await fetch(url, { headers: { authorization: `Bearer ${getToken() ?? ''}` } });
  const blob = await r.blob();
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = url.split('/').slice(-3).join('-');
  a.click();
  URL.revokeObjectURL(a.href);
}

/** The latest provincial report (part of the dashboard's one request) and a button to build a new version. */
function ProvincialReports({ code, period, report: r, refetch }: { code: string; period: string; report: ProvincialReport | null | undefined; refetch(): void }) {
  const tx = useTexts(TEXTS);
  const [, build] = useMutation(BuildProvincialReportDocument);
  return (
    <Card size="small" title={tx('provincialReport')}>
      <Space wrap>
        {r ? (
          <>
            <span>
              {tx('version', { n: r.version })} · {r.createdAt.slice(0, 16).replace('T', ' ')}
            </span>
            <Button onClick={() => void download(r.downloads.xlsx)}>XLSX</Button>
            <Button onClick={() => void download(r.downloads.csv)}>CSV</Button>
          </>
        ) : (
          <span>{tx('noneBuiltYet')}</span>
        )}
        <Button
          onClick={async () => {
            await build({ code, period });
            setTimeout(refetch, 2000);
          }}
        >
          {tx('build')}
        </Button>
      </Space>
    </Card>
  );
}

export default function DashboardPage() {
  const { code = '', period = '' } = useParams();
  const navigate = useNavigate();
  const { t, named, reason } = useI18n();
  const tx = useTexts(TEXTS);
  const [basis, setBasis] = useState<StatsBasis>('APPROVED');
  const [indicator, setIndicator] = useState('LEFT_BEHIND_CHILDREN');
  const [months, setMonths] = useState(12);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DashboardDocument,
    variables: { code, period, basis, indicator, from: isPeriod(period) ? shiftPeriod(period, -(months - 1)) : period, province: isProvinceCode(code) },
    pause: !isPeriod(period),
  });
  // Totals refresh by themselves: the one dashboard request again, POLL_MS after each answer (never two
  // in flight, and a slow connection is not sent requests faster than it gets answers)
  useEffect(() => {
    if (fetching) return;
    const id = setTimeout(() => refetch({ requestPolicy: 'network-only' }), POLL_MS);
    return () => clearTimeout(id);
  }, [refetch, fetching, data, error]);
  const names = useMemo(() => new Map((data?.indicators ?? []).map((i) => [i.code, i])), [data]);
  const nameOf = (c: string) => { const i = names.get(c); return i ? named(i) : c; };
  const kindOf = (c: string) => names.get(c)?.kind ?? 'COUNT';
  const p = problemOf(error);
  if (!isPeriod(period) || p?.code === 'NOT_FOUND' || (data && !data.unit)) return <NotFoundPage />;
  if (p && !data) return <Alert type="error" title={reason(p.reason, p.message)} />;
  if (!data?.unit) return <Spin style={{ margin: 48 }} />;
  const { unit, stats, statsBreakdown, timeSeries } = data;
  const total = (c: string) => stats.values.find((v) => v.indicator === c)?.value ?? 0;
  const rows = statsBreakdown.map((s) => ({ code: s.unit.code, name: s.unit.name, level: s.unit.level, value: s.values.find((v) => v.indicator === indicator)?.value ?? 0, ...s.completeness }));
  const barOption = {
    tooltip: {},
    grid: { left: 60, right: 16, top: 16, bottom: 60 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: 30, interval: 0 } },
    yAxis: { type: 'value' },
    series: [{ type: 'bar', data: rows.map((r) => r.value), itemStyle: { color: '#c0392b' } }],
  };
  const lineOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 60, right: 16, top: 16, bottom: 30 },
    xAxis: { type: 'category', data: timeSeries.map((x) => x.period) },
    yAxis: { type: 'value' },
    // counts month by month: straight segments between the points, nothing drawn between months that was not counted
    series: [{ type: 'line', data: timeSeries.map((x) => x.value), smooth: false }],
  };
  const treemapOption = {
    tooltip: {},
    series: [{ type: 'treemap', roam: false, nodeClick: false, breadcrumb: { show: false }, data: rows.map((r) => ({ name: r.name, value: r.value, code: r.code })) }],
  };
  const drill = (c: string) => navigate(`/dashboard/${c}/${period}`);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row align="middle" gutter={[16, 8]}>
        <Col flex="auto">
          <Breadcrumb items={[...unit.ancestors, unit].map((u) => ({ title: u.code === unit.code ? u.name : <Link to={`/dashboard/${u.code}/${period}`}>{u.name}</Link> }))} />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {t('dashboard')} · {unit.name} · {period}
          </Typography.Title>
        </Col>
        <Col>
          <Space wrap>
            <Radio.Group value={basis} onChange={(e) => setBasis(e.target.value)} optionType="button" aria-label={t('basis')}
              options={[{ value: 'APPROVED', label: t('basisApproved') }, { value: 'PROVISIONAL', label: t('basisProvisional') }]} />
            <Select aria-label={t('indicator')} style={{ width: 200 }} value={indicator} onChange={setIndicator} options={(data.indicators ?? []).map((i) => ({ value: i.code, label: named(i) }))} />
            <Radio.Group value={months} onChange={(e) => setMonths(e.target.value)} optionType="button" options={[{ value: 12, label: tx('monthsN', { n: 12 }) }, { value: 24, label: tx('monthsN', { n: 24 }) }]} />
          </Space>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Card size="small"><div role="group" aria-label={nameOf('LEFT_BEHIND_CHILDREN')}><Statistic title={nameOf('LEFT_BEHIND_CHILDREN')} value={total('LEFT_BEHIND_CHILDREN')} groupSeparator="," /></div></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('monitored')} value={stats.derived.monitoredChildren} groupSeparator="," /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('redOrange')} value={stats.derived.redOrangeShare === null || stats.derived.redOrangeShare === undefined ? '—' : `${(stats.derived.redOrangeShare * 100).toFixed(1)}%`} /></Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small"><Statistic title={t('completeness')} value={`${groupThousands(String(stats.completeness.approved))} / ${groupThousands(String(stats.completeness.expected))}`} /></Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${nameOf(indicator)} · ${t('children')}`}>
            <Chart option={barOption} label={`${nameOf(indicator)} bar chart`} onClick={(name) => { const r = rows.find((x) => x.name === name); if (r) drill(r.code); }} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={`${nameOf(indicator)} · ${tx('monthsN', { n: months })}`}>
            <Chart option={lineOption} label={`${nameOf(indicator)} line chart`} />
          </Card>
        </Col>
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card size="small" title={t('children')}>
            <Table
              size="small"
              rowKey="code"
              pagination={false}
              scroll={{ y: 360 }}
              aria-label={tx('breakdown')}
              dataSource={rows}
              columns={[
                { title: t('unit'), dataIndex: 'name', render: (n: string, r) => (r.level === 'VILLAGE' ? <Link to={`/units/${r.code}/${period}`}>{n}</Link> : <Link to={`/dashboard/${r.code}/${period}`}>{n}</Link>) },
                { title: nameOf(indicator), dataIndex: 'value', align: 'right', sorter: (a, b) => a.value - b.value, render: (v: number) => formatFigure(v, kindOf(indicator)) },
                {
                  title: t('completeness'),
                  align: 'right',
                  sorter: (a, b) => a.approved / (a.expected || 1) - b.approved / (b.expected || 1),
                  render: (_: unknown, r) => {
                    const share = r.expected ? r.approved / r.expected : 0;
                    const color = share >= 1 ? 'green' : share >= 0.5 ? 'gold' : share > 0 ? 'orange' : 'red';
                    return <Tag color={color}>{`${groupThousands(String(r.approved))}/${groupThousands(String(r.expected))}`}</Tag>;
                  },
                },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={tx('childUnits')}>
            <Chart option={treemapOption} height={360} label={`${nameOf(indicator)} treemap`} onClick={(name) => { const r = rows.find((x) => x.name === name); if (r) drill(r.code); }} />
          </Card>
        </Col>
      </Row>
      <Card size="small" title={tx('subsidies')}>
        <Table
          size="small"
          rowKey="indicator"
          pagination={false}
          dataSource={stats.derived.subsidies}
          columns={[
            { title: t('indicator'), dataIndex: 'indicator', render: nameOf },
            { title: tx('paidYuan'), dataIndex: 'paidFen', align: 'right', render: (v: number) => formatFigure(v, 'MONEY') },
            { title: tx('eligible'), dataIndex: 'eligible', align: 'right' },
            { title: tx('perChild'), dataIndex: 'perChildFen', align: 'right', render: (v: number | null) => formatFigure(v, 'MONEY') },
            { title: tx('standard'), dataIndex: 'standardFen', align: 'right', render: (v: number | null) => formatFigure(v, 'MONEY') },
            { title: tx('below'), dataIndex: 'belowStandard', render: (b: boolean) => (b ? <Tag color="red">{tx('yes')}</Tag> : '—') },
          ]}
        />
      </Card>
      <MonitoringPanel unitCode={unit.code} level={unit.level} period={period} registryLink />
      {unit.level === 'PROVINCE' ? <ProvincialReports code={unit.code} period={period} report={data.provincialReport} refetch={() => refetch({ requestPolicy: 'network-only' })} /> : null}
    </Space>
  );
}
