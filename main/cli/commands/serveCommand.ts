import { PortInUseError, startBrowserServer } from '../../browser/browserServer.ts';
import { UsageError } from '../cliErrors.ts';
import { schema } from '../../scenario/schema.ts';
import type { Command } from '../commandLine.ts';
import { validateOptions } from '../optionParser.ts';
import { databaseHelp, databaseOption, openService } from '../serviceForCommand.ts';

const serveOptions = schema.object({
  description: 'proclab serve',
  fields: { port: schema.integer({ description: 'Port on 127.0.0.1; 0 picks a free one.', minimum: 0, maximum: 65_535, default: 5317 }) },
});

export const serveCommand: Command = {
  name: 'serve',
  usage: 'proclab serve [--port P] [--db FILE]',
  summary: 'Serves proclab in browser mode on http://127.0.0.1:P/ (the same app as the desktop window).',
  help: () => `--port P          port on 127.0.0.1 (default 5317; 0 picks a free one)
${databaseHelp}
Stops with Ctrl+C; a run still going is cancelled and its servers released first.`,
  options: { port: { type: 'string' }, ...databaseOption },
  async run(parsed) {
    const { port } = validateOptions(this.name, serveOptions, parsed.values) as { port: number };
    const service = openService(parsed, 'browser');
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
