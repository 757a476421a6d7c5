/**
 * Joins finished PDFs into one, page by page. The whole-school file of order forms is the class
 * files one after the other: pdfkit can only draw, so it used to draw every form a second time;
 * copying the class files' pages (pdf-lib copies the page objects and what they use — fonts,
 * proof images — without redrawing or re-encoding anything) costs a fraction of that.
 */
import { PDFDocument } from 'pdf-lib';

export async function mergePdfs(
  parts: readonly Uint8Array[],
  info: { title: string; author: string },
): Promise<Buffer> {
  // No metadata of pdf-lib's own (producer, creator): nothing on a family's document names a tool
  // or a studio (circulaire 2003-091), the same as the class files pdfkit writes.
  const out = await PDFDocument.create({ updateMetadata: false });
  for (const part of parts) {
    const source = await PDFDocument.load(part, { updateMetadata: false });
    const pages = await out.copyPages(source, source.getPageIndices());
    for (const page of pages) out.addPage(page);
  }
  out.setTitle(info.title);
  out.setAuthor(info.author);
  out.setCreationDate(new Date());
  return Buffer.from(await out.save({ useObjectStreams: true }));
}
