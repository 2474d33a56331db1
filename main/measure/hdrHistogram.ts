// A High Dynamic Range histogram (after Gil Tene's HdrHistogram): log-linear buckets, so every
// recorded value keeps about 3 significant digits whatever its magnitude, in a fixed, small array.
// Values are integers in microseconds (latencies); fractions are rounded to the nearest microsecond.

/** 2048 sub-buckets per power of two: the width of a bucket is at most 1/1024 of its values. */
const subBucketCountMagnitude = 11;
const subBucketHalfCountMagnitude = subBucketCountMagnitude - 1;
const subBucketHalfCount = 1 << subBucketHalfCountMagnitude;
const subBucketMask = (1 << subBucketCountMagnitude) - 1;

/** One hour in microseconds: nothing proclab times lasts longer; larger values are clamped here. */
export const highestTrackableMicroseconds = 3_600_000_000;

/** Relative precision of any value the histogram reports (half the widest relative bucket width). */
export const histogramRelativePrecision = 1 / subBucketHalfCount;

// Enough buckets that the last one reaches highestTrackableMicroseconds.
const bucketCount = (() => {
  let count = 1;
  let smallestUntrackable = 2 ** subBucketCountMagnitude;
  while (smallestUntrackable <= highestTrackableMicroseconds) {
    smallestUntrackable *= 2;
    count += 1;
  }
  return count;
})();

const countsLength = (bucketCount + 1) * subBucketHalfCount;

/** A histogram as a plain object (safe for postMessage and JSON): only non-empty counts, as pairs. */
export interface SerializedHistogram {
  /** Flattened [countsIndex, count, countsIndex, count, ...]. */
  counts: number[];
  totalCount: number;
  minimum: number;
  maximum: number;
  sum: number;
}

function bitLength(value: number): number {
  // Math.clz32 only sees 32 bits; values here stay below 2^32 (highestTrackableMicroseconds < 2^32).
  return 32 - Math.clz32(value);
}

function countsIndexOf(value: number): number {
  const bucketIndex = bitLength(value | subBucketMask) - subBucketCountMagnitude;
  const subBucketIndex = Math.floor(value / 2 ** bucketIndex);
  return ((bucketIndex + 1) << subBucketHalfCountMagnitude) + (subBucketIndex - subBucketHalfCount);
}

function bucketOfIndex(countsIndex: number): { bucketIndex: number; subBucketIndex: number } {
  let bucketIndex = (countsIndex >> subBucketHalfCountMagnitude) - 1;
  let subBucketIndex = (countsIndex & (subBucketHalfCount - 1)) + subBucketHalfCount;
  if (bucketIndex < 0) {
    subBucketIndex -= subBucketHalfCount;
    bucketIndex = 0;
  }
  return { bucketIndex, subBucketIndex };
}

function lowestEquivalentOfIndex(countsIndex: number): number {
  const { bucketIndex, subBucketIndex } = bucketOfIndex(countsIndex);
  return subBucketIndex * 2 ** bucketIndex;
}

function highestEquivalentOfIndex(countsIndex: number): number {
  const { bucketIndex } = bucketOfIndex(countsIndex);
  return lowestEquivalentOfIndex(countsIndex) + 2 ** bucketIndex - 1;
}

export class HdrHistogram {
  private counts = new Float64Array(countsLength);
  private total = 0;
  private minimumValue = Number.POSITIVE_INFINITY;
  private maximumValue = 0;
  private sumOfValues = 0;

  /** Records `count` occurrences of a value in microseconds. */
  record(microseconds: number, count = 1): void {
    if (!Number.isFinite(microseconds) || count <= 0) return;
    const value = Math.min(highestTrackableMicroseconds, Math.max(0, Math.round(microseconds)));
    this.counts[countsIndexOf(value)]! += count;
    this.total += count;
    this.sumOfValues += value * count;
    if (value < this.minimumValue) this.minimumValue = value;
    if (value > this.maximumValue) this.maximumValue = value;
  }

  get count(): number {
    return this.total;
  }

  /** The exact largest value recorded (0 when empty). */
  get max(): number {
    return this.maximumValue;
  }

  /** The exact smallest value recorded (0 when empty). */
  get min(): number {
    return this.total === 0 ? 0 : this.minimumValue;
  }

  get mean(): number {
    return this.total === 0 ? 0 : this.sumOfValues / this.total;
  }

  /**
   * The value below or at which `percentile` percent of the recorded values fall, within the
   * histogram's precision (0 when empty). Reports the top of the bucket, as HdrHistogram does,
   * but never more than the largest value recorded.
   */
  percentile(percentile: number): number {
    if (this.total === 0) return 0;
    const clamped = Math.min(100, Math.max(0, percentile));
    const rank = Math.max(1, Math.ceil((clamped / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < countsLength; index += 1) {
      const count = this.counts[index]!;
      if (count === 0) continue;
      seen += count;
      if (seen >= rank) {
        return Math.max(this.min, Math.min(this.maximumValue, highestEquivalentOfIndex(index)));
      }
    }
    return this.maximumValue;
  }

  /** Adds every value recorded in `other` (a histogram or its serialized form) to this one. */
  merge(other: HdrHistogram | SerializedHistogram): void {
    const serialized = other instanceof HdrHistogram ? other.serialize() : other;
    for (let pair = 0; pair + 1 < serialized.counts.length; pair += 2) {
      const index = serialized.counts[pair]!;
      if (index < 0 || index >= countsLength) continue;
      this.counts[index]! += serialized.counts[pair + 1]!;
    }
    if (serialized.totalCount === 0) return;
    this.total += serialized.totalCount;
    this.sumOfValues += serialized.sum;
    this.minimumValue = Math.min(this.minimumValue, serialized.minimum);
    this.maximumValue = Math.max(this.maximumValue, serialized.maximum);
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
    this.minimumValue = Number.POSITIVE_INFINITY;
    this.maximumValue = 0;
    this.sumOfValues = 0;
  }

  serialize(): SerializedHistogram {
    const counts: number[] = [];
    for (let index = 0; index < countsLength; index += 1) {
      const count = this.counts[index]!;
      if (count !== 0) counts.push(index, count);
    }
    return { counts, totalCount: this.total, minimum: this.min, maximum: this.maximumValue, sum: this.sumOfValues };
  }

  static fromSerialized(serialized: SerializedHistogram): HdrHistogram {
    const histogram = new HdrHistogram();
    histogram.merge(serialized);
    return histogram;
  }
}
