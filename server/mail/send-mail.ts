import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { env } from '@/server/env';
import { log, logContext } from '@/server/log';
import { mailboxEnabled, writeToMailbox } from '@/server/mail/mailbox';
import { existingSingleton, setSingleton } from '@/server/singleton';

// Every email Marquee sends goes through here: SMTP when SMTP_URL is set, the local mailbox
// (DATA_DIR/mail, listed at /dev/mail) otherwise.

export type MailAttachment = {
  filename: string;
  content: Buffer;
  /** With parameters where they matter: `text/calendar; method=PUBLISH; charset=utf-8`. */
  contentType: string;
  /** Set for an image the HTML shows inline as `cid:<cid>` (a QR code), rather than a download. */
  cid?: string;
};

export type Mail = {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: MailAttachment[];
  /**
   * The request that caused the mail (X-Request-Id), sent as a header: a bounce or a support
   * question about a mail then leads to the request's log lines and audit row.
   */
  requestId?: string;
};

type Cached = { url: string; transport: Transporter };

function smtp(url: string): Transporter {
  let cached = existingSingleton<Cached>('smtp');
  if (cached?.url !== url) {
    cached?.transport.close();
    cached = { url, transport: nodemailer.createTransport(url) };
    setSingleton('smtp', cached);
  }
  return cached.transport;
}

let fileTransport: Transporter | undefined;

export async function sendMail(mail: Mail): Promise<{ messageId: string }> {
  const { SMTP_URL, MAIL_FROM } = env();
  const message = {
    from: MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    ...(mail.requestId
      ? { headers: { 'X-Request-Id': mail.requestId, 'X-Marquee-Request-Id': mail.requestId } }
      : {}),
    attachments: mail.attachments?.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' as const } : {}),
    })),
  };
  if (SMTP_URL) {
    const info = await smtp(SMTP_URL).sendMail(message);
    log.debug('mail sent', { via: 'smtp', messageId: info.messageId });
    return { messageId: String(info.messageId) };
  }
  if (!mailboxEnabled()) throw new Error('no mail transport');
  fileTransport ??= nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await fileTransport.sendMail(message);
  const entry = await writeToMailbox(info.message as Buffer, {
    from: MAIL_FROM,
    to: mail.to,
    subject: mail.subject,
    text: mail.text,
    attachments: (mail.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      size: a.content.length,
      inline: Boolean(a.cid),
    })),
  });
  log.debug('mail written to the local mailbox', { file: entry.file });
  return { messageId: String(info.messageId) };
}

/**
 * Renders and sends a notice without keeping the caller waiting (a password change must not
 * fail because the mail server is down); a failure is logged, never thrown.
 */
export function sendInBackground(what: string, to: string, mail: Promise<Omit<Mail, 'to'>>): void {
  // Read now: the request's context is what caused this mail, whenever it is sent.
  const requestId = logContext()?.requestId;
  void mail
    .then((rendered) => sendMail({ to, ...rendered, requestId }))
    .catch((error: unknown) =>
      log.error(`${what} mail failed`, { err: error instanceof Error ? error.message : String(error) }),
    );
}

/** Closes the SMTP connection pool (shutdown, tests). */
export function closeMail(): void {
  existingSingleton<Cached>('smtp')?.transport.close();
  setSingleton('smtp', undefined);
}
