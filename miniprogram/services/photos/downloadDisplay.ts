import { apiDownload } from '../api';

/** The watermarked display copy of a photo, as a local temp file (for the rectification overlay). */
export function downloadDisplay(fileId: string): Promise<string> {
  return apiDownload(`/api/files/${fileId}/display`);
}
