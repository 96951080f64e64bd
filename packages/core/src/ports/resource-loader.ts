/** A reference to load: a local path or a URL. */
export interface ResourceReference {
  readonly uri: string;
}

export interface LoadedResource {
  /** The canonical form of the reference (absolute path or normalised URL). */
  readonly uri: string;
  readonly bytes: Uint8Array;
  readonly mediaType: string | undefined;
}

/** Turns a reference into bytes, refusing what its policy does not allow. */
export interface ResourceLoader {
  load(reference: ResourceReference): Promise<LoadedResource>;
}
