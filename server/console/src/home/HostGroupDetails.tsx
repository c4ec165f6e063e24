import { App as AntApp, Button, Descriptions, Form, Input, List, Select } from 'antd';
import { useConsole, useList, useQuery } from '../data';
import { reportError } from '../errors';
import type { HostGroup } from '../../../../lib/protocol/host-groups';
import type { Vm } from '../../../../lib/protocol/vms';
import { DetailsHeader, LoadFailure } from './Details';

export function HostGroupDetails(props: { id: string }) {
  const { api, me } = useConsole();
  const { message } = AntApp.useApp();
  const path = `/host-groups/${encodeURIComponent(props.id)}`;
  const group = useQuery<HostGroup>(path, [{ kind: 'hostGroup', id: props.id }]);
  const vms = useList<Vm>(`/vms?hostGroup=${encodeURIComponent(props.id)}`, 'vm', (vm) => vm.hostGroupId === props.id);
  const [form] = Form.useForm();
  if (group.error) return <LoadFailure error={group.error} />;
  const g = group.data;
  if (!g) return null;
  const save = async (values: { type: HostGroup['type']; mac: string }) => {
    try {
      await api.patch(path, { type: values.type, mac: values.mac ? values.mac : null });
      message.success('Saved');
    } catch (e) {
      reportError(e, (t) => void message.error(t), form);
    }
  };
  return (
    <>
      <DetailsHeader object={{ kind: 'hostGroup', id: g.id, name: g.name }} />
      <Descriptions size="small" column={2} items={[
        { key: 'hosts', label: 'Hosts', children: g.hosts },
        { key: 'vms', label: 'VMs', children: g.vms },
      ]} />
      <Form key={`${g.type}${g.mac}`} form={form} layout="inline" initialValues={{ type: g.type, mac: g.mac ?? '' }} onFinish={save} disabled={me.role === 'restricted'} style={{ margin: '12px 0' }}>
        <Form.Item label="Type" name="type">
          <Select style={{ width: 160 }} options={[
            { value: 'distributed', label: 'Distributed' },
            { value: 'replicated', label: 'Replicated' },
            { value: 'baremetal', label: 'BareMetal' },
          ]} />
        </Form.Item>
        <Form.Item label="MAC address" name="mac">
          <Input style={{ width: 180 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary">Apply</Button>
      </Form>
      <List size="small" header="VMs assigned" bordered dataSource={vms.data ?? []} renderItem={(vm) => <List.Item>{vm.name}</List.Item>} />
    </>
  );
}
