/**
 * Building {@link ImageTable}s, and converting between them and {@link CachedImage} lists (the readable form tests and
 * small callers use).
 */
import { type CachedImage, IMAGE_STATUSES, type ImageStatus, type ImageTable, type Tags } from "./image";

/** Collects images into an {@link ImageTable}, one at a time. */
export class ImageTableBuilder {
  private readonly repositories: string[] = [];
  private readonly repositoryIds = new Map<string, number>();
  // The repository of the image added last: most inputs list one repository at a time.
  private lastName: string | undefined;
  private lastId = -1;
  private readonly digests: string[] = [];
  private readonly tags: Tags[] = [];
  // The number columns, with room for `capacity` images, doubled when full.
  private capacity = 1024;
  private repository = new Int32Array(this.capacity);
  private sizes = new Float64Array(this.capacity);
  private pushedAt = new Float64Array(this.capacity);
  private pulledAt = new Float64Array(this.capacity);
  private archivedAt = new Float64Array(this.capacity);
  private activatedAt = new Float64Array(this.capacity);
  private status = new Uint8Array(this.capacity);

  /** How many images were added. */
  get length(): number {
    return this.digests.length;
  }

  /** The index of a repository in the table's `repositories`, added when new. */
  repositoryId(name: string): number {
    if (name === this.lastName) return this.lastId;
    let id = this.repositoryIds.get(name);
    if (id === undefined) {
      id = this.repositories.length;
      this.repositories.push(name);
      this.repositoryIds.set(name, id);
    }
    this.lastName = name;
    this.lastId = id;
    return id;
  }

  /** A repository's name, by its index. */
  repositoryName(id: number): string {
    return this.repositories[id];
  }

  /** The repository (its index) of the image added i-th. */
  repositoryOf(i: number): number {
    return this.repository[i];
  }

  /** The digest of the image added i-th. */
  digestOf(i: number): string {
    return this.digests[i];
  }

  /** Adds an image; times in milliseconds since the epoch, NaN when absent; `status` indexes IMAGE_STATUSES. */
  add(
    repository: number,
    digest: string,
    tags: readonly string[],
    size: number,
    pushedAt: number,
    pulledAt: number,
    archivedAt: number,
    activatedAt: number,
    status: number,
  ): void {
    const i = this.digests.length;
    if (i === this.capacity) this.grow();
    this.digests.push(digest);
    this.tags.push(tags.length === 1 ? tags[0] : tags);
    this.repository[i] = repository;
    this.sizes[i] = size;
    this.pushedAt[i] = pushedAt;
    this.pulledAt[i] = pulledAt;
    this.archivedAt[i] = archivedAt;
    this.activatedAt[i] = activatedAt;
    this.status[i] = status;
  }

  /** Adds an image given as an object; `repository` is its repository's index, when the caller has it. */
  addImage(image: CachedImage, repository = this.repositoryId(image.repositoryName)): void {
    this.add(
      repository,
      image.imageDigest,
      image.imageTags,
      image.imageSizeInBytes,
      image.imagePushedAt,
      image.lastRecordedPullTime ?? NaN,
      image.lastArchivedAt ?? NaN,
      image.lastActivatedAt ?? NaN,
      IMAGE_STATUSES.indexOf(image.imageStatus),
    );
  }

  private grow(): void {
    this.capacity *= 2;
    const larger = <T extends Int32Array | Float64Array | Uint8Array>(column: T): T => {
      const copy = new (column.constructor as new (n: number) => T)(this.capacity);
      copy.set(column);
      return copy;
    };
    this.repository = larger(this.repository);
    this.sizes = larger(this.sizes);
    this.pushedAt = larger(this.pushedAt);
    this.pulledAt = larger(this.pulledAt);
    this.archivedAt = larger(this.archivedAt);
    this.activatedAt = larger(this.activatedAt);
    this.status = larger(this.status);
  }

  /** The table of the images added. */
  build(): ImageTable {
    const n = this.digests.length;
    return {
      length: n,
      repositories: this.repositories,
      repository: this.repository.subarray(0, n),
      digests: this.digests,
      tags: this.tags,
      sizes: this.sizes.subarray(0, n),
      pushedAt: this.pushedAt.subarray(0, n),
      pulledAt: this.pulledAt.subarray(0, n),
      archivedAt: this.archivedAt.subarray(0, n),
      activatedAt: this.activatedAt.subarray(0, n),
      status: this.status.subarray(0, n),
    };
  }
}

/** The table of a list of images, in its order. */
export function tableOf(images: readonly CachedImage[]): ImageTable {
  const builder = new ImageTableBuilder();
  for (const image of images) builder.addImage(image);
  return builder.build();
}

/** An image's tags as a list. */
function tagList(tags: Tags): readonly string[] {
  return typeof tags === "string" ? [tags] : tags;
}

/** The images of a table as objects, in its order; a time that is NaN in the table is left out. */
export function imagesOf(table: ImageTable): CachedImage[] {
  const images: CachedImage[] = [];
  for (let i = 0; i < table.length; i += 1) {
    const image: { -readonly [K in keyof CachedImage]: CachedImage[K] } = {
      repositoryName: table.repositories[table.repository[i]],
      imageDigest: table.digests[i],
      imageTags: tagList(table.tags[i]),
      imageSizeInBytes: table.sizes[i],
      imagePushedAt: table.pushedAt[i],
      imageStatus: IMAGE_STATUSES[table.status[i]] as ImageStatus,
    };
    if (!Number.isNaN(table.pulledAt[i])) image.lastRecordedPullTime = table.pulledAt[i];
    if (!Number.isNaN(table.archivedAt[i])) image.lastArchivedAt = table.archivedAt[i];
    if (!Number.isNaN(table.activatedAt[i])) image.lastActivatedAt = table.activatedAt[i];
    images.push(image);
  }
  return images;
}

/** `column[rows[k]]` for each k, as a new column (one function per column type keeps each loop fast). */
export function pickFloat64(column: Float64Array, rows: ArrayLike<number>): Float64Array {
  const picked = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k += 1) picked[k] = column[rows[k]];
  return picked;
}

/** See {@link pickFloat64}. */
export function pickInt32(column: Int32Array, rows: ArrayLike<number>): Int32Array {
  const picked = new Int32Array(rows.length);
  for (let k = 0; k < rows.length; k += 1) picked[k] = column[rows[k]];
  return picked;
}

/** See {@link pickFloat64}. */
export function pickUint8(column: Uint8Array, rows: ArrayLike<number>): Uint8Array {
  const picked = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k += 1) picked[k] = column[rows[k]];
  return picked;
}

/** The table of some rows of a table, in the order given (`repositories` stays the same). */
export function rowsOf(table: ImageTable, rows: ArrayLike<number>): ImageTable {
  const n = rows.length;
  const digests = new Array<string>(n);
  const tags = new Array<Tags>(n);
  for (let k = 0; k < n; k += 1) {
    digests[k] = table.digests[rows[k]];
    tags[k] = table.tags[rows[k]];
  }
  return {
    length: n,
    repositories: table.repositories,
    repository: pickInt32(table.repository, rows),
    digests,
    tags,
    sizes: pickFloat64(table.sizes, rows),
    pushedAt: pickFloat64(table.pushedAt, rows),
    pulledAt: pickFloat64(table.pulledAt, rows),
    archivedAt: pickFloat64(table.archivedAt, rows),
    activatedAt: pickFloat64(table.activatedAt, rows),
    status: pickUint8(table.status, rows),
  };
}

/** The table of one repository's images, in the table's order. */
function repositoryTable(table: ImageTable, id: number): ImageTable {
  const picked: number[] = [];
  for (let i = 0; i < table.length; i += 1) if (table.repository[i] === id) picked.push(i);
  return {
    ...rowsOf(table, picked),
    repositories: [table.repositories[id]],
    repository: new Int32Array(picked.length),
  };
}

/** A table per repository, in order of first appearance; the table itself when it holds one repository. */
export function byRepository(table: ImageTable): ImageTable[] {
  if (table.repositories.length === 1) return [table];
  return table.repositories.map((_, id) => repositoryTable(table, id));
}
