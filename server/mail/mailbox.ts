import 'server-only';
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/server/env';

// Without SMTP_URL, mail is written to DATA_DIR/mail: one .eml file per message (open it in any
// mail client) and a line per message in index.jsonl, which /dev/mail lists so a newcomer can
// read their verification code. It holds the codes in plain text, which is why /dev/mail exists
// only while no SMTP server is configured, and only for requests from this machine.

export type MailboxEntry = {
  id: string;
  file: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  /** What the .eml file carries besides its text and HTML (absent in entries from before). */
  attachments?: { filename: string; contentType: string; size: number; inline: boolean }[];
};

export function mailboxEnabled(): boolean {
  return !env().SMTP_URL;
}

export function mailboxDir(): string {
  return path.resolve(env().DATA_DIR, 'mail');
}

export async function writeToMailbox(
  raw: Buffer,
  meta: Omit<MailboxEntry, 'id' | 'file' | 'date'>,
): Promise<MailboxEntry> {
  const dir = mailboxDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const date = new Date();
  const id = randomUUID();
  const file = `${date.toISOString().replace(/[:.]/g, '-')}-${id}.eml`;
  await writeFile(path.join(dir, file), raw, { mode: 0o600 });
  const entry: MailboxEntry = { id, file, date: date.toISOString(), ...meta };
  // One line per message: appends from concurrent sends never interleave inside a line.
  await appendFile(path.join(dir, 'index.jsonl'), `${JSON.stringify(entry)}\n`, { mode: 0o600 });
  return entry;
}

/** Newest first. */
export async function listMailbox(limit = 50): Promise<MailboxEntry[]> {
  let text: string;
  try {
    text = await readFile(path.join(mailboxDir(), 'index.jsonl'), 'utf8');
  } catch {
    return [];
  }
  const entries: MailboxEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      entries.push(JSON.parse(line) as MailboxEntry);
    } catch {
      // a torn last line from a crash: skip it
    }
  }
  return entries.reverse().slice(0, limit);
}
