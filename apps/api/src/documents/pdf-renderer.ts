import PdfPrinter from 'pdfmake';
import vfs from 'pdfmake/build/vfs_fonts';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

/** pdfmake's bundled Roboto (Latin, Greek, Cyrillic and the usual symbols), so names like Müller print as written. */
const font = (file: string): Buffer => Buffer.from(vfs[file] ?? '', 'base64');
let printer: PdfPrinter | null = null;

/** Renders a pdfmake document definition to PDF bytes (pure JavaScript: no browser). */
export function renderPdf(definition: TDocumentDefinitions): Promise<Buffer> {
  printer ??= new PdfPrinter({
    Roboto: {
      normal: font('Roboto-Regular.ttf'),
      bold: font('Roboto-Medium.ttf'),
      italics: font('Roboto-Italic.ttf'),
      bolditalics: font('Roboto-MediumItalic.ttf'),
    },
  });
  const document = printer.createPdfKitDocument({
    defaultStyle: { font: 'Roboto', fontSize: 10 },
    pageMargins: [48, 56, 48, 56],
    ...definition,
  });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    document.on('data', (chunk: Buffer) => chunks.push(chunk));
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
    document.end();
  });
}

/** The styles both documents share. */
export const STYLES: TDocumentDefinitions['styles'] = {
  title: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] },
  subtitle: { fontSize: 10, color: '#555555', margin: [0, 0, 0, 12] },
  section: { fontSize: 12, bold: true, margin: [0, 12, 0, 4] },
  tableHeader: { bold: true, fillColor: '#eeeeee' },
  small: { fontSize: 8, color: '#555555' },
};

/** A table with a header row; every cell is text. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], widths?: (string | number)[]) {
  return {
    table: {
      headerRows: 1,
      widths: widths ?? header.map(() => '*'),
      body: [
        header.map((text) => ({ text, style: 'tableHeader' })),
        ...rows.map((row) => row.map((text) => ({ text }))),
      ],
    },
    layout: 'lightHorizontalLines',
    margin: [0, 2, 0, 6] as [number, number, number, number],
  };
}
