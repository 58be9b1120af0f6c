import 'server-only';
import http2 from 'node:http2';

// Apple Push Notification service, the way Wallet passes use it: an HTTP/2 POST per device to
// /3/device/<push token>, authenticated by the TLS client certificate of the pass type (the same
// certificate that signs the passes), `apns-topic` the pass type identifier, and an empty JSON
// payload: the push only says "ask for your updated passes". One connection per batch: Apple
// multiplexes many pushes over one connection and asks that connections be reused, not opened
// per push.

export type ApnsCredentials = { cert: string; key: string; passphrase?: string; ca?: string | Buffer };

export type ApnsAnswer = { status: number; reason?: string };

export type ApnsSession = {
  push(token: string, topic: string): Promise<ApnsAnswer>;
  close(): Promise<void>;
};

const PUSH_TIMEOUT_MS = 10_000;

export function openApnsSession(baseUrl: string, credentials: ApnsCredentials): ApnsSession {
  const session = http2.connect(baseUrl, {
    cert: credentials.cert,
    key: credentials.key,
    passphrase: credentials.passphrase,
    ...(credentials.ca ? { ca: credentials.ca } : {}),
  });
  // A connection-level failure rejects each push in flight (below); unhandled it would crash the process.
  let failure: Error | undefined;
  session.on('error', (error) => {
    failure = error;
  });
  return {
    push(token, topic) {
      return new Promise<ApnsAnswer>((resolve, reject) => {
        if (failure) return reject(failure);
        const payload = Buffer.from('{}');
        const req = session.request({
          ':method': 'POST',
          ':path': `/3/device/${encodeURIComponent(token)}`,
          'apns-topic': topic,
          'content-type': 'application/json',
          'content-length': payload.length,
        });
        let status = 0;
        const chunks: Buffer[] = [];
        req.setTimeout(PUSH_TIMEOUT_MS, () => req.close(http2.constants.NGHTTP2_CANCEL));
        req.on('response', (headers) => {
          status = Number(headers[':status']);
        });
        req.on('data', (chunk: Buffer) => {
          if (chunks.length < 16) chunks.push(chunk);
        });
        const answer = () => {
          let reason: string | undefined;
          try {
            reason = (JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { reason?: string })
              .reason;
          } catch {
            reason = undefined;
          }
          resolve({ status, reason });
        };
        req.on('end', answer);
        // A promise settles once: whichever of these comes first decides.
        req.on('close', () => {
          if (status) answer();
          else reject(failure ?? new Error('APNs closed the stream without an answer'));
        });
        req.on('error', (error) => reject(error));
        req.end(payload);
      });
    },
    close() {
      return new Promise<void>((resolve) => {
        if (session.closed || session.destroyed) return resolve();
        session.close(() => resolve());
        // A peer that never acknowledges the GOAWAY does not hold the job up.
        setTimeout(() => {
          session.destroy();
          resolve();
        }, 2_000).unref();
      });
    },
  };
}
