import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Alert, Button, Card, Form, Input, List, Progress, Select, Steps, Tag, Typography } from 'antd';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { useI18n, useTexts } from '../../app/i18n';
import { useSession } from '../../app/session';
import { Loading } from '../../components/Loading';
import { problemOf } from '../../lib/client';
import { SETUP_TEXTS } from './texts';

const SetupStateDocument = graphql(`
  query SetupState {
    setupState {
      needed
      provinces {
        code
        name
      }
    }
  }
`);

const SetUpDocument = graphql(`
  mutation SetUp($input: SetUpInput!) {
    setUp(input: $input) {
      token
    }
  }
`);

const SetupProgressDocument = graphql(`
  query SetupProgress {
    setupProgress {
      province
      name
      status
      phase
      done
      total
      error
    }
  }
`);

/** Before the sign-in: the first-run setup while no user exists, else what it wraps (the sign-in page). */
export function SetupGate({ children }: { children: ReactNode }) {
  const [{ data, fetching }] = useQuery({ query: SetupStateDocument, requestPolicy: 'network-only' });
  const [token, setToken] = useState<string | null>(null);
  if (token) return <SetupProgressStep token={token} />;
  if (fetching && !data) return <Loading />;
  if (data?.setupState.needed) return <SetupForm provinces={data.setupState.provinces} onDone={setToken} />;
  return <>{children}</>;
}

function Frame({ step, children }: { step: number; children: ReactNode }) {
  const tx = useTexts(SETUP_TEXTS);
  return (
    <main style={{ display: 'flex', justifyContent: 'center', alignItems: 'flex-start', minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 560, maxWidth: '100%', marginTop: 24 }}>
        <Typography.Title level={3}>{tx('title')}</Typography.Title>
        <Steps
          size="small"
          current={step}
          style={{ marginBottom: 24 }}
          items={[{ title: tx('stepAdmin') }, { title: tx('stepLoad') }, { title: tx('stepDone') }]}
        />
        {children}
      </Card>
    </main>
  );
}

interface FormValues {
  username: string;
  password: string;
  confirm: string;
  provinces: string[];
}

function SetupForm({ provinces, onDone }: { provinces: { code: string; name: string }[]; onDone(token: string): void }) {
  const tx = useTexts(SETUP_TEXTS);
  const { reason } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [result, setUp] = useMutation(SetUpDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const options = useMemo(() => provinces.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` })), [provinces]);

  const onFinish = async (v: FormValues) => {
    setProblem(null);
    const r = await setUp({ input: { username: v.username.trim(), password: v.password, provinces: v.provinces } });
    const p = problemOf(r.error);
    if (p) {
      // each broken rule at its field; what has no field (setup closed, under way) above the button
      const byField = new Map<string, string[]>();
      for (const violation of p.violations as { field?: string; message: string }[]) {
        if (violation.field) byField.set(violation.field, [...(byField.get(violation.field) ?? []), violation.message]);
      }
      if (byField.size) form.setFields([...byField].map(([name, errors]) => ({ name: name as keyof FormValues, errors })));
      else setProblem(reason(p.reason, p.message));
      return;
    }
    if (r.data) onDone(r.data.setUp.token);
  };

  return (
    <Frame step={0}>
      <Typography.Paragraph type="secondary">{tx('intro')}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false} initialValues={{ provinces: [] }}>
        <Form.Item label={tx('username')} name="username" rules={[{ required: true, whitespace: true }]}>
          <Input autoComplete="username" autoFocus />
        </Form.Item>
        <Form.Item label={tx('password')} name="password" extra={tx('passwordHint')} rules={[{ required: true }]}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          label={tx('confirm')}
          name="confirm"
          dependencies={['password']}
          rules={[
            { required: true },
            ({ getFieldValue }) => ({
              validator: (_, value) => (!value || value === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(tx('mismatch')))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item label={tx('provinces')} name="provinces" extra={tx('provincesHint')} rules={[{ required: true, type: 'array', min: 1, message: tx('chooseProvince') }]}>
          <Select mode="multiple" options={options} optionFilterProp="label" allowClear />
        </Form.Item>
        {problem ? <Alert type="error" title={problem} style={{ marginBottom: 16 }} role="alert" /> : null}
        {result.fetching ? <Alert type="info" title={tx('starting')} style={{ marginBottom: 16 }} /> : null}
        <Button type="primary" htmlType="submit" block size="large" loading={result.fetching}>
          {tx('start')}
        </Button>
      </Form>
    </Frame>
  );
}

type ProvinceProgress = { province: string; name: string; status: string; phase?: string | null; done: number; total?: number | null; error?: string | null };

function SetupProgressStep({ token }: { token: string }) {
  const tx = useTexts(SETUP_TEXTS);
  const { signIn } = useSession();
  // the new administrator's token, before the session takes it (going in is the person's choice)
  const context = useMemo(() => ({ fetchOptions: { headers: { authorization: `Bearer ${token}` } } }), [token]);
  const [{ data }, again] = useQuery({ query: SetupProgressDocument, context, requestPolicy: 'network-only' });
  const rows: ProvinceProgress[] = data?.setupProgress ?? [];
  const finished = rows.length > 0 && rows.every((r) => r.status === 'DONE' || r.status === 'FAILED');
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => again({ requestPolicy: 'network-only' }), 2000);
    return () => clearInterval(timer);
  }, [finished, again]);
  const status = (s: string) =>
    ({ WAITING: <Tag>{tx('waiting')}</Tag>, LOADING: <Tag color="processing">{tx('loadingOne')}</Tag>, DONE: <Tag color="success">{tx('done')}</Tag>, FAILED: <Tag color="error">{tx('failed')}</Tag> })[s];
  const detail = (r: ProvinceProgress) => {
    if (r.status === 'FAILED') return <Typography.Text type="danger">{r.error}</Typography.Text>;
    if (r.status !== 'LOADING') return null;
    if (r.phase === 'insert' && r.total) {
      return (
        <>
          <Progress percent={Math.floor((100 * r.done) / Math.max(1, r.total))} size="small" />
          <Typography.Text type="secondary">{tx('unitsAdded', { done: r.done.toLocaleString('zh-CN'), total: r.total.toLocaleString('zh-CN') })}</Typography.Text>
        </>
      );
    }
    return <Typography.Text type="secondary">{tx('rowsRead', { n: r.done.toLocaleString('zh-CN') })}</Typography.Text>;
  };
  if (!data) return <Loading />;
  return (
    <Frame step={finished ? 2 : 1}>
      <Alert type={finished ? 'success' : 'info'} title={finished ? tx('allLoaded') : tx('loading')} style={{ marginBottom: 16 }} />
      <List
        dataSource={rows}
        rowKey="province"
        renderItem={(r) => (
          <List.Item extra={status(r.status)}>
            <List.Item.Meta title={`${r.name}（${r.province}）`} description={detail(r)} />
          </List.Item>
        )}
      />
      <Button type="primary" block size="large" style={{ marginTop: 16 }} onClick={() => signIn(token)}>
        {tx('enter')}
      </Button>
    </Frame>
  );
}
