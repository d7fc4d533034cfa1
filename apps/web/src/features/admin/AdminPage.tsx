import { useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import { useClient, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { Role } from '../../gql/graphql';
import { useMessage } from '../../app/feedback';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { problemOf } from '../../lib/client';

/** The administration screen's words. */
const TEXTS = {
  done: ['已完成', 'Done'],
  resetPasswordOf: ['重置 {username} 的密码', 'Reset {username}’s password'],
  newPassword: ['新密码', 'New password'],
  users: ['用户', 'Users'],
  searchUsers: ['搜索用户', 'Search users'],
  usernameOrUnit: ['用户名或单位', 'Username or unit'],
  newUser: ['新建用户', 'New user'],
  roles: ['角色', 'Roles'],
  rolesOfUsername: ['{username} 的角色', 'Roles of {username}'],
  lastSignIn: ['最近登录', 'Last sign-in'],
  disabled: ['已停用', 'Disabled'],
  enabled: ['正常', 'Active'],
  mustChangePassword: ['需改密码', 'Must change password'],
  actions: ['操作', 'Actions'],
  enable: ['启用', 'Enable'],
  disableUsername: ['停用 {username}', 'Disable {username}'],
  disable: ['停用', 'Disable'],
  resetPassword: ['重置密码', 'Reset password'],
  apiKeys: ['接口密钥', 'API keys'],
  keyName: ['密钥名称', 'Key name'],
  unitCode: ['单位代码', 'Unit code'],
  requestsPerMinute: ['每分钟请求数', 'Requests per minute'],
  shownOnceKeepIt: ['密钥只显示这一次，请妥善保存', 'Shown once: keep it safe'],
  newKey: ['新建密钥', 'New key'],
  name: ['名称', 'Name'],
  perMinute: ['每分钟请求数', 'Per minute'],
  quotaOfName: ['{name} 的配额', 'Quota of {name}'],
  revoked: ['已吊销', 'Revoked'],
  valid: ['有效', 'Active'],
  created: ['创建', 'Created'],
  revoke: ['吊销', 'Revoke'],
  adminAudit: ['管理日志', 'Admin audit'],
  when: ['时间', 'When'],
  who: ['操作人', 'Who'],
  action: ['操作', 'Action'],
  target: ['对象', 'Target'],
} as const satisfies TextTable;

const UsersDocument = graphql(`
  query AdminUsers($search: String) {
    users(search: $search, first: 100) {
      totalCount
      edges {
        node {
          id
          username
          roles
          unitCode
          unit {
            name
          }
          disabled
          lastLoginAt
          mustChangePassword
        }
      }
    }
  }
`);

const ApiKeysDocument = graphql(`
  query AdminApiKeys {
    apiKeys(first: 100) {
      edges {
        node {
          id
          name
          unitCode
          revoked
          quotaPerMinute
          createdAt
          createdBy
        }
      }
    }
  }
`);

const AuditDocument = graphql(`
  query AdminAudit {
    adminAudit(first: 100) {
      edges {
        node {
          id
          at
          actor
          action
          unitCode
          target
          details
        }
      }
    }
  }
`);

const CreateUserDocument = graphql(`
  mutation AdminCreateUser($input: CreateUserInput!) {
    createManagedUser(input: $input) {
      id
    }
  }
`);
const DisableDocument = graphql(`
  mutation AdminDisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      disabled
    }
  }
`);
const EnableDocument = graphql(`
  mutation AdminEnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      disabled
    }
  }
`);
const ResetDocument = graphql(`
  mutation AdminResetPassword($input: ResetPasswordInput!) {
    resetPassword(input: $input) {
      id
      mustChangePassword
    }
  }
`);
const UpdateDocument = graphql(`
  mutation AdminUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) {
      id
      roles
      unitCode
    }
  }
`);
const CreateKeyDocument = graphql(`
  mutation AdminCreateKey($input: CreateManagedApiKeyInput!) {
    createManagedApiKey(input: $input) {
      secret
      apiKey {
        id
      }
    }
  }
`);
const RevokeDocument = graphql(`
  mutation AdminRevokeKey($id: ID!) {
    revokeApiKey(id: $id)
  }
`);
const QuotaDocument = graphql(`
  mutation AdminSetQuota($input: SetApiKeyQuotaInput!) {
    setApiKeyQuota(input: $input) {
      id
      quotaPerMinute
    }
  }
`);

const ROLES: Role[] = ['CLERK', 'APPROVER', 'VIEWER', 'ADMIN'];

/** Users and API keys of the administrator's subtree, and the audit of what administrators did. */
export default function AdminPage() {
  const { t, reason } = useI18n();
  const tx = useTexts(TEXTS);
  const message = useMessage();
  const [modal, modalHolder] = Modal.useModal();
  const client = useClient();
  const [search, setSearch] = useState('');
  const [users, refetchUsers] = useQuery({ query: UsersDocument, variables: { search: search || null }, requestPolicy: 'network-only' });
  const [keys, refetchKeys] = useQuery({ query: ApiKeysDocument, requestPolicy: 'network-only' });
  const [audit, refetchAudit] = useQuery({ query: AuditDocument, requestPolicy: 'network-only' });
  const [problem, setProblem] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newUser, setNewUser] = useState({ username: '', password: '', roles: ['CLERK'] as Role[], unitCode: '' });
  const [newKey, setNewKey] = useState({ name: '', unitCode: '', quotaPerMinute: 1200 });
  const refresh = () => {
    refetchUsers({ requestPolicy: 'network-only' });
    refetchKeys({ requestPolicy: 'network-only' });
    refetchAudit({ requestPolicy: 'network-only' });
  };
  const run = async (p: Promise<{ error?: Parameters<typeof problemOf>[0] }>, ok: string) => {
    setProblem(null);
    const r = await p;
    const pr = problemOf(r.error);
    if (pr) return setProblem(reason(pr.reason, pr.message)), false;
    message.success(ok);
    refresh();
    return true;
  };
  const done = tx('done');
  const resetPassword = (id: string, username: string) => {
    let pw = '';
    modal.confirm({
      title: tx('resetPasswordOf', { username }),
      content: <Input.Password aria-label={tx('newPassword')} onChange={(e) => (pw = e.target.value)} />,
      onOk: () => run(client.mutation(ResetDocument, { input: { id, newPassword: pw } }).toPromise(), done),
    });
  };
  const userRows = users.data?.users.edges.map((e) => e.node) ?? [];
  const keyRows = keys.data?.apiKeys.edges.map((e) => e.node) ?? [];
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {modalHolder}
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('admin')}
      </Typography.Title>
      {problem ? <Alert type="error" role="alert" showIcon title={problem} /> : null}
      <Tabs
        items={[
          {
            key: 'users',
            label: tx('users'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Input.Search aria-label={tx('searchUsers')} placeholder={tx('usernameOrUnit')} onSearch={setSearch} allowClear style={{ width: 260 }} />
                  <Button type="primary" onClick={() => setCreating(true)}>
                    {tx('newUser')}
                  </Button>
                </Space>
                <Table
                  size="small"
                  rowKey="id"
                  loading={users.fetching}
                  pagination={false}
                  aria-label={tx('users')}
                  dataSource={userRows}
                  columns={[
                    { title: t('username'), dataIndex: 'username' },
                    { title: t('unit'), render: (_: unknown, u) => `${u.unit.name}（${u.unitCode}）` },
                    {
                      title: tx('roles'),
                      render: (_: unknown, u) => (
                        <Select
                          mode="multiple"
                          size="small"
                          aria-label={tx('rolesOfUsername', { username: u.username })}
                          style={{ minWidth: 220 }}
                          value={u.roles}
                          options={ROLES.map((r) => ({ value: r, label: t(`role_${r}` as 'role_CLERK') }))}
                          onChange={(roles: Role[]) => void run(client.mutation(UpdateDocument, { input: { id: u.id, roles } }).toPromise(), done)}
                        />
                      ),
                    },
                    { title: tx('lastSignIn'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? v.slice(0, 16).replace('T', ' ') : '—') },
                    {
                      title: t('status'),
                      render: (_: unknown, u) => (
                        <>
                          {u.disabled ? <Tag color="red">{tx('disabled')}</Tag> : <Tag color="green">{tx('enabled')}</Tag>}
                          {u.mustChangePassword ? <Tag>{tx('mustChangePassword')}</Tag> : null}
                        </>
                      ),
                    },
                    {
                      title: tx('actions'),
                      render: (_: unknown, u) => (
                        <Space>
                          {u.disabled ? (
                            <Button size="small" onClick={() => void run(client.mutation(EnableDocument, { id: u.id }).toPromise(), done)}>
                              {tx('enable')}
                            </Button>
                          ) : (
                            <Button size="small" danger aria-label={tx('disableUsername', { username: u.username })} onClick={() => void run(client.mutation(DisableDocument, { id: u.id }).toPromise(), done)}>
                              {tx('disable')}
                            </Button>
                          )}
                          <Button size="small" onClick={() => resetPassword(u.id, u.username)}>
                            {tx('resetPassword')}
                          </Button>
                        </Space>
                      ),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'keys',
            label: tx('apiKeys'),
            children: (
              <Space orientation="vertical" style={{ width: '100%' }}>
                <Space wrap>
                  <Input aria-label={tx('keyName')} placeholder={tx('keyName')} value={newKey.name} onChange={(e) => setNewKey({ ...newKey, name: e.target.value })} />
                  <Input aria-label={tx('unitCode')} placeholder={tx('unitCode')} value={newKey.unitCode} onChange={(e) => setNewKey({ ...newKey, unitCode: e.target.value })} />
                  <InputNumber aria-label={tx('requestsPerMinute')} min={1} value={newKey.quotaPerMinute} onChange={(v) => setNewKey({ ...newKey, quotaPerMinute: Number(v ?? 1) })} />
                  <Button
                    type="primary"
                    onClick={async () => {
                      const r = await client.mutation(CreateKeyDocument, { input: newKey }).toPromise();
                      const pr = problemOf(r.error);
                      if (pr) return setProblem(reason(pr.reason, pr.message));
                      modal.info({ title: tx('shownOnceKeepIt'), content: <Typography.Text copyable code>{r.data!.createManagedApiKey.secret}</Typography.Text> });
                      refresh();
                    }}
                  >
                    {tx('newKey')}
                  </Button>
                </Space>
                <Table
                  size="small"
                  rowKey="id"
                  pagination={false}
                  aria-label={tx('apiKeys')}
                  dataSource={keyRows}
                  columns={[
                    { title: tx('name'), dataIndex: 'name' },
                    { title: t('code'), dataIndex: 'unitCode' },
                    {
                      title: tx('perMinute'),
                      render: (_: unknown, k) => (
                        <InputNumber size="small" min={1} defaultValue={k.quotaPerMinute} disabled={k.revoked} aria-label={tx('quotaOfName', { name: k.name })} onBlur={(e) => {
                          const q = Number(e.target.value.replace(/,/g, ''));
                          if (q && q !== k.quotaPerMinute) void run(client.mutation(QuotaDocument, { input: { id: k.id, quotaPerMinute: q } }).toPromise(), done);
                        }} />
                      ),
                    },
                    { title: t('status'), render: (_: unknown, k) => (k.revoked ? <Tag color="red">{tx('revoked')}</Tag> : <Tag color="green">{tx('valid')}</Tag>) },
                    { title: tx('created'), render: (_: unknown, k) => `${k.createdBy} · ${k.createdAt.slice(0, 10)}` },
                    {
                      title: tx('actions'),
                      render: (_: unknown, k) =>
                        k.revoked ? null : (
                          <Button size="small" danger onClick={() => void run(client.mutation(RevokeDocument, { id: k.id }).toPromise(), done)}>
                            {tx('revoke')}
                          </Button>
                        ),
                    },
                  ]}
                />
              </Space>
            ),
          },
          {
            key: 'audit',
            label: tx('adminAudit'),
            children: (
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                aria-label={tx('adminAudit')}
                dataSource={audit.data?.adminAudit.edges.map((e) => e.node) ?? []}
                columns={[
                  { title: tx('when'), dataIndex: 'at', render: (v: string) => v.slice(0, 19).replace('T', ' ') },
                  { title: tx('who'), dataIndex: 'actor' },
                  { title: tx('action'), dataIndex: 'action' },
                  { title: t('unit'), dataIndex: 'unitCode' },
                  { title: tx('target'), dataIndex: 'target' },
                ]}
              />
            ),
          },
        ]}
      />
      <Modal
        open={creating}
        title={tx('newUser')}
        onCancel={() => setCreating(false)}
        onOk={async () => {
          if (await run(client.mutation(CreateUserDocument, { input: newUser }).toPromise(), done)) setCreating(false);
        }}
      >
        <Form layout="vertical" component="div">
          <Form.Item label={t('username')} htmlFor="nu-username">
            <Input id="nu-username" value={newUser.username} onChange={(e) => setNewUser({ ...newUser, username: e.target.value })} />
          </Form.Item>
          <Form.Item label={t('password')} htmlFor="nu-password">
            <Input.Password id="nu-password" value={newUser.password} onChange={(e) => setNewUser({ ...newUser, password: e.target.value })} />
          </Form.Item>
          <Form.Item label={tx('roles')} htmlFor="nu-roles">
            <Select id="nu-roles" mode="multiple" value={newUser.roles} onChange={(roles: Role[]) => setNewUser({ ...newUser, roles })} options={ROLES.map((r) => ({ value: r, label: t(`role_${r}` as 'role_CLERK') }))} />
          </Form.Item>
          <Form.Item label={tx('unitCode')} htmlFor="nu-unit">
            <Input id="nu-unit" value={newUser.unitCode} onChange={(e) => setNewUser({ ...newUser, unitCode: e.target.value })} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
