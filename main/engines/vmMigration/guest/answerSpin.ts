// How long a faulting guest spins on its page answer before it blocks in a read. A spin answers
// fastest when the answer comes within it; a blocked thread pays a wake-up (tens of µs here, and on
// two cores the page server's thread then often has to be woken on the other vCPU for the next
// request too); a long spin holds a core the page server and the push need. So the spin follows the
// answers the line gets: twice their typical time, between 50 and 250 µs.
//
// Why it is not fixed: on the lab's 1 Gbit link a page takes 33 µs on the wire, and a fixed 50 µs
// spin blocked on nearly every fault. The next request then took 40-70 µs instead of 10-20 µs to
// reach the page server, and fault p50 was 117-122 µs instead of 75-80 µs. On the unshaped link a
// 100-150 µs spin raised the p99 (capped push) from about 210 to 220-450 µs. Twice the typical
// answer, against 1.5 times, gave a 1 Gbit fault p50 of 84-92 µs against 113-116 µs (interleaved
// runs of the faultLatency bench, on a busy machine).

/** The shortest spin: most answers on an idle loopback pair come within it. */
export const minimumSpinMs = 0.05;
/** The longest: spinning longer held a core that the page server and the push needed. */
export const maximumSpinMs = 0.25;
/** Spin this many times the typical answer time. */
const spinPerTypicalAnswer = 2;
/** How far one answer moves the running median (multiplicatively: every scale converges alike). */
const medianStep = 0.03;

export class AnswerSpin {
  /** Running median of the time from a request to the first byte of its answer (ms). */
  private typicalAnswerMs = minimumSpinMs / spinPerTypicalAnswer;

  /** How long the next wait for an answer spins before it blocks (ms). */
  get spinMs(): number {
    return Math.min(maximumSpinMs, Math.max(minimumSpinMs, spinPerTypicalAnswer * this.typicalAnswerMs));
  }

  /** Takes in how long an answer took (from the request to its first byte). */
  learn(answerMs: number): void {
    const moved = this.typicalAnswerMs * (answerMs > this.typicalAnswerMs ? 1 + medianStep : 1 - medianStep);
    // Kept where it steers the spin, so that a stretch of slow (or fast) answers is forgotten within
    // a hundred faults.
    this.typicalAnswerMs = Math.min(maximumSpinMs, Math.max(minimumSpinMs / 4, moved));
  }
}
