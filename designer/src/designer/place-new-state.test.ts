import { describe, expect, it } from "vitest";
import type { Definition } from "../../../engine/definition/schema.js";
import { placeNewState } from "./place-new-state.js";

const definition: Definition = {
  key: "two",
  name: "两步",
  initial: "a",
  states: {
    a: { on: { GO: "b" } },
    b: { type: "final" },
    group: { initial: "inner", states: { inner: { type: "final" } } },
    fresh: {},
    nested: {},
  },
};
const layout = {
  positions: {
    a: { x: 0, y: 0 },
    b: { x: 400, y: 0 },
    group: { x: 0, y: 300 },
    inner: { x: 24, y: 52 },
  },
};

describe("placeNewState", () => {
  it("centres the new state on the spot asked for when it is free", () => {
    const placed = placeNewState({ definition, layout }, "fresh", null, { x: 300, y: 150 });
    expect(placed.positions.fresh).toEqual({ x: 205, y: 120 });
    expect(placed.positions.a).toEqual({ x: 0, y: 0 });
  });

  it("moves it down until it covers no other state", () => {
    const placed = placeNewState({ definition, layout }, "fresh", null, { x: 100, y: 30 });
    const spot = placed.positions.fresh;
    expect(spot?.x).toBe(5);
    expect(spot?.y).toBeGreaterThanOrEqual(80);
    expect(spot?.y).not.toBe(300); // not on the group either
  });

  it("places a state inside a group relative to the group", () => {
    const inGroup: Definition = {
      ...definition,
      states: {
        ...definition.states,
        group: { initial: "inner", states: { inner: { type: "final" }, nested: {} } },
      },
    };
    const placed = placeNewState({ definition: inGroup, layout }, "nested", "group", {
      x: 400,
      y: 400,
    });
    expect(placed.positions.nested).toEqual({ x: 305, y: 70 });
  });
});
