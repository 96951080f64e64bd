export { OnnxEmbedder, type OnnxEmbedderOptions } from "./onnx-embedder.js";
export { DEFAULT_MODEL_DIR, MODEL_FILES, ModelFilesMissingError } from "./model-files.js";
