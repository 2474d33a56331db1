import { PortInUseError, startBrowserServer } from '../../browser/browserServer.ts';
import { schema } from '../../scenario/schema.ts';
import { UsageError } from '../cliErrors.ts';
import { sharedFlags, type Command } from '../commandLine.ts';
import { openService } from '../serviceForCommand.ts';

export const serveCommand: Command = {
  name: 'serve',
  summary: 'Serves proclab in browser mode on http://127.0.0.1:P/ (the same app as the desktop window).',
  flags: [
    {
      name: 'port',
      valueName: 'P',
      node: schema.integer({
        description: { en: 'Port on 127.0.0.1; 0 picks a free one.', 'pt-BR': 'Porta em 127.0.0.1; 0 escolhe uma livre.' },
        minimum: 0,
        maximum: 65_535,
        default: 5317,
      }),
    },
    sharedFlags.database,
  ],
  notes: 'Stops with Ctrl+C; a run still going is cancelled and its servers released first.',
  async run(line) {
    const port = line.values.port as number;
    const service = openService(line, 'browser');
    const server = await startBrowserServer({ service, port }).catch(async (error: unknown) => {
      await service.close();
      throw error instanceof PortInUseError ? new UsageError(error.message) : error;
    });
    process.stdout.write(`proclab browser mode: ${server.url}\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    process.stderr.write('proclab: stopping…\n');
    await server.close();
    await service.close();
    return 0;
  },
};
