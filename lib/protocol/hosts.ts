import { type Static, Type } from 'typebox';
import { HOST_AUDIO_SUPPORT, HOST_LIMITS, HOST_LOG_LEVELS } from '../host-settings.js';
import { Name } from './common.js';
import { oneOf } from './one-of.js';

const Mac = Type.String({ pattern: '^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$', description: 'Ethernet address, aa:bb:cc:dd:ee:ff' });

/** Free text a person types on one line: no control characters. */
const Line = (maxLength: number, description: string) => Type.String({ maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description });

const settingFields = {
  ramCapMb: Type.Integer({ minimum: 0, maximum: HOST_LIMITS.ramCapMbMax, description: 'RAM Cap: most Host RAM (MB) VMs may use; 0 = no cap; above the real RAM over-commits' }),
  headless: Type.Boolean({ description: 'Start VMs in the background; access is remote only' }),
  fullScreen: Type.Boolean({ description: 'Start VMs full screen' }),
  threeD: Type.Boolean({ description: '3D acceleration for all VMs on this Host' }),
  useHostCache: Type.Boolean({ description: "Cache disk IO between the Host and the server" }),
  kiosk: Type.Boolean({ description: 'Full screen with the hypervisor tools disabled' }),
  hostRdp: Type.Boolean({ description: "Authenticate RDP access with the Host's own accounts instead of Infinity accounts" }),
  autoReset: Type.Boolean({ description: 'Restart VMs that fail' }),
  seamless: Type.Boolean({ description: "Show the VM's windows on the Host's desktop" }),
  pageFusion: Type.Boolean({ description: 'Share identical memory pages between VMs' }),
  agentInterface: Line(HOST_LIMITS.interfaceMax, 'Network card the server contacts the agent on; empty = automatic'),
  bridgedInterface: Line(HOST_LIMITS.interfaceMax, 'Network card that Bridged NICs of VMs connect to; empty = automatic'),
  audioSupport: oneOf(HOST_AUDIO_SUPPORT, 'Sound facility of the Host that VMs with audio use'),
  rdpCommand: Line(HOST_LIMITS.rdpCommandMax, 'RDP client to run instead of the built-in one; %username, %password, %address and %port are replaced'),
  logLevel: oneOf(HOST_LOG_LEVELS, "Agent log level; info is the default; all also keeps powered-off VMs' hypervisor configuration"),
  backupDirectory: Type.String({
    maxLength: HOST_LIMITS.backupDirectoryMax,
    pattern: '^(?:|/[^\\u0000-\\u001f\\u007f]*|[A-Za-z]:[\\\\/][^\\u0000-\\u001f\\u007f]*)$',
    description: 'Absolute directory the agent writes VM backups to; empty = backups to this Host disabled',
  }),
  comment: Type.String({ maxLength: HOST_LIMITS.commentMax }),
};

const HostGroupRef = Type.String({ minLength: 1, maxLength: 128, description: 'Host Group id or name' });

export const Host = Type.Object({
  id: Type.String(),
  name: Type.String({ description: 'Agent Name: the hostname of the Host' }),
  hostGroupId: Type.String(),
  hostGroup: Type.String({ description: 'Host Group name' }),
  mac: Type.Union([Type.String(), Type.Null()]),
  online: Type.Boolean({ description: 'Its agent is connected (reported by the agent; read-only)' }),
  lastSeenAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'Last contact from its agent (read-only)' }),
  runningVms: Type.Integer({ description: 'VMs running on the Host now' }),
  ...settingFields,
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.Union([Type.String(), Type.Null()]),
});
export type Host = Static<typeof Host>;

export const RegisterHostBody = Type.Object(
  {
    name: Name('Agent Name: the hostname of the Host'),
    mac: Type.Optional(Mac),
    hostGroup: Type.Optional(
      Name('Host Group Name (id or name) to join; created when missing; defaults to the Host name'),
    ),
  },
  { additionalProperties: false },
);
export type RegisterHostBody = Static<typeof RegisterHostBody>;

export const UpdateHostBody = Type.Object(
  {
    name: Type.Optional(Name('New Agent Name')),
    mac: Type.Optional(Type.Union([Mac, Type.Null()])),
    ...Object.fromEntries(Object.entries(settingFields).map(([k, v]) => [k, Type.Optional(v)])),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateHostBody = Static<typeof UpdateHostBody>;

export const MoveHostBody = Type.Object({ hostGroup: HostGroupRef }, { additionalProperties: false });
export type MoveHostBody = Static<typeof MoveHostBody>;

export const DeletedHost = Type.Object({ id: Type.String() });
export type DeletedHost = Static<typeof DeletedHost>;
