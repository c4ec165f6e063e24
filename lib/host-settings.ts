/**
 * Vocabularies of the manual's "Agent configuration settings", shared by the server's
 * schemas, the agent and the CLI so every side offers and accepts the same values.
 */

/** pino's levels, plus the manual's ALL: log everything and keep powered-off VMs' hypervisor config for debugging. */
export const HOST_LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'all'] as const;
export type HostLogLevel = (typeof HOST_LOG_LEVELS)[number];

/** The Host's sound facility that VMs with audio use (QEMU audiodev back ends). */
export const HOST_AUDIO_SUPPORT = ['none', 'alsa', 'pulseaudio', 'pipewire', 'oss', 'sdl', 'coreaudio', 'dsound'] as const;
export type HostAudioSupport = (typeof HOST_AUDIO_SUPPORT)[number];

export const HOST_LIMITS = {
  /** 16 TiB: far above any real Host, yet the manual allows capping above the Host's RAM to over-commit. */
  ramCapMbMax: 16 * 1024 * 1024,
  interfaceMax: 128,
  rdpCommandMax: 1024,
  backupDirectoryMax: 1024,
  commentMax: 4096,
} as const;
