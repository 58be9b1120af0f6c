// Undo and redo for the editor: a bounded list of past states (the oldest are forgotten), the
// present, and the states undone since the last change. Each entry says what produced it, so the
// editor can announce "Undone: mark 4 seats Premium". States are kept whole; operations share
// unchanged rows between them, so a step costs about the rows it touched.

export type HistoryEntry<T> = { state: T; label: string };

export type History<T> = {
  past: HistoryEntry<T>[];
  present: HistoryEntry<T>;
  future: HistoryEntry<T>[];
  limit: number;
};

const DEFAULT_HISTORY_LIMIT = 200;

export function startHistory<T>(state: T, label = 'Start', limit = DEFAULT_HISTORY_LIMIT): History<T> {
  return { past: [], present: { state, label }, future: [], limit };
}

/** Records a new state; a state identical to the present one (a no-op) is not a step. */
export function record<T>(h: History<T>, state: T, label: string): History<T> {
  if (state === h.present.state) return h;
  const past = [...h.past, h.present];
  return {
    ...h,
    past: past.slice(Math.max(0, past.length - h.limit)),
    present: { state, label },
    future: [],
  };
}

export function undo<T>(h: History<T>): History<T> {
  const previous = h.past.at(-1);
  if (!previous) return h;
  return { ...h, past: h.past.slice(0, -1), present: previous, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  const [next, ...rest] = h.future;
  if (!next) return h;
  return { ...h, past: [...h.past, h.present], present: next, future: rest };
}

export const canUndo = (h: History<unknown>) => h.past.length > 0;
export const canRedo = (h: History<unknown>) => h.future.length > 0;
