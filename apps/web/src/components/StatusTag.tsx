import { Tag } from 'antd';
import { STATUS_COLORS, STATUS_TEXT, useI18n, useTexts } from '../app/i18n';

export function StatusTag({ status, late }: { status: string | null | undefined; late?: boolean }) {
  const { t } = useI18n();
  const statusText = useTexts(STATUS_TEXT);
  const s = status ?? 'MISSING';
  return (
    <>
      <Tag color={STATUS_COLORS[s]}>{statusText(s)}</Tag>
      {late ? <Tag color="red">{t('late')}</Tag> : null}
    </>
  );
}
