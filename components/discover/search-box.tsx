'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter } from 'next/navigation';
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { Poster } from '@/components/poster';
import { searchMatchNote } from '@/lib/format';
import { SEARCH_MIN_CHARS, type SearchResult } from '@/lib/schemas/discover';

// The header's film search: an ARIA 1.2 combobox with list autocomplete and automatic selection
// of the first suggestion (https://www.w3.org/WAI/ARIA/apg/patterns/combobox/). Without
// JavaScript it is a plain GET form to /search; on narrow screens it folds into a button.

const DEBOUNCE_MS = 200;
const SUGGESTIONS = 6;

type Option = { kind: 'film'; film: SearchResult } | { kind: 'all'; q: string };

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

async function fetchSuggestions(q: string, signal: AbortSignal): Promise<SearchResult[]> {
  const res = await fetch(`/api/v1/search?q=${encodeURIComponent(q)}&limit=${SUGGESTIONS}`, { signal });
  if (!res.ok) throw new Error(`search failed: ${res.status}`);
  return ((await res.json()) as { results: SearchResult[] }).results;
}

function subtitle(film: SearchResult): string {
  const note = film.match === 'synopsis' ? null : searchMatchNote(film);
  if (note) return note;
  const year = film.releaseDate.slice(0, 4);
  return [film.certificate, year, film.languages.slice(0, 2).join(', ')].filter(Boolean).join(' · ');
}

const SearchIcon = () => (
  <svg
    aria-hidden="true"
    viewBox="0 0 20 20"
    width="18"
    height="18"
    fill="none"
    stroke="currentColor"
    strokeWidth="2"
  >
    <circle cx="8.5" cy="8.5" r="5.5" />
    <path d="m13 13 4.5 4.5" strokeLinecap="round" />
  </svg>
);

export function SearchBox() {
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const toggleRef = useRef<HTMLAnchorElement>(null);
  const [value, setValue] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Narrow screens: the form is a panel under the header, opened by the search button.
  const [panel, setPanel] = useState(false);

  const q = useDebounced(value.trim(), DEBOUNCE_MS);
  const enabled = q.length >= SEARCH_MIN_CHARS;
  const { data, isFetching, isError } = useQuery({
    queryKey: ['search', q.toLowerCase()],
    queryFn: ({ signal }) => fetchSuggestions(q, signal),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });
  const typed = value.trim();
  const films = typed.length >= SEARCH_MIN_CHARS && enabled ? (data ?? []) : [];
  const options: Option[] =
    typed.length >= SEARCH_MIN_CHARS
      ? [...films.map((film) => ({ kind: 'film' as const, film })), { kind: 'all', q: typed }]
      : [];
  const expanded = open && options.length > 0;
  const optionId = (i: number) => `${id}-option-${i}`;

  // Automatic selection: when new suggestions arrive, the best one is active, so Enter opens it.
  const first = data?.[0]?.slug;
  useEffect(() => {
    setActive(first ? 0 : -1);
  }, [first]);

  // Navigating elsewhere closes the list and the panel.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on route change only
  useEffect(() => {
    setOpen(false);
    setPanel(false);
  }, [pathname]);

  useEffect(() => {
    if (panel) inputRef.current?.focus();
  }, [panel]);

  const go = (option: Option | undefined) => {
    setOpen(false);
    if (!option) return;
    if (option.kind === 'film') {
      setValue('');
      router.push(`/movies/${option.film.slug}`);
    } else {
      router.push(`/search?q=${encodeURIComponent(option.q)}`);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    const n = options.length;
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(n ? 0 : -1);
        } else setActive((a) => (a + 1) % n);
        break;
      case 'ArrowUp':
        e.preventDefault();
        if (!expanded) {
          setOpen(true);
          setActive(n - 1);
        } else setActive((a) => (a <= 0 ? n - 1 : a - 1));
        break;
      case 'Enter':
        if (expanded && active >= 0) {
          e.preventDefault();
          go(options[active]);
        }
        break;
      case 'Escape':
        e.preventDefault();
        if (expanded) setOpen(false);
        else if (value) setValue('');
        else if (panel) {
          setPanel(false);
          toggleRef.current?.focus();
        }
        break;
      case 'Tab':
        setOpen(false);
        break;
    }
  };

  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (typed.length === 0) return inputRef.current?.focus();
    go({ kind: 'all', q: typed });
  };

  const status = !enabled
    ? ''
    : isError
      ? 'Suggestions are unavailable. Press Enter to search.'
      : isFetching && !data
        ? 'Searching…'
        : `${films.length} ${films.length === 1 ? 'film' : 'films'} found.`;

  return (
    <>
      <a
        ref={toggleRef}
        href="/search"
        aria-label="Search films"
        aria-expanded={panel}
        onClick={(e) => {
          e.preventDefault();
          setPanel((p) => !p);
        }}
        className="inline-flex h-9 w-9 shrink-0 items-center justify-center rounded-full hover:bg-stone-200 sm:hidden dark:hover:bg-ink-700"
      >
        <SearchIcon />
      </a>
      <search
        className={`${
          panel
            ? 'absolute inset-x-0 top-full block border-b border-stone-200 bg-stone-50 p-3 shadow-md dark:border-ink-700 dark:bg-ink-950'
            : 'hidden'
        } sm:static sm:block sm:min-w-0 sm:max-w-sm sm:flex-1 sm:border-0 sm:bg-transparent sm:p-0 sm:shadow-none`}
      >
        <form action="/search" method="get" onSubmit={onSubmit}>
          <div className="relative">
            <label htmlFor={`${id}-input`} className="sr-only">
              Search films and cast
            </label>
            <input
              ref={inputRef}
              id={`${id}-input`}
              name="q"
              type="text"
              role="combobox"
              aria-autocomplete="list"
              aria-expanded={expanded}
              aria-controls={`${id}-listbox`}
              aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
              autoComplete="off"
              spellCheck={false}
              enterKeyHint="search"
              maxLength={100}
              placeholder="Search films, cast…"
              value={value}
              onChange={(e) => {
                setValue(e.target.value);
                setOpen(true);
              }}
              onFocus={() => setOpen(true)}
              onBlur={() => setOpen(false)}
              onKeyDown={onKeyDown}
              className="h-9 w-full rounded-full border border-stone-300 bg-white pl-3 pr-9 text-sm placeholder:text-stone-500 dark:border-ink-700 dark:bg-ink-900 dark:placeholder:text-stone-400"
            />
            <button
              type="submit"
              aria-label="Search"
              className="absolute inset-y-0 right-0 inline-flex w-9 items-center justify-center rounded-full text-stone-600 hover:text-brand-700 dark:text-stone-300"
            >
              <SearchIcon />
            </button>
            <div
              id={`${id}-listbox`}
              role="listbox"
              aria-label="Suggestions"
              hidden={!expanded}
              className="absolute inset-x-0 top-full z-40 mt-1 max-h-[70vh] overflow-y-auto rounded-lg border border-stone-200 bg-white py-1 shadow-lg dark:border-ink-700 dark:bg-ink-900"
            >
              {options.map((option, i) => (
                // The combobox pattern: focus stays in the input (aria-activedescendant), which
                // handles the keys; options are never focused themselves.
                // biome-ignore lint/a11y/useFocusableInteractive: see above
                // biome-ignore lint/a11y/useKeyWithClickEvents: see above
                <div
                  key={option.kind === 'film' ? option.film.slug : 'all'}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === active}
                  // Keep focus in the input: the click must not blur it (which closes the list).
                  onMouseDown={(e) => e.preventDefault()}
                  onMouseMove={() => setActive(i)}
                  onClick={() => go(option)}
                  className={`flex cursor-pointer items-center gap-3 px-3 py-2 text-sm ${
                    i === active ? 'bg-brand-50 dark:bg-ink-700' : ''
                  } ${option.kind === 'all' ? 'border-t border-stone-200 font-medium text-brand-700 dark:border-ink-700 dark:text-brand-400' : ''}`}
                >
                  {option.kind === 'film' ? (
                    <>
                      <Poster
                        url={option.film.posterUrl}
                        alt=""
                        sizes="32px"
                        className="h-12 w-8 shrink-0 rounded bg-stone-200 object-cover dark:bg-ink-800"
                      />
                      <span className="min-w-0">
                        <span className="block truncate font-semibold">{option.film.title}</span>
                        <span className="block truncate text-xs text-stone-600 dark:text-stone-400">
                          {subtitle(option.film)}
                        </span>
                      </span>
                    </>
                  ) : (
                    <span>
                      See all results for “<span className="break-all">{option.q}</span>”
                    </span>
                  )}
                </div>
              ))}
            </div>
            <p id={`${id}-status`} role="status" className="sr-only">
              {status}
            </p>
          </div>
        </form>
      </search>
    </>
  );
}
