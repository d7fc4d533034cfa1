import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import { useMessage } from '../../app/feedback';
import { LEVEL_TEXT, useI18n, useTexts, type TextTable } from '../../app/i18n';
import { useSession } from '../../app/session';
import { StatusTag } from '../../components/StatusTag';
import { problemOf } from '../../lib/client';
import { deadlineDay } from '../../lib/period';
import { CompletenessPanel } from '../../components/CompletenessPanel';
import { MonitoringPanel } from '../../components/MonitoringPanel';

const InboxDocument = graphql(`
  query Inbox($period: Period!) {
    approvalInbox(period: $period, first: 100) {
      totalCount
      edges {
        node {
          period
          status
          version
          late
          dueAt
          actions
          submittedAt
          submittedBy
          warnings {
            rule
          }
          unit {
            code
            name
            level
            parent {
              code
            }
          }
        }
      }
    }
  }
`);

/** One approval of the bulk approval: the inbox reloads after them, so it asks for the new status only. */
const TEXTS = { level: ['级别', 'Level'], warnings: ['预警', 'Warnings'], submittedBy: ['提交人', 'Submitted by'] } as const satisfies TextTable;

const ApproveFromInboxDocument = graphql(`
  mutation ApproveFromInbox($input: ApproveReportInput!) {
    approveReport(input: $input) {
      period
      status
      version
    }
  }
`);

/** Reports of the approver's child units waiting for them, deadline first; approve those without warnings in one go. */
export default function InboxPage() {
  const { period = '' } = useParams();
  const { viewer } = useSession();
  const { t, reason } = useI18n();
  const tx = useTexts(TEXTS);
  const level = useTexts(LEVEL_TEXT);
  const message = useMessage();
  const client = useClient();
  const unit = viewer!.unit.code;
  const [{ data, fetching, error }, refetch] = useQuery({ query: InboxDocument, variables: { period }, requestPolicy: 'network-only' });
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // the API's approval inbox: the reports waiting for this approver, deadline first (the server's, shown as it gives it), then unit code
  const rows = (data?.approvalInbox.edges ?? []).map((e) => e.node);
  const clean = rows.filter((r) => r.warnings.length === 0 && r.actions.includes('APPROVE'));
  const bulk = async () => {
    setBusy(true);
    setProblem(null);
    let ok = 0;
    for (const r of clean) {
      const res = await client.mutation(ApproveFromInboxDocument, { input: { unitCode: r.unit.code, period: r.period, expectedVersion: r.version } }).toPromise();
      const p = problemOf(res.error);
      if (p) setProblem(`${r.unit.name}：${reason(p.reason, p.message)}`);
      else ok++;
    }
    setBusy(false);
    message.success(`${t('approved')} ${ok}`);
    refetch({ requestPolicy: 'network-only' });
  };
  const p = problemOf(error);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('inbox')} · {period}
      </Typography.Title>
      {p ? <Alert type="error" title={reason(p.reason, p.message)} /> : null}
      {problem ? <Alert type="error" role="alert" title={problem} /> : null}
      <Card size="small">
        <Space style={{ marginBottom: 8 }}>
          <Button type="primary" disabled={!clean.length} loading={busy} onClick={() => void bulk()}>
            {t('bulkApprove')}（{clean.length}）
          </Button>
          <Button onClick={() => refetch({ requestPolicy: 'network-only' })}>{t('refresh')}</Button>
        </Space>
        <Table
          size="small"
          rowKey={(r) => r.unit.code}
          loading={fetching}
          pagination={false}
          aria-label={t('inbox')}
          locale={{ emptyText: t('nothingWaiting') }}
          dataSource={rows}
          columns={[
            { title: t('unit'), render: (_: unknown, r) => <Link to={`/units/${r.unit.code}/${r.period}`}>{r.unit.name}</Link> },
            { title: tx('level'), render: (_: unknown, r) => level(r.unit.level) },
            { title: t('deadline'), render: (_: unknown, r) => deadlineDay(r.dueAt) },
            { title: t('status'), render: (_: unknown, r) => <StatusTag status={r.status} late={r.late} /> },
            { title: tx('warnings'), render: (_: unknown, r) => r.warnings.map((w) => w.rule).join(' ') || '—' },
            { title: tx('submittedBy'), dataIndex: 'submittedBy' },
          ]}
        />
      </Card>
      <Card size="small" title={t('completeness')}>
        <CompletenessPanel code={unit} period={period} />
      </Card>
      <MonitoringPanel unitCode={unit} level={viewer!.unit.level} period={period} registryLink />
    </Space>
  );
}
