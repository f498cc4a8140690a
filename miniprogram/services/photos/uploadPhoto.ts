import { apiUpload } from '../api';

/** What the server answers for an upload (processing continues in the background). */
export interface UploadedPhoto {
  id: string;
  sha256: string;
  status: 'pending' | 'ready' | 'failed';
  areaKey: string | null;
  outsidePlant: boolean;
}

/** Uploads one photo with its capture facts; `clientId` makes a repeated upload return the same id. */
export function uploadPhoto(
  filePath: string,
  facts: { clientId: string; capturedAt: string; fix?: { lat: number; lng: number; datum: string; accuracyM?: number } | null; areaKey?: string; code?: string },
): Promise<UploadedPhoto> {
  const form: Record<string, string> = { clientId: facts.clientId, capturedAt: facts.capturedAt };
  if (facts.fix) {
    form.lat = String(facts.fix.lat);
    form.lng = String(facts.fix.lng);
    form.datum = facts.fix.datum;
    if (facts.fix.accuracyM !== undefined) form.accuracyM = String(facts.fix.accuracyM);
  }
  if (facts.areaKey) form.areaKey = facts.areaKey;
  if (facts.code) form.code = facts.code;
  return apiUpload<UploadedPhoto>('/api/photos', filePath, form);
}
