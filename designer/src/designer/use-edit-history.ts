/**
 * Undo and redo over the designer's document (definition + layout). Edits made in a
 * burst on the same field (typing a label) are merged into one undo step.
 */
import { useCallback, useReducer } from "react";

interface History<T> {
  past: T[];
  present: T;
  future: T[];
  lastKey: string | null;
  lastAt: number;
}

type Action<T> =
  | { type: "commit"; value: T; mergeKey?: string }
  | { type: "undo" }
  | { type: "redo" }
  | { type: "reset"; value: T };

const MERGE_MS = 1200;
const LIMIT = 200;

function reducer<T>(state: History<T>, action: Action<T>): History<T> {
  switch (action.type) {
    case "commit": {
      const now = Date.now();
      if (action.mergeKey && action.mergeKey === state.lastKey && now - state.lastAt < MERGE_MS)
        return { ...state, present: action.value, future: [], lastAt: now };
      return {
        past: [...state.past, state.present].slice(-LIMIT),
        present: action.value,
        future: [],
        lastKey: action.mergeKey ?? null,
        lastAt: now,
      };
    }
    case "undo": {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return {
        past: state.past.slice(0, -1),
        present: previous,
        future: [state.present, ...state.future],
        lastKey: null,
        lastAt: 0,
      };
    }
    case "redo": {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return {
        past: [...state.past, state.present],
        present: next,
        future: rest,
        lastKey: null,
        lastAt: 0,
      };
    }
    case "reset":
      return { past: [], present: action.value, future: [], lastKey: null, lastAt: 0 };
  }
}

export interface EditHistory<T> {
  value: T;
  canUndo: boolean;
  canRedo: boolean;
  commit(value: T, mergeKey?: string): void;
  undo(): void;
  redo(): void;
  reset(value: T): void;
}

export function useEditHistory<T>(initial: T): EditHistory<T> {
  const [state, dispatch] = useReducer(reducer<T>, {
    past: [],
    present: initial,
    future: [],
    lastKey: null,
    lastAt: 0,
  });
  return {
    value: state.present,
    canUndo: state.past.length > 0,
    canRedo: state.future.length > 0,
    commit: useCallback(
      (value: T, mergeKey?: string) => dispatch({ type: "commit", value, mergeKey }),
      [],
    ),
    undo: useCallback(() => dispatch({ type: "undo" }), []),
    redo: useCallback(() => dispatch({ type: "redo" }), []),
    reset: useCallback((value: T) => dispatch({ type: "reset", value }), []),
  };
}
