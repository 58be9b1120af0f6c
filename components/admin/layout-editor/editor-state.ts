import type { LayoutDraft } from '@/lib/seat-layout/draft';
import { type History, record, redo, startHistory, undo } from '@/lib/seat-layout/history';

// The editor's drawing and its history in one reducer, so that two changes in quick succession
// (a drag ending as a key is pressed) each apply to the latest drawing. Every change carries
// words for it, announced to screen readers and shown after "Undone:" and "Redone:".

export type EditorState = {
  history: History<LayoutDraft>;
  /** What just happened, for the live region; `seq` makes a repeat announce again. */
  announcement: { text: string; seq: number };
};

export type EditorAction =
  | {
      type: 'apply';
      op: (draft: LayoutDraft) => { draft: LayoutDraft; label: string } | null;
      nothing?: string;
    }
  | { type: 'undo' }
  | { type: 'redo' };

export function initEditor(initial: LayoutDraft): EditorState {
  return { history: startHistory(initial, 'Start'), announcement: { text: '', seq: 0 } };
}

const say = (state: EditorState, text: string): EditorState['announcement'] => ({
  text,
  seq: state.announcement.seq + 1,
});

export function editorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'apply': {
      const result = action.op(state.history.present.state);
      if (!result) return action.nothing ? { ...state, announcement: say(state, action.nothing) } : state;
      return {
        history: record(state.history, result.draft, result.label),
        announcement: say(state, result.label),
      };
    }
    case 'undo': {
      const next = undo(state.history);
      if (next === state.history) return { ...state, announcement: say(state, 'Nothing to undo') };
      return { history: next, announcement: say(state, `Undone: ${state.history.present.label}`) };
    }
    case 'redo': {
      const next = redo(state.history);
      if (next === state.history) return { ...state, announcement: say(state, 'Nothing to redo') };
      return { history: next, announcement: say(state, `Redone: ${next.present.label}`) };
    }
  }
}
