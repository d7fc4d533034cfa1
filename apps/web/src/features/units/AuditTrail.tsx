import { Table } from 'antd';
import { useQuery } from 'urql';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { AuditTrailDocument } from './operations';

const TEXTS = { at: ['时间', 'When'], actor: ['操作人', 'Who'], action: ['操作', 'Action'] } as const satisfies TextTable;
const ACTION_TEXT: TextTable = { SAVE: ['保存', 'SAVE'], SUBMIT: ['提交', 'SUBMIT'], APPROVE: ['批准', 'APPROVE'], RETURN: ['退回', 'RETURN'], REOPEN: ['撤回', 'REOPEN'], EXEMPT: ['免报', 'EXEMPT'] };

export function AuditTrail({ code, period }: { code: string; period: string }) {
  const { t } = useI18n();
  const tx = useTexts(TEXTS);
  const action = useTexts(ACTION_TEXT);
  const [{ data, fetching }] = useQuery({ query: AuditTrailDocument, variables: { code, period }, requestPolicy: 'network-only' });
  return (
    <Table
      size="small"
      loading={fetching}
      rowKey={(r) => `${r.at}-${r.version}-${r.action}`}
      pagination={false}
      aria-label={t('auditTrail')}
      dataSource={data?.auditTrail ?? []}
      columns={[
        { title: tx('at'), dataIndex: 'at', render: (at: string) => at.slice(0, 19).replace('T', ' ') },
        { title: tx('actor'), dataIndex: 'actor' },
        { title: tx('action'), dataIndex: 'action', render: (a: string) => action(a) },
        { title: t('status'), render: (_: unknown, r) => `${r.fromStatus ?? '—'} → ${r.toStatus}` },
        { title: t('reason'), dataIndex: 'reason' },
      ]}
    />
  );
}
