import { randomBytes } from 'node:crypto';
import { MAX_NICS, OS_CATALOG } from '../../lib/catalog.js';
import { fail, InfinityError } from '../../lib/errors.js';
import { requireChange } from '../access/policy.js';
import { insertTeleportRequest, updateVm, vmNameExists, type Nic, type Vm, type VmAdvanced, type VmSettings } from '../store/vms.js';
import { resolveHostGroup, resolveVm } from '../access/visibility.js';
import { defineCommand } from './command.js';

export interface NicInput {
  type: string;
  attachment: 'nat' | 'bridged' | 'virtual';
  network?: number | null;
  mac?: string;
}

export interface VmSettingsInput extends Partial<Omit<VmSettings, 'advanced'>> {
  advanced?: Partial<VmAdvanced>;
  nics?: NicInput[];
}

export interface CreateVmInput extends VmSettingsInput {
  name: string;
  copies?: number;
  hostGroup?: string | null;
  template?: string;
}

const is64Bit = (osType: string) => osType.includes('64 bit');

export function defaultSettings(vendor: string, osType: string): VmSettings {
  return {
    vendor,
    osType,
    ramMb: 1024,
    vramMb: 16,
    sharedPercent: 0,
    rdpAuth: 'host',
    cdrom: true,
    usb: true,
    fusion: false,
    threeD: false,
    autoBoot: false,
    audio: 'hda',
    comment: '',
    advanced: {
      ioapic: is64Bit(osType),
      vtx: true,
      synthCpu: false,
      nestedPaging: true,
      largePages: false,
      vpid: true,
      hpet: false,
      usbEhci: false,
      pae: is64Bit(osType),
      hdController: 'sata',
      cpuCount: 1,
      executionCap: 100,
      chipset: 'piix3',
    },
  };
}

/** VirtualBox's OUI with random host bytes; decided in `prepare`, so replay is stable. */
export function newMac(): string {
  return ['08', '00', '27', ...[...randomBytes(3)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

export function checkOs(vendor: string, osType: string): void {
  const types = OS_CATALOG[vendor];
  if (!types) throw fail.validation('vendor', `Unknown vendor "${vendor}"; choose one of: ${Object.keys(OS_CATALOG).join(', ')}.`);
  if (!types.includes(osType)) {
    throw fail.validation('osType', `"${osType}" is not an OS type of ${vendor}; GET /api/v1/os-types lists them.`);
  }
}

export function prepareNics(input: NicInput[] | undefined, existing: Nic[]): Nic[] | undefined {
  if (input === undefined) return undefined;
  if (input.length > MAX_NICS) throw fail.validation('nics', `A VM has at most ${MAX_NICS} network cards; ${input.length} were given.`);
  return input.map((nic, slot) => {
    const network = nic.network ?? null;
    if (nic.attachment === 'virtual' && network === null) {
      throw fail.validation(`nics/${slot}/network`, `NIC ${slot + 1} is on a Virtual network: give its number (1-50).`);
    }
    if (nic.attachment !== 'virtual' && network !== null) {
      throw fail.validation(`nics/${slot}/network`, `NIC ${slot + 1} is ${nic.attachment.toUpperCase()}: only Virtual attachments take a network number.`);
    }
    return { slot, type: nic.type, attachment: nic.attachment, network, mac: nic.mac ?? existing[slot]?.mac ?? newMac() };
  });
}

export function mergeSettings(base: VmSettings, input: VmSettingsInput): VmSettings {
  const { nics: _nics, advanced, ...flat } = input;
  const merged: VmSettings = { ...base, ...stripUndefined(flat), advanced: { ...base.advanced, ...stripUndefined(advanced ?? {}) } };
  if (merged.fusion && !is64Bit(merged.osType)) {
    throw fail.validation('fusion', 'Page Fusion works only for 64 bit guests; turn it off or choose a 64 bit OS type.');
  }
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function copyNames(name: string, copies: number): string[] {
  return copies === 1 ? [name] : Array.from({ length: copies }, (_, i) => `${name}-${i + 1}`);
}

export function pickSettings(vm: Vm): VmSettings {
  const { vendor, osType, ramMb, vramMb, sharedPercent, rdpAuth, cdrom, usb, fusion, threeD, autoBoot, audio, comment, advanced } = vm;
  return { vendor, osType, ramMb, vramMb, sharedPercent, rdpAuth, cdrom, usb, fusion, threeD, autoBoot, audio, comment, advanced };
}

export interface UpdateVmInput extends VmSettingsInput {
  id: string;
  name?: string;
  hostGroup?: string | null;
}

export const updateVmCommand = defineCommand({
  type: 'vm.update',
  prepare(input: UpdateVmInput, ctx) {
    return { input, teleportId: ctx.newId(), macs: Array.from({ length: input.nics?.length ?? 0 }, () => newMac()) };
  },
  apply(db, p, { actor, at }) {
    const { input } = p;
    const vm = resolveVm(db, actor, input.id);
    requireChange(db, actor, 'vm', vm.id, 'VM', 'change its settings');
    if (input.name !== undefined && input.name.toLowerCase() !== vm.name.toLowerCase() && vmNameExists(db, input.name)) {
      throw fail.nameTaken('VM', input.name);
    }
    const settings = mergeSettings(pickSettings(vm), input);
    checkOs(settings.vendor, settings.osType);
    const nics = prepareNics(input.nics, vm.nics)?.map((nic, i) => ({
      ...nic,
      mac: input.nics?.[i]?.mac ?? vm.nics[i]?.mac ?? p.macs[i] ?? newMac(),
    }));
    let hostGroupId: string | null | undefined;
    let teleport = false;
    if (input.hostGroup !== undefined) {
      const target = input.hostGroup === null ? null : resolveHostGroup(db, actor, input.hostGroup);
      if (target && vm.isTemplate) {
        throw new InfinityError('INF_ERR_TEMPLATE_HOST_GROUP', 'Templates cannot be assigned to Host Groups; create a VM from the template and assign that.', { field: 'hostGroup' });
      }
      const targetId = target?.id ?? null;
      if (targetId !== vm.hostGroupId) {
        if (vm.state === 'POWERED_OFF') {
          hostGroupId = targetId;
        } else {
          insertTeleportRequest(db, { id: p.teleportId, vmId: vm.id, fromHostGroupId: vm.hostGroupId, toHostGroupId: targetId, requestedAt: at, requestedBy: actor.id });
          teleport = true;
        }
      }
    }
    updateVm(
      db,
      vm.id,
      {
        ...settings,
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(hostGroupId === undefined ? {} : { hostGroupId }),
        ...(nics === undefined ? {} : { nics }),
      },
      at,
    );
    return { id: vm.id, teleportRequested: teleport };
  },
});

export const makeTemplate = defineCommand({
  type: 'vm.makeTemplate',
  prepare: (input: { id: string }) => input,
  apply(db, p, { actor, at }) {
    const vm = resolveVm(db, actor, p.id);
    requireChange(db, actor, 'vm', vm.id, 'VM', 'turn it into a template');
    if (vm.isTemplate) throw new InfinityError('INF_ERR_TEMPLATE_FINAL', `"${vm.name}" is already a template.`);
    if (vm.state !== 'POWERED_OFF') throw fail.conflict(`"${vm.name}" is ${vm.state}; power it off before turning it into a template.`);
    updateVm(db, vm.id, { isTemplate: true, hostGroupId: null }, at);
    return { id: vm.id };
  },
});
