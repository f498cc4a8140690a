import { DataType, DataValue, StatusCode, Variant, VariantArrayType } from 'node-opcua';
import { Quality, Reading } from '../../domains/alarms/alarmTypes';

/** OPC UA status → reading quality: Good → good, Bad → bad, everything else (Uncertain) → uncertain. */
export function qualityOf(status: StatusCode | undefined): Quality {
  if (!status || status.isGood()) return 'good';
  return status.isBad() ? 'bad' : 'uncertain';
}

/**
 * Numeric view of an OPC UA variant. Booleans (digital inputs, detector contacts) become 1/0;
 * node-opcua returns scalar Int64/UInt64 as [high, low] 32-bit words; arrays, text and other
 * types stay as they are so the rule engine reports them as sensor faults instead of guessing.
 */
export function numericValue(variant: Variant | undefined): unknown {
  if (!variant) return undefined;
  const v: unknown = variant.value;
  if (variant.arrayType !== undefined && variant.arrayType !== VariantArrayType.Scalar) return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if ((variant.dataType === DataType.Int64 || variant.dataType === DataType.UInt64) && Array.isArray(v) && v.length === 2) {
    const [hi, lo] = v as [number, number];
    return variant.dataType === DataType.Int64 ? (hi | 0) * 2 ** 32 + (lo >>> 0) : (hi >>> 0) * 2 ** 32 + (lo >>> 0);
  }
  return v;
}

/**
 * Turns a monitored-item notification into a Reading. The device's source timestamp is preferred
 * (the rule engine orders and sustains by it), then the server's, then our receive time.
 */
export function dataValueToReading(tagId: string, dv: DataValue, receivedAt: Date): Reading {
  const time = dv.sourceTimestamp ?? dv.serverTimestamp ?? receivedAt;
  const quality = qualityOf(dv.statusCode);
  return { tagId, value: numericValue(dv.value), quality, sourceTime: time instanceof Date ? time : receivedAt };
}
