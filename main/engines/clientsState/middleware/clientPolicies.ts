// Client middleware: what sits between a stub and the network and makes distribution transparent
// — or fails to. Each policy is an invoker the same stub calls through:
//   none        one attempt at one server
//   retry       repeat the same request (same xid) after a timeout, backing off (failure transparency)
//   failover    on a failure, try the next replica and stay with the one that answers
//   first-of-k  send to k replicas at once and pass on the first answer (replication transparency)
//   cache       failover, and when every replica fails, answer a read from the last reply seen
//   relocate    on a failure, ask the port mapper where the server is now (location/migration transparency)
import { pause } from '../../../toolkit/abortableWaits.ts';
import { parseCall } from '../../../protocols/oncRpc/oncRpcMessages.ts';
import type { ChannelAddress, RpcChannel } from '../../../protocols/oncRpc/rpcChannel.ts';
import { isTransportFailure, RpcTimeoutError } from '../../../protocols/oncRpc/rpcErrors.ts';
import type { RpcCallRequest, RpcInvoker } from '../../../protocols/oncRpc/rpcStub.ts';

export const policyNames = ['none', 'retry', 'failover', 'first-of-k', 'cache', 'relocate'] as const;
export type PolicyName = (typeof policyNames)[number];

export interface RetrySettings {
  /** How long one attempt waits for its reply. */
  timeoutMs: number;
  /** Attempts after the first. */
  retries: number;
  /** The wait before the first retry; it doubles with each one. */
  backoffMs: number;
}

export interface MiddlewareOptions {
  /** One channel per replica; the first is the primary. */
  channels: RpcChannel[];
  retry: RetrySettings;
  /** first-of-k: how many replicas each call goes to. */
  firstOf?: number;
  /** cache: which calls are reads whose replies may stand in when every server is down. */
  cacheable?: (call: RpcCallRequest) => boolean;
  /** relocate: where the server is now, as the port mapper says. */
  lookUp?: () => Promise<ChannelAddress | undefined>;
  signal: AbortSignal;
}

export interface MiddlewareCounts {
  /** Requests sent (every attempt, to every replica). */
  attempts: number;
  retries: number;
  failovers: number;
  answeredFromCache: number;
  lookups: number;
  moves: number;
}

export interface ClientMiddleware {
  readonly invoker: RpcInvoker;
  /** `answeredFromCache` grows by one with every reply the cache gave instead of a server. */
  readonly counts: MiddlewareCounts;
}

const cancelled = (): RpcTimeoutError => new RpcTimeoutError('the run was cancelled');

export function createMiddleware(policy: PolicyName, options: MiddlewareOptions): ClientMiddleware {
  const { channels, retry, signal } = options;
  const counts: MiddlewareCounts = { attempts: 0, retries: 0, failovers: 0, answeredFromCache: 0, lookups: 0, moves: 0 };
  const cache = new Map<string, Buffer>();
  let current = 0;

  const attempt = (channel: RpcChannel, call: RpcCallRequest, attemptSignal: AbortSignal = signal): Promise<Buffer> => {
    counts.attempts += 1;
    return channel.send(call, retry.timeoutMs, attemptSignal);
  };
  const backOff = async (retryNumber: number): Promise<void> => {
    counts.retries += 1;
    await pause(retry.backoffMs * 2 ** retryNumber, signal);
    if (signal.aborted) throw cancelled();
  };

  /** The same request again and again on one channel. */
  const withRetries = async (call: RpcCallRequest, beforeRetry?: () => Promise<void>): Promise<Buffer> => {
    for (let retryNumber = 0; ; retryNumber += 1) {
      try {
        return await attempt(channels[0]!, call);
      } catch (error) {
        if (!isTransportFailure(error) || retryNumber >= retry.retries || signal.aborted) throw error;
      }
      await beforeRetry?.();
      await backOff(retryNumber);
    }
  };

  const withFailover = async (call: RpcCallRequest): Promise<Buffer> => {
    let cycles = 0;
    for (let attemptNumber = 0; ; attemptNumber += 1) {
      try {
        return await attempt(channels[current]!, call);
      } catch (error) {
        if (!isTransportFailure(error) || attemptNumber >= retry.retries || signal.aborted) throw error;
      }
      current = (current + 1) % channels.length;
      counts.failovers += 1;
      // Every replica failed once: wait before going round again.
      if ((attemptNumber + 1) % channels.length === 0) {
        await backOff(cycles);
        cycles += 1;
      }
    }
  };

  const firstOfK = async (call: RpcCallRequest): Promise<Buffer> => {
    const k = Math.max(1, Math.min(options.firstOf ?? 2, channels.length));
    for (let round = 0; ; round += 1) {
      const others = new AbortController();
      const roundSignal = AbortSignal.any([signal, others.signal]);
      try {
        // The first reply wins; the others' waits are dropped (their late replies are ignored).
        return await Promise.any(channels.slice(0, k).map((channel) => attempt(channel, call, roundSignal)));
      } catch (error) {
        const failures = (error as AggregateError).errors ?? [error];
        const final = failures.find((failure) => !isTransportFailure(failure));
        if (final !== undefined) throw final;
        if (round >= retry.retries || signal.aborted) throw failures[0];
      } finally {
        others.abort();
      }
      await backOff(round);
    }
  };

  const cacheKey = (call: RpcCallRequest): string | undefined => {
    const parsed = parseCall(call.message);
    if (!parsed.ok) return undefined;
    return `${call.program}/${call.version}/${call.procedure.number}/${call.message.subarray(parsed.call.arguments.position).toString('base64')}`;
  };

  const withCache = async (call: RpcCallRequest): Promise<Buffer> => {
    const key = options.cacheable?.(call) === true ? cacheKey(call) : undefined;
    try {
      const reply = await withFailover(call);
      if (key !== undefined) cache.set(key, reply);
      return reply;
    } catch (error) {
      const cached = key === undefined ? undefined : cache.get(key);
      if (cached === undefined || !isTransportFailure(error)) throw error;
      // The old reply, re-addressed to this request: the caller cannot tell, but for its age.
      const reply = Buffer.from(cached);
      reply.writeUInt32BE(call.xid, 0);
      counts.answeredFromCache += 1;
      return reply;
    }
  };

  const withRelocation = (call: RpcCallRequest): Promise<Buffer> =>
    withRetries(call, async () => {
      counts.lookups += 1;
      const address = await options.lookUp?.().catch(() => undefined);
      const channel = channels[0]!;
      if (address !== undefined && (address.port !== channel.target.port || address.host !== channel.target.host)) {
        channel.retarget(address);
        counts.moves += 1;
      }
    });

  const invokers: Record<PolicyName, RpcInvoker> = {
    none: (call) => attempt(channels[0]!, call),
    retry: (call) => withRetries(call),
    failover: withFailover,
    'first-of-k': firstOfK,
    cache: withCache,
    relocate: withRelocation,
  };

  return { invoker: invokers[policy], counts };
}
