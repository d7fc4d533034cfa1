import type { Client } from '@urql/core';
import { MeDocument } from './session';
import { UnitPageDocument } from '../features/units/operations';
import { duePeriod, isPeriod, shiftPeriod } from '../lib/period';
import { getToken } from '../lib/session';

/** The unit screen's query variables for a unit and a month (the screen asks with the same). */
export function unitPageVariables(code: string, period: string) {
  return { code, period, previous: isPeriod(period) ? shiftPeriod(period, -1) : period };
}

const started = new Set<string>();
const keyOf = (code: string, period: string) => `${code}/${period}`;

/**
 * Someone signed in lands on the entry screen: ask for the session and for the screen's data as the
 * app starts, before React renders anything, so neither waits for a render. At `/units/:code/:period`
 * both go together; at `/` the unit is the signed-in user's own, so its query follows the session's
 * answer at once (and the address becomes the screen's). The screens then find the answers in the
 * client's cache. Settles once these answers are in: main.tsx renders then, the screen in one go,
 * and no render stands between the session's answer and the screen's query.
 */
export function startQueries(client: Client, pathname = window.location.pathname): Promise<void> {
  if (!getToken()) return Promise.resolve();
  const unitPage = (code: string, period: string) => {
    started.add(keyOf(code, period));
    return client.query(UnitPageDocument, unitPageVariables(code, period)).toPromise();
  };
  const me = client.query(MeDocument, {}).toPromise();
  const at = /^\/units\/([^/]+)\/([^/]+)\/?$/.exec(pathname);
  const screen = at ? unitPage(decodeURIComponent(at[1]!), at[2]!) : undefined;
  const home = me.then((r) => {
    if (at || pathname !== '/' || !r.data?.me) return;
    const code = r.data.me.unit.code;
    const period = duePeriod();
    // the address the app would redirect `/` to (App's <Navigate>), set before it renders: the router starts there, one render fewer
    if (window.location.pathname === '/') window.history.replaceState(window.history.state, '', `/units/${code}/${period}`);
    return unitPage(code, period);
  });
  return Promise.all([me, screen, home]).then(
    () => undefined,
    () => undefined,
  );
}

/** Whether the app asked for this unit screen as it started: its first showing takes the cached answer (once). */
export function takeStarted(code: string, period: string): boolean {
  return started.delete(keyOf(code, period));
}
