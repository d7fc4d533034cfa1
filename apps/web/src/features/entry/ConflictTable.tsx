import { Table } from 'antd';
import { useI18n } from '../../app/i18n';
import { formatFigure } from '../../lib/money';

export interface ConflictRow {
  code: string;
  theirs: number | null;
  mine: number | null;
  kind: string;
}

/** Their figure beside mine for each field either side changed since the version both started from. */
export default function ConflictTable({ rows, label, nameOf }: { rows: ConflictRow[]; label: string; nameOf(code: string): string }) {
  const { t } = useI18n();
  return (
    <Table
      size="small"
      rowKey="code"
      pagination={false}
      aria-label={label}
      dataSource={rows}
      columns={[
        { title: t('indicator'), dataIndex: 'code', render: (c: string) => nameOf(c) },
        { title: t('theirs'), dataIndex: 'theirs', align: 'right', render: (v: number | null, r) => formatFigure(v, r.kind) },
        { title: t('mine'), dataIndex: 'mine', align: 'right', render: (v: number | null, r) => formatFigure(v, r.kind) },
      ]}
    />
  );
}
