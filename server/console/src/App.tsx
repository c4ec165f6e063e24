import { LogoutOutlined, KeyOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Layout, Modal, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Api, loadSession, saveSession, type Session } from './api';
import { ChangePasswordForm } from './ChangePassword';
import { ContextMenuHost } from './context-menu';
import { Changes, ConsoleProvider, type Capabilities } from './data';
import { HomeTab } from './home/HomeTab';
import { connectLive } from './live';
import { Login } from './Login';
import { TemplatesTab } from './TemplatesTab';
import { TlsNotice } from './TlsNotice';
import { ROLE_LABELS } from './labels';
import { VmGroupsTab } from './VmGroupsTab';

/**
 * Which optional areas this server's API has, read from its public OpenAPI document so
 * that a tab or button appears only once the capability behind it exists.
 */
async function readCapabilities(): Promise<Capabilities> {
  const res = await fetch('/api/openapi.json');
  const doc = (await res.json()) as { paths?: Record<string, unknown> };
  const paths = new Set(Object.keys(doc.paths ?? {}));
  return {
    hosts: paths.has('/api/v1/host-groups/{id}/hosts'),
    servers: paths.has('/api/v1/servers'),
    vmGroups: paths.has('/api/v1/vm-groups'),
    storage: paths.has('/api/v1/pools'),
  };
}

export function ConsoleApp() {
  return (
    <>
      <TlsNotice />
      <ConsoleScreens />
    </>
  );
}

function ConsoleScreens() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [notice, setNotice] = useState<string>();

  // Stable, so that the console's effects (live stream, 401 handling) do not restart on render.
  const logIn = useCallback((next: Session | null, why?: string) => {
    saveSession(next);
    setSession(next);
    setNotice(why);
  }, []);
  const logOut = useCallback((why?: string) => logIn(null, why), [logIn]);

  if (!session) return <Login onLogin={(s) => logIn(s)} {...(notice ? { notice } : {})} />;
  if (session.user.mustChangePassword) {
    const api = new Api(session.token);
    return (
      <div className="center-page">
        <Card title={`Change the password of ${session.user.name}`} style={{ width: 420, maxWidth: '100%' }}>
          <ChangePasswordForm
            api={api}
            forced
            onDone={() => logIn({ ...session, user: { ...session.user, mustChangePassword: false } })}
            onCancel={() => void api.post('/logout').finally(() => logIn(null))}
          />
        </Card>
      </div>
    );
  }
  return <Console session={session} onLogout={logOut} />;
}

function Console(props: { session: Session; onLogout(why?: string): void }) {
  const { session, onLogout } = props;
  const { message } = AntApp.useApp();
  const api = useMemo(() => new Api(session.token), [session.token]);
  const changes = useMemo(() => new Changes(), []);
  const [capabilities, setCapabilities] = useState<Capabilities>();
  const [changingPassword, setChangingPassword] = useState(false);
  const [tab, setTab] = useState('home');

  useEffect(() => {
    readCapabilities().then(setCapabilities, () => setCapabilities({ hosts: false, servers: false, vmGroups: false, storage: false }));
  }, []);

  useEffect(() => api.onUnauthorized(() => onLogout('Your session ended; log in again.')), [api, onLogout]);

  useEffect(
    () =>
      connectLive(session.token, {
        changed: (objects) => changes.changed(objects),
        connected: () => changes.all(),
        unauthorized: () => onLogout('Your session ended; log in again.'),
      }),
    [session.token, changes, onLogout],
  );

  const logout = async () => {
    try {
      await api.post('/logout');
    } catch (e) {
      message.error((e as Error).message);
    }
    onLogout();
  };

  if (!capabilities) return null;
  const me = session.user;
  const items = [
    { key: 'home', label: 'Home', children: <HomeTab /> },
    { key: 'templates', label: 'Templates', children: <TemplatesTab /> },
    ...(capabilities.vmGroups ? [{ key: 'vm-groups', label: 'VM Groups', children: <VmGroupsTab /> }] : []),
  ];

  return (
    <ConsoleProvider value={{ api, me, changes, capabilities }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header className="console-header">
          <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
            Infinity
          </Typography.Title>
          <Space wrap>
            <span style={{ color: '#fff' }} aria-label="Logged in as">
              {me.name} <Tag>{ROLE_LABELS[me.role]}</Tag>
            </span>
            <Button icon={<KeyOutlined />} onClick={() => setChangingPassword(true)}>
              Change password
            </Button>
            <Button icon={<LogoutOutlined />} onClick={() => void logout()}>
              Log out
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: '8px 16px' }}>
          <ContextMenuHost>
            <Tabs activeKey={tab} onChange={setTab} items={items} destroyOnHidden />
          </ContextMenuHost>
        </Layout.Content>
      </Layout>
      <Modal title="Change password" open={changingPassword} footer={null} onCancel={() => setChangingPassword(false)} destroyOnHidden>
        <ChangePasswordForm
          api={api}
          onDone={() => {
            setChangingPassword(false);
            message.success('Password changed');
          }}
          onCancel={() => setChangingPassword(false)}
        />
      </Modal>
    </ConsoleProvider>
  );
}
