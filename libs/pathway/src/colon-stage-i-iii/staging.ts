/**
 * Stage grouping of colon cancer from pT and pN, UICC/AJCC TNM 8th edition (colon and rectum),
 * for M0 disease. Subcategories the table needs: T4a/T4b, N1 (a, b, c), N2a/N2b.
 */
import type { TnmNCategory, TnmTCategory } from '../core/vocabulary';
import type { ColonStageGroup } from './codes';

/** T categories this pathway stages (T4 without a subcategory is grouped as T4a). */
export const COLON_T_CATEGORIES = ['T1', 'T2', 'T3', 'T4', 'T4a', 'T4b'] as const satisfies readonly TnmTCategory[];
/** N categories this pathway stages (N2 without a subcategory is grouped as N2b). */
export const COLON_N_CATEGORIES = [
  'N0',
  'N1',
  'N1a',
  'N1b',
  'N1c',
  'N2',
  'N2a',
  'N2b',
] as const satisfies readonly TnmNCategory[];
export type ColonTCategory = (typeof COLON_T_CATEGORIES)[number];
export type ColonNCategory = (typeof COLON_N_CATEGORIES)[number];

type T = 'T1' | 'T2' | 'T3' | 'T4a' | 'T4b';
type N = 'N0' | 'N1' | 'N2a' | 'N2b';

/** Rows T1..T4b, columns N0, N1 (incl. N1c), N2a, N2b (AJCC 8, colon and rectum, M0). */
const STAGE_TABLE: Record<T, Record<N, ColonStageGroup>> = {
  T1: { N0: 'I', N1: 'IIIA', N2a: 'IIIA', N2b: 'IIIB' },
  T2: { N0: 'I', N1: 'IIIA', N2a: 'IIIB', N2b: 'IIIB' },
  T3: { N0: 'IIA', N1: 'IIIB', N2a: 'IIIB', N2b: 'IIIC' },
  T4a: { N0: 'IIB', N1: 'IIIB', N2a: 'IIIC', N2b: 'IIIC' },
  T4b: { N0: 'IIC', N1: 'IIIC', N2a: 'IIIC', N2b: 'IIIC' },
};

/** True for pT4 (any subcategory): a high-risk feature. */
export function isT4(t: ColonTCategory): boolean {
  return t.startsWith('T4');
}

/** True for N2 (any subcategory). */
export function isN2(n: ColonNCategory): boolean {
  return n.startsWith('N2');
}

/**
 * The stage group of an M0 colon cancer from T and N (UICC/AJCC 8th). Source: TNM 8th edition.
 * Library tolerances: T4 without a/b is grouped as T4a, N2 without a/b as N2b (the higher group).
 */
export function colonStageGroup(t: ColonTCategory, n: ColonNCategory): ColonStageGroup {
  const row: T = t === 'T4' ? 'T4a' : t;
  const column: N = n === 'N0' ? 'N0' : n === 'N2a' ? 'N2a' : isN2(n) ? 'N2b' : 'N1';
  return STAGE_TABLE[row][column];
}

/** The Roman stage (I, II or III) of a stage group. */
export function colonStage(group: ColonStageGroup): 'I' | 'II' | 'III' {
  return group.startsWith('III') ? 'III' : group.startsWith('II') ? 'II' : 'I';
}
