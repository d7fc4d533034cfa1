import { Table } from 'antd';
import { useQuery } from 'urql';
import { useI18n } from '../../app/i18n';
import { AuditTrailDocument } from './operations';

const ACTION_TEXT: Record<string, string> = { SAVE: '保存', SUBMIT: '提交', APPROVE: '批准', RETURN: '退回', REOPEN: '撤回', EXEMPT: '免报' };

export function AuditTrail({ code, period }: { code: string; period: string }) {
  const { t, lang } = useI18n();
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
        { title: lang === 'zh' ? '时间' : 'When', dataIndex: 'at', render: (at: string) => at.slice(0, 19).replace('T', ' ') },
        { title: lang === 'zh' ? '操作人' : 'Who', dataIndex: 'actor' },
        { title: lang === 'zh' ? '操作' : 'Action', dataIndex: 'action', render: (a: string) => (lang === 'zh' ? (ACTION_TEXT[a] ?? a) : a) },
        { title: t('status'), render: (_: unknown, r) => `${r.fromStatus ?? '—'} → ${r.toStatus}` },
        { title: t('reason'), dataIndex: 'reason' },
      ]}
    />
  );
}
