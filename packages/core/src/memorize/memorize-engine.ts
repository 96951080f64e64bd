import type { Engine } from "../engine/engine.js";
import type { MemoryExtractor, ResourceLoader } from "../ports/index.js";
import type { FfmpegTools } from "./media/video.js";
import type { SegmentLimits } from "./model-extract.js";

/** The engine with the settings only memorize reads. */
export interface MemorizeEngine extends Engine {
  /** A custom extractor, or the rule extractor when no chat model is configured; unset means model extraction. */
  readonly extractor: MemoryExtractor | undefined;
  readonly loader: ResourceLoader;
  readonly segments: SegmentLimits;
  /** Vector similarity from which a new memory is checked against a stored one by the reconcile step. */
  readonly reconcileSimilarity: number;
  readonly ffmpeg: FfmpegTools;
  /** The most bytes of inline content one memorize takes. */
  readonly maxContentBytes: number;
}
