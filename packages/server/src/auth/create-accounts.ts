/**
 * Dashboard accounts bound to the store: the first-admin setup (link or environment), login with
 * its rate limit, cookie sessions with sliding expiry, and user management with the roles of the
 * dashboard contract (admin / member / viewer; there is always at least one admin).
 */
import type { UserRole } from "../store/accounts-schema.js";
import {
  type DashboardSession,
  deleteDashboardSession,
  deleteExpiredDashboardSessions,
  deleteUserSessions,
  findDashboardSession,
  insertDashboardSession,
  touchDashboardSession,
} from "../store/dashboard-sessions-repository.js";
import type { Database } from "../store/open-database.js";
import { claimSetupToken, deleteSetupToken, replaceSetupToken } from "../store/setup-token-repository.js";
import {
  countAdmins,
  countUsers,
  createUser,
  deleteUser,
  EmailTakenError,
  findUserByEmail,
  getPasswordHash,
  getUser,
  listUsers,
  type User,
  updateUser,
} from "../store/users-repository.js";
import { AccountError } from "./account-error.js";
import { loginThrottle } from "./login-throttle.js";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "./password-hash.js";
import { hashToken, newSecretToken } from "./session-token.js";

export type { User, UserRole };

/** A session lasts this long after its last use (sliding). */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** Sliding writes at most this often per session, not on every request. */
const SESSION_TOUCH_AFTER_MS = 60 * 60 * 1000;

export type SessionUser = Pick<User, "id" | "email" | "name" | "role">;

export interface StartedSession {
  /** The cookie value (never stored; the database keeps its SHA-256). */
  token: string;
  csrfToken: string;
  user: SessionUser;
}

export interface ActiveSession {
  user: SessionUser;
  csrfToken: string;
  tokenHash: string;
  /** True when the expiry just slid forward: the cookie should be sent again with a new Max-Age. */
  renewed: boolean;
}

export interface NewUserInput {
  email: string;
  name: string;
  password: string;
  role: UserRole;
}

export interface UserPatch {
  name?: string;
  role?: UserRole;
  password?: string;
  /** Required when a user changes their own password. */
  current_password?: string;
}

/** Who asks for a user change: their id, role and current session. */
export interface Actor {
  user: SessionUser;
  tokenHash: string;
}

const weakPassword = (problem: string) => new AccountError(400, "weak_password", problem);
const emailTaken = (email: string) =>
  new AccountError(409, "email_taken", `A user with email ${email} already exists. Choose another email.`);
const userNotFound = (id: string) =>
  new AccountError(404, "user_not_found", `No user ${id}. GET /api/v1/users lists them.`);
const lastAdmin = () =>
  new AccountError(
    409,
    "last_admin",
    "This is the last admin: make another user an admin first, so someone can still manage the install.",
  );

const toSessionUser = ({ id, email, name, role }: SessionUser): SessionUser => ({ id, email, name, role });

/**
 * @example
 * const accounts = createAccounts(database);
 * const { token, csrfToken } = await accounts.login("ada@example.com", "correct horse", "203.0.113.9");
 */
export function createAccounts(database: Database, now: () => number = Date.now) {
  async function startSession(user: SessionUser): Promise<StartedSession> {
    const token = newSecretToken();
    const at = new Date(now());
    const session: DashboardSession = {
      token_hash: hashToken(token),
      user_id: user.id,
      csrf_token: newSecretToken(),
      created_at: at.toISOString(),
      last_seen_at: at.toISOString(),
      expires_at: new Date(at.getTime() + SESSION_TTL_MS).toISOString(),
    };
    await insertDashboardSession(database, session);
    return { token, csrfToken: session.csrf_token, user: toSessionUser(user) };
  }

  async function hashNewPassword(password: string): Promise<string> {
    const problem = passwordProblem(password);
    if (problem) throw weakPassword(problem);
    return hashPassword(password);
  }

  async function addUser(input: NewUserInput): Promise<User> {
    const password_hash = await hashNewPassword(input.password);
    try {
      return await createUser(database, { ...input, password_hash });
    } catch (error) {
      if (error instanceof EmailTakenError) throw emailTaken(input.email.trim());
      throw error;
    }
  }

  return {
    /** True while no user exists: the dashboard shows the setup page. */
    async needsSetup(): Promise<boolean> {
      return (await countUsers(database)) === 0;
    },

    /** A fresh setup token (the previous one stops working); only its hash is stored. */
    async issueSetupToken(): Promise<string> {
      const token = newSecretToken();
      await replaceSetupToken(database, hashToken(token));
      return token;
    },

    /** Creates the first admin with the setup token and logs them in; the token works once. */
    async claimSetup(token: string, input: Omit<NewUserInput, "role">): Promise<StartedSession> {
      // Checked before the token is consumed, so a too-short password does not burn it.
      const password_hash = await hashNewPassword(input.password);
      const user = await claimSetupToken(database, hashToken(token), (trx) =>
        createUser(trx, { ...input, role: "admin", password_hash }),
      );
      if (!user) {
        throw new AccountError(
          403,
          "invalid_setup_token",
          "This setup link is not valid: it was already used, or the server restarted and printed a new one. Use the newest link from the server log, or log in.",
        );
      }
      return startSession(user);
    },

    /**
     * `FALLOM_ADMIN_EMAIL` + `FALLOM_ADMIN_PASSWORD`: creates that admin when no user exists yet
     * (and retires any setup token). True when it created the user.
     */
    async bootstrapAdmin(email: string, password: string): Promise<boolean> {
      if ((await countUsers(database)) > 0) return false;
      try {
        await addUser({ email, name: "", password, role: "admin" });
      } catch (error) {
        // Another process sharing the database created the same admin at the same moment.
        if (error instanceof AccountError && error.code === "email_taken") return false;
        throw error;
      }
      await deleteSetupToken(database);
      return true;
    },

    /** Checks the password under the login rate limit and starts a session. */
    async login(email: string, password: string, clientAddress: string): Promise<StartedSession> {
      const throttle = loginThrottle(database, email, clientAddress, now);
      const wait = await throttle.retryAfterSeconds();
      if (wait > 0) {
        throw new AccountError(
          429,
          "too_many_attempts",
          `Too many failed logins for this email. Try again in ${Math.ceil(wait / 60)} minute(s).`,
          { "retry-after": String(wait) },
        );
      }
      const user = await findUserByEmail(database, email);
      const ok = user
        ? await verifyPassword(password, user.password_hash)
        : await verifyAgainstDummy(password);
      if (!user || !ok) {
        await throttle.recordFailure();
        throw new AccountError(401, "invalid_credentials", "Wrong email or password.");
      }
      await throttle.reset();
      await deleteExpiredDashboardSessions(database, new Date(now()));
      return startSession(user);
    },

    /** The live session of a cookie token (its expiry slid forward when due), else null. */
    async resolveSession(token: string): Promise<ActiveSession | null> {
      const tokenHash = hashToken(token);
      const at = now();
      const found = await findDashboardSession(database, tokenHash, new Date(at));
      if (!found) return null;
      const touchBefore = new Date(at - SESSION_TOUCH_AFTER_MS).toISOString();
      const renewed = found.session.last_seen_at < touchBefore;
      if (renewed) {
        await touchDashboardSession(
          database,
          tokenHash,
          {
            last_seen_at: new Date(at).toISOString(),
            expires_at: new Date(at + SESSION_TTL_MS).toISOString(),
          },
          touchBefore,
        );
      }
      return { user: found.user, csrfToken: found.session.csrf_token, tokenHash, renewed };
    },

    async endSession(token: string): Promise<void> {
      await deleteDashboardSession(database, hashToken(token));
    },

    listUsers: () => listUsers(database),

    /** Admins create accounts with an initial password (no email delivery on a self-hosted box). */
    createUser: addUser,

    /**
     * Admins change anyone's name, role or password; other users only their own name and
     * password. A new password signs the user out of their other sessions.
     */
    async updateUser(actor: Actor, id: string, patch: UserPatch): Promise<User> {
      const self = actor.user.id === id;
      if (actor.user.role !== "admin" && (!self || patch.role !== undefined)) {
        throw new AccountError(
          403,
          "forbidden",
          "Only an admin can change other users or roles. You can change your own name and password.",
        );
      }
      const target = await getUser(database, id);
      if (!target) throw userNotFound(id);
      if (patch.role !== undefined && target.role === "admin" && patch.role !== "admin") {
        if ((await countAdmins(database)) <= 1) throw lastAdmin();
      }
      let password_hash: string | undefined;
      if (patch.password !== undefined) {
        if (self) {
          if (patch.current_password === undefined) {
            throw new AccountError(
              400,
              "current_password_required",
              'Send "current_password" (your password now) to change your own password.',
            );
          }
          const stored = await getPasswordHash(database, id);
          if (!stored || !(await verifyPassword(patch.current_password, stored))) {
            throw new AccountError(403, "invalid_current_password", "The current password is wrong.");
          }
        }
        password_hash = await hashNewPassword(patch.password);
      }
      const updated = await updateUser(database, id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(password_hash !== undefined ? { password_hash } : {}),
      });
      if (!updated) throw userNotFound(id);
      if (password_hash !== undefined) {
        await deleteUserSessions(database, id, self ? actor.tokenHash : undefined);
      }
      return updated;
    },

    /** Deletes the user and signs them out; the last admin cannot be deleted. */
    async deleteUser(id: string): Promise<void> {
      const target = await getUser(database, id);
      if (!target) throw userNotFound(id);
      if (target.role === "admin" && (await countAdmins(database)) <= 1) throw lastAdmin();
      await deleteUser(database, id);
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
