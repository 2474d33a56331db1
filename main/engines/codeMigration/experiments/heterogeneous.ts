// Heterogeneous hosts: host A's native code goes to a host of another platform (its loader refuses
// it) and to one of A's own platform (it runs), while the abstract machine's code runs on the
// other platform as it does everywhere.
import { generateOrders, topOrders } from '../orders.ts';
import { linkShapeOf, type ExperimentContext } from './experimentContext.ts';

export interface HeterogeneousResult {
  nativeOnOtherPlatform: 'refused' | 'ran' | 'failed';
  abstractMachineOnOtherPlatform: 'ok' | 'failed';
  nativeOnSamePlatform: 'ok' | 'failed' | 'no host of that platform';
  refusal: string;
  sourcePlatform: string;
  otherHost: string;
  otherPlatform: string;
  samePlatformHost: string;
  nativeImageBytes: number;
  abstractCodeBytes: number;
}

export async function runHeterogeneous(experiment: ExperimentContext): Promise<HeterogeneousResult> {
  const { cluster, client, context } = experiment;
  cluster.setLinkShape(linkShapeOf({ bandwidth: 'unlimited', latency: 0 }));
  experiment.setPhase('heterogeneous hosts');
  await cluster.settle();
  const source = cluster.host(client);
  const hosts = experiment.dataHosts.map((name, dataIndex) => ({ name, dataIndex, platform: cluster.host(name).platform }));
  const other = hosts.find((host) => host.platform !== source.platform);
  const same = hosts.find((host) => host.platform === source.platform);
  const records = 200;
  const truthFor = (dataIndex: number): number[] => topOrders(generateOrders(context.seed, dataIndex, records), 10);
  const program = { name: 'top-orders', top: 10, records };
  let nativeOnOtherPlatform: HeterogeneousResult['nativeOnOtherPlatform'] = 'failed';
  let abstractMachineOnOtherPlatform: HeterogeneousResult['abstractMachineOnOtherPlatform'] = 'failed';
  let refusal = 'every data host shares the client’s platform: make one of them another platform';
  let imageBytes = 0;
  let codeBytes = 0;
  if (other !== undefined) {
    const native = await cluster.request<{ refused?: string; imageBytes: number; end?: { kind: string } }>(client, 'shipNative', { to: other.name, program });
    imageBytes = native.imageBytes;
    nativeOnOtherPlatform = native.refused !== undefined ? 'refused' : native.end?.kind === 'nativeDone' ? 'ran' : 'failed';
    refusal = native.refused ?? 'it was not refused';
    const portable = await cluster.request<{ result: number[]; codeBytes: number }>(client, 'evaluateAt', { to: other.name, records, top: 10 });
    codeBytes = portable.codeBytes;
    abstractMachineOnOtherPlatform = JSON.stringify(portable.result) === JSON.stringify(truthFor(other.dataIndex)) ? 'ok' : 'failed';
  }
  let nativeOnSamePlatform: HeterogeneousResult['nativeOnSamePlatform'] = 'no host of that platform';
  if (same !== undefined) {
    const native = await cluster.request<{ refused?: string; end?: { kind: string; value?: unknown } }>(client, 'shipNative', { to: same.name, program });
    nativeOnSamePlatform = native.end?.kind === 'nativeDone' && JSON.stringify(native.end.value) === JSON.stringify(truthFor(same.dataIndex)) ? 'ok' : 'failed';
  }
  return {
    nativeOnOtherPlatform,
    abstractMachineOnOtherPlatform,
    nativeOnSamePlatform,
    refusal,
    sourcePlatform: source.platform,
    otherHost: other?.name ?? '',
    otherPlatform: other?.platform ?? '',
    samePlatformHost: same?.name ?? '',
    nativeImageBytes: imageBytes,
    abstractCodeBytes: codeBytes,
  };
}
