import { lazy, Suspense, useEffect, useRef, useState, useSyncExternalStore, type CSSProperties, type ReactNode } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { LEVEL_TEXT, useI18n, useTexts } from './i18n';
import { Antd } from './Antd';
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
    <input
      readOnly
      className="cn-input"
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
    <Antd>
      <Suspense fallback={field}>
        <MonthPicker period={period} lang={lang} label={t('month')} open={wanted === 'open'} onChange={onChange} />
      </Suspense>
    </Antd>
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
  const { t } = useI18n();
  const level = useTexts(LEVEL_TEXT);
  if (!viewer) return null;
  return (
    <span style={{ color: onDark ? '#fff' : undefined }} aria-label={t('signedInAs')}>
      {viewer.name} · {viewer.unit.name}（{level(viewer.unit.level)}）
      {viewer.roles.map((r) => (
        <span key={r} className="cn-tag" style={{ marginInlineStart: 4 }}>
          {t(`role_${r}` as 'role_CLERK')}
        </span>
      ))}
    </span>
  );
}

/** The window as wide as antd's `md` breakpoint (768 px) or wider, followed as it changes. */
const WIDE = '(min-width: 768px)';
function useWide(): boolean {
  return useSyncExternalStore(
    (changed) => {
      const query = window.matchMedia(WIDE);
      query.addEventListener('change', changed);
      return () => query.removeEventListener('change', changed);
    },
    () => window.matchMedia(WIDE).matches,
  );
}

/** The phone header's menu: a button and, once pressed, a box below it (as antd's Popover) that a click elsewhere or Escape closes. */
function AccountMenu({ label, initial, children }: { label: string; initial: string; children(close: () => void): ReactNode }) {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!box.current?.contains(e.target as Node)) setOpen(false);
    };
    const escape = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', escape);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', escape);
    };
  }, [open]);
  return (
    <div ref={box} style={{ flex: 'none', lineHeight: 'normal', position: 'relative' }}>
      <button type="button" className="cn-btn" aria-label={label} aria-haspopup="true" aria-expanded={open} style={{ paddingInline: 8 }} onClick={() => setOpen((o) => !o)}>
        {initial} ▾
      </button>
      {open ? (
        <div className="cn-popover" role="dialog" aria-label={label}>
          <div style={{ display: 'flex', flexDirection: 'column', gap: 8, maxWidth: 280 }}>{children(() => setOpen(false))}</div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The header: the screens, the month and the user. On a phone (narrower than antd's `md`) it is one row:
 * the screens (scrolling sideways if they do not fit), the month picker, and one menu button holding the
 * user, the language switch and sign-out, so the screen's content starts right below it. Plain markup
 * styled as antd's Layout, Input, Button, Popover and Tag (app/plain.css): the entry form below should
 * not wait for their component styles.
 */
export function Shell({ children }: { children: ReactNode }) {
  const { viewer, signOut } = useSession();
  const { t, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const { period, withPeriod } = useRoutePeriod();
  const phone = !useWide();
  if (!viewer) return null;
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
    <nav aria-label={t('mainNav')} style={{ flex: 1, minWidth: 0, overflowX: 'auto', whiteSpace: 'nowrap', scrollbarWidth: 'none' }}>
      {items.map((i) => (
        <Link key={i.key} to={i.to} aria-current={i.key === selected ? 'page' : undefined} style={linkStyle(i.key === selected)}>
          {i.label}
        </Link>
      ))}
    </nav>
  );
  const month = <MonthField period={period} onChange={(p) => navigate(withPeriod(p))} />;
  return (
    <div className="cn-layout">
      {phone ? (
        <header className="cn-header cn-header-phone">
          {nav}
          {month}
          <AccountMenu label={t('accountMenu')} initial={viewer.name.slice(0, 1)}>
            {(close) => (
              <>
                <Who onDark={false} />
                <button
                  type="button"
                  className="cn-btn cn-btn-block"
                  onClick={() => {
                    close();
                    switchLang();
                  }}
                >
                  {t('language')}
                </button>
                <button type="button" className="cn-btn cn-btn-block" onClick={signOut}>
                  {t('signOut')}
                </button>
              </>
            )}
          </AccountMenu>
        </header>
      ) : (
        <header className="cn-header cn-header-wide">
          <strong style={{ color: '#fff', fontSize: 16, whiteSpace: 'nowrap' }}>{t('appName')}</strong>
          {nav}
          <div className="cn-row">
            {month}
            <Who onDark />
            <button type="button" className="cn-btn cn-btn-sm" onClick={switchLang}>
              {t('language')}
            </button>
            <button type="button" className="cn-btn cn-btn-sm" onClick={signOut}>
              {t('signOut')}
            </button>
          </div>
        </header>
      )}
      <main className="cn-content" style={{ padding: phone ? 8 : 16 }}>
        {children}
      </main>
    </div>
  );
}
