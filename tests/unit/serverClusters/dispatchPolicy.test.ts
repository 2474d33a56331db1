import { describe, expect, it } from 'vitest';
import { Dispatcher, objectOf, serviceGroupOf, type ServerView } from '../../../main/engines/serverClusters/dispatchPolicy.ts';
import { ObjectCache, objectKeyOf } from '../../../main/engines/serverClusters/objectCache.ts';
import { establishedInodes, procNetAddress } from '../../../main/engines/serverClusters/procAccounting.ts';

const servers = (count: number, patch: Partial<ServerView>[] = []): ServerView[] =>
  Array.from({ length: count }, (_, index) => ({ up: true, activeConnections: 0, reportedLoad: 0, ...patch[index] }));

describe('dispatch policies', () => {
  it('round-robin takes the servers in turn and skips one that is down', () => {
    const dispatcher = new Dispatcher('round-robin');
    expect([0, 1, 2, 3].map(() => dispatcher.choose(servers(3), '/objects/1'))).toEqual([0, 1, 2, 0]);
    const oneDown = servers(3, [{}, { up: false }]);
    expect([0, 1, 2, 3].map(() => dispatcher.choose(oneDown, '/objects/1'))).not.toContain(1);
  });

  it('least-connections and server-load pick the lowest count, sharing ties', () => {
    expect(new Dispatcher('least-connections').choose(servers(3, [{ activeConnections: 4 }, { activeConnections: 1 }, { activeConnections: 2 }]), '/')).toBe(1);
    expect(new Dispatcher('server-load').choose(servers(3, [{ reportedLoad: 0 }, { reportedLoad: 5 }, { reportedLoad: 3 }]), '/')).toBe(0);
    const tied = new Dispatcher('least-connections');
    expect(new Set([0, 1, 2, 3].map(() => tied.choose(servers(2), '/')))).toEqual(new Set([0, 1]));
  });

  it('service type sends /static/ to the first half and the rest to the second', () => {
    expect(serviceGroupOf('/static/3', 4)).toEqual([0, 1]);
    expect(serviceGroupOf('/objects/3', 4)).toEqual([2, 3]);
    expect(serviceGroupOf('/objects/3', 1)).toEqual([0]);
    const dispatcher = new Dispatcher('service-type');
    for (let request = 0; request < 8; request += 1) expect(dispatcher.choose(servers(4), '/static/1')).toBeLessThan(2);
  });

  it('content-aware sends one object to one server, static or not, and moves it only when that server is down', () => {
    const dispatcher = new Dispatcher('content-aware');
    const home = dispatcher.choose(servers(4), '/objects/17');
    expect(dispatcher.choose(servers(4), '/static/17')).toBe(home);
    expect(objectOf('/objects/17?x=1')).toBe('17');
    const homes = new Set(Array.from({ length: 64 }, (_, object) => dispatcher.choose(servers(4), `/objects/${object}`)));
    expect(homes.size).toBe(4);
    const down = servers(4);
    down[home!]!.up = false;
    expect(dispatcher.choose(down, '/objects/17')).not.toBe(home);
    expect(dispatcher.choose(servers(4, [{ up: false }, { up: false }, { up: false }, { up: false }]), '/objects/17')).toBeUndefined();
  });
});

describe('a server’s object cache', () => {
  it('keeps the most recently used objects up to its capacity', () => {
    const cache = new ObjectCache(2);
    cache.set('a', '1');
    cache.set('b', '2');
    cache.get('a');
    cache.set('c', '3');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['1', undefined, '3']);
    expect(objectKeyOf('/objects/70', 64)).toBe('object-6');
  });
});

describe('/proc/net/tcp', () => {
  it('is read for established connections on one local address', () => {
    expect(procNetAddress('127.0.2.1')).toBe('0102007F');
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0102007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0',
      '   1: 0102007F:1F90 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 20 4 30 10 -1',
      '   2: 0B02007F:1F90 0100007F:D432 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0 20 4 30 10 -1',
    ].join('\n');
    expect(establishedInodes('127.0.2.1', 8080, table)).toEqual([1002]);
  });
});
