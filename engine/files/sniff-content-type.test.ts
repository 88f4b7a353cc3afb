import { describe, expect, it } from "vitest";
import { matchesAccept, sniffContentType } from "./sniff-content-type.js";

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "latin1")] : p)));

describe("sniffContentType", () => {
  it("knows photos, PDF and Office documents by their first bytes", () => {
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe("image/jpeg");
    expect(sniffContentType(bytes([0x89], "PNG\r\n\x1a\n"))).toBe("image/png");
    expect(sniffContentType(bytes("RIFF", [1, 2, 3, 4], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffContentType(bytes("GIF89a"))).toBe("image/gif");
    expect(sniffContentType(bytes("%PDF-1.7\n"))).toBe("application/pdf");
    expect(
      sniffContentType(bytes("PK\x03\x04", "....[Content_Types].xml....word/document.xml")),
    ).toBe("application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });

  it("refuses programs, scripts, archives and HTML whatever they are called", () => {
    expect(sniffContentType(bytes("MZ\x90\x00"))).toBeNull();
    expect(sniffContentType(bytes("\x7fELF"))).toBeNull();
    expect(sniffContentType(bytes("#!/bin/sh\n"))).toBeNull();
    expect(sniffContentType(bytes("PK\x03\x04", "payload.exe"))).toBeNull();
    expect(sniffContentType(bytes("<html><script>"))).toBeNull();
    expect(sniffContentType(bytes("<svg xmlns="))).toBeNull();
    expect(sniffContentType(bytes())).toBeNull();
  });
});

describe("matchesAccept", () => {
  it("matches exact types and type/* patterns; no patterns accept anything", () => {
    expect(matchesAccept("image/png", ["image/*"])).toBe(true);
    expect(matchesAccept("application/pdf", ["image/*"])).toBe(false);
    expect(matchesAccept("application/pdf", ["image/*", "application/pdf"])).toBe(true);
    expect(matchesAccept("application/pdf", undefined)).toBe(true);
  });
});
