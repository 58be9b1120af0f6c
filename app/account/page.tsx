import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ChangeEmailForm, ChangePasswordForm, DeleteAccountForm } from '@/components/account/account-forms';
import { DisplayNameForm } from '@/components/account/display-name-form';
import { linkClass } from '@/components/auth/form-bits';
import { getAccount } from '@/server/account/get-account';
import { updateProfileAction } from '@/server/actions/account';
import { getViewer } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Your account', robots: { index: false } };

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section
      aria-labelledby={id}
      className="space-y-4 rounded-lg border border-stone-200 p-5 dark:border-ink-700"
    >
      <h2 id={id} className="font-display text-xl font-bold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function AccountPage() {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent('/account')}`);
  const account = await getAccount(viewer.id);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <h1 className="font-display text-2xl font-bold sm:text-3xl">Your account</h1>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-600 dark:text-stone-400">Name</dt>
        <dd>{account.name}</dd>
        <dt className="text-stone-600 dark:text-stone-400">Email</dt>
        <dd>{account.email}</dd>
        <dt className="text-stone-600 dark:text-stone-400">Two-factor</dt>
        <dd>
          {account.twoFactor.enabled ? 'On' : 'Off'} ·{' '}
          <Link href="/account/security" className={linkClass}>
            Security settings
          </Link>
        </dd>
      </dl>
      <Section id="display-name" title="Your name">
        <DisplayNameForm name={account.name} action={updateProfileAction} />
      </Section>
      <Section id="email" title="Email address">
        <ChangeEmailForm current={account.email} pending={account.pendingEmailChange} />
      </Section>
      <Section id="password" title="Password">
        <ChangePasswordForm />
      </Section>
      {account.role === 'ADMIN' ? null : (
        <Section id="delete" title="Delete your account">
          <DeleteAccountForm />
        </Section>
      )}
    </div>
  );
}
