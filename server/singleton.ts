// One way to make a process-wide singleton. This process loads some modules twice (the custom
// server through tsx, the app through Next's bundle; dev hot reload re-evaluates them), and both
// copies must share one connection pool, one provider, one queue: the instance lives on
// globalThis under its name.

const g = globalThis as typeof globalThis & { __marqueeSingletons?: Map<string, unknown> };

export function singleton<T>(name: string, create: () => T): T {
  g.__marqueeSingletons ??= new Map();
  const all = g.__marqueeSingletons;
  if (!all.has(name)) all.set(name, create());
  return all.get(name) as T;
}

/** Replaces (or, with undefined, forgets) a singleton: tests and shutdown. */
export function setSingleton<T>(name: string, value: T | undefined): void {
  g.__marqueeSingletons ??= new Map();
  if (value === undefined) g.__marqueeSingletons.delete(name);
  else g.__marqueeSingletons.set(name, value);
}
