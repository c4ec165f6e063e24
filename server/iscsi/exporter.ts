/**
 * The IscsiExporter seam: one target per drive, its ACL naming only the initiator of the
 * Host that runs the VM, CHAP on by default with a per-drive secret. `tgt/` and `lio/`
 * implement it; the server picks one in one place. Everything is addressed by drive id.
 */
export interface ChapCredentials {
  user: string;
  secret: string;
}

export interface ExportSpec {
  driveId: string;
  /** The file or block device to serve (StoragePool.devicePath). */
  devicePath: string;
  initiatorIqn: string;
  /** null only when an administrator explicitly asked for no CHAP. */
  chap: ChapCredentials | null;
  readOnly: boolean;
  /** IO Sync "always": every write reaches stable storage before it is acknowledged. */
  syncWrites: boolean;
}

export interface ExportedTarget {
  driveId: string;
  targetIqn: string;
  devicePath: string;
  initiators: string[];
  chapUser: string | null;
  readOnly: boolean;
}

export interface Portal {
  host: string;
  port: number;
}

export interface IscsiExporter {
  readonly kind: 'tgt' | 'lio';
  readonly portal: Portal;
  /** Exports (or re-exports, replacing ACL and CHAP) a drive; returns its target name. */
  export(spec: ExportSpec): Promise<{ targetIqn: string; portal: Portal }>;
  /**
   * Makes a live target show its device's size now (after the volume grew), without
   * logging anyone out; a drive that is not exported is not an error.
   */
  showNewSize(driveId: string): Promise<void>;
  /** Removes the drive's target; a drive that is not exported is not an error. */
  unexport(driveId: string): Promise<void>;
  /** Targets that this exporter made (named by our scheme); others are left alone. */
  list(): Promise<ExportedTarget[]>;
}
