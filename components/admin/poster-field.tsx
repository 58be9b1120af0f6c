'use client';

import { type ChangeEvent, useId, useRef, useState } from 'react';
import { Poster } from '@/components/poster';
import { buttonBase } from '@/components/ui/buttons';
import {
  PLACEHOLDER_POSTER_URL,
  POSTER_MAX_BYTES,
  POSTER_MIN_HEIGHT,
  POSTER_MIN_WIDTH,
  POSTER_TYPES,
  posterUrl,
} from '@/lib/poster';
import { posterUploadSchema } from '@/lib/schemas/films';

// A film's poster: the file is sent as it is to POST /api/v1/posters (a file is no server action's
// argument), which checks its content, makes the sizes the site shows and answers with a key; the
// film form keeps the key and saves it with the film. Type and size are checked here first only to
// spare a pointless upload: the server judges the content again.

const MB = 1024 * 1024;

/** Why the browser need not even send this file, or null. */
function fileProblem(file: File): string | null {
  if (!(POSTER_TYPES as readonly string[]).includes(file.type)) {
    return `“${file.name}” is not a JPEG, PNG or WebP image.`;
  }
  if (file.size > POSTER_MAX_BYTES) {
    return `“${file.name}” is ${(file.size / MB).toFixed(1)} MB: a poster may be at most ${POSTER_MAX_BYTES / MB} MB.`;
  }
  return null;
}

export function PosterField(props: {
  value: string | null;
  title: string;
  error?: string;
  onChange: (key: string | null) => void;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const error = problem ?? props.error;

  async function upload(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setNote(null);
    const refused = fileProblem(file);
    if (refused) {
      setProblem(refused);
      e.target.value = '';
      return;
    }
    setProblem(null);
    setBusy(true);
    try {
      const res = await fetch('/api/v1/posters', {
        method: 'POST',
        body: file,
        headers: { 'content-type': file.type },
        credentials: 'same-origin',
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
        setProblem(typeof message === 'string' ? message : `The upload failed (${res.status}). Try again.`);
        return;
      }
      const parsed = posterUploadSchema.safeParse(body);
      if (!parsed.success) {
        setProblem('The server’s answer was not understood. Try again.');
        return;
      }
      props.onChange(parsed.data.key);
      setNote(`Uploaded “${file.name}”. It is saved with the film.`);
    } catch {
      setProblem('The upload did not reach the server. Check the connection and try again.');
    } finally {
      setBusy(false);
      e.target.value = '';
    }
  }

  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className="flex flex-col gap-4 sm:flex-row sm:items-start">
      <figure className="w-32 shrink-0">
        <Poster
          url={props.value ? posterUrl(props.value) : PLACEHOLDER_POSTER_URL}
          alt={props.value ? `Poster of ${props.title || 'the film'}` : 'No poster yet'}
          sizes="128px"
          priority
          className="aspect-[2/3] w-32 rounded-md border border-stone-200 object-cover dark:border-ink-700"
        />
        <figcaption className="sr-only">Poster preview</figcaption>
      </figure>
      <div className="min-w-0 space-y-2">
        <label htmlFor={id} className="block text-sm font-medium">
          {props.value ? 'Replace the poster' : 'Upload a poster'}
        </label>
        <input
          ref={input}
          id={id}
          type="file"
          accept={POSTER_TYPES.join(',')}
          disabled={busy}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={upload}
          className="block w-full max-w-sm text-sm file:mr-3 file:min-h-9 file:rounded-md file:border file:border-stone-300 file:bg-white file:px-3 file:text-sm file:font-medium dark:file:border-ink-700 dark:file:bg-ink-800 dark:file:text-stone-100"
        />
        <p id={`${id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
          JPEG, PNG or WebP, portrait, at least {POSTER_MIN_WIDTH} × {POSTER_MIN_HEIGHT} pixels, at most{' '}
          {POSTER_MAX_BYTES / MB} MB. It is cropped to 2:3 around its centre.
        </p>
        <p aria-live="polite" className="text-sm">
          {busy ? 'Uploading…' : note}
        </p>
        {error ? (
          <p id={`${id}-error`} className="text-sm text-red-700 dark:text-red-400">
            {error}
          </p>
        ) : null}
        {props.value ? (
          <button
            type="button"
            className={buttonBase}
            disabled={busy}
            onClick={() => {
              props.onChange(null);
              setNote('Poster removed: the film will show a placeholder once saved.');
              input.current?.focus();
            }}
          >
            Remove the poster
          </button>
        ) : null}
      </div>
    </div>
  );
}
