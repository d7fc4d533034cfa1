import { Link } from 'react-router';
import { Table } from 'antd';
import { useI18n } from '../../app/i18n';
import { StatusTag } from '../../components/StatusTag';

interface ChildUnit {
  code: string;
  name: string;
  report?: { status: string; late?: boolean } | null;
}

/** The unit's child units with the month's status of each, linking to their screens. */
export default function ChildUnitsTable({ units, period }: { units: ChildUnit[]; period: string }) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      scroll={{ y: 520 }}
      dataSource={units}
      aria-label={t('children')}
      columns={[
        { title: t('unit'), dataIndex: 'name', render: (name: string, c) => <Link to={`/units/${c.code}/${period}`}>{name}</Link> },
        { title: t('status'), width: 140, render: (_: unknown, c) => <StatusTag status={c.report?.status} late={c.report?.late} /> },
      ]}
    />
  );
}
