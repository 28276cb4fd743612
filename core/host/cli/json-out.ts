/** Text handed to the stream at a time: small enough that no piece needs fresh memory, large enough to be few writes. */
const PIECE_CHARS = 64 * 1024;

interface TextSink {
  write(text: string): unknown;
}

/**
 * Writes `JSON.stringify(document)` and a newline, byte for byte, in pieces of about 64 kB: a
 * backtest's document is ~1 MB of text, and as one string it is copied whole twice more (flattened,
 * then encoded into a buffer of its size) — fresh memory, which costs page faults, for nothing.
 * The top level's arrays go element by element; everything else through JSON.stringify itself.
 */
export function writeJsonDocument(document: Readonly<Record<string, unknown>>, sink: TextSink = process.stdout): void {
  let piece = '{';
  let members = 0;
  for (const [key, value] of Object.entries(document)) {
    // What JSON.stringify leaves out of an object.
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    piece += `${members++ === 0 ? '' : ','}${JSON.stringify(key)}:`;
    if (!Array.isArray(value)) {
      piece += JSON.stringify(value);
      continue;
    }
    piece += '[';
    for (let i = 0; i < value.length; i++) {
      // An element JSON.stringify has no text for (undefined, a function) is null inside an array.
      piece += `${i === 0 ? '' : ','}${(JSON.stringify(value[i]) as string | undefined) ?? 'null'}`;
      if (piece.length >= PIECE_CHARS) {
        sink.write(piece);
        piece = '';
      }
    }
    piece += ']';
  }
  sink.write(`${piece}}\n`);
}
