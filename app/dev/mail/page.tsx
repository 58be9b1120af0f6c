import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { listMailbox, mailboxDir, mailboxEnabled } from '@/server/mail/mailbox';
import { clientIp, isLoopback } from '@/server/security/client-ip';

export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false } };
export const dynamic = 'force-dynamic';

// The local mailbox: every email Marquee "sent" while no SMTP server is configured (SMTP_URL unset),
// newest first, so a newcomer can read their verification code. It shows codes and reset links,
// so it exists only without SMTP_URL, and only for requests from this machine.

export default async function DevMailPage() {
  if (!mailboxEnabled() || !isLoopback(clientIp(await headers()))) notFound();
  const messages = await listMailbox(50);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="font-display text-2xl font-bold sm:text-3xl">Dev mailbox</h1>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        No SMTP server is configured (SMTP_URL), so mail is written to {mailboxDir()} instead of being sent.
        This page is only shown to this machine.
      </p>
      {messages.length === 0 ? (
        <p>No mail yet.</p>
      ) : (
        <ol aria-label="Messages" className="space-y-4">
          {messages.map((m) => (
            <li key={m.id} className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
              <article aria-label={m.subject}>
                <h2 className="font-semibold">{m.subject}</h2>
                <p className="text-sm text-stone-600 dark:text-stone-400">
                  To {m.to} · <time dateTime={m.date}>{new Date(m.date).toLocaleString('en-IN')}</time> ·{' '}
                  {m.file}
                </p>
                {m.attachments?.length ? (
                  <p className="mt-1 text-sm">
                    Attached:{' '}
                    {m.attachments
                      .map(
                        (a) => `${a.filename}${a.inline ? ' (inline)' : ''}, ${Math.ceil(a.size / 1024)} KB`,
                      )
                      .join(' · ')}{' '}
                    (open the .eml file to see them)
                  </p>
                ) : null}
                <pre className="mt-2 whitespace-pre-wrap break-words text-sm">{m.text}</pre>
              </article>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
