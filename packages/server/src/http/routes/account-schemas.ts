/**
 * Request-body fields shared by the auth and users routes, each with a message that says what is
 * accepted.
 */
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../../auth/password-hash.js";

export const ROLES = ["admin", "member", "viewer"] as const;

export const emailSchema = z
  .string({ error: "is required: an email address such as you@example.com" })
  .trim()
  .max(320, { error: "must be at most 320 characters" })
  .regex(/^[^\s@]+@[^\s@]+$/, { error: "must be an email address such as you@example.com" });

export const passwordSchema = z
  .string({ error: `is required: at least ${PASSWORD_MIN_LENGTH} characters` })
  .min(PASSWORD_MIN_LENGTH, { error: `must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  .max(PASSWORD_MAX_LENGTH, { error: `must be at most ${PASSWORD_MAX_LENGTH} characters long` });

export const nameSchema = z
  .string({ error: "must be a string" })
  .trim()
  .max(200, { error: "must be at most 200 characters" });

export const roleSchema = z.enum(ROLES, { error: 'must be "admin", "member" or "viewer"' });
