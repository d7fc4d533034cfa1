import { useState } from 'react';
import { Alert, Descriptions, Drawer, Form, Grid, Input, Modal, Radio, Space, Table, Tag, Typography } from 'antd';
import { useClient, useQuery } from 'urql';
import type { AccessPurpose, ChildFileQuery } from '../../gql/graphql';
import { problemOf } from '../../lib/client';
import { GradeTag } from '../../components/GradeTag';
import { ChildAccessLogDocument, ChildFileDocument } from './operations';
import { useI18n, useTexts, useTextTables } from '../../app/i18n';
import { HELPER_ROLE_TEXT } from '../../components/MonitoringPanel';
import { REGISTRY_ENUMS, REGISTRY_TEXTS } from './texts';

type File = ChildFileQuery['childFile'];

/**
 * Asks why the full file is opened (the API logs it with the purpose), then opens it. Closing either
 * step goes back to the list.
 */
export function OpenChildFile({ child, onClose }: { child: { id: string; name: string }; onClose(): void }) {
  const r = useTexts(REGISTRY_TEXTS);
  const e = useTextTables(REGISTRY_ENUMS);
  const { reason } = useI18n();
  const client = useClient();
  const [form] = Form.useForm<{ purpose: AccessPurpose; note?: string }>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const open = async ({ purpose, note }: { purpose: AccessPurpose; note?: string }) => {
    setBusy(true);
    setProblem(null);
    const res = await client.query(ChildFileDocument, { id: child.id, purpose, note: note?.trim() || null }, { requestPolicy: 'network-only' }).toPromise();
    setBusy(false);
    const p = problemOf(res.error);
    if (p) setProblem(reason(p.reason, p.message));
    else if (res.data) setFile(res.data.childFile);
  };
  if (file) return <ChildFileDrawer file={file} onClose={onClose} />;
  return (
    <Modal open title={r('openFileOf', { name: child.name })} onCancel={onClose} okText={r('open')} cancelText={r('cancel')} confirmLoading={busy} onOk={() => form.submit()} destroyOnHidden>
      <Typography.Paragraph type="secondary">{r('purposeHint')}</Typography.Paragraph>
      {problem ? <Alert type="error" role="alert" title={problem} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void open(v)}>
        <Form.Item name="purpose" label={r('purpose')} rules={[{ required: true, message: r('choosePurpose') }]}>
          <Radio.Group options={e.purpose.options().filter((o) => o.value !== 'EXPORT')} />
        </Form.Item>
        <Form.Item name="note" label={r('note')}>
          <Input maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

const since = (from: string, to: string | null | undefined) => (to ? `${from} — ${to}` : `${from} —`);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} style={{ marginBottom: 20 }}>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

function AccessLog({ childId }: { childId: string }) {
  const r = useTexts(REGISTRY_TEXTS);
  const e = useTextTables(REGISTRY_ENUMS);
  const [{ data, fetching }] = useQuery({ query: ChildAccessLogDocument, variables: { childId }, requestPolicy: 'network-only' });
  return (
    <Table
      size="small"
      pagination={false}
      loading={fetching}
      aria-label={r('accessLog')}
      rowKey={(x) => `${x.at}|${x.actor}|${x.action}`}
      dataSource={data?.childAccessLog ?? []}
      scroll={{ x: 'max-content' }}
      columns={[
        { title: r('at'), dataIndex: 'at', render: (v: string) => new Date(v).toLocaleString() },
        { title: r('actor'), dataIndex: 'actor' },
        { title: r('action'), dataIndex: 'action', render: (v: string) => e.action(v) },
        { title: r('purpose'), dataIndex: 'purpose', render: (v: string) => e.purpose(v) },
        { title: r('note'), dataIndex: 'note', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

/** The full file: personal data, categories, guardians, facts, helper, grade history, visits, exit and who opened it. */
function ChildFileDrawer({ file: f, onClose }: { file: File; onClose(): void }) {
  const r = useTexts(REGISTRY_TEXTS);
  const e = useTextTables(REGISTRY_ENUMS);
  const helperRole = useTexts(HELPER_ROLE_TEXT);
  const screens = Grid.useBreakpoint();
  const phone = screens.md === undefined ? window.innerWidth < 768 : !screens.md;
  const fact = (field: string) => f.facts.find((x) => x.field === field)?.value ?? '—';
  const residence = f.residenceHistory.find((x) => !x.validTo) ?? f.residenceHistory.at(-1);
  const grade = f.gradeHistory.find((g) => !g.validTo);
  return (
    <Drawer open onClose={onClose} size={phone ? '100%' : 760} title={`${r('file')} · ${f.name}`} extra={<GradeTag grade={grade?.grade} />}>
      <Section title={r('personal')}>
        <Descriptions size="small" bordered column={phone ? 1 : 2}>
          <Descriptions.Item label={r('name')}>{f.name}</Descriptions.Item>
          <Descriptions.Item label={r('sex')}>{e.sex(f.sex)}</Descriptions.Item>
          <Descriptions.Item label={r('birthDate')}>{f.birthDate}</Descriptions.Item>
          <Descriptions.Item label={r('idNumber')}>{f.idNumber ?? (f.needsHouseholdRegistration ? r('noIdNumber') : '—')}</Descriptions.Item>
          <Descriptions.Item label={r('residence')}>{residence ? `${residence.villageName}（${residence.villageCode}）` : f.villageCode}</Descriptions.Item>
          <Descriptions.Item label={r('hukou')}>{fact('HUKOU_PLACE')}</Descriptions.Item>
          <Descriptions.Item label={r('openedOn')}>{f.openedOn}</Descriptions.Item>
          <Descriptions.Item label={r('asOf')}>{f.asOf}</Descriptions.Item>
        </Descriptions>
      </Section>
      <Section title={r('categoriesCert')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(x) => `${x.category}|${x.validFrom}`}
          dataSource={f.categoryHistory}
          locale={{ emptyText: r('none') }}
          columns={[
            { title: r('category'), dataIndex: 'category', render: (v: string) => e.category(v) },
            { title: r('catStatus'), dataIndex: 'status', render: (v: string) => e.categoryStatus(v) },
            { title: r('certifiedOn'), dataIndex: 'certifiedOn', render: (v: string | null) => v ?? '—' },
            { title: `${r('from')} — ${r('until')}`, render: (_: unknown, x) => since(x.validFrom, x.validTo) },
          ]}
        />
      </Section>
      <Section title={r('guardians')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(x) => `${x.name}|${x.relation}`}
          dataSource={f.guardians}
          locale={{ emptyText: r('none') }}
          columns={[
            { title: r('name'), dataIndex: 'name' },
            { title: r('relation'), dataIndex: 'relation', render: (v: string) => e.relation(v) },
            { title: r('phone'), dataIndex: 'phone', render: (v: string | null) => v ?? '—' },
            { title: r('since'), dataIndex: 'validFrom' },
          ]}
        />
      </Section>
      <Section title={`${r('parents')} · ${r('health')} · ${r('schooling')}`}>
        <Descriptions size="small" bordered column={1}>
          <Descriptions.Item label={r('parents')}>{fact('PARENTS_SITUATION')}</Descriptions.Item>
          <Descriptions.Item label={r('health')}>{fact('HEALTH')}</Descriptions.Item>
          <Descriptions.Item label={r('disability')}>{fact('DISABILITY')}</Descriptions.Item>
          <Descriptions.Item label={r('schooling')}>{fact('SCHOOLING')}</Descriptions.Item>
        </Descriptions>
      </Section>
      <Section title={r('helper')}>
        {f.helper ? (
          <Descriptions size="small" bordered column={phone ? 1 : 2}>
            <Descriptions.Item label={r('name')}>{f.helper.name}</Descriptions.Item>
            <Descriptions.Item label={r('helperRole')}>{helperRole(f.helper.role)}</Descriptions.Item>
            <Descriptions.Item label={r('phone')}>{f.helper.phone ?? '—'}</Descriptions.Item>
            <Descriptions.Item label={r('since')}>{f.helper.validFrom}</Descriptions.Item>
          </Descriptions>
        ) : (
          <Tag color="volcano">{r('withoutHelper')}</Tag>
        )}
      </Section>
      <Section title={r('gradeHistory')}>
        <Table
          size="small"
          pagination={false}
          aria-label={r('gradeHistory')}
          rowKey={(x) => `${x.validFrom}|${x.grade}`}
          dataSource={[...f.gradeHistory].sort((a, b) => b.validFrom.localeCompare(a.validFrom))}
          locale={{ emptyText: r('noGrade') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: r('grade'), dataIndex: 'grade', render: (v: string) => <GradeTag grade={v} /> },
            { title: r('from'), dataIndex: 'validFrom' },
            { title: r('until'), dataIndex: 'validTo', render: (v: string | null) => v ?? r('current') },
            { title: r('reason'), dataIndex: 'reason' },
            { title: r('assessedBy'), dataIndex: 'assessedBy' },
          ]}
        />
      </Section>
      <Section title={r('visits')}>
        <Table
          size="small"
          pagination={false}
          rowKey={(x) => `${x.visitedOn}|${x.visitor}|${x.kind}`}
          dataSource={[...f.visits].sort((a, b) => b.visitedOn.localeCompare(a.visitedOn))}
          locale={{ emptyText: r('none') }}
          scroll={{ x: 'max-content' }}
          columns={[
            { title: r('visitedOn'), dataIndex: 'visitedOn' },
            { title: r('visitKind'), dataIndex: 'kind', render: (v: string) => e.visitKind(v) },
            { title: r('visitor'), dataIndex: 'visitor' },
            { title: r('notes'), dataIndex: 'notes', render: (v: string | null) => v ?? '—' },
            { title: r('followUp'), dataIndex: 'followUp', render: (v: string | null) => v ?? '—' },
          ]}
        />
      </Section>
      <Section title={r('exit')}>
        {f.exitedOn ? (
          <Space>
            <span>
              {r('exitedOn')}：{f.exitedOn}
            </span>
            <span>
              {r('exitReason')}：{e.exitReason(f.exitReason)}
            </span>
          </Space>
        ) : (
          <Typography.Text type="secondary">{r('stillOpen')}</Typography.Text>
        )}
      </Section>
      <Section title={r('accessLog')}>
        <AccessLog childId={f.id} />
      </Section>
    </Drawer>
  );
}
