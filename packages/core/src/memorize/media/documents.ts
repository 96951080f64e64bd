import { convert } from "html-to-text";
import { extractText, getDocumentProxy } from "unpdf";
import { ResourceUnreadableError } from "../../errors/index.js";

export function isPdf(bytes: Uint8Array, uri: string): boolean {
  return uri.toLowerCase().endsWith(".pdf") || new TextDecoder().decode(bytes.subarray(0, 5)) === "%PDF-";
}

export function isHtml(text: string, uri: string, mediaType: string | undefined): boolean {
  return /\.html?$/i.test(new URL(uri, "file:///").pathname) || mediaType?.startsWith("text/html") === true || /^\s*(<!doctype html|<html[\s>])/i.test(text);
}

/** The readable text of an HTML page (html-to-text): headings, paragraphs and lists, no markup or scripts. */
export function htmlText(html: string): string {
  return convert(html, { wordwrap: false, selectors: [{ selector: "a", options: { ignoreHref: true } }, { selector: "img", format: "skip" }] });
}

/** The text of each page of a PDF (PDF.js through unpdf), pages separated by form feeds. */
export async function pdfText(bytes: Uint8Array, uri: string): Promise<{ text: string; pages: number }> {
  try {
    const pdf = await getDocumentProxy(new Uint8Array(bytes));
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    return { text: text.map((page) => page.trim()).join("\n\f\n"), pages: totalPages };
  } catch (cause) {
    throw new ResourceUnreadableError(`${uri}: not a readable PDF (${(cause as Error).message})`, { cause });
  }
}
