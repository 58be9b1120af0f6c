import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

// A real SMTP server in the test process: the app sends through nodemailer over TCP, and each
// message arrives here, parsed by mailparser (headers, text and HTML parts), for assertions.

export type Captured = ParsedMail & { envelopeTo: string[] };

export type SmtpCapture = {
  url: string;
  messages: Captured[];
  /** The first message (already received or still to come) that `match` accepts. */
  waitFor(match: (m: Captured) => boolean, timeoutMs?: number): Promise<Captured>;
  /** Messages received by one address so far. */
  to(address: string): Captured[];
  stop(): Promise<void>;
};

export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: Captured[] = [];
  const listeners = new Set<() => void>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(
            Object.assign(mail, { envelopeTo: session.envelope.rcptTo.map((r) => r.address.toLowerCase()) }),
          );
          for (const l of listeners) l();
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((m) => m.envelopeTo.includes(address.toLowerCase())),
    waitFor: (match, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.find(match);
          if (found) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching mail within ${timeoutMs} ms (received ${messages.length})`));
        }, timeoutMs);
        listeners.add(check);
        check();
      }),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a message's text. */
export function codeIn(mail: { text?: string }): string {
  const m = /\b(\d{6})\b/.exec(mail.text ?? '');
  if (!m?.[1]) throw new Error(`no code in mail: ${mail.text}`);
  return m[1];
}

/** The password-reset link's token in a message's text. */
export function resetTokenIn(mail: { text?: string }): string {
  const m = /reset-password\?token=([^\s]+)/.exec(mail.text ?? '');
  if (!m?.[1]) throw new Error(`no reset link in mail: ${mail.text}`);
  return decodeURIComponent(m[1]);
}
