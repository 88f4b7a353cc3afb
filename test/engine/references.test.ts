/** `x-ref` fields: the id is stored, the declared variables are filled from the record, in the change's transaction. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ValidationError, type References } from "../../engine/index.js";
import { openTestEngine, type TestEngine } from "../support/test-engine.js";

const shops = new Map([
  ["s1", { id: "s1", name: "North Wheels", city: "Harbin" }],
  ["s2", { id: "s2", name: "South Spokes", city: "Haikou" }],
]);
const lookups: string[][] = [];
const references: References = {
  shop: {
    label: "车行",
    lookup: async (ids) => {
      lookups.push(ids);
      return new Map(ids.flatMap((id) => (shops.has(id) ? [[id, shops.get(id)!]] : [])));
    },
    fill: { shopName: "name", city: "city", notDeclared: "name" },
  },
};
const actor = { id: "desk-1", groups: ["desk"] };

let t: TestEngine;
beforeAll(async () => {
  t = await openTestEngine({ references });
  await t.engine.definitions.publish({
    key: "bike-repair",
    name: "Bike repair",
    variables: {
      type: "object",
      required: ["title", "shopId", "shopName", "city"],
      properties: {
        title: { type: "string", minLength: 1 },
        shopId: { type: "string", title: "车行编号", "x-ref": "shop" },
        shopName: { type: "string" },
        city: { type: "string" },
      },
      additionalProperties: false,
    },
    initial: "move",
    states: {
      move: {
        task: {
          name: "Move to another shop",
          candidateGroups: ["desk"],
          form: {
            type: "object",
            required: ["shopId"],
            properties: {
              shopId: { type: "string", "x-ref": "shop" },
              shopName: { type: "string" },
            },
          },
          outcomes: [{ event: "MOVED", label: "Moved" }],
        },
        on: { MOVED: "done" },
      },
      done: { type: "final" },
    },
  });
});
afterAll(() => t.close());

describe("x-ref at start", () => {
  it("fills the declared variables from the record and keeps the id", async () => {
    const instance = await t.engine.instances.start(
      "bike-repair",
      { title: "flat tyre", shopId: "s1" },
      { actor },
    );
    expect(instance.vars).toMatchObject({ shopId: "s1", shopName: "North Wheels", city: "Harbin" });
    expect(instance.vars).not.toHaveProperty("notDeclared");
  });

  it("replaces given values, so a case cannot disagree with its record", async () => {
    const instance = await t.engine.instances.start(
      "bike-repair",
      { title: "brakes", shopId: "s2", shopName: "Typed by hand", city: "Harbin" },
      { actor },
    );
    expect(instance.vars).toMatchObject({ shopName: "South Spokes", city: "Haikou" });
  });

  it("refuses an unknown id with one Chinese problem on the field, and nothing is started", async () => {
    const before = (await t.engine.instances.list({ processKey: "bike-repair" })).items.length;
    const error = await t.engine.instances
      .start("bike-repair", { title: "", shopId: "nope" }, { actor })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const problems = (error as ValidationError).problems;
    expect(problems).toContainEqual({ path: "shopId", message: "车行编号：所选车行不存在" });
    // The other field's own problem is reported too; the unfilled names are not repeated.
    expect(problems.map((p) => p.path).sort()).toEqual(["shopId", "title"]);
    expect((await t.engine.instances.list({ processKey: "bike-repair" })).items).toHaveLength(
      before,
    );
  });
});

describe("x-ref in a task form", () => {
  it("fills the form data, which the event merges into the variables", async () => {
    const started = await t.engine.instances.start(
      "bike-repair",
      { title: "chain", shopId: "s1" },
      { actor },
    );
    const [task] = (await t.engine.tasks.list({ instanceId: started.id, status: "open" })).items;
    const { instance } = await t.engine.tasks.complete(
      task!.id,
      { outcome: "MOVED", data: { shopId: "s2" } },
      actor,
    );
    expect(instance.vars).toMatchObject({ shopId: "s2", shopName: "South Spokes", city: "Harbin" });
    const [done] = (await t.engine.tasks.list({ instanceId: started.id, status: "completed" }))
      .items;
    expect(done!.data).toEqual({ shopId: "s2", shopName: "South Spokes" });
  });

  it("refuses an unknown id and leaves the task open", async () => {
    const started = await t.engine.instances.start(
      "bike-repair",
      { title: "bell", shopId: "s1" },
      { actor },
    );
    const [task] = (await t.engine.tasks.list({ instanceId: started.id, status: "open" })).items;
    await expect(
      t.engine.tasks.complete(task!.id, { outcome: "MOVED", data: { shopId: "s9" } }, actor),
    ).rejects.toBeInstanceOf(ValidationError);
    expect((await t.engine.tasks.get(task!.id)).status).toBe("open");
  });
});

it("reads nothing when the data carries no reference", async () => {
  await t.engine.definitions.publish({
    key: "no-refs",
    name: "No refs",
    initial: "a",
    states: { a: { type: "final" } },
  });
  lookups.length = 0;
  await t.engine.instances.start("no-refs", {}, { actor });
  expect(lookups).toEqual([]);
});

describe("x-ref beyond the top level", () => {
  const shopSchema = {
    type: "object",
    required: ["shopId"],
    properties: {
      shopId: { type: "string", title: "车行", "x-ref": "shop" },
      shopName: { type: "string" },
      role: { type: "string" },
    },
  };
  beforeAll(async () => {
    await t.engine.definitions.publish({
      key: "group-ride",
      name: "Group ride",
      variables: {
        type: "object",
        properties: {
          organiser: shopSchema,
          involved: { type: "array", title: "参与车行", items: shopSchema },
          backups: { type: "array", items: { type: "string", title: "备用车行", "x-ref": "shop" } },
        },
      },
      initial: "done",
      states: { done: { type: "final" } },
    });
  });

  it("fills each record's name beside its id, in nested objects and in list items", async () => {
    lookups.length = 0;
    const instance = await t.engine.instances.start(
      "group-ride",
      {
        organiser: { shopId: "s2" },
        involved: [
          { shopId: "s1", role: "lead", shopName: "typed" },
          { shopId: "s2", role: "rear" },
        ],
        backups: ["s1"],
      },
      { actor },
    );
    expect(instance.vars).toEqual({
      organiser: { shopId: "s2", shopName: "South Spokes" },
      involved: [
        { shopId: "s1", role: "lead", shopName: "North Wheels" },
        { shopId: "s2", role: "rear", shopName: "South Spokes" },
      ],
      backups: ["s1"],
    });
    // One lookup for the kind, however many places name its records.
    expect(lookups).toEqual([["s2", "s1"]]);
    const labels = (await t.engine.references.ofInstances([instance.id])).get(instance.id);
    expect(labels?.map((l) => [l.field, l.name])).toEqual([
      ["organiser.shopId", "South Spokes"],
      ["involved[0].shopId", "North Wheels"],
      ["involved[1].shopId", "South Spokes"],
      ["backups[0]", "North Wheels"],
    ]);
  });

  it("refuses an unknown id inside a list with the problem at its path", async () => {
    const error = await t.engine.instances
      .start(
        "group-ride",
        { involved: [{ shopId: "s1" }, { shopId: "s7" }], backups: ["s8"] },
        { actor },
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).problems).toEqual([
      { path: "involved[1].shopId", message: "车行：所选车行不存在" },
      { path: "backups[0]", message: "备用车行：所选车行不存在" },
    ]);
  });
});
