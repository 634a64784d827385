// The few protobuf messages of BuildKit's history API the tool reads and writes (moby/buildkit
// api/services/control/control.proto), encoded and decoded by hand: three fields out, a dozen in,
// not worth a protobuf dependency.

/** What the tool reads from a BuildHistoryRecord. */
export interface BuildRecord {
  ref: string;
  /** FrontendAttrs: build args as `build-arg:NAME`, labels as `label:KEY`, `no-cache`, … */
  attrs: Map<string, string>;
  /** google.rpc.Status message of a failed build, else null. */
  error: string | null;
  /**
   * The failed build's google.rpc.Status as stored: inline it has the message only on BuildKit ≥ 0.13
   * (Docker ≥ 26), whose details (source location, vertex) are in the `externalError` blob instead.
   */
  errorStatus: Buffer | null;
  /** Digest of that blob (BuildHistoryRecord.externalError, field 18), else null. */
  externalError: string | null;
  /** Exporter attributes `name`: the tags the build was given (how a failed build, with no metadata file, is found). */
  names: string[];
  /** CreatedAt, in Unix seconds (0 when absent). */
  createdAt: number;
  completed: boolean;
  /** Every vertex of the build's status stream (internal and export vertices included). */
  totalSteps: number;
  cachedSteps: number;
  completedSteps: number;
}

/** gRPC's length-prefixed frame around one message. */
export function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** The messages of a gRPC response body (uncompressed frames only: the request asks for none). */
export function grpcMessages(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off + 5 <= body.length;) {
    const len = body.readUInt32BE(off + 1);
    out.push(body.subarray(off + 5, off + 5 + len));
    off += 5 + len;
  }
  return out;
}

/** BuildHistoryRequest{EarlyExit: true}: every record, no ref (see docs/performance.md#build-records). */
export const LIST_ALL_REQUEST = Uint8Array.of(0x18, 0x01);

/** UpdateBuildHistoryRequest{Ref: ref, Delete: true}. */
export function deleteRequest(ref: string): Buffer {
  return Buffer.concat([stringField(1, ref), Buffer.from([0x18, 0x01])]);
}

/** StatusRequest{Ref: ref}. */
export function statusRequest(ref: string): Buffer {
  return stringField(1, ref);
}

/** containerd's ReadContentRequest{digest}: the whole blob (offset and size 0). */
export function readContentRequest(digest: string): Buffer {
  return stringField(1, digest);
}

/** ReadContentResponse.data (field 2); the offset (field 1) follows from the order. */
export function contentData(message: Buffer): Buffer {
  for (const f of fields(message)) if (f.no === 2 && f.bytes) return f.bytes;
  return Buffer.alloc(0);
}

function stringField(no: number, value: string): Buffer {
  const bytes = Buffer.from(value, "utf8");
  return Buffer.concat([Buffer.from([(no << 3) | 2, ...varint(bytes.length)]), bytes]);
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

export type Field = { no: number; wire: number; int: number; bytes: Buffer | null };

/** The fields of a protobuf message, in order (varints as numbers, length-delimited as bytes). */
export function* fields(buf: Buffer): Generator<Field> {
  let off = 0;
  const read = (): number => {
    let n = 0;
    let mul = 1;
    for (;;) {
      const b = buf[off++];
      if (b === undefined) throw new Error("truncated protobuf");
      n += (b & 0x7f) * mul;
      if (b < 0x80) return n;
      mul *= 128;
    }
  };
  while (off < buf.length) {
    const key = read();
    const wire = key % 8;
    const no = Math.floor(key / 8);
    if (wire === 0) yield { no, wire, int: read(), bytes: null };
    else if (wire === 2) {
      const len = read();
      yield { no, wire, int: 0, bytes: buf.subarray(off, off + len) };
      off += len;
    } else if (wire === 1) off += 8;
    else if (wire === 5) off += 4;
    else throw new Error(`protobuf wire type ${wire} not supported`);
  }
}

/** A BuildHistoryEvent → its record, or null for an event without one (a DELETED notice). */
export function decodeEvent(buf: Buffer): BuildRecord | null {
  let type = 0;
  let record: BuildRecord | null = null;
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === 0) type = f.int;
    else if (f.no === 2 && f.bytes) record = decodeRecord(f.bytes);
  }
  return type === 2 ? null : record; // 2: DELETED
}

function decodeRecord(buf: Buffer): BuildRecord {
  const r: BuildRecord = {
    ref: "",
    attrs: new Map(),
    error: null,
    errorStatus: null,
    externalError: null,
    names: [],
    createdAt: 0,
    completed: false,
    totalSteps: 0,
    cachedSteps: 0,
    completedSteps: 0,
  };
  for (const f of fields(buf)) {
    if (f.no === 1 && f.bytes) r.ref = f.bytes.toString("utf8");
    else if (f.no === 3 && f.bytes) {
      const [k, v] = mapEntry(f.bytes);
      r.attrs.set(k, v);
    } else if (f.no === 4 && f.bytes) {
      const name = exporterName(f.bytes);
      if (name) r.names.push(...name.split(","));
    } else if (f.no === 5 && f.bytes) {
      r.error = statusMessage(f.bytes);
      r.errorStatus = f.bytes;
    } else if (f.no === 6 && f.bytes) r.createdAt = seconds(f.bytes);
    else if (f.no === 7) r.completed = true;
    else if (f.no === 15) r.cachedSteps = f.int;
    else if (f.no === 16) r.totalSteps = f.int;
    else if (f.no === 17) r.completedSteps = f.int;
    else if (f.no === 18 && f.bytes) r.externalError = descriptorDigest(f.bytes);
  }
  return r;
}

/** Exporter{Type = 1, Attrs = 2 (map)}: its `name` attribute. */
function exporterName(buf: Buffer): string | null {
  for (const f of fields(buf)) {
    if (f.no !== 2 || !f.bytes) continue;
    const [k, v] = mapEntry(f.bytes);
    if (k === "name") return v;
  }
  return null;
}

/** Descriptor{media_type = 1, digest = 2, size = 3}. */
function descriptorDigest(buf: Buffer): string | null {
  for (const f of fields(buf)) if (f.no === 2 && f.bytes) return f.bytes.toString("utf8");
  return null;
}

/** google.protobuf.Timestamp.seconds. */
function seconds(buf: Buffer): number {
  for (const f of fields(buf)) if (f.no === 1 && f.wire === 0) return f.int;
  return 0;
}

function mapEntry(buf: Buffer): [string, string] {
  let k = "";
  let v = "";
  for (const f of fields(buf)) {
    if (f.no === 1 && f.bytes) k = f.bytes.toString("utf8");
    else if (f.no === 2 && f.bytes) v = f.bytes.toString("utf8");
  }
  return [k, v];
}

function statusMessage(buf: Buffer): string {
  for (const f of fields(buf)) if (f.no === 2 && f.bytes) return f.bytes.toString("utf8");
  return "";
}
