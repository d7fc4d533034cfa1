import { lazy, Suspense, useCallback, useMemo, useState, type ComponentType } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { createClient } from '../lib/client';
import { duePeriod } from '../lib/period';
import { I18nProvider } from './i18n';
import { Antd } from './Antd';
import { SessionProvider, useSession } from './session';
import { Shell } from './Shell';
import { FeedbackProvider } from './feedback';
import { NotFoundPage } from '../components/NotFound';
import { getToken } from '../lib/session';
import { startQueries } from './start';
import { Loading } from '../components/Loading';

// Route-level splitting: each screen is its own chunk; charts (ECharts) only in the dashboard's.
const loadUnitPage = () => import('../features/units/UnitPage');
// Someone signed in lands on the entry screen: fetch its chunk alongside the first query, not after it.
const entryScreen = getToken() && /^\/(units\/|$)/.test(window.location.pathname) ? loadUnitPage() : undefined;
let loadedUnitPage: ComponentType | undefined;
void entryScreen?.then((m) => (loadedUnitPage = m.default));
const LazyUnitPage = lazy(loadUnitPage);
let UnitPageType: ComponentType | undefined;
/**
 * The entry screen: its module's component itself when the chunk is already there at its first showing
 * (no Suspense fallback and second render), else the lazy one; chosen once, so it is never remounted.
 */
function UnitPage() {
  UnitPageType ??= loadedUnitPage ?? LazyUnitPage;
  return <UnitPageType />;
}
// The first client asks for the session (and the entry screen's data) now, while the rest of the app loads.
const firstClient = createClient();
/**
 * When main.tsx renders the app: once the session and the entry screen have answered and the screen's
 * chunk is here (index.html shows the loading markup until then), or after 3 s whatever has come.
 * Rendering before would keep the main thread busy when the session's answer arrives (the screen's
 * query, which needs it at `/`, would wait for that render), and render the screen twice.
 */
export const appReady: Promise<void> = Promise.race([
  Promise.all([startQueries(firstClient), entryScreen]).then(
    () => undefined,
    () => undefined,
  ),
  new Promise<void>((resolve) => setTimeout(resolve, 3000)),
]);
const LoginPage = lazy(() => import('../features/auth/LoginPage').then((m) => ({ default: m.LoginPage })));
const SetupGate = lazy(() => import('../features/setup/SetupPage').then((m) => ({ default: m.SetupGate })));
const ChangePasswordModal = lazy(() => import('../features/auth/ChangePasswordModal').then((m) => ({ default: m.ChangePasswordModal })));
const InboxPage = lazy(() => import('../features/inbox/InboxPage'));
const DashboardPage = lazy(() => import('../features/dashboard/DashboardPage'));
const AdminPage = lazy(() => import('../features/admin/AdminPage'));
const ImportPage = lazy(() => import('../features/imports/ImportPage'));
const RegistryPage = lazy(() => import('../features/registry/RegistryPage'));

function Routed() {
  const { viewer, loading, signIn } = useSession();
  if (loading) return <Loading />;
  if (!viewer) {
    return (
      <Antd>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route
              path="*"
              element={
                <SetupGate>
                  <LoginPage />
                </SetupGate>
              }
            />
          </Routes>
        </Suspense>
      </Antd>
    );
  }
  const home = `/units/${viewer.unit.code}/${duePeriod()}`;
  return (
    <Shell>
      {viewer.mustChangePassword ? (
        <Antd>
          <Suspense fallback={null}>
            <ChangePasswordModal onDone={() => signIn(getToken()!)} />
          </Suspense>
        </Antd>
      ) : null}
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/" element={<Navigate to={home} replace />} />
          <Route path="/login" element={<Navigate to={home} replace />} />
          <Route path="/units/:code/:period" element={<UnitPage />} />
          <Route
            path="/inbox/:period"
            element={
              <Antd>
                <InboxPage />
              </Antd>
            }
          />
          <Route
            path="/dashboard/:code/:period"
            element={
              <Antd>
                <DashboardPage />
              </Antd>
            }
          />
          <Route
            path="/admin"
            element={
              <Antd>
                <AdminPage />
              </Antd>
            }
          />
          <Route
            path="/import/:period"
            element={
              <Antd>
                <ImportPage />
              </Antd>
            }
          />
          <Route
            path="/registry/:unitCode/:period"
            element={
              <Antd>
                <RegistryPage />
              </Antd>
            }
          />
          <Route path="*" element={<NotFoundPage />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}

export function App() {
  const [generation, setGeneration] = useState(0);
  // A new client (empty cache) whenever someone signs in or out.
  const client = useMemo(() => (generation === 0 ? firstClient : createClient()), [generation]);
  const changed = useCallback(() => setGeneration((g) => g + 1), []);
  return (
    <I18nProvider>
      <FeedbackProvider>
        <UrqlProvider value={client}>
          <BrowserRouter>
            <SessionProvider key={generation} onChange={changed}>
              <Routed />
            </SessionProvider>
          </BrowserRouter>
        </UrqlProvider>
      </FeedbackProvider>
    </I18nProvider>
  );
}
