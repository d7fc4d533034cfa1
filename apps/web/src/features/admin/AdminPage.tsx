import { Typography } from 'antd';
import { useI18n } from '../../app/i18n';

export default function AdminPage() {
  const { t } = useI18n();
  return <Typography.Title level={3}>{t('admin')}</Typography.Title>;
}
