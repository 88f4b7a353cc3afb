import { describe, expect, it } from "vitest";
import { validateDefinition } from "./validate.js";

const withForm = (variables: Record<string, unknown>, form?: Record<string, unknown>) => ({
  key: "evidence",
  name: "附件",
  variables: { type: "object", properties: variables },
  initial: "a",
  states: {
    a: {
      task: {
        name: "t",
        form: { type: "object", properties: form ?? {} },
        outcomes: [{ event: "GO", label: "办结" }],
      },
      on: { GO: "b" },
    },
    b: { type: "final" },
  },
});

const photos = {
  type: "array",
  items: { type: "string", format: "x-file", "x-accept": ["image/*", "application/pdf"] },
  "x-maxItems": 9,
};

describe("attachment fields in a definition", () => {
  it("accepts single files and lists, x-accept, x-maxItems and x-compareWith", () => {
    const result = validateDefinition(
      withForm(
        {
          photos,
          plan: {
            type: "string",
            format: "x-file",
            "x-accept": ["application/pdf"],
            "x-maxItems": 1,
          },
        },
        { after: { ...photos, "x-compareWith": "photos" } },
      ),
    );
    expect(result.problems).toEqual([]);
  });

  it("reports each misuse at its path, in Chinese", () => {
    const result = validateDefinition(
      withForm(
        {
          n: { type: "number", format: "x-file" },
          p: {
            type: "array",
            items: { type: "string", format: "x-file", "x-accept": "image/*" },
            "x-maxItems": 0,
          },
          v: { type: "string", format: "x-file", "x-accept": ["video/*", "jpeg"] },
          t: { type: "string", "x-accept": ["image/*"] },
        },
        { c: { ...photos, "x-compareWith": "not a name" } },
      ),
    );
    expect(result.problems).toEqual([
      {
        path: "variables.properties.n.type",
        message: expect.stringContaining('附件字段的 type 须为 "string"'),
      },
      { path: "variables.properties.p.x-maxItems", message: "x-maxItems 须为不小于 1 的整数" },
      {
        path: "variables.properties.p.items.x-accept",
        message: expect.stringContaining("x-accept 须为文件类型列表"),
      },
      {
        path: "variables.properties.v.x-accept[0]",
        message: expect.stringContaining("系统不接收 video/* 类型的文件"),
      },
      {
        path: "variables.properties.v.x-accept[1]",
        message: expect.stringContaining("不是文件类型"),
      },
      {
        path: "variables.properties.t.x-accept",
        message: expect.stringContaining("只用于附件字段"),
      },
      {
        path: "states.a.task.form.properties.c.x-compareWith",
        message: expect.stringContaining("x-compareWith 须为一个变量名"),
      },
    ]);
  });
});
