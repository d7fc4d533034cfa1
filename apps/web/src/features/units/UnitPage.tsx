import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { LEVEL_TEXT, useI18n, useTexts } from '../../app/i18n';
import { hasRole, useSession } from '../../app/session';
import { NotFoundPage } from '../../components/NotFound';
import { Loading } from '../../components/Loading';
import { AfterFirstPaint } from '../../components/AfterFirstPaint';
import { LOOK as token } from '../../app/look';
import { Antd } from '../../app/Antd';
import { problemOf } from '../../lib/client';
import { isPeriod } from '../../lib/period';
import { takeStarted, unitPageVariables } from '../../app/start';
import { UnitPageDocument } from './operations';
import { EntryForm } from './EntryForm';
import { ScreenTabs } from './ScreenTabs';

// The entry form comes with the screen; the tables (antd Table), the approval and the other tabs load after it.
const ApprovalPanel = lazy(() => import('./ApprovalPanel').then((m) => ({ default: m.ApprovalPanel })));
const AuditTrail = lazy(() => import('./AuditTrail').then((m) => ({ default: m.AuditTrail })));
const CompletenessPanel = lazy(() => import('../../components/CompletenessPanel').then((m) => ({ default: m.CompletenessPanel })));
const ChildUnitsTable = lazy(() => import('./ChildUnitsTable'));
const UnitSearch = lazy(() => import('./UnitSearch'));
// the status line (antd Tag and Alert) follows the form
const StatusAlert = lazy(() => import('./StatusAlert').then((m) => ({ default: m.StatusAlert })));

/** A bordered box with an optional title, as a small antd Card looks (whose module brings Tabs along). */
function Panel({ title, children }: { title?: string; children: ReactNode }) {
  return (
    <section aria-label={title} style={{ border: `1px solid ${token.colorBorderSecondary}`, borderRadius: token.borderRadiusLG, background: token.colorBgContainer }}>
      {title ? <div style={{ padding: '8px 12px', fontWeight: 600, borderBottom: `1px solid ${token.colorBorderSecondary}` }}>{title}</div> : null}
      <div style={{ padding: 12 }}>{children}</div>
    </section>
  );
}

/** Where the status line will be: its height, so the form below does not move when it comes. */
const statusPlaceholder = <div style={{ minHeight: 24 }} />;

const later = (node: ReactNode) => (
  <Antd>
    <Suspense fallback={<Loading />}>{node}</Suspense>
  </Antd>
);

export default function UnitPage() {
  const { code = '', period = '' } = useParams();
  const { t, reason } = useI18n();
  const level = useTexts(LEVEL_TEXT);
  const { viewer } = useSession();
  // the first showing of the screen the app asked for as it started takes that answer; later ones ask again
  const [first] = useState(() => ({ code, period, started: takeStarted(code, period) }));
  const fresh = first.started && first.code === code && first.period === period;
  const [{ data, error }, refetch] = useQuery({
    query: UnitPageDocument,
    variables: unitPageVariables(code, period),
    pause: !isPeriod(period),
    requestPolicy: fresh ? 'cache-first' : undefined,
  });
  const problem = problemOf(error);
  if (!isPeriod(period) || problem?.code === 'NOT_FOUND' || problem?.code === 'BAD_USER_INPUT' || (data && !data.unit)) return <NotFoundPage />;
  if (problem) return <span style={{ color: token.colorError }}>{reason(problem.reason, problem.message)}</span>;
  if (!data?.unit) return <Loading />;
  const unit = data.unit;
  const own = data.indicators.filter((i) => i.level === unit.level);
  const isTop = unit.code === viewer?.unit.code;
  const mayApprove = hasRole(viewer, 'APPROVER') && (!isTop || unit.level === 'PROVINCE');
  const mayEnter = hasRole(viewer, 'CLERK') && own.length > 0;
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const children = unit.children.edges.map((e) => e.node);

  const tabs = [
    ...(mayEnter
      ? [{ key: 'entry', label: t('entry'), children: <EntryForm key={`${unit.code}-${period}`} unit={unit} period={period} indicators={own} report={unit.report ?? null} previous={unit.previous ?? null} onChanged={reload} /> }]
      : []),
    ...(mayApprove && unit.report
      ? [{ key: 'approve', label: t('approve'), children: later(<ApprovalPanel unitCode={unit.code} period={period} report={unit.report} indicators={data.indicators} previous={unit.previous ?? null} onChanged={reload} />) }]
      : []),
    ...(children.length ? [{ key: 'completeness', label: t('completeness'), children: later(<CompletenessPanel code={unit.code} period={period} />) }] : []),
    { key: 'audit', label: t('auditTrail'), children: later(<AuditTrail code={unit.code} period={period} />) },
  ];

  return (
    <div className="cn-stack">
      <div className="cn-title-row">
        <div>
          <nav className="cn-crumbs" aria-label={t('unitsAbove')}>
            {[...unit.ancestors, unit].map((u, i) => (
              <span key={u.code}>
                {i ? <span className="cn-crumb-sep" aria-hidden="true">/</span> : null}
                {u.code === unit.code ? <span aria-current="page">{u.name}</span> : <Link to={`/units/${u.code}/${period}`}>{u.name}</Link>}
              </span>
            ))}
          </nav>
          <h3 style={{ margin: '8px 0 0', fontSize: token.fontSizeHeading3, lineHeight: token.lineHeightHeading3, fontWeight: token.fontWeightStrong, color: token.colorTextHeading }}>
            {unit.name}{' '}
            <span style={{ fontSize: 14, fontWeight: 'normal', color: token.colorTextSecondary }}>
              {level(unit.level)} · {unit.code} · {period}
            </span>
          </h3>
        </div>
        <div>
          <Antd>
            <Suspense fallback={<input className="cn-input" disabled placeholder={t('searchUnit')} />}>
              <UnitSearch period={period} />
            </Suspense>
          </Antd>
        </div>
      </div>
      {/* the status line's tags come with antd's styles: after the form has shown */}
      <AfterFirstPaint fallback={statusPlaceholder}>
        <Antd fallback={statusPlaceholder}>
          <StatusAlert report={unit.report ?? null} level={unit.level} period={period} />
        </Antd>
      </AfterFirstPaint>
      <div className={children.length ? 'cn-split cn-with-side' : 'cn-split'}>
        {children.length ? (
          <Panel title={`${t('children')}（${unit.children.totalCount}）`}>{later(<ChildUnitsTable units={children} period={period} />)}</Panel>
        ) : null}
        <Panel>
          <ScreenTabs items={tabs} />
        </Panel>
      </div>
    </div>
  );
}
