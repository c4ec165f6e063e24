import { PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Card, Descriptions, Form, Input, List, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useConsole, useList, useQuery } from './data';
import { DialogHost, useDialogs } from './dialogs';
import { reportError } from './errors';
import { LoadFailure } from './home/Details';
import { ContextRow, RowMenu } from './home/row-menu';
import type { VmGroup, VmGroupMember as Member } from '../../../lib/protocol/vm-groups';
import type { Vm } from '../../../lib/protocol/vms';

/** The manual's VM Groups tab: groups of VMs and templates, their members and comment; right-click Apply. */
export function VmGroupsTab() {
  return (
    <DialogHost>
      <VmGroups />
    </DialogHost>
  );
}

function VmGroups() {
  const { me, api } = useConsole();
  const { message, modal } = AntApp.useApp();
  const groups = useList<VmGroup>('/vm-groups', 'vmGroup');
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [form] = Form.useForm();
  const canCreate = me.role !== 'restricted';
  const open = useDialogs();
  const rowItems = (key: string) => {
    const g = (groups.data ?? []).find((x) => x.id === key);
    if (!g || !canCreate) return [];
    return [
      { key: 'apply', label: 'Apply to a Host Group…', onClick: () => open({ kind: 'applyVmGroup', group: { kind: 'vmGroup', id: g.id, name: g.name } }) },
      { key: 'delete', label: 'Delete', danger: true, onClick: () => remove(g) },
    ];
  };

  const create = async () => {
    const values = (await form.validateFields()) as { name: string; comment?: string };
    try {
      const group = await api.post<VmGroup>('/vm-groups', { name: values.name, ...(values.comment ? { comment: values.comment } : {}) });
      setCreating(false);
      setSelected(group.id);
    } catch (e) {
      reportError(e, (t) => void message.error(t), form);
    }
  };
  const remove = (g: VmGroup) =>
    modal.confirm({
      title: `Delete VM Group ${g.name}?`,
      content: 'Its VMs stay.',
      okText: 'Delete',
      okButtonProps: { danger: true },
      onOk: () => api.delete(`/vm-groups/${encodeURIComponent(g.id)}`).then(() => setSelected(null), (e: Error) => void message.error(e.message)),
    });

  return (
    <div className="home">
      <Card className="home-tree" size="small" title="VM Groups" extra={canCreate && <Button size="small" icon={<PlusOutlined />} onClick={() => { form.resetFields(); setCreating(true); }}>New</Button>}>
        <RowMenu.Provider value={rowItems}>
        <Table<VmGroup>
          aria-label="VM Groups"
          size="small"
          rowKey="id"
          components={{ body: { row: ContextRow } }}
          showHeader={false}
          dataSource={groups.data ?? []}
          loading={groups.loading && !groups.data}
          pagination={false}
          rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (keys) => setSelected((keys[0] as string) ?? null) }}
          onRow={(g) => ({ onClick: () => setSelected(g.id) })}
          columns={[{ title: 'Name', dataIndex: 'name' }]}
        />
        </RowMenu.Provider>
      </Card>
      <Card className="home-right" size="small">
        {selected ? <VmGroupDetails id={selected} onDelete={remove} /> : <Typography.Text type="secondary">Select a VM Group</Typography.Text>}
      </Card>
      <Modal open={creating} title="New VM Group" okText="Create" onOk={() => void create()} onCancel={() => setCreating(false)} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item label="VM Group name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item label="Comment" name="comment">
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}

function VmGroupDetails(props: { id: string; onDelete(g: VmGroup): void }) {
  const { api, me } = useConsole();
  const { message } = AntApp.useApp();
  const path = `/vm-groups/${encodeURIComponent(props.id)}`;
  const group = useQuery<VmGroup>(path, [{ kind: 'vmGroup', id: props.id }]);
  const vms = useList<Vm>(me.role !== 'restricted' ? '/vms' : null, 'vm');
  const [adding, setAdding] = useState<string[]>([]);
  const [form] = Form.useForm();
  const open = useDialogs();
  if (group.error) return <LoadFailure error={group.error} />;
  const g = group.data;
  if (!g) return null;
  const canChange = me.role !== 'restricted';
  const save = async (values: { name: string; comment: string }) => {
    try {
      await api.patch(path, values);
      message.success('Saved');
    } catch (e) {
      reportError(e, (t) => void message.error(t), form);
    }
  };
  const add = async () => {
    try {
      await api.post(`${path}/vms`, { vms: adding });
      setAdding([]);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const removeMember = async (m: Member) => {
    try {
      await api.delete(`${path}/vms/${encodeURIComponent(m.id)}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const members = new Set(g.vms.map((m) => m.id));
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>{g.name}</Typography.Title>
        {canChange && (
          <Space wrap>
            <Button disabled={g.memberCount === 0} onClick={() => open({ kind: 'applyVmGroup', group: { kind: 'vmGroup', id: g.id, name: g.name } })}>
              Apply to a Host Group…
            </Button>
            <Button danger onClick={() => props.onDelete(g)}>Delete VM Group</Button>
          </Space>
        )}
      </Space>
      <Descriptions size="small" column={1} items={[{ key: 'members', label: 'Members', children: g.memberCount }]} />
      <Form key={`${g.name}${g.comment}`} form={form} layout="vertical" initialValues={{ name: g.name, comment: g.comment }} onFinish={save} disabled={!canChange}>
        <Form.Item label="Name" name="name">
          <Input />
        </Form.Item>
        <Form.Item label="Comment" name="comment">
          <Input.TextArea rows={3} />
        </Form.Item>
        {canChange && <Button type="primary" htmlType="submit" style={{ marginBottom: 12 }}>Apply</Button>}
      </Form>
      <List
        size="small"
        bordered
        header="VMs and templates"
        dataSource={g.vms}
        renderItem={(m) => (
          <List.Item actions={canChange ? [<Button key="r" size="small" aria-label={`Remove ${m.name} from the group`} onClick={() => void removeMember(m)}>Remove</Button>] : []}>
            {m.name}
            {m.isTemplate ? ' (template)' : ''}
          </List.Item>
        )}
      />
      {canChange && (
        <Space style={{ marginTop: 8 }} wrap>
          <Select
            mode="multiple"
            aria-label="VMs to add"
            placeholder="VMs to add"
            style={{ minWidth: 240 }}
            value={adding}
            onChange={setAdding}
            optionFilterProp="label"
            options={(vms.data ?? []).filter((v) => !members.has(v.id)).map((v) => ({ value: v.id, label: v.isTemplate ? `${v.name} (template)` : v.name }))}
          />
          <Button onClick={() => void add()} disabled={!adding.length}>Add to group</Button>
        </Space>
      )}
    </>
  );
}
