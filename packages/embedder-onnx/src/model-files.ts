import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { MemographError } from "@memograph/core";

/** The files the embedder reads, all from one folder; `scripts/fetch-model` puts them there. */
export const MODEL_FILES = ["model.onnx", "tokenizer.json", "tokenizer_config.json"] as const;

/** The package's own `model/` folder: filled at install time in the repository, shipped inside the npm package. */
export const DEFAULT_MODEL_DIR = fileURLToPath(new URL("../model/", import.meta.url));

/** The embedder's weights or tokenizer are not where it was told to look. Never replaced by another embedder. */
export class ModelFilesMissingError extends MemographError {
  readonly missing: readonly string[];

  constructor(dir: string, missing: readonly string[]) {
    super(
      "MODEL_FILES_MISSING",
      `The ONNX embedder's files are missing from ${dir}: ${missing.join(", ")}. In a clone of memograph run ` +
        "./scripts/setup (or packages/embedder-onnx/scripts/fetch-model); an installed @memograph/embedder-onnx carries them.",
      { field: "modelDir" },
    );
    this.name = "ModelFilesMissingError";
    this.missing = missing;
  }
}

/** The absolute paths of the model's files in `dir`; throws ModelFilesMissingError naming each one absent. */
export function modelFiles(dir: string): Record<(typeof MODEL_FILES)[number], string> {
  const resolved = path.resolve(dir);
  const missing = MODEL_FILES.filter((file) => !existsSync(path.join(resolved, file)));
  if (missing.length > 0) throw new ModelFilesMissingError(resolved, missing);
  return Object.fromEntries(MODEL_FILES.map((file) => [file, path.join(resolved, file)])) as Record<(typeof MODEL_FILES)[number], string>;
}
