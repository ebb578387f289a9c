import { describe, expect, it } from 'vitest';
import { screenOf } from './api';

describe('screenOf', () => {
  it.each([
    ['', 'home'],
    ['#/', 'home'],
    ['#/cases/3f2a', 'case-view'],
    ['#/cases/new', 'case-intake'],
    ['#/cases/3f2a/edit', 'case-edit'],
    ['#/meeting/9b1c', 'meeting-mode'],
    ['#/meetings/9b1c/attendance', 'attendance'],
    ['#/audit', 'audit'],
    ['#/audit/reads/patient/1a2b', 'audit'],
    ['#/audit/provenance/7c8d', 'provenance'],
    ['#/reports', 'reports'],
    ['#/notifications', 'notifications'],
  ])('names the screen of %s as %s (the header the audit trail records with each read)', (hash, screen) => {
    expect(screenOf(hash)).toBe(screen);
  });
});
