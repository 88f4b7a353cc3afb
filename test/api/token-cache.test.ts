/** Verified tokens kept in memory (api/auth/token-cache.ts): verified once, refused once expired. */
import { expect, test } from "vitest";
import { cacheVerifiedTokens } from "../../api/auth/token-cache.js";
import { createTokenService, type TokenService } from "../../api/auth/tokens.js";
import { createManualClock } from "../../engine/clock.js";

const SECRET = "token-cache-secret-of-at-least-32-characters";

function counting(service: TokenService) {
  const counted = { verified: 0, service: { ...service } };
  counted.service.verify = (token) => {
    counted.verified++;
    return service.verify(token);
  };
  return counted;
}

test("a token is verified once, then answered from memory until it expires", async () => {
  const clock = createManualClock("2025-03-03T09:00:00+08:00");
  const inner = counting(createTokenService({ secret: SECRET, ttlSeconds: 60, clock }));
  const tokens = cacheVerifiedTokens(inner.service, { clock });
  const { token } = await tokens.sign({ userId: "li", tokenVersion: 3 });
  for (let i = 0; i < 5; i++)
    expect(await tokens.verify(token)).toMatchObject({ userId: "li", tokenVersion: 3 });
  expect(inner.verified).toBe(1);
  clock.advance(59_000);
  expect(await tokens.verify(token)).toMatchObject({ userId: "li" });
  clock.advance(1_000);
  expect(await tokens.verify(token)).toBeNull();
  expect(inner.verified).toBe(2);
});

test("a bad token is never kept; the oldest kept token makes room; keeping has a real-time limit", async () => {
  const clock = createManualClock("2025-03-03T09:00:00+08:00");
  let now = 0;
  const inner = counting(createTokenService({ secret: SECRET, ttlSeconds: 3600, clock }));
  const tokens = cacheVerifiedTokens(inner.service, {
    clock,
    maxEntries: 2,
    keepMs: 1000,
    now: () => now,
  });
  const { token } = await tokens.sign({ userId: "li", tokenVersion: 0 });
  // Its signature's last characters changed for sure (one token in 4,096 ends in "xx").
  const tampered = token.slice(0, -2) + (token.endsWith("xx") ? "yy" : "xx");
  expect(await tokens.verify(tampered)).toBeNull();
  expect(await tokens.verify(tampered)).toBeNull();
  expect(inner.verified).toBe(2);

  const [a, b, c] = await Promise.all(
    ["a", "b", "c"].map(async (userId) => (await tokens.sign({ userId, tokenVersion: 0 })).token),
  );
  for (const token of [a!, b!, c!]) await tokens.verify(token);
  expect(inner.verified).toBe(5);
  await tokens.verify(c!);
  expect(inner.verified).toBe(5);
  await tokens.verify(a!); // dropped for c
  expect(inner.verified).toBe(6);
  now = 1000;
  await tokens.verify(a!);
  expect(inner.verified).toBe(7);
});
