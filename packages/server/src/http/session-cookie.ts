/**
 * The dashboard session cookie (dashboard contract): `fallom_session`, HttpOnly, SameSite=Lax,
 * Path=/, Secure when the request came over https (directly or through a proxy that says so),
 * and a 30-day Max-Age sent again whenever the session's expiry slides.
 */
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { SESSION_TTL_MS } from "../auth/create-accounts.js";

export const SESSION_COOKIE = "fallom_session";

function isHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === "https:") return true;
  return c.req.header("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase() === "https";
}

export const readSessionCookie = (c: Context): string | undefined =>
  getCookie(c, SESSION_COOKIE) || undefined;

export function setSessionCookie(c: Context, token: string): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    path: "/",
    secure: isHttps(c),
    maxAge: Math.floor(SESSION_TTL_MS / 1000),
  });
}

export function clearSessionCookie(c: Context): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: "Lax", path: "/", secure: isHttps(c) });
}
