import type { ReactNode } from 'react';
import { ConfigProvider, type ThemeConfig } from 'antd';
import { useI18n } from './i18n';

const THEME: ThemeConfig = { token: { colorPrimary: '#c0392b' } };
const BUTTON = { autoInsertSpace: false };

/**
 * antd's theme and locale, around the parts of a screen drawn with antd components. Not around the
 * whole app: a ConfigProvider computes the theme's tokens and registers their CSS variables as it
 * mounts, work the entry screen's first render (plain markup, app/plain.css) does not need; it now
 * happens when the first antd component shows, after the form (the tokens are cached, so each
 * further provider costs little).
 */
export function Antd({ children }: { children: ReactNode }) {
  const { antdLocale } = useI18n();
  return (
    <ConfigProvider locale={antdLocale} theme={THEME} button={BUTTON}>
      {children}
    </ConfigProvider>
  );
}
