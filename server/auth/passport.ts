/**
 * Passport with the local strategy (e-mail + password). The session stores only the user id; the user
 * is re-read on every request (by the session's own read, PgSessionStore), so deactivation and role or
 * company changes take effect at once.
 */
import type { IncomingMessage } from 'node:http';
import type { Express, RequestHandler, Request, Response } from 'express';
import passport, { type PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../db/database';
import type { FieldCipher } from '../crypto/fieldCipher';
import { findUserById, findUserForLogin, openUserFields, type UserRecord } from '../repositories/users';
import type { PgSessionStore } from './sessionStore';
import { verifyAgainstDecoy, verifySecret } from './passwords';

/** A passport instance of our own (not the global one), so two apps in one process never share it. */
export function createPassport(db: Database, cipher: FieldCipher, sessions: PgSessionStore): PassportStatic {
  const instance = new passport.Passport() as PassportStatic;

  instance.use(
    new LocalStrategy({ usernameField: 'email', passwordField: 'password' }, (email, password, done) => {
      findUserForLogin(db, cipher, email)
        .then(async (found) => {
          // Same work and same answer whether the account is missing, inactive or the password wrong.
          const ok = found?.passwordHash ? await verifySecret(found.passwordHash, password) : await verifyAgainstDecoy(password);
          if (!found || !ok || !found.active) return done(null, false);
          const { passwordHash: _omit, ...user } = found;
          return done(null, user);
        })
        .catch((err: unknown) => done(err));
    }),
  );

  instance.serializeUser((user, done) => done(null, (user as Express.User).id));
  instance.deserializeUser((req: IncomingMessage, id: string, done: (err: unknown, user?: Express.User | false) => void) => {
    const read = sessions.userReadWith(req, id);
    const found = read === undefined ? findUserById(db, cipher, id) : Promise.resolve(read === null ? undefined : openUserFields(cipher, read));
    found.then((user) => done(null, user && sessionUser(user))).catch((err: unknown) => done(err));
  });
  return instance;
}

/** The user a session of `account` acts as: only an active account's (else false: nobody logged in). */
export function sessionUser(account: UserRecord): Express.User | false {
  return account.active ? account : false;
}

/** The error passport's session strategy gives when no session middleware ran before it (a store not ready). */
const NO_SESSION = 'Login sessions require session support. Did you forget to use `express-session` middleware?';

/**
 * What `passport.initialize()` and `passport.session()` do to each request of an Express app, for less per
 * request: the methods initialize() gives every request (`logIn`, `logOut`, `isAuthenticated`, … and the
 * session manager: the same values every time) are set once on the app's request prototype, and the session
 * strategy's step is one plain middleware: the user whose id the session holds (through the deserializer
 * above) in `req.user`, or the id dropped from the session when that user is gone or inactive. Passport's
 * own middleware made six closures and a strategy object a request, and the seven properties it added
 * turned every request object into a slow dictionary. The socket side keeps passport's own middleware (its
 * requests are not Express's).
 */
export function passportRequests(app: Express, instance: PassportStatic): RequestHandler {
  const shared = {} as Request;
  (instance.initialize() as RequestHandler)(shared, {} as Response, () => undefined);
  Object.assign(app.request, shared);
  return function passportSessionUser(req, _res, next) {
    if (!req.session) return next(new Error(NO_SESSION));
    const held = (req.session as { passport?: { user?: unknown } }).passport;
    const id = held?.user;
    if (!held || (!id && id !== 0)) return next();
    instance.deserializeUser(id, req, (err: unknown, user?: Express.User | false) => {
      if (err) return next(err);
      if (user) req.user = user;
      else delete held.user;
      next();
    });
  };
}
