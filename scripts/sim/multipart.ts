/** A part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

/** Splits a multipart/form-data body into its parts (enough for media/upload). */
export function parseMultipart(contentType: string | undefined, body: Buffer): MultipartPart[] {
  const boundary = contentType?.match(/boundary=(?:"([^"]+)"|([^;]+))/i);
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const chunk = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = chunk.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const head = chunk.subarray(0, headerEnd).toString('utf8');
      const name = head.match(/name="([^"]*)"/i)?.[1] ?? '';
      const filename = head.match(/filename="([^"]*)"/i)?.[1];
      const type = head.match(/content-type:\s*([^\r\n]+)/i)?.[1]?.trim();
      parts.push({ name, filename, contentType: type, data: chunk.subarray(headerEnd + 4) });
    }
    start = next;
  }
  return parts;
}
