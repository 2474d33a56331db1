// The counter service's interface, in the ONC RPC language proclab generates stubs from. ADD is
// not idempotent (run twice, it adds twice); GET is (run twice, it answers twice the same).

export const counterInterfaceText = `/* counter.x: the lab's counter service */
struct reading {
  hyper value;                 /* the counter's value */
  unsigned hyper servedAtMs;   /* the server's clock when it answered (for staleness) */
  unsigned int servedBy;       /* which server process answered (its pid) */
};

program COUNTER {
  version COUNTER_V1 {
    void NULL(void) = 0;
    hyper ADD(string name<64>, hyper amount) = 1;   /* adds amount to name, returns the new value */
    reading GET(string name<64>) = 2;               /* reads name */
  } = 1;
} = 0x20000511;
`;

export interface Reading {
  value: number;
  servedAtMs: number;
  servedBy: number;
}

/** The counter as client code sees it, whether the object is local or remote. */
export interface CounterService {
  add(name: string, amount: number): Promise<number>;
  get(name: string): Promise<Reading>;
}
