/** Logging in and out, the current session, and the user's language. */
import { Router, type Request } from 'express';
import type { PassportStatic } from 'passport';
import type { SessionInfo } from '../../../shared/types/api';
import { languageSchema, loginSchema } from '../../../shared/validation/auth';
import type { AppContext } from '../../context';
import { AppError } from '../../errors';
import { csrfTokenFor } from '../../http/csrf';
import { LOGIN_GUESSES, throttledGuess } from '../../http/guessThrottle';
import { currentUser } from '../../http/requestContext';
import { parseInput } from '../../http/validate';
import { presentSessionUser } from '../../presenters/userPresenter';
import { recordLogin, setUserLanguage, type UserRecord } from '../../repositories/users';

/** What `GET /api/session` answers: the user (if any) and the CSRF token. */
export function sessionInfo(req: Request): SessionInfo {
  return { user: req.user ? presentSessionUser(req.user) : null, csrfToken: csrfTokenFor(req) };
}

function authenticate(passport: PassportStatic, req: Request): Promise<UserRecord | false> {
  return new Promise((resolve, reject) => {
    passport.authenticate('local', { session: false }, (err: unknown, user: UserRecord | false) => (err ? reject(err) : resolve(user)))(
      req,
      undefined as never,
      reject,
    );
  });
}

/** Logs `user` in on this request's session (sign-up uses it too). */
export function logIn(req: Request, user: UserRecord): Promise<void> {
  // passport regenerates the session id here, so a session fixed before login is worthless after it.
  return new Promise((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
}

/** Routes under /api for the session. */
export function sessionRoutes(ctx: AppContext, passport: PassportStatic): Router {
  const router = Router();

  router.get('/session', (req, res) => {
    res.json(sessionInfo(req));
  });

  router.post('/session', async (req, res) => {
    const credentials = parseInput(loginSchema, req.body);
    const now = ctx.clock.now();
    req.body = credentials;
    // Wrong passwords slow down whoever guesses, never the account's owner (guessThrottle.ts).
    const attempt: { user: UserRecord | false } = { user: false };
    await throttledGuess(ctx.db, LOGIN_GUESSES, { address: req.ip ?? '', target: credentials.email }, now, async () => {
      attempt.user = await authenticate(passport, req);
      return attempt.user !== false;
    });
    const user = attempt.user;
    if (!user) throw new AppError(401, 'invalid_credentials');
    await logIn(req, user);
    await recordLogin(ctx.db, user.id, now);
    req.language = user.language;
    res.json(sessionInfo(req));
  });

  router.delete('/session', async (req, res) => {
    const endedSid = req.sessionID;
    const hadUser = Boolean(req.user);
    await new Promise<void>((resolve, reject) => req.logout((err) => (err ? reject(err) : resolve())));
    await new Promise<void>((resolve, reject) => req.session.destroy((err) => (err ? reject(err) : resolve())));
    res.clearCookie('puente.sid');
    if (hadUser) ctx.realtime.endSessions([endedSid], 'logout');
    res.status(204).end();
  });

  router.put('/me/language', async (req, res) => {
    const user = currentUser(req);
    const { language } = parseInput(languageSchema, req.body);
    await setUserLanguage(ctx.db, user.id, language, ctx.clock.now());
    res.json(presentSessionUser({ ...user, language }));
  });

  return router;
}
