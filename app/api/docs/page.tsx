import type { Metadata } from 'next';
import { Guide } from '@/components/api-docs/guide';
import { MethodBadge } from '@/components/api-docs/inline-text';
import { type DocComponents, type DocOperation, OperationCard } from '@/components/api-docs/operation-card';
import { API_GUIDE, exampleFromSchema, type JsonSchema, openApiDocument } from '@/server/api/openapi';
import { API_TAGS, type ApiTag } from '@/server/api/operation';
import { API_OPERATIONS } from '@/server/api/registry';

export const metadata: Metadata = {
  title: 'REST API',
  description: 'Reference for the Marquee REST API: seat maps, holds, checkout and bookings.',
};

type Doc = {
  openapi: string;
  info: { title: string; version: string; summary: string };
  paths: Record<string, Record<string, DocOperation>>;
  components: DocComponents;
};

type Entry = { method: string; path: string; op: DocOperation };

const linkClass = 'text-brand-700 underline-offset-2 hover:underline dark:text-brand-400';

function exampleResponse(entry: Entry, doc: Doc): unknown {
  const success = Object.entries(entry.op.responses).find(([s]) => s.startsWith('2'))?.[1];
  const schema = success?.content?.['application/json']?.schema;
  if (!schema) return undefined;
  const example = exampleFromSchema(schema, doc as unknown as JsonSchema);
  const empty = typeof example === 'object' && example !== null && Object.keys(example).length === 0;
  return empty ? undefined : example;
}

function Contents({ groups }: { groups: { tag: string; entries: Entry[] }[] }) {
  return (
    <ul className="space-y-4 text-sm">
      <li>
        <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">
          Guide
        </p>
        <ul className="space-y-1">
          {API_GUIDE.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className={linkClass}>
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </li>
      {groups.map((g) => (
        <li key={g.tag}>
          <p className="mb-1 text-xs font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">
            <a href={`#tag-${g.tag}`} className="hover:underline">
              {g.tag}
            </a>
          </p>
          <ul className="space-y-1">
            {g.entries.map((e) => (
              <li key={e.op.operationId}>
                <a href={`#${e.op.operationId}`} className="group flex items-start gap-2">
                  <MethodBadge method={e.method} small />
                  <span className="text-stone-800 group-hover:text-brand-700 group-hover:underline dark:text-stone-200 dark:group-hover:text-brand-400">
                    {e.op.summary}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export default function ApiDocsPage() {
  const doc = openApiDocument() as unknown as Doc;
  // The registry's order (the booking flow), not the document's alphabetical paths.
  const entries: Entry[] = API_OPERATIONS.flatMap((o) => {
    const op = doc.paths[o.path]?.[o.method];
    return op ? [{ method: o.method, path: o.path, op }] : [];
  });
  const groups = (Object.keys(API_TAGS) as ApiTag[])
    .map((tag) => ({ tag, entries: entries.filter((e) => e.op.tags[0] === tag) }))
    .filter((g) => g.entries.length > 0);

  return (
    <div className="lg:grid lg:grid-cols-[15rem_minmax(0,1fr)] lg:gap-10">
      <aside className="hidden lg:block">
        <nav
          aria-label="API reference contents"
          className="sticky top-20 max-h-[calc(100dvh-6rem)] overflow-y-auto pr-2 pb-6"
        >
          <Contents groups={groups} />
        </nav>
      </aside>

      <div className="min-w-0 space-y-10">
        <header className="space-y-3">
          <p className="text-sm font-semibold uppercase tracking-wide text-brand-700 dark:text-brand-400">
            Developers
          </p>
          <h1 className="font-display text-3xl font-bold sm:text-4xl">{doc.info.title}</h1>
          <p className="max-w-prose text-lg leading-relaxed text-stone-700 dark:text-stone-300">
            {doc.info.summary}
          </p>
          <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm text-stone-600 dark:text-stone-400">
            <span>Version {doc.info.version}</span>
            <span>OpenAPI {doc.openapi}</span>
            <a href="/api/openapi.json" className={`font-medium ${linkClass}`}>
              openapi.json
            </a>
          </p>
          <p className="max-w-prose text-sm leading-relaxed text-stone-600 dark:text-stone-400">
            Generated from the same zod schemas the server validates requests with, so it cannot drift from
            what the API accepts. Import <code>/api/openapi.json</code> into your API client or code
            generator.
          </p>
        </header>

        <details className="rounded-lg border border-stone-200 bg-white p-3 lg:hidden dark:border-ink-700 dark:bg-ink-900">
          <summary className="cursor-pointer font-semibold">Contents</summary>
          <nav aria-label="API reference contents" className="mt-3">
            <Contents groups={groups} />
          </nav>
        </details>

        {API_GUIDE.map((section) => (
          <Guide key={section.id} section={section} />
        ))}

        {groups.map((g) => (
          <section
            key={g.tag}
            id={`tag-${g.tag}`}
            aria-labelledby={`tag-${g.tag}-title`}
            className="scroll-mt-20 space-y-4"
          >
            <div>
              <h2 id={`tag-${g.tag}-title`} className="font-display text-2xl font-bold">
                {g.tag}
              </h2>
              <p className="text-stone-600 dark:text-stone-400">{API_TAGS[g.tag]}</p>
            </div>
            {g.entries.map((e) => (
              <OperationCard
                key={e.op.operationId}
                method={e.method}
                path={e.path}
                op={e.op}
                components={doc.components}
                authLabel={e.op['x-auth']}
                exampleResponse={exampleResponse(e, doc)}
              />
            ))}
          </section>
        ))}
      </div>
    </div>
  );
}
