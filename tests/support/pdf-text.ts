import { decodePDFRawStream, PDFArray, PDFDocument, type PDFPage, PDFRawStream } from 'pdf-lib';

// The text drawn on each page of a PDF made with pdf-lib's standard fonts: the page content
// streams are inflated and their text operators decoded (pdf-lib writes each string as hex of
// its WinAnsi bytes). Enough to check what a person would read on the page, without a PDF reader.

function contentStreams(page: PDFPage): PDFRawStream[] {
  const contents = page.node.Contents();
  if (!contents) return [];
  const items = contents instanceof PDFArray ? contents.asArray() : [contents];
  return items
    .map((ref) => page.doc.context.lookup(ref))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream);
}

export async function pdfPagesText(bytes: Uint8Array): Promise<string[]> {
  const doc = await PDFDocument.load(bytes);
  return doc.getPages().map((page) =>
    contentStreams(page)
      .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
      .flatMap((ops) =>
        [...ops.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) =>
          Buffer.from(m[1] ?? '', 'hex').toString('latin1'),
        ),
      )
      .join('\n'),
  );
}

export async function pdfText(bytes: Uint8Array): Promise<string> {
  return (await pdfPagesText(bytes)).join('\n');
}
