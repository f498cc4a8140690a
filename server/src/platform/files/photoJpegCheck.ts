/**
 * True when a JPEG's marker structure runs from SOI to an EOI marker. A photo cut off in transit
 * or by a crashing camera app ends inside the entropy-coded data and never reaches EOI. Bytes
 * after EOI (motion-photo videos, maker trailers) are fine. Cheap: one pass with indexOf.
 */
export function jpegIsComplete(bytes: Buffer): boolean {
  const n = bytes.length;
  if (n < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return false;
  let i = 2;
  while (i + 1 < n) {
    if (bytes[i] !== 0xff) return false;
    let marker = bytes[i + 1];
    // Fill bytes: any number of 0xFF may precede a marker.
    while (marker === 0xff && i + 2 < n) {
      i++;
      marker = bytes[i + 1];
    }
    if (marker === 0xd9) return true;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (i + 3 >= n) return false;
    const len = (bytes[i + 2] << 8) | bytes[i + 3];
    if (len < 2 || i + 2 + len > n) return false;
    i += 2 + len;
    if (marker !== 0xda) continue;
    // Entropy-coded data after SOS: the next marker is an 0xFF not followed by 0x00 or RSTn.
    for (;;) {
      const ff = bytes.indexOf(0xff, i);
      if (ff < 0 || ff + 1 >= n) return false;
      const next = bytes[ff + 1];
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        i = ff + (next === 0xff ? 1 : 2);
        continue;
      }
      i = ff;
      break;
    }
  }
  return false;
}
