import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import type { Api } from './api';
import { reportError } from './errors';

/** POST /me/password; used for the forced change of the default password and from the header. */
export function ChangePasswordForm(props: { api: Api; onDone(): void; onCancel?: () => void; forced?: boolean }) {
  const [form] = Form.useForm();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { old: string; new: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      await props.api.post('/me/password', { old: values.old, new: values.new });
      props.onDone();
    } catch (e) {
      reportError(e, setError, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      {props.forced && (
        <Alert type="warning" style={{ marginBottom: 16 }} title="You must change the default password before using the console." />
      )}
      <Form.Item label="Current password" name="old" rules={[{ required: true, message: 'Enter the current password' }]}>
        <Input.Password autoComplete="current-password" />
      </Form.Item>
      <Form.Item label="New password" name="new" rules={[{ required: true, message: 'Enter a new password' }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item
        label="Repeat new password"
        name="repeat"
        dependencies={['new']}
        rules={[
          { required: true, message: 'Repeat the new password' },
          ({ getFieldValue }) => ({
            validator: (_rule, value) => (value === getFieldValue('new') ? Promise.resolve() : Promise.reject(new Error('The two passwords differ'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      {error && <Alert type="error" role="alert" title={error} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={busy}>
        Change password
      </Button>
      {props.onCancel && (
        <Button style={{ marginLeft: 8 }} onClick={props.onCancel}>
          Cancel
        </Button>
      )}
    </Form>
  );
}
