import { io, type Socket } from 'socket.io-client';
import type { JoinAck } from '@/lib/realtime-protocol';
import type { RowVersions, SeatEventBatch } from '@/lib/seat-events';

// A worker process of the realtime benchmark: it opens its share of the viewers, each a real
// Socket.IO client on /seats joined to one showtime, and records, for every delta every viewer
// receives, the time from the server's commit (batch.committedAt, same machine clock) to receipt.
// It talks to the driver over IPC: 'ready' once all viewers have their snapshot, then 'report'.

type Start = { type: 'start'; urls: string[]; count: number; showtimeId: string; firstIndex: number };
type Message = Start | { type: 'report' } | { type: 'close' };

const send = (m: unknown) => process.send?.(m);
const sockets: Socket[] = [];
const latencies: number[] = [];
// Per viewer: the row versions it saw after its snapshot, as "row:version".
const seen: Set<string>[] = [];
const snapshotVersions: RowVersions[] = [];
let errors = 0;

async function open(url: string, showtimeId: string, i: number): Promise<void> {
  const socket = io(`${url}/seats`, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  seen[i] = new Set();
  socket.on('seats:delta', (batch: SeatEventBatch) => {
    latencies.push(Date.now() - batch.committedAt);
    for (const [row, v] of Object.entries(batch.versions)) seen[i]?.add(`${row}:${v}`);
  });
  socket.on('connect_error', () => errors++);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  const ack = (await socket.timeout(30_000).emitWithAck('seats:join', { showtimeId })) as JoinAck;
  if (!ack.ok) throw new Error(`join failed: ${ack.error.message}`);
  snapshotVersions[i] = ack.snapshot.versions;
}

process.on('message', async (m: Message) => {
  if (m.type === 'start') {
    try {
      for (let i = 0; i < m.count; i += 50) {
        await Promise.all(
          Array.from({ length: Math.min(50, m.count - i) }, (_, k) =>
            open(m.urls[(m.firstIndex + i + k) % m.urls.length] as string, m.showtimeId, i + k),
          ),
        );
      }
      send({ type: 'ready' });
    } catch (error) {
      send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  } else if (m.type === 'report') {
    send({
      type: 'report',
      latencies,
      // For each viewer and row: versions it should have seen are (snapshot, final]; the driver
      // knows final.
      viewers: seen.map((s, i) => ({ from: snapshotVersions[i] ?? {}, versions: [...s] })),
      connected: sockets.filter((s) => s.connected).length,
      errors,
      rssBytes: process.memoryUsage().rss,
    });
  } else if (m.type === 'close') {
    for (const s of sockets) s.close();
    process.exit(0);
  }
});
