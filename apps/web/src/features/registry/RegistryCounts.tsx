import { Alert, Card, Space, Table, Typography } from 'antd';
import { useQuery } from 'urql';
import { problemOf } from '../../lib/client';
import { MonitoringPanel } from '../../components/MonitoringPanel';
import { RegistryCountsDocument } from './operations';
import { useI18n, useTexts } from '../../app/i18n';
import { REGISTRY_TEXTS } from './texts';

/** The registry for those who get counts only (viewers, units above the county): the files' figures and the monitoring counts. */
export function RegistryCounts({ unitCode, period, level }: { unitCode: string; period: string; level: string }) {
  const { named, reason } = useI18n();
  const r = useTexts(REGISTRY_TEXTS);
  const [{ data, error, fetching }] = useQuery({ query: RegistryCountsDocument, variables: { unitCode, period } });
  const p = problemOf(error);
  const names = new Map((data?.indicators ?? []).map((i) => [i.code, named(i)]));
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {r('registry')}
        {data ? ` · ${data.registryCounts.unitName}` : ''}
      </Typography.Title>
      <Alert type="info" title={r('countsOnly')} />
      {p ? <Alert type="error" title={reason(p.reason, p.message)} /> : null}
      <Card size="small" title={`${r('counts')} · ${period}`}>
        <Table
          size="small"
          rowKey="indicator"
          pagination={false}
          loading={fetching}
          aria-label={r('counts')}
          dataSource={data?.registryCounts.values ?? []}
          columns={[
            { title: r('indicator'), dataIndex: 'indicator', render: (c: string) => names.get(c) ?? c },
            { title: r('count'), dataIndex: 'value', align: 'right' },
          ]}
        />
      </Card>
      <MonitoringPanel unitCode={unitCode} level={level} period={period} />
    </Space>
  );
}
