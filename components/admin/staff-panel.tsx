'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Controller } from 'react-hook-form';
import {
  FormStatus,
  Section,
  SelectField,
  SubmitButton,
  useActionForm,
} from '@/components/admin/action-form';
import { buttonBase } from '@/components/ui/buttons';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import {
  type CinemaRoleName,
  INVITATION_DAYS,
  type InvitationView,
  inviteStaffSchema,
  ROLE_LABELS,
  type StaffMember,
} from '@/lib/schemas/staff';
import type {
  changeStaffRoleAction,
  inviteStaffAction,
  revokeStaffAction,
  withdrawInvitationAction,
} from '@/server/actions/staff';

// The staff page's interactive parts: inviting by email (the shared admin form pattern), changing
// a person's role, revoking it (after a confirmation that says what happens to their sessions),
// withdrawing an open invitation.

export function InviteStaffForm(props: {
  cinema: { id: string; name: string };
  /** Other cinemas the viewer runs, which the same invitation may include. */
  otherCinemas: { id: string; name: string }[];
  canInviteManagers: boolean;
  action: typeof inviteStaffAction;
}) {
  const router = useRouter();
  const { form, status, setStatus, submit } = useActionForm(inviteStaffSchema, {
    email: '',
    role: 'STAFF',
    cinemaIds: [props.cinema.id],
  });
  const errors = form.formState.errors;
  const groupId = useId();
  return (
    <form
      noValidate
      aria-label="Invite someone"
      onSubmit={async (e) => {
        e.preventDefault();
        const sent = await submit((values) => props.action(values));
        if (sent) {
          form.reset({ email: '', role: 'STAFF', cinemaIds: [props.cinema.id] });
          setStatus({
            kind: 'done',
            message: `Invitation mailed to ${sent.email}. The link works once, for ${INVITATION_DAYS} days.`,
          });
          router.refresh();
        }
      }}
    >
      <Section
        title="Invite someone"
        description={`They get an email with a link that works once, for ${INVITATION_DAYS} days: signed in with that address, or creating their account with it.`}
      >
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            label="Email"
            type="email"
            autoComplete="off"
            error={errors.email?.message}
            {...form.register('email')}
          />
          <SelectField
            label="Role"
            hint={props.canInviteManagers ? undefined : 'Only an admin can make someone a manager.'}
            error={errors.role?.message}
            {...form.register('role')}
          >
            <option value="STAFF">Staff: checks tickets in at the door</option>
            {props.canInviteManagers ? <option value="MANAGER">Manager: runs the cinema</option> : null}
          </SelectField>
        </div>
        {props.otherCinemas.length ? (
          <Controller
            control={form.control}
            name="cinemaIds"
            render={({ field, fieldState }) => (
              <fieldset
                className="space-y-2"
                aria-describedby={fieldState.error ? `${groupId}-error` : undefined}
              >
                <legend className="text-sm font-medium">At</legend>
                {[props.cinema, ...props.otherCinemas].map((c) => (
                  <label key={c.id} className="flex items-center gap-2 text-sm">
                    <input
                      type="checkbox"
                      className="h-5 w-5"
                      checked={field.value.includes(c.id)}
                      onChange={(e) =>
                        field.onChange(
                          e.target.checked ? [...field.value, c.id] : field.value.filter((x) => x !== c.id),
                        )
                      }
                    />
                    {c.name}
                  </label>
                ))}
                {fieldState.error ? (
                  <p id={`${groupId}-error`} className="text-sm text-red-700 dark:text-red-400">
                    {fieldState.error.message ??
                      (fieldState.error as { root?: { message?: string } }).root?.message}
                  </p>
                ) : null}
              </fieldset>
            )}
          />
        ) : (
          <p className="text-sm">At {props.cinema.name}.</p>
        )}
        <FormStatus status={status} />
        <SubmitButton pending={form.formState.isSubmitting}>Send the invitation</SubmitButton>
      </Section>
    </form>
  );
}

/** Change a person's role (admins) and revoke it (admins; managers for staff). */
export function StaffMemberActions(props: {
  cinemaId: string;
  person: StaffMember;
  canChangeRole: boolean;
  canRevoke: boolean;
  changeAction: typeof changeStaffRoleAction;
  revokeAction: typeof revokeStaffAction;
}) {
  const router = useRouter();
  const { person } = props;
  const [role, setRole] = useState<CinemaRoleName>(person.role);
  const [confirming, setConfirming] = useState(false);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const selectId = useId();
  const ids = { cinemaId: props.cinemaId, userId: person.userId };

  async function change() {
    setPending(true);
    const r = await props.changeAction({ ...ids, role });
    setPending(false);
    if (!r.ok) {
      setRole(person.role);
      setMessage({ kind: 'error', text: r.error.message });
      return;
    }
    setMessage({
      kind: 'done',
      text: `${person.name} is now ${ROLE_LABELS[r.data.role ?? role].toLowerCase()}.`,
    });
    router.refresh();
  }

  async function revoke() {
    setPending(true);
    const r = await props.revokeAction(ids);
    setPending(false);
    setConfirming(false);
    if (!r.ok) {
      setMessage({ kind: 'error', text: r.error.message });
      return;
    }
    router.refresh();
  }

  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {props.canChangeRole ? (
        <>
          <label htmlFor={selectId} className="sr-only">
            Role of {person.name}
          </label>
          <select
            id={selectId}
            value={role}
            onChange={(e) => setRole(e.target.value as CinemaRoleName)}
            className="h-11 rounded-md border border-stone-300 bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
          >
            <option value="STAFF">Staff</option>
            <option value="MANAGER">Manager</option>
          </select>
          <button
            type="button"
            className={buttonBase}
            disabled={pending || role === person.role}
            onClick={change}
          >
            Change<span className="sr-only"> the role of {person.name}</span>
          </button>
        </>
      ) : null}
      {props.canRevoke ? (
        <button
          type="button"
          onClick={() => setConfirming(true)}
          className="inline-flex h-11 items-center rounded-md border border-red-300 px-3 font-medium text-red-800 dark:border-red-800 dark:text-red-300"
        >
          Revoke<span className="sr-only"> {person.name}</span>
        </button>
      ) : null}
      {message ? (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className="w-full text-right text-sm">
          {message.text}
        </p>
      ) : null}
      <Dialog open={confirming} onClose={() => setConfirming(false)} title={`Revoke ${person.name}?`}>
        <p>
          {person.name} stops working here as {ROLE_LABELS[person.role].toLowerCase()}. They are signed out
          everywhere at once (their other cinemas’ roles stay, after they sign in again), and invitations they
          sent for this cinema are withdrawn.
        </p>
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonBase} onClick={() => setConfirming(false)}>
            Keep {person.name.split(' ')[0]}
          </button>
          <button
            type="button"
            disabled={pending}
            onClick={revoke}
            className="inline-flex h-11 items-center rounded-md bg-red-700 px-4 font-semibold text-white disabled:opacity-60"
          >
            {pending ? 'Revoking…' : 'Revoke and sign out'}
          </button>
        </div>
      </Dialog>
    </div>
  );
}

export function WithdrawInvitationButton(props: {
  invitation: InvitationView;
  action: typeof withdrawInvitationAction;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={pending}
        className={buttonBase}
        onClick={async () => {
          setPending(true);
          const r = await props.action({ id: props.invitation.id });
          setPending(false);
          if (r.ok) router.refresh();
          else setError(r.error.message);
        }}
      >
        Withdraw<span className="sr-only"> the invitation to {props.invitation.email}</span>
      </button>
      {error ? (
        <p role="alert" className="text-sm">
          {error}
        </p>
      ) : null}
    </div>
  );
}
