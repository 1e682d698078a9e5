/**
 * People's own accounts: accepting an invitation, password reset, complainant sign-up, the profile,
 * changing the password and claiming an anonymous case. Thin: validate → command → present.
 */
import { performance } from 'node:perf_hooks';
import { Router, type Request } from 'express';
import type { ClaimResult, InvitationDto, PasswordResetRequested, ProfileDto } from '../../../shared/types/accounts';
import {
  acceptInvitationSchema,
  claimSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  profileUpdateSchema,
  signUpSchema,
} from '../../../shared/validation/accounts';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { authorize, NO_RECORD } from '../../policies/authorize';
import { hashSecret, verifySecret } from '../../auth/passwords';
import { assertAcceptablePassword } from '../../commands/accountDeps';
import { acceptInvitation, openInvitation } from '../../commands/invitationAccepter';
import { requestPasswordReset, resetPassword } from '../../commands/passwordResetter';
import { claimCase } from '../../commands/caseClaimer';
import { checkReceiptKey } from '../../commands/receiptKeyChecker';
import { consumeRateLimit } from '../../http/rateLimit';
import { currentUser } from '../../http/requestContext';
import { withUniqueFields } from '../../http/uniqueConflict';
import { parseInput } from '../../http/validate';
import { requestedSlug, resolveMechanism } from '../../http/mechanismResolver';
import { findUserById, insertUser, passwordHashOf, setPassword, updateProfile, type UserRecord } from '../../repositories/users';
import { logIn, sessionInfo } from '../session/sessionRoutes';
import { logger } from '../../logger';

const HOUR = 60 * 60 * 1000;
// Tight per address, loose per network (a community centre shares one IP).
const RESET_PER_EMAIL = { max: 5, windowMs: HOUR };
const RESET_PER_ADDRESS = { max: 30, windowMs: HOUR };
const TOKEN_PER_ADDRESS = { max: 30, windowMs: 15 * 60 * 1000 };
const SIGNUP_PER_ADDRESS = { max: 20, windowMs: HOUR };
const PASSWORD_CHANGE_PER_ACCOUNT = { max: 10, windowMs: 15 * 60 * 1000 };
// Every reset request takes at least this long, known address or not; argon2 alone is ~50 ms, more
// on a loaded machine, and the floor must stay above both paths' own time to hide the difference.
export const RESET_ANSWER_FLOOR_MS = 400;

function presentProfile(user: UserRecord): ProfileDto {
  return {
    id: user.id,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
    phone: user.phone,
    language: user.language,
    emailPreferences: user.emailPreferences,
  };
}

function tokenParam(req: Request): string {
  return String(req.params.token ?? '');
}

/** Ends every session of a person except (optionally) the current one, and their sockets. */
async function endOtherSessions(ctx: AppContext, userId: string, keepSid?: string): Promise<void> {
  const sids = await ctx.sessions.destroyForUser(userId, keepSid);
  ctx.realtime.endSessions(sids, 'expired');
}

/** Routes under /api for accounts. */
export function accountRoutes(ctx: AppContext): Router {
  const router = Router();

  router.get('/invitations/:token', async (req, res) => {
    await consumeRateLimit(ctx.db, `token:address:${req.ip}`, TOKEN_PER_ADDRESS, ctx.clock.now());
    const invitation = await openInvitation(ctx, tokenParam(req));
    const body: InvitationDto = {
      email: invitation.email,
      displayName: invitation.displayName,
      role: invitation.role,
      mechanismName: invitation.mechanismName,
      companyName: invitation.companyName,
      language: invitation.language,
    };
    res.json(body);
  });

  router.post('/invitations/:token/accept', async (req, res) => {
    await consumeRateLimit(ctx.db, `token:address:${req.ip}`, TOKEN_PER_ADDRESS, ctx.clock.now());
    const input = parseInput(acceptInvitationSchema, req.body);
    await acceptInvitation(ctx, tokenParam(req), input);
    res.status(204).end();
  });

  router.post('/password-reset', async (req, res) => {
    const started = performance.now();
    const { email } = parseInput(passwordResetRequestSchema, req.body);
    const now = ctx.clock.now();
    await consumeRateLimit(ctx.db, `reset:address:${req.ip}`, RESET_PER_ADDRESS, now);
    await consumeRateLimit(ctx.db, `reset:email:${email}`, RESET_PER_EMAIL, now);
    await requestPasswordReset(ctx, email);
    const wait = RESET_ANSWER_FLOOR_MS - (performance.now() - started);
    // Response padding only (no business timer): known and unknown addresses answer alike.
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const body: PasswordResetRequested = { accepted: true };
    res.status(202).json(body);
  });

  router.post('/password-reset/:token', async (req, res) => {
    await consumeRateLimit(ctx.db, `token:address:${req.ip}`, TOKEN_PER_ADDRESS, ctx.clock.now());
    const { password } = parseInput(passwordResetSchema, req.body);
    const userId = await resetPassword(ctx, tokenParam(req), password);
    await endOtherSessions(ctx, userId);
    res.status(204).end();
  });

  router.post('/accounts', async (req, res) => {
    await consumeRateLimit(ctx.db, `signup:address:${req.ip}`, SIGNUP_PER_ADDRESS, ctx.clock.now());
    const named = requestedSlug(req);
    const input = parseInput(signUpSchema, req.body);
    // A new account belongs to the mechanism of the page it was made on (none named: the oldest).
    const mechanism = await resolveMechanism(ctx.db, { named });
    assertAcceptablePassword(input.password, input.email ?? null);
    const passwordHash = await hashSecret(input.password);
    const id = await withUniqueFields({ users_email_key: ['email', 'validation.email_taken'], users_phone_key: ['phone', 'validation.phone_taken'] }, () =>
      insertUser(ctx.db, ctx.cipher, {
        mechanismId: mechanism.id,
        role: 'complainant',
        email: input.email ?? null,
        phone: input.phone ?? null,
        displayName: input.displayName,
        passwordHash,
        language: input.language ?? req.language,
      }),
    );
    const user = (await findUserById(ctx.db, ctx.cipher, id))!;
    await logIn(req, user);
    req.language = user.language;
    logger.info('complainant account created', { userId: id, mechanismId: mechanism.id });
    res.status(201).json(sessionInfo(req));
  });

  router.get('/me', (req, res) => {
    res.json(presentProfile(currentUser(req)));
  });

  router.put('/me', async (req, res) => {
    const user = currentUser(req);
    const change = parseInput(profileUpdateSchema, req.body);
    const emailPreferences = change.emailPreferences ? { ...user.emailPreferences, ...change.emailPreferences } : undefined;
    await updateProfile(ctx.db, ctx.cipher, user.id, { displayName: change.displayName, language: change.language, emailPreferences }, ctx.clock.now());
    res.json(presentProfile((await findUserById(ctx.db, ctx.cipher, user.id))!));
  });

  router.post('/me/password', async (req, res) => {
    const user = currentUser(req);
    const input = parseInput(passwordChangeSchema, req.body);
    await consumeRateLimit(ctx.db, `password:account:${user.id}`, PASSWORD_CHANGE_PER_ACCOUNT, ctx.clock.now());
    const stored = await passwordHashOf(ctx.db, user.id);
    if (!stored || !(await verifySecret(stored, input.current)))
      throw new AppError(400, 'wrong_password', {}, [{ field: 'current', messageKey: 'validation.wrong_password' }]);
    assertAcceptablePassword(input.next, user.email, 'next');
    await setPassword(ctx.db, user.id, await hashSecret(input.next), ctx.clock.now());
    await endOtherSessions(ctx, user.id, req.sessionID);
    logger.info('password changed', { userId: user.id });
    res.status(204).end();
  });

  router.post('/me/claims', async (req, res) => {
    const user = currentUser(req);
    authorize(user, 'case.claim', NO_RECORD);
    const input = parseInput(claimSchema, req.body);
    // The same key check (and the same slowing of guessers) as tracking.
    const found = await checkReceiptKey(ctx, req.ip ?? '', input);
    if (!found) throw new AppError(404, 'claim_failed');
    const caseId = await claimCase(ctx, user, found);
    const body: ClaimResult = { caseId, reference: input.reference };
    res.status(201).json(body);
  });

  return router;
}
