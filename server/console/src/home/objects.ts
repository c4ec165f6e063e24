/** What the Home tab's tree, lists and details panel point at. */
export type ObjectKind = 'vm' | 'user' | 'hostGroup' | 'server' | 'host';

export interface ObjectRef {
  kind: ObjectKind;
  id: string;
  name: string;
}

export const keyOf = (o: Pick<ObjectRef, 'kind' | 'id'>) => `${o.kind}:${o.id}`;

/** The MIME type a dragged VM carries: a JSON list of VM ids. */
export const VM_DRAG_TYPE = 'application/x-infinity-vms';
