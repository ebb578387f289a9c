import { useEffect, useState, type ReactNode } from 'react';
import type { Provenance } from '../../../../types';
import { PdfDownload } from '../../../../components/PdfDownload';

/** JSON (the document shown) and PDF (fetched with the bearer token), offered as blob links. */
export function Exports({ provenance }: { provenance: Provenance }): ReactNode {
  const name = `provenance-${provenance.case.reference}-v${provenance.recommendation.draftVersion}`;
  const [jsonUrl] = useState(() =>
    URL.createObjectURL(new Blob([JSON.stringify(provenance, null, 2)], { type: 'application/json' })),
  );
  useEffect(() => () => URL.revokeObjectURL(jsonUrl), [jsonUrl]);

  return (
    <div className="inline-form" data-testid="provenance-exports">
      <a href={jsonUrl} download={`${name}.json`}>
        Download JSON
      </a>
      <PdfDownload
        path={`/audit/recommendations/${encodeURIComponent(provenance.recommendation.id)}/provenance.pdf`}
        fileName={`${name}.pdf`}
        label="Export as PDF"
      />
    </div>
  );
}
