import type { ReactNode } from 'react';
import { BIOMARKER_METHODS, COMMON_MORPHOLOGIES, COMMON_PRIMARY_SITES, KNOWN_BIOMARKERS } from '@consilium/pathway';

/** The suggestions of the free-text code inputs (any other value may be typed). */
export function CaseFormDatalists(): ReactNode {
  return (
    <>
      <datalist id="primary-sites">
        {COMMON_PRIMARY_SITES.map((site) => (
          <option key={site.code} value={site.code}>
            {site.label}
          </option>
        ))}
      </datalist>
      <datalist id="morphologies">
        {COMMON_MORPHOLOGIES.map((morphology) => (
          <option key={morphology.code} value={morphology.code}>
            {morphology.label}
          </option>
        ))}
      </datalist>
      <datalist id="biomarker-markers">
        {KNOWN_BIOMARKERS.map((marker) => (
          <option key={marker.code} value={marker.code}>
            {marker.label}
          </option>
        ))}
      </datalist>
      <datalist id="biomarker-methods">
        {BIOMARKER_METHODS.map((method) => (
          <option key={method} value={method} />
        ))}
      </datalist>
    </>
  );
}
