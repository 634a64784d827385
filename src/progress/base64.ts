// Decoding rawjson's output chunks (base64 of the bytes a step printed).

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\x00-\x7f]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x1f]/;

/**
 * atob is several times faster than Buffer.from for short strings (most output chunks are one line),
 * but gives one character per byte: right for ASCII only, so anything else is decoded as UTF-8.
 */
export function decodeBase64(data: string): string {
  let bytes: string;
  try {
    bytes = atob(data);
  } catch {
    bytes = "\x80"; // not base64 as atob reads it: Buffer is lenient
  }
  return NON_ASCII.test(bytes) ? Buffer.from(data, "base64").toString("utf8") : bytes;
}

/**
 * What the JSON path makes of `data` cut raw from between the quotes of a log update that holds no
 * quote or backslash in it: decodeBase64 of it, or null when a raw control character makes the
 * whole update invalid JSON (which that path skips). atob's own check does most of it: it throws
 * on every control character but the four kinds of whitespace it skips.
 */
export function decodeRawData(data: string): string | null {
  let bytes: string;
  try {
    bytes = atob(data);
  } catch {
    return CONTROL.test(data) ? null : Buffer.from(data, "base64").toString("utf8");
  }
  if (data.includes("\t") || data.includes("\f") || data.includes("\n") || data.includes("\r")) return null;
  return NON_ASCII.test(bytes) ? Buffer.from(data, "base64").toString("utf8") : bytes;
}
