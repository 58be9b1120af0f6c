import { InlineText } from '@/components/api-docs/inline-text';
import type { GuideSection } from '@/server/api/openapi';

// The API's conventions (the same text as the document's info.description).
export function Guide({ section }: { section: GuideSection }) {
  const headingId = `${section.id}-title`;
  return (
    <section id={section.id} aria-labelledby={headingId} className="scroll-mt-20 space-y-3">
      <h2 id={headingId} className="font-display text-2xl font-bold">
        {section.title}
      </h2>
      {section.blocks.map((block, i) => {
        const key = `${section.id}-${i}`;
        switch (block.kind) {
          case 'p':
            return (
              <p key={key} className="max-w-prose leading-relaxed">
                <InlineText text={block.text} />
              </p>
            );
          case 'list':
            return (
              <ul key={key} className="max-w-prose list-disc space-y-1.5 pl-5 leading-relaxed">
                {block.items.map((item) => (
                  <li key={item}>
                    <InlineText text={item} />
                  </li>
                ))}
              </ul>
            );
          case 'code':
            return (
              <pre
                key={key}
                className="select-all whitespace-pre-wrap rounded-md bg-ink-950 p-3 font-mono text-xs leading-relaxed text-stone-100 wrap-anywhere dark:bg-black/40"
              >
                {block.text}
              </pre>
            );
          case 'table':
            return (
              <div key={key} className="rounded-lg border border-stone-200 dark:border-ink-700">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">{block.caption}</caption>
                  <thead className="bg-stone-100 text-xs text-stone-600 dark:bg-ink-900 dark:text-stone-400">
                    <tr>
                      {block.head.map((h) => (
                        <th key={h} scope="col" className="px-3 py-2 font-medium">
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody className="divide-y divide-stone-200 align-top dark:divide-ink-700">
                    {block.rows.map((row) => (
                      <tr key={row.join('|')}>
                        {row.map((cell, j) => (
                          <td
                            // biome-ignore lint/suspicious/noArrayIndexKey: columns of a fixed table
                            key={j}
                            className={`px-3 py-2 max-sm:wrap-anywhere ${j === 0 ? 'sm:whitespace-nowrap' : ''}`}
                          >
                            <InlineText text={cell} />
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            );
          default:
            return null;
        }
      })}
    </section>
  );
}
