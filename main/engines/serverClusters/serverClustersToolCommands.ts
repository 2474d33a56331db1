// `proclab cluster`: the lab's cluster in the foreground, to try with curl and wrk.
import type { ScenarioToolCommand } from '../toolCommand.ts';
import type { ServedCluster } from './serveCluster.ts';

export const clusterToolCommand: ScenarioToolCommand = {
  kind: 'scenario',
  name: 'cluster',
  summary: 'Runs the three-tier cluster in the foreground (dispatcher on 127.0.2.1, servers on 127.0.2.11…, data server on 127.0.2.100), to hit with curl or wrk.',
  baseScenario: 'engine: server-clusters\nserve:\n  mode: relay\n',
  flags: [
    { name: 'mode', path: 'serve.mode' },
    { name: 'policy', path: 'serve.policy' },
    { name: 'port', path: 'serve.port' },
    { name: 'servers', path: 'servers' },
    { name: 'response-size', path: 'serve.responseSize' },
    { name: 'cache-objects', path: 'cacheObjects' },
    { name: 'objects', path: 'objects' },
    { name: 'health-interval', path: 'healthInterval', bareNumberUnit: 'ms' },
    { name: 'duration', path: 'serve.duration', bareNumberUnit: 's', help: 'How long the cluster serves; 0: until Ctrl+C.' },
  ],
  notes: 'Ask for /objects/N (object N of the data server) or /static/N; every 5 s the dispatcher’s counters go to stderr.',
  foreground: { readyEvent: 'cluster-listening' },
  summarise(run) {
    const served = run.metrics.served as ServedCluster | undefined;
    if (served === undefined) return 'the cluster did not start';
    return `${served.mode} cluster on ${served.url} stopped after ${(served.servedMs / 1000).toFixed(1)} s: ${served.connectionsAccepted} connections accepted, ${served.requestsServed} requests served, ${served.dispatcherBytes} bytes through the dispatcher`;
  },
};
