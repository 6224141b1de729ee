/** The images of an image table being built, by repository and digest: how the readers catch an image listed twice. */
import type { ImageTableBuilder } from "./image-table";

/**
 * A hash of an image's digest and repository. A sha256 digest's hex digits are as good as random (or count up, in
 * made-up input), so its last 12 are enough; other digests are hashed whole.
 */
function imageHash(digest: string, repository: number): number {
  const n = digest.length;
  let h = Math.imul(repository + 1, 0x9e3779b1);
  for (let i = n === 71 && digest.startsWith("sha256:") ? n - 12 : 0; i < n; i += 1) {
    h = Math.imul(h ^ digest.charCodeAt(i), 0x01000193);
  }
  return h ^ (h >>> 15);
}

/** An open-addressing hash set of a table's images, kept at most half full, beside the {@link ImageTableBuilder}. */
export class ImageIndex {
  // Each slot holds an image's index in the table plus 1, or 0 when empty, and the image's hash, compared before the
  // digests (which share their first 59 characters in made-up input).
  private slots = new Int32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);

  constructor(private readonly table: ImageTableBuilder) {}

  /**
   * The table index of the image of the repository with the digest when one was added before; else -1, having
   * reserved the table's next index for this image, which the caller then adds.
   */
  firstOf(repository: number, digest: string): number {
    const table = this.table;
    if (2 * (table.length + 1) > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    const hash = imageHash(digest, repository);
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const slot = this.slots[s];
      if (slot === 0) {
        this.slots[s] = table.length + 1;
        this.hashes[s] = hash;
        return -1;
      }
      const first = slot - 1;
      if (this.hashes[s] === hash && table.digestOf(first) === digest && table.repositoryOf(first) === repository) {
        return first;
      }
    }
  }

  /** Doubles the hash set. */
  private grow(): void {
    const [slots, hashes] = [this.slots, this.hashes];
    this.slots = new Int32Array(slots.length * 2);
    this.hashes = new Int32Array(slots.length * 2);
    const mask = this.slots.length - 1;
    for (let old = 0; old < slots.length; old += 1) {
      if (slots[old] === 0) continue;
      let s = hashes[old] & mask;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = slots[old];
      this.hashes[s] = hashes[old];
    }
  }
}
