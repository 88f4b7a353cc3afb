/**
 * Files for attachment tests, made on the spot: a photo with a GPS position in its EXIF,
 * a small PDF, a Windows program, and streams of any size that are never held in memory.
 */
import { Readable } from "node:stream";
import sharp from "sharp";

/** Tiefeng township, Liaoning (the demo's township): where the test photos were "taken". */
export const PHOTO_GPS = { latitude: 41.80833, longitude: 123.41667 };

/** A JPEG of the given size with EXIF: camera make, time taken and GPS position. */
export async function photoWithGps(
  options: { width?: number; height?: number; color?: string } = {},
): Promise<Buffer> {
  return sharp({
    create: {
      width: options.width ?? 800,
      height: options.height ?? 600,
      channels: 3,
      background: options.color ?? "#3a7d44",
    },
  })
    .withExif({
      IFD0: { Make: "TestCam", Model: "SN-0042-SECRET" },
      IFD2: { DateTimeOriginal: "2024:09:27 10:15:00" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "41/1 48/1 3000/100",
        GPSLongitudeRef: "E",
        GPSLongitude: "123/1 25/1 0/1",
        GPSAltitude: "55/1",
        GPSAltitudeRef: "0",
      },
    })
    .jpeg()
    .toBuffer();
}

/** A one-page PDF (enough of one for the sniffer and a browser). */
export function smallPdf(text = "整改方案"): Buffer {
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/** The start of a Windows program ("MZ" header), whatever it is called. */
export function windowsProgram(): Buffer {
  const bytes = Buffer.alloc(2048, 0);
  bytes.write("MZ", 0, "latin1");
  bytes.write("This program cannot be run in DOS mode.", 78, "latin1");
  return bytes;
}

/** A PDF of `size` bytes, produced in 64 KB pieces as it is read: never whole in memory. */
export function largePdfStream(size: number): Readable {
  const header = smallPdf();
  let sent = 0;
  const piece = Buffer.alloc(64 * 1024, 0x20);
  return new Readable({
    read() {
      if (sent >= size) return void this.push(null);
      const chunk = sent === 0 ? header : piece.subarray(0, Math.min(piece.length, size - sent));
      sent += chunk.length;
      this.push(chunk);
    },
  });
}
