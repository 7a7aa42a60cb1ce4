// Trunk's post-build step (Trunk.toml): gives the functions the wasm module imports from its
// JavaScript glue short names. wasm-bindgen names each one `__wbg_<name>_<16 hex digits>`; the
// page carries every name twice (the wasm's import section and the glue), some 160 of them, and
// the hex digits do not compress. Renaming them `a`, `b`, … `ab`, … in both files saves about
// 4 KB gzipped of the page bundle (BENCHMARKS.md, "The page bundle"), and changes nothing else:
// the names only pair an import with the glue function that provides it.
//
// Usage: node scripts/short-imports.mjs [dir]  (dir: trunk's staging directory, from
// TRUNK_STAGING_DIR when trunk runs it). Fails, and so fails the build, on anything unexpected.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('short-imports: no directory (TRUNK_STAGING_DIR is not set)');
const files = readdirSync(dir);
// The page's pair; attach mode's bundle (kinesis-attach*, built by another hook) is left as is.
const wasmFile = files.find((name) => name.startsWith('kinesis-playground-') && name.endsWith('_bg.wasm'));
const jsFile = files.find((name) => name.startsWith('kinesis-playground-') && name.endsWith('.js'));
if (!wasmFile || !jsFile) throw new Error(`short-imports: no wasm module and glue in ${dir}`);

/** Reads an unsigned LEB128 number at `at`; returns [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    const byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, at];
  }
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    out.push(byte);
  } while (value > 0);
  return out;
}

function name(bytes, at) {
  const [length, start] = leb(bytes, at);
  return [new TextDecoder().decode(bytes.subarray(start, start + length)), start + length];
}

function encodeName(text) {
  const utf8 = new TextEncoder().encode(text);
  return [...encodeLeb(utf8.length), ...utf8];
}

/** Skips an import's description (function, table, memory, global or tag). */
function skipDescription(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    p = leb(bytes, p)[1];
    return flags & 1 ? leb(bytes, p)[1] : p;
  };
  switch (kind) {
    case 0: return leb(bytes, at)[1];
    case 1: return limits(at + 1);
    case 2: return limits(at);
    case 3: return at + 2;
    case 4: return leb(bytes, at + 1)[1];
    default: throw new Error(`short-imports: unknown import kind ${kind}`);
  }
}

/** Short names in order: a…z, A…Z, then two letters and more. */
function shortName(index) {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  let text = '';
  do {
    text = letters[index % letters.length] + text;
    index = Math.floor(index / letters.length) - 1;
  } while (index >= 0);
  return text;
}

const wasm = readFileSync(join(dir, wasmFile));
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`short-imports: ${wasmFile} is not a wasm module`);
const renamed = new Map();
const parts = [wasm.subarray(0, 8)];
let at = 8;
while (at < wasm.length) {
  const id = wasm[at];
  const [size, start] = leb(wasm, at + 1);
  const end = start + size;
  if (id !== 2) {
    parts.push(wasm.subarray(at, end));
    at = end;
    continue;
  }
  // The import section: each entry's module and field names, then its description.
  let p = start;
  const [count, first] = leb(wasm, p);
  p = first;
  const body = [...encodeLeb(count)];
  for (let i = 0; i < count; i += 1) {
    const [module, afterModule] = name(wasm, p);
    const [field, afterField] = name(wasm, afterModule);
    const afterDescription = skipDescription(wasm, afterField);
    let short = field;
    if (field.startsWith('__wbg_')) {
      if (!renamed.has(field)) renamed.set(field, shortName(renamed.size));
      short = renamed.get(field);
    }
    body.push(...encodeName(module), ...encodeName(short), ...wasm.subarray(afterField, afterDescription));
    p = afterDescription;
  }
  if (p !== end) throw new Error('short-imports: the import section did not parse to its end');
  parts.push(Buffer.from([2, ...encodeLeb(body.length), ...body]));
  at = end;
}

let js = readFileSync(join(dir, jsFile), 'utf8');
for (const [long, short] of renamed) {
  const uses = js.split(long).length - 1;
  if (uses === 0) throw new Error(`short-imports: ${long} is not in ${jsFile}`);
  js = js.replaceAll(long, short);
}
if (/__wbg_[A-Za-z0-9_]*_[0-9a-f]{16}\b/.test(js)) throw new Error(`short-imports: ${jsFile} names an import left long`);
writeFileSync(join(dir, wasmFile), Buffer.concat(parts));
writeFileSync(join(dir, jsFile), js);
console.log(`short-imports: ${renamed.size} imports renamed in ${wasmFile} and ${jsFile}`);
