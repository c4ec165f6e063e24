import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { Me } from '../../../lib/protocol/auth';
import type { ObjectKind, ObjectRef } from '../../../lib/protocol/events';
import { ApiError, type Api } from './api';

/** What the event stream names: an object's kind and id (`grants` is one user's grants, by the user's id). */
export type Changed = ObjectRef;

/** What a query shows: every object of a kind, or one object. */
export type Watch = ObjectKind | Changed;

const watches = (watch: readonly Watch[], changed: Changed) =>
  watch.some((w) => (typeof w === 'string' ? w === changed.kind : w.kind === changed.kind && w.id === changed.id));

interface Subscriber {
  /** Objects changed on the server. */
  changed(objects: readonly Changed[]): void;
  /** Anything may have changed (the stream started afresh): fetch everything again. */
  all(): void;
}

/** Hands what the event stream names to the queries on screen. */
export class Changes {
  private readonly subscribers = new Set<Subscriber>();

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  changed(objects: readonly Changed[]): void {
    for (const subscriber of this.subscribers) subscriber.changed(objects);
  }

  all(): void {
    for (const subscriber of this.subscribers) subscriber.all();
  }
}

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

/** GETs `path` (null: nothing to fetch) and fetches it again whenever an object it watches changes. */
export function useQuery<T>(path: string | null, watch: readonly Watch[]): Query<T> {
  const { api, changes } = useConsole();
  const [state, setState] = useState<{ path: string | null; data?: T; error?: Error; loading: boolean }>({ path, loading: path !== null });
  const generation = useRef(0);
  const watchKey = JSON.stringify(watch);

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
    const watched = JSON.parse(watchKey) as Watch[];
    return changes.subscribe({
      changed: (objects) => objects.some((o) => watches(watched, o)) && refetch(),
      all: refetch,
    });
  }, [changes, refetch, watchKey, path]);

  const current = state.path === path;
  return { data: current ? state.data : undefined, error: current ? state.error : undefined, loading: state.loading, refetch };
}

/** The filters of the VM lists (`?template=true`, `?template=false`), for objects the stream names. */
export const isTemplate = (vm: { isTemplate: boolean }) => vm.isTemplate;
export const isVm = (vm: { isTemplate: boolean }) => !vm.isTemplate;

/** Where one object of a kind is read; lists of these kinds follow changes object by object. */
const ITEM_PATHS = {
  vm: '/vms', drive: '/drives', hostGroup: '/host-groups', host: '/hosts',
  vmGroup: '/vm-groups', user: '/users', pool: '/pools', server: '/servers',
} as const;

type ListKind = keyof typeof ITEM_PATHS;

/**
 * GETs the list at `path` once, then, for each changed object of its kind, GETs that one
 * object and puts it in place: added or replaced when the caller sees it and `keep` takes
 * it (the list's own filter, such as templates only), removed when it is gone (404) or
 * not kept. The whole list is fetched again only when the stream starts afresh.
 */
export function useList<T extends { id: string; name: string }>(
  path: string | null,
  kind: ListKind,
  keep: (item: T) => boolean = () => true,
): Query<T[]> {
  const { api, changes } = useConsole();
  const query = useQuery<T[]>(path, []);
  const [patched, setPatched] = useState<{ base?: T[]; items?: T[] }>({});
  const keepRef = useRef(keep);
  keepRef.current = keep;
  const items = patched.base === query.data ? patched.items : query.data;

  useEffect(() => {
    if (path === null) return undefined;
    const put = (id: string, item: T | null) =>
      setPatched((p) => {
        const base = p.base === query.data ? p.items : query.data;
        if (!base) return p;
        const rest = base.filter((x) => x.id !== id);
        if (!item || !keepRef.current(item)) return { base: query.data, items: rest };
        const at = base.findIndex((x) => x.id === id);
        const next = at >= 0
          ? base.map((x) => (x.id === id ? item : x))
          : [...rest, item].sort((a, b) => a.name.localeCompare(b.name));
        return { base: query.data, items: next };
      });
    const fetchOne = (id: string) =>
      api.get<T>(`${ITEM_PATHS[kind]}/${encodeURIComponent(id)}`).then(
        (item) => put(id, item),
        (error: unknown) => (error instanceof ApiError && error.status === 404 ? put(id, null) : query.refetch()),
      );
    return changes.subscribe({
      changed: (objects) => {
        for (const id of new Set(objects.filter((o) => o.kind === kind).map((o) => o.id))) void fetchOne(id);
      },
      all: () => undefined,
    });
  }, [api, changes, kind, path, query.data, query.refetch]);

  return { ...query, data: items };
}

export function ConsoleProvider(props: { value: ConsoleContext; children: ReactNode }) {
  return <Ctx.Provider value={props.value}>{props.children}</Ctx.Provider>;
}
