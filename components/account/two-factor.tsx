'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import {
  FormAlert,
  FormNotice,
  fieldErrors,
  SubmitButton,
  secondaryButtonClass,
} from '@/components/auth/form-bits';
import { buttonClass, Field } from '@/components/ui/field';
import {
  confirmTotpAction,
  disableTotpAction,
  regenerateRecoveryCodesAction,
  startTotpAction,
} from '@/server/actions/two-factor';

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950">
      <p className="text-sm font-semibold">Your recovery codes</p>
      <p className="text-sm">
        Each works once, in place of a code from your app. Keep them somewhere safe: they are shown only now.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-1 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The security page's one client component. Turning 2FA on re-issues the session cookie, which
 * makes Next re-render the page as "on"; the fresh recovery codes live in this component's state,
 * above both views, so they stay on screen until the user says they have saved them.
 */
export function TwoFactorPanel({
  enabled,
  recoveryCodesLeft,
}: {
  enabled: boolean;
  recoveryCodesLeft: number;
}) {
  const router = useRouter();
  const [codes, setCodes] = useState<string[] | null>(null);
  if (codes) {
    return (
      <div className="space-y-4">
        <FormNotice>Two-factor authentication is on.</FormNotice>
        <RecoveryCodes codes={codes} />
        <button
          type="button"
          className={buttonClass}
          onClick={() => {
            setCodes(null);
            router.refresh();
          }}
        >
          I have saved my recovery codes
        </button>
      </div>
    );
  }
  return enabled ? (
    <TwoFactorManage recoveryCodesLeft={recoveryCodesLeft} onCodes={setCodes} />
  ) : (
    <TwoFactorSetup onEnabled={setCodes} />
  );
}

function TwoFactorSetup({ onEnabled }: { onEnabled: (codes: string[]) => void }) {
  const [enrolment, setEnrolment] = useState<{ qrSvg: string; manualKey: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function start() {
    setPending(true);
    setError(null);
    const result = await startTotpAction({});
    setPending(false);
    if (!result.ok) setError(result.error.message);
    else setEnrolment(result.data);
  }

  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setPending(true);
    setError(null);
    const result = await confirmTotpAction({ code });
    setPending(false);
    if (!result.ok) {
      setError(fieldErrors(result.error).code ?? result.error.message);
      return;
    }
    onEnabled(result.data.recoveryCodes);
  }

  if (!enrolment) {
    return (
      <div className="space-y-3">
        <p className="text-sm">
          Sign-in will ask for a code from an authenticator app (Google Authenticator, 1Password, Aegis…)
          after your password.
        </p>
        {error ? <FormAlert>{error}</FormAlert> : null}
        <button type="button" className={buttonClass} onClick={() => void start()} disabled={pending}>
          Set up two-factor authentication
        </button>
      </div>
    );
  }
  return (
    <form method="post" onSubmit={confirm} className="space-y-4" noValidate>
      <p className="text-sm">1. Scan this QR code with your authenticator app.</p>
      <div
        className="mx-auto w-48 rounded bg-white p-2"
        // biome-ignore lint/security/noDangerouslySetInnerHtml: SVG generated on our server by the qrcode package from an otpauth URI
        dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
      />
      <p className="text-sm">
        Or type this key: <code className="break-all font-mono">{enrolment.manualKey}</code>
      </p>
      <Field
        label="2. Enter the 6-digit code it shows"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Checking…">
        Turn on two-factor authentication
      </SubmitButton>
    </form>
  );
}

function TwoFactorManage({
  recoveryCodesLeft,
  onCodes,
}: {
  recoveryCodesLeft: number;
  onCodes: (codes: string[]) => void;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function regenerate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setPending(true);
    setError(null);
    const result = await regenerateRecoveryCodesAction({ code });
    setPending(false);
    if (!result.ok) setError(fieldErrors(result.error).code ?? result.error.message);
    else onCodes(result.data.recoveryCodes);
  }

  async function disable(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await disableTotpAction({
      password: String(data.get('password') ?? ''),
      code: String(data.get('code') ?? ''),
    });
    setPending(false);
    if (!result.ok) setError(fieldErrors(result.error).code ?? result.error.message);
    else router.refresh();
  }

  return (
    <div className="space-y-6">
      <p className="text-sm">
        Two-factor authentication is on. {recoveryCodesLeft} unused recovery code
        {recoveryCodesLeft === 1 ? '' : 's'} left.
      </p>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <form method="post" onSubmit={regenerate} className="space-y-3" noValidate>
        <h3 className="font-semibold">New recovery codes</h3>
        <Field
          label="Code from your app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
        />
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          Replace my recovery codes
        </button>
      </form>
      <form method="post" onSubmit={disable} className="space-y-3" noValidate>
        <h3 className="font-semibold">Turn off two-factor authentication</h3>
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <Field
          label="Code from your app, or a recovery code"
          name="code"
          autoComplete="one-time-code"
          required
        />
        <button type="submit" className={secondaryButtonClass} disabled={pending}>
          Turn off
        </button>
      </form>
    </div>
  );
}
