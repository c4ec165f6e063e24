/** How the console shows the manual's vocabularies (lib/catalog.ts): labels and colours. */
import { NIC_ATTACHMENTS as ATTACHMENTS, AUDIO_TYPES as AUDIO, type Role } from '../../../lib/catalog';
import type { Drive } from '../../../lib/protocol/storage';

const ATTACHMENT_LABELS: Record<(typeof ATTACHMENTS)[number], string> = {
  nat: 'NAT',
  bridged: 'Bridged',
  virtual: 'Virtual',
};
export const NIC_ATTACHMENTS = ATTACHMENTS.map((value) => ({ value, label: ATTACHMENT_LABELS[value] }));

const AUDIO_LABELS: Record<(typeof AUDIO)[number], string> = {
  none: 'None',
  hda: 'HDA (Intel High Definition Audio)',
  ac97: "AC97 (Intel AC'97)",
  sb16: 'SB16 (SoundBlaster 16)',
};
export const AUDIO_TYPES = AUDIO.map((value) => ({ value, label: AUDIO_LABELS[value] }));

/** The manual: drives assigned to a VM are green, unassigned ones brown. */
export const DRIVE_COLOURS = { assigned: '#2e7d32', unassigned: '#8b4513' } as const;
export const driveColour = (d: Pick<Drive, 'vm'>) =>
  (d.vm === null ? DRIVE_COLOURS.unassigned : DRIVE_COLOURS.assigned);

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Administrator',
  regular: 'Regular user',
  restricted: 'Restricted user',
};
/** The manual: administrators have a brown icon, other accounts a blue one. */
export const ROLE_COLOURS: Record<Role, string> = { admin: '#8b4513', regular: '#1677ff', restricted: '#1677ff' };
