/**
 * What a page prints: Chromium prints it to PDF with its print styles, as the browser's "Print" does,
 * and the PDF's text is read back with unpdf (pdf.js), so a test sees what would be on paper.
 */
import type { Page } from 'playwright-core';
import { extractText, getDocumentProxy } from 'unpdf';

/** The printed text of the page (A4), with runs of white space made single spaces, and its page count. */
export async function printedText(page: Page): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(await page.pdf({ format: 'A4' })));
  const { totalPages, text } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, ' ').trim(), pages: totalPages };
}
