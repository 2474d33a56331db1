// What every lab server process shares: its configuration from argv, the ready message, answers
// to the engine's questions over IPC, and an exit when the engine goes away.

export interface EngineQuestion {
  kind: string;
  requestId?: number;
  [key: string]: unknown;
}

export function serverConfig<Config>(): Config {
  return JSON.parse(process.argv[2] ?? '{}') as Config;
}

export function sayReady(port: number): void {
  process.send?.({ kind: 'ready', port, pid: process.pid });
}

export function sayFailed(error: unknown): void {
  process.send?.({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  setTimeout(() => process.exit(1), 50);
}

/** Answers the engine's questions; `leave` runs the server's clean exit. */
export function answerEngine(answers: Record<string, (question: EngineQuestion) => unknown>, leave: () => Promise<void> = async () => undefined): void {
  process.on('message', (question: EngineQuestion) => {
    if (question.kind === 'leave') {
      void leave().finally(() => process.exit(0));
      return;
    }
    const answer = answers[question.kind];
    if (answer === undefined) return;
    void Promise.resolve(answer(question)).then((body) => process.send?.({ kind: 'reply', requestId: question.requestId, body }));
  });
  // The engine is gone (its run ended or it crashed): so is the server.
  process.on('disconnect', () => process.exit(0));
}
