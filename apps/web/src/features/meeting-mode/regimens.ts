/**
 * Regimens by the names clinicians use (the pathway's codes are identifiers, not labels). A code
 * not listed here is shown as it is, so a new pathway regimen is never hidden.
 */
const NAMES: Record<string, string> = {
  FOLFOX: 'FOLFOX',
  CAPOX: 'CAPOX',
  FOLFIRI: 'FOLFIRI',
  FOLFOXIRI: 'FOLFOXIRI',
  FLUOROPYRIMIDINE: 'Fluoropyrimidine alone (5-FU or capecitabine)',
  BEVACIZUMAB: 'Bevacizumab',
  CETUXIMAB: 'Cetuximab',
  PANITUMUMAB: 'Panitumumab',
  ENCORAFENIB_CETUXIMAB: 'Encorafenib + cetuximab',
  TUCATINIB_TRASTUZUMAB: 'Tucatinib + trastuzumab',
  SOTORASIB_PANITUMUMAB: 'Sotorasib + panitumumab',
  PEMBROLIZUMAB: 'Pembrolizumab',
  NIVOLUMAB_IPILIMUMAB: 'Nivolumab + ipilimumab',
  SCRT_5X5: 'Short-course radiotherapy 5 × 5 Gy',
  LCCRT_50GY: 'Long-course chemoradiotherapy 50 Gy',
  PALLIATIVE_RT: 'Palliative radiotherapy',
  CAPOX_3M: 'CAPOX, 3 months',
  CAPOX_6M: 'CAPOX, 6 months',
  FOLFOX_3M: 'FOLFOX, 3 months',
  FOLFOX_6M: 'FOLFOX, 6 months',
  FLUOROPYRIMIDINE_6M: 'Fluoropyrimidine alone, 6 months',
};

export function regimenName(code: string): string {
  return NAMES[code] ?? code;
}
