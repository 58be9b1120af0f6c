import 'server-only';
import { AppError } from '@/lib/errors';
import { type ScreenRecords, toScreenRecords } from '@/lib/seat-layout/convert';
import type { LayoutDraft } from '@/lib/seat-layout/draft';
import { blockingProblems, validateDraft } from '@/lib/seat-layout/validate';

/**
 * The records of a drawn layout, once the editor's own rules say it can be sold (the browser's
 * verdict is not trusted); otherwise VALIDATION_FAILED with the cells each problem is about.
 * Shared by creating a screen and editing its layout.
 */
export function sellableLayout(draft: LayoutDraft): ScreenRecords {
  const problems = blockingProblems(validateDraft(draft));
  if (problems.length) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The layout cannot be saved yet: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`} to fix.`,
      {
        details: problems.map(({ message, code, cells, rows }) => ({
          path: 'draft',
          message,
          code,
          cells,
          rows,
        })),
      },
    );
  }
  return toScreenRecords(draft);
}
