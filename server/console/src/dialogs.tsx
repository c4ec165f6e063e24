import { App as AntApp, Form, Input, InputNumber, Modal, Select } from 'antd';
import { createContext, useContext, useState, type ReactNode } from 'react';
import { isTemplate, useConsole, useList, useQuery } from './data';
import { reportError } from './errors';
import type { ObjectRef } from './home/objects';
import type { HostGroup } from '../../../lib/protocol/host-groups';
import type { Host } from '../../../lib/protocol/hosts';
import type { OsTypes } from '../../../lib/protocol/meta';
import type { User } from '../../../lib/protocol/users';
import type { Vm } from '../../../lib/protocol/vms';
import { ROLE_LABELS } from './labels';
import { HostGroupField } from './host-group-field';
import { DiskFields, diskBody, StorageDialogs, type DiskValues, type StorageDialog } from './storage-dialogs';

export type Dialog =
  | { kind: 'createVm'; template?: string }
  | { kind: 'cloneTemplate'; template: ObjectRef }
  | { kind: 'moveHost'; host: ObjectRef }
  | { kind: 'createUser' }
  | { kind: 'createHostGroup' }
  | { kind: 'rename'; object: ObjectRef }
  | { kind: 'grantVms'; vms: ObjectRef[] }
  | { kind: 'setPassword'; user: ObjectRef }
  | StorageDialog;

const DialogCtx = createContext<(d: Dialog) => void>(() => undefined);
export const useDialogs = () => useContext(DialogCtx);

export function DialogHost(props: { children: ReactNode }) {
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const close = () => setDialog(null);
  return (
    <DialogCtx.Provider value={setDialog}>
      {props.children}
      {dialog?.kind === 'createVm' && <CreateVmDialog onClose={close} {...(dialog.template ? { template: dialog.template } : {})} />}
      {dialog?.kind === 'cloneTemplate' && <CloneTemplateDialog template={dialog.template} onClose={close} />}
      {dialog?.kind === 'moveHost' && <MoveHostDialog host={dialog.host} onClose={close} />}
      {dialog?.kind === 'createUser' && <CreateUserDialog onClose={close} />}
      {dialog?.kind === 'createHostGroup' && <CreateHostGroupDialog onClose={close} />}
      {dialog?.kind === 'rename' && <RenameDialog object={dialog.object} onClose={close} />}
      {dialog?.kind === 'grantVms' && <GrantVmsDialog vms={dialog.vms} onClose={close} />}
      {dialog?.kind === 'setPassword' && <SetPasswordDialog user={dialog.user} onClose={close} />}
      {dialog && <StorageDialogs dialog={dialog} onClose={close} />}
    </DialogCtx.Provider>
  );
}

/** One modal form: submit runs `action`; API errors land beside their field or above the buttons. */
export function FormDialog<T>(props: { title: string; okText: string; onClose(): void; action(values: T): Promise<string | void>; children: ReactNode; initialValues?: Partial<T> }) {
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { message } = AntApp.useApp();
  const submit = async () => {
    let values: T;
    try {
      values = (await form.validateFields()) as T;
    } catch {
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const done = await props.action(values);
      if (done) message.success(done);
      props.onClose();
    } catch (e) {
      reportError(e, setError, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={props.title} okText={props.okText} onOk={() => void submit()} confirmLoading={busy} onCancel={props.onClose} destroyOnHidden>
      <Form form={form} layout="vertical" onFinish={() => void submit()} {...(props.initialValues ? { initialValues: props.initialValues } : {})}>
        {props.children}
        {error && (
          <div role="alert" className="ant-form-item-explain-error" style={{ color: '#ff4d4f' }}>
            {error}
          </div>
        )}
        <button type="submit" hidden aria-hidden tabIndex={-1} />
      </Form>
    </Modal>
  );
}

function CreateVmDialog(props: { onClose(): void; template?: string }) {
  const { api } = useConsole();
  const os = useQuery<OsTypes>('/os-types', []);
  const templates = useList<Vm>('/vms?template=true', 'vm', isTemplate);
  const [vendor, setVendor] = useState<string>('Microsoft Desktop');
  const vendors = Object.keys(os.data ?? {});
  return (
    <FormDialog<{ name: string; template?: string; vendor?: string; osType?: string; copies: number; hostGroup?: string } & DiskValues>
      title="Create VM"
      okText="Create"
      onClose={props.onClose}
      initialValues={{ copies: 1, vendor: 'Microsoft Desktop', sparse: false, compression: 'off', type: 'sata', ...(props.template ? { template: props.template } : {}) }}
      action={async (v) => {
        const body: Record<string, unknown> = { name: v.name, copies: v.copies };
        if (v.template) body.template = v.template;
        if (v.vendor) body.vendor = v.vendor;
        if (v.osType) body.osType = v.osType;
        if (v.hostGroup) body.hostGroup = v.hostGroup;
        if (!v.template && v.sizeGib) body.disk = diskBody(v);
        const created = await api.post<Vm[]>('/vms', body);
        return `Created ${created.map((vm) => vm.name).join(', ')}`;
      }}
    >
      <Form.Item label="VM Name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
      {(templates.data?.length ?? 0) > 0 && (
        <Form.Item label="Template" name="template">
          <Select allowClear placeholder="None" options={templates.data!.map((t) => ({ value: t.id, label: t.name }))} />
        </Form.Item>
      )}
      <Form.Item label="Vendor" name="vendor">
        <Select options={vendors.map((v) => ({ value: v, label: v }))} onChange={(v: string) => setVendor(v)} />
      </Form.Item>
      <Form.Item label="OS Type" name="osType">
        <Select showSearch placeholder="Choose an OS type" options={(os.data?.[vendor] ?? []).map((t) => ({ value: t, label: t }))} />
      </Form.Item>
      <Form.Item label="Copies" name="copies">
        <InputNumber min={1} max={100} />
      </Form.Item>
      <HostGroupField />
      <Form.Item noStyle shouldUpdate={(a, b) => a.template !== b.template}>
        {({ getFieldValue }) => (getFieldValue('template') ? <p>The VM gets thin clones of the template's drives.</p> : <DiskFields optional />)}
      </Form.Item>
    </FormDialog>
  );
}

/**
 * The manual's Clone dialog for a template: templates are cloned to create VMs (thin
 * clones of the template's last snapshot), so this is POST /vms with the template; the
 * API refuses /vms/{id}/clone for a template. A template has no Host Group to keep, so
 * the clones' group is chosen here.
 */
function CloneTemplateDialog(props: { template: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name: string; copies: number; hostGroup?: string }>
      title={`Clone ${props.template.name}`}
      okText="Clone"
      onClose={props.onClose}
      initialValues={{ name: props.template.name, copies: 1 }}
      action={async (v) => {
        const body = { name: v.name, copies: v.copies, template: props.template.id, ...(v.hostGroup ? { hostGroup: v.hostGroup } : {}) };
        const created = await api.post<Vm[]>('/vms', body);
        return `Created ${created.map((vm) => vm.name).join(', ')}`;
      }}
    >
      <Form.Item label="Enter new VMs name" name="name" rules={[{ required: true, message: 'Enter a name' }]} extra="Several clones are numbered NAME-1, NAME-2, …">
        <Input autoFocus />
      </Form.Item>
      <Form.Item label="Number of clones" name="copies" rules={[{ required: true, message: 'How many clones?' }]}>
        <InputNumber min={1} max={100} />
      </Form.Item>
      <HostGroupField />
    </FormDialog>
  );
}

/** The keyboard's way to what dropping a Host onto a Host Group does. */
function MoveHostDialog(props: { host: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ hostGroup: string }>
      title={`Move ${props.host.name}`}
      okText="Move"
      onClose={props.onClose}
      action={async (v) => {
        const host = await api.post<Host>(
          `/hosts/${encodeURIComponent(props.host.id)}/host-group`,
          { hostGroup: v.hostGroup },
        );
        return `Moved ${props.host.name} to ${host.hostGroup}`;
      }}
    >
      <HostGroupField required autoFocus />
    </FormDialog>
  );
}

function CreateUserDialog(props: { onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name: string; password: string; role: string }>
      title="New User"
      okText="Create"
      onClose={props.onClose}
      initialValues={{ role: 'regular' }}
      action={async (v) => {
        const user = await api.post<User>('/users', v);
        return `Created user ${user.name}`;
      }}
    >
      <Form.Item label="User name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item label="Password" name="password" rules={[{ required: true, message: 'Enter a password' }]}>
        <Input.Password autoComplete="new-password" />
      </Form.Item>
      <Form.Item label="Role" name="role">
        <Select options={Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))} />
      </Form.Item>
    </FormDialog>
  );
}

function CreateHostGroupDialog(props: { onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ name: string; type: string; mac?: string }>
      title="New Host Group"
      okText="Create"
      onClose={props.onClose}
      initialValues={{ type: 'distributed' }}
      action={async (v) => {
        const group = await api.post<HostGroup>('/host-groups', { name: v.name, type: v.type, ...(v.mac ? { mac: v.mac } : {}) });
        return `Created Host Group ${group.name}`;
      }}
    >
      <Form.Item label="Host Group name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
      <Form.Item label="Type" name="type">
        <Select
          options={[
            { value: 'distributed', label: 'Distributed' },
            { value: 'replicated', label: 'Replicated' },
            { value: 'baremetal', label: 'BareMetal' },
          ]}
        />
      </Form.Item>
      <Form.Item label="MAC address (BareMetal)" name="mac">
        <Input placeholder="aa:bb:cc:dd:ee:ff" />
      </Form.Item>
    </FormDialog>
  );
}

const PATHS: Record<string, string> = { vm: '/vms', user: '/users', hostGroup: '/host-groups' };

function RenameDialog(props: { object: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  const { object } = props;
  return (
    <FormDialog<{ name: string }>
      title={`Rename ${object.name}`}
      okText="Rename"
      onClose={props.onClose}
      initialValues={{ name: object.name }}
      action={async (v) => {
        await api.patch(`${PATHS[object.kind]}/${encodeURIComponent(object.id)}`, { name: v.name });
        return `Renamed to ${v.name}`;
      }}
    >
      <Form.Item label="New name" name="name" rules={[{ required: true, message: 'Enter a name' }]}>
        <Input autoFocus />
      </Form.Item>
    </FormDialog>
  );
}

/** The keyboard way to what dropping VMs on a user does: grant them to that user. */
function GrantVmsDialog(props: { vms: ObjectRef[]; onClose(): void }) {
  const { api } = useConsole();
  const users = useList<User>('/users', 'user');
  return (
    <FormDialog<{ userId: string }>
      title={`Grant ${props.vms.map((v) => v.name).join(', ')} to a user`}
      okText="Grant"
      onClose={props.onClose}
      action={async (v) => grantVms(api, v.userId, props.vms)}
    >
      <Form.Item label="User" name="userId" rules={[{ required: true, message: 'Choose a user' }]}>
        <Select
          showSearch
          optionFilterProp="label"
          options={(users.data ?? []).filter((u) => u.role !== 'admin').map((u) => ({ value: u.id, label: u.name }))}
        />
      </Form.Item>
    </FormDialog>
  );
}

export async function grantVms(api: ReturnType<typeof useConsole>['api'], userId: string, vms: ObjectRef[]): Promise<string> {
  for (const vm of vms) await api.post(`/users/${encodeURIComponent(userId)}/grants`, { objectType: 'vm', objectId: vm.id });
  return `Granted ${vms.map((v) => v.name).join(', ')}`;
}

function SetPasswordDialog(props: { user: ObjectRef; onClose(): void }) {
  const { api } = useConsole();
  return (
    <FormDialog<{ password: string }>
      title={`Set the password of ${props.user.name}`}
      okText="Set password"
      onClose={props.onClose}
      action={async (v) => {
        await api.put(`/users/${encodeURIComponent(props.user.id)}/password`, { password: v.password });
        return `Password of ${props.user.name} set`;
      }}
    >
      <Form.Item label="New password" name="password" rules={[{ required: true, message: 'Enter a password' }]}>
        <Input.Password autoComplete="new-password" autoFocus />
      </Form.Item>
    </FormDialog>
  );
}
