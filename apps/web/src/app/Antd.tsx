import { lazy, Suspense, type ReactNode } from 'react';

const AntdProvider = lazy(() => import('./AntdProvider'));

/**
 * antd's theme and locale, around the parts of a screen drawn with antd components. Not around the
 * whole app: a ConfigProvider computes the theme's tokens and registers their CSS variables as it
 * mounts, work the entry screen's first render (plain markup, app/plain.css) does not need; it now
 * happens when the first antd component shows, after the form (the tokens are cached, so each
 * further provider costs little). The provider's module, and antd with it, loads on first use:
 * `fallback` shows until then.
 */
export function Antd({ children, fallback = null }: { children: ReactNode; fallback?: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <AntdProvider>{children}</AntdProvider>
    </Suspense>
  );
}
