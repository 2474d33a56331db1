import { ref, watch } from 'vue';
import { readStored, removeStored, writeStored } from './localStore.ts';

// The student id is kept in this window's settings; the core derives the variant from it and
// records it with each run. The same rule as the core's, so the field can say at once what is wrong.
const studentIdKey = 'proclab.studentId';
const studentIdPattern = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export function normalizeStudentId(text: string): string | null {
  const normalized = text.normalize('NFC').trim().toLowerCase();
  return studentIdPattern.test(normalized) ? normalized : null;
}

function initialStudentId(): string | null {
  const stored = readStored(studentIdKey);
  return stored === null ? null : normalizeStudentId(stored);
}

/** The student id, or null before the student has entered one. */
export const studentId = ref<string | null>(initialStudentId());

watch(studentId, (value) => {
  if (value === null) removeStored(studentIdKey);
  else writeStored(studentIdKey, value);
});
