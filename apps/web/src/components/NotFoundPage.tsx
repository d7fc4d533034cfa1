import { Button, Result } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../app/i18n';
import { Antd } from '../app/Antd';

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Antd>
      <Result
      status="404"
      title={t('notFound')}
      subTitle={t('notFoundText')}
      extra={
        <Link to="/">
          <Button type="primary">{t('backHome')}</Button>
        </Link>
      }
      />
    </Antd>
  );
}
