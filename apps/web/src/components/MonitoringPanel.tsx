import { useState } from 'react';
import { Link } from 'react-router';
import { Alert, Button, Card, Col, Row, Space, Spin, Table, Tag, Typography } from 'antd';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MonitoringListsQuery } from '../gql/graphql';
import { useI18n, useTexts, type TextTable } from '../app/i18n';
import { seesChildFiles, useSession } from '../app/session';
import { problemOf } from '../lib/client';
import { GradeTag } from './GradeTag';

/** The panel's words (it shows on the dashboard, the approval inbox and the registry). */
const TEXTS = {
  registry: ['一人一档', 'Child registry'],
  current: ['当前', 'current'],
  monitoring: ['动态监测', 'Monitoring'],
  showMonitoring: ['查看动态监测（统计数）', 'Show monitoring (counts)'],
  transitions: ['风险等级变化（上月末 → 本月末）', 'Grade changes (last month’s end → this month’s end)'],
  fromGrade: ['上月末', 'Last month'],
  noGrade: ['未评估', 'Not graded'],
  reassessmentsDue: ['到期未复评', 'Reassessments due'],
  visitsOverdue: ['走访逾期（按包保人）', 'Visits overdue (per helper)'],
  turning18: ['下月满 18 周岁', 'Turning 18 next month'],
  withoutHelper: ['无包保人', 'Without a helper'],
  dueOn: ['到期日', 'Due'],
  lastVisit: ['上次走访', 'Last visit'],
  turns18In: ['满 18 周岁月份', 'Turns 18 in'],
  noHelper: ['（无包保人）', '(no helper)'],
  nothing: ['无', 'None'],
  more: ['另有 {n} 人', '{n} more'],
  namesCountyBelow: ['名单仅对县级及以下单位显示。', 'Names are shown to counties and below only.'],
} as const satisfies TextTable;

/** A helper's role, as the registry's files and the monitoring lists name it. */
export const HELPER_ROLE_TEXT: TextTable = {
  CHILD_DIRECTOR: ['儿童主任', 'Child director'],
  CHILD_SUPERVISOR: ['儿童督导员', 'Child supervisor'],
  VILLAGE_CADRE: ['村干部', 'Village cadre'],
  VOLUNTEER: ['志愿者', 'Volunteer'],
  OTHER: ['其他', 'Other'],
};

/**
 * The registry's monitoring of a unit and month (as of its last day). The matrix and the sizes are
 * counts; the lists name children and are asked for only where names may be seen (county and below).
 */
const MonitoringListsDocument = graphql(`
  query MonitoringLists($unitCode: ID!, $period: Period!, $names: Boolean!) {
    registryMonitoring(unitCode: $unitCode, period: $period) {
      unitCode
      period
      summary {
        reassessmentsDue
        visitsOverdue
        turning18NextMonth
        withoutHelper
      }
      gradeTransitions {
        from
        to
        count
      }
      reassessmentsDue(first: 10) @include(if: $names) {
        dueOn
        child {
          id
          name
          grade
          villageCode
        }
      }
      visitsOverdue @include(if: $names) {
        helperName
        helperRole
        overdue
        children {
          dueOn
          lastVisitOn
          child {
            id
            name
            grade
          }
        }
      }
      turning18NextMonth(first: 10) @include(if: $names) {
        turns18In
        child {
          id
          name
          grade
        }
      }
      withoutHelper(first: 10) @include(if: $names) {
        child {
          id
          name
          grade
        }
      }
    }
  }
`);

type Monitoring = MonitoringListsQuery['registryMonitoring'];
type Entry = { child: { id: string; name: string; grade?: string | null }; dueOn?: string | null; turns18In?: string | null; lastVisitOn?: string | null };

const GRADES = ['RED', 'ORANGE', 'YELLOW', 'GREEN'] as const;

/** From × to, counts: rows the grade at the end of the month before (or none), columns the grade now. */
function TransitionMatrix({ transitions }: { transitions: Monitoring['gradeTransitions'] }) {
  const r = useTexts(TEXTS);
  const count = (from: string | null, to: string) => transitions.find((t) => (t.from ?? null) === from && t.to === to)?.count ?? 0;
  const rows = [...GRADES, null].map((from) => ({ key: from ?? 'NONE', from, cells: GRADES.map((to) => count(from, to)) }));
  return (
    <Table
      size="small"
      pagination={false}
      aria-label={r('transitions')}
      rowKey="key"
      dataSource={rows}
      columns={[
        { title: `${r('fromGrade')} \\ ${r('current')}`, key: 'from', render: (_: unknown, row) => (row.from ? <GradeTag grade={row.from} /> : r('noGrade')) },
        ...GRADES.map((g, i) => ({
          title: <GradeTag grade={g} />,
          key: g,
          align: 'right' as const,
          render: (_: unknown, row: (typeof rows)[number]) => <span style={{ fontWeight: row.from !== g && row.cells[i] ? 600 : undefined }}>{row.cells[i]}</span>,
        })),
      ]}
    />
  );
}

function Names({ entries, total, detail }: { entries: readonly Entry[] | null | undefined; total: number; detail?(e: Entry): string | null | undefined }) {
  const r = useTexts(TEXTS);
  if (!entries?.length) return <Typography.Text type="secondary">{r('nothing')}</Typography.Text>;
  return (
    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
      {entries.map((x) => (
        <li key={x.child.id}>
          {x.child.name} <GradeTag grade={x.child.grade} />
          {detail?.(x) ? <Typography.Text type="secondary">{detail(x)}</Typography.Text> : null}
        </li>
      ))}
      {total > entries.length ? <li>{r('more', { n: total - entries.length })}</li> : null}
    </ul>
  );
}

function ListCard({ title, count, children }: { title: string; count: number; children?: React.ReactNode }) {
  return (
    <Card size="small" title={title} extra={<Tag color={count ? 'volcano' : 'default'}>{count}</Tag>} role="region" aria-label={title}>
      {children}
    </Card>
  );
}

function Lists({ unitCode, period, names }: { unitCode: string; period: string; names: boolean }) {
  const { reason } = useI18n();
  const r = useTexts(TEXTS);
  const helperRole = useTexts(HELPER_ROLE_TEXT);
  const [{ data, error, fetching }] = useQuery({ query: MonitoringListsDocument, variables: { unitCode, period, names } });
  const p = problemOf(error);
  if (p && !data) return <Alert type="warning" title={reason(p.reason, p.message)} />;
  if (!data) return fetching ? <Spin /> : null;
  const m = data.registryMonitoring;
  const s = m.summary;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Row gutter={[12, 12]}>
        <Col xs={24} lg={10}>
          <Card size="small" title={r('transitions')}>
            <TransitionMatrix transitions={m.gradeTransitions} />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Row gutter={[12, 12]}>
            <Col xs={24} md={12}>
              <ListCard title={r('reassessmentsDue')} count={s.reassessmentsDue}>
                {names ? <Names entries={m.reassessmentsDue} total={s.reassessmentsDue} detail={(x) => (x.dueOn ? ` ${r('dueOn')} ${x.dueOn}` : null)} /> : null}
              </ListCard>
            </Col>
            <Col xs={24} md={12}>
              <ListCard title={r('visitsOverdue')} count={s.visitsOverdue}>
                {names ? (
                  m.visitsOverdue?.length ? (
                    <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                      {m.visitsOverdue.map((h) => (
                        <li key={`${h.helperName ?? ''}|${h.helperRole ?? ''}`}>
                          {h.helperName ? `${h.helperName}（${helperRole(h.helperRole)}）` : r('noHelper')}：{h.overdue}
                          <Typography.Text type="secondary"> {h.children.slice(0, 5).map((c) => c.child.name).join('、')}{h.children.length > 5 ? '…' : ''}</Typography.Text>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <Typography.Text type="secondary">{r('nothing')}</Typography.Text>
                  )
                ) : null}
              </ListCard>
            </Col>
            <Col xs={24} md={12}>
              <ListCard title={r('turning18')} count={s.turning18NextMonth}>
                {names ? <Names entries={m.turning18NextMonth} total={s.turning18NextMonth} detail={(x) => (x.turns18In ? ` ${x.turns18In}` : null)} /> : null}
              </ListCard>
            </Col>
            <Col xs={24} md={12}>
              <ListCard title={r('withoutHelper')} count={s.withoutHelper}>
                {names ? <Names entries={m.withoutHelper} total={s.withoutHelper} /> : null}
              </ListCard>
            </Col>
          </Row>
        </Col>
      </Row>
      {names ? null : <Typography.Text type="secondary">{r('namesCountyBelow')}</Typography.Text>}
    </Space>
  );
}

/**
 * The monitoring panel of the inbox and the dashboard. For a county or a unit below it, it loads with
 * the screen; above, its counts span a city's or a province's files, so they come when asked. The lists
 * name children only for those who see files (seesChildFiles); the others get the counts.
 */
export function MonitoringPanel({ unitCode, level, period, registryLink }: { unitCode: string; level: string; period: string; registryLink?: boolean }) {
  const r = useTexts(TEXTS);
  const { viewer } = useSession();
  const names = seesChildFiles(viewer);
  const small = ['COUNTY', 'TOWNSHIP', 'VILLAGE'].includes(level);
  const [asked, setAsked] = useState(false);
  return (
    <Card
      size="small"
      title={`${r('monitoring')} · ${period}`}
      extra={registryLink && names ? <Link to={`/registry/${unitCode}/${period}`}>{r('registry')}</Link> : null}
      role="region"
      aria-label={r('monitoring')}
    >
      {small || asked ? <Lists unitCode={unitCode} period={period} names={names} /> : <Button onClick={() => setAsked(true)}>{r('showMonitoring')}</Button>}
    </Card>
  );
}
