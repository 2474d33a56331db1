import { describe, expect, it } from 'vitest';
import type { LabVariableDefinition } from '../../../main/lab/labDefinition.ts';
import { deriveVariant, normalizeStudentId, variableChoices, variableProblem } from '../../../main/lab/labVariants.ts';
import { saltFingerprint } from '../../../main/report/saltFingerprint.ts';

const serviceTime: LabVariableDefinition = { id: 'service-time', path: 'workload.serviceTime', title: { en: 's', 'pt-BR': 's' }, values: ['10ms', '15ms', '20ms', '25ms', '30ms'], range: { from: 0, to: 0, step: 1, unit: '' } };
const poolSize: LabVariableDefinition = { id: 'pool-size', path: 'servers.1.workers', title: { en: 'p', 'pt-BR': 'p' }, values: [], range: { from: 2, to: 9, step: 1, unit: '' } };
const salt = 'f3a1c9e7-course-salt';
const students = Array.from({ length: 400 }, (_, index) => `2025${String(index).padStart(5, '0')}`);

describe('per-student variants', () => {
  it('expands ranges with their unit, without binary fractions', () => {
    expect(variableChoices(poolSize)).toEqual(['2', '3', '4', '5', '6', '7', '8', '9']);
    expect(variableChoices({ ...poolSize, range: { from: 0.1, to: 0.5, step: 0.1, unit: 'ms' } })).toEqual(['0.1ms', '0.2ms', '0.3ms', '0.4ms', '0.5ms']);
    expect(variableProblem({ ...poolSize, range: { from: 0, to: 0, step: 1, unit: '' } })).toMatch(/needs values/);
    expect(variableProblem({ ...poolSize, range: { from: 5, to: 2, step: 1, unit: '' } })).toMatch(/at least range.from/);
  });

  it('gives a student the same values every time, and the id as typed does not matter', () => {
    const first = deriveVariant('lab', normalizeStudentId(' A2025001 ')!, salt, [serviceTime, poolSize]);
    for (let repeat = 0; repeat < 5; repeat += 1) expect(deriveVariant('lab', 'a2025001', salt, [serviceTime, poolSize])).toEqual(first);
    expect(first.map((value) => value.path)).toEqual(['workload.serviceTime', 'servers.1.workers']);
  });

  it('spreads students over every value, close to evenly, and independently per variable', () => {
    const counts = new Map<string, number>();
    const pairs = new Set<string>();
    for (const student of students) {
      const [time, pool] = deriveVariant('lab', student, salt, [serviceTime, poolSize]);
      counts.set(time!.value, (counts.get(time!.value) ?? 0) + 1);
      pairs.add(`${time!.value}/${pool!.value}`);
    }
    expect([...counts.keys()].sort()).toEqual([...serviceTime.values].sort());
    // 400 students over 5 values: 80 each expected; a fair spread stays well inside 50-110.
    for (const count of counts.values()) expect(count).toBeGreaterThan(50), expect(count).toBeLessThan(110);
    expect(pairs.size).toBe(40);
  });

  it('changes with the salt and the lab, so another course or lab gives other values', () => {
    const variant = (labId: string, courseSalt: string) => students.slice(0, 50).map((student) => deriveVariant(labId, student, courseSalt, [serviceTime])[0]!.value).join();
    expect(variant('lab', salt)).not.toBe(variant('lab', 'another salt'));
    expect(variant('lab', salt)).not.toBe(variant('other-lab', salt));
  });

  it('names a salt by a fingerprint that does not contain it', () => {
    expect(saltFingerprint(salt)).toMatch(/^[0-9a-f]{16}$/);
    expect(saltFingerprint(salt)).not.toContain(salt.slice(0, 6));
    expect(saltFingerprint('')).toBe('unsalted');
  });

  it('refuses what is not a student id', () => {
    expect(normalizeStudentId('')).toBeUndefined();
    expect(normalizeStudentId('a b')).toBeUndefined();
    expect(normalizeStudentId('<script>')).toBeUndefined();
    expect(normalizeStudentId('ana.silva@uni.br')).toBe('ana.silva@uni.br');
  });
});
