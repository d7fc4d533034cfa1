import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useMutation } from 'urql';
import { graphql } from '../../gql';
import { useI18n, useTexts, type TextTable } from '../../app/i18n';
import { problemOf } from '../../lib/client';

const ChangePasswordDocument = graphql(`
  mutation ChangePassword($input: ChangePasswordInput!) {
    changePassword(input: $input)
  }
`);

const TEXTS = {
  title: ['请设置新密码', 'Choose a new password'],
  why: ['管理员已重置您的密码，请设置只有您知道的新密码（10 至 200 个字符）。', 'An administrator reset your password; choose a new one (10 to 200 characters).'],
  current: ['当前密码', 'Current password'],
  new: ['新密码', 'New password'],
} as const satisfies TextTable;

/** After an administrator reset the password: the user chooses their own before going on. */
export function ChangePasswordModal({ onDone }: { onDone(): void }) {
  const { reason } = useI18n();
  const tx = useTexts(TEXTS);
  const [, change] = useMutation(ChangePasswordDocument);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <Modal
      open
      closable={false}
      maskClosable={false}
      cancelButtonProps={{ style: { display: 'none' } }}
      title={tx('title')}
      onOk={async () => {
        const r = await change({ input: { currentPassword: current, newPassword: next } });
        const p = problemOf(r.error);
        if (p) return setProblem(p.violations[0]?.message ?? reason(p.reason, p.message));
        onDone();
      }}
    >
      <p>{tx('why')}</p>
      <Form layout="vertical" component="div">
        <Form.Item label={tx('current')} htmlFor="cp-current">
          <Input.Password id="cp-current" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </Form.Item>
        <Form.Item label={tx('new')} htmlFor="cp-new">
          <Input.Password id="cp-new" value={next} onChange={(e) => setNext(e.target.value)} />
        </Form.Item>
      </Form>
      {problem ? <Alert type="error" role="alert" title={problem} /> : null}
    </Modal>
  );
}
