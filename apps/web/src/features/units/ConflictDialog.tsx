import { Button, Modal, Space, Table } from 'antd';
import { useI18n } from '../../app/i18n';
import { formatFigure } from '../../lib/money';

export interface ConflictRow {
  code: string;
  theirs: number | null;
  mine: number | null;
  kind: string;
}

interface Props {
  text: string;
  rows: ConflictRow[];
  nameOf(code: string): string;
  onCancel(): void;
  onResolve(choice: 'mine' | 'merge' | 'theirs'): void;
}

/** Someone saved first: their figure beside mine for each field either side changed, and what to keep. */
export default function ConflictDialog({ text, rows, nameOf, onCancel, onResolve }: Props) {
  const { t } = useI18n();
  return (
    <Modal open title={t('conflictTitle')} onCancel={onCancel} footer={null} width={720}>
      <p>{text}</p>
      <Table
        size="small"
        rowKey="code"
        pagination={false}
        aria-label={t('conflictTitle')}
        dataSource={rows}
        columns={[
          { title: t('indicator'), dataIndex: 'code', render: (c: string) => nameOf(c) },
          { title: t('theirs'), dataIndex: 'theirs', align: 'right', render: (v: number | null, r) => formatFigure(v, r.kind) },
          { title: t('mine'), dataIndex: 'mine', align: 'right', render: (v: number | null, r) => formatFigure(v, r.kind) },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        <Button type="primary" onClick={() => onResolve('merge')}>
          {t('merge')}
        </Button>
        <Button onClick={() => onResolve('mine')}>{t('keepMine')}</Button>
        <Button onClick={() => onResolve('theirs')}>{t('takeTheirs')}</Button>
      </Space>
    </Modal>
  );
}
