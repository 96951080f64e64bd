import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

async function ffmpeg(args: string[]): Promise<void> {
  await run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", ...args]);
}

/** A 64×64 red PNG. */
export async function makeImage(dir: string): Promise<string> {
  const file = path.join(dir, "red-square.png");
  await ffmpeg(["-f", "lavfi", "-i", "color=c=red:s=64x64", "-frames:v", "1", file]);
  return file;
}

/** Speech synthesised by ffmpeg's flite filter, as a 16 kHz mono WAV. */
export async function makeSpeech(dir: string, text: string): Promise<string> {
  const file = path.join(dir, "speech.wav");
  await ffmpeg(["-f", "lavfi", "-i", `flite=text='${text.replace(/'/g, "")}'`, "-ar", "16000", "-ac", "1", file]);
  return file;
}

/** A test-pattern video of `seconds` with a spoken audio track. */
export async function makeVideo(dir: string, seconds: number, text: string): Promise<string> {
  const file = path.join(dir, "clip.mp4");
  await ffmpeg([
    "-f", "lavfi", "-i", `testsrc=duration=${seconds}:size=160x120:rate=10`,
    "-f", "lavfi", "-i", `flite=text='${text.replace(/'/g, "")}'`,
    "-af", "apad", "-t", String(seconds), "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", file,
  ]);
  return file;
}

/** A PDF whose pages each show one line of text (hand-built: one font, one content stream per page). */
export async function makePdf(dir: string, pages: readonly string[]): Promise<string> {
  const objects: string[] = [];
  const pageIds = pages.map((_, index) => 4 + index * 2);
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  pages.forEach((line, index) => {
    const stream = `BT /F1 12 Tf 50 700 Td (${line.replace(/[()\\]/g, "")}) Tj ET`;
    objects[pageIds[index]!] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[index]! + 1} 0 R >>`;
    objects[pageIds[index]! + 1] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  });
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id += 1) {
    offsets[id] = body.length;
    body += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.slice(1).map((offset) => `${String(offset).padStart(10, "0")} 00000 n \n`).join("")}`;
  body += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  const file = path.join(dir, "notes.pdf");
  await writeFile(file, body, "latin1");
  return file;
}
