import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'next-auth/jwt';
import type { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRealtime, type SocketData } from '@/server/realtime/io';
import { showtimeRoom } from '@/server/realtime/rooms';

// The custom server's Socket.IO: the web session cookie (or a bearer token) authenticates the
// socket, anonymous viewers may connect and watch, and a socket joins one room per showtime.

let http: HttpServer;
let io: Server;
let url: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  http = createServer();
  io = attachRealtime(http);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await io.close();
});

function client(options: { cookie?: string; token?: string } = {}): Promise<Socket> {
  const socket = connect(url, {
    transports: ['websocket'],
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    auth: options.token ? { token: options.token } : {},
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function sessionToken(sub: string, role: string, secret = process.env.AUTH_SECRET as string) {
  return encode({ token: { sub, role, sv: 0 }, secret });
}

async function usersIn(showtimeId: string) {
  const remote = await io.in(showtimeRoom(showtimeId)).fetchSockets();
  return remote.map((s) => (s.data as SocketData).user);
}

describe('Socket.IO on the custom server', () => {
  const showtimeId = '0b8a3c1e-0000-4000-8000-000000000001';

  it('authenticates a socket from the next-auth session cookie and puts it in the showtime room', async () => {
    const userId = '11111111-1111-4111-8111-111111111111';
    const socket = await client({
      cookie: `next-auth.session-token=${await sessionToken(userId, 'CUSTOMER')}`,
    });
    expect(await socket.emitWithAck('showtime:join', { showtimeId })).toEqual({ ok: true });
    expect(await usersIn(showtimeId)).toContainEqual({ id: userId, role: 'CUSTOMER' });
  });

  it('accepts a bearer token for API clients', async () => {
    const userId = '22222222-2222-4222-8222-222222222222';
    const socket = await client({ token: await sessionToken(userId, 'STAFF') });
    await socket.emitWithAck('showtime:join', { showtimeId: '0b8a3c1e-0000-4000-8000-000000000002' });
    expect(await usersIn('0b8a3c1e-0000-4000-8000-000000000002')).toEqual([{ id: userId, role: 'STAFF' }]);
  });

  it('lets anonymous viewers watch, and treats a forged cookie as anonymous', async () => {
    const room = '0b8a3c1e-0000-4000-8000-000000000003';
    const anon = await client();
    const forged = await client({
      cookie: `next-auth.session-token=${await sessionToken('33333333-3333-4333-8333-333333333333', 'ADMIN', 'not-our-secret-0123456789abcdef0123')}`,
    });
    await anon.emitWithAck('showtime:join', { showtimeId: room });
    await forged.emitWithAck('showtime:join', { showtimeId: room });
    expect(await usersIn(room)).toEqual([null, null]);
  });

  it('refuses a malformed join without disconnecting the socket', async () => {
    const socket = await client();
    const reply = await socket.emitWithAck('showtime:join', { showtimeId: 'not-a-uuid' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(socket.connected).toBe(true);
    expect(await socket.emitWithAck('showtime:join', { showtimeId })).toEqual({ ok: true });
  });

  it('leaving a showtime takes the socket out of its room', async () => {
    const room = '0b8a3c1e-0000-4000-8000-000000000004';
    const socket = await client();
    await socket.emitWithAck('showtime:join', { showtimeId: room });
    expect(await usersIn(room)).toHaveLength(1);
    socket.emit('showtime:leave', { showtimeId: room });
    await expect.poll(() => usersIn(room)).toHaveLength(0);
  });
});
