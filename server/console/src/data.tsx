import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Api, Me } from './api';

/**
 * Which areas of the server a screen depends on, named like the prefixes of command
 * types (`vm.update` belongs to `vm`). A committed command refetches only the queries
 * that list its area.
 */
export type Area = 'vm' | 'user' | 'grant' | 'hostGroup' | 'host' | 'server' | 'vmGroup' | 'settings';

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
    for (const [refetch, areas] of this.subscribers) {
      if (areas.includes(area as Area) || !KNOWN_AREAS.has(area)) refetch();
    }
  }

  all(): void {
    for (const refetch of this.subscribers.keys()) refetch();
  }
}

const KNOWN_AREAS = new Set<string>(['vm', 'user', 'grant', 'hostGroup', 'host', 'server', 'vmGroup', 'settings']);

export interface Capabilities {
  hosts: boolean;
  servers: boolean;
  vmGroups: boolean;
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
