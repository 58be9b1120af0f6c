import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { holdRequestSchema, idParamsSchema } from '@/lib/schemas/booking';
import { authorize, viewerFromHeaders } from '@/server/auth/session';
import { holdSeats } from '@/server/booking/hold-seats';
import { toAppError } from '@/server/http/errors';

// The hold route (POST /api/v1/showtimes/:id/holds) served by Fastify or by Hono in a process of
// its own, for bench/router-choice.ts: the same steps as the Next route handler (authenticate the
// bearer token, validate params and body with the same zod schemas, call the same use case, the
// same error envelope), so what differs is only the HTTP layer. `node … router-server.ts fastify|hono`.

const variant = process.argv[2];
const port = Number(process.env.PORT);

type HeaderSource = { get(name: string): string | null };

async function hold(showtimeId: string, headers: HeaderSource, body: unknown) {
  try {
    const viewer = authorize(await viewerFromHeaders(headers));
    const params = idParamsSchema.parse({ id: showtimeId });
    const input = holdRequestSchema.parse(body);
    const result = await holdSeats({
      userId: viewer.id,
      showtimeId: params.id,
      seatIds: input.seatIds,
      accessible: input.accessible,
    });
    return { status: 201, body: result as unknown };
  } catch (error) {
    const e = toAppError(error);
    return { status: e.status, body: e.toBody() as unknown };
  }
}

function nodeHeaders(req: IncomingMessage): HeaderSource {
  return {
    get: (name) => {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    },
  };
}

async function main() {
  let listener: (req: IncomingMessage, res: ServerResponse) => void;
  if (variant === 'fastify') {
    let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
    const app = Fastify({
      // Fastify routes requests handed to it by our own HTTP server (as the custom server would).
      serverFactory: (h) => {
        handler = h;
        return createServer();
      },
      bodyLimit: 32 * 1024,
    });
    app.post<{ Params: { id: string } }>('/api/v1/showtimes/:id/holds', async (req, reply) => {
      const r = await hold(req.params.id, nodeHeaders(req.raw), req.body);
      return reply.code(r.status).header('cache-control', 'no-store').send(r.body);
    });
    app.get('/api/health', async () => ({ status: 'ok' }));
    await app.ready();
    listener = (req, res) => handler?.(req, res);
  } else if (variant === 'hono') {
    const app = new Hono();
    app.post('/api/v1/showtimes/:id/holds', async (c) => {
      const body = await c.req.json().catch(() => undefined);
      const r = await hold(c.req.param('id'), c.req.raw.headers, body);
      return c.json(r.body as object, r.status as 201, { 'cache-control': 'no-store' });
    });
    app.get('/api/health', (c) => c.json({ status: 'ok' }));
    listener = getRequestListener(app.fetch);
  } else {
    throw new Error(`usage: router-server.ts fastify|hono (got ${variant})`);
  }
  const server = createServer(listener);
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  process.stdout.write('ready\n');
  process.on('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void import('@/server/db').then(({ disconnectDb }) => disconnectDb()).finally(() => process.exit(0));
  });
}

void main();
