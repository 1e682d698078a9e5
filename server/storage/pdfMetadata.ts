/**
 * PDF documents lose their metadata before they are kept (issue #15 §3, docs/encryption.md): the
 * document information dictionary (author — often the person's name —, title, creator program, dates)
 * and XMP metadata streams, wherever they hang. pdf-lib parses the file and writes it again without them,
 * and without adding its own "Producer" (`updateMetadata: false`). Pages, text and pictures are untouched.
 */
import type * as PdfLib from 'pdf-lib';

/** pdf-lib, loaded with the first PDF: it costs ~0.5 s of start-up that most processes never need. */
function pdfLib(): typeof PdfLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('pdf-lib') as typeof PdfLib;
}

/** Whether files of `mime` are rewritten without metadata by pdf-lib. */
export function hasPdfMetadataRemoved(mime: string): boolean {
  return mime === 'application/pdf';
}

/** The document `input` without its information dictionary and XMP streams. Throws when pdf-lib cannot read it (encrypted, damaged). */
export async function pdfWithoutMetadata(input: Buffer): Promise<Buffer> {
  // A PDF ends with its cross-reference pointer and %%EOF. Without them pdf-lib scans the whole file
  // looking for objects (15 s of CPU for 5 MB of noise on this machine) only to fail: refuse at once.
  const end = input.subarray(Math.max(0, input.length - 2048)).toString('latin1');
  if (!end.includes('startxref') || !end.includes('%%EOF')) throw new Error('not a complete PDF: no trailer at its end');
  const { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } = pdfLib();
  const METADATA = PDFName.of('Metadata');
  const TYPE = PDFName.of('Type');
  const doc = await PDFDocument.load(input, { updateMetadata: false });
  const { context } = doc;
  const info = context.trailerInfo.Info;
  if (info instanceof PDFRef) context.delete(info);
  context.trailerInfo.Info = undefined;
  // XMP hangs from the catalog, and may hang from pages, fonts or pictures too: every /Metadata goes,
  // and so does every stream typed /Metadata, referenced or left over from an earlier revision.
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
    if (!dict) continue;
    if (object instanceof PDFRawStream && dict.get(TYPE) === METADATA) {
      context.delete(ref);
      continue;
    }
    const xmp = dict.get(METADATA);
    if (xmp instanceof PDFRef) context.delete(xmp);
    if (xmp) dict.delete(METADATA);
  }
  return Buffer.from(await doc.save({ updateFieldAppearances: false }));
}
