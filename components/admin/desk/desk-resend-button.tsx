'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonBase } from '@/components/ui/buttons';
import { resendDeskTicketsAction } from '@/server/actions/desk';

/** Sends the booking's tickets again (the confirmation mail, queued once). */
export function DeskResendButton({ reference }: { reference: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function resend() {
    setPending(true);
    setMessage(null);
    const r = await resendDeskTicketsAction({ reference });
    setPending(false);
    if (!r.ok) {
      setMessage({ ok: false, text: r.error.message });
      return;
    }
    setMessage({
      ok: true,
      text: r.data.queued
        ? `The tickets are on their way to ${r.data.recipient}.`
        : `The tickets to ${r.data.recipient} are already waiting to go out.`,
    });
    router.refresh();
  }

  return (
    <div className="flex flex-wrap items-center gap-3">
      <button
        type="button"
        className={buttonBase}
        onClick={() => void resend()}
        disabled={pending}
        aria-busy={pending}
      >
        {pending ? 'Sending…' : 'Send the tickets again'}
      </button>
      <p role={message && !message.ok ? 'alert' : 'status'} className="text-sm">
        {message?.text}
      </p>
    </div>
  );
}
