import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert, Breadcrumb, Button, Card, Grid, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { useI18n, useTexts, useTextTables } from '../../app/i18n';
import { opensChildFiles, seesChildFiles, useSession } from '../../app/session';
import { NotFoundPage } from '../../components/NotFound';
import { problemOf } from '../../lib/client';
import { isPeriod } from '../../lib/period';
import { OpenChildFile } from './ChildFile';
import { RegistryCounts } from './RegistryCounts';
import { GradeTag } from '../../components/GradeTag';
import { MonitoringPanel } from '../../components/MonitoringPanel';
import { RegistryChildrenDocument } from './operations';
import { REGISTRY_ENUMS, REGISTRY_TEXTS } from './texts';

const PAGE_SIZE = 20;

/**
 * 一人一档: the children whose files live in a county, township or village, by name (masked ID
 * numbers, nothing logged), searchable and paged on the server; a name opens the full file after its
 * purpose is given. Below, the monitoring lists of the unit and month.
 */
/** The units above, linked from the viewer's own unit down (files above it are not theirs to list). */
function Trail({ chain, home, period }: { chain: { code: string; name: string }[]; home: string | undefined; period: string }) {
  const from = chain.findIndex((u) => u.code === home);
  return (
    <Breadcrumb
      items={chain.map((u, i) => ({ title: from >= 0 && i >= from && i < chain.length - 1 ? <Link to={`/registry/${u.code}/${period}`}>{u.name}</Link> : u.name }))}
    />
  );
}

export default function RegistryPage() {
  const { unitCode = '' } = useParams();
  // another unit starts on its first page, without the last one's search
  return <RegistryList key={unitCode} />;
}

function RegistryList() {
  const { unitCode = '', period = '' } = useParams();
  const { viewer } = useSession();
  const navigate = useNavigate();
  const { reason } = useI18n();
  const r = useTexts(REGISTRY_TEXTS);
  const e = useTextTables(REGISTRY_ENUMS);
  const screens = Grid.useBreakpoint();
  const phone = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const [name, setName] = useState('');
  // keyset paging: the cursor each page starts after (the first page: none)
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const [opening, setOpening] = useState<{ id: string; name: string } | null>(null);
  const after = cursors.at(-1) ?? null;
  const allowed = seesChildFiles(viewer);
  const opens = opensChildFiles(viewer);
  const [{ data, fetching, error }] = useQuery({
    query: RegistryChildrenDocument,
    variables: { unitCode, period, name: name || null, first: PAGE_SIZE, after },
    pause: !isPeriod(period) || !allowed,
  });
  if (!isPeriod(period)) return <NotFoundPage />;
  if (!allowed) return <RegistryCounts unitCode={unitCode} period={period} level={viewer?.unit.code === unitCode ? viewer.unit.level : ''} />;
  const p = problemOf(error);
  if (p?.code === 'NOT_FOUND' || (data && !data.unit)) return <NotFoundPage />;
  const unit = data?.unit;
  const conn = data?.children;
  const rows = (conn?.edges ?? []).map((x) => x.node);
  const search = (v: string) => {
    setName(v.trim());
    setCursors([null]);
  };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div>
        {unit ? <Trail chain={[...unit.ancestors, unit]} home={viewer?.unit.code} period={period} /> : null}
        <Typography.Title level={3} style={{ margin: '8px 0 0' }}>
          {r('registry')}
          {unit ? ` · ${unit.name}` : ''}
        </Typography.Title>
      </div>
      {p ? <Alert type="error" title={reason(p.reason, p.message)} /> : null}
      <Card size="small" title={unit ? r('childrenOf', { unit: unit.name }) : r('registry')} extra={conn ? r('filesCount', { n: conn.totalCount }) : null}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Input.Search aria-label={r('searchName')} placeholder={r('searchName')} allowClear enterButton onSearch={search} style={{ width: phone ? '100%' : 320 }} maxLength={50} />
          {unit?.children.edges.length ? (
            <Select
              aria-label={r('unitBelow')}
              placeholder={r('unitBelow')}
              showSearch={{ optionFilterProp: 'label' }}
              style={{ width: phone ? '100%' : 240 }}
              value={null}
              options={unit.children.edges.map((x) => ({ value: x.node.code, label: x.node.name }))}
              onChange={(code: string) => navigate(`/registry/${code}/${period}`)}
            />
          ) : null}
        </Space>
        <Table
          size="small"
          rowKey="id"
          loading={fetching}
          pagination={false}
          aria-label={r('registry')}
          locale={{ emptyText: r('noChildren') }}
          dataSource={rows}
          scroll={{ x: 'max-content' }}
          columns={[
            {
              title: r('name'),
              dataIndex: 'name',
              render: (n: string, c) =>
                opens ? (
                <Button type="link" style={{ padding: 0 }} aria-label={r('openFileOf', { name: n })} onClick={() => setOpening({ id: c.id, name: n })}>
                  {n}
                </Button>
                ) : (
                  n
                ),
            },
            { title: r('sex'), dataIndex: 'sex', render: (v: string) => e.sex(v) },
            { title: r('age'), dataIndex: 'age', align: 'right' },
            { title: r('grade'), dataIndex: 'grade', render: (g: string | null) => <GradeTag grade={g} /> },
            { title: r('categories'), dataIndex: 'categories', render: (cs: string[]) => (cs.length ? cs.map((c) => <Tag key={c}>{e.category(c)}</Tag>) : '—') },
            ...(phone ? [] : [{ title: r('idNumber'), dataIndex: 'idNumberMasked', render: (v: string | null, c: (typeof rows)[number]) => v ?? (c.needsHouseholdRegistration ? <Tag color="warning">{r('noIdNumber')}</Tag> : '—') }]),
          ]}
        />
        <Space style={{ marginTop: 12 }} wrap>
          <Button disabled={cursors.length <= 1} onClick={() => setCursors((cs) => cs.slice(0, -1))}>
            {r('previous')}
          </Button>
          <span>{r('pageN', { n: cursors.length })}</span>
          <Button disabled={!conn?.pageInfo.hasNextPage} onClick={() => conn?.pageInfo.endCursor && setCursors((cs) => [...cs, conn.pageInfo.endCursor])}>
            {r('next')}
          </Button>
        </Space>
      </Card>
      {unit ? <MonitoringPanel unitCode={unit.code} level={unit.level} period={period} /> : null}
      {opening ? <OpenChildFile child={opening} onClose={() => setOpening(null)} /> : null}
    </Space>
  );
}
