import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Checkbox, Collapse, Descriptions, Form, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import type { FormInstance } from 'antd';
import { useState, type ReactNode } from 'react';
import { useConsole, useList, useQuery } from '../data';
import { reportError } from '../errors';
import { CHIPSETS, HD_CONTROLLERS, MAX_NICS, NIC_TYPES } from '../../../../lib/catalog';
import type { HostGroup } from '../../../../lib/protocol/host-groups';
import type { OsTypes } from '../../../../lib/protocol/meta';
import type { User } from '../../../../lib/protocol/users';
import type { UpdateVmReply, Vm } from '../../../../lib/protocol/vms';
import { AUDIO_TYPES, NIC_ATTACHMENTS } from '../labels';
import { DetailsHeader, LoadFailure } from './Details';
import { VmDrives, VmSnapshots } from './VmStorage';

/**
 * A VM's details with the manual's sections (settings, comment, users, network, audio,
 * advanced). Each section saves with its own Apply through PATCH /vms/:id; the forms are
 * keyed by the VM's updatedAt so that a change from anywhere (live updates) resets them
 * to what the server holds.
 */
export function VmDetails(props: { id: string }) {
  const { me, capabilities } = useConsole();
  const path = `/vms/${encodeURIComponent(props.id)}`;
  const vm = useQuery<Vm>(path, [{ kind: 'vm', id: props.id }]);
  if (vm.error) return <LoadFailure error={vm.error} />;
  const v = vm.data;
  if (!v) return null;
  const readOnly = me.role === 'restricted';
  const key = `${v.id}:${v.updatedAt}`;
  return (
    <>
      <DetailsHeader
        object={{ kind: 'vm', id: v.id, name: v.name }}
        extra={{ isTemplate: v.isTemplate }}
        tags={
          <>
            {v.isTemplate && <Tag color="purple">Template</Tag>}
            <Tag>{v.state}</Tag>
          </>
        }
      />
      <Settings key={`s${key}`} vm={v} path={path} readOnly={readOnly} />
      <Collapse
        style={{ marginTop: 12 }}
        items={[
          { key: 'comment', label: 'Comment', children: <Comment key={key} vm={v} path={path} readOnly={readOnly} /> },
          { key: 'users', label: 'Users', children: <VmUsers vm={v} path={path} /> },
          { key: 'network', label: 'Network', children: <Network key={key} vm={v} path={path} readOnly={readOnly} /> },
          { key: 'audio', label: 'Audio', children: <Audio key={key} vm={v} path={path} readOnly={readOnly} /> },
          { key: 'advanced', label: 'Advanced Settings', children: <AdvancedSettings key={key} vm={v} path={path} readOnly={readOnly} /> },
          ...(capabilities.storage
            ? [
                { key: 'drives', label: 'Hard Drives', children: <VmDrives vm={v} /> },
                { key: 'snapshots', label: 'Snapshots', children: <VmSnapshots vm={v} /> },
              ]
            : []),
        ]}
      />
    </>
  );
}

interface SectionProps {
  vm: Vm;
  path: string;
  readOnly: boolean;
}

/** A section form whose Apply sends `toBody(values)`; errors land on the field the API names. */
function Section<T>(props: { name: string; path: string; readOnly: boolean; initialValues: T; toBody(values: T): Record<string, unknown>; children: ReactNode; form?: FormInstance; layout?: 'vertical' | 'horizontal' | 'inline' }) {
  const { api } = useConsole();
  const { message } = AntApp.useApp();
  const [own] = Form.useForm();
  const form = props.form ?? own;
  const [busy, setBusy] = useState(false);
  const apply = async (values: T) => {
    setBusy(true);
    try {
      const reply = await api.patch<UpdateVmReply>(props.path, props.toBody(values));
      message.success(reply.teleportRequested ? 'Saved; the VM is running, so a teleport was requested' : 'Saved');
    } catch (e) {
      reportError(e, (t) => void message.error(t), form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} name={props.name} layout={props.layout ?? 'horizontal'} labelCol={{ flex: '130px' }} labelWrap initialValues={props.initialValues as object} onFinish={apply} disabled={props.readOnly}>
      {props.children}
      {!props.readOnly && (
        <Space>
          <Button type="primary" htmlType="submit" loading={busy}>
            Apply
          </Button>
          <Button onClick={() => form.resetFields()}>Reset</Button>
        </Space>
      )}
    </Form>
  );
}

function Settings({ vm, path, readOnly }: SectionProps) {
  const os = useQuery<OsTypes>('/os-types', []);
  const groups = useList<HostGroup>('/host-groups', 'hostGroup');
  const [form] = Form.useForm();
  const vendor = (Form.useWatch('vendor', form) as string | undefined) ?? vm.vendor;
  const initial = {
    vendor: vm.vendor, osType: vm.osType, ramMb: vm.ramMb, vramMb: vm.vramMb, sharedPercent: vm.sharedPercent,
    hostGroup: vm.hostGroupId ?? '', rdpAuth: vm.rdpAuth, cdrom: vm.cdrom, usb: vm.usb, fusion: vm.fusion, threeD: vm.threeD, autoBoot: vm.autoBoot,
  };
  // A user who may not read the VM's Host Group (a restricted user) still sees its name, which the VM carries.
  const groupOptions = (groups.data ?? []).map((g) => ({ value: g.id, label: g.name }));
  if (vm.hostGroupId && !groupOptions.some((o) => o.value === vm.hostGroupId)) {
    groupOptions.push({ value: vm.hostGroupId, label: vm.hostGroup ?? vm.hostGroupId });
  }
  const flags: [keyof typeof initial, string][] = [['cdrom', 'CDROM'], ['usb', 'USB'], ['fusion', 'Fusion'], ['threeD', '3D'], ['autoBoot', 'Auto Boot']];
  return (
    <>
      <Descriptions size="small" column={2} style={{ marginBottom: 8 }} items={[
        { key: 'state', label: 'State', children: vm.state },
        { key: 'hostGroup', label: 'Host Group', children: vm.hostGroup ?? '—' },
      ]} />
      <Section
        name="settings"
        form={form}
        path={path}
        readOnly={readOnly}
        initialValues={initial}
        toBody={(v) => ({ ...v, hostGroup: v.hostGroup ? v.hostGroup : null })}
      >
        <Form.Item label="Vendor" name="vendor">
          <Select options={Object.keys(os.data ?? {}).map((x) => ({ value: x, label: x }))} onChange={() => form.setFieldValue('osType', undefined)} />
        </Form.Item>
        <Form.Item label="OS" name="osType">
          <Select showSearch options={(os.data?.[vendor] ?? []).map((x) => ({ value: x, label: x }))} />
        </Form.Item>
        <Form.Item label="RAM (MiB)" name="ramMb">
          <InputNumber min={4} />
        </Form.Item>
        <Form.Item label="VRAM (MiB)" name="vramMb">
          <InputNumber min={1} max={256} />
        </Form.Item>
        <Form.Item label="% Shared" name="sharedPercent">
          <InputNumber min={0} max={100} />
        </Form.Item>
        {!vm.isTemplate && (
          <Form.Item label="Host Group" name="hostGroup">
            <Select options={[{ value: '', label: 'None' }, ...groupOptions]} />
          </Form.Item>
        )}
        <Form.Item label="RDP Auth" name="rdpAuth">
          <Select options={[{ value: 'host', label: 'Host' }, { value: 'none', label: 'None' }]} />
        </Form.Item>
        <Space wrap style={{ marginBottom: 12 }}>
          {flags.map(([name, label]) => (
            <Form.Item key={name} name={name} valuePropName="checked" noStyle>
              <Checkbox>{label}</Checkbox>
            </Form.Item>
          ))}
        </Space>
      </Section>
    </>
  );
}

function Comment({ vm, path, readOnly }: SectionProps) {
  return (
    <Section name="comment" path={path} readOnly={readOnly} initialValues={{ comment: vm.comment }} toBody={(v) => v} layout="vertical">
      <Form.Item label="Comment" name="comment">
        <Input.TextArea rows={4} maxLength={4096} />
      </Form.Item>
    </Section>
  );
}

function Audio({ vm, path, readOnly }: SectionProps) {
  return (
    <Section name="audio" path={path} readOnly={readOnly} initialValues={{ audio: vm.audio }} toBody={(v) => v}>
      <Form.Item label="Sound card" name="audio">
        <Select options={AUDIO_TYPES.map((a) => ({ value: a.value, label: a.label }))} />
      </Form.Item>
    </Section>
  );
}

function Network({ vm, path, readOnly }: SectionProps) {
  const [form] = Form.useForm();
  const nics = vm.nics.map((n) => ({ type: n.type, attachment: n.attachment, network: n.network, mac: n.mac }));
  return (
    <Section
      name="network"
      form={form}
      path={path}
      readOnly={readOnly}
      initialValues={{ nics }}
      toBody={(v: { nics: typeof nics }) => ({
        nics: v.nics.map((n) => ({ type: n.type, attachment: n.attachment, ...(n.attachment === 'virtual' ? { network: n.network ?? 1 } : {}), ...(n.mac ? { mac: n.mac } : {}) })),
      })}
    >
      <Form.List name="nics">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, i) => (
              <Space key={field.key} wrap align="baseline" aria-label={`NIC ${i + 1}`} role="group">
                <strong>NIC {i + 1}</strong>
                <Form.Item name={[field.name, 'type']} label="Type" labelCol={{ flex: 'none' }}>
                  <Select style={{ width: 130 }} options={NIC_TYPES.map((t) => ({ value: t, label: t }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'attachment']} label="Attached to" labelCol={{ flex: 'none' }}>
                  <Select style={{ width: 110 }} options={NIC_ATTACHMENTS.map((a) => ({ value: a.value, label: a.label }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() =>
                    form.getFieldValue(['nics', field.name, 'attachment']) === 'virtual' ? (
                      <Form.Item name={[field.name, 'network']} label="Network" labelCol={{ flex: 'none' }}>
                        <InputNumber min={1} max={50} style={{ width: 80 }} />
                      </Form.Item>
                    ) : null
                  }
                </Form.Item>
                <Form.Item name={[field.name, 'mac']} label="MAC" labelCol={{ flex: 'none' }}>
                  <Input style={{ width: 170 }} placeholder="automatic" />
                </Form.Item>
                {!readOnly && <Button icon={<DeleteOutlined />} aria-label={`Remove NIC ${i + 1}`} onClick={() => remove(field.name)} />}
              </Space>
            ))}
            {!readOnly && (
              <Button icon={<PlusOutlined />} disabled={fields.length >= MAX_NICS} onClick={() => add({ type: '82540EM', attachment: 'nat', network: null })} style={{ display: 'block', marginBottom: 12 }}>
                Add NIC
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Section>
  );
}

function AdvancedSettings({ vm, path, readOnly }: SectionProps) {
  const a = vm.advanced;
  const flags: [keyof typeof a, string][] = [
    ['ioapic', 'IOAPIC'], ['vtx', 'VT-x/AMD-v'], ['synthCpu', 'Synth CPU'], ['nestedPaging', 'Nested Paging'], ['largePages', 'Large Pages'],
    ['vpid', 'VPID'], ['hpet', 'HPET'], ['usbEhci', 'USB EHCI'], ['pae', 'PAE/NX'],
  ];
  return (
    <Section name="advanced" path={path} readOnly={readOnly} initialValues={a} toBody={(v) => ({ advanced: v })}>
      <Space wrap style={{ marginBottom: 12 }}>
        {flags.map(([name, label]) => (
          <Form.Item key={name} name={name} valuePropName="checked" noStyle>
            <Checkbox>{label}</Checkbox>
          </Form.Item>
        ))}
      </Space>
      <Form.Item label="HD Controller" name="hdController">
        <Select style={{ width: 140 }} options={HD_CONTROLLERS.map((x) => ({ value: x, label: x }))} />
      </Form.Item>
      <Form.Item label="CPU Count" name="cpuCount">
        <InputNumber min={1} max={64} />
      </Form.Item>
      <Form.Item label="Execution Cap" name="executionCap">
        <InputNumber min={1} max={100} />
      </Form.Item>
      <Form.Item label="Chipset" name="chipset">
        <Select style={{ width: 140 }} options={CHIPSETS.map((x) => ({ value: x, label: x }))} />
      </Form.Item>
    </Section>
  );
}

/** The manual's VM Users properties: who has access; Add User grants, Remove revokes. */
function VmUsers({ vm, path }: { vm: Vm; path: string }) {
  const { api, me } = useConsole();
  const { message } = AntApp.useApp();
  const holders = useQuery<User[]>(`${path}/users`, [{ kind: 'vm', id: vm.id }, 'user']);
  const users = useList<User>(me.role !== 'restricted' ? '/users' : null, 'user');
  const [adding, setAdding] = useState<string>();
  const canChange = me.role !== 'restricted';
  const add = async () => {
    if (!adding) return;
    try {
      await api.post(`/users/${encodeURIComponent(adding)}/grants`, { objectType: 'vm', objectId: vm.id });
      setAdding(undefined);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const removeUser = async (u: User) => {
    try {
      await api.delete(`/users/${encodeURIComponent(u.id)}/grants/vm/${encodeURIComponent(vm.id)}`);
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const holderIds = new Set((holders.data ?? []).map((u) => u.id));
  return (
    <>
      <List
        size="small"
        aria-label="Users with access"
        dataSource={holders.data ?? []}
        locale={{ emptyText: 'Only administrators' }}
        renderItem={(u) => (
          <List.Item actions={canChange ? [<Button key="r" size="small" aria-label={`Remove ${u.name}`} onClick={() => void removeUser(u)}>Remove</Button>] : []}>{u.name}</List.Item>
        )}
      />
      {canChange && (
        <Space style={{ marginTop: 8 }}>
          <Select
            aria-label="User to add"
            placeholder="User to add"
            style={{ width: 200 }}
            value={adding}
            onChange={setAdding}
            showSearch
            optionFilterProp="label"
            options={(users.data ?? []).filter((u) => u.role !== 'admin' && !holderIds.has(u.id)).map((u) => ({ value: u.id, label: u.name }))}
          />
          <Button onClick={() => void add()} disabled={!adding}>
            Add User
          </Button>
        </Space>
      )}
    </>
  );
}
