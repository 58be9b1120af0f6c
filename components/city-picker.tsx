'use client';

import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { CITY_COOKIE } from '@/lib/city';

export function CityPicker({
  cities,
  current,
}: {
  cities: { slug: string; name: string }[];
  current: string;
}) {
  const router = useRouter();
  const id = useId();
  return (
    // min-w-0: on a narrow phone the select gives up width before the header overflows.
    <div className="flex min-w-0 items-center">
      <label htmlFor={id} className="sr-only">
        City
      </label>
      <select
        id={id}
        value={current}
        onChange={(e) => {
          // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every browser we support
          document.cookie = `${CITY_COOKIE}=${encodeURIComponent(e.target.value)}; path=/; max-age=31536000; samesite=lax`;
          router.refresh();
        }}
        className="h-9 min-w-0 max-w-36 rounded-full border border-stone-300 bg-white px-2 text-sm sm:px-3 dark:border-ink-700 dark:bg-ink-900"
      >
        {cities.map((c) => (
          <option key={c.slug} value={c.slug}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
