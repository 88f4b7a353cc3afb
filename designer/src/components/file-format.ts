/**
 * How attachments' facts read in Chinese: sizes, positions.
 *
 * @example
 * ```ts
 * formatBytes(2_400_000);                               // "2.3 MB"
 * formatGps({ latitude: 41.80833, longitude: 123.41667 }); // "北纬 41.80833°，东经 123.41667°"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatGps(gps: { latitude: number; longitude: number }): string {
  const lat = `${gps.latitude >= 0 ? "北纬" : "南纬"} ${Math.abs(gps.latitude).toFixed(5)}°`;
  const lon = `${gps.longitude >= 0 ? "东经" : "西经"} ${Math.abs(gps.longitude).toFixed(5)}°`;
  return `${lat}，${lon}`;
}
