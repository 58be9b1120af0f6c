import type { Metadata } from 'next';
import Link from 'next/link';
import { linkClass } from '@/components/auth/form-bits';
import { AcceptAsViewer, SignUpAndAccept } from '@/components/staff/accept-invitation';
import { formatDay, formatTime } from '@/lib/format';
import { invitationTokenSchema, ROLE_LABELS } from '@/lib/schemas/staff';
import { acceptInvitationAction, signUpAndAcceptInvitationAction } from '@/server/actions/staff';
import { getViewer } from '@/server/auth/session';
import { findInvitation } from '@/server/staff/accept-invitation';

export const metadata: Metadata = { title: 'Your invitation', robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string | string[] }> };

const ENDED = {
  accepted: 'This invitation has been accepted already. Sign in to use it.',
  revoked: 'This invitation was withdrawn. Ask the cinema for a new one if you still need it.',
  expired: 'This invitation has expired. Ask the cinema for a new one.',
} as const;

// The page an invitation mail links to: what is offered, then accepting it as the signed-in
// invited account, or making that account here.
export default async function AcceptInvitationPage({ searchParams }: Props) {
  const raw = (await searchParams).token;
  const token = invitationTokenSchema.safeParse(typeof raw === 'string' ? raw : '');
  const invitation = token.success ? await findInvitation(token.data) : null;
  const viewer = await getViewer();
  const here = `/invitations/accept?token=${encodeURIComponent(token.success ? token.data : '')}`;
  return (
    <div className="mx-auto max-w-lg space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Your invitation</h1>
      {!invitation ? (
        <p>
          This invitation link is not valid. Open it from the email again, or ask the cinema for a new one.
        </p>
      ) : (
        <>
          <div className="space-y-1 rounded-lg border border-stone-200 p-4 dark:border-ink-700">
            <p>
              {invitation.invitedBy ?? 'A Marquee admin'} invited <strong>{invitation.email}</strong> to work
              as <strong>{ROLE_LABELS[invitation.role].toLowerCase()}</strong> at{' '}
              <strong>{invitation.cinemas.map((c) => c.name).join(', ')}</strong>.
            </p>
            {invitation.state === 'pending' ? (
              <p className="text-sm text-stone-600 dark:text-stone-400">
                Accept by {formatDay(invitation.expiresAt)}, {formatTime(invitation.expiresAt)}. The link
                works once.
              </p>
            ) : null}
          </div>
          {invitation.state !== 'pending' ? (
            <p role="status">{ENDED[invitation.state]}</p>
          ) : viewer ? (
            viewer.email === invitation.email ? (
              <AcceptAsViewer token={token.data ?? ''} action={acceptInvitationAction} />
            ) : (
              <p>
                You are signed in as {viewer.email ?? 'another account'}. This invitation is for{' '}
                {invitation.email}: sign out, then open the link again to accept it with that address.
              </p>
            )
          ) : (
            <div className="space-y-6">
              <p>
                Have an account with {invitation.email}?{' '}
                <Link href={`/signin?callbackUrl=${encodeURIComponent(here)}`} className={linkClass}>
                  Sign in to accept
                </Link>
              </p>
              <section aria-labelledby="new-account" className="space-y-3">
                <h2 id="new-account" className="font-display text-xl font-bold">
                  New to Marquee? Create your account
                </h2>
                <SignUpAndAccept
                  token={token.data ?? ''}
                  email={invitation.email}
                  action={signUpAndAcceptInvitationAction}
                />
              </section>
            </div>
          )}
        </>
      )}
    </div>
  );
}
