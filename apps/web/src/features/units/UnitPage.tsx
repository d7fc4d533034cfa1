import { lazy, Suspense, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { AutoComplete, Breadcrumb, Card, Col, Row, Space, Spin, Tabs, Typography } from 'antd';
import { useQuery } from 'urql';
import { LEVEL_TEXT, useI18n } from '../../app/i18n';
import { hasRole, useSession } from '../../app/session';
import { NotFoundPage } from '../../components/NotFoundPage';
import { problemOf } from '../../lib/client';
import { isPeriod, shiftPeriod } from '../../lib/period';
import { SearchUnitsDocument, UnitPageDocument } from './operations';
import { EntryForm } from '../entry/EntryForm';
import { StatusAlert } from './StatusAlert';

// The entry form comes with the screen; the tables (antd Table), the approval and the other tabs load after it.
const ApprovalPanel = lazy(() => import('./ApprovalPanel').then((m) => ({ default: m.ApprovalPanel })));
const AuditTrail = lazy(() => import('./AuditTrail').then((m) => ({ default: m.AuditTrail })));
const CompletenessPanel = lazy(() => import('./CompletenessPanel').then((m) => ({ default: m.CompletenessPanel })));
const ChildUnitsTable = lazy(() => import('./ChildUnitsTable'));

const later = (node: ReactNode) => <Suspense fallback={<Spin style={{ margin: 24 }} />}>{node}</Suspense>;

function UnitSearch({ period }: { period: string }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [{ data }] = useQuery({ query: SearchUnitsDocument, variables: { name, period }, pause: name.trim().length < 1 });
  const options = (data?.units.edges ?? []).map(({ node }) => ({ value: node.code, label: `${node.name}（${node.code}）` }));
  return (
    <AutoComplete
      style={{ width: '100%' }}
      options={options}
      onSearch={setName}
      onSelect={(code: string) => navigate(`/units/${code}/${period}`)}
      aria-label={t('searchUnit')}
      placeholder={t('searchUnit')}
    />
  );
}

export default function UnitPage() {
  const { code = '', period = '' } = useParams();
  const { t, lang, reason } = useI18n();
  const { viewer } = useSession();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: UnitPageDocument,
    variables: { code, period, previous: isPeriod(period) ? shiftPeriod(period, -1) : period },
    pause: !isPeriod(period),
  });
  const problem = problemOf(error);
  if (!isPeriod(period) || problem?.code === 'NOT_FOUND' || problem?.code === 'BAD_USER_INPUT' || (data && !data.unit)) return <NotFoundPage />;
  if (problem) return <Typography.Text type="danger">{reason(problem.reason, problem.message)}</Typography.Text>;
  if (!data?.unit) return <Spin style={{ margin: 48 }} />;
  const unit = data.unit;
  const li = lang === 'zh' ? 0 : 1;
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
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Row gutter={[16, 8]} align="middle">
        <Col flex="auto">
          <Breadcrumb
            items={[...unit.ancestors, unit].map((u) => ({
              title: u.code === unit.code ? u.name : <Link to={`/units/${u.code}/${period}`}>{u.name}</Link>,
            }))}
          />
          <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
            {unit.name} <Typography.Text type="secondary" style={{ fontSize: 14 }}>{LEVEL_TEXT[unit.level]?.[li]} · {unit.code} · {period}</Typography.Text>
          </Typography.Title>
        </Col>
        <Col xs={24} md={8}>
          <UnitSearch period={period} />
        </Col>
      </Row>
      <StatusAlert report={unit.report ?? null} level={unit.level} period={period} />
      <Row gutter={[16, 16]}>
        {children.length ? (
          <Col xs={24} lg={8}>
            <Card title={`${t('children')}（${unit.children.totalCount}）`} size="small">
              {later(<ChildUnitsTable units={children} period={period} />)}
            </Card>
          </Col>
        ) : null}
        <Col xs={24} lg={children.length ? 16 : 24}>
          <Card size="small" loading={fetching && !data}>
            <Tabs items={tabs} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
