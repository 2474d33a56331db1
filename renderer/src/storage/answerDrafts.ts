import type { LabApi, RunAnswer } from '../../../preload/api.ts';
import { readStored, removeStored, writeStored } from './localStore.ts';

// An answer is kept in this window's storage from the keystroke until the core has saved it, so
// a reload or a crash between typing and saving loses nothing: the next load finds the draft,
// shows it and saves it.

function draftKey(runId: string, questionId: string): string {
  return `proclab.answerDraft.${runId}.${questionId}`;
}

export function keepDraft(runId: string, questionId: string, text: string): void {
  writeStored(draftKey(runId, questionId), text);
}

/** The draft is saved; forget it, unless it has been typed over since. */
export function forgetDraft(runId: string, questionId: string, savedText: string): void {
  if (readStored(draftKey(runId, questionId)) === savedText) removeStored(draftKey(runId, questionId));
}

/** The run's answers as the student last typed them: stored answers, with unsaved drafts over them (saved now). */
export function answersWithDrafts(api: LabApi, runId: string, questionIds: readonly string[], stored: readonly RunAnswer[]): Record<string, string> {
  const answers: Record<string, string> = Object.fromEntries(stored.map((answer) => [answer.questionId, answer.markdown]));
  for (const questionId of questionIds) {
    const draft = readStored(draftKey(runId, questionId));
    if (draft === null) continue;
    if (draft !== (answers[questionId] ?? '')) {
      answers[questionId] = draft;
      void api.saveAnswer(runId, questionId, draft).then((result) => {
        if (result.ok) forgetDraft(runId, questionId, draft);
      });
    } else {
      removeStored(draftKey(runId, questionId));
    }
  }
  return answers;
}
