/**
 * Zod schemas of users, login and the current user.
 */
import { z } from "@hono/zod-openapi";

export const UsernameSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/,
    "1–64 characters: letters, digits, . _ @ -, starting with a letter or digit",
  )
  .openapi({ example: "admin" });

export const GroupNameSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, "1–100 characters: letters, digits, _ . : -")
  .openapi({ example: "safety-office" });

export const PasswordSchema = z.string().min(8, "at least 8 characters").max(200);

export const LoginBodySchema = z
  .object({ username: z.string().min(1).max(200), password: z.string().min(1).max(1000) })
  .openapi("LoginRequest");

export const MeSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    name: z.string(),
    groups: z.array(z.string()),
    orgUnit: z.string().nullable(),
  })
  .openapi("Me");

export const LoginResponseSchema = z
  .object({ token: z.string(), expiresAt: z.string(), user: MeSchema })
  .openapi("LoginResponse");

export const UserSchema = MeSchema.extend({
  disabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
}).openapi("User");

export const CreateUserBodySchema = z
  .object({
    username: UsernameSchema,
    name: z.string().min(1).max(200),
    password: PasswordSchema,
    groups: z.array(GroupNameSchema).max(100).default([]),
    orgUnit: z.string().min(1).max(200).nullable().optional(),
  })
  .openapi("CreateUser");

export const UpdateUserBodySchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    groups: z.array(GroupNameSchema).max(100).optional(),
    orgUnit: z.string().min(1).max(200).nullable().optional(),
    password: PasswordSchema.optional().openapi({
      description: "A new password; the user's tokens stop working",
    }),
    disabled: z
      .boolean()
      .optional()
      .openapi({ description: "true: the user's tokens stop working at once" }),
  })
  .openapi("UpdateUser");

export const UserIdParamSchema = z.object({
  id: UsernameSchema.openapi({ param: { name: "id", in: "path" } }),
});
