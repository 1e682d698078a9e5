/** Per-request facts every handler needs: the caller's language and the authenticated user. */
import type { NextFunction, Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { languageFromHeader, translatorFor } from '../i18n';
import type { Language } from '../../shared/roles';
import type { UserRecord } from '../repositories/users';
import { Unauthenticated } from '../errors';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express declares its request types in this global namespace; augmenting it is the only way
  namespace Express {
    // passport's req.user is our UserRecord
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- only an interface merges into passport's Express.User
    interface User extends UserRecord {}
    interface Request {
      /** The language answers are written in: the user's choice, else Accept-Language, else Spanish. */
      language: Language;
      t: TFunction;
    }
  }
}

/** Sets `req.language` and `req.t`; must run after passport so a logged-in user's choice wins. */
export function resolveLanguage(req: Request, _res: Response, next: NextFunction): void {
  req.language = req.user?.language ?? languageFromHeader(req.get('accept-language'));
  req.t = translatorFor(req.language);
  next();
}

/** The logged-in user, or a 401. */
export function currentUser(req: Request): UserRecord {
  if (!req.user) throw new Unauthenticated();
  return req.user;
}
