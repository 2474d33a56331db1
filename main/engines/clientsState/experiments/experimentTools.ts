// What the experiments share: links (a fault-injecting proxy each, released with the run),
// channels that are closed with it, and the counter's interface compiled once.
import type { EngineContext } from '../../engine.ts';
import { FaultInjectingProxy, reliableLink, type Direction, type FaultCounts, type LinkFaults, type ProxyAddress } from '../../../network/faultInjectingProxy.ts';
import { parseInterface, type InterfaceDefinition } from '../../../protocols/oncRpc/interfaceLanguage.ts';
import { RpcChannel, type ChannelAddress, type RpcChannelOptions } from '../../../protocols/oncRpc/rpcChannel.ts';
import { counterInterfaceText } from '../interfaces/counterInterface.ts';
import { fileInterfaceText } from '../interfaces/fileInterface.ts';

export const loopbackHost = '127.0.0.1';

let counterDefinition: InterfaceDefinition | undefined;
let fileDefinition: InterfaceDefinition | undefined;

export function counterInterface(): InterfaceDefinition {
  counterDefinition ??= parseInterface(counterInterfaceText);
  return counterDefinition;
}

export function fileInterface(): InterfaceDefinition {
  fileDefinition ??= parseInterface(fileInterfaceText);
  return fileDefinition;
}

/** The faults one link injected, as the run reports them. */
export interface LinkFaultReport extends FaultCounts {
  link: string;
  direction: Direction;
}

/** Opens a link (a proxy) to `upstream`; it is stopped when the run ends, whatever happens. */
export async function openLink(context: EngineContext, name: string, upstream: ProxyAddress, faults: LinkFaults = reliableLink, onDelivered?: (direction: Direction, message: Buffer) => void): Promise<FaultInjectingProxy> {
  const proxy = new FaultInjectingProxy({ name, seed: context.seed, listen: { host: loopbackHost, port: 0 }, upstream, faults, onDelivered });
  context.defer(`link ${name}`, () => proxy.stop());
  await proxy.start();
  return proxy;
}

export function faultReport(proxy: FaultInjectingProxy, label: string = proxy.name): LinkFaultReport[] {
  const counts = proxy.counts();
  return (['toServer', 'toClient'] as const).map((direction) => ({ link: label, direction, ...counts[direction] }));
}

/** A channel closed when the run ends. */
export function openChannel(context: EngineContext, address: ChannelAddress, options: RpcChannelOptions = {}): RpcChannel {
  const channel = new RpcChannel(address, options);
  context.defer(`channel to ${address.host}:${address.port}`, () => channel.close());
  return channel;
}

export const roundTo = (value: number, digits: number): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
