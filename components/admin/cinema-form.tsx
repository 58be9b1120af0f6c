'use client';

import { useRouter } from 'next/navigation';
import { useId, useState } from 'react';
import { Controller, type UseFormReturn, useWatch } from 'react-hook-form';
import {
  CheckboxField,
  FormStatus,
  ScaledNumberField,
  Section,
  SelectField,
  SubmitButton,
  TextAreaField,
  useActionForm,
} from '@/components/admin/action-form';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import {
  type CinemaSettings,
  type CinemaSettingsInput,
  type CinemaSettingsView,
  cinemaSettingsSchema,
  createCinemaSchema,
  INDIA_BOUNDS,
} from '@/lib/schemas/cinemas';
import type { createCinemaAction, updateCinemaAction } from '@/server/actions/cinemas';

// Creating (admins) and editing (managers and admins) a cinema: one set of fields, the shared
// admin form pattern (components/admin/action-form.tsx).

type SettingsForm = UseFormReturn<CinemaSettingsInput, unknown, CinemaSettings>;

const blankToNull = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? null : v);

const TIME_ZONES = ['Asia/Kolkata', 'Asia/Calcutta', 'UTC'];

// No coordinates until they are typed (an empty field is refused with the field's own message).
const DEFAULT_SETTINGS: Omit<CinemaSettingsInput, 'latitude' | 'longitude'> = {
  name: '',
  addressLine: '',
  locality: '',
  postalCode: '',
  timeZone: 'Asia/Kolkata',
  phone: null,
  amenities: [],
  gstin: null,
  legalName: null,
  invoicePrefix: '',
  bookingFeeMinor: 3000,
  taxRateBps: 1800,
  cancellationCutoffMins: 120,
  orphanSeatRule: true,
  wheelchairReleaseMinutes: 30,
};

function settingsOf(view: CinemaSettingsView): CinemaSettingsInput {
  const { id: _id, slug: _slug, city: _city, updatedAt: _at, ...settings } = view;
  return settings;
}

/** Where the cinema is: typed, or the device's position, checked against India's extent. */
function Coordinates({ form }: { form: SettingsForm }) {
  const [note, setNote] = useState<string | null>(null);
  const errors = form.formState.errors;
  const [lat, lng] = useWatch({ control: form.control, name: ['latitude', 'longitude'] });
  const valid = Number.isFinite(lat) && Number.isFinite(lng);
  const asNumber = {
    setValueAs: (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN),
  };

  function locate() {
    if (!('geolocation' in navigator)) {
      setNote('This browser cannot share its location: type the coordinates.');
      return;
    }
    setNote('Finding where this device is…');
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        const round = (n: number) => Math.round(n * 1e6) / 1e6;
        form.setValue('latitude', round(pos.coords.latitude), { shouldValidate: true, shouldDirty: true });
        form.setValue('longitude', round(pos.coords.longitude), { shouldValidate: true, shouldDirty: true });
        setNote(
          `Filled in from this device (within about ${Math.round(pos.coords.accuracy)} m). Check them.`,
        );
      },
      (err) =>
        setNote(
          err.code === 1
            ? 'Location permission was denied: type the coordinates.'
            : 'The location is not available right now: type the coordinates.',
        ),
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  }

  return (
    <div className="space-y-3">
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Latitude"
          inputMode="decimal"
          autoComplete="off"
          hint={`Degrees north, ${INDIA_BOUNDS.minLat}–${INDIA_BOUNDS.maxLat} in India (e.g. 19.0760).`}
          error={errors.latitude?.message}
          {...form.register('latitude', asNumber)}
        />
        <Field
          label="Longitude"
          inputMode="decimal"
          autoComplete="off"
          hint={`Degrees east, ${INDIA_BOUNDS.minLng}–${INDIA_BOUNDS.maxLng} in India (e.g. 72.8777).`}
          error={errors.longitude?.message}
          {...form.register('longitude', asNumber)}
        />
      </div>
      <div className="flex flex-wrap items-center gap-3 text-sm">
        <button
          type="button"
          onClick={locate}
          className="inline-flex h-11 items-center rounded-md border border-stone-300 bg-white px-4 font-medium hover:border-brand-500 dark:border-ink-700 dark:bg-ink-900"
        >
          Use this device’s location
        </button>
        {valid ? (
          <a
            href={`https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=18/${lat}/${lng}`}
            target="_blank"
            rel="noreferrer noopener"
            className="text-brand-700 underline dark:text-brand-400"
          >
            Check it on OpenStreetMap<span className="sr-only"> (opens a new tab)</span>
          </a>
        ) : null}
      </div>
      <p role="status" className="text-sm text-stone-600 dark:text-stone-400">
        {note}
      </p>
    </div>
  );
}

function Amenities({ form }: { form: SettingsForm }) {
  return (
    <Controller
      control={form.control}
      name="amenities"
      render={({ field, fieldState }) => (
        <AmenitiesText
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          error={fieldState.error?.message ?? form.formState.errors.amenities?.root?.message}
        />
      )}
    />
  );
}

function AmenitiesText(props: {
  value: string[];
  onChange: (v: string[]) => void;
  onBlur: () => void;
  error?: string;
}) {
  const [text, setText] = useState(() => props.value.join('\n'));
  return (
    <TextAreaField
      label="Amenities"
      hint="One per line, as moviegoers see them on the cinema’s page (e.g. Parking, Wheelchair access)."
      error={props.error}
      value={text}
      onBlur={props.onBlur}
      onChange={(e) => {
        setText(e.target.value);
        props.onChange(
          e.target.value
            .split('\n')
            .map((a) => a.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

function SettingsFields({ form }: { form: SettingsForm }) {
  const errors = form.formState.errors;
  const zonesId = useId();
  const fee = useWatch({ control: form.control, name: 'bookingFeeMinor' });
  const nullable = { setValueAs: blankToNull };
  return (
    <>
      <Section title="Name and address">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Name" autoComplete="off" error={errors.name?.message} {...form.register('name')} />
          <Field
            label="Phone"
            type="tel"
            autoComplete="off"
            hint="Optional."
            error={errors.phone?.message}
            {...form.register('phone', nullable)}
          />
          <Field
            label="Street address"
            autoComplete="off"
            error={errors.addressLine?.message}
            {...form.register('addressLine')}
          />
          <Field
            label="Locality"
            autoComplete="off"
            error={errors.locality?.message}
            {...form.register('locality')}
          />
          <Field
            label="PIN code"
            inputMode="numeric"
            autoComplete="off"
            error={errors.postalCode?.message}
            {...form.register('postalCode')}
          />
          <Field
            label="Time zone"
            autoComplete="off"
            list={zonesId}
            hint="An IANA name; Indian cinemas use Asia/Kolkata. Pricing rules’ hours and weekdays are local to it."
            error={errors.timeZone?.message}
            {...form.register('timeZone')}
          />
          <datalist id={zonesId}>
            {TIME_ZONES.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </div>
        <Amenities form={form} />
      </Section>
      <Section
        title="Where it is"
        description="Used to list the cinema near moviegoers. No map is loaded: type the coordinates, or stand in the cinema and use this device’s location."
      >
        <Coordinates form={form} />
      </Section>
      <Section
        title="Tax invoices"
        description="Printed on every GST tax invoice. Without a GSTIN, invoices say they are not tax invoices."
      >
        <div className="grid gap-4 md:grid-cols-3">
          <Field
            label="GSTIN"
            autoComplete="off"
            spellCheck={false}
            hint="15 characters; the check character is verified. Optional."
            error={errors.gstin?.message}
            {...form.register('gstin', nullable)}
          />
          <Field
            label="Legal name"
            autoComplete="organization"
            hint="The registered business name. Optional."
            error={errors.legalName?.message}
            {...form.register('legalName', nullable)}
          />
          <Field
            label="Invoice prefix"
            autoComplete="off"
            spellCheck={false}
            hint="1–4 letters or digits starting each invoice number (BOM1/2627/00042); unique."
            error={errors.invoicePrefix?.message}
            {...form.register('invoicePrefix')}
          />
        </div>
      </Section>
      <Section
        title="Charges and seat rules"
        description="Apply to seats held from the moment you save; baskets already filled keep the price they were given."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <ScaledNumberField
            control={form.control}
            name="bookingFeeMinor"
            label="Booking fee per seat"
            prefix="₹"
            scale={100}
            hint={Number.isInteger(fee) ? `Shown to customers as ${formatMoney(fee)}.` : undefined}
          />
          <ScaledNumberField
            control={form.control}
            name="taxRateBps"
            label="GST rate"
            suffix="%"
            scale={100}
          />
          <ScaledNumberField
            control={form.control}
            name="cancellationCutoffMins"
            label="Cancellation closes before the show"
            suffix="minutes"
            scale={1}
          />
          <ScaledNumberField
            control={form.control}
            name="wheelchairReleaseMinutes"
            label="Wheelchair spaces open to everyone"
            suffix="minutes before the show"
            scale={1}
          />
        </div>
        <CheckboxField
          label="No single empty seat left between taken ones (orphan-seat rule)"
          hint="A selection that would strand one seat on its own in a row is refused, with the reason."
          {...form.register('orphanSeatRule')}
        />
      </Section>
    </>
  );
}

/** A manager (or admin) edits their cinema. */
export function EditCinemaForm({
  cinema,
  action,
}: {
  cinema: CinemaSettingsView;
  action: typeof updateCinemaAction;
}) {
  const router = useRouter();
  const { form, status, setStatus, submit } = useActionForm(cinemaSettingsSchema, settingsOf(cinema));
  return (
    <form
      noValidate
      aria-label={`Settings of ${cinema.name}`}
      className="space-y-6"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await submit((values) => action({ ...values, cinemaId: cinema.id }));
        if (saved) {
          form.reset(settingsOf(saved), { keepDefaultValues: false });
          setStatus({ kind: 'done', message: `Saved. Seats held from now on use these settings.` });
          router.refresh();
        }
      }}
    >
      <SettingsFields form={form} />
      <FormStatus status={status} />
      <SubmitButton pending={form.formState.isSubmitting}>Save changes</SubmitButton>
    </form>
  );
}

/** An admin opens a cinema, in a listed city or a new one. */
export function NewCinemaForm({
  cities,
  action,
}: {
  cities: { id: string; name: string; state: string }[];
  action: typeof createCinemaAction;
}) {
  const router = useRouter();
  const { form, status, submit } = useActionForm(createCinemaSchema, {
    ...DEFAULT_SETTINGS,
    slug: '',
    city: cities.length ? { kind: 'existing', cityId: '' } : { kind: 'new', name: '', state: '', slug: '' },
  });
  const city = useWatch({ control: form.control, name: 'city' });
  const kind = city?.kind;
  const errors = form.formState.errors;
  const cityErrors = errors.city as
    | {
        cityId?: { message?: string };
        name?: { message?: string };
        state?: { message?: string };
        slug?: { message?: string };
      }
    | undefined;
  return (
    <form
      noValidate
      aria-label="New cinema"
      className="space-y-6"
      onSubmit={async (e) => {
        e.preventDefault();
        const created = await submit((values) => action(values));
        if (created) router.push(`/admin/cinemas/${created.id}?created=1`);
      }}
    >
      <Section title="On Marquee" description="The address of its page and the city it is listed in.">
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            label="Slug"
            autoComplete="off"
            spellCheck={false}
            hint="Its page’s address: /cinemas/<slug>. Lower-case words joined by dashes; unique."
            error={errors.slug?.message}
            {...form.register('slug')}
          />
          <SelectField
            label="City"
            error={cityErrors?.cityId?.message}
            value={city?.kind === 'existing' ? city.cityId : 'new'}
            onChange={(e) => {
              const v = e.target.value;
              if (v === 'new') form.setValue('city', { kind: 'new', name: '', state: '', slug: '' });
              else form.setValue('city', { kind: 'existing', cityId: v }, { shouldValidate: true });
            }}
          >
            <option value="">Choose a city…</option>
            {cities.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}, {c.state}
              </option>
            ))}
            <option value="new">A city not listed yet…</option>
          </SelectField>
        </div>
        {kind === 'new' ? (
          <div className="grid gap-4 md:grid-cols-3">
            <Field
              label="City name"
              autoComplete="off"
              error={cityErrors?.name?.message}
              {...form.register('city.name' as never)}
            />
            <Field
              label="State or union territory"
              autoComplete="off"
              error={cityErrors?.state?.message}
              {...form.register('city.state' as never)}
            />
            <Field
              label="City slug"
              autoComplete="off"
              spellCheck={false}
              hint="e.g. navi-mumbai; unique."
              error={cityErrors?.slug?.message}
              {...form.register('city.slug' as never)}
            />
          </div>
        ) : null}
      </Section>
      <SettingsFields form={form as unknown as SettingsForm} />
      <FormStatus status={status} />
      <SubmitButton pending={form.formState.isSubmitting}>Open the cinema</SubmitButton>
    </form>
  );
}
