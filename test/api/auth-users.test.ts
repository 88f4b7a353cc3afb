import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createApiHarness, json, JWT_SECRET, type ApiHarness } from "./api-harness.js";

let h: ApiHarness;
let admin: string;

beforeAll(async () => {
  h = await createApiHarness({ tokenTtlSeconds: 3600 });
  admin = await h.signIn("admin", ["process-admin", "user-admin"]);
});
afterAll(async () => h?.close());

const expectProblem = async (response: Response, status: number) => {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  const body = await json<{ status: number; title: string; type: string; detail: string }>(
    response,
  );
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe("string");
  return body;
};

describe("login", () => {
  test("a right password gives a token that opens /api/me", async () => {
    await h.users.create({
      username: "wang",
      name: "王五",
      password: "wang-password",
      groups: ["safety-office"],
    });
    const login = await h.call("POST", "/api/auth/login", {
      body: { username: "wang", password: "wang-password" },
    });
    expect(login.status).toBe(200);
    const { token, user } = await json<{ token: string; user: { groups: string[] } }>(login);
    expect(user.groups).toEqual(["safety-office"]);
    const me = await h.call("GET", "/api/me", { token });
    expect(await json(me)).toMatchObject({ id: "wang", name: "王五", groups: ["safety-office"] });
  });

  test("a wrong password or an unknown user gets 401", async () => {
    await expectProblem(
      await h.call("POST", "/api/auth/login", { body: { username: "wang", password: "nope" } }),
      401,
    );
    await expectProblem(
      await h.call("POST", "/api/auth/login", { body: { username: "ghost", password: "x" } }),
      401,
    );
    await h.call("POST", "/api/auth/login", {
      body: { username: "wang", password: "wang-password" },
    });
  });

  test("a malformed body gets 400 with each field's problem", async () => {
    const body = await expectProblem(
      await h.call("POST", "/api/auth/login", { body: { username: 3 } }),
      400,
    );
    expect((body as unknown as { errors: { path: string }[] }).errors.map((e) => e.path)).toEqual(
      expect.arrayContaining(["body.username", "body.password"]),
    );
    await expectProblem(await h.call("POST", "/api/auth/login", { body: "{not json" }), 400);
  });

  test("repeated failures for one user are slowed down, then the right password works again", async () => {
    await h.users.create({ username: "slow", name: "慢", password: "slow-password", groups: [] });
    const attempt = (password: string) =>
      h.call("POST", "/api/auth/login", { body: { username: "slow", password } });
    for (let i = 0; i < 3; i++) expect((await attempt("wrong")).status).toBe(401);
    // After three failures in a row, even the right password must wait.
    const throttled = await attempt("slow-password");
    await expectProblem(throttled, 429);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    h.clock.advance(60_000);
    expect((await attempt("slow-password")).status).toBe(200);
  });
});

describe("tokens", () => {
  test("no token, a tampered token and an expired token get 401", async () => {
    await expectProblem(await h.call("GET", "/api/me"), 401);
    const tampered = admin.slice(0, -3) + (admin.endsWith("AAA") ? "BBB" : "AAA");
    await expectProblem(await h.call("GET", "/api/me", { token: tampered }), 401);
    const forged = await new SignJWT({ tv: 0 })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("admin")
      .setIssuer("zhiben")
      .setExpirationTime("1h")
      .sign(new TextEncoder().encode("another-secret-another-secret-another-secret"));
    await expectProblem(await h.call("GET", "/api/me", { token: forged }), 401);
    const token = await h.signIn("expiring", []);
    expect((await h.call("GET", "/api/me", { token })).status).toBe(200);
    h.clock.advance(3601_000);
    await expectProblem(await h.call("GET", "/api/me", { token }), 401);
  });

  test("a token signed with the right secret but a stale token version is refused", async () => {
    const stale = await new SignJWT({ tv: 99 })
      .setProtectedHeader({ alg: "HS256" })
      .setSubject("admin")
      .setIssuer("zhiben")
      .setIssuedAt(Math.floor(h.clock.now().getTime() / 1000))
      .setExpirationTime(Math.floor(h.clock.now().getTime() / 1000) + 600)
      .sign(new TextEncoder().encode(JWT_SECRET));
    await expectProblem(await h.call("GET", "/api/me", { token: stale }), 401);
  });
});

describe("users (user-admin)", () => {
  test("create, list, change groups, reset password, disable", async () => {
    admin = await h.signIn("admin", ["process-admin", "user-admin"]);
    const created = await h.call("POST", "/api/users", {
      token: admin,
      body: { username: "zhao", name: "赵六", password: "zhao-password", groups: ["village-a"] },
    });
    expect(created.status).toBe(201);
    const user = await json(created);
    expect(user).toMatchObject({ id: "zhao", groups: ["village-a"], disabled: false });
    expect(JSON.stringify(user)).not.toContain("password");

    const list = await json<{ items: { username: string }[] }>(
      await h.call("GET", "/api/users", { token: admin }),
    );
    expect(list.items.map((u) => u.username)).toContain("zhao");
    expect((await h.call("GET", "/api/users/zhao", { token: admin })).status).toBe(200);
    await expectProblem(await h.call("GET", "/api/users/nobody", { token: admin }), 404);

    const login = await h.call("POST", "/api/auth/login", {
      body: { username: "zhao", password: "zhao-password" },
    });
    const { token } = await json<{ token: string }>(login);

    const changed = await h.call("PATCH", "/api/users/zhao", {
      token: admin,
      body: { groups: ["village-b"], name: "赵 六" },
    });
    expect(await json(changed)).toMatchObject({ groups: ["village-b"], name: "赵 六" });
    expect(await json(await h.call("GET", "/api/me", { token }))).toMatchObject({
      groups: ["village-b"],
    });

    await h.call("PATCH", "/api/users/zhao", {
      token: admin,
      body: { password: "new-zhao-password" },
    });
    await expectProblem(await h.call("GET", "/api/me", { token }), 401);
    const again = await h.call("POST", "/api/auth/login", {
      body: { username: "zhao", password: "new-zhao-password" },
    });
    const fresh = (await json<{ token: string }>(again)).token;
    expect((await h.call("GET", "/api/me", { token: fresh })).status).toBe(200);

    await h.call("PATCH", "/api/users/zhao", { token: admin, body: { disabled: true } });
    await expectProblem(await h.call("GET", "/api/me", { token: fresh }), 401);
    await expectProblem(
      await h.call("POST", "/api/auth/login", {
        body: { username: "zhao", password: "new-zhao-password" },
      }),
      401,
    );
  });

  test("errors: duplicate username 409, bad fields 400, unknown user 404, own account 409", async () => {
    const body = { username: "dup", name: "Dup", password: "dup-password", groups: [] };
    expect((await h.call("POST", "/api/users", { token: admin, body })).status).toBe(201);
    await expectProblem(await h.call("POST", "/api/users", { token: admin, body }), 409);
    await expectProblem(
      await h.call("POST", "/api/users", {
        token: admin,
        body: { ...body, username: "bad name'; drop", password: "short" },
      }),
      400,
    );
    await expectProblem(
      await h.call("PATCH", "/api/users/ghost", { token: admin, body: { name: "x" } }),
      404,
    );
    await expectProblem(
      await h.call("PATCH", "/api/users/admin", { token: admin, body: { disabled: true } }),
      409,
    );
  });

  test("only user-admin members manage users", async () => {
    const staff = await h.signIn("staff", ["safety-office", "process-admin"]);
    await expectProblem(await h.call("GET", "/api/users", { token: staff }), 403);
    await expectProblem(
      await h.call("POST", "/api/users", {
        token: staff,
        body: { username: "x1", name: "x", password: "password-x", groups: [] },
      }),
      403,
    );
    await expectProblem(
      await h.call("PATCH", "/api/users/staff", { token: staff, body: { groups: ["user-admin"] } }),
      403,
    );
    await expectProblem(await h.call("GET", "/api/users", {}), 401);
  });
});
