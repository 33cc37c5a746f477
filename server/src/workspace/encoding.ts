// Source files as the compiler reads them: UTF-8 (with or without a byte order mark) and UTF-16
// little or big endian. WDK projects keep some headers in UTF-16; reading those as UTF-8 would
// make them look binary. `--fix` writes a file back in the encoding it came in.

export type SourceEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be';

export interface DecodedSource {
  text: string;
  encoding: SourceEncoding;
}

export function decodeSource(bytes: Buffer): DecodedSource {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: bytes.subarray(3).toString('utf8'), encoding: 'utf8bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: utf16le(bytes.subarray(2)), encoding: 'utf16le' };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: utf16be(bytes.subarray(2)), encoding: 'utf16be' };
  const guess = utf16WithoutBom(bytes);
  if (guess === 'utf16le') return { text: utf16le(bytes), encoding: 'utf16le' };
  if (guess === 'utf16be') return { text: utf16be(bytes), encoding: 'utf16be' };
  return { text: bytes.toString('utf8'), encoding: 'utf8' };
}

export function encodeSource(text: string, encoding: SourceEncoding): Buffer {
  switch (encoding) {
    case 'utf8':
      return Buffer.from(text, 'utf8');
    case 'utf8bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    case 'utf16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), swapPairs(Buffer.from(text, 'utf16le'))]);
  }
}

function utf16le(bytes: Buffer): string {
  return bytes.subarray(0, bytes.length & ~1).toString('utf16le');
}

function utf16be(bytes: Buffer): string {
  return swapPairs(Buffer.from(bytes.subarray(0, bytes.length & ~1))).toString('utf16le');
}

function swapPairs(b: Buffer): Buffer {
  for (let i = 0; i + 1 < b.length; i += 2) {
    const x = b[i];
    b[i] = b[i + 1];
    b[i + 1] = x;
  }
  return b;
}

/**
 * UTF-16 without a byte order mark: source text is mostly ASCII, so one byte of nearly every pair
 * is zero and the other is not. Anything less clear-cut is left to the UTF-8 reading.
 */
function utf16WithoutBom(bytes: Buffer): 'utf16le' | 'utf16be' | undefined {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 16) return undefined;
  let zeroOdd = 0;
  let zeroEven = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const pairs = n / 2;
  if (zeroOdd > pairs * 0.9 && zeroEven < pairs * 0.05) return 'utf16le';
  if (zeroEven > pairs * 0.9 && zeroOdd < pairs * 0.05) return 'utf16be';
  return undefined;
}
