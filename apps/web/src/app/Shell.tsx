import type { ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, DatePicker, Layout, Menu, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { LEVEL_TEXT, useI18n } from './i18n';
import { hasRole, useSession, type Viewer } from './session';
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

/** Bulk import is for the clerks and approvers of a county or township (their villages in one file). */
function mayImport(viewer: Viewer): boolean {
  return (hasRole(viewer, 'CLERK') || hasRole(viewer, 'APPROVER')) && ['COUNTY', 'TOWNSHIP'].includes(viewer.unit.level);
}

export function Shell({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { period, withPeriod } = useRoutePeriod();
  if (!viewer) return null;
  dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en');
  const code = viewer.unit.code;
  const items = [
    { key: 'units', label: <Link to={`/units/${code}/${period}`}>{t('entry')}</Link> },
    ...(hasRole(viewer, 'APPROVER') ? [{ key: 'inbox', label: <Link to={`/inbox/${period}`}>{t('inbox')}</Link> }] : []),
    ...(mayImport(viewer) ? [{ key: 'import', label: <Link to={`/import/${period}`}>{t('import')}</Link> }] : []),
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
          <DatePicker
            picker="month"
            allowClear={false}
            aria-label={t('month')}
            value={dayjs(`${period}-01`)}
            disabledDate={(d) => d.isAfter(dayjs(`${duePeriod()}-01`), 'month')}
            onChange={(d) => d && navigate(withPeriod(d.format('YYYY-MM')))}
          />
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
