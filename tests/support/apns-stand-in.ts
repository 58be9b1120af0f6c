import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';

// A local stand-in for Apple's push service: an HTTP/2 TLS server (self-made certificate for
// localhost) that asks for a client certificate, records each push (path, apns-topic, body, the
// client certificate's subject) and answers 200, or what the test sets for a token (410, 500…).

export type RecordedPush = {
  token: string;
  topic: string | undefined;
  body: string;
  method: string | undefined;
  /** The subject of the TLS client certificate the push came with (the pass type certificate). */
  clientCertSubject: string | null;
};

export type ApnsStandIn = {
  url: string;
  /** The stand-in's certificate, for the client to trust. */
  ca: Buffer;
  pushes: RecordedPush[];
  answer: Map<string, { status: number; reason?: string }>;
  close(): Promise<void>;
};

export async function startApnsStandIn(): Promise<ApnsStandIn> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-apns-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'pipe' },
  );
  const cert = readFileSync(path.join(dir, 'cert.pem'));
  const key = readFileSync(path.join(dir, 'key.pem'));
  rmSync(dir, { recursive: true, force: true });
  const pushes: RecordedPush[] = [];
  const answer = new Map<string, { status: number; reason?: string }>();
  // Any client certificate is accepted (the test's pass type certificate is not from this CA);
  // the test checks which one was presented.
  const server = http2.createSecureServer({ cert, key, requestCert: true, rejectUnauthorized: false });
  server.on('stream', (stream, headers) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const token = String(headers[':path'] ?? '').replace(/^\/3\/device\//, '');
      const peer = (stream.session?.socket as TLSSocket | undefined)?.getPeerCertificate();
      pushes.push({
        token,
        topic: headers['apns-topic'] as string | undefined,
        body: Buffer.concat(chunks).toString('utf8'),
        method: headers[':method'] as string | undefined,
        clientCertSubject: peer && Object.keys(peer).length ? JSON.stringify(peer.subject) : null,
      });
      const a = answer.get(token) ?? { status: 200 };
      if (a.status === 200) {
        stream.respond({ ':status': 200, 'apns-id': '00000000-0000-4000-8000-000000000000' });
        stream.end();
      } else {
        stream.respond({ ':status': a.status, 'content-type': 'application/json' });
        stream.end(JSON.stringify({ reason: a.reason ?? 'Unregistered' }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: `https://127.0.0.1:${port}`,
    ca: cert,
    pushes,
    answer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        setTimeout(resolve, 1_000).unref();
      }),
  };
}
