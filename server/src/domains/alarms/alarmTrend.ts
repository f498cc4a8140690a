import type { Tx } from '../../platform/db/db';
import type { BlobStore } from '../../platform/files/fileStore';
import { storeImage } from '../../platform/files/fileService';
import type { TrendPoint } from './alarmTypes';
import { renderTrendSvg, trendPng } from './trendChart';

/** A rendered trend chart and the facts the evidence event records about it. */
export interface TrendSnapshot {
  png: Buffer;
  points: number;
  from: string | null;
  to: string | null;
  min: number | null;
  max: number | null;
}

/** Renders the recent readings as a PNG chart (outside any transaction: sharp takes a few ms). */
export async function renderTrend(points: readonly TrendPoint[], limit: number | null, o: { label: string; uom: string | null; timezone: string }): Promise<TrendSnapshot> {
  const png = await trendPng(renderTrendSvg(points, limit, { title: o.label, unit: o.uom ?? undefined, timezone: o.timezone }));
  const values = points.map((p) => p.v);
  return {
    png,
    points: points.length,
    from: points.length ? new Date(points[0].t).toISOString() : null,
    to: points.length ? new Date(points[points.length - 1].t).toISOString() : null,
    min: values.length ? Math.min(...values) : null,
    max: values.length ? Math.max(...values) : null,
  };
}

/** Stores the chart in the files store (inside the command's transaction); returns what evidence records. */
export async function storeTrend(tx: Tx, blobs: BlobStore, plantId: string, snap: TrendSnapshot) {
  const file = await storeImage(tx, blobs, { plantId, bytes: snap.png, originalName: 'trend.png', uploadedBy: null, maxBytes: 5_000_000 });
  return { fileId: file.id, sha256: file.sha256, points: snap.points, from: snap.from, to: snap.to, min: snap.min, max: snap.max };
}
