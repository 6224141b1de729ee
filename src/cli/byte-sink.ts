/**
 * Output written piece by piece into one reused chunk of bytes, handed on whenever it is full: a report of 100,000
 * rows is written without a string per row, and without fresh memory per chunk. Strings per row, and a chunk per
 * write, cost more time (building and joining the strings, and collecting them) than anything else in the report.
 */

/** The chunk size. */
const CHUNK_BYTES = 64 * 1024;

/** Strings up to this length are copied by {@link ByteSink.text} itself. */
const SHORT = 32;
const NEWLINE = 10;
const QUOTE = 34;
const BACKSLASH = 92;
const SPACE = 32;
const ZERO = 48;

/** Writes text as UTF-8 into chunks and hands each full chunk to `write`; call {@link ByteSink.flush} at the end. */
export class ByteSink {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;

  /** @param write writes each chunk before it returns: the sink reuses the chunk's memory */
  constructor(private readonly write: (bytes: Uint8Array) => void) {}

  /** Writes a string as UTF-8. */
  text(s: string): void {
    const n = s.length;
    if (this.at + 3 * n > CHUNK_BYTES) {
      this.flush();
      if (3 * n > CHUNK_BYTES) {
        this.write(Buffer.from(s, "utf8"));
        return;
      }
    }
    // A short string is copied here, a character at a time, while it is ASCII: cheaper than a call into Node's
    // encoder, which writes the rest.
    let i = 0;
    if (n <= SHORT) {
      const chunk = this.chunk;
      let at = this.at;
      for (; i < n; i += 1) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        chunk[at] = c;
        at += 1;
      }
      this.at = at;
      if (i === n) return;
    }
    this.at += this.chunk.write(i === 0 ? s : s.slice(i), this.at);
  }

  /** Writes the first `n` characters of a string (at most its length) as UTF-8, as `text(s.slice(0, n))` does. */
  prefix(s: string, n: number): void {
    if (n > SHORT || this.at + n > CHUNK_BYTES) return this.text(s.slice(0, n));
    const chunk = this.chunk;
    let at = this.at;
    let i = 0;
    for (; i < n && i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      chunk[at] = c;
      at += 1;
    }
    this.at = at;
    if (i < n && i < s.length) this.text(s.slice(i, n));
  }

  /** Writes a string as `JSON.stringify` does. */
  jsonString(s: string): void {
    const n = s.length;
    if (n <= SHORT * 4 && this.at + n + 2 <= CHUNK_BYTES) {
      // Plain printable ASCII needs no escapes: copied between quotes here, the rest left to JSON.stringify.
      const chunk = this.chunk;
      let at = this.at;
      chunk[at] = QUOTE;
      at += 1;
      let i = 0;
      for (; i < n; i += 1) {
        const c = s.charCodeAt(i);
        if (c < 0x20 || c >= 0x7f || c === QUOTE || c === BACKSLASH) break;
        chunk[at] = c;
        at += 1;
      }
      if (i === n) {
        chunk[at] = QUOTE;
        this.at = at + 1;
        return;
      }
    }
    this.text(JSON.stringify(s));
  }

  /** Writes bytes made once (a piece that repeats on every row). */
  bytes(b: Uint8Array): void {
    if (this.at + b.length > CHUNK_BYTES) {
      this.flush();
      if (b.length > CHUNK_BYTES) {
        this.write(b);
        return;
      }
    }
    const n = b.length;
    if (n > SHORT * 2) {
      this.chunk.set(b, this.at);
      this.at += n;
      return;
    }
    // A short piece is copied here: cheaper than set() for a few bytes.
    const chunk = this.chunk;
    let at = this.at;
    for (let i = 0; i < n; i += 1, at += 1) chunk[at] = b[i];
    this.at = at;
  }

  /** Writes a non-negative whole number in decimal, with leading zeros up to `width` digits. */
  digits(n: number, width: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) return this.text(String(n).padStart(width, "0"));
    let count = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) count += 1;
    if (count < width) count = width;
    if (this.at + count > CHUNK_BYTES) this.flush();
    const chunk = this.chunk;
    let rest = n;
    for (let k = this.at + count - 1; k >= this.at; k -= 1) {
      const digit = rest % 10;
      chunk[k] = ZERO + digit;
      rest = (rest - digit) / 10;
    }
    this.at += count;
  }

  /** Writes `n` spaces. */
  spaces(n: number): void {
    for (let k = 0; k < n; k += 1) {
      if (this.at === CHUNK_BYTES) this.flush();
      this.chunk[this.at] = SPACE;
      this.at += 1;
    }
  }

  /** Writes a string and ends the line. */
  line(s = ""): void {
    this.text(s);
    if (this.at === CHUNK_BYTES) this.flush();
    this.chunk[this.at] = NEWLINE;
    this.at += 1;
  }

  /** Writes lines. */
  lines(...lines: string[]): void {
    for (const s of lines) this.line(s);
  }

  /** Hands on what was written and not handed on yet. */
  flush(): void {
    if (this.at === 0) return;
    this.write(this.chunk.subarray(0, this.at));
    this.at = 0;
  }
}
