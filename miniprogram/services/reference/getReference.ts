import { api } from '../api';

/** An area with its fence in WGS-84 (what the phone's GPS reports). */
export interface AreaRef {
  key: string;
  name: string;
  geofence: { type: 'polygon'; points: Array<[number, number]> } | { type: 'circle'; center: [number, number]; radiusM: number };
}

/** A hazard category (level 1-3). */
export interface CategoryRef {
  key: string;
  name: string;
  level: number;
  parentKey: string | null;
}

/** Areas and categories, kept on the phone for offline capture. */
export interface Reference {
  datum: 'WGS-84';
  areas: AreaRef[];
  categories: CategoryRef[];
}

const KEY = 'anquan.reference';

/** Fresh reference data when online (and cached); the cached copy when not. */
export async function getReference(): Promise<Reference | null> {
  try {
    const ref = await api<Reference>('GET', '/api/h5/reference?datum=WGS-84');
    wx.setStorageSync(KEY, ref);
    return ref;
  } catch (err) {
    const cached = wx.getStorageSync(KEY) as Reference | '';
    if (cached) return cached;
    throw err;
  }
}
