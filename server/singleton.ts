// One way to make a process-wide singleton. This process loads some modules twice (the custom
// server through tsx, the app through Next's bundle; dev hot reload re-evaluates them), and both
// copies must share one connection pool, one provider, one queue: the instance lives on
// globalThis under its name.

const g = globalThis as typeof globalThis & { __marqueeSingletons?: Map<string, unknown> };

function all(): Map<string, unknown> {
  g.__marqueeSingletons ??= new Map();
  return g.__marqueeSingletons;
}

/** The instance under `name`, made by `create` the first time (a throw stores nothing). */
export function singleton<T>(name: string, create: () => T): T {
  const instances = all();
  if (!instances.has(name)) instances.set(name, create());
  return instances.get(name) as T;
}

/** The instance under `name` if there is one (for things made with arguments, or torn down). */
export function existingSingleton<T>(name: string): T | undefined {
  return all().get(name) as T | undefined;
}

/** Replaces (or, with undefined, forgets) a singleton: tests, reconfiguration and shutdown. */
export function setSingleton<T>(name: string, value: T | undefined): void {
  if (value === undefined) all().delete(name);
  else all().set(name, value);
}
