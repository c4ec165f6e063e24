import { UserOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Descriptions, Form, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useConsole, useList, useQuery } from '../data';
import { reportError } from '../errors';
import type { HostGroup } from '../../../../lib/protocol/host-groups';
import type { Grant, GrantType, User } from '../../../../lib/protocol/users';
import type { VmGroup } from '../../../../lib/protocol/vm-groups';
import type { Vm } from '../../../../lib/protocol/vms';
import { ROLE_COLOURS, ROLE_LABELS } from '../labels';
import { DetailsHeader, LoadFailure } from './Details';

const TYPE_LABELS: Record<GrantType, string> = { vm: 'VM / Template', drive: 'Hard Drive', host_group: 'Host Group', vm_group: 'VM Group' };

/** A user: role (administrators change it), and what the account has been given. */
export function UserDetails(props: { id: string }) {
  const { api, me, capabilities } = useConsole();
  const { message } = AntApp.useApp();
  const path = `/users/${encodeURIComponent(props.id)}`;
  const user = useQuery<User>(path, [{ kind: 'user', id: props.id }]);
  const isAdmin = me.role === 'admin';
  const u = user.data;
  const grants = useQuery<Grant[]>(u && u.role !== 'admin' ? `${path}/grants` : null, [
    { kind: 'grants', id: props.id },
  ]);
  const [roleForm] = Form.useForm();
  const [grantForm] = Form.useForm();
  const [grantType, setGrantType] = useState<GrantType>('vm');
  const picking = (type: GrantType) => u !== undefined && u.role !== 'admin' && grantType === type;
  const vms = useList<Vm>(picking('vm') ? '/vms' : null, 'vm');
  const groups = useList<HostGroup>(picking('host_group') ? '/host-groups' : null, 'hostGroup');
  const vmGroups = useList<VmGroup>(picking('vm_group') ? '/vm-groups' : null, 'vmGroup');
  if (user.error) return <LoadFailure error={user.error} />;
  if (!u) return null;

  const saveRole = async (values: { role: User['role'] }) => {
    try {
      await api.patch(path, { role: values.role });
      message.success(`${u.name} is now: ${ROLE_LABELS[values.role]}`);
    } catch (e) {
      reportError(e, (t) => void message.error(t), roleForm);
    }
  };
  const grant = async (values: { objectId: string }) => {
    try {
      await api.post(`${path}/grants`, { objectType: grantType, objectId: values.objectId });
      grantForm.resetFields(['objectId']);
      message.success('Access granted');
    } catch (e) {
      reportError(e, (t) => void message.error(t), grantForm);
    }
  };
  const revoke = async (g: Grant) => {
    try {
      await api.delete(`${path}/grants/${g.objectType}/${encodeURIComponent(g.objectId)}`);
      message.success(`Revoked ${g.objectName}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const candidates =
    grantType === 'vm'
      ? (vms.data ?? []).map((v) => ({ value: v.id, label: v.isTemplate ? `${v.name} (template)` : v.name }))
      : grantType === 'host_group'
        ? (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }))
        : (vmGroups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  const typeOptions = (['vm', 'host_group', ...(capabilities.vmGroups ? ['vm_group' as const] : [])] as GrantType[]).map((t) => ({ value: t, label: TYPE_LABELS[t] }));

  return (
    <>
      <DetailsHeader
        object={{ kind: 'user', id: u.id, name: u.name }}
        extra={{ builtin: u.builtin }}
        tags={<UserOutlined style={{ color: ROLE_COLOURS[u.role] }} aria-label={u.role === 'admin' ? 'administrator' : 'user'} />}
      />
      <Descriptions size="small" column={1} items={[
        { key: 'role', label: 'Role', children: <Tag>{ROLE_LABELS[u.role]}</Tag> },
        { key: 'created', label: 'Created', children: new Date(u.createdAt).toLocaleString() },
        ...(u.builtin ? [{ key: 'builtin', label: 'Built-in', children: 'The server uses this account: it cannot be deleted or renamed' }] : []),
      ]} />
      {isAdmin && (
        <Form key={u.role} form={roleForm} layout="inline" initialValues={{ role: u.role }} onFinish={saveRole} style={{ margin: '12px 0' }}>
          <Form.Item label="Role" name="role">
            <Select style={{ width: 180 }} options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Button htmlType="submit" type="primary">Apply role</Button>
        </Form>
      )}
      {u.role === 'admin' ? (
        <Typography.Paragraph>Administrators have access to every object.</Typography.Paragraph>
      ) : (
        <>
          <Typography.Title level={5}>Access</Typography.Title>
          <Table<Grant>
            aria-label={`Access of ${u.name}`}
            size="small"
            rowKey={(g) => `${g.objectType}:${g.objectId}`}
            dataSource={grants.data ?? []}
            pagination={false}
            columns={[
              { title: 'Object', dataIndex: 'objectName' },
              { title: 'Kind', dataIndex: 'objectType', render: (t: GrantType) => TYPE_LABELS[t] },
              ...(me.role !== 'restricted'
                ? [{ title: '', key: 'revoke', render: (_: unknown, g: Grant) => <Button size="small" danger aria-label={`Revoke ${g.objectName}`} onClick={() => void revoke(g)}>Revoke</Button> }]
                : []),
            ]}
          />
          {me.role !== 'restricted' && (
            <Form form={grantForm} layout="inline" onFinish={grant} style={{ marginTop: 12 }}>
              <Space wrap>
                <Form.Item label="Kind">
                  <Select aria-label="Kind" style={{ width: 150 }} value={grantType} onChange={(t: GrantType) => { setGrantType(t); grantForm.resetFields(['objectId']); }} options={typeOptions} />
                </Form.Item>
                <Form.Item label="Object" name="objectId" rules={[{ required: true, message: 'Choose an object' }]}>
                  <Select style={{ width: 220 }} showSearch optionFilterProp="label" options={candidates} />
                </Form.Item>
                <Button htmlType="submit">Grant</Button>
              </Space>
            </Form>
          )}
        </>
      )}
    </>
  );
}
