import { Form, Select } from 'antd';
import type { HostGroup } from '../../../lib/protocol/host-groups';
import { useList } from './data';

/**
 * The Host Group picker of every dialog that places VMs or a Host: optional ("None", for
 * new VMs and clones) or required (moving a Host, applying a VM Group).
 */
export function HostGroupField(props: { required?: boolean; autoFocus?: boolean }) {
  const groups = useList<HostGroup>('/host-groups', 'hostGroup');
  const options = (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  return (
    <Form.Item label="Host Group" name="hostGroup" rules={props.required ? [{ required: true, message: 'Choose a Host Group' }] : []}>
      {props.required
        ? <Select showSearch optionFilterProp="label" autoFocus={props.autoFocus} options={options} />
        : <Select allowClear placeholder="None" options={options} />}
    </Form.Item>
  );
}
