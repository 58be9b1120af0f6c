import type { LayoutProblem } from '@/lib/seat-layout/validate';

// The layout problems a refused save names (details with path "draft"), shaped for the editor's
// problems panel, so the cells the server objects to are shown as the editor's own checks are.

type ServerDetail = { path?: unknown; message?: unknown; code?: unknown; cells?: unknown; rows?: unknown };

export function serverDetails(details: unknown): ServerDetail[] {
  return Array.isArray(details) ? (details as ServerDetail[]) : [];
}

export function serverLayoutProblems(details: unknown): LayoutProblem[] {
  return serverDetails(details)
    .filter((d) => d.path === 'draft' && typeof d.message === 'string' && Array.isArray(d.cells))
    .map((d) => ({
      code: d.code,
      severity: 'error',
      message: d.message,
      cells: d.cells,
      rows: Array.isArray(d.rows) ? d.rows : [],
    })) as LayoutProblem[];
}
