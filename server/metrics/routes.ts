import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { singleton } from '@/server/singleton';

// The route label of a request: the template it was served by, never its URL, so that the number
// of series stays the number of routes however many showtimes, films or junk URLs there are.
// - REST: the operation's declared path (`/api/v1/showtimes/{id}/seats`), named by the API
//   router as it matches (nameRoute), since it alone knows which route matched.
// - Pages: Next's route pattern (`/movies/[slug]`), matched against the build's routes manifest
//   the way Next matches it: the exact routes first, then the dynamic ones in the manifest's order.
// - Server actions: the action's exported name from the build's server-reference manifest.
// - Static files: `/_next/static`, `/_next/image`, or a file or folder of public/.
// Anything else is `unmatched`.

export type RequestKind = 'page' | 'api' | 'action' | 'static' | 'socket';
export type RouteLabel = { kind: RequestKind; route: string };

export const UNMATCHED = 'unmatched';

const named = singleton('metrics-route-names', () => new WeakMap<IncomingMessage, RouteLabel>());

/** Called by a router that knows the template it matched (server/api/router.ts). */
export function nameRoute(req: IncomingMessage, label: RouteLabel): void {
  named.set(req, label);
}

export function namedRoute(req: IncomingMessage): RouteLabel | undefined {
  return named.get(req);
}

// Only matched routes' paths arrive here, so this holds one entry per REST route at most.
const declared = singleton('metrics-declared-paths', () => new Map<string, string>());

/** Fastify's `/a/:id` back to the declared `/a/{id}`. */
export function declaredPath(fastifyUrl: string): string {
  let path = declared.get(fastifyUrl);
  if (path === undefined) {
    path = fastifyUrl.replace(/:([A-Za-z_][\w]*)/g, '{$1}');
    declared.set(fastifyUrl, path);
  }
  return path;
}

const manifestSchema = z.object({
  staticRoutes: z.array(z.object({ page: z.string(), regex: z.string() })),
  dynamicRoutes: z.array(z.object({ page: z.string(), regex: z.string() })),
});

const actionsSchema = z.object({
  node: z.record(z.string(), z.object({ exportedName: z.string().optional() })).default({}),
});

export type BuildRoutes = {
  pages: { page: string; regex: RegExp }[];
  /** Server action id → its exported name. */
  actions: Map<string, string>;
  /** Top-level entries of public/: a file is its own label, a folder's files share `/<folder>/[file]`. */
  publicEntries: Map<string, 'file' | 'dir'>;
};

function readJson(file: string): unknown {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}

/** The production build's routes (empty in development, where everything but REST is `unmatched`). */
export function loadBuildRoutes(root = process.cwd()): BuildRoutes {
  const manifest = manifestSchema.safeParse(readJson(path.join(root, '.next', 'routes-manifest.json')));
  const actions = actionsSchema.safeParse(
    readJson(path.join(root, '.next', 'server', 'server-reference-manifest.json')) ?? {},
  );
  const publicDir = path.join(root, 'public');
  const publicEntries = new Map<string, 'file' | 'dir'>();
  if (existsSync(publicDir)) {
    for (const name of readdirSync(publicDir)) {
      publicEntries.set(name, statSync(path.join(publicDir, name)).isDirectory() ? 'dir' : 'file');
    }
  }
  return {
    pages: manifest.success
      ? [...manifest.data.staticRoutes, ...manifest.data.dynamicRoutes].map((r) => ({
          page: r.page,
          regex: new RegExp(r.regex),
        }))
      : [],
    actions: new Map(
      actions.success
        ? Object.entries(actions.data.node).flatMap(([id, a]) =>
            a.exportedName ? [[id, a.exportedName]] : [],
          )
        : [],
    ),
    publicEntries,
  };
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The label of a request nobody named, from its method, URL and headers. */
export function matchRoute(
  routes: BuildRoutes,
  request: { method: string; url: string; headers: IncomingHttpHeaders },
): RouteLabel {
  const q = request.url.indexOf('?');
  const pathname = q === -1 ? request.url : request.url.slice(0, q);
  if (pathname.startsWith('/socket.io/')) return { kind: 'socket', route: '/socket.io' };
  if (pathname === '/metrics') return { kind: 'api', route: '/metrics' };
  const action = header(request.headers, 'next-action');
  if (request.method === 'POST' && action !== undefined) {
    return { kind: 'action', route: routes.actions.get(action) ?? 'unknown-action' };
  }
  if (pathname.startsWith('/_next/')) {
    if (pathname.startsWith('/_next/static/')) return { kind: 'static', route: '/_next/static' };
    if (pathname === '/_next/image') return { kind: 'static', route: '/_next/image' };
    return { kind: 'static', route: UNMATCHED };
  }
  const kind = pathname === '/api' || pathname.startsWith('/api/') ? 'api' : 'page';
  // A client-side navigation or prefetch asks for the page's RSC payload under a suffix.
  const page = pathname.replace(/\.segments\/.*$/, '').replace(/\.rsc$/, '') || '/';
  const matched = routes.pages.find((r) => r.regex.test(page === '/index' ? '/' : page));
  if (matched) return { kind, route: matched.page };
  const first = pathname.split('/')[1] ?? '';
  const entry = routes.publicEntries.get(first);
  if (entry === 'file' && pathname === `/${first}`) return { kind: 'static', route: pathname };
  if (entry === 'dir') return { kind: 'static', route: `/${first}/[file]` };
  return { kind, route: UNMATCHED };
}
