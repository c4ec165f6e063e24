import { Alert, Button, Card, Checkbox, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { firstLoginPending, login, type Session } from './api';

/** The manual's "Server Login": user id and password (the server is the one serving this page). */
export function Login(props: { onLogin(session: Session): void; notice?: string }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [show, setShow] = useState(false);
  const [firstLogin, setFirstLogin] = useState(false);
  useEffect(() => {
    let current = true;
    // Without an answer the steps stay hidden: they may no longer work.
    firstLoginPending().then((pending) => current && setFirstLogin(pending), () => undefined);
    return () => {
      current = false;
    };
  }, []);
  const submit = async (values: { user: string; password: string }) => {
    setBusy(true);
    setError(undefined);
    try {
      props.onLogin(await login(values.user, values.password));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="center-page">
      <Card title="Infinity Admin Console: Server Login" style={{ width: 380, maxWidth: '100%' }}>
        {props.notice && <Alert type="info" title={props.notice} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item label="User ID" name="user" rules={[{ required: true, message: 'Enter your user name' }]}>
            <Input autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label="Password" name="password" rules={[{ required: true, message: 'Enter your password' }]}>
            {show ? <Input autoComplete="current-password" /> : <Input.Password autoComplete="current-password" visibilityToggle={false} />}
          </Form.Item>
          <Checkbox checked={show} onChange={(e) => setShow(e.target.checked)} style={{ marginBottom: 16 }}>
            Show Password
          </Checkbox>
          {error && <Alert type="error" title={error} role="alert" style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={busy} block>
            Login
          </Button>
        </Form>
        {firstLogin && (
          <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
            First login: user admin, password admin; you will be asked to change it.
          </Typography.Paragraph>
        )}
      </Card>
    </div>
  );
}
