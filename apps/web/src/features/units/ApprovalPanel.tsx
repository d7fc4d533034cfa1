import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { useMessage } from '../../app/feedback';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { problemOf } from '../../lib/client';
import { formatFigure } from '../../lib/money';
import { graphql } from '../../gql';
import { ApproveReportDocument, ExemptReportDocument, ReopenReportDocument, ReturnReportDocument } from './operations';
import { shiftPeriod } from '../../lib/period';
import { Sparkline } from './Sparkline';
import { RETURN_REASONS } from './StatusAlert';
import { valuesOf, type IndicatorData, type ReportData } from './types';
import type { ReportAction, ReturnReason } from '../../gql/graphql';

const TEXTS = {
  compare: ['本月与上次批准对比', 'This month against the last approved'],
  months12: ['近12个月', '12 months'],
  last12Months: ['近12个月', 'last 12 months'],
  reopen: ['撤回', 'Reopen'],
  reopened: ['已撤回', 'Reopened'],
} as const satisfies TextTable;

/** The approval view's sparklines: each figure's 12 months, in one request. */
const SparklinesDocument = graphql(`
  query Sparklines($code: ID!, $indicators: [String!]!, $from: Period!, $to: Period!) {
    timeSeriesSet(unitCode: $code, indicators: $indicators, from: $from, to: $to, basis: PROVISIONAL) {
      indicator
      points {
        period
        value
      }
    }
  }
`);

interface Props {
  unitCode: string;
  period: string;
  report: ReportData;
  indicators: IndicatorData[];
  /** The unit's report of the month before (compared against when it is approved). */
  previous: { status: string; values: { indicator: string; value: number }[] } | null;
  onChanged(): void;
}

/** What an approver sees of a child's report: figures beside the last approved, warnings with explanations, and the actions the server says the approver may take now. */
export function ApprovalPanel({ unitCode, period, report, indicators, previous, onChanged }: Props) {
  const { t, named, reason, rule } = useI18n();
  const message = useMessage();
  const tx = useTexts(TEXTS);
  const returnText = useTexts(RETURN_REASONS);
  const [, approve] = useMutation(ApproveReportDocument);
  const [, doReturn] = useMutation(ReturnReportDocument);
  const [, exempt] = useMutation(ExemptReportDocument);
  const [, reopen] = useMutation(ReopenReportDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const [returning, setReturning] = useState(false);
  const [exempting, setExempting] = useState(false);
  const [reopening, setReopening] = useState(false);
  const [reopenReason, setReopenReason] = useState('');
  const [returnReason, setReturnReason] = useState<ReturnReason>('WRONG_FIGURES');
  const [comment, setComment] = useState('');
  const [exemptReason, setExemptReason] = useState('');
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const now = valuesOf(report.values);
  // the last approved month: the month before, when it was approved
  const last = previous?.status === 'APPROVED' ? valuesOf(previous.values) : null;
  const codes = [...new Set([...report.values.map((v) => v.indicator), ...Object.keys(last ?? {})])];
  const rows = codes.map((code) => ({
    code,
    name: byCode.has(code) ? named(byCode.get(code)!) : code,
    kind: byCode.get(code)?.kind ?? 'COUNT',
    current: now[code] ?? null,
    last: last ? (last[code] ?? null) : null,
    changed: !!last && (now[code] ?? null) !== (last[code] ?? null),
  }));
  // every figure's last 12 months (submitted ones included), in one request
  const [{ data: series }] = useQuery({ query: SparklinesDocument, variables: { code: unitCode, indicators: codes, from: shiftPeriod(period, -11), to: period }, pause: !codes.length });
  const seriesOf = new Map((series?.timeSeriesSet ?? []).map((s) => [s.indicator, s.points]));
  const run = async (p: Promise<{ error?: Parameters<typeof problemOf>[0] }>, done: string) => {
    setProblem(null);
    const r = await p;
    const pr = problemOf(r.error);
    if (pr) return setProblem(reason(pr.reason, pr.message));
    message.success(done);
    onChanged();
  };
  const offers = (action: ReportAction) => report.actions.includes(action);
  const reopenText = tx('reopen');
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        aria-label={tx('compare')}
        dataSource={rows}
        columns={[
          { title: t('indicator'), dataIndex: 'name' },
          { title: t('current'), dataIndex: 'current', align: 'right', render: (v: number | null, r) => <span style={r.changed ? { color: '#cf1322', fontWeight: 600 } : undefined}>{formatFigure(v, r.kind)}</span> },
          { title: t('lastApproved'), dataIndex: 'last', align: 'right', render: (v: number | null, r) => formatFigure(v, r.kind) },
          { title: tx('months12'), render: (_: unknown, r) => <Sparkline points={seriesOf.get(r.code) ?? []} label={`${r.name} ${tx('last12Months')}`} /> },
        ]}
      />
      {report.explanations.map((e) => (
        <Alert key={`${e.rule}:${e.indicator}`} type="warning" showIcon title={`${e.rule} ${rule(e.rule)} · ${byCode.has(e.indicator) ? named(byCode.get(e.indicator)!) : e.indicator}`} description={`${t('explanation')}：${e.text}`} />
      ))}
      {problem ? <Alert type="error" role="alert" showIcon title={problem} /> : null}
      {['APPROVE', 'RETURN', 'EXEMPT', 'REOPEN'].some((a) => offers(a as ReportAction)) ? (
        <Space wrap>
          {offers('APPROVE') ? (
            <Button type="primary" onClick={() => void run(approve({ input: { unitCode, period, expectedVersion: report.version } }), t('approved'))}>
              {t('approve')}
            </Button>
          ) : null}
          {offers('RETURN') ? (
            <Button danger onClick={() => setReturning(true)}>
              {t('returnIt')}
            </Button>
          ) : null}
          {offers('EXEMPT') ? <Button onClick={() => setExempting(true)}>{t('exempt')}</Button> : null}
          {offers('REOPEN') ? <Button onClick={() => setReopening(true)}>{reopenText}</Button> : null}
        </Space>
      ) : null}
      {report.approvedBy ? <Typography.Text type="secondary">{`${t('approved')}：${report.approvedBy}`}</Typography.Text> : null}
      <Modal
        open={returning}
        title={t('returnIt')}
        okText={t('returnIt')}
        onCancel={() => setReturning(false)}
        onOk={() => {
          setReturning(false);
          void run(doReturn({ input: { unitCode, period, expectedVersion: report.version, reasonCode: returnReason, comment } }), t('returned'));
        }}
      >
        <Form layout="vertical" component="div">
          <Form.Item label={t('reason')} htmlFor="return-reason">
            <Select
              id="return-reason"
              value={returnReason}
              onChange={setReturnReason}
              options={(['WRONG_FIGURES', 'MISSING_EXPLANATION', 'INCONSISTENT_WITH_REGISTRY', 'OTHER'] as const).map((r) => ({ value: r, label: returnText(r) }))}
            />
          </Form.Item>
          <Form.Item label={t('comment')} htmlFor="return-comment">
            <Input.TextArea id="return-comment" rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={reopening}
        title={reopenText}
        okText={reopenText}
        onCancel={() => setReopening(false)}
        onOk={() => {
          setReopening(false);
          void run(reopen({ input: { unitCode, period, reason: reopenReason } }), tx('reopened'));
        }}
      >
        <Form layout="vertical" component="div">
          <Form.Item label={t('reason')} htmlFor="reopen-reason">
            <Input.TextArea id="reopen-reason" rows={3} value={reopenReason} onChange={(e) => setReopenReason(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={exempting}
        title={t('exempt')}
        okText={t('exempt')}
        onCancel={() => setExempting(false)}
        onOk={() => {
          setExempting(false);
          void run(exempt({ input: { unitCode, period, reason: exemptReason } }), t('exempted'));
        }}
      >
        <Form layout="vertical" component="div">
          <Form.Item label={t('reason')} htmlFor="exempt-reason">
            <Input.TextArea id="exempt-reason" rows={3} value={exemptReason} onChange={(e) => setExemptReason(e.target.value)} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
