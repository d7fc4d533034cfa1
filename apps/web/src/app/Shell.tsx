import { lazy, Suspense, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, Input, Layout, Menu, Space, Tag, Typography } from 'antd';
import { LEVEL_TEXT, useI18n } from './i18n';
import { hasRole, useSession } from './session';
import { duePeriod, isPeriod } from '../lib/period';

/** Where the month sits in the current address, and how to put another one there. */
export function useRoutePeriod(): { period: string; withPeriod(p: string): string } {
  const { pathname } = useLocation();
  const parts = pathname.split('/');
  const idx = parts.findIndex((p) => isPeriod(p));
  const period = idx >= 0 ? parts[idx]! : duePeriod();
  return {
    period,
    withPeriod(p) {
      if (idx < 0) return pathname;
      const copy = [...parts];
      copy[idx] = p;
      return copy.join('/');
    },
  };
}

const MonthPicker = lazy(() => import('./MonthPicker'));

/** The month picker, with a read-only field of the same size showing the month until the picker has loaded. */
function MonthField({ period, onChange }: { period: string; onChange(p: string): void }) {
  const { t, lang } = useI18n();
  return (
    <Suspense fallback={<Input readOnly aria-label={t('month')} value={period} style={{ width: 120 }} />}>
      <MonthPicker period={period} lang={lang} label={t('month')} onChange={onChange} />
    </Suspense>
  );
}

export function Shell({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { period, withPeriod } = useRoutePeriod();
  if (!viewer) return null;
  const code = viewer.unit.code;
  const items = [
    { key: 'units', label: <Link to={`/units/${code}/${period}`}>{t('entry')}</Link> },
    ...(hasRole(viewer, 'APPROVER') ? [{ key: 'inbox', label: <Link to={`/inbox/${period}`}>{t('inbox')}</Link> }] : []),
    { key: 'dashboard', label: <Link to={`/dashboard/${code}/${period}`}>{t('dashboard')}</Link> },
    ...(hasRole(viewer, 'ADMIN') ? [{ key: 'admin', label: <Link to="/admin">{t('admin')}</Link> }] : []),
  ];
  const selected = pathname.split('/')[1] ?? 'units';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>
          {t('appName')}
        </Typography.Text>
        <nav aria-label={lang === 'zh' ? '主导航' : 'Main'} style={{ flex: 1, minWidth: 200 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[selected]} items={items} style={{ minWidth: 0 }} />
        </nav>
        <Space wrap>
          <MonthField period={period} onChange={(p) => navigate(withPeriod(p))} />
          <span style={{ color: '#fff' }} aria-label={lang === 'zh' ? '当前用户' : 'Signed in as'}>
            {viewer.name} · {viewer.unit.name}（{LEVEL_TEXT[viewer.unit.level]?.[lang === 'zh' ? 0 : 1]}）
            {viewer.roles.map((r) => (
              <Tag key={r} style={{ marginInlineStart: 4 }}>
                {t(`role_${r}` as 'role_CLERK')}
              </Tag>
            ))}
          </span>
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('language')}
          </Button>
          <Button size="small" onClick={signOut}>
            {t('signOut')}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 16 }}>{children}</Layout.Content>
    </Layout>
  );
}
