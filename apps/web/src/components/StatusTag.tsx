import { Tag } from 'antd';
import { STATUS_COLORS, STATUS_TEXT, useI18n } from '../app/i18n';

export function StatusTag({ status, late }: { status: string | null | undefined; late?: boolean }) {
  const { lang, t } = useI18n();
  const s = status ?? 'MISSING';
  return (
    <>
      <Tag color={STATUS_COLORS[s]}>{STATUS_TEXT[s]?.[lang === 'zh' ? 0 : 1] ?? s}</Tag>
      {late ? <Tag color="red">{t('late')}</Tag> : null}
    </>
  );
}
