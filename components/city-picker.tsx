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
    <div className="flex items-center">
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
        className="h-9 max-w-36 rounded-full border border-stone-300 bg-white px-3 text-sm dark:border-ink-700 dark:bg-ink-900"
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
