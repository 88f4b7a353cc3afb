/**
 * Slows down guessing one user's password: after a few failures in a row, each
 * further attempt must wait twice as long as the one before (up to 15 minutes).
 *
 * @example
 * ```ts
 * const wait = loginWaitSeconds(user, clock.now()); // 0: may try now
 * ```
 */

/** Failures in a row that cost nothing. */
export const FREE_LOGIN_FAILURES = 3;
const MAX_WAIT_SECONDS = 15 * 60;

/** Seconds the user must still wait before the next attempt is checked. */
export function loginWaitSeconds(
  user: { failedLogins: number; lastFailedLoginAt: Date | null },
  now: Date,
): number {
  if (user.failedLogins < FREE_LOGIN_FAILURES || !user.lastFailedLoginAt) return 0;
  const penalty = Math.min(MAX_WAIT_SECONDS, 2 ** (user.failedLogins - FREE_LOGIN_FAILURES));
  const elapsed = (now.getTime() - user.lastFailedLoginAt.getTime()) / 1000;
  return Math.max(0, Math.ceil(penalty - elapsed));
}
