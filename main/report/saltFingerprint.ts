import { createHash } from 'node:crypto';

/** What `saltFingerprint` gives for a lab without a course salt. */
export const unsaltedFingerprint = 'unsalted';

/**
 * Identifies a salt without revealing it: the first 16 hex digits of its SHA-256. Reports carry
 * this (with the student's variant and in the seal), so an instructor sees which salt a report's
 * variant was derived with.
 */
export function saltFingerprint(salt: string): string {
  if (salt === '') return unsaltedFingerprint;
  return createHash('sha256').update(`proclab-salt/1\n${salt}`, 'utf8').digest('hex').slice(0, 16);
}
