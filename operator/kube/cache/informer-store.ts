import { deepFreeze, keyOf } from "../meta/kube-object.ts";
import type { KubeObject } from "../meta/kube-object.ts";

/** Maps an object to the index values it is found under (for example its controller owner's UID). */
export type Indexers<T> = Record<string, (obj: T) => string[]>;

/** ADDED and MODIFIED come from the watch or a relist; RESYNC re-notifies an unchanged object on a relist. */
export type ChangeType = "ADDED" | "MODIFIED" | "RESYNC";

export interface Change<T> {
  obj: T;
  type: ChangeType;
}

/**
 * The informer's cache: Map<namespace, Map<name, object>> plus indexes kept in step on every change. Stored
 * objects are deep-frozen (the store takes ownership of what it is given), so `get`/`list` can hand them out
 * without copying and a caller cannot corrupt the cache. Cluster-scoped objects live under namespace "".
 */
export class InformerStore<T extends KubeObject> {
  readonly #objects = new Map<string, Map<string, T>>();
  readonly #indexers: Indexers<T> = {};
  readonly #indexes = new Map<string, Map<string, Set<string>>>();
  readonly #byKey = new Map<string, T>();

  constructor(indexers: Indexers<T> = {}) {
    this.addIndexers(indexers);
  }

  /**
   * Adds indexes while the store is still empty: a shared informer gathers the indexes of every controller that
   * reads it before it lists. A name already taken must come with the same function, so two controllers never
   * silently read each other's index under one name.
   */
  addIndexers(indexers: Indexers<T>): void {
    for (const [name, indexer] of Object.entries(indexers)) {
      const existing = this.#indexers[name];
      if (existing === indexer) continue;
      if (existing !== undefined) throw new Error(`an index named ${name} is already defined`);
      if (this.#byKey.size > 0) throw new Error(`index ${name} added after the cache was filled`);
      this.#indexers[name] = indexer;
      this.#indexes.set(name, new Map());
    }
  }

  get(namespace: string | undefined, name: string): T | undefined {
    return this.#objects.get(namespace ?? "")?.get(name);
  }

  getByKey(key: string): T | undefined {
    return this.#byKey.get(key);
  }

  /** Objects in one namespace, or all of them when `namespace` is undefined. */
  list(namespace?: string): T[] {
    if (namespace !== undefined) return [...(this.#objects.get(namespace)?.values() ?? [])];
    return [...this.#byKey.values()];
  }

  /** Objects indexed under `value` by the indexer `indexName`. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.#indexes.get(indexName);
    if (!index) throw new Error(`no indexer named ${indexName}`);
    return [...(index.get(value) ?? [])].flatMap((key) => this.#byKey.get(key) ?? []);
  }

  size(): number {
    return this.#byKey.size;
  }

  /** Stores the object; returns the change, or undefined when its resourceVersion is the one already cached. */
  upsert(obj: T): Change<T> | undefined {
    const key = keyOf(obj);
    const existing = this.#byKey.get(key);
    if (existing && existing.metadata?.resourceVersion === obj.metadata?.resourceVersion) return undefined;
    this.#put(key, deepFreeze(obj), existing);
    return { obj, type: existing ? "MODIFIED" : "ADDED" };
  }

  /** Removes the object with the same key; returns the cached copy that was removed. */
  remove(obj: KubeObject): T | undefined {
    const key = keyOf(obj);
    const existing = this.#byKey.get(key);
    if (!existing) return undefined;
    this.#unindex(key, existing);
    this.#byKey.delete(key);
    const namespace = existing.metadata?.namespace ?? "";
    const names = this.#objects.get(namespace);
    names?.delete(existing.metadata?.name ?? "");
    if (names?.size === 0) this.#objects.delete(namespace);
    return existing;
  }

  /**
   * Replaces the contents with a fresh full list. Every listed object comes back as a change (RESYNC when its
   * resourceVersion is unchanged), and objects missing from the list come back as deleted.
   */
  replace(objs: T[]): { changes: Change<T>[]; deleted: T[] } {
    const listedKeys = new Set(objs.map(keyOf));
    const deleted = [...this.#byKey.entries()].filter(([key]) => !listedKeys.has(key)).map(([, obj]) => obj);
    for (const obj of deleted) this.remove(obj);
    const changes = objs.map((obj) => this.upsert(obj) ?? { obj: this.#byKey.get(keyOf(obj)) as T, type: "RESYNC" as const });
    return { changes, deleted };
  }

  #put(key: string, obj: T, previous: T | undefined): void {
    if (previous) this.#unindex(key, previous);
    const namespace = obj.metadata?.namespace ?? "";
    let names = this.#objects.get(namespace);
    if (!names) this.#objects.set(namespace, (names = new Map()));
    names.set(obj.metadata?.name ?? "", obj);
    this.#byKey.set(key, obj);
    for (const [name, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name)!;
      for (const value of indexer(obj)) {
        let keys = index.get(value);
        if (!keys) index.set(value, (keys = new Set()));
        keys.add(key);
      }
    }
  }

  #unindex(key: string, obj: T): void {
    for (const [name, indexer] of Object.entries(this.#indexers)) {
      const index = this.#indexes.get(name)!;
      for (const value of indexer(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}
