import { lazy, Suspense, useState, type CSSProperties, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { Button, Grid, Input, Layout, Popover, Space, Tag } from 'antd';
import { LEVEL_TEXT, useI18n } from './i18n';
import { hasRole, seesChildFiles, useSession, type Viewer } from './session';
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

const MonthPicker = lazy(() => import('./MonthPicker'));

/**
 * The month: a read-only field showing it, which becomes antd's month picker (loaded then, with dayjs)
 * once someone points at it or focuses it. Rendering the picker is heavy on a slow phone, and the entry
 * form should not wait for it.
 */
function MonthField({ period, onChange }: { period: string; onChange(p: string): void }) {
  const { t, lang } = useI18n();
  const [wanted, setWanted] = useState<'no' | 'ready' | 'open'>('no');
  const field = (
    <Input
      readOnly
      aria-label={t('month')}
      value={period}
      style={{ width: 120, flex: 'none' }}
      onPointerEnter={() => setWanted((w) => (w === 'no' ? 'ready' : w))}
      onFocus={() => setWanted('open')}
      onClick={() => setWanted('open')}
    />
  );
  if (wanted === 'no') return field;
  return (
    <Suspense fallback={field}>
      <MonthPicker period={period} lang={lang} label={t('month')} open={wanted === 'open'} onChange={onChange} />
    </Suspense>
  );
}

const linkStyle = (current: boolean): CSSProperties => ({
  color: current ? '#fff' : 'rgba(255,255,255,0.75)',
  background: current ? '#c0392b' : undefined,
  padding: '0 12px',
  whiteSpace: 'nowrap',
  display: 'inline-block',
});

/** The signed-in user: name, unit and roles. */
function Who({ onDark }: { onDark: boolean }) {
  const { viewer } = useSession();
  const { t, lang } = useI18n();
  if (!viewer) return null;
  return (
    <span style={{ color: onDark ? '#fff' : undefined }} aria-label={lang === 'zh' ? '当前用户' : 'Signed in as'}>
      {viewer.name} · {viewer.unit.name}（{LEVEL_TEXT[viewer.unit.level]?.[lang === 'zh' ? 0 : 1]}）
      {viewer.roles.map((r) => (
        <Tag key={r} style={{ marginInlineStart: 4 }}>
          {t(`role_${r}` as 'role_CLERK')}
        </Tag>
      ))}
    </span>
  );
}

/**
 * The header: the screens, the month and the user. On a phone (narrower than antd's `md`) it is one row:
 * the screens (scrolling sideways if they do not fit), the month picker, and one menu button holding the
 * user, the language switch and sign-out, so the screen's content starts right below it.
 */
export function Shell({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { period, withPeriod } = useRoutePeriod();
  const screens = Grid.useBreakpoint();
  const [menuOpen, setMenuOpen] = useState(false);
  if (!viewer) return null;
  // before the first measurement useBreakpoint is empty: take the window's width then
  const phone = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const code = viewer.unit.code;
  const items = [
    { key: 'units', to: `/units/${code}/${period}`, label: t('entry') },
    ...(hasRole(viewer, 'APPROVER') ? [{ key: 'inbox', to: `/inbox/${period}`, label: t('inbox') }] : []),
    ...(mayImport(viewer) ? [{ key: 'import', to: `/import/${period}`, label: t('import') }] : []),
    { key: 'dashboard', to: `/dashboard/${code}/${period}`, label: t('dashboard') },
    ...(seesChildFiles(viewer) ? [{ key: 'registry', to: `/registry/${code}/${period}`, label: t('registry') }] : []),
    ...(hasRole(viewer, 'ADMIN') ? [{ key: 'admin', to: '/admin', label: t('admin') }] : []),
  ];
  const selected = pathname.split('/')[1] || 'units';
  const switchLang = () => setLang(lang === 'zh' ? 'en' : 'zh');
  const nav = (
    <nav aria-label={lang === 'zh' ? '主导航' : 'Main'} style={{ flex: 1, minWidth: 0, overflowX: 'auto', whiteSpace: 'nowrap', scrollbarWidth: 'none' }}>
      {items.map((i) => (
        <Link key={i.key} to={i.to} aria-current={i.key === selected ? 'page' : undefined} style={linkStyle(i.key === selected)}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
  const month = <MonthField period={period} onChange={(p) => navigate(withPeriod(p))} />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      {phone ? (
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 8, paddingInline: 8, height: 48, lineHeight: '48px' }}>
          {nav}
          {month}
          <Popover
            trigger="click"
            placement="bottomRight"
            open={menuOpen}
            onOpenChange={setMenuOpen}
            content={
              <Space orientation="vertical" style={{ maxWidth: 280 }}>
                <Who onDark={false} />
                <Button
                  block
                  onClick={() => {
                    setMenuOpen(false);
                    switchLang();
                  }}
                >
                  {t('language')}
                </Button>
                <Button block onClick={signOut}>
                  {t('signOut')}
                </Button>
              </Space>
            }
          >
            <Button aria-label={t('accountMenu')} aria-haspopup="true" aria-expanded={menuOpen} style={{ flex: 'none', paddingInline: 8 }}>
              {viewer.name.slice(0, 1)} ▾
            </Button>
          </Popover>
        </Layout.Header>
      ) : (
        <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, flexWrap: 'wrap', height: 'auto', lineHeight: '48px' }}>
          <strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>{t('appName')}</strong>
          {nav}
          <Space wrap>
            {month}
            <Who onDark />
            <Button size="small" onClick={switchLang}>
              {t('language')}
            </Button>
            <Button size="small" onClick={signOut}>
              {t('signOut')}
            </Button>
          </Space>
        </Layout.Header>
      )}
      <Layout.Content style={{ padding: phone ? 8 : 16 }}>{children}</Layout.Content>
    </Layout>
  );
}
