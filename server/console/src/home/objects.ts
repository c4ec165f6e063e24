/** What the Home tab's tree, lists and details panel point at. */
export type ObjectKind = 'vm' | 'user' | 'hostGroup' | 'server' | 'host' | 'pool' | 'drive' | 'vmSnapshot' | 'vmGroup';

export interface ObjectRef {
  kind: ObjectKind;
  id: string;
  name: string;
  /** The object it belongs to, where the details need it (a VM snapshot's VM). */
  parent?: string;
}

export const keyOf = (o: Pick<ObjectRef, 'kind' | 'id'>) => `${o.kind}:${o.id}`;

/** The MIME type a dragged VM carries: a JSON list of VM ids. */
export const VM_DRAG_TYPE = 'application/x-infinity-vms';
