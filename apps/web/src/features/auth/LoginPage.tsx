import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useI18n } from '../../app/i18n';
import { useSession } from '../../app/session';
import { problemOf } from '../../lib/client';

const LoginDocument = graphql(`
  mutation Login($username: String!, $password: String!) {
    login(username: $username, password: $password) {
      token
      expiresAt
    }
  }
`);

export function LoginPage() {
  const { t, reason, lang, setLang } = useI18n();
  const { signIn } = useSession();
  const [result, login] = useMutation(LoginDocument);
  const [problem, setProblem] = useState<string | null>(null);
  const onFinish = async (v: { username: string; password: string }) => {
    setProblem(null);
    const r = await login(v);
    const p = problemOf(r.error);
    if (p) return setProblem(reason(p.reason, p.message));
    if (r.data) signIn(r.data.login.token);
  };
  return (
    <main style={{ display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '100vh', background: '#f5f5f5', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <Typography.Title level={3}>{t('signInTitle')}</Typography.Title>
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t('username')} name="username" rules={[{ required: true }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('password')} name="password" rules={[{ required: true }]}>
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          {problem ? <Alert type="error" title={problem} style={{ marginBottom: 16 }} role="alert" /> : null}
          <Button type="primary" htmlType="submit" block loading={result.fetching}>
            {t('signIn')}
          </Button>
        </Form>
        <Button type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} style={{ marginTop: 8, paddingInline: 0 }}>
          {t('language')}
        </Button>
      </Card>
    </main>
  );
}
