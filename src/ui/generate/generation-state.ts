/**
 * The Generate panel's view of a streamed generation: the characters received so far for the
 * latest request id. Messages of an older id (a generation the user replaced) are dropped.
 */
import type { FromWorker } from '../../worker/protocol';

export interface GenerationState {
  id: number;
  text: string;
  count: number;
  done: boolean;
  message: string | null;
}

type Generated = Extract<FromWorker, { type: 'generated' }>;

export function onGenerated(prev: GenerationState | null, msg: Generated): GenerationState | null {
  if (prev && msg.id < prev.id) return prev;
  const base = prev && prev.id === msg.id ? prev : { id: msg.id, text: '', count: 0, done: false, message: null };
  return { id: msg.id, text: base.text + msg.text, count: msg.count, done: msg.done, message: msg.message ?? base.message };
}
