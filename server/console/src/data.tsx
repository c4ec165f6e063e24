import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Api, Me } from './api';

/**
 * Which areas of the server a screen depends on, named like the prefixes of command
 * types (`vm.update` belongs to `vm`). A committed command refetches only the queries
 * that list its area.
 */
export type Area = 'vm' | 'user' | 'grant' | 'hostGroup' | 'host' | 'server' | 'vmGroup' | 'settings' | 'pool' | 'drive' | 'snapshot' | 'vmSnapshot';

/** Everything that changes drives, pools and snapshots (a VM delete or clone does too). */
export const STORAGE_AREAS: readonly Area[] = ['pool', 'drive', 'snapshot', 'vmSnapshot', 'vm'];

type Refetch = () => void;

export class Changes {
  private readonly subscribers = new Map<Refetch, readonly Area[]>();

  subscribe(areas: readonly Area[], refetch: Refetch): () => void {
    this.subscribers.set(refetch, areas);
    return () => this.subscribers.delete(refetch);
  }

  /** A command of this type committed; an unknown area refetches everything. */
  changed(type: string): void {
    const area = type.split('.')[0] ?? '';
    const touched = [area, ...(ALSO_CHANGES[type] ?? [])];
    for (const [refetch, areas] of this.subscribers) {
      if (touched.some((a) => areas.includes(a as Area)) || !KNOWN_AREAS.has(area)) refetch();
    }
  }

  all(): void {
    for (const refetch of this.subscribers.keys()) refetch();
  }
}

/** Commands whose effects reach beyond their own area: both of these create VMs (and drives). */
const ALSO_CHANGES: Record<string, readonly Area[]> = {
  'vmSnapshot.clone': ['vm', 'drive'],
  'vmGroup.apply': ['vm', 'drive', 'hostGroup'],
  'snapshot.cloneDrive': ['drive'],
  'vm.snapshot': ['snapshot'],
  'drive.snapshot': ['snapshot'],
};

const KNOWN_AREAS = new Set<string>(['vm', 'user', 'grant', 'hostGroup', 'host', 'server', 'vmGroup', 'settings', 'pool', 'drive', 'snapshot', 'vmSnapshot']);

export interface Capabilities {
  hosts: boolean;
  servers: boolean;
  vmGroups: boolean;
  storage: boolean;
}

export interface ConsoleContext {
  api: Api;
  me: Me;
  changes: Changes;
  capabilities: Capabilities;
}

export const Ctx = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const ctx = useContext(Ctx);
  if (!ctx) throw new Error('useConsole outside the console');
  return ctx;
}

export interface Query<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  refetch: () => void;
}

/** GETs `path` (null: nothing to fetch) and fetches it again whenever one of `areas` changes. */
export function useQuery<T>(path: string | null, areas: readonly Area[]): Query<T> {
  const { api, changes } = useConsole();
  const [state, setState] = useState<{ path: string | null; data?: T; error?: Error; loading: boolean }>({ path, loading: path !== null });
  const generation = useRef(0);
  const areasKey = areas.join(',');

  const refetch = useCallback(() => {
    if (path === null) return;
    const mine = ++generation.current;
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path).then(
      (data) => mine === generation.current && setState({ path, data, loading: false }),
      (error: Error) => mine === generation.current && setState({ path, error, loading: false }),
    );
  }, [api, path]);

  useEffect(() => {
    setState({ path, loading: path !== null });
    refetch();
    return changes.subscribe(areasKey.split(',') as Area[], refetch);
  }, [changes, refetch, areasKey, path]);

  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: state.loading, refetch };
}

export function ConsoleProvider(props: { value: ConsoleContext; children: ReactNode }) {
  return <Ctx.Provider value={props.value}>{props.children}</Ctx.Provider>;
}
