/**
 * Passport with the local strategy (e-mail + password). The session stores only the user id; the user
 * is re-read on every request, so deactivation and role or company changes take effect at once.
 */
import passport, { type PassportStatic } from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Database } from '../db/database';
import type { FieldCipher } from '../crypto/fieldCipher';
import { findUserById, findUserForLogin } from '../repositories/users';
import { verifyAgainstDecoy, verifySecret } from './passwords';

/** A passport instance of our own (not the global one), so two apps in one process never share it. */
export function createPassport(db: Database, cipher: FieldCipher): PassportStatic {
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
  instance.deserializeUser((id: string, done) => {
    findUserById(db, cipher, id)
      .then((user) => done(null, user && user.active ? user : false))
      .catch((err: unknown) => done(err));
  });
  return instance;
}
