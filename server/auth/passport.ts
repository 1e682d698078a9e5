/**
 * Passport with the local strategy (e-mail + password). The session stores only the user id; the user
 * is re-read on every request (by the session's own read, PgSessionStore), so deactivation and role or
 * company changes take effect at once.
 */
import type { IncomingMessage } from 'node:http';
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
